package corrections

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/store"
)

// published runs the real core step over a sample note, records what it published the
// way serve does, and returns the store with the published resources by finding kind.
func published(t *testing.T) (*store.Store, map[string]map[string]any) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p, err := pipeline.New(rules.New(), fhir.NewMemoryLedger(), pipeline.Config{KeepEvidence: true})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../testdata/samples/discharge-summary-en.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Process(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	fs, ds := Published(res.Docs, time.Now())
	if len(fs) < 4 || len(ds) != 1 {
		t.Fatalf("published %d findings, %d documents; want the smoking status, the LVEF and conditions of one document", len(fs), len(ds))
	}
	if err := s.RecordPublished(ctx, fs, ds); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, r := range res.Docs[0].Resources {
		if r.Finding == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(r.JSON, &m); err != nil {
			t.Fatal(err)
		}
		out[r.Finding] = m
	}
	return s, out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func coding(system, code string) map[string]any {
	return map[string]any{"coding": []any{map[string]any{"system": system, "code": code}}}
}

func TestFHIRCorrectionsAreTiedBackToTheirFinding(t *testing.T) {
	ctx := context.Background()
	s, res := published(t)
	in := &Intake{Store: s}

	// The clinician's EHR sends our smoking Observation back, amended: never smoker.
	obs := res["smoking"]
	obs["status"] = "amended"
	obs["valueCodeableConcept"] = coding(fhir.SystemSNOMED, "266919005")
	obs["performer"] = []any{map[string]any{"reference": "Practitioner/dr-a"}}
	c, created, err := in.Take(ctx, mustJSON(t, obs), SourceKafka, "")
	if err != nil || !created {
		t.Fatalf("amended smoking status: %v %v", created, err)
	}
	if c.Task != findings.TaskSmoking || c.Action != findings.ActionSet || c.Previous != "CURRENT SMOKER" || c.Value != "NON-SMOKER" ||
		c.DocumentID != "dc-2024-0001" || c.DocumentVersion != "1" || c.Subject != "Patient/pat-001" || c.Sender != "Practitioner/dr-a" ||
		!strings.Contains(c.Model, "notecoder-rules") || !strings.Contains(c.Sentence, "Current smoker, 1 ppd") || c.End <= c.Start {
		t.Errorf("tied back as %+v", c)
	}
	// Kafka redelivers it: stored once.
	if _, created, err := in.Take(ctx, mustJSON(t, obs), SourceKafka, ""); err != nil || created {
		t.Errorf("the same correction again: created %v, %v", created, err)
	}

	// The LVEF entered in error.
	lvef := res["lvef"]
	lvef["status"] = "entered-in-error"
	if c, _, err := in.Take(ctx, mustJSON(t, lvef), SourceKafka, "Practitioner/dr-b"); err != nil || c.Action != findings.ActionEnteredInError || c.Task != findings.TaskLVEF || c.Previous != "35" || c.Sender != "Practitioner/dr-b" {
		t.Errorf("LVEF entered-in-error: %+v %v", c, err)
	}

	// A condition refuted; another with its code changed (atrial fibrillation -> flutter).
	var hyp, af map[string]any
	for k, v := range res {
		switch k {
		case "condition:38341003":
			hyp = v
		case "condition:49436004":
			af = v
		}
	}
	if hyp == nil || af == nil {
		t.Fatalf("the sample's hypertension and atrial fibrillation were not published: %v", keys(res))
	}
	hyp["verificationStatus"] = coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted")
	if c, _, err := in.Take(ctx, mustJSON(t, hyp), SourceKafka, ""); err != nil || c.Action != findings.ActionRefute || c.Previous != "38341003" || !strings.Contains(c.Sentence, "Hypertension") {
		t.Errorf("refuted condition: %+v %v", c, err)
	}
	af["code"] = coding(fhir.SystemSNOMED, "5370000") // atrial flutter
	af["verificationStatus"] = coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed")
	if c, _, err := in.Take(ctx, mustJSON(t, af), SourceKafka, ""); err != nil || c.Action != findings.ActionSet || c.Value != "5370000" || c.Previous != "49436004" {
		t.Errorf("changed condition code: %+v %v", c, err)
	}

	// A condition the model missed, as a new Condition citing the DocumentReference.
	missed := map[string]any{"resourceType": "Condition", "id": "ehr-cond-77",
		"code":     coding(fhir.SystemSNOMED, "59282003"), // pulmonary embolism
		"subject":  map[string]any{"reference": "Patient/pat-001"},
		"evidence": []any{map[string]any{"detail": []any{map[string]any{"reference": "DocumentReference/dc-2024-0001"}}}},
		"asserter": map[string]any{"reference": "Practitioner/dr-c"}}
	if c, _, err := in.Take(ctx, mustJSON(t, missed), SourceKafka, ""); err != nil || c.Action != findings.ActionAdd || c.Value != "59282003" || c.DocumentID != "dc-2024-0001" || c.ResourceID != "ehr-cond-77" || c.Sender != "Practitioner/dr-c" {
		t.Errorf("missed condition: %+v %v", c, err)
	}
	all, err := s.Corrections(ctx, store.CorrectionFilter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("%d corrections stored, %v; want 5", len(all), err)
	}
}

func TestJSONCorrections(t *testing.T) {
	ctx := context.Background()
	s, res := published(t)
	in := &Intake{Store: s}
	id := res["smoking"]["id"].(string)
	msg := `{"format":"notecoder.correction/v1","task":"smoking","action":"set","resource":"Observation/` + id + `","value":"PAST SMOKER","sender":"Practitioner/dr-a"}`
	c, created, err := in.Take(ctx, []byte(msg), SourceKafka, "")
	if err != nil || !created || c.Value != "PAST SMOKER" || c.Previous != "CURRENT SMOKER" || c.Sender != "Practitioner/dr-a" {
		t.Fatalf("JSON set: %+v %v %v", c, created, err)
	}
	// A missed finding with the words that show it.
	msg = `{"format":"notecoder.correction/v1","task":"condition","action":"add","document":"DocumentReference/dc-2024-0001/_history/1","value":"59282003","sentence":"Pulmonary embolism was ruled out by CT angiography."}`
	if c, _, err := in.Take(ctx, []byte(msg), SourceHTTP, "nurse"); err != nil || c.Action != findings.ActionAdd || c.Sentence == "" || c.Sender != "nurse" {
		t.Errorf("JSON add: %+v %v", c, err)
	}
}

func TestBadCorrectionsSayWhy(t *testing.T) {
	ctx := context.Background()
	s, res := published(t)
	in := &Intake{Store: s}
	smokingID := res["smoking"]["id"].(string)
	cases := []struct {
		name, msg string
		reason    fhir.Reason
	}{
		{"trailing comma", `{"resourceType":"Observation",}`, fhir.ReasonMalformedJSON},
		{"neither form", `{"hello":"world"}`, fhir.ReasonCorrectionInvalid},
		{"unknown format", `{"format":"v0"}`, fhir.ReasonCorrectionInvalid},
		{"unknown task", `{"format":"notecoder.correction/v1","task":"diet","action":"set","resource":"x","value":"1"}`, fhir.ReasonCorrectionInvalid},
		{"unknown field", `{"format":"notecoder.correction/v1","task":"smoking","action":"set","resource":"x","value":"NON-SMOKER","valu":"x"}`, fhir.ReasonCorrectionInvalid},
		{"bad smoking value", `{"format":"notecoder.correction/v1","task":"smoking","action":"set","resource":"` + smokingID + `","value":"sometimes"}`, fhir.ReasonCorrectionInvalid},
		{"wrong task for the resource", `{"format":"notecoder.correction/v1","task":"lvef","action":"set","resource":"` + smokingID + `","value":"40"}`, fhir.ReasonCorrectionInvalid},
		{"condition outside the table", `{"format":"notecoder.correction/v1","task":"condition","action":"add","document":"DocumentReference/dc-2024-0001","value":"22298006999"}`, fhir.ReasonCorrectionUnsupported},
		{"a Patient", `{"resourceType":"Patient","id":"p1"}`, fhir.ReasonCorrectionUnsupported},
		{"a lab Observation", `{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]}}`, fhir.ReasonCorrectionUnsupported},
		{"never published, no document", `{"resourceType":"Condition","id":"nc-unknown","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"refuted"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003"}]}}`, fhir.ReasonCorrectionUnresolved},
		{"a document never read", `{"format":"notecoder.correction/v1","task":"smoking","action":"add","document":"DocumentReference/other","value":"NON-SMOKER"}`, fhir.ReasonCorrectionUnresolved},
		{"no id", `{"resourceType":"Condition","code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003"}]}}`, fhir.ReasonCorrectionInvalid},
	}
	for _, tc := range cases {
		_, _, err := in.Take(ctx, []byte(tc.msg), SourceKafka, "")
		var ie *fhir.InputError
		if !errors.As(err, &ie) || ie.Reason != tc.reason {
			t.Errorf("%s: %v; want reason %s", tc.name, err, tc.reason)
		}
	}
	if n, _ := s.CountCorrections(ctx, "", time.Time{}); n != 0 {
		t.Errorf("%d bad corrections were stored", n)
	}
}

func TestHTTPIntake(t *testing.T) {
	s, res := published(t)
	var dead [][]byte
	h := &Handler{Intake: &Intake{Store: s}, Token: "s3cret", DeadLetter: func(_ context.Context, raw []byte, _ error) error {
		dead = append(dead, raw)
		return nil
	}}
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(token, body string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("X-Notecoder-Sender", "review-page:dr-a")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp, b.String()
	}
	body := `{"format":"notecoder.correction/v1","task":"smoking","action":"set","resource":"` + res["smoking"]["id"].(string) + `","value":"NON-SMOKER"}`
	if resp, _ := post("", body); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	if resp, _ := post("wrong", body); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
	resp, out := post("s3cret", body)
	var cr CreatedResponse
	json.Unmarshal([]byte(out), &cr)
	if resp.StatusCode != http.StatusCreated || !cr.Created || !strings.HasPrefix(cr.ID, "cor-") {
		t.Fatalf("new correction: %d %s", resp.StatusCode, out)
	}
	resp, out = post("s3cret", body)
	var again CreatedResponse
	json.Unmarshal([]byte(out), &again)
	if resp.StatusCode != http.StatusOK || again.Created || again.ID != cr.ID {
		t.Errorf("the same correction again: %d %s; want 200, the same id", resp.StatusCode, out)
	}
	resp, out = post("s3cret", `{"format":"notecoder.correction/v1","task":"smoking"}`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(out, "correction-invalid") || !strings.Contains(out, "OperationOutcome") || len(dead) != 1 {
		t.Errorf("bad correction: %d %s, %d dead letters", resp.StatusCode, out, len(dead))
	}
	cs, _ := s.Corrections(context.Background(), store.CorrectionFilter{})
	if len(cs) != 1 || cs[0].Sender != "review-page:dr-a" || cs[0].Source != SourceHTTP {
		t.Errorf("stored: %+v", cs)
	}
	// Refused when no token is configured.
	h.Token = ""
	if resp, _ := post("", body); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token configured: %d", resp.StatusCode)
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
