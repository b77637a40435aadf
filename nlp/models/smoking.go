// Package models holds notecoder's neural models, built and run with gotch (libtorch):
// the smoking-status sentence classifier (and, to come, the cardiology entity tagger),
// their training loops, and how a trained model is saved and loaded. All gotch calls run
// on torch.Workers (goroutines locked to one OS thread).
package models

import (
	"fmt"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
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
	// Bigrams adds a feature per pair of adjacent words ("never smoked", "husband
	// smokes"): the order a bag of character n-grams loses.
	Bigrams bool `json:"bigrams,omitempty"`
	// RuleWeight > 0 adds the rules' reading of the sentence (rules.SentenceStatus) as a
	// feature, that many times, so that the model learns when the patterns are right
	// ("Patient is a former smoker." is past however few notes say it that way). 24 beat 8
	// in 5-fold cross-validation on the real training notes (micro-F1 0.899 against 0.879).
	RuleWeight int `json:"rule_weight,omitempty"`
}

// DefaultSmokingConfig is small enough to ship in the repository (~4 MB of weights) and
// to run well over 100 notes per second on one CPU core.
func DefaultSmokingConfig() SmokingConfig {
	return SmokingConfig{Buckets: tokenize.Default.Buckets, MinN: 3, MaxN: 5, Dim: 32, Hidden: 64, MaxFeatures: 400, Dropout: 0.2, Bigrams: true, RuleWeight: 24}
}

func (c SmokingConfig) hasher() tokenize.Hasher {
	return tokenize.Hasher{Buckets: c.Buckets, MinN: c.MinN, MaxN: c.MaxN}
}

// smokingNet classifies one sentence from the bag of its words' features.
type smokingNet struct {
	cfg SmokingConfig
	bag *bagNet
}

func newSmokingNet(vs *nn.VarStore, cfg SmokingConfig) *smokingNet {
	return &smokingNet{cfg: cfg, bag: newBagNet(vs, cfg.Buckets, cfg.Dim, cfg.Hidden, len(SentenceLabels), cfg.Dropout)}
}

// features returns each sentence's feature ids; read holds the rules' reading of each
// sentence (rules.SentenceStatus), or is nil to read them here.
func (m *smokingNet) features(sentences []string, read []findings.SmokingStatus) [][]int64 {
	if m.cfg.RuleWeight > 0 && read == nil {
		read = ruleStatuses(sentences)
	}
	h := m.cfg.hasher()
	feats := make([][]int64, len(sentences))
	for i, s := range sentences {
		feats[i] = h.Bag(s, m.cfg.MaxFeatures)
		if m.cfg.Bigrams {
			feats[i] = append(feats[i], h.Bigrams(s)...)
		}
		if m.cfg.RuleWeight > 0 {
			rule := h.ID("rule:" + string(read[i]))
			for range m.cfg.RuleWeight {
				feats[i] = append(feats[i], rule)
			}
		}
	}
	return feats
}

// ruleStatuses is the rules' reading of each sentence on its own.
func ruleStatuses(sentences []string) []findings.SmokingStatus {
	read := make([]findings.SmokingStatus, len(sentences))
	for i, s := range sentences {
		read[i] = rules.SentenceStatus(s)
	}
	return read
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
	// InitFrom, if set, is a trained smoking model directory (one model, not an
	// ensemble) whose configuration and weights training starts from (warm start: the
	// learning loop retrains the serving model instead of one from scratch, so that it
	// changes where the new data says, not everywhere a new random start would).
	InitFrom string
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
	more   []*SmokingModel // further ensemble members (see LoadSmoking)
}

// TrainSmoking trains a new model on examples. It must run on a torch.Worker.
func TrainSmoking(cfg SmokingConfig, examples []Example, opt TrainOptions) (*SmokingModel, TrainResult, error) {
	if len(examples) < 10 {
		return nil, TrainResult{}, fmt.Errorf("only %d training sentences: need at least 10", len(examples))
	}
	torch.Seed(opt.Seed)
	vs := nn.NewVarStore(opt.Device)
	if opt.InitFrom != "" {
		var meta SmokingMeta
		if _, err := readDir(opt.InitFrom, &meta, func() string { return meta.Task }, "smoking", "a smoking model"); err != nil {
			return nil, TrainResult{}, fmt.Errorf("warm start: %w", err)
		}
		cfg = meta.Config
	}
	net := newSmokingNet(vs, cfg)
	if opt.InitFrom != "" {
		if err := loadWeights(opt.InitFrom, vs); err != nil {
			return nil, TrainResult{}, fmt.Errorf("warm start from %s: %w", opt.InitFrom, err)
		}
	}
	texts := make([]string, len(examples))
	for i, e := range examples {
		texts[i] = e.Text
	}
	samples := make([]sample, len(examples))
	for i, f := range net.features(texts, nil) {
		samples[i] = sample{f, int64(examples[i].Label)}
	}
	accuracy := func(val []sample) float64 {
		if len(val) == 0 {
			return 1
		}
		feats := make([][]int64, len(val))
		for i, s := range val {
			feats[i] = s.feats
		}
		right := 0
		pred, _ := net.bag.top(feats, opt.Device)
		for i, p := range pred {
			if int64(p) == val[i].label {
				right++
			}
		}
		return float64(right) / float64(len(val))
	}
	res, err := fit(vs, net.bag, samples, opt, accuracy, func(l int64) string { return SentenceLabels[l] })
	if err != nil {
		return nil, res, err
	}
	return &SmokingModel{vs: vs, net: net, device: opt.Device}, res, nil
}

// Predict returns the class probabilities of each sentence ([n][classes]); an ensemble
// averages its members'.
func (m *SmokingModel) Predict(sentences []string) [][]float64 {
	return m.PredictReading(sentences, nil)
}

// PredictReading is Predict with the rules' reading of each sentence (rules.SentenceStatus)
// given, as serve has read it already; nil reads it here, once for every member (the
// members' feature of a sentence is the same reading).
func (m *SmokingModel) PredictReading(sentences []string, read []findings.SmokingStatus) [][]float64 {
	if len(sentences) == 0 {
		return nil
	}
	if read == nil && (m.net.cfg.RuleWeight > 0 || len(m.more) > 0) {
		read = ruleStatuses(sentences)
	}
	out := m.net.bag.probs(m.net.features(sentences, read), m.device)
	for _, o := range m.more {
		for i, p := range o.net.bag.probs(o.net.features(sentences, read), o.device) {
			for c := range p {
				out[i][c] += p[c]
			}
		}
	}
	if n := float64(1 + len(m.more)); n > 1 {
		for _, p := range out {
			for c := range p {
				p[c] /= n
			}
		}
	}
	return out
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

// Classify aggregates sentence predictions into a document status: the patient status
// (not OTHER) predicted with the highest probability by any sentence wins, so that one
// clear "never smoked" outweighs an uncertain "husband smokes"; ties go to the more
// specific status. SMOKER (smoked, no time said) gives way to the surest sentence that
// says current or past ("Tobacco abuse." in a diagnosis list beside "He smokes 1 pack per
// day"), as i2b2 reads a note. No sentence with a patient status: UNKNOWN.
func Classify(probs [][]float64) (findings.SmokingStatus, int, float64) {
	bestIdx, bestC, score := -1, -1, 0.0
	for i, p := range probs {
		c := argmax(p)
		if c == 4 { // OTHER
			continue
		}
		if p[c] > score+1e-9 || (p[c] > score-1e-9 && c < bestC) {
			bestIdx, bestC, score = i, c, p[c]
		}
	}
	if bestIdx < 0 {
		return findings.Unknown, -1, 0
	}
	if bestC == 2 { // SMOKER: smoked, no time said; a sentence that says when is more specific
		timedIdx, timedC, timedScore := -1, -1, 0.0
		for i, p := range probs {
			if c := argmax(p); (c == 0 || c == 1) && p[c] > timedScore {
				timedIdx, timedC, timedScore = i, c, p[c]
			}
		}
		if timedIdx >= 0 {
			return findings.SmokingStatus(SentenceLabels[timedC]), timedIdx, timedScore
		}
	}
	return findings.SmokingStatus(SentenceLabels[bestC]), bestIdx, score
}
