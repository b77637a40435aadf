package encoder

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/sugarme/gotch"
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
