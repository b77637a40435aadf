package models

import (
	"fmt"
	"math"
	"math/rand"
	"os"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"
)

// bagNet is the network both models use: the mean of an example's hashed feature
// embeddings -> a ReLU layer -> class logits. Its variables are "emb", "fc1" and "fc2"
// under the VarStore's root.
type bagNet struct {
	emb     *nn.Embedding
	fc1     *nn.Linear
	fc2     *nn.Linear
	dropout float64
}

func newBagNet(vs *nn.VarStore, buckets, dim, hidden, classes int, dropout float64) *bagNet {
	root := vs.Root()
	ec := nn.DefaultEmbeddingConfig()
	ec.WsInit = nn.NewRandnInit(0, 0.1)
	return &bagNet{
		emb:     nn.NewEmbedding(root.Sub("emb"), int64(buckets), int64(dim), ec),
		fc1:     nn.NewLinear(root.Sub("fc1"), int64(dim), int64(hidden), nn.DefaultLinearConfig()),
		fc2:     nn.NewLinear(root.Sub("fc2"), int64(hidden), int64(classes), nn.DefaultLinearConfig()),
		dropout: dropout,
	}
}

// logits for a batch of examples given as feature id lists (padded with id 0, which the
// mask leaves out of the mean): [B, classes].
func (m *bagNet) logits(feats [][]int64, device gotch.Device, train bool) *ts.Tensor {
	mean := meanEmbedding(m.emb, feats, device)
	h := m.fc1.Forward(mean).MustRelu(true)
	mean.MustDrop()
	if train && m.dropout > 0 {
		d := ts.MustDropout(h, m.dropout, true)
		h.MustDrop() // also keeps h alive until dropout has read it
		h = d
	}
	out := m.fc2.Forward(h)
	h.MustDrop()
	return out
}

// meanEmbedding returns the mean of each example's feature embeddings, [B, D], in one
// embedding_bag call: summing with per-sample weights 1/n is the mean (gotch cannot pass
// embedding_bag an absent weight tensor, which its mean mode needs), and no [B, L, D]
// intermediate or padding mask is built. An example without features gets zeros.
func meanEmbedding(emb *nn.Embedding, feats [][]int64, device gotch.Device) *ts.Tensor {
	n := 0
	for _, f := range feats {
		n += len(f)
	}
	flat := make([]int64, 0, max(n, 1))
	w := make([]float32, 0, max(n, 1))
	offs := make([]int64, len(feats))
	for i, f := range feats {
		offs[i] = int64(len(flat))
		flat = append(flat, f...)
		for range f {
			w = append(w, 1/float32(len(f)))
		}
	}
	ids := ts.MustOfSlice(flat).MustTo(device, true)
	off := ts.MustOfSlice(offs).MustTo(device, true)
	psw := ts.MustOfSlice(w).MustTo(device, true)
	mean, a, b, c := ts.MustEmbeddingBag(emb.Ws, ids, off, false, 0, false, psw, false)
	for _, t := range []*ts.Tensor{a, b, c, ids, off, psw} {
		t.MustDrop()
	}
	return mean
}

// sample is one featurized training example.
type sample struct {
	feats []int64
	label int64
}

// fit trains net on samples: a seeded shuffle and validation split, Adam over
// minibatches, early stopping when score(validation) stops improving, and the best
// epoch's weights restored at the end. labelName, if set, counts labels for the report.
// It must run on a torch.Worker.
func fit(vs *nn.VarStore, net *bagNet, samples []sample, opt TrainOptions, score func(val []sample) float64, labelName func(int64) string) (TrainResult, error) {
	r := rand.New(rand.NewSource(opt.Seed))
	r.Shuffle(len(samples), func(i, j int) { samples[i], samples[j] = samples[j], samples[i] })
	nVal := int(math.Round(float64(len(samples)) * opt.ValSplit))
	val, train := samples[:nVal], samples[nVal:]
	res := TrainResult{TrainSize: len(train), ValSize: len(val), LabelCounts: map[string]int{}}
	if labelName != nil {
		for _, s := range samples {
			res.LabelCounts[labelName(s.label)]++
		}
	}
	steps := (len(train) + opt.Batch - 1) / opt.Batch
	err := epochs(vs, opt, steps, &res, func(s int) (*ts.Tensor, error) {
		if s == 0 {
			r.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
		}
		chunk := train[s*opt.Batch : min((s+1)*opt.Batch, len(train))]
		feats := make([][]int64, len(chunk))
		labels := make([]int64, len(chunk))
		for i, e := range chunk {
			feats[i], labels[i] = e.feats, e.label
		}
		logits := net.logits(feats, opt.Device, true)
		y := ts.MustOfSlice(labels).MustTo(opt.Device, true)
		loss := logits.CrossEntropyForLogits(y)
		logits.MustDrop()
		y.MustDrop()
		return loss, nil
	}, func() float64 { return score(val) })
	return res, err
}

// epochs is the training loop both models share: per epoch, steps minibatches (step
// returns the loss of minibatch s; s == 0 starts an epoch), Adam, progress callbacks,
// then the validation score; it stops after opt.Patience epochs without improvement
// and restores the best epoch's weights.
func epochs(vs *nn.VarStore, opt TrainOptions, steps int, res *TrainResult, step func(s int) (*ts.Tensor, error), score func() float64) error {
	adam, err := nn.DefaultAdamConfig().Build(vs, opt.LR)
	if err != nil {
		return err
	}
	best := bestEpoch{vs: vs}
	defer best.discard()
	stale := 0
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		total := 0.0
		for s := 0; s < steps; s++ {
			loss, err := step(s)
			if err != nil {
				return err
			}
			if err := adam.BackwardStep(loss); err != nil {
				loss.MustDrop()
				return err
			}
			l := loss.Float64Values(true)[0]
			total += l
			if opt.OnStep != nil {
				opt.OnStep(s+1, steps, l)
			}
		}
		res.TrainLoss, res.Epochs = total/float64(max(steps, 1)), epoch
		acc := score()
		if opt.OnEpoch != nil {
			opt.OnEpoch(epoch, res.TrainLoss, acc, steps, steps)
		}
		if acc > res.ValAccuracy+1e-9 || epoch == 1 {
			res.ValAccuracy, res.BestEpoch, stale = acc, epoch, 0
			if err := best.save(); err != nil {
				return err
			}
		} else if stale++; stale >= opt.Patience {
			break
		}
	}
	return best.restore()
}

// probs returns each example's class probabilities, in chunks.
func (m *bagNet) probs(feats [][]int64, device gotch.Device) [][]float64 {
	out := make([][]float64, 0, len(feats))
	for start := 0; start < len(feats); start += 1024 {
		ts.NoGrad(func() {
			chunk := feats[start:min(start+1024, len(feats))]
			logits := m.logits(chunk, device, false)
			p := logits.MustSoftmax(-1, gotch.Float, true).MustTo(gotch.CPU, true)
			flat := p.Float64Values(true)
			c := len(flat) / len(chunk)
			for i := range chunk {
				out = append(out, flat[i*c:(i+1)*c:(i+1)*c])
			}
		})
	}
	return out
}

// top returns each example's most probable class and its probability, in chunks: two
// numbers per example cross from libtorch to Go instead of every class's probability.
func (m *bagNet) top(feats [][]int64, device gotch.Device) ([]int, []float64) {
	classes := make([]int, 0, len(feats))
	probs := make([]float64, 0, len(feats))
	for start := 0; start < len(feats); start += 4096 {
		ts.NoGrad(func() {
			logits := m.logits(feats[start:min(start+4096, len(feats))], device, false)
			p := logits.MustSoftmax(-1, gotch.Float, true)
			v, i := p.MustMaxDim(-1, false, true)
			for _, c := range i.MustTo(gotch.CPU, true).Int64Values(true) {
				classes = append(classes, int(c))
			}
			probs = append(probs, v.MustTo(gotch.CPU, true).Float64Values(true)...)
		})
	}
	return classes, probs
}

// bestEpoch keeps the best weights so far in a temporary file.
type bestEpoch struct {
	vs   *nn.VarStore
	path string
}

func (b *bestEpoch) save() error {
	if b.path == "" {
		f, err := os.CreateTemp("", "notecoder-best-*.gt")
		if err != nil {
			return err
		}
		f.Close()
		b.path = f.Name()
	}
	if err := b.vs.Save(b.path); err != nil {
		return fmt.Errorf("saving the best epoch: %w", err)
	}
	return nil
}

func (b *bestEpoch) restore() error {
	if b.path == "" {
		return nil
	}
	if err := b.vs.Load(b.path); err != nil {
		return fmt.Errorf("restoring the best epoch: %w", err)
	}
	return nil
}

func (b *bestEpoch) discard() {
	if b.path != "" {
		os.Remove(b.path)
	}
}
