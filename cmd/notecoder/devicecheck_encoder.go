package main

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/encoder"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
)

// encoderReport is devicecheck's measure of the pretrained encoder (MiniLM) by itself on
// the device: the same pooled sentence vectors as on the CPU, and sentences per second.
type encoderReport struct {
	Weights   string         `json:"weights"`
	MaxLen    int            `json:"max_len"`
	Sentences int            `json:"sentences"`
	Tokens    map[string]int `json:"tokens"` // per sentence, [CLS] and [SEP] included
	Tolerance float64        `json:"tolerance"`
	MaxDiff   float64        `json:"max_pooled_difference"`
	OK        bool           `json:"ok"`
	Speed     []encoderSpeed `json:"speed"`
}

type encoderSpeed struct {
	Batch      int     `json:"batch"`
	Sentences  int     `json:"sentences"`
	Seconds    float64 `json:"seconds"`
	PerSecond  float64 `json:"sentences_per_second"`
	BatchP50ms float64 `json:"batch_latency_p50_ms"`
	BatchP99ms float64 `json:"batch_latency_p99_ms"`
}

// sentenceBreakRe splits a note into sentences for the encoder check: line ends,
// sentence-final punctuation before a space, and MTSamples' ".," section breaks.
var sentenceBreakRe = regexp.MustCompile(`\n+|[.!?;]\s+|\.,`)

// noteSentences returns up to n sentences of the notes, in order (those with at least
// three letters).
func noteSentences(texts []string, n int) []string {
	var out []string
	for _, t := range texts {
		for _, s := range sentenceBreakRe.Split(t, -1) {
			s = strings.TrimSpace(s)
			letters := 0
			for _, r := range s {
				if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
					letters++
				}
			}
			if letters >= 3 {
				out = append(out, s)
				if len(out) == n {
					return out
				}
			}
		}
	}
	return out
}

// openEncoderCheck opens the --encoder folder before devicecheck's long steps run: the
// weights too unless they are to be synthetic.
func openEncoderCheck(dir string, synthetic bool) (*encoder.Pretrained, error) {
	if synthetic {
		return encoder.OpenShape(dir, models.DefaultEncoderConfig().MaxLen)
	}
	pre, err := encoder.Open(dir, models.DefaultEncoderConfig().MaxLen)
	if err != nil {
		return nil, fmt.Errorf("%w (or add --encoder-synthetic to measure speed and parity without the weights)", err)
	}
	return pre, nil
}

// checkEncoder builds the encoder pre on the CPU (its pretrained weights, or synthetic
// seeded random ones: speed and parity do not depend on the values), copies it to dev,
// checks that both give the same pooled vectors for the notes' sentences, and measures
// dev's sentences per second at each batch size for d. Sentences are cut to the
// fine-tuned models' length.
func checkEncoder(pre *encoder.Pretrained, synthetic bool, dev gotch.Device, texts []string, maxSentences int, sizes []int, d time.Duration, tol float64) (encoderReport, error) {
	rep := encoderReport{MaxLen: pre.Tok.MaxLen, Tolerance: tol}
	sents := noteSentences(texts, maxSentences)
	if len(sents) == 0 {
		return rep, usageErrorf("--notes: no sentences for the encoder check")
	}
	ids, err := pre.Tok.IDs(sents)
	if err != nil {
		return rep, err
	}
	rep.Sentences = len(ids)
	lens := make([]int, len(ids))
	for i, x := range ids {
		lens[i] = len(x)
	}
	rep.Tokens = minMedianMax(lens)

	w := torch.NewWorker()
	defer w.Close()
	err = w.Do(context.Background(), func() error {
		cpuFrozen, cpuTuned := encoder.Stores(gotch.CPU)
		devFrozen, devTuned := encoder.Stores(dev)
		defer func() {
			for _, vs := range []interface{ Destroy() }{cpuFrozen, cpuTuned, devFrozen, devTuned} {
				vs.Destroy()
			}
		}()
		var onCPU *encoder.Bert
		if synthetic {
			onCPU = encoder.New(cpuFrozen.Root(), cpuTuned.Root(), pre.Cfg, pre.Cfg.Layers)
			torch.Seed(1)
			encoder.InitLikeBERT(cpuFrozen, pre.Cfg)
			rep.Weights = "synthetic (BERT's initialization, seed 1; the pretrained encoder's shape and tokenizer): speed and device parity, not accuracy"
		} else {
			var err error
			if onCPU, err = pre.Build(cpuFrozen, cpuTuned, pre.Cfg.Layers); err != nil {
				return err
			}
			rep.Weights = "pretrained, " + pre.Dir
		}
		onDev := encoder.New(devFrozen.Root(), devTuned.Root(), pre.Cfg, pre.Cfg.Layers)
		if err := devFrozen.Copy(cpuFrozen); err != nil {
			return fmt.Errorf("copying the encoder to %s: %w", torch.DeviceName(dev), err)
		}
		for start := 0; start < len(ids); start += 64 {
			part := ids[start:min(start+64, len(ids))]
			a, b := pooled(onCPU, part, gotch.CPU), pooled(onDev, part, dev)
			if len(a) != len(b) {
				return fmt.Errorf("pooled vectors of %d and %d values", len(a), len(b))
			}
			for i := range a {
				rep.MaxDiff = math.Max(rep.MaxDiff, math.Abs(a[i]-b[i]))
			}
		}
		rep.OK = rep.MaxDiff <= tol
		for _, size := range sizes {
			pooled(onDev, ids[:min(size, len(ids))], dev) // warm up: kernels, allocator
			var lat []time.Duration
			n, next := 0, 0
			start := time.Now()
			for time.Since(start) < d {
				batch := make([][]int64, 0, size)
				for len(batch) < size {
					batch = append(batch, ids[next%len(ids)])
					next++
				}
				t0 := time.Now()
				pooled(onDev, batch, dev)
				lat = append(lat, time.Since(t0))
				n += size
			}
			el := time.Since(start)
			ms := percentilesMs(lat)
			rep.Speed = append(rep.Speed, encoderSpeed{Batch: size, Sentences: n, Seconds: el.Seconds(),
				PerSecond: float64(n) / el.Seconds(), BatchP50ms: ms(0.5), BatchP99ms: ms(0.99)})
		}
		return nil
	})
	return rep, err
}

// pooled runs ids through m on device and returns the mean-pooled vectors, read back to
// the CPU (as a model reads its scores), flattened.
func pooled(m *encoder.Bert, ids [][]int64, device gotch.Device) []float64 {
	var out []float64
	ts.NoGrad(func() {
		b := encoder.NewBatch(ids, device)
		defer b.Drop()
		h := m.Forward(b, false)
		p := encoder.MeanPool(h, b)
		h.MustDrop()
		out = p.MustTo(gotch.CPU, true).Float64Values(true)
	})
	return out
}
