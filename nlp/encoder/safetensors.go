package encoder

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"
)

// Safetensors is a safetensors file read into memory: an 8-byte little-endian header
// length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
// little-endian data.
type Safetensors struct {
	path    string
	header  map[string]tensorInfo
	data    []byte
	Meta    map[string]string
	entries []string
}

type tensorInfo struct {
	DType   string   `json:"dtype"`
	Shape   []int64  `json:"shape"`
	Offsets [2]int64 `json:"data_offsets"`
}

// ReadSafetensors reads and checks a safetensors file.
func ReadSafetensors(path string) (*Safetensors, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 8 {
		return nil, fmt.Errorf("%s: too short for a safetensors file (%d bytes)", path, len(b))
	}
	n := binary.LittleEndian.Uint64(b[:8])
	if n > uint64(len(b)-8) || n > 100<<20 {
		return nil, fmt.Errorf("%s: header length %d does not fit the file (%d bytes): not a safetensors file", path, n, len(b))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &raw); err != nil {
		return nil, fmt.Errorf("%s: safetensors header: %w", path, err)
	}
	st := &Safetensors{path: path, header: map[string]tensorInfo{}, data: b[8+n:]}
	for k, v := range raw {
		if k == "__metadata__" {
			_ = json.Unmarshal(v, &st.Meta)
			continue
		}
		var ti tensorInfo
		if err := json.Unmarshal(v, &ti); err != nil {
			return nil, fmt.Errorf("%s: tensor %q: %w", path, k, err)
		}
		if ti.Offsets[0] < 0 || ti.Offsets[1] < ti.Offsets[0] || ti.Offsets[1] > int64(len(st.data)) {
			return nil, fmt.Errorf("%s: tensor %q: byte range %v outside the data (%d bytes)", path, k, ti.Offsets, len(st.data))
		}
		st.header[k] = ti
		st.entries = append(st.entries, k)
	}
	sort.Strings(st.entries)
	return st, nil
}

// Names lists the tensors in the file, sorted.
func (s *Safetensors) Names() []string { return s.entries }

// Float32 returns a float32 tensor's values and shape.
func (s *Safetensors) Float32(name string) ([]float32, []int64, error) {
	ti, ok := s.header[name]
	if !ok {
		return nil, nil, fmt.Errorf("%s: no tensor %q", s.path, name)
	}
	if ti.DType != "F32" {
		return nil, nil, fmt.Errorf("%s: tensor %q is %s; only F32 is supported", s.path, name, ti.DType)
	}
	n := int64(1)
	for _, d := range ti.Shape {
		n *= d
	}
	raw := s.data[ti.Offsets[0]:ti.Offsets[1]]
	if int64(len(raw)) != 4*n {
		return nil, nil, fmt.Errorf("%s: tensor %q: %d bytes for shape %v", s.path, name, len(raw), ti.Shape)
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out, ti.Shape, nil
}

// LoadInto copies into every variable of vs the tensor of the same name (after prefix
// is added, e.g. "" or "bert."), checking shapes. Variables whose names start with one
// of skip (new heads) are left as initialised; any other variable missing from the
// file is an error, so that a misnamed module cannot silently keep random weights.
func (s *Safetensors) LoadInto(vs *nn.VarStore, prefix string, skip ...string) error {
	var err error
	ts.NoGrad(func() {
	vars:
		for name, v := range vs.Variables() {
			for _, p := range skip {
				if strings.HasPrefix(name, p) {
					continue vars
				}
			}
			vals, shape, e := s.Float32(prefix + name)
			if e != nil {
				err = e
				return
			}
			want := v.MustSize()
			if fmt.Sprint(want) != fmt.Sprint(shape) {
				err = fmt.Errorf("%s: tensor %q has shape %v, the model's variable %v", s.path, prefix+name, shape, want)
				return
			}
			src := ts.MustOfSlice(vals).MustView(shape, true).MustTo(v.MustDevice(), true)
			v.Copy_(src)
			src.MustDrop()
		}
	})
	return err
}
