package torch

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"
)

// residentBytes reads this process's resident set size from /proc.
func residentBytes(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err != nil {
				t.Fatalf("parsing VmRSS %q: %v", rest, err)
			}
			return kb * 1024
		}
	}
	t.Fatal("VmRSS not found in /proc/self/status")
	return 0
}

// opsDropped runs n small tensor ops, each result dropped at once: the pattern of a
// long-running consumer. gotch v0.9.1 leaked a malloc'd output slot per op; the patch
// step (scripts/gotch/fix-output-slots.pl) sizes and frees it.
func opsDropped(x *ts.Tensor, n int) {
	for i := 0; i < n; i++ {
		y := x.MustAddScalar(ts.IntScalar(1), false)
		y.MustDrop()
	}
}

// TestMillionOpsDoNotLeak: a million small ops, each dropped, must leave resident memory
// growth under 50 MB (the unfixed gotch grows by a C allocation per op).
func TestMillionOpsDoNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("a million ops take ~10 s")
	}
	ops := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("NOTECODER_LEAK_OPS")); err == nil && v > 0 {
		ops = v // a longer run, to see whether growth scales with ops
	}
	dev := gotch.CPU
	if d := os.Getenv("NOTECODER_LEAK_DEVICE"); d != "" { // e.g. cuda, on the GPU host
		var err error
		if dev, err = ParseDevice(d); err != nil {
			t.Fatal(err)
		}
	}
	w := NewWorker()
	defer w.Close()
	var before, after int64
	err := w.Do(context.Background(), func() error {
		x := ts.MustOnes([]int64{4}, gotch.Float, dev)
		defer x.MustDrop()
		opsDropped(x, 20_000) // warm up allocator pools and gotch's tensor registry
		settle()
		before = residentBytes(t)
		opsDropped(x, ops)
		settle()
		after = residentBytes(t)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	growth := after - before
	fmt.Printf("leak check: %d tensor ops on %s, each dropped: resident memory %.1f MB -> %.1f MB, growth %.1f MB (%.1f bytes/op)\n",
		ops, DeviceName(dev), mb(before), mb(after), mb(growth), float64(growth)/float64(ops))
	if growth >= 50<<20 {
		t.Fatalf("resident memory grew by %.1f MB over %d dropped ops (limit 50 MB): gotch is leaking per op; was the patch step (make setup) applied?", mb(growth), ops)
	}
}

func settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
