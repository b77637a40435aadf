package models

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"strings"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/tokenize"
	"github.com/notecoder/notecoder/nlp/torch"
)

// TaggerConfig describes the entity tagger: each token is classified (BIO over the
// concept codes) from its own character n-grams and its neighbours' words.
type TaggerConfig struct {
	Buckets int      `json:"buckets"`
	MinN    int      `json:"min_n"`
	MaxN    int      `json:"max_n"`
	Dim     int      `json:"dim"`
	Hidden  int      `json:"hidden"`
	Window  int      `json:"window"` // neighbours on each side
	Dropout float64  `json:"dropout"`
	Codes   []string `json:"codes"` // concept codes, in tag order
}

// DefaultTaggerConfig covers the concept table's codes.
func DefaultTaggerConfig(codes []string) TaggerConfig {
	return TaggerConfig{Buckets: tokenize.Default.Buckets, MinN: 3, MaxN: 5, Dim: 48, Hidden: 96, Window: 2, Dropout: 0.2, Codes: codes}
}

// tags: 0 = O, 1+2k = B-code k, 2+2k = I-code k.
func (c TaggerConfig) classes() int { return 1 + 2*len(c.Codes) }

func (c TaggerConfig) hasher() tokenize.Hasher {
	return tokenize.Hasher{Buckets: c.Buckets, MinN: c.MinN, MaxN: c.MaxN}
}

// tokenFeatures: the token's n-grams and, for each neighbour within the window, its
// lower-cased word tagged with its relative position.
func (c TaggerConfig) tokenFeatures(toks []tokenize.Token) [][]int64 {
	h := c.hasher()
	out := make([][]int64, len(toks))
	for i, t := range toks {
		f := h.Features(t.Text)
		for d := -c.Window; d <= c.Window; d++ {
			if d == 0 {
				continue
			}
			j := i + d
			w := "<pad>"
			if j >= 0 && j < len(toks) {
				w = strings.ToLower(toks[j].Text)
			}
			f = append(f, h.ID(fmt.Sprintf("p%d:%s", d, w)))
		}
		out[i] = f
	}
	return out
}

type taggerNet struct {
	cfg TaggerConfig
	emb *nn.Embedding
	fc1 *nn.Linear
	fc2 *nn.Linear
}

func newTaggerNet(vs *nn.VarStore, cfg TaggerConfig) *taggerNet {
	root := vs.Root()
	ec := nn.DefaultEmbeddingConfig()
	ec.WsInit = nn.NewRandnInit(0, 0.1)
	return &taggerNet{
		cfg: cfg,
		emb: nn.NewEmbedding(root.Sub("emb"), int64(cfg.Buckets), int64(cfg.Dim), ec),
		fc1: nn.NewLinear(root.Sub("fc1"), int64(cfg.Dim), int64(cfg.Hidden), nn.DefaultLinearConfig()),
		fc2: nn.NewLinear(root.Sub("fc2"), int64(cfg.Hidden), int64(cfg.classes()), nn.DefaultLinearConfig()),
	}
}

// logits for a batch of tokens given as feature lists: [B, classes].
func (m *taggerNet) logits(feats [][]int64, device gotch.Device, train bool) *ts.Tensor {
	maxL := 1
	for _, f := range feats {
		maxL = max(maxL, len(f))
	}
	flat := make([]int64, len(feats)*maxL)
	mk := make([]float32, len(feats)*maxL)
	for i, f := range feats {
		copy(flat[i*maxL:], f)
		for j := range f {
			mk[i*maxL+j] = 1
		}
	}
	b := int64(len(feats))
	ids := ts.MustOfSlice(flat).MustView([]int64{b, int64(maxL)}, true).MustTo(device, true)
	mask := ts.MustOfSlice(mk).MustView([]int64{b, int64(maxL), 1}, true).MustTo(device, true)
	e := m.emb.Forward(ids)
	ids.MustDrop()
	summed := e.MustMul(mask, true).MustSumDimIntlist([]int64{1}, false, gotch.Float, true)
	count := mask.MustSumDimIntlist([]int64{1}, false, gotch.Float, true).MustClampMin(ts.FloatScalar(1), true)
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

// TaggedNote is a training note: its text and the spans of each concept mention.
type TaggedNote struct {
	Text     string
	Mentions map[string][]findings.Span // code -> spans
}

// Tagger is a trained entity tagger. Use it from one torch.Worker only.
type Tagger struct {
	vs     *nn.VarStore
	net    *taggerNet
	device gotch.Device
}

// tokenTags labels each token of a note: B/I of the concept whose span covers it.
func (c TaggerConfig) tokenTags(toks []tokenize.Token, mentions map[string][]findings.Span) []int64 {
	tags := make([]int64, len(toks))
	for k, code := range c.Codes {
		for _, s := range mentions[code] {
			first := true
			for i, t := range toks {
				if t.Span.Start >= s.Start && t.Span.End <= s.End {
					if first {
						tags[i] = int64(1 + 2*k)
						first = false
					} else {
						tags[i] = int64(2 + 2*k)
					}
				}
			}
		}
	}
	return tags
}

// TrainTagger trains on notes (tokens of all notes pooled). It must run on a torch.Worker.
func TrainTagger(cfg TaggerConfig, notes []TaggedNote, opt TrainOptions) (*Tagger, TrainResult, error) {
	type ex struct {
		f   []int64
		tag int64
	}
	var all []ex
	for _, n := range notes {
		toks := tokenize.Words(n.Text)
		feats := cfg.tokenFeatures(toks)
		tags := cfg.tokenTags(toks, n.Mentions)
		for i := range toks {
			all = append(all, ex{feats[i], tags[i]})
		}
	}
	if len(all) < 50 {
		return nil, TrainResult{}, fmt.Errorf("only %d training tokens", len(all))
	}
	r := rand.New(rand.NewSource(opt.Seed))
	torch.Seed(opt.Seed)
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	nVal := int(math.Round(float64(len(all)) * opt.ValSplit))
	val, train := all[:nVal], all[nVal:]
	res := TrainResult{TrainSize: len(train), ValSize: len(val), LabelCounts: map[string]int{}}
	vs := nn.NewVarStore(opt.Device)
	net := newTaggerNet(vs, cfg)
	adam, err := nn.DefaultAdamConfig().Build(vs, opt.LR)
	if err != nil {
		return nil, res, err
	}
	tg := &Tagger{vs: vs, net: net, device: opt.Device}
	best, stale := -1.0, 0
	var bestPath string
	steps := (len(train) + opt.Batch - 1) / opt.Batch
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		r.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
		total := 0.0
		for s := 0; s < steps; s++ {
			chunk := train[s*opt.Batch : min((s+1)*opt.Batch, len(train))]
			feats := make([][]int64, len(chunk))
			tags := make([]int64, len(chunk))
			for i, e := range chunk {
				feats[i], tags[i] = e.f, e.tag
			}
			logits := net.logits(feats, opt.Device, true)
			y := ts.MustOfSlice(tags).MustTo(opt.Device, true)
			loss := logits.CrossEntropyForLogits(y)
			logits.MustDrop()
			y.MustDrop()
			if err := adam.BackwardStep(loss); err != nil {
				return nil, res, err
			}
			total += loss.Float64Values(true)[0]
			if opt.OnStep != nil {
				opt.OnStep(s+1, steps, total/float64(s+1))
			}
		}
		res.TrainLoss, res.Epochs = total/float64(steps), epoch
		// Validation: token accuracy on tokens that are part of a mention or predicted so.
		right, n := 0, 0
		for start := 0; start < len(val); start += 1024 {
			chunk := val[start:min(start+1024, len(val))]
			feats := make([][]int64, len(chunk))
			for i, e := range chunk {
				feats[i] = e.f
			}
			pred := tg.predictFeats(feats)
			for i, e := range chunk {
				if e.tag != 0 || pred[i] != 0 {
					n++
					if int64(pred[i]) == e.tag {
						right++
					}
				}
			}
		}
		acc := float64(right) / float64(max(n, 1))
		if opt.OnEpoch != nil {
			opt.OnEpoch(epoch, res.TrainLoss, acc, steps, steps)
		}
		if acc > best+1e-9 {
			best, res.BestEpoch, stale = acc, epoch, 0
			if bestPath != "" {
				os.Remove(bestPath)
			}
			f, err := os.CreateTemp("", "notecoder-tagger-*.gt")
			if err != nil {
				return nil, res, err
			}
			f.Close()
			bestPath = f.Name()
			if err := vs.Save(bestPath); err != nil {
				return nil, res, err
			}
		} else if stale++; stale >= opt.Patience {
			break
		}
	}
	if bestPath != "" {
		defer os.Remove(bestPath)
		if err := vs.Load(bestPath); err != nil {
			return nil, res, err
		}
	}
	res.ValAccuracy = best
	return tg, res, nil
}

func (t *Tagger) predictFeats(feats [][]int64) []int {
	out := make([]int, len(feats))
	ts.NoGrad(func() {
		logits := t.net.logits(feats, t.device, false)
		am := logits.MustArgmax([]int64{-1}, false, true).MustTo(gotch.CPU, true)
		vals := am.Int64Values(true)
		for i, v := range vals {
			out[i] = int(v)
		}
	})
	return out
}

// Mention is a concept found by the tagger.
type Mention struct {
	Code string
	Span findings.Span
}

// Tag finds concept mentions in text: consecutive tokens tagged with one code form a
// mention (a B tag, or a change of code, starts a new one).
func (t *Tagger) Tag(text string) []Mention {
	toks := tokenize.Words(text)
	if len(toks) == 0 {
		return nil
	}
	tags := t.predictFeats(t.net.cfg.tokenFeatures(toks))
	var out []Mention
	cur := -1
	for i, tag := range tags {
		if tag == 0 {
			cur = -1
			continue
		}
		k := (tag - 1) / 2
		isB := (tag-1)%2 == 0
		if isB || k != cur || len(out) == 0 {
			out = append(out, Mention{Code: t.net.cfg.Codes[k], Span: toks[i].Span})
			cur = k
			continue
		}
		out[len(out)-1].Span.End = toks[i].Span.End
	}
	return out
}
