package encoder

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/torch"
)

// Reference values computed independently from the same safetensors file with NumPy
// (a direct transcription of BERT's equations) and Hugging Face's `tokenizers`: the first
// 8 dimensions of the mean-pooled last layer, and its norm.
var reference = []struct {
	text string
	ids  []int64
	mean []float64
	norm float64
}{
	{"She is a nonsmoker.", []int64{101, 2016, 2003, 1037, 2512, 25855, 5484, 1012, 102},
		[]float64{0.09621, -0.19474, -0.02385, 0.05711, -0.24119, -0.06476, 0.03165, -0.22737}, 5.20133},
	{"Patient quit smoking at age 45; denies alcohol.", []int64{101, 5776, 8046, 9422, 2012, 2287, 3429, 1025, 23439, 6544, 1012, 102},
		[]float64{0.55833, 0.76126, -0.32315, -0.02659, -0.06613, 0.30876, -0.26862, 0.00655}, 6.185},
}

func TestPretrainedEncoderMatchesReference(t *testing.T) {
	p, err := Open(DefaultDir(), 128)
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(reference))
	for i, r := range reference {
		texts[i] = r.text
	}
	ids, err := p.Tok.IDs(texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range reference {
		if len(ids[i]) != len(r.ids) {
			t.Fatalf("%q: ids %v, want %v", r.text, ids[i], r.ids)
		}
		for j := range r.ids {
			if ids[i][j] != r.ids[j] {
				t.Fatalf("%q: ids %v, want %v", r.text, ids[i], r.ids)
			}
		}
	}
	w := torch.NewWorker()
	defer w.Close()
	for _, first := range []int{6, 4} { // all frozen; top two layers on the tuned store
		err = w.Do(context.Background(), func() error {
			frozen, tuned := Stores(gotch.CPU)
			b, err := p.Build(frozen, tuned, first)
			if err != nil {
				return err
			}
			batch := NewBatch(ids, gotch.CPU) // padded: the shorter text must not change
			defer batch.Drop()
			var vals []float64
			ts.NoGrad(func() {
				h := b.Forward(batch, false)
				m := MeanPool(h, batch)
				h.MustDrop()
				vals = m.Float64Values(true)
			})
			for i, r := range reference {
				v := vals[i*384 : (i+1)*384]
				norm := 0.0
				for _, x := range v {
					norm += x * x
				}
				if math.Abs(math.Sqrt(norm)-r.norm) > 1e-3 {
					t.Errorf("first=%d %q: norm %.5f, want %.5f", first, r.text, math.Sqrt(norm), r.norm)
				}
				for j, want := range r.mean {
					if math.Abs(v[j]-want) > 1e-3 {
						t.Errorf("first=%d %q: dim %d = %.5f, want %.5f", first, r.text, j, v[j], want)
					}
				}
			}
			if n := len(tuned.Variables()); (first == 6) != (n == 0) {
				t.Errorf("first=%d: %d tuned variables", first, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestTokenizerCutsLongTextKeepingSep(t *testing.T) {
	p, err := Open(DefaultDir(), 8)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Tok.Encode("one two three four five six seven eight nine ten")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.IDs) != 8 || e.IDs[0] != 101 || e.IDs[7] != 102 {
		t.Fatalf("ids %v: want 8 ids from [CLS] to [SEP]", e.IDs)
	}
}

func TestSafetensorsRejectsGarbage(t *testing.T) {
	dir := t.TempDir()
	for name, b := range map[string][]byte{"short": {1, 2}, "huge-header": {255, 255, 255, 255, 0, 0, 0, 0, '{', '}'}} {
		path := dir + "/" + name
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadSafetensors(path); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// devicecheck compares a device's arithmetic with the CPU's on synthetic weights: that only
// works if a tiny change of the weights moves the output as little as it does for the
// pretrained encoder. A change of one part in a million must move no pooled value by more
// than 1e-4 (gotch's default initialization moved it by 0.6).
func TestSyntheticWeightsAreWellConditioned(t *testing.T) {
	p, err := OpenShape(DefaultDir(), 96)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := p.Tok.IDs([]string{"He quit smoking ten years ago and drinks only occasionally.", "No chest pain.",
		"History of hypertension, diabetes and coronary artery disease with stents in 2019."})
	if err != nil {
		t.Fatal(err)
	}
	pool := func(m *Bert) []float64 {
		var out []float64
		ts.NoGrad(func() {
			b := NewBatch(ids, gotch.CPU)
			defer b.Drop()
			h := m.Forward(b, false)
			out = MeanPool(h, b).Float64Values(true)
			h.MustDrop()
		})
		return out
	}
	w := torch.NewWorker()
	defer w.Close()
	err = w.Do(context.Background(), func() error {
		build := func(seed int64) (*Bert, *nn.VarStore) {
			frozen, tuned := Stores(gotch.CPU)
			m := New(frozen.Root(), tuned.Root(), p.Cfg, p.Cfg.Layers)
			torch.Seed(seed)
			InitLikeBERT(frozen, p.Cfg)
			return m, frozen
		}
		a, _ := build(1)
		b, vb := build(1)
		other, _ := build(2)
		x, y, z := pool(a), pool(b), pool(other)
		if d := maxDiff(x, y); d != 0 {
			t.Errorf("the same seed gave different encoders: pooled values differ by %g", d)
		}
		if d := maxDiff(x, z); d < 1e-2 {
			t.Errorf("seeds 1 and 2 gave the same encoder (pooled values within %g)", d)
		}
		ts.NoGrad(func() {
			for _, v := range vb.Variables() {
				v.MustMulScalar_(ts.FloatScalar(1 + 1e-6))
			}
		})
		d := maxDiff(x, pool(b))
		if d > 1e-4 {
			t.Errorf("a change of one part in a million moved a pooled value by %g", d)
		}
		t.Logf("a change of one part in a million moved pooled values by up to %.2g", d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}
