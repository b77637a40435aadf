package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/fhir/ledger"
	"github.com/notecoder/notecoder/nlp/rules"
)

func event(t *testing.T, id, version, status, text string) []byte {
	t.Helper()
	return eventV(id, version, status, text)
}

// eventB is a current, version-1 document for benchmarks.
func eventB(id, text string) []byte { return eventV(id, "1", "current", text) }

func eventV(id, version, status, text string) []byte {
	d := map[string]any{
		"resourceType": "DocumentReference", "id": id,
		"meta":    map[string]any{"versionId": version},
		"status":  status,
		"subject": map[string]any{"reference": "Patient/p1"},
		"date":    "2024-03-0" + version,
		"content": []any{map[string]any{"attachment": map[string]any{
			"contentType": "text/plain; charset=utf-8", "data": base64.StdEncoding.EncodeToString([]byte(text))}}},
	}
	b, _ := json.Marshal(d)
	return b
}

// run processes one event with a processor over the ledger file at path, records the
// result as the pipeline does after publishing, and closes the ledger (a restart).
func run(t *testing.T, path string, raw []byte) DocResult {
	t.Helper()
	l, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	p, err := New(rules.New(), l, Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := p.Process(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Record(ctx, res); err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) != 1 {
		t.Fatalf("%d documents", len(res.Docs))
	}
	return res.Docs[0]
}

type published struct {
	typ, status string
	json        string
}

func index(t *testing.T, d DocResult) map[string]published {
	m := map[string]published{}
	for _, r := range d.Resources {
		status := ""
		switch {
		case strings.Contains(string(r.JSON), `"entered-in-error"`):
			status = "entered-in-error"
		case r.Type == "Observation" || r.Type == "Condition":
			status = "current"
		}
		m[r.ID] = published{string(r.Type), status, string(r.JSON)}
	}
	return m
}

// The amendment and entered-in-error flow, across restarts of the process (the ledger
// is reopened from disk for every event).
func TestAmendedAndEnteredInErrorDocumentsAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	v1 := run(t, path, event(t, "doc-9", "1", "current",
		"Current smoker. Atrial fibrillation. Hypertension. LVEF 35%."))
	r1 := index(t, v1)
	var afibID, htnID, lvefID string
	for id, p := range r1 {
		switch {
		case strings.Contains(p.json, `"code":"49436004"`):
			afibID = id
		case strings.Contains(p.json, `"code":"38341003"`):
			htnID = id
		case strings.Contains(p.json, `"code":"10230-1"`):
			lvefID = id
		}
	}
	if afibID == "" || htnID == "" || lvefID == "" {
		t.Fatalf("version 1 lacks a finding: %v", r1)
	}

	// Amended: atrial fibrillation was a mistake, LVEF corrected to 40%.
	v2 := run(t, path, event(t, "doc-9", "2", "current",
		"Current smoker. Hypertension. LVEF 40%."))
	r2 := index(t, v2)
	if p := r2[htnID]; p.status != "current" || !strings.Contains(p.json, "DocumentReference/doc-9/_history/2") {
		t.Errorf("hypertension must keep its id and cite version 2: %+v", p)
	}
	if p := r2[lvefID]; p.status != "current" || !strings.Contains(p.json, `"value":40`) {
		t.Errorf("LVEF must keep its id with the new value: %+v", p)
	}
	if p := r2[afibID]; p.status != "entered-in-error" {
		t.Errorf("atrial fibrillation vanished in version 2: it must be re-published as entered-in-error, got %+v", p)
	}

	// A late copy of version 1 must not resurrect anything.
	late := run(t, path, event(t, "doc-9", "1", "current", "Current smoker. Atrial fibrillation. Hypertension. LVEF 35%."))
	if !late.Stale || len(late.Resources) != 0 {
		t.Errorf("late version 1: stale=%v, %d resources", late.Stale, len(late.Resources))
	}

	// Entered in error: everything derived from the document is withdrawn.
	v3 := run(t, path, event(t, "doc-9", "3", "entered-in-error", "Current smoker. Hypertension. LVEF 40%."))
	r3 := index(t, v3)
	if !v3.Withdrawn {
		t.Error("not marked withdrawn")
	}
	for id, p := range r2 {
		if p.typ != "Observation" && p.typ != "Condition" || p.status != "current" {
			continue
		}
		if r3[id].status != "entered-in-error" {
			t.Errorf("%s %s not withdrawn: %+v", p.typ, id, r3[id])
		}
	}
	if v3.Subject != "Patient/p1" {
		t.Errorf("withdrawals keyed by %q, want the patient", v3.Subject)
	}
}

func TestPermanentProblemsAreReportedPerDocument(t *testing.T) {
	p, err := New(rules.New(), fhir.NewMemoryLedger(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	good := event(t, "ok-1", "1", "current", "Never smoker.")
	bad := strings.Replace(string(event(t, "bad-1", "1", "current", "x")), "text/plain", "application/pdf", 1)
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + string(good) + `},{"resource":` + bad + `}]}`
	res, err := p.Process(context.Background(), []byte(bundle))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) != 2 || res.Docs[0].Err != nil || len(res.Docs[0].Resources) == 0 {
		t.Fatalf("good document: %+v", res.Docs)
	}
	if f := res.Failed(); len(f) != 1 || fhir.ReasonOf(f[0].Err) != fhir.ReasonUnsupportedContent {
		t.Fatalf("failed: %+v", f)
	}
	if _, err := p.Process(context.Background(), []byte(`{"resourceType":"Patient"}`)); fhir.ReasonOf(err) != fhir.ReasonWrongResourceType {
		t.Fatalf("Patient: %v", err)
	}
}

// A Bundle of more than ChunkDocs documents is prepared chunk by chunk, and a later
// version of a document in a later chunk is reconciled with the earlier one's results.
func TestLargeBundlesArePreparedInChunks(t *testing.T) {
	var entries []string
	n := 2*ChunkDocs + 88
	for i := 0; i < n-1; i++ {
		entries = append(entries, `{"resource":`+string(eventV(fmt.Sprintf("d%d", i), "1", "current", "Never smoker. Atrial fibrillation."))+`}`)
	}
	// The last entry amends d0: the atrial fibrillation is gone.
	entries = append(entries, `{"resource":`+string(eventV("d0", "2", "current", "Never smoker."))+`}`)
	raw := []byte(`{"resourceType":"Bundle","type":"collection","entry":[` + strings.Join(entries, ",") + `]}`)
	p, err := New(rules.New(), fhir.NewMemoryLedger(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	prep, err := p.Prepare(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{len(prep.docs)}
	for prep.More() {
		if prep, err = p.Next(ctx, prep); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(prep.docs))
	}
	if fmt.Sprint(sizes) != fmt.Sprint([]int{ChunkDocs, ChunkDocs, 88}) {
		t.Errorf("chunks %v", sizes)
	}
	res, err := p.Process(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) != n {
		t.Fatalf("%d results for %d documents", len(res.Docs), n)
	}
	last := res.Docs[n-1]
	withdrawn := false
	for _, r := range last.Resources {
		withdrawn = withdrawn || r.Type == fhir.KindCondition && strings.Contains(string(r.JSON), "entered-in-error")
	}
	if !withdrawn {
		t.Error("version 2 of d0, in the last chunk, did not withdraw version 1's atrial fibrillation")
	}
}

// A document with no date of its own is dated by its event's record time, the same on
// every replay; without one it is refused with a reason (no US Core result can lack
// effective[x], no Provenance its recorded).
func TestDocumentWithoutADateTakesTheRecordTime(t *testing.T) {
	p, err := New(rules.New(), fhir.NewMemoryLedger(), Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	raw := []byte(`{"resourceType":"DocumentReference","id":"nodate","status":"current","subject":{"reference":"Patient/p1"},` +
		`"content":[{"attachment":{"contentType":"text/plain","data":"` + base64.StdEncoding.EncodeToString([]byte("Current smoker, 1 ppd.")) + `"}}]}`)
	at := time.Date(2025, 6, 7, 8, 9, 10, 123e6, time.FixedZone("CEST", 2*3600))
	for run := 0; run < 2; run++ { // a replay gives the same bytes
		parsed, err := p.Parse(ctx, raw, at)
		if err != nil {
			t.Fatal(err)
		}
		prep, err := p.PrepareParsed(ctx, parsed)
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Settle(ctx, prep, fhir.NewMemoryLedger())
		if err != nil {
			t.Fatal(err)
		}
		var obs, prov string
		for _, r := range res.Docs[0].Resources {
			switch r.Type {
			case fhir.KindObservation:
				obs = string(r.JSON)
			case fhir.KindProvenance:
				prov = string(r.JSON)
			}
		}
		if !strings.Contains(obs, `"effectiveDateTime":"2025-06-07T06:09:10.123Z"`) || !strings.Contains(prov, `"recorded":"2025-06-07T06:09:10.123Z"`) {
			t.Fatalf("run %d: Observation %s\nProvenance %s", run, obs, prov)
		}
	}
	res, err := p.Process(ctx, raw) // no record time (classify)
	if err != nil {
		t.Fatal(err)
	}
	if fhir.ReasonOf(res.Docs[0].Err) != fhir.ReasonNoDate {
		t.Fatalf("no date and no record time: %v, want %s", res.Docs[0].Err, fhir.ReasonNoDate)
	}
}

// Superseded documents are skipped unless asked for; preliminary ones always (US Core's
// smoking status allows only final results); neither touches the state.
func TestSupersededAndPreliminaryDocumentsAreSkipped(t *testing.T) {
	ctx := context.Background()
	note := "Current smoker. History of hypertension."
	superseded := event(t, "old", "1", "superseded", note)
	var d map[string]any
	json.Unmarshal(event(t, "draft", "1", "current", note), &d)
	d["docStatus"] = "preliminary"
	preliminary, _ := json.Marshal(d)
	for _, tc := range []struct {
		raw     []byte
		cfg     Config
		skipped string
	}{
		{superseded, Config{}, SkippedSuperseded},
		{preliminary, Config{}, SkippedPreliminary},
		{preliminary, Config{ProcessSuperseded: true}, SkippedPreliminary},
		{superseded, Config{ProcessSuperseded: true}, ""},
	} {
		l := fhir.NewMemoryLedger()
		p, err := New(rules.New(), l, tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Process(ctx, tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Record(ctx, res); err != nil {
			t.Fatal(err)
		}
		doc := res.Docs[0]
		if doc.Skipped != tc.skipped || doc.Err != nil {
			t.Errorf("%s (process superseded %v): skipped %q, error %v; want skipped %q", doc.DocumentID, tc.cfg.ProcessSuperseded, doc.Skipped, doc.Err, tc.skipped)
		}
		if published := len(doc.Resources) > 0; published != (tc.skipped == "") {
			t.Errorf("%s: %d resources with skipped %q", doc.DocumentID, len(doc.Resources), doc.Skipped)
		}
		if _, ok, _ := l.Get(ctx, doc.DocumentID); ok != (tc.skipped == "") {
			t.Errorf("%s: state recorded %v with skipped %q", doc.DocumentID, ok, doc.Skipped)
		}
	}
}
