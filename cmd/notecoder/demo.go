package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"golang.org/x/text/encoding/charmap"

	"github.com/notecoder/notecoder/fhir"
)

func init() {
	register(command{name: "demo", summary: "try notecoder end to end on its embedded broker with sample notes, and print the results", run: runDemo})
}

// demoNote is one sample document the demo publishes.
type demoNote struct {
	id, version, status, title, contentType, text string
	latin1                                        bool
}

var demoNotes = []demoNote{
	{id: "demo-discharge-1", version: "1", status: "current", title: "Discharge summary (English)", contentType: "text/plain; charset=utf-8", text: "DISCHARGE SUMMARY\n" +
		"Reason for admission: new atrial fibrillation with rapid ventricular response.\n" +
		"Past history: hypertension; type 2 diabetes mellitus. No prior myocardial infarction.\n" +
		"Social history: current smoker, 1 ppd for 30 years.\n" +
		"Echo: LVEF 35%, moderate mitral regurgitation.\n" +
		"Family history: mother had a stroke.\n"},
	{id: "demo-echo-2", version: "1", status: "current", title: "Echo report (German, ISO-8859-1)", contentType: "text/plain; charset=ISO-8859-1", latin1: true, text: "Echokardiographie-Befund\n" +
		"Anamnese: Ex-Raucher seit 2010. Bekannte KHK, Z.n. Hinterwandinfarkt.\n" +
		"Befund: LV-EF 40 %, Mitralinsuffizienz Grad II, keine Aortenklappenstenose.\n" +
		"Beurteilung: ischämische Kardiomyopathie.\n"},
	{id: "demo-clinic-3", version: "1", status: "current", title: "Clinic note (HTML)", contentType: "text/html; charset=utf-8", text: "<html><body><h2>Cardiology clinic</h2>" +
		"<p>Chronic kidney disease stage 3. Atrial flutter, status post ablation.</p>" +
		"<p>Echo: EF 25&ndash;30%, severe aortic stenosis.</p><p>Never smoker.</p></body></html>"},
	{id: "demo-discharge-1", version: "2", status: "current", title: "Discharge summary, amended: atrial fibrillation was an error", contentType: "text/plain; charset=utf-8", text: "DISCHARGE SUMMARY (amended)\n" +
		"Reason for admission: palpitations; ECG showed sinus tachycardia.\n" +
		"Past history: hypertension; type 2 diabetes mellitus. No prior myocardial infarction.\n" +
		"Social history: current smoker, 1 ppd for 30 years.\n" +
		"Echo: LVEF 35%, moderate mitral regurgitation.\n"},
	{id: "demo-scan-4", version: "1", status: "current", title: "Scanned letter (PDF only)", contentType: "application/pdf", text: "%PDF-1.4 scanned image"},
}

func (n demoNote) document() []byte {
	data := []byte(n.text)
	if n.latin1 {
		data, _ = charmap.ISO8859_1.NewEncoder().Bytes(data)
	}
	d := map[string]any{
		"resourceType": "DocumentReference", "id": n.id,
		"meta":    map[string]any{"versionId": n.version},
		"status":  n.status,
		"subject": map[string]any{"reference": "Patient/demo-" + strings.Split(n.id, "-")[2]},
		"date":    "2024-03-05T10:00:00Z",
		"content": []any{map[string]any{"attachment": map[string]any{"contentType": n.contentType, "data": base64.StdEncoding.EncodeToString(data)}}},
	}
	b, _ := json.Marshal(d)
	return b
}

func runDemo(args []string, stdout, stderr io.Writer) error {
	s := newServeSettings("demo", "demo [serve flags]\n\nStarts the embedded Kafka broker and the pipeline, publishes a handful of sample notes\n"+
		"(one amended, one unreadable), prints each note's results, and exits.", stdout)
	if err := s.parse(args); err != nil {
		return err
	}
	if s.Brokers != "" {
		return usageErrorf("demo always uses its embedded broker; use serve for --brokers")
	}
	dir, err := os.MkdirTemp("", "notecoder-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s.DataDir = dir
	s.Partitions = 2
	logger, err := newLogger(io.Discard, "error")
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Starting the embedded Kafka broker (for trying notecoder, not for production) and the pipeline...")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc, stop, err := startInBackground(ctx, s, logger)
	if err != nil {
		return err
	}
	defer stop()

	w := &kafka.Writer{Addr: kafka.TCP(svc.Brokers()...), Topic: s.InputTopic, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	for _, n := range demoNotes {
		// One at a time, in order: the amendment must follow its original.
		if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(n.id), Value: n.document()}); err != nil {
			return fmt.Errorf("publishing the sample notes: %w", err)
		}
	}
	fmt.Fprintf(stdout, "Published %d DocumentReferences to %s; waiting for results...\n\n", len(demoNotes), s.InputTopic)

	results, dead, err := collectDemo(ctx, svc.Brokers(), s)
	if err != nil {
		return err
	}
	for i, n := range demoNotes {
		fmt.Fprintf(stdout, "%d. %s — DocumentReference/%s/_history/%s\n", i+1, n.title, n.id, n.version)
		key := n.id + "/" + n.version
		if reason, ok := dead[n.id]; ok && n.contentType == "application/pdf" {
			fmt.Fprintf(stdout, "   dead-lettered to %s: %s\n\n", s.DLQTopic, reason)
			continue
		}
		printDemoResult(stdout, n, results[key])
		fmt.Fprintln(stdout)
	}
	fmt.Fprintln(stdout, "Same run with your own files: notecoder classify FILE...; against your Kafka: notecoder serve --brokers HOST:PORT")
	return nil
}

// collectDemo reads the output topics until every sample has its result set or dead
// letter; it groups resources by the document version their Provenance cites.
func collectDemo(ctx context.Context, brokers []string, s *serveSettings) (map[string][]map[string]any, map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	byID := map[string][]map[string]any{} // every variant seen of a resource, in arrival order
	provs := map[string]map[string]any{}
	dead := map[string]string{}
	want := len(demoNotes) - 1 // result sets: every sample but the PDF
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupTopics: []string{s.ObservationTopic, s.ConditionTopic, s.ProvenanceTopic, s.DLQTopic},
		GroupID: "notecoder-demo-reader", StartOffset: kafka.FirstOffset, MaxWait: 100 * time.Millisecond})
	defer r.Close()
	for len(provs) < want || len(dead) < 1 {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("waiting for results: %w (got %d of %d result sets)", err, len(provs), want)
		}
		if m.Topic == s.DLQTopic {
			h := map[string]string{}
			for _, x := range m.Headers {
				h[x.Key] = string(x.Value)
			}
			var d struct{ ID string }
			json.Unmarshal(m.Value, &d)
			dead[d.ID] = h["notecoder.errors.class"] + ": " + h["notecoder.errors.message"]
			continue
		}
		var res map[string]any
		if json.Unmarshal(m.Value, &res) != nil {
			continue
		}
		id, _ := res["id"].(string)
		ref := res["resourceType"].(string) + "/" + id
		byID[ref] = append(byID[ref], res)
		if res["resourceType"] == "Provenance" {
			ent := res["entity"].([]any)[0].(map[string]any)["what"].(map[string]any)["reference"].(string)
			provs[strings.TrimPrefix(strings.Replace(ent, "/_history/", "/", 1), "DocumentReference/")] = res
		}
	}
	// A version's result set: each target as that version published it, i.e. the variant
	// citing this version, or (for what it withdrew) the entered-in-error variant.
	out := map[string][]map[string]any{}
	for key, p := range provs {
		cite := "DocumentReference/" + strings.Replace(key, "/", "/_history/", 1) + `"`
		for _, t := range p["target"].([]any) {
			var pick map[string]any
			for _, v := range byID[t.(map[string]any)["reference"].(string)] {
				b, _ := json.Marshal(v)
				if strings.Contains(string(b), cite) && !strings.Contains(string(b), "entered-in-error") {
					pick = v
				} else if pick == nil && strings.Contains(string(b), "entered-in-error") {
					pick = v
				}
			}
			if pick != nil {
				out[key] = append(out[key], pick)
			}
		}
	}
	return out, dead, nil
}

func printDemoResult(w io.Writer, n demoNote, rs []map[string]any) {
	if len(rs) == 0 {
		fmt.Fprintln(w, "   no findings")
		return
	}
	evidence := func(r map[string]any) string {
		var parts []string
		exts, _ := r["extension"].([]any)
		for _, e := range exts {
			var off, length int
			src := []rune(n.text)
			for _, sub := range e.(map[string]any)["extension"].([]any) {
				s := sub.(map[string]any)
				switch s["url"] {
				case "offset":
					off = int(s["valueInteger"].(float64))
				case "length":
					length = int(s["valueInteger"].(float64))
				case "reference": // a withdrawn finding cites the version it came from
					ref, _ := s["valueReference"].(map[string]any)["reference"].(string)
					for _, other := range demoNotes {
						if ref == "DocumentReference/"+other.id+"/_history/"+other.version {
							src = []rune(other.text)
						}
					}
				}
			}
			if off >= 0 && off+length <= len(src) {
				parts = append(parts, fmt.Sprintf("%q", strings.TrimSpace(string(src[off:off+length]))))
			}
		}
		return strings.Join(parts, ", ")
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i]["resourceType"].(string) > rs[j]["resourceType"].(string) })
	for _, r := range rs {
		code := r["code"].(map[string]any)["coding"].([]any)
		first := code[0].(map[string]any)
		switch r["resourceType"] {
		case "Observation":
			status := r["status"].(string)
			switch first["code"] {
			case fhir.LOINCSmokingStatus:
				v := r["valueCodeableConcept"].(map[string]any)["coding"].([]any)[0].(map[string]any)
				fmt.Fprintf(w, "   smoking status: %s (SNOMED CT %s) [%s]\n      evidence: %s\n", v["display"], v["code"], status, evidence(r))
			case fhir.LOINCLVEF:
				val := ""
				if q, ok := r["valueQuantity"].(map[string]any); ok {
					val = fmt.Sprintf("%v %%", q["value"])
				} else if rg, ok := r["valueRange"].(map[string]any); ok {
					val = fmt.Sprintf("%v-%v %%", rg["low"].(map[string]any)["value"], rg["high"].(map[string]any)["value"])
				}
				fmt.Fprintf(w, "   LVEF: %s (LOINC 10230-1) [%s]\n      evidence: %s\n", val, status, evidence(r))
			}
		case "Condition":
			icd := code[1].(map[string]any)
			vs := r["verificationStatus"].(map[string]any)["coding"].([]any)[0].(map[string]any)["code"]
			fmt.Fprintf(w, "   condition: %s (SNOMED CT %s, ICD-10-CM %s) [%s]\n      evidence: %s\n", first["display"], first["code"], icd["code"], vs, evidence(r))
		}
	}
}
