package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/segmentio/kafka-go"
	"gopkg.in/yaml.v3"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/fhir/ledger"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/producers"
)

// asyncAPI reads ../asyncapi.yaml as plain JSON values.
func asyncAPI(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../asyncapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("asyncapi.yaml does not parse: %v", err)
	}
	// Round-trip through JSON: the schema compiler takes JSON values.
	j, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	json.Unmarshal(j, &out)
	return out
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

func keys(v any) []string {
	var ks []string
	for k := range v.(map[string]any) {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// The contract says what the code does: its topic names are serve's defaults, its
// result and dead-letter headers are the ones producers writes, its reason codes are
// fhir.Reasons, and every $ref resolves.
func TestAsyncAPIDescribesTheCode(t *testing.T) {
	doc := asyncAPI(t)
	if doc["asyncapi"] != "3.0.0" {
		t.Fatalf("asyncapi: %v, want 3.0.0", doc["asyncapi"])
	}
	def := DefaultTopics(DefaultGroup)
	for channel, topic := range map[string]string{"documentReferences": def.Input, "observations": def.Observation,
		"conditions": def.Condition, "provenance": def.Provenance, "deadLetters": def.DLQ, "corrections": def.Corrections,
		"stateChangelog": def.State, "models": def.Models} {
		if got := get(doc, "channels", channel, "address"); got != topic {
			t.Errorf("channel %s: address %v, want %s", channel, got, topic)
		}
	}
	if n := len(get(doc, "channels").(map[string]any)); n != 8 {
		t.Errorf("%d channels, want the 8 topics serve uses", n)
	}

	var codes []string
	for _, c := range get(doc, "components", "schemas", "ReasonCode", "enum").([]any) {
		codes = append(codes, c.(string))
	}
	var want []string
	for _, r := range fhir.Reasons {
		want = append(want, string(r))
	}
	want = append(want, string(fhir.ReasonOther))
	sort.Strings(codes)
	sort.Strings(want)
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Errorf("reason codes in asyncapi.yaml:\n%v\nin the code:\n%v", codes, want)
	}
	readme, _ := os.ReadFile("../README.md")
	for _, c := range want {
		if !strings.Contains(string(readme), "| `"+c+"` |") {
			t.Errorf("the README's table of reason codes lacks %s", c)
		}
	}

	// Headers: every header producers writes is described, every required one written.
	w := producers.New(producers.Config{Topics: producers.Topics{Observation: "o", Condition: "c", Provenance: "p", DLQ: "d"}, Instance: "i", Version: "v"})
	defer w.Close()
	d := pipeline.DocResult{DocumentID: "d1", Subject: "Patient/1", Resources: []fhir.Resource{{Type: fhir.KindCondition, ID: "c1", JSON: []byte(`{}`)}}}
	recs, err := w.Messages(d, []kafka.Header{{Key: "traceparent", Value: []byte("00-x")}})
	if err != nil {
		t.Fatal(err)
	}
	src := kafka.Message{Topic: "in", Value: []byte("x"), Headers: []kafka.Header{}}
	dl := w.DeadLetter(src, "d1", &fhir.InputError{Reason: fhir.ReasonNoText, Detail: "x"})
	for _, tc := range []struct {
		schema string
		msg    kafka.Message
	}{{"ResultHeaders", recs.Results[0]}, {"DeadLetterHeaders", dl}, {"DeadLetterHeaders", producers.Trim(dl, src)}} {
		props := get(doc, "components", "schemas", tc.schema, "properties").(map[string]any)
		written := map[string]bool{}
		for _, h := range tc.msg.Headers {
			written[h.Key] = true
			if _, ok := props[h.Key]; !ok {
				t.Errorf("%s: header %s is written but not described", tc.schema, h.Key)
			}
		}
		for _, r := range get(doc, "components", "schemas", tc.schema, "required").([]any) {
			if !written[r.(string)] {
				t.Errorf("%s: required header %s is not written", tc.schema, r)
			}
		}
	}
	checkRefs(t, doc, doc)
}

// checkRefs fails for any $ref that does not resolve within the document.
func checkRefs(t *testing.T, root, v any) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			var at any = root
			for _, p := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				at = get(at, p)
			}
			if at == nil {
				t.Errorf("$ref %s does not resolve", ref)
			}
		}
		for _, k := range keys(x) {
			checkRefs(t, root, x[k])
		}
	case []any:
		for _, e := range x {
			checkRefs(t, root, e)
		}
	}
}

// Records notecoder makes validate against the schemas of their channel's messages:
// every result, Provenance and Device for the sample inputs, amendments and withdrawals,
// a note with nothing found, a trimmed dead letter and a state record.
func TestAsyncAPISchemasAcceptWhatNotecoderPublishes(t *testing.T) {
	doc := asyncAPI(t)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("asyncapi.json", doc); err != nil {
		t.Fatal(err)
	}
	schema := func(name string) *jsonschema.Schema {
		s, err := c.Compile("asyncapi.json#/components/schemas/" + name)
		if err != nil {
			t.Fatalf("schema %s: %v", name, err)
		}
		return s
	}
	check := func(name string, raw []byte, what string) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema(name).Validate(v); err != nil {
			t.Errorf("%s does not match %s: %v\n%s", what, name, err, raw)
		}
	}
	ctx := context.Background()
	p, err := pipeline.New(rules.New(), fhir.NewMemoryLedger(), pipeline.Config{Build: fhir.BuildOptions{Software: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	var inputs [][]byte
	samples, _ := filepath.Glob("../testdata/samples/*.json")
	for _, s := range samples {
		b, _ := os.ReadFile(s)
		inputs = append(inputs, b)
	}
	doc1 := func(v, status, text string) []byte {
		b, _ := json.Marshal(map[string]any{"resourceType": "DocumentReference", "id": "w-1", "meta": map[string]any{"versionId": v}, "status": status,
			"subject": map[string]any{"reference": "Patient/1"}, "date": "2024-03-05",
			"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain", "data": base64.StdEncoding.EncodeToString([]byte(text))}}}})
		return b
	}
	inputs = append(inputs, doc1("1", "current", "Current smoker. Atrial fibrillation. LVEF 30-35%."), doc1("2", "current", "Seen today."),
		doc1("3", "entered-in-error", "Seen today."))
	kinds := map[string]int{}
	var entries []*fhir.LedgerEntry
	for _, raw := range inputs {
		res, err := p.Process(ctx, raw)
		if err != nil {
			continue // the deliberately bad samples
		}
		for _, d := range res.Docs {
			for _, r := range d.Resources {
				kinds[string(r.Type)]++
				check(string(r.Type), r.JSON, r.Reference())
			}
			if d.Entry() != nil {
				entries = append(entries, d.Entry())
			}
		}
		p.Record(ctx, res)
	}
	for _, k := range []string{"Observation", "Condition", "Provenance", "Device"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among the records checked", k)
		}
	}
	for _, e := range entries {
		v, err := ledger.Encode(*e)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ledger.Decode(v)
		if err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(back)
		check("LedgerEntry", j, "state record of "+e.DocumentID)
	}
	dl := producers.Trim(kafka.Message{Topic: "notecoder.dlq"}, kafka.Message{Topic: "fhir.documentreference", Partition: 2, Offset: 7, Value: []byte("xx"), Time: time.Now()})
	check("Trimmed", dl.Value, "a trimmed dead letter")
	// Corrections in the three forms serve reads (each also read by fhir.ReadCorrection),
	// and a promotion announcement.
	published := map[string]map[string]any{}
	res, err := p.Process(ctx, doc1("9", "current", "Current smoker. Atrial fibrillation. LVEF 30-35%."))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Docs[0].Resources {
		var m map[string]any
		json.Unmarshal(r.JSON, &m)
		published[r.Finding] = m
	}
	obs, lvef, cond := published["smoking"], published["lvef"], published["condition:49436004"]
	lvef["status"] = "corrected"
	obs["status"] = "amended"
	cond["verificationStatus"] = map[string]any{"coding": []any{map[string]any{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "refuted"}}}
	jc, _ := json.Marshal(fhir.JSONCorrection{Format: fhir.CorrectionFormat, Task: "smoking", Action: "set", Resource: "Observation/nc-1", Value: "NON-SMOKER",
		Evidence: &findings.Span{Start: 3, End: 20}, Sender: "Practitioner/1"})
	for _, c := range []struct {
		schema string
		raw    []byte
	}{{"ObservationCorrection", mustJSON(t, obs)}, {"ObservationCorrection", mustJSON(t, lvef)}, {"ConditionCorrection", mustJSON(t, cond)}, {"CorrectionMessage", jc}} {
		check(c.schema, c.raw, "a correction")
		if _, err := fhir.ReadCorrection(c.raw); err != nil {
			t.Errorf("%s: the sample does not read as a correction: %v", c.schema, err)
		}
	}
	ann, _ := json.Marshal(Announcement{Task: "smoking", Version: "0.3.0-r1", SHA256: strings.Repeat("ab", 32), At: time.Now(), By: "gate", Reason: "better"})
	check("ModelAnnouncement", ann, "a promotion announcement")
	if err := schema("CorrectionMessage").Validate(map[string]any{"format": "notecoder.correction/v1", "task": "smoking", "action": "set", "valu": "x"}); err == nil {
		t.Error("a correction message with an unknown field matches its schema (the reader refuses it)")
	}
	if err := schema("Observation").Validate(map[string]any{"resourceType": "Observation"}); err == nil {
		t.Error("an empty Observation matches its schema: the schema checks nothing")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
