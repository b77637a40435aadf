// Package torch owns notecoder's boundary with libtorch (through gotch): which libtorch
// the binary was built for, device choice, seeding and the OS-thread-locked workers that
// all model code must run on. It knows nothing of notes, FHIR or Kafka.
//
// Why workers: libtorch keeps grad mode and gotch keeps its last-error slot in C++
// thread-locals, while goroutines move between OS threads. Every call into gotch must
// therefore happen on a goroutine that called runtime.LockOSThread, which is what
// Worker provides; give each worker its own model replica.
package torch

import (
	"fmt"
	"runtime"

	"github.com/sugarme/gotch"
	lib "github.com/sugarme/gotch/libtch"
)

// RuntimeInfo describes the libtorch this binary runs on.
type RuntimeInfo struct {
	GotchVersion    string `json:"gotch_version"`
	LibtorchVersion string `json:"libtorch_version"`
	LibtorchSource  string `json:"libtorch_source"`
	BuildVariant    string `json:"build_variant"` // cpu-<version> or cuda-<version>
	StubbedOps      int    `json:"stubbed_ops"`   // gotch wrappers this libtorch cannot provide
	CUDAAvailable   bool   `json:"cuda_available"`
	CUDADevices     int    `json:"cuda_devices"`
	CUDNNAvailable  bool   `json:"cudnn_available"`
	CPUThreads      int    `json:"cpu_threads"` // libtorch intra-op threads
	BLAS            string `json:"blas"`        // the BLAS behind libtorch's matrix products
}

// Info reports the libtorch runtime. It is cheap and safe to call from any goroutine.
func Info() RuntimeInfo {
	info := RuntimeInfo{
		GotchVersion:    lib.NotecoderGotchVersion,
		LibtorchVersion: lib.NotecoderLibtorchVersion,
		LibtorchSource:  lib.NotecoderLibtorchSource,
		BuildVariant:    lib.NotecoderVariant,
		StubbedOps:      lib.NotecoderStubbedOps,
		CPUThreads:      lib.AtGetNumThreads(),
		BLAS:            BLAS(),
	}
	info.CUDAAvailable = gotch.CUDA.IsAvailable()
	if info.CUDAAvailable {
		info.CUDADevices = int(gotch.CUDA.DeviceCount())
		info.CUDNNAvailable = gotch.CUDA.CudnnIsAvailable()
	}
	return info
}

// SetThreads sets libtorch's intra-op thread count (n <= 0 leaves libtorch's default).
func SetThreads(n int) {
	if n > 0 {
		lib.AtSetNumThreads(n)
	}
}

// Seed seeds libtorch's random generators, for reproducible initialisation and dropout.
func Seed(seed int64) { lib.AtManualSeed(seed) }

// DefaultThreads is a sensible libtorch thread count for one worker on this machine.
func DefaultThreads() int { return runtime.NumCPU() }

func (i RuntimeInfo) String() string {
	cuda := "no"
	if i.CUDAAvailable {
		cuda = fmt.Sprintf("yes, %d device(s), cuDNN %v", i.CUDADevices, i.CUDNNAvailable)
	}
	return fmt.Sprintf("gotch %s, libtorch %s (%s, build %s), CUDA: %s, CPU threads: %d",
		i.GotchVersion, i.LibtorchVersion, i.LibtorchSource, i.BuildVariant, cuda, i.CPUThreads)
}
