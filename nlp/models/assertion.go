package models

import (
	"fmt"
	"strconv"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/tokenize"
	"github.com/notecoder/notecoder/nlp/torch"
)

// AssertionLabels are the assertion model's classes for one candidate mention. None: the
// words are not the concept here ("PE" for physical education, "CVA" for the
// costovertebral angle), so the mention is dropped.
var AssertionLabels = []findings.Assertion{findings.Asserted, findings.Negated, findings.Hypothetical, findings.Family, "none"}

// AssertionConfig describes the assertion model: a mention is read as the bag of its
// context's words, each tagged with where it stands (near left, left, mention, right,
// section heading), plus the rules' own verdict, so that the model learns when the cues
// are right on real notes.
type AssertionConfig struct {
	Buckets int     `json:"buckets"`
	Dim     int     `json:"dim"`
	Hidden  int     `json:"hidden"`
	Left    int     `json:"left"`  // words of the sentence before the mention
	Right   int     `json:"right"` // words after it
	Near    int     `json:"near"`  // the nearest words also get their own distance tag
	Dropout float64 `json:"dropout"`
}

// DefaultAssertionConfig is small: the real training set has a few hundred mentions.
func DefaultAssertionConfig() AssertionConfig {
	return AssertionConfig{Buckets: 1 << 15, Dim: 32, Hidden: 64, Left: 24, Right: 10, Near: 3, Dropout: 0.2}
}

// ruleWeight is how many times the rules' verdict enters a mention's features.
const ruleWeight = 8

// Features hashes what the model reads of a mention.
func (c AssertionConfig) Features(m rules.Mention) []int64 {
	h := tokenize.Hasher{Buckets: c.Buckets}
	f := make([]int64, 0, 2*(c.Left+c.Right)+8)
	add := func(s string) { f = append(f, h.ID(s)) }
	// The rules' verdict is repeated so that it weighs as much as the context in the mean.
	for range ruleWeight {
		add("rule:" + string(m.Rule))
	}
	add("code:" + m.Code)
	for i := 0; i < len(m.Left) && i < c.Left; i++ {
		w := m.Left[len(m.Left)-1-i]
		add("l:" + w)
		if i < c.Near {
			add("l" + strconv.Itoa(i+1) + ":" + w)
		}
		if i+1 < len(m.Left) && i < c.Left-1 {
			add("lb:" + m.Left[len(m.Left)-2-i] + "_" + w)
		}
	}
	for i := 0; i < len(m.Right) && i < c.Right; i++ {
		add("r:" + m.Right[i])
		if i < c.Near {
			add("r" + strconv.Itoa(i+1) + ":" + m.Right[i])
		}
	}
	for _, w := range m.Words {
		add("m:" + w)
	}
	for _, w := range rules.LowerWords(m.Section) {
		add("s:" + w)
	}
	if m.Section == "" {
		add("s:<none>")
	}
	return f
}

// AssertionExample is one labelled mention.
type AssertionExample struct {
	Mention rules.Mention
	Label   int // index into AssertionLabels
}

// AssertionModel decides how each candidate mention is meant. Use it from one
// torch.Worker only.
type AssertionModel struct {
	cfg    AssertionConfig
	vs     *nn.VarStore
	net    *bagNet
	device gotch.Device
}

// TrainAssertion trains the assertion model. It must run on a torch.Worker.
func TrainAssertion(cfg AssertionConfig, examples []AssertionExample, opt TrainOptions) (*AssertionModel, TrainResult, error) {
	if len(examples) < 10 {
		return nil, TrainResult{}, fmt.Errorf("only %d training mentions: need at least 10", len(examples))
	}
	torch.Seed(opt.Seed)
	vs := nn.NewVarStore(opt.Device)
	m := &AssertionModel{cfg: cfg, vs: vs, net: newBagNet(vs, cfg.Buckets, cfg.Dim, cfg.Hidden, len(AssertionLabels), cfg.Dropout), device: opt.Device}
	samples := make([]sample, len(examples))
	for i, e := range examples {
		samples[i] = sample{cfg.Features(e.Mention), int64(e.Label)}
	}
	accuracy := func(val []sample) float64 {
		if len(val) == 0 {
			return 1
		}
		feats := make([][]int64, len(val))
		for i, s := range val {
			feats[i] = s.feats
		}
		pred, _ := m.net.top(feats, opt.Device)
		right := 0
		for i, p := range pred {
			if int64(p) == val[i].label {
				right++
			}
		}
		return float64(right) / float64(len(val))
	}
	res, err := fit(vs, m.net, samples, opt, accuracy, func(l int64) string { return string(AssertionLabels[l]) })
	if err != nil {
		return nil, res, err
	}
	return m, res, nil
}

// Predict returns each mention's assertion (or "none") and its probability.
func (m *AssertionModel) Predict(ms []rules.Mention) ([]findings.Assertion, []float64) {
	if len(ms) == 0 {
		return nil, nil
	}
	feats := make([][]int64, len(ms))
	for i, x := range ms {
		feats[i] = m.cfg.Features(x)
	}
	cls, probs := m.net.top(feats, m.device)
	out := make([]findings.Assertion, len(ms))
	for i, c := range cls {
		out[i] = AssertionLabels[c]
	}
	return out, probs
}

// AssertionMeta is config.json of an assertion model.
type AssertionMeta struct {
	Task    string          `json:"task"` // "assertion"
	Name    string          `json:"name"`
	Version string          `json:"version"`
	Config  AssertionConfig `json:"config"`
}

// Save writes the model directory and returns the weights' sha256.
func (m *AssertionModel) Save(dir string, meta AssertionMeta, extra map[string]any) (string, error) {
	meta.Task, meta.Config = "assertion", m.cfg
	return saveDir(dir, m.vs, meta, extra)
}

// LoadAssertion reads an assertion model directory. It must run on a torch.Worker.
func LoadAssertion(dir string, device gotch.Device) (*AssertionModel, AssertionMeta, string, error) {
	var meta AssertionMeta
	sum, err := readDir(dir, &meta, func() string { return meta.Task }, "assertion", "an assertion model")
	if err != nil {
		return nil, meta, "", err
	}
	vs := nn.NewVarStore(device)
	m := &AssertionModel{cfg: meta.Config, vs: vs, net: newBagNet(vs, meta.Config.Buckets, meta.Config.Dim, meta.Config.Hidden, len(AssertionLabels), meta.Config.Dropout), device: device}
	if err := loadWeights(dir, vs); err != nil {
		return nil, meta, "", err
	}
	return m, meta, sum, nil
}
