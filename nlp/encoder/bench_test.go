package encoder

import (
	"context"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/torch"
)

// BenchmarkForward measures the encoder's inference on CPU: batches of 32 sentences of
// about 24 tokens (a typical social-history sentence), reported as sentences per second.
func BenchmarkForward(b *testing.B) {
	p, err := Open(DefaultDir(), 128)
	if err != nil {
		b.Fatal(err)
	}
	sentence := "SOCIAL HISTORY: He quit smoking cigarettes about ten years ago and drinks alcohol only occasionally with his wife."
	texts := make([]string, 32)
	for i := range texts {
		texts[i] = sentence
	}
	ids, err := p.Tok.IDs(texts)
	if err != nil {
		b.Fatal(err)
	}
	w := torch.NewWorker()
	defer w.Close()
	err = w.Do(context.Background(), func() error {
		frozen, tuned := Stores(gotch.CPU)
		m, err := p.Build(frozen, tuned, 6)
		if err != nil {
			return err
		}
		batch := NewBatch(ids, gotch.CPU)
		defer batch.Drop()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			ts.NoGrad(func() {
				h := m.Forward(batch, false)
				h.MustDrop()
			})
		}
		b.StopTimer()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(32*b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(len(ids[0])), "tokens")
}
