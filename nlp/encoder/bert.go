// Package encoder is notecoder's pretrained text encoder: a BERT (all-MiniLM-L6-v2 by
// default) built from gotch's nn modules, its weights read from the safetensors file the
// pretrained package ships, and its WordPiece tokenizer. It knows nothing of smoking,
// conditions or FHIR: task heads live in nlp/models. Run it on a torch.Worker.
package encoder

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"
)

// Config is a BERT's shape, as in the pretrained model's config.json.
type Config struct {
	VocabSize        int64   `json:"vocab_size"`
	Hidden           int64   `json:"hidden_size"`
	Layers           int     `json:"num_hidden_layers"`
	Heads            int64   `json:"num_attention_heads"`
	Intermediate     int64   `json:"intermediate_size"`
	MaxPositions     int64   `json:"max_position_embeddings"`
	TypeVocabSize    int64   `json:"type_vocab_size"`
	LayerNormEps     float64 `json:"layer_norm_eps"`
	HiddenAct        string  `json:"hidden_act"`
	HiddenDropout    float64 `json:"hidden_dropout_prob"`
	AttentionDropout float64 `json:"attention_probs_dropout_prob"`
	InitializerRange float64 `json:"initializer_range"` // std of an untrained BERT's weights
}

// ReadConfig reads a Hugging Face BERT config.json and checks what this encoder supports.
func ReadConfig(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case c.Hidden <= 0 || c.Layers <= 0 || c.Heads <= 0 || c.Hidden%c.Heads != 0:
		return c, fmt.Errorf("%s: hidden_size %d, %d layers, %d heads: not a BERT config this encoder can build", path, c.Hidden, c.Layers, c.Heads)
	case c.HiddenAct != "gelu":
		return c, fmt.Errorf("%s: hidden_act %q: only gelu is supported", path, c.HiddenAct)
	}
	if c.LayerNormEps == 0 {
		c.LayerNormEps = 1e-12
	}
	if c.InitializerRange <= 0 {
		c.InitializerRange = 0.02
	}
	return c, nil
}

type layer struct {
	q, k, v, attnOut *nn.Linear
	attnNorm         *nn.LayerNorm
	inter, out       *nn.Linear
	outNorm          *nn.LayerNorm
}

// Bert is the encoder. Layers below First are built on the frozen store and run without
// gradients; layers from First up (and whatever heads the caller adds) are built on the
// tuned store and are fine-tuned. With First == Layers nothing of the encoder is tuned.
type Bert struct {
	Cfg    Config
	First  int // first fine-tuned layer
	word   *nn.Embedding
	pos    *nn.Embedding
	typ    *nn.Embedding
	norm   *nn.LayerNorm
	layers []layer
}

// New builds the encoder with Hugging Face's variable names ("embeddings.*",
// "encoder.layer.N.*"), so that the safetensors weights load by name: the embeddings and
// layers below first on frozen, the rest on tuned.
func New(frozen, tuned *nn.Path, cfg Config, first int) *Bert {
	if first < 0 || first > cfg.Layers {
		first = cfg.Layers
	}
	b := &Bert{Cfg: cfg, First: first}
	emb := frozen.Sub("embeddings")
	ec := nn.DefaultEmbeddingConfig()
	b.word = nn.NewEmbedding(emb.Sub("word_embeddings"), cfg.VocabSize, cfg.Hidden, ec)
	b.pos = nn.NewEmbedding(emb.Sub("position_embeddings"), cfg.MaxPositions, cfg.Hidden, ec)
	b.typ = nn.NewEmbedding(emb.Sub("token_type_embeddings"), max(cfg.TypeVocabSize, 1), cfg.Hidden, ec)
	lc := nn.DefaultLayerNormConfig()
	lc.Eps = cfg.LayerNormEps
	b.norm = nn.NewLayerNorm(emb.Sub("LayerNorm"), []int64{cfg.Hidden}, lc)
	for i := 0; i < cfg.Layers; i++ {
		root := frozen
		if i >= first {
			root = tuned
		}
		p := root.Sub("encoder").Sub("layer").Sub(strconv.Itoa(i))
		att := p.Sub("attention")
		lin := func(p *nn.Path, in, out int64) *nn.Linear { return nn.NewLinear(p, in, out, nn.DefaultLinearConfig()) }
		h, m := cfg.Hidden, cfg.Intermediate
		b.layers = append(b.layers, layer{
			q:        lin(att.Sub("self").Sub("query"), h, h),
			k:        lin(att.Sub("self").Sub("key"), h, h),
			v:        lin(att.Sub("self").Sub("value"), h, h),
			attnOut:  lin(att.Sub("output").Sub("dense"), h, h),
			attnNorm: nn.NewLayerNorm(att.Sub("output").Sub("LayerNorm"), []int64{h}, lc),
			inter:    lin(p.Sub("intermediate").Sub("dense"), h, m),
			out:      lin(p.Sub("output").Sub("dense"), m, h),
			outNorm:  nn.NewLayerNorm(p.Sub("output").Sub("LayerNorm"), []int64{h}, lc),
		})
	}
	return b
}

// Batch is tokenized input on a device: ids [B, T] int64, mask [B, T] float (1 for a
// token, 0 for padding) and the additive attention mask [B, 1, 1, T].
type Batch struct {
	IDs, Mask, attn *ts.Tensor
	B, T            int64
}

// NewBatch pads the token id lists to the longest and moves them to device.
func NewBatch(ids [][]int64, device gotch.Device) *Batch {
	t := 1
	for _, x := range ids {
		t = max(t, len(x))
	}
	flat := make([]int64, len(ids)*t)
	mask := make([]float32, len(ids)*t)
	attn := make([]float32, len(ids)*t)
	for i, x := range ids {
		copy(flat[i*t:], x)
		for j := range t {
			if j < len(x) {
				mask[i*t+j] = 1
			} else {
				attn[i*t+j] = -1e4
			}
		}
	}
	B, T := int64(len(ids)), int64(t)
	return &Batch{
		IDs:  ts.MustOfSlice(flat).MustView([]int64{B, T}, true).MustTo(device, true),
		Mask: ts.MustOfSlice(mask).MustView([]int64{B, T}, true).MustTo(device, true),
		attn: ts.MustOfSlice(attn).MustView([]int64{B, 1, 1, T}, true).MustTo(device, true),
		B:    B, T: T,
	}
}

// Drop frees the batch's tensors.
func (b *Batch) Drop() {
	for _, t := range []*ts.Tensor{b.IDs, b.Mask, b.attn} {
		t.MustDrop()
	}
}

// Lower runs the embeddings and the frozen layers without gradients: [B, T, H]. Its
// result does not change while the model is fine-tuned, so training computes it once.
func (m *Bert) Lower(in *Batch) *ts.Tensor {
	var x *ts.Tensor
	ts.NoGrad(func() {
		pos := make([]int64, in.B*in.T)
		for i := range pos {
			pos[i] = int64(i) % in.T
		}
		p := ts.MustOfSlice(pos).MustView([]int64{in.B, in.T}, true).MustTo(in.IDs.MustDevice(), true)
		zeros := p.MustMulScalar(ts.IntScalar(0), false)
		w := m.word.Forward(in.IDs)
		pe := m.pos.Forward(p)
		te := m.typ.Forward(zeros)
		sum := w.MustAdd(pe, true).MustAdd(te, true)
		for _, t := range []*ts.Tensor{p, zeros, pe, te} {
			t.MustDrop()
		}
		x = m.norm.Forward(sum)
		sum.MustDrop()
		for i := 0; i < m.First; i++ {
			y := m.layers[i].forward(m.Cfg, x, in.attn, false)
			x.MustDrop()
			x = y
		}
	})
	return x
}

// Upper runs the fine-tuned layers on Lower's output: [B, T, H]. It does not drop x.
func (m *Bert) Upper(x *ts.Tensor, in *Batch, train bool) *ts.Tensor {
	h := x.MustShallowClone()
	for i := m.First; i < m.Cfg.Layers; i++ {
		y := m.layers[i].forward(m.Cfg, h, in.attn, train)
		h.MustDrop()
		h = y
	}
	return h
}

// Forward is Upper(Lower(in)).
func (m *Bert) Forward(in *Batch, train bool) *ts.Tensor {
	low := m.Lower(in)
	out := m.Upper(low, in, train)
	low.MustDrop()
	return out
}

// Dropout applies dropout with probability p in training (and drops x); otherwise it
// returns x itself.
func Dropout(x *ts.Tensor, p float64, train bool) *ts.Tensor {
	if !train || p == 0 {
		return x
	}
	y := ts.MustDropout(x, p, true)
	x.MustDrop()
	return y
}

// forward is one transformer layer (post-norm, as BERT): x [B, T, H] -> [B, T, H].
func (l *layer) forward(cfg Config, x, attn *ts.Tensor, train bool) *ts.Tensor {
	sz := x.MustSize()
	B, T, H := sz[0], sz[1], sz[2]
	dh := H / cfg.Heads
	heads := func(lin *nn.Linear) *ts.Tensor { // [B, heads, T, dh]
		return lin.Forward(x).MustView([]int64{B, T, cfg.Heads, dh}, true).MustPermute([]int64{0, 2, 1, 3}, true)
	}
	q, k, v := heads(l.q), heads(l.k), heads(l.v)
	kt := k.MustTranspose(-1, -2, true)
	scores := q.MustMatmul(kt, true).MustMulScalar(ts.FloatScalar(1/math.Sqrt(float64(dh))), true).MustAdd(attn, true)
	kt.MustDrop()
	probs := Dropout(scores.MustSoftmax(-1, gotch.Float, true), cfg.AttentionDropout, train)
	ctx := probs.MustMatmul(v, true).MustPermute([]int64{0, 2, 1, 3}, true).MustContiguous(true).MustView([]int64{B, T, H}, true)
	v.MustDrop()
	a := Dropout(l.attnOut.Forward(ctx), cfg.HiddenDropout, train)
	ctx.MustDrop()
	res := a.MustAdd(x, true)
	h := l.attnNorm.Forward(res)
	res.MustDrop()
	inter := l.inter.Forward(h).MustGelu("none", true)
	o := Dropout(l.out.Forward(inter), cfg.HiddenDropout, train)
	inter.MustDrop()
	res2 := o.MustAdd(h, true)
	h.MustDrop()
	out := l.outNorm.Forward(res2)
	res2.MustDrop()
	return out
}

// MeanPool averages the token vectors of each sequence over its mask: [B, T, H] -> [B, H].
// It does not drop h.
func MeanPool(h *ts.Tensor, in *Batch) *ts.Tensor {
	m := in.Mask.MustUnsqueeze(-1, false)
	sum := h.MustMul(m, false).MustSumDimIntlist([]int64{1}, false, gotch.Float, true)
	n := m.MustSumDimIntlist([]int64{1}, false, gotch.Float, true).MustClampMin(ts.FloatScalar(1), true)
	out := sum.MustDiv(n, true)
	n.MustDrop()
	return out
}

// InitLikeBERT gives the variables of vs the values BERT starts an untrained model with
// (Hugging Face's BertPreTrainedModel._init_weights): weights normal with standard
// deviation cfg.InitializerRange, biases 0, LayerNorm weights 1; drawn in name order, so
// the same seed gives the same weights. gotch's own defaults (Kaiming-uniform linears,
// unit-normal embeddings) make a stack so ill-conditioned that a change of one part in a
// million moves its pooled output by 0.6: no use for comparing two devices' arithmetic.
func InitLikeBERT(vs *nn.VarStore, cfg Config) {
	vars := vs.Variables()
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	ts.NoGrad(func() {
		for _, n := range names {
			v := vars[n]
			switch {
			case strings.HasSuffix(n, "LayerNorm.weight"):
				v.MustFill_(ts.FloatScalar(1))
			case strings.HasSuffix(n, "bias"):
				v.MustZero_()
			default:
				r := ts.MustRandn(v.MustSize(), gotch.Float, v.MustDevice())
				r.MustMulScalar_(ts.FloatScalar(cfg.InitializerRange))
				v.Copy_(r)
				r.MustDrop()
			}
		}
	})
}
