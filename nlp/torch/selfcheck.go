package torch

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
	"github.com/sugarme/gotch/ts"
)

// SelfCheckReport is what SelfCheck measured.
type SelfCheckReport struct {
	Device       string        `json:"device"`
	Steps        int           `json:"steps"`
	InitialLoss  float64       `json:"initial_loss"`
	FinalLoss    float64       `json:"final_loss"`
	Accuracy     float64       `json:"accuracy"`        // training accuracy after the last step
	MaxReloadDif float64       `json:"max_reload_diff"` // largest |output difference| after save+reload
	Elapsed      time.Duration `json:"elapsed_ns"`
}

// tiny is the self-check's model: token embedding, mean over the sequence, linear layer.
// It exercises the ops notecoder's models are built from (embedding, linear, mean,
// log-softmax, NLL loss, Adam, save/load) on every libtorch notecoder supports.
type tiny struct {
	emb *nn.Embedding
	out *nn.Linear
}

const (
	tinyVocab = 16
	tinyDim   = 8
	tinySeq   = 6
	tinyN     = 64
)

func newTiny(vs *nn.VarStore) *tiny {
	root := vs.Root()
	return &tiny{
		emb: nn.NewEmbedding(root.Sub("emb"), tinyVocab, tinyDim, nn.DefaultEmbeddingConfig()),
		out: nn.NewLinear(root.Sub("out"), tinyDim, 2, nn.DefaultLinearConfig()),
	}
}

func (m *tiny) forward(tokens *ts.Tensor) *ts.Tensor {
	e := m.emb.Forward(tokens)                                    // [N, seq, dim]
	pooled := e.MustMeanDim([]int64{1}, false, gotch.Float, true) // [N, dim]
	defer pooled.MustDrop()
	return m.out.Forward(pooled) // [N, 2]
}

// tinyData is a deterministic toy task: label 1 when the sequence holds token 3.
func tinyData(device gotch.Device) (x, y *ts.Tensor) {
	toks := make([]int64, 0, tinyN*tinySeq)
	labels := make([]int64, tinyN)
	state := uint32(12345)
	for i := 0; i < tinyN; i++ {
		for j := 0; j < tinySeq; j++ {
			state = state*1664525 + 1013904223
			tok := int64(state>>16) % tinyVocab
			if i%2 == 0 && j == i%tinySeq {
				tok = 3
			} else if i%2 == 1 && tok == 3 {
				tok = 4
			}
			toks = append(toks, tok)
		}
		labels[i] = int64(1 - i%2)
	}
	x = ts.MustOfSlice(toks).MustView([]int64{tinyN, tinySeq}, true).MustTo(device, true)
	y = ts.MustOfSlice(labels).MustTo(device, true)
	return x, y
}

// SelfCheck trains the tiny model on device for steps Adam steps, saves it to dir,
// reloads it into a fresh VarStore and compares the two models' outputs. It must run on a
// Worker (or a goroutine locked to its OS thread). It returns an error when the loss does
// not fall or the reloaded model differs.
func SelfCheck(device gotch.Device, steps int, dir string) (rep SelfCheckReport, err error) {
	start := time.Now()
	rep.Device = DeviceName(device)
	rep.Steps = steps
	Seed(42)

	vs := nn.NewVarStore(device)
	defer vs.Destroy()
	model := newTiny(vs)
	opt, err := nn.DefaultAdamConfig().Build(vs, 0.05)
	if err != nil {
		return rep, fmt.Errorf("self-check: building Adam: %w", err)
	}
	x, y := tinyData(device)
	defer x.MustDrop()
	defer y.MustDrop()

	for step := 0; step < steps; step++ {
		logits := model.forward(x)
		loss := logits.CrossEntropyForLogits(y)
		logits.MustDrop()
		if err := opt.BackwardStep(loss); err != nil {
			loss.MustDrop()
			return rep, fmt.Errorf("self-check: step %d: %w", step, err)
		}
		v := loss.Float64Values(true)[0]
		if step == 0 {
			rep.InitialLoss = v
		}
		rep.FinalLoss = v
	}

	path := filepath.Join(dir, "selfcheck.gt")
	if err := vs.Save(path); err != nil {
		return rep, fmt.Errorf("self-check: saving to %s: %w", path, err)
	}
	defer os.Remove(path)

	vs2 := nn.NewVarStore(device)
	defer vs2.Destroy()
	model2 := newTiny(vs2)
	if err := vs2.Load(path); err != nil {
		return rep, fmt.Errorf("self-check: reloading %s: %w", path, err)
	}

	var a, b []float64
	ts.NoGrad(func() {
		la := model.forward(x)
		lb := model2.forward(x)
		pred := la.MustArgmax([]int64{-1}, false, false)
		correct := pred.MustEqTensor(y, true).MustTotype(gotch.Float, true).MustMean(gotch.Float, true)
		rep.Accuracy = correct.Float64Values(true)[0]
		a = la.MustTo(gotch.CPU, true).Float64Values(true)
		b = lb.MustTo(gotch.CPU, true).Float64Values(true)
	})
	for i := range a {
		rep.MaxReloadDif = math.Max(rep.MaxReloadDif, math.Abs(a[i]-b[i]))
	}
	rep.Elapsed = time.Since(start)

	switch {
	case !(rep.FinalLoss < rep.InitialLoss*0.5):
		return rep, fmt.Errorf("self-check: loss did not fall enough (%.4f -> %.4f): libtorch's autograd or optimizer is not working", rep.InitialLoss, rep.FinalLoss)
	case rep.MaxReloadDif != 0:
		return rep, fmt.Errorf("self-check: reloaded model differs from the saved one (max |diff| %g): VarStore save/load is broken", rep.MaxReloadDif)
	}
	return rep, nil
}

func (r SelfCheckReport) String() string {
	return fmt.Sprintf("device %s: %d Adam steps, loss %.4f -> %.4f, accuracy %.2f; saved, reloaded: max |output diff| %g; %s",
		r.Device, r.Steps, r.InitialLoss, r.FinalLoss, r.Accuracy, r.MaxReloadDif, r.Elapsed.Round(time.Millisecond))
}
