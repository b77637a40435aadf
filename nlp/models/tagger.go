package models

import (
	"fmt"
	"strings"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"

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
	// Arch: "" (the window tagger: each token on its own) or "bilstm" (a bidirectional
	// LSTM over each sentence's tokens; Hidden is then its size per direction).
	Arch string `json:"arch,omitempty"`
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
	lower := make([]string, len(toks))
	for i, t := range toks {
		lower[i] = strings.ToLower(t.Text)
	}
	out := make([][]int64, len(toks))
	for i, t := range toks {
		f := h.AppendFeatures(make([]int64, 0, 40), t.Text)
		for d := -c.Window; d <= c.Window; d++ {
			if d == 0 {
				continue
			}
			w := "<pad>"
			if j := i + d; j >= 0 && j < len(toks) {
				w = lower[j]
			}
			f = append(f, h.Context(d, w))
		}
		out[i] = f
	}
	return out
}

type taggerNet struct {
	cfg TaggerConfig
	bag *bagNet
}

func newTaggerNet(vs *nn.VarStore, cfg TaggerConfig) *taggerNet {
	return &taggerNet{cfg: cfg, bag: newBagNet(vs, cfg.Buckets, cfg.Dim, cfg.Hidden, cfg.classes(), cfg.Dropout)}
}

// TaggedNote is a training note: its text and the spans of each concept mention.
type TaggedNote struct {
	Text     string
	Mentions map[string][]findings.Span // code -> spans
}

// Tagger is a trained entity tagger. Use it from one torch.Worker only.
type Tagger struct {
	vs     *nn.VarStore
	net    *taggerNet // the window tagger, or
	seq    *seqNet    // the BiLSTM tagger
	cfg    TaggerConfig
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
	switch cfg.Arch {
	case "bilstm":
		return trainSeqTagger(cfg, notes, opt)
	case "":
	default:
		return nil, TrainResult{}, fmt.Errorf("unknown tagger architecture %q (want bilstm or empty)", cfg.Arch)
	}
	var samples []sample
	for _, n := range notes {
		toks := tokenize.Words(n.Text)
		tags := cfg.tokenTags(toks, n.Mentions)
		for i, f := range cfg.tokenFeatures(toks) {
			samples = append(samples, sample{f, tags[i]})
		}
	}
	if len(samples) < 50 {
		return nil, TrainResult{}, fmt.Errorf("only %d training tokens", len(samples))
	}
	torch.Seed(opt.Seed)
	vs := nn.NewVarStore(opt.Device)
	net := newTaggerNet(vs, cfg)
	// Validation: token accuracy over the tokens that are part of a mention or predicted so.
	mentionAccuracy := func(val []sample) float64 {
		feats := make([][]int64, len(val))
		for i, s := range val {
			feats[i] = s.feats
		}
		right, n := 0, 0
		pred, _ := net.bag.top(feats, opt.Device)
		for i, p := range pred {
			if val[i].label != 0 || p != 0 {
				n++
				if int64(p) == val[i].label {
					right++
				}
			}
		}
		return float64(right) / float64(max(n, 1))
	}
	res, err := fit(vs, net.bag, samples, opt, mentionAccuracy, nil)
	if err != nil {
		return nil, res, err
	}
	return &Tagger{vs: vs, net: net, cfg: cfg, device: opt.Device}, res, nil
}

// Mention is a concept found by the tagger.
type Mention struct {
	Code  string
	Span  findings.Span
	Score float64 // mean probability of its tokens' tags
}

// Tag finds concept mentions in text: consecutive tokens tagged with one code form a
// mention (a B tag, or a change of code, starts a new one); its Score is the mean
// probability of its tokens' tags.
func (t *Tagger) Tag(text string) []Mention {
	toks := tokenize.Words(text)
	if len(toks) == 0 {
		return nil
	}
	feats := t.cfg.tokenFeatures(toks)
	var tagOf []int       // per token: its most probable tag
	var tagProb []float64 // and that tag's probability
	if t.seq != nil {
		segs := segments(toks, feats, nil)
		tags, ps := t.seq.predict(segs, t.device)
		for i := range segs {
			tagOf, tagProb = append(tagOf, tags[i]...), append(tagProb, ps[i]...)
		}
	} else {
		tagOf, tagProb = t.net.bag.top(feats, t.device)
	}
	var out []Mention
	var conf []float64 // summed tag probability of each mention's tokens
	var count []int
	cur := -1
	for i, tag := range tagOf {
		if tag == 0 {
			cur = -1
			continue
		}
		k := (tag - 1) / 2
		isB := (tag-1)%2 == 0
		if isB || k != cur || len(out) == 0 {
			out = append(out, Mention{Code: t.cfg.Codes[k], Span: toks[i].Span})
			conf, count = append(conf, tagProb[i]), append(count, 1)
			cur = k
			continue
		}
		out[len(out)-1].Span.End = toks[i].Span.End
		conf[len(conf)-1] += tagProb[i]
		count[len(count)-1]++
	}
	for i := range out {
		out[i].Score = conf[i] / float64(count[i])
	}
	return out
}
