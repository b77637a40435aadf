//go:build linux

package ledger

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/notecoder/notecoder/fhir"
)

// mappedRSS is how many bytes of the mappings of path are resident (/proc/self/smaps).
func mappedRSS(t *testing.T, path string) int64 {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var kb int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			in = len(fields) >= 6 && fields[5] == path
		case in && len(fields) >= 2 && fields[0] == "Rss:":
			n, _ := strconv.ParseInt(fields[1], 10, 64)
			kb += n
		}
	}
	return kb << 10
}

// Release takes the cache file's pages out of the resident set, and the cache reads the
// same afterwards.
func TestReleaseDropsTheMappedPages(t *testing.T) {
	dir, _ := filepath.EvalSymlinks(t.TempDir())
	path := filepath.Join(dir, "state-cache.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	p := l.Partition(0)
	const n = 20000
	note := strings.Repeat("finding ", 40)
	var wg sync.WaitGroup
	for w := 0; w < 50; w++ { // concurrent writers share bbolt's batches
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < n; j += 50 {
				e := fhir.LedgerEntry{DocumentID: fmt.Sprintf("doc-%06d", j), VersionID: "1", Findings: []fhir.PublishedFinding{{Type: "Condition", ID: fmt.Sprint(j), JSON: []byte(`"` + note + fmt.Sprint(j) + `"`)}}}
				if err := p.Put(ctx, e); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		if _, ok, err := p.Get(ctx, fmt.Sprintf("doc-%06d", i)); !ok || err != nil {
			t.Fatalf("doc-%06d: %v %v", i, ok, err)
		}
	}
	before := mappedRSS(t, path)
	if before < 1<<20 {
		t.Fatalf("only %d bytes of the cache resident after reading %d entries: nothing to measure", before, n)
	}
	mapped, err := l.Release()
	if err != nil {
		t.Fatal(err)
	}
	after := mappedRSS(t, path)
	t.Logf("cache mapping resident: %d KB before Release, %d KB after (%d KB mapped)", before>>10, after>>10, mapped>>10)
	if mapped < before || after > before/10 {
		t.Fatalf("Release went over %d bytes of mapping; resident %d -> %d bytes", mapped, before, after)
	}
	if e, ok, err := p.Get(ctx, "doc-012345"); !ok || err != nil || e.Findings[0].ID != "12345" {
		t.Fatalf("after Release: %+v %v %v", e, ok, err)
	}
}
