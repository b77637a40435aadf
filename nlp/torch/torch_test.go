package torch

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/sugarme/gotch"
	lib "github.com/sugarme/gotch/libtch"
	"github.com/sugarme/gotch/ts"
)

func TestMain(m *testing.M) {
	SetThreads(runtime.NumCPU())
	os.Exit(m.Run())
}

func TestInfoReportsTheLibtorchBuiltFor(t *testing.T) {
	info := Info()
	if info.GotchVersion != "v0.9.1" {
		t.Errorf("gotch version %q, want v0.9.1", info.GotchVersion)
	}
	parts := strings.Split(info.LibtorchVersion, ".")
	if len(parts) != 3 {
		t.Fatalf("libtorch version %q is not MAJOR.MINOR.PATCH", info.LibtorchVersion)
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			t.Fatalf("libtorch version %q: %v", info.LibtorchVersion, err)
		}
	}
	if !strings.HasPrefix(info.BuildVariant, "cpu-") && !strings.HasPrefix(info.BuildVariant, "cuda-") {
		t.Errorf("build variant %q, want cpu-* or cuda-*", info.BuildVariant)
	}
	if info.CPUThreads != runtime.NumCPU() {
		t.Errorf("CPU threads %d after SetThreads(%d)", info.CPUThreads, runtime.NumCPU())
	}
	if info.CUDAAvailable != (info.CUDADevices > 0) {
		t.Errorf("CUDA available %v but %d devices", info.CUDAAvailable, info.CUDADevices)
	}
}

func TestParseDevice(t *testing.T) {
	cuda := gotch.CUDA.IsAvailable()
	for _, tc := range []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"cpu", "cpu", false},
		{" CPU ", "cpu", false},
		{"auto", map[bool]string{true: "cuda:0", false: "cpu"}[cuda], false},
		{"", map[bool]string{true: "cuda:0", false: "cpu"}[cuda], false},
		{"cuda", "cuda:0", !cuda},
		{"cuda:0", "cuda:0", !cuda},
		{"cuda:999", "", true},
		{"cuda:-1", "", true},
		{"cuda:x", "", true},
		{"gpu", "", true},
	} {
		d, err := ParseDevice(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseDevice(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		if err == nil && DeviceName(d) != tc.want {
			t.Errorf("ParseDevice(%q) = %s, want %s", tc.in, DeviceName(d), tc.want)
		}
	}
	if !cuda {
		if _, err := ParseDevice("cuda"); !errors.Is(err, ErrNoCUDA) {
			t.Errorf("ParseDevice(cuda) without CUDA: error %v, want ErrNoCUDA", err)
		}
	}
}

// The gotch smoke test: a tiny model trains (loss falls), is saved, reloaded into a new
// VarStore, and gives identical outputs. On a CUDA build it also runs on the GPU.
func TestSelfCheckTrainsSavesAndReloads(t *testing.T) {
	devices := []gotch.Device{gotch.CPU}
	if gotch.CUDA.IsAvailable() {
		devices = append(devices, gotch.CudaBuilder(0))
	}
	w := NewWorker()
	defer w.Close()
	for _, dev := range devices {
		var rep SelfCheckReport
		err := w.Do(context.Background(), func() error {
			var err error
			rep, err = SelfCheck(dev, 100, t.TempDir())
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", DeviceName(dev), err)
		}
		t.Logf("%s", rep)
		if rep.FinalLoss >= rep.InitialLoss/2 {
			t.Errorf("%s: loss %.4f -> %.4f did not fall by half", DeviceName(dev), rep.InitialLoss, rep.FinalLoss)
		}
		if rep.MaxReloadDif != 0 {
			t.Errorf("%s: reloaded outputs differ by %g", DeviceName(dev), rep.MaxReloadDif)
		}
		if rep.Accuracy < 0.9 {
			t.Errorf("%s: training accuracy %.2f on a separable toy task", DeviceName(dev), rep.Accuracy)
		}
	}
}

func TestWorkerRunsOnOneLockedThreadAndRecoversPanics(t *testing.T) {
	w := NewWorker()
	defer w.Close()
	ctx := context.Background()
	// Grad mode is a C++ thread-local: switching it off in one job must be seen by the next.
	if err := w.Do(ctx, func() error { _, err := ts.GradSetEnabled(false); return err }); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		var enabled bool
		if err := w.Do(ctx, func() error {
			runtime.Gosched()
			prev, err := ts.GradSetEnabled(false)
			enabled = prev
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if enabled {
			t.Fatalf("job %d saw grad mode enabled: the worker changed OS threads", i)
		}
	}
	err := w.Do(ctx, func() error { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("panic in a job: error %v, want it reported", err)
	}
	if err := w.Do(ctx, func() error { return nil }); err != nil {
		t.Fatalf("worker unusable after a panic: %v", err)
	}
	w.Close()
	if err := w.Do(ctx, func() error { return nil }); !errors.Is(err, ErrWorkerClosed) {
		t.Fatalf("Do after Close: %v, want ErrWorkerClosed", err)
	}
}

// A job that ends its goroutine instead of returning (t.Fatal inside Do) gets an answer,
// and the worker it ended says so, instead of every caller waiting forever.
func TestWorkerAnswersAJobThatCallsGoexit(t *testing.T) {
	w := NewWorker()
	defer w.Close()
	ctx := context.Background()
	if err := w.Do(ctx, func() error { runtime.Goexit(); return nil }); !errors.Is(err, ErrJobExited) {
		t.Fatalf("job calling Goexit: %v, want ErrJobExited", err)
	}
	if err := w.Do(ctx, func() error { return nil }); !errors.Is(err, ErrWorkerClosed) {
		t.Fatalf("Do on the ended worker: %v, want ErrWorkerClosed", err)
	}
}

func TestUnsupportedOpReturnsClearError(t *testing.T) {
	if Info().StubbedOps == 0 {
		t.Skip("this libtorch supports every gotch wrapper")
	}
	w := NewWorker()
	defer w.Close()
	v := Info().LibtorchVersion
	if !strings.HasPrefix(v, "1.") && v != "2.11.0" {
		t.Fatalf("libtorch %s stubs %d wrappers, but this test knows none of them: add a call to one in scripts/gotch/unsupported/libtorch-%s.txt", v, Info().StubbedOps, v)
	}
	err := w.Do(context.Background(), func() error {
		switch {
		case strings.HasPrefix(v, "1."): // nonzero_static is new in libtorch 2.1
			x := ts.MustOnes([]int64{2, 2}, gotch.Float, gotch.CPU)
			defer x.MustDrop()
			_, err := x.NonzeroStatic(1, 0, false)
			return err
		default: // 2.11.0: _cslt_sparse_mm changed signature after 2.1; the stub reads no argument
			var out lib.Ctensor
			lib.Atg_CsltSparseMm(&out, nil, nil, nil, 0)
			return ts.TorchErr()
		}
	})
	if err == nil || !strings.Contains(err.Error(), "operation not available in libtorch") {
		t.Fatalf("stubbed op: error %v, want one naming the missing operation", err)
	}
}

// A Python torch's libtorch (the CUDA build) brings its own BLAS: the hint to install
// OpenBLAS is for Debian's libtorch only.
func TestBLASHintNamesTheLibtorch(t *testing.T) {
	if h := blasHint("LIBTORCH=/opt/torch/lib"); !strings.Contains(h, "libtorch's own") {
		t.Errorf("a carried libtorch: %q", h)
	}
	if h := blasHint("Debian libtorch-dev 1.13.1+dfsg-4"); !strings.Contains(h, "make setup") {
		t.Errorf("Debian's libtorch: %q", h)
	}
}
