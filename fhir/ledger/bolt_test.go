package ledger

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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

// The cache is per partition, knows how far it is complete, and is not trusted after a
// crash: writes are not synced, so a file not closed cleanly is emptied on opening.
func TestPartitionsCheckpointsAndAnUncleanFileIsWiped(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p1, p2 := l.Partition(1), l.Partition(2)
	if err := p1.Put(ctx, fhir.LedgerEntry{DocumentID: "d", VersionID: "1"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := p2.Get(ctx, "d"); ok {
		t.Fatal("partition 2 sees partition 1's entry")
	}
	if _, ok, _ := p1.Checkpoint(); ok {
		t.Fatal("a checkpoint before any was set")
	}
	if err := p1.SetCheckpoint(42); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p1 = l.Partition(1)
	if off, ok, _ := p1.Checkpoint(); !ok || off != 42 || l.Wiped {
		t.Fatalf("after a clean close: checkpoint %d %v, wiped %v", off, ok, l.Wiped)
	}
	if e, ok, _ := p1.Get(ctx, "d"); !ok || e.VersionID != "1" {
		t.Fatalf("entry lost across a clean close: %+v %v", e, ok)
	}
	// Tombstones delete; Reset forgets the partition.
	if err := p1.PutRaw([]byte("d"), nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := p1.Get(ctx, "d"); ok {
		t.Fatal("a tombstone did not delete")
	}
	p1.Put(ctx, fhir.LedgerEntry{DocumentID: "e"})
	if err := p1.Reset(); err != nil {
		t.Fatal(err)
	}
	if n, _ := p1.Len(); n != 0 {
		t.Fatalf("%d entries after Reset", n)
	}
	if _, ok, _ := p1.Checkpoint(); ok {
		t.Fatal("checkpoint survived Reset")
	}
	p1.Put(ctx, fhir.LedgerEntry{DocumentID: "f"})
	p1.SetCheckpoint(7)
	// A crash: the file is left without its clean mark (bbolt's lock dies with the process;
	// here the handle is dropped without Close, which a second Open cannot tell apart once
	// the lock is released).
	l.db.Close()
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if !l.Wiped {
		t.Error("a file not closed cleanly was not reported wiped")
	}
	if _, ok, _ := l.Partition(1).Get(ctx, "f"); ok {
		t.Error("an entry survived an unclean close")
	}
	if _, ok, _ := l.Partition(1).Checkpoint(); ok {
		t.Error("a checkpoint survived an unclean close")
	}
}

func TestEncodeShrinksAndRoundTrips(t *testing.T) {
	big := json.RawMessage(`{"resourceType":"Condition","text":"` + strings.Repeat("atrial fibrillation ", 200) + `"}`)
	e := fhir.LedgerEntry{DocumentID: "doc", VersionID: "3", Findings: []fhir.PublishedFinding{{Type: "Condition", ID: "c", JSON: big}}}
	v, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	if len(v) > len(big)/4 {
		t.Errorf("encoded %d bytes for %d of JSON", len(v), len(big))
	}
	got, err := Decode(v)
	if err != nil || got.VersionID != "3" || string(got.Findings[0].JSON) != string(big) {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if _, err := Decode([]byte("not zstd")); err == nil {
		t.Error("garbage decoded")
	}
}

// Prune deletes exactly the entries written before the cut, across more entries than
// one transaction handles, and leaves the other partitions alone.
func TestPruneDeletesEntriesOlderThanTheCut(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "state-cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	now := time.Now()
	p, other := l.Partition(3), l.Partition(4)
	v, err := Encode(fhir.LedgerEntry{DocumentID: "x", VersionID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	const n = 2500
	for i := 0; i < n; i++ {
		at := now.Add(-48 * time.Hour) // every third entry is recent
		if i%3 == 0 {
			at = now
		}
		if err := p.PutRaw([]byte(fmt.Sprintf("doc-%05d", i)), v, at); err != nil {
			t.Fatal(err)
		}
		if i < 10 {
			other.PutRaw([]byte(fmt.Sprintf("doc-%05d", i)), v, now.Add(-48*time.Hour))
		}
	}
	got, err := p.Prune(now.Add(-24 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	old := n - (n+2)/3
	if left, _ := p.Len(); got != old || left != n-old {
		t.Fatalf("pruned %d, %d left; want %d pruned, %d left", got, left, old, n-old)
	}
	for i := 0; i < n; i++ {
		_, ok, err := p.Get(ctx, fmt.Sprintf("doc-%05d", i))
		if err != nil || ok != (i%3 == 0) {
			t.Fatalf("doc-%05d: present %v (error %v) after pruning", i, ok, err)
		}
	}
	if left, _ := other.Len(); left != 10 {
		t.Fatalf("another partition lost entries: %d left", left)
	}
	if got, _ := p.Prune(now.Add(-24 * time.Hour)); got != 0 {
		t.Fatalf("a second prune deleted %d", got)
	}
}

// A cache file written in an older layout (values without their time) is emptied on
// opening rather than misread.
func TestCacheOfAnotherLayoutIsEmptied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state-cache.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	l.Put(context.Background(), fhir.LedgerEntry{DocumentID: "d"})
	if err := l.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Put(formatKey, []byte("1")) }); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if n, _ := l.Len(); n != 0 {
		t.Fatalf("%d entries kept from a file of another layout", n)
	}
}
