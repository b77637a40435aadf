package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/pipeline"
)

// Conditions as notecoder publishes them, delivered twice (at least once) and then
// amended: the store holds one entry per id, duplicates change nothing, and the
// withdrawal replaces the stored version.
func TestUpsertByIDMakesDuplicatesHarmless(t *testing.T) {
	store, err := OpenStore(filepath.Join(t.TempDir(), "conditions.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p, err := pipeline.New(rules.New(), fhir.NewMemoryLedger(), pipeline.Config{})
	if err != nil {
		t.Fatal(err)
	}
	version := func(v, text string) [][]byte {
		raw, _ := json.Marshal(map[string]any{"resourceType": "DocumentReference", "id": "d-1", "meta": map[string]any{"versionId": v},
			"status": "current", "subject": map[string]any{"reference": "Patient/1"}, "date": "2024-03-05",
			"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain", "data": base64.StdEncoding.EncodeToString([]byte(text))}}}})
		res, err := p.Process(context.Background(), raw)
		if err != nil {
			t.Fatal(err)
		}
		p.Record(context.Background(), res)
		var conds [][]byte
		for _, r := range res.Docs[0].Resources {
			if r.Type == fhir.KindCondition {
				conds = append(conds, r.JSON)
			}
		}
		return conds
	}
	v1 := version("1", "Atrial fibrillation. Hypertension.")
	count := map[string]int{}
	for round := 0; round < 2; round++ { // redelivered after a crash
		for _, c := range v1 {
			outcome, _, err := store.Upsert(c)
			if err != nil {
				t.Fatal(err)
			}
			count[outcome]++
		}
	}
	if count["new"] != 2 || count["duplicate"] != 2 || store.Len() != 2 {
		t.Fatalf("outcomes %v, %d stored; want 2 new, 2 duplicates, 2 stored", count, store.Len())
	}
	// Version 2 withdraws the atrial fibrillation (same id, entered-in-error) and cites
	// itself as the hypertension's evidence (same id, new content): both replace what
	// was stored; nothing is added.
	for _, c := range version("2", "Hypertension.") {
		outcome, id, err := store.Upsert(c)
		if err != nil || outcome != "updated" {
			t.Fatalf("version 2's %s: %s, %v; want updated", id, outcome, err)
		}
		got, _ := store.Get(id)
		withdrawn := bytes.Contains(got, []byte(`"code":"entered-in-error"`))
		if af := bytes.Contains(got, []byte(`"code":"49436004"`)); af != withdrawn {
			t.Errorf("stored %s: atrial fibrillation %v, withdrawn %v", id, af, withdrawn)
		}
	}
	if store.Len() != 2 {
		t.Fatalf("%d stored after the amendment, want 2", store.Len())
	}
	if _, _, err := store.Upsert([]byte(`{"resourceType":"Observation","id":"x"}`)); err == nil {
		t.Error("an Observation was stored as a Condition")
	}
}
