package nlp_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
)

// counting wraps the rule extractor and records the size of every call.
type counting struct {
	mu    sync.Mutex
	sizes []int
	fail  error
	gate  chan struct{} // if set, each call waits for it
}

func (c *counting) Model() findings.Model { return rules.New().Model() }

func (c *counting) Extract(ctx context.Context, in []nlp.Input) ([]findings.Findings, error) {
	c.mu.Lock()
	c.sizes = append(c.sizes, len(in))
	c.mu.Unlock()
	if c.gate != nil {
		<-c.gate
	}
	if c.fail != nil {
		return nil, c.fail
	}
	return rules.New().Extract(ctx, in)
}

func TestBatcherMergesConcurrentCallsAndReturnsEachItsOwnFindings(t *testing.T) {
	inner := &counting{}
	b := nlp.NewBatcher(inner, 16, 200*time.Millisecond, 1)
	defer b.Close()
	const callers = 40
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Two notes per caller with LVEFs that identify the caller and the note.
			in := []nlp.Input{{Text: fmt.Sprintf("Echo: LVEF %d%%.", 10+i)}, {Text: fmt.Sprintf("TTE: LVEF %d%%. Former smoker.", 50+i)}}
			got, err := b.Extract(context.Background(), in)
			if err != nil {
				errs <- err
				return
			}
			if len(got) != 2 || got[0].LVEF == nil || got[1].LVEF == nil ||
				got[0].LVEF.Value != float64(10+i) || got[1].LVEF.Value != float64(50+i) || got[1].Smoking.Status != findings.Past {
				errs <- fmt.Errorf("caller %d got someone else's findings: %+v", i, got)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 0
	for _, n := range inner.sizes {
		total += n
		if n > 16+1 { // a batch closes once it holds 16 notes; the last caller may bring 2
			t.Errorf("a batch of %d notes, over the maximum", n)
		}
	}
	if total != 2*callers {
		t.Errorf("%d notes reached the extractor, want %d", total, 2*callers)
	}
	if len(inner.sizes) > 10 {
		t.Errorf("%d calls for %d concurrent callers: not merged (%v)", len(inner.sizes), callers, inner.sizes)
	}
	t.Logf("%d callers -> %d calls of sizes %v", callers, len(inner.sizes), inner.sizes)
}

func TestBatcherSendsAFullBatchWithoutWaiting(t *testing.T) {
	inner := &counting{}
	b := nlp.NewBatcher(inner, 2, time.Hour, 1)
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := b.Extract(ctx, []nlp.Input{{Text: "Never smoked."}, {Text: "Smokes 1 ppd."}})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Smoking.Status != findings.NonSmoker || got[1].Smoking.Status != findings.Current {
		t.Errorf("statuses %s, %s", got[0].Smoking.Status, got[1].Smoking.Status)
	}
}

func TestBatcherErrorsReachEveryCallerAndCancelledCallersLeave(t *testing.T) {
	boom := errors.New("worker failed")
	b := nlp.NewBatcher(&counting{fail: boom}, 8, 50*time.Millisecond, 1)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := b.Extract(context.Background(), []nlp.Input{{Text: "x"}}); !errors.Is(err, boom) {
				t.Errorf("error %v, want %v", err, boom)
			}
		}()
	}
	wg.Wait()
	b.Close()
	if _, err := b.Extract(context.Background(), []nlp.Input{{Text: "x"}}); !errors.Is(err, nlp.ErrBatcherClosed) {
		t.Errorf("after Close: %v", err)
	}

	// A caller that gives up while its batch waits for a busy replica gets its ctx error.
	gate := make(chan struct{})
	inner := &counting{gate: gate}
	b2 := nlp.NewBatcher(inner, 1, 0, 1)
	defer b2.Close()
	go b2.Extract(context.Background(), []nlp.Input{{Text: "first"}}) // holds the only slot
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := b2.Extract(ctx, []nlp.Input{{Text: "second"}}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting caller: %v, want deadline exceeded", err)
	}
	close(gate)
}
