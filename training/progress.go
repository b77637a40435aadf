package training

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// Progress reports a training run on w: a bar over each epoch's steps, drawn by mpb only
// when w is a terminal (piped to a file or CI log, nothing of it is written), and one line
// per epoch with its loss, validation score and elapsed time, always.
type Progress struct {
	w     io.Writer     // where epoch lines go: p on a terminal, else w itself
	p     *mpb.Progress // nil when w is not a terminal
	bar   *mpb.Bar
	loss  float64
	score string
	start time.Time
}

// NewProgress starts reporting on w; score names the validation figure of the epoch
// lines. Call Done when training ends.
func NewProgress(w io.Writer, score string) *Progress {
	pr := &Progress{w: w, score: score, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		// mpb buffers lines written through it until its next redraw, which never comes
		// when it is not drawing: so only a terminal gets mpb.
		pr.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(30))
		pr.w = pr.p
	}
	return pr
}

// Step records that step of steps in the current epoch is done, with its loss.
func (p *Progress) Step(step, steps int, loss float64) {
	if p.p == nil {
		return
	}
	if p.bar == nil {
		p.bar = p.p.AddBar(int64(steps),
			mpb.PrependDecorators(decor.CountersNoUnit("  step %d/%d")),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return fmt.Sprintf("loss %.4f", p.loss) })),
			mpb.BarRemoveOnComplete())
	}
	p.loss = loss
	p.bar.SetCurrent(int64(step))
}

// Epoch writes the epoch's line (above the bar on a terminal) and ends its bar.
func (p *Progress) Epoch(epoch int, loss, score float64, _, _ int) {
	if p.bar != nil {
		p.bar.Abort(true)
		p.bar.Wait()
		p.bar = nil
	}
	fmt.Fprintf(p.w, "  epoch %2d  train loss %.4f  %s %.4f  (%s)\n", epoch, loss, p.score, score, time.Since(p.start).Round(time.Second))
}

// Done stops the bars; the Progress is not used after it.
func (p *Progress) Done() {
	if p.p == nil {
		return
	}
	if p.bar != nil {
		p.bar.Abort(true)
	}
	p.p.Wait()
}
