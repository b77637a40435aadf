package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	fhirmodels "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/notecoder/notecoder/nlp/findings"
)

// process runs one document version through Build and Reconcile against the ledger, the
// way the pipeline does, and stores the ledger entry.
func process(t *testing.T, l Ledger, d Document, txt NoteText, f findings.Findings) []Resource {
	t.Helper()
	ctx := context.Background()
	prev, ok, err := l.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var prevp *LedgerEntry
	if ok {
		prevp = &prev
	}
	var out []Resource
	var next LedgerEntry
	if d.EnteredInError() {
		out, next, err = Withdraw(prevp, d, testModel)
	} else {
		var rs ResultSet
		rs, err = Build(d, txt, f, testModel, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out, next, err = Reconcile(prevp, d, rs, testModel)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Put(ctx, next); err != nil {
		t.Fatal(err)
	}
	return out
}

func byID(rs []Resource) map[string]Resource {
	m := map[string]Resource{}
	for _, r := range rs {
		m[r.ID] = r
	}
	return m
}

func TestAmendedVersionKeepsIdsAndWithdrawsWhatDisappeared(t *testing.T) {
	l := NewMemoryLedger()
	d, txt := docAndText(t, "documentreference.json")
	v1 := process(t, l, d, txt, sampleFindings(t, txt.Plain))
	afib, ok := find(v1, "Condition", "condition:49436004")
	if !ok {
		t.Fatal("v1 has no atrial fibrillation")
	}
	lvef1, _ := find(v1, "Observation", "lvef")

	// Version 2: the LVEF stays, atrial fibrillation is gone, hypertension is new.
	d2 := d
	d2.VersionID = "2"
	f2 := findings.Findings{
		LVEF:       &findings.LVEF{Value: 40, Evidence: []findings.Span{spanOf(t, txt.Plain, "LVEF 35%")}},
		Conditions: []findings.Condition{{Code: "38341003", Assertion: findings.Asserted, Evidence: []findings.Span{spanOf(t, txt.Plain, "History")}}},
	}
	v2 := process(t, l, d2, txt, f2)
	got := byID(v2)
	if lv, ok := got[lvef1.ID]; !ok || !strings.Contains(string(lv.JSON), `"value":40`) || !strings.Contains(string(lv.JSON), "_history/2") {
		t.Errorf("v2 LVEF: same id %s with the new value and version expected, got %s", lvef1.ID, lv.JSON)
	}
	wd, ok := got[afib.ID]
	if !ok || !strings.Contains(string(wd.JSON), `"code":"entered-in-error"`) || strings.Contains(string(wd.JSON), "clinicalStatus") {
		t.Fatalf("v2 must re-publish the vanished atrial fibrillation as entered-in-error, got %s", wd.JSON)
	}
	smk1, _ := find(v1, "Observation", "smoking")
	if s, ok := got[smk1.ID]; !ok || !strings.Contains(string(s.JSON), `"status":"entered-in-error"`) {
		t.Errorf("v2 must withdraw the vanished smoking status: %s", s.JSON)
	}
	prov, _ := find(v2, "Provenance", "")
	if !strings.Contains(string(prov.JSON), "Condition/"+afib.ID) {
		t.Errorf("v2 Provenance does not account for the withdrawal: %s", prov.JSON)
	}

	// Redelivery of version 2 gives byte-identical output, withdrawals included.
	again := process(t, l, d2, txt, f2)
	if len(again) != len(v2) {
		t.Fatalf("reprocessing v2: %d resources, first time %d", len(again), len(v2))
	}
	for i := range v2 {
		if v2[i].ID != again[i].ID || !bytes.Equal(v2[i].JSON, again[i].JSON) {
			t.Errorf("reprocessing v2 changed %s", v2[i].Reference())
		}
	}

	// Version 3 with the same findings does not withdraw atrial fibrillation again.
	d3 := d
	d3.VersionID = "3"
	v3 := process(t, l, d3, txt, f2)
	if _, ok := byID(v3)[afib.ID]; ok {
		t.Error("v3 re-published a finding withdrawn by v2")
	}

	// An older version arriving late is stale.
	prev, _, _ := l.Get(context.Background(), d.ID)
	if !Stale(prev, d2) || Stale(prev, d3) {
		t.Error("Stale: v2 after v3 must be stale, v3 must not")
	}
}

func TestEnteredInErrorWithdrawsEverythingDerived(t *testing.T) {
	l := NewMemoryLedger()
	d, txt := docAndText(t, "documentreference.json")
	v1 := process(t, l, d, txt, sampleFindings(t, txt.Plain))

	eie := d
	eie.VersionID = "2"
	eie.Ref.Status = fhirmodels.DocumentReferenceStatusEnteredInError
	if !eie.EnteredInError() {
		t.Fatal("status not recognised")
	}
	out := process(t, l, eie, NoteText{}, findings.Findings{})
	got := byID(out)
	for _, r := range v1 {
		if r.Finding == "" {
			continue
		}
		w, ok := got[r.ID]
		if !ok {
			t.Errorf("%s not withdrawn", r.Reference())
			continue
		}
		if !strings.Contains(string(w.JSON), "entered-in-error") {
			t.Errorf("%s withdrawn without entered-in-error: %s", r.Reference(), w.JSON)
		}
	}
	p, ok := find(out, "Provenance", "")
	if !ok || !strings.Contains(string(p.JSON), `"code":"NULLIFY"`) {
		t.Errorf("withdrawal Provenance: %s", p.JSON)
	}
	// A document never seen before: nothing to withdraw, no error; the trace says it was
	// read.
	fresh := eie
	fresh.ID = "never-seen"
	checkReadTrace(t, "withdrawing an unknown document", process(t, l, fresh, NoteText{}, findings.Findings{}), "DocumentReference/never-seen/_history/2")
}

// checkReadTrace checks that out is the trace of a document read with nothing to publish:
// the Device and a Provenance, activity READ, whose target is the document version.
func checkReadTrace(t *testing.T, what string, out []Resource, doc string) {
	t.Helper()
	if len(out) != 2 || out[0].Type != KindDevice || out[1].Type != KindProvenance {
		t.Fatalf("%s: %d resources, want the Device and a Provenance: %v", what, len(out), out)
	}
	var p struct {
		Target   []struct{ Reference string }
		Activity struct{ Coding []struct{ Code string } }
		Entity   []struct{ What struct{ Reference string } }
	}
	json.Unmarshal(out[1].JSON, &p)
	if len(p.Target) != 1 || p.Target[0].Reference != doc || p.Activity.Coding[0].Code != "READ" || p.Entity[0].What.Reference != doc {
		t.Errorf("%s: Provenance %s", what, out[1].JSON)
	}
}

func TestNoFindingsLeavesATraceAndAVersionWithoutFindingsWithdraws(t *testing.T) {
	l := NewMemoryLedger()
	d, txt := docAndText(t, "documentreference.json")
	checkReadTrace(t, "a note without findings", process(t, l, d, txt, findings.Findings{}), d.Reference())
	d2 := d
	d2.VersionID = "2"
	v2 := process(t, l, d2, txt, sampleFindings(t, txt.Plain))
	d3 := d
	d3.VersionID = "3"
	v3 := process(t, l, d3, txt, findings.Findings{})
	prov, ok := find(v3, "Provenance", "")
	if !ok || !strings.Contains(string(prov.JSON), `"code":"NULLIFY"`) {
		t.Fatalf("version 3 without findings: withdrawal Provenance missing: %v", v3)
	}
	for _, r := range v2 {
		if r.Finding != "" && !strings.Contains(string(prov.JSON), r.Reference()) {
			t.Errorf("withdrawal Provenance does not target %s", r.Reference())
		}
	}
}
