package models

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"

	"github.com/notecoder/notecoder/nlp/tokenize"
	"github.com/notecoder/notecoder/nlp/torch"
)

// seqNet is the BiLSTM tagger: each token's vector is the mean of its feature embeddings
// (its character n-grams and neighbouring words, as in the window tagger); a
// bidirectional LSTM reads the segment, so a tag can depend on the whole sentence
// ("Mitral" ... "regurgitation", "no ... AF") and neighbouring tags agree; a linear layer
// gives the tag logits.
type seqNet struct {
	cfg  TaggerConfig
	emb  *nn.Embedding
	lstm *nn.LSTM
	out  *nn.Linear
}

func newSeqNet(vs *nn.VarStore, cfg TaggerConfig) *seqNet {
	root := vs.Root()
	ec := nn.DefaultEmbeddingConfig()
	ec.WsInit = nn.NewRandnInit(0, 0.1)
	rc := nn.DefaultRNNConfig()
	rc.Bidirectional = true
	return &seqNet{
		cfg:  cfg,
		emb:  nn.NewEmbedding(root.Sub("emb"), int64(cfg.Buckets), int64(cfg.Dim), ec),
		lstm: nn.NewLSTM(root.Sub("lstm"), int64(cfg.Dim), int64(cfg.Hidden), rc),
		out:  nn.NewLinear(root.Sub("out"), int64(2*cfg.Hidden), int64(cfg.classes()), nn.DefaultLinearConfig()),
	}
}

// segment is a run of tokens the LSTM reads at once (a sentence, or up to maxSegment
// tokens), with each token's features and (for training) tags.
type segment struct {
	start int // index of its first token in the note
	feats [][]int64
	tags  []int64
}

const maxSegment = 64

// segments cuts a note's tokens at sentence ends (".", ";", "!", "?") and at maxSegment.
func segments(toks []tokenize.Token, feats [][]int64, tags []int64) []segment {
	var out []segment
	start := 0
	for i := range toks {
		end := toks[i].Text == "." || toks[i].Text == ";" || toks[i].Text == "!" || toks[i].Text == "?"
		if end || i-start+1 >= maxSegment || i == len(toks)-1 {
			s := segment{start: start, feats: feats[start : i+1]}
			if tags != nil {
				s.tags = tags[start : i+1]
			}
			out = append(out, s)
			start = i + 1
		}
	}
	return out
}

// logits for a batch of segments: [B, T, classes] (T: the longest segment).
func (m *seqNet) logits(segs []segment, device gotch.Device, train bool) *ts.Tensor {
	maxT, maxF := 1, 1
	for _, s := range segs {
		maxT = max(maxT, len(s.feats))
		for _, f := range s.feats {
			maxF = max(maxF, len(f))
		}
	}
	b := int64(len(segs))
	ids := make([]int64, len(segs)*maxT*maxF)
	mk := make([]float32, len(segs)*maxT*maxF)
	for i, s := range segs {
		for t, f := range s.feats {
			at := (i*maxT + t) * maxF
			copy(ids[at:], f)
			for j := range f {
				mk[at+j] = 1
			}
		}
	}
	idT := ts.MustOfSlice(ids).MustView([]int64{b * int64(maxT), int64(maxF)}, true).MustTo(device, true)
	mask := ts.MustOfSlice(mk).MustView([]int64{b * int64(maxT), int64(maxF), 1}, true).MustTo(device, true)
	e := m.emb.Forward(idT)
	idT.MustDrop()
	summed := e.MustMul(mask, true).MustSumDimIntlist([]int64{1}, false, gotch.Float, true)
	count := mask.MustSumDimIntlist([]int64{1}, false, gotch.Float, true).MustClampMin(ts.FloatScalar(1), true)
	tok := summed.MustDiv(count, true).MustView([]int64{b, int64(maxT), int64(m.cfg.Dim)}, true)
	count.MustDrop()
	if train && m.cfg.Dropout > 0 {
		d := ts.MustDropout(tok, m.cfg.Dropout, true)
		tok.MustDrop()
		tok = d
	}
	seq, state := m.lstm.Seq(tok)
	tok.MustDrop()
	st := state.(*nn.LSTMState)
	st.Tensor1.MustDrop()
	st.Tensor2.MustDrop()
	if train && m.cfg.Dropout > 0 {
		d := ts.MustDropout(seq, m.cfg.Dropout, true)
		seq.MustDrop()
		seq = d
	}
	out := m.out.Forward(seq)
	seq.MustDrop()
	return out
}

// tags returns the argmax tag and its probability for every token of each segment.
func (m *seqNet) predict(segs []segment, device gotch.Device) ([][]int, [][]float64) {
	tags := make([][]int, len(segs))
	probs := make([][]float64, len(segs))
	for start := 0; start < len(segs); start += 64 {
		chunk := segs[start:min(start+64, len(segs))]
		ts.NoGrad(func() {
			logits := m.logits(chunk, device, false)
			shape := logits.MustSize()
			p := logits.MustSoftmax(-1, gotch.Float, true).MustTo(gotch.CPU, true)
			flat := p.Float64Values(true)
			maxT, c := int(shape[1]), int(shape[2])
			for i, s := range chunk {
				k := start + i
				for t := range s.feats {
					row := flat[(i*maxT+t)*c : (i*maxT+t+1)*c]
					best := 0
					for j := range row {
						if row[j] > row[best] {
							best = j
						}
					}
					tags[k] = append(tags[k], best)
					probs[k] = append(probs[k], row[best])
				}
			}
		})
	}
	return tags, probs
}

// trainSeq trains the BiLSTM tagger on the notes' segments: Adam over minibatches of
// segments, cross-entropy over real tokens, early stopping on held-out segments'
// mention-token accuracy, the best epoch's weights restored.
func trainSeq(vs *nn.VarStore, net *seqNet, segs []segment, opt TrainOptions) (TrainResult, error) {
	r := rand.New(rand.NewSource(opt.Seed))
	r.Shuffle(len(segs), func(i, j int) { segs[i], segs[j] = segs[j], segs[i] })
	nVal := int(math.Round(float64(len(segs)) * opt.ValSplit))
	val, train := segs[:nVal], segs[nVal:]
	res := TrainResult{TrainSize: len(train), ValSize: len(val)}
	weight := ts.MustOnes([]int64{int64(net.cfg.classes())}, gotch.Float, opt.Device)
	defer weight.MustDrop()
	score := func() float64 {
		pred, _ := net.predict(val, opt.Device)
		right, n := 0, 0
		for i, s := range val {
			for t, g := range s.tags {
				if g != 0 || pred[i][t] != 0 {
					n++
					if int64(pred[i][t]) == g {
						right++
					}
				}
			}
		}
		return float64(right) / float64(max(n, 1))
	}
	steps := (len(train) + opt.Batch - 1) / opt.Batch
	err := epochs(vs, opt, steps, &res, func(s int) (*ts.Tensor, error) {
		if s == 0 {
			r.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
		}
		chunk := train[s*opt.Batch : min((s+1)*opt.Batch, len(train))]
		logits := net.logits(chunk, opt.Device, true)
		shape := logits.MustSize()
		maxT := int(shape[1])
		y := make([]int64, len(chunk)*maxT)
		for i := range y {
			y[i] = -100 // padding: ignored by the loss
		}
		for i, sg := range chunk {
			copy(y[i*maxT:], sg.tags)
		}
		flat := logits.MustView([]int64{int64(len(y)), shape[2]}, true)
		yt := ts.MustOfSlice(y).MustTo(opt.Device, true)
		loss := flat.MustCrossEntropyLoss(yt, weight, 1, -100, 0, true)
		yt.MustDrop()
		return loss, nil
	}, score)
	return res, err
}

// trainSeqTagger is TrainTagger for Arch "bilstm".
func trainSeqTagger(cfg TaggerConfig, notes []TaggedNote, opt TrainOptions) (*Tagger, TrainResult, error) {
	var segs []segment
	tokens := 0
	for _, n := range notes {
		toks := tokenize.Words(n.Text)
		if len(toks) == 0 {
			continue
		}
		segs = append(segs, segments(toks, cfg.tokenFeatures(toks), cfg.tokenTags(toks, n.Mentions))...)
		tokens += len(toks)
	}
	if tokens < 50 {
		return nil, TrainResult{}, fmt.Errorf("only %d training tokens", tokens)
	}
	torch.Seed(opt.Seed)
	vs := nn.NewVarStore(opt.Device)
	net := newSeqNet(vs, cfg)
	res, err := trainSeq(vs, net, segs, opt)
	if err != nil {
		return nil, res, err
	}
	return &Tagger{vs: vs, seq: net, cfg: cfg, device: opt.Device}, res, nil
}
