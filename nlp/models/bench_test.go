package models

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/torch"
)

// BenchmarkExtract measures the model extractor (smoking model + rules for entities) on
// batches of 16 notes of 1, 4 and 8 KB: documents per second on this machine's CPU.
func BenchmarkExtract(b *testing.B) {
	w := torch.NewWorker()
	dir := filepath.Join(b.TempDir(), "smoking")
	err := w.Do(context.Background(), func() error {
		m, _, err := TrainSmoking(DefaultSmokingConfig(), examples(), TrainOptions{Epochs: 2, Batch: 32, LR: 0.02, Patience: 2, Seed: 1, Device: gotch.CPU, ValSplit: 0.2})
		if err != nil {
			return err
		}
		_, err = m.Save(dir, SmokingMeta{Name: "bench", Version: "0"}, nil)
		return err
	})
	w.Close()
	if err != nil {
		b.Fatal(err)
	}
	e, err := Open(Options{Smoking: dir, Device: gotch.CPU})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	base := "Patient seen in clinic. Current smoker, 1 ppd. Wife smokes too. Atrial fibrillation, hypertension, no heart failure. Echo: LVEF 35%. Plan: continue apixaban.\n"
	for _, kb := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			text := strings.Repeat(base, kb*1024/len(base)+1)
			in := make([]nlp.Input, 16)
			for i := range in {
				in[i] = nlp.Input{Text: text}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := e.Extract(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*len(in))/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
