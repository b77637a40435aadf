package ledger

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/notecoder/notecoder/fhir"
)

func TestEntriesSurviveReopening(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	e := fhir.LedgerEntry{DocumentID: "doc-1", VersionID: "2", Subject: "Patient/1", Findings: []fhir.PublishedFinding{
		{Type: "Observation", ID: "nc-1", Finding: "smoking", JSON: json.RawMessage(`{"resourceType":"Observation"}`)},
	}}
	if err := l.Put(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got, ok, err := l.Get(ctx, "doc-1")
	if err != nil || !ok {
		t.Fatalf("after reopening: found %v, %v", ok, err)
	}
	if got.VersionID != "2" || len(got.Findings) != 1 || string(got.Findings[0].JSON) != `{"resourceType":"Observation"}` {
		t.Fatalf("entry changed across reopening: %+v", got)
	}
	if _, ok, _ := l.Get(ctx, "other"); ok {
		t.Fatal("found an entry never written")
	}
}

func TestConcurrentWritersAndASecondProcessIsTurnedAway(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := l.Put(ctx, fhir.LedgerEntry{DocumentID: "doc-" + string(rune('A'+i%26)) + string(rune('a'+i/26))}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if n, err := l.Len(); err != nil || n != 50 {
		t.Fatalf("%d entries (%v), want 50", n, err)
	}
	if testing.Short() {
		return
	}
	_, err = Open(path) // bbolt's file lock: the same file cannot be opened twice
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: %v, want an 'in use' error", err)
	}
}
