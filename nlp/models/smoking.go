// Package models holds notecoder's neural models, built and run with gotch (libtorch):
// the smoking-status sentence classifier (and, to come, the cardiology entity tagger),
// their training loops, and how a trained model is saved and loaded. All gotch calls run
// on torch.Workers (goroutines locked to one OS thread).
package models

import (
	"fmt"
	"math"
	"math/rand"
	"os"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/tokenize"
	"github.com/notecoder/notecoder/nlp/torch"
)

// SentenceLabels are the smoking model's classes for one tobacco-related sentence.
// Other: tobacco is mentioned but not as the patient's smoking status (a relative
// smokes, second-hand smoke, e-cigarettes only).
var SentenceLabels = []string{"CURRENT SMOKER", "PAST SMOKER", "SMOKER", "NON-SMOKER", "OTHER"}

// SmokingConfig describes the architecture; it is saved with the weights.
type SmokingConfig struct {
	Buckets     int     `json:"buckets"`
	MinN        int     `json:"min_n"`
	MaxN        int     `json:"max_n"`
	Dim         int     `json:"dim"`
	Hidden      int     `json:"hidden"`
	MaxFeatures int     `json:"max_features"` // per sentence
	Dropout     float64 `json:"dropout"`
}

// DefaultSmokingConfig is small enough to ship in the repository (~4 MB of weights) and
// to run well over 100 notes per second on one CPU core.
func DefaultSmokingConfig() SmokingConfig {
	return SmokingConfig{Buckets: tokenize.Default.Buckets, MinN: 3, MaxN: 5, Dim: 32, Hidden: 64, MaxFeatures: 400, Dropout: 0.2}
}

func (c SmokingConfig) hasher() tokenize.Hasher {
	return tokenize.Hasher{Buckets: c.Buckets, MinN: c.MinN, MaxN: c.MaxN}
}

// smokingNet: mean of hashed n-gram embeddings -> ReLU layer -> class logits.
type smokingNet struct {
	cfg SmokingConfig
	emb *nn.Embedding
	fc1 *nn.Linear
	fc2 *nn.Linear
}

func newSmokingNet(vs *nn.VarStore, cfg SmokingConfig) *smokingNet {
	root := vs.Root()
	ec := nn.DefaultEmbeddingConfig()
	ec.WsInit = nn.NewRandnInit(0, 0.1)
	return &smokingNet{
		cfg: cfg,
		emb: nn.NewEmbedding(root.Sub("emb"), int64(cfg.Buckets), int64(cfg.Dim), ec),
		fc1: nn.NewLinear(root.Sub("fc1"), int64(cfg.Dim), int64(cfg.Hidden), nn.DefaultLinearConfig()),
		fc2: nn.NewLinear(root.Sub("fc2"), int64(cfg.Hidden), int64(len(SentenceLabels)), nn.DefaultLinearConfig()),
	}
}

// batch turns sentences into padded feature ids [B, L] and a mask [B, L, 1].
func (m *smokingNet) batch(sentences []string, device gotch.Device) (ids, mask *ts.Tensor) {
	h := m.cfg.hasher()
	feats := make([][]int64, len(sentences))
	maxL := 1
	for i, s := range sentences {
		feats[i] = h.Bag(s, m.cfg.MaxFeatures)
		maxL = max(maxL, len(feats[i]))
	}
	flat := make([]int64, len(sentences)*maxL)
	mk := make([]float32, len(sentences)*maxL)
	for i, f := range feats {
		copy(flat[i*maxL:], f)
		for j := range f {
			mk[i*maxL+j] = 1
		}
	}
	b := int64(len(sentences))
	ids = ts.MustOfSlice(flat).MustView([]int64{b, int64(maxL)}, true).MustTo(device, true)
	mask = ts.MustOfSlice(mk).MustView([]int64{b, int64(maxL), 1}, true).MustTo(device, true)
	return ids, mask
}

// forward returns logits [B, classes].
func (m *smokingNet) forward(ids, mask *ts.Tensor, train bool) *ts.Tensor {
	e := m.emb.Forward(ids)                                                                 // [B, L, D]
	summed := e.MustMul(mask, true).MustSumDimIntlist([]int64{1}, false, gotch.Float, true) // [B, D]
	count := mask.MustSumDimIntlist([]int64{1}, false, gotch.Float, false).MustClampMin(ts.FloatScalar(1), true)
	mean := summed.MustDiv(count, true)
	count.MustDrop()
	h := m.fc1.Forward(mean).MustRelu(true)
	mean.MustDrop()
	if train && m.cfg.Dropout > 0 {
		d := ts.MustDropout(h, m.cfg.Dropout, true)
		h.MustDrop() // also keeps h alive until dropout has read it
		h = d
	}
	out := m.fc2.Forward(h)
	h.MustDrop()
	return out
}

// Example is one labelled sentence.
type Example struct {
	Text  string
	Label int // index into SentenceLabels
}

// TrainOptions steer training.
type TrainOptions struct {
	Epochs   int     // upper bound; early stopping usually ends sooner
	Batch    int     // sentences per step
	LR       float64 // Adam learning rate
	Patience int     // epochs without validation improvement before stopping
	Seed     int64
	Device   gotch.Device
	ValSplit float64                                                // share held out for validation
	OnEpoch  func(epoch int, loss, valAcc float64, step, steps int) // progress
	OnStep   func(step, steps int, loss float64)
}

// TrainResult reports how training went.
type TrainResult struct {
	Epochs      int            `json:"epochs"`
	BestEpoch   int            `json:"best_epoch"`
	TrainLoss   float64        `json:"train_loss"`
	ValAccuracy float64        `json:"val_accuracy"`
	TrainSize   int            `json:"train_sentences"`
	ValSize     int            `json:"val_sentences"`
	LabelCounts map[string]int `json:"label_counts"`
}

// SmokingModel is a trained (or loaded) smoking sentence classifier. Use it from one
// torch.Worker only.
type SmokingModel struct {
	vs     *nn.VarStore
	net    *smokingNet
	device gotch.Device
}

// TrainSmoking trains a new model on examples. It must run on a torch.Worker.
func TrainSmoking(cfg SmokingConfig, examples []Example, opt TrainOptions) (*SmokingModel, TrainResult, error) {
	if len(examples) < 10 {
		return nil, TrainResult{}, fmt.Errorf("only %d training sentences: need at least 10", len(examples))
	}
	r := rand.New(rand.NewSource(opt.Seed))
	torch.Seed(opt.Seed)
	shuffled := append([]Example(nil), examples...)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	nVal := int(math.Round(float64(len(shuffled)) * opt.ValSplit))
	val, train := shuffled[:nVal], shuffled[nVal:]
	res := TrainResult{TrainSize: len(train), ValSize: len(val), LabelCounts: map[string]int{}}
	for _, e := range examples {
		res.LabelCounts[SentenceLabels[e.Label]]++
	}

	vs := nn.NewVarStore(opt.Device)
	net := newSmokingNet(vs, cfg)
	adam, err := nn.DefaultAdamConfig().Build(vs, opt.LR)
	if err != nil {
		return nil, res, err
	}
	m := &SmokingModel{vs: vs, net: net, device: opt.Device}
	best, bestEpoch, stale := -1.0, 0, 0
	bestPath := ""
	steps := (len(train) + opt.Batch - 1) / opt.Batch
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		r.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
		total := 0.0
		for s := 0; s < steps; s++ {
			chunk := train[s*opt.Batch : min((s+1)*opt.Batch, len(train))]
			texts := make([]string, len(chunk))
			labels := make([]int64, len(chunk))
			for i, e := range chunk {
				texts[i], labels[i] = e.Text, int64(e.Label)
			}
			ids, mask := net.batch(texts, opt.Device)
			y := ts.MustOfSlice(labels).MustTo(opt.Device, true)
			logits := net.forward(ids, mask, true)
			loss := logits.CrossEntropyForLogits(y)
			logits.MustDrop()
			ids.MustDrop()
			mask.MustDrop()
			y.MustDrop()
			if err := adam.BackwardStep(loss); err != nil {
				loss.MustDrop()
				return nil, res, err
			}
			l := loss.Float64Values(true)[0]
			total += l
			if opt.OnStep != nil {
				opt.OnStep(s+1, steps, l)
			}
		}
		res.TrainLoss = total / float64(steps)
		acc := 1.0
		if len(val) > 0 {
			acc = m.accuracy(val)
		}
		res.Epochs = epoch
		if opt.OnEpoch != nil {
			opt.OnEpoch(epoch, res.TrainLoss, acc, steps, steps)
		}
		if acc > best+1e-9 {
			best, bestEpoch, stale = acc, epoch, 0
			if bestPath != "" {
				os.Remove(bestPath)
			}
			if bestPath, err = m.snapshot(); err != nil {
				return nil, res, err
			}
		} else if stale++; stale >= opt.Patience {
			break
		}
	}
	if bestPath != "" {
		defer os.Remove(bestPath)
		if err := vs.Load(bestPath); err != nil {
			return nil, res, fmt.Errorf("restoring the best epoch: %w", err)
		}
	}
	res.BestEpoch, res.ValAccuracy = bestEpoch, best
	return m, res, nil
}

// Predict returns the class probabilities of each sentence ([n][classes]).
func (m *SmokingModel) Predict(sentences []string) [][]float64 {
	if len(sentences) == 0 {
		return nil
	}
	var out [][]float64
	ts.NoGrad(func() {
		ids, mask := m.net.batch(sentences, m.device)
		logits := m.net.forward(ids, mask, false)
		ids.MustDrop()
		mask.MustDrop()
		probs := logits.MustSoftmax(-1, gotch.Float, true).MustTo(gotch.CPU, true)
		flat := probs.Float64Values(true)
		c := len(SentenceLabels)
		for i := range sentences {
			out = append(out, flat[i*c:(i+1)*c])
		}
	})
	return out
}

func (m *SmokingModel) accuracy(val []Example) float64 {
	texts := make([]string, len(val))
	for i, e := range val {
		texts[i] = e.Text
	}
	right := 0
	for start := 0; start < len(texts); start += 256 {
		end := min(start+256, len(texts))
		for i, p := range m.Predict(texts[start:end]) {
			if argmax(p) == val[start+i].Label {
				right++
			}
		}
	}
	return float64(right) / float64(len(val))
}

func argmax(p []float64) int {
	best := 0
	for i := range p {
		if p[i] > p[best] {
			best = i
		}
	}
	return best
}

// Classify aggregates sentence predictions into a document status: the most specific
// patient status found wins (current > past > smoker > non-smoker); no status: UNKNOWN.
func Classify(probs [][]float64) (findings.SmokingStatus, int, float64) {
	rank := map[int]int{0: 4, 1: 3, 2: 2, 3: 1, 4: 0}
	best, bestIdx, score := -1, -1, 0.0
	for i, p := range probs {
		c := argmax(p)
		if c == 4 { // OTHER
			continue
		}
		if rank[c] > best {
			best, bestIdx, score = rank[c], i, p[c]
		}
	}
	if bestIdx < 0 {
		return findings.Unknown, -1, 0
	}
	return findings.SmokingStatus(SentenceLabels[argmax(probs[bestIdx])]), bestIdx, score
}
