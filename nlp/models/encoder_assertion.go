package models

import (
	"fmt"
	"strings"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
)

// EncoderAssertionConfig describes an assertion model fine-tuned from the pretrained
// encoder. It reads a mention as text: its section heading, up to Left words of its
// sentence before it, the mention between brackets, up to Right words after it, and,
// with Rule, the rules' verdict first, so that it learns where the cues are wrong.
type EncoderAssertionConfig struct {
	EncoderConfig
	Left  int  `json:"left"`
	Right int  `json:"right"`
	Rule  bool `json:"rule"`
	// Veto, when above 0, keeps the rules' reading of every mention except one the rules
	// call asserted and the model, at least this sure, does not (negated, hypothetical,
	// family, or not the concept): the model only takes assertions away.
	Veto float64 `json:"veto,omitempty"`
}

// DefaultEncoderAssertionConfig keeps a window that fits MaxLen tokens for almost every
// mention (a sentence's cues sit mostly before the mention).
func DefaultEncoderAssertionConfig() EncoderAssertionConfig {
	return EncoderAssertionConfig{EncoderConfig: DefaultEncoderConfig(), Left: 40, Right: 16, Rule: true}
}

// Text is what the encoder reads of a mention.
func (c EncoderAssertionConfig) Text(m rules.Mention) string {
	var b strings.Builder
	if c.Rule {
		b.WriteString(string(m.Rule))
		b.WriteString(" | ")
	}
	if m.Section != "" {
		b.WriteString(m.Section)
		b.WriteString(" : ")
	}
	before := strings.Fields(m.Before)
	b.WriteString(strings.Join(before[max(0, len(before)-c.Left):], " "))
	b.WriteString(" [ ")
	b.WriteString(m.Text)
	b.WriteString(" ] ")
	after := strings.Fields(m.After)
	b.WriteString(strings.Join(after[:min(len(after), c.Right)], " "))
	return b.String()
}

// MentionReader decides how each of the rules' candidate mentions is meant (or "none":
// not the concept here) and how sure it is: the bag AssertionModel or EncoderAssertion.
type MentionReader interface {
	Predict(ms []rules.Mention) ([]findings.Assertion, []float64)
}

// EncoderAssertion is an assertion model on the pretrained encoder. Use it from one
// torch.Worker only.
type EncoderAssertion struct {
	net *encoderNet
	cfg EncoderAssertionConfig
}

func assertionClasses() []string {
	out := make([]string, len(AssertionLabels))
	for i, a := range AssertionLabels {
		out[i] = string(a)
	}
	return out
}

// TrainEncoderAssertion fine-tunes the encoder on labelled mentions. It must run on a
// torch.Worker.
func TrainEncoderAssertion(cfg EncoderAssertionConfig, examples []AssertionExample, opt TrainOptions) (*EncoderAssertion, TrainResult, error) {
	if len(examples) < 10 {
		return nil, TrainResult{}, fmt.Errorf("only %d training mentions: need at least 10", len(examples))
	}
	texts, labels := make([]string, len(examples)), make([]int, len(examples))
	for i, e := range examples {
		texts[i], labels[i] = cfg.Text(e.Mention), e.Label
	}
	net, res, err := trainEncoderNet(cfg.EncoderConfig, assertionClasses(), texts, labels, opt)
	if err != nil {
		return nil, res, err
	}
	cfg.EncoderConfig = net.cfg
	return &EncoderAssertion{net: net, cfg: cfg}, res, nil
}

// Predict returns each mention's assertion (or "none") and its probability.
func (m *EncoderAssertion) Predict(ms []rules.Mention) ([]findings.Assertion, []float64) {
	if len(ms) == 0 {
		return nil, nil
	}
	out, sure := make([]findings.Assertion, len(ms)), make([]float64, len(ms))
	// As a veto the model reads only what the rules call asserted; the rest keeps the
	// rules' reading, sure as the rules are.
	var read []int
	for i, x := range ms {
		if m.cfg.Veto > 0 && x.Rule != findings.Asserted {
			out[i], sure[i] = x.Rule, 1
			continue
		}
		read = append(read, i)
	}
	texts := make([]string, len(read))
	for j, i := range read {
		texts[j] = m.cfg.Text(ms[i])
	}
	for j, p := range m.net.Predict(texts) {
		i, c := read[j], argmax(p)
		out[i], sure[i] = AssertionLabels[c], p[c]
		if m.cfg.Veto > 0 && (out[i] == findings.Asserted || p[c] < m.cfg.Veto) {
			out[i], sure[i] = findings.Asserted, p[0] // not sure enough to take it away
		}
	}
	return out, sure
}

// EncoderAssertionMeta is config.json of a fine-tuned encoder assertion model.
type EncoderAssertionMeta struct {
	Task    string                 `json:"task"` // "assertion-encoder"
	Name    string                 `json:"name"`
	Version string                 `json:"version"`
	Config  EncoderAssertionConfig `json:"config"`
	Labels  []string               `json:"labels"`
}

const encoderAssertionTask = "assertion-encoder"

// Save writes the model directory (the fine-tuned layers and the head only) and returns
// the weights' sha256.
func (m *EncoderAssertion) Save(dir string, meta EncoderAssertionMeta, extra map[string]any) (string, error) {
	meta.Task, meta.Config, meta.Labels = encoderAssertionTask, m.cfg, assertionClasses()
	return saveDir(dir, m.net.tuned, meta, extra)
}

// LoadEncoderAssertion reads a fine-tuned encoder assertion model; the pretrained
// encoder comes from encoder.DefaultDir() and must be the one it was tuned from. It must
// run on a torch.Worker.
func LoadEncoderAssertion(dir string, device gotch.Device) (*EncoderAssertion, EncoderAssertionMeta, string, error) {
	var meta EncoderAssertionMeta
	sum, err := readDir(dir, &meta, func() string { return meta.Task }, encoderAssertionTask, "an encoder assertion model")
	if err != nil {
		return nil, meta, "", err
	}
	net, err := buildEncoderNet(meta.Config.EncoderConfig, assertionClasses(), device)
	if err != nil {
		return nil, meta, "", fmt.Errorf("model %s: %w", dir, err)
	}
	if err := loadWeights(dir, net.tuned); err != nil {
		return nil, meta, "", err
	}
	return &EncoderAssertion{net: net, cfg: meta.Config}, meta, hashOf(sum + meta.Config.EncoderSHA256), nil
}

// LoadMentionReader loads whichever assertion model dir holds (bag or encoder) and
// returns it with its name, version and sha256. It must run on a torch.Worker.
func LoadMentionReader(dir string, device gotch.Device) (MentionReader, string, string, string, error) {
	if taskOf(dir) == encoderAssertionTask {
		m, meta, sum, err := LoadEncoderAssertion(dir, device)
		return m, meta.Name, meta.Version, sum, err
	}
	m, meta, sum, err := LoadAssertion(dir, device)
	return m, meta.Name, meta.Version, sum, err
}
