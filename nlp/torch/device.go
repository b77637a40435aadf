package torch

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sugarme/gotch"
)

// ErrNoCUDA is returned when a CUDA device is asked for and none can be used.
var ErrNoCUDA = fmt.Errorf("CUDA is not available to this binary: use --device cpu, or build the CUDA variant (scripts/gpu-check.sh) and run it where a GPU and its driver are present")

// ParseDevice turns a --device value into a gotch device:
//
//	auto      the first CUDA device when one is usable, else the CPU
//	cpu       the CPU
//	cuda      CUDA device 0
//	cuda:N    CUDA device N
func ParseDevice(s string) (gotch.Device, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "" || s == "auto":
		if gotch.CUDA.IsAvailable() {
			return gotch.CudaBuilder(0), nil
		}
		return gotch.CPU, nil
	case s == "cpu":
		return gotch.CPU, nil
	case s == "cuda" || strings.HasPrefix(s, "cuda:"):
		idx := 0
		if rest, ok := strings.CutPrefix(s, "cuda:"); ok {
			n, err := strconv.Atoi(rest)
			if err != nil || n < 0 {
				return gotch.CPU, fmt.Errorf("device %q: the CUDA index must be a number >= 0, e.g. cuda:0", s)
			}
			idx = n
		}
		if !gotch.CUDA.IsAvailable() {
			return gotch.CPU, fmt.Errorf("device %q: %w", s, ErrNoCUDA)
		}
		if n := int(gotch.CUDA.DeviceCount()); idx >= n {
			return gotch.CPU, fmt.Errorf("device %q: only %d CUDA device(s) present (cuda:0 to cuda:%d)", s, n, n-1)
		}
		return gotch.CudaBuilder(uint(idx)), nil
	default:
		return gotch.CPU, fmt.Errorf("unknown device %q: use auto, cpu, cuda or cuda:N", s)
	}
}

// DeviceName is the --device spelling of d.
func DeviceName(d gotch.Device) string {
	if d.IsCuda() {
		return fmt.Sprintf("cuda:%d", d.Value)
	}
	return "cpu"
}
