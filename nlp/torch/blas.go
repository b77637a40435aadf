package torch

/*
#cgo LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

typedef void (*nc_set_threads_fn)(int);
typedef char *(*nc_get_config_fn)(void);

static int nc_openblas_set_threads(int n) {
	nc_set_threads_fn f = (nc_set_threads_fn)dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
	if (f == NULL) return 0;
	f(n);
	return 1;
}

static const char *nc_openblas_config(void) {
	nc_get_config_fn f = (nc_get_config_fn)dlsym(RTLD_DEFAULT, "openblas_get_config");
	if (f == NULL) return NULL;
	return f();
}
*/
import "C"

import (
	"os"
	"strconv"
	"strings"

	lib "github.com/sugarme/gotch/libtch"
)

// libtorch does its matrix products through the system BLAS. Debian's libtorch-dev
// pulls in only the reference BLAS (libblas3), which made the entity tagger's products
// about three times slower; scripts/setup.sh installs OpenBLAS, which Debian's
// alternatives then select. OpenBLAS starts a thread per core whose busy-waiting ate
// about a third of the CPU next to notecoder's own per-replica worker threads, so
// notecoder runs it single-threaded (NOTECODER_BLAS_THREADS to change): parallelism
// comes from the replicas and libtorch's threads.
func init() {
	n := 1
	if v, err := strconv.Atoi(os.Getenv("NOTECODER_BLAS_THREADS")); err == nil && v > 0 {
		n = v
	}
	SetBLASThreads(n)
}

// SetBLASThreads sets OpenBLAS's thread count; false when the BLAS in use is not OpenBLAS.
func SetBLASThreads(n int) bool { return C.nc_openblas_set_threads(C.int(n)) == 1 }

// BLAS names the BLAS libtorch uses: OpenBLAS's configuration; for a libtorch that is not
// Debian's (a Python torch's, LIBTORCH=...), its own, which it links in; otherwise a hint
// that Debian's libtorch is on the slow reference implementation.
func BLAS() string {
	if c := C.nc_openblas_config(); c != nil {
		return C.GoString(c)
	}
	return blasHint(lib.NotecoderLibtorchSource)
}

func blasHint(source string) string {
	if strings.HasPrefix(source, "LIBTORCH=") {
		return "libtorch's own (a PyPI torch links its BLAS into libtorch_cpu: MKL on x86-64), not a system BLAS"
	}
	return "not OpenBLAS (the reference BLAS is slow: run make setup, which installs libopenblas0-pthread)"
}
