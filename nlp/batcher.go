package nlp

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Batcher merges Extract calls made at about the same time (by the consumer's
// partition workers, each handling one message) into one call of the wrapped extractor,
// so that a model sees batches of many notes instead of one note at a time: what a GPU
// needs to be busy, and what amortizes the per-call cost on a CPU. A batch is sent when
// it holds MaxBatch notes or when the first note in it has waited MaxWait; up to
// Parallel batches run at once (one per model replica).
type Batcher struct {
	ex       Extractor
	maxBatch int
	maxWait  time.Duration
	slots    chan struct{}
	reqs     chan *batchReq
	stop     chan struct{}
	done     sync.WaitGroup
	closed   sync.Once
}

type batchReq struct {
	ctx context.Context
	in  []Input
	out chan batchResult
}

type batchResult struct {
	found []findings.Findings
	err   error
}

// ErrBatcherClosed is returned by Extract after Close.
var ErrBatcherClosed = errors.New("nlp: batcher closed")

// NewBatcher wraps ex. maxBatch < 1 means 1 (no merging); parallel < 1 means 1.
func NewBatcher(ex Extractor, maxBatch int, maxWait time.Duration, parallel int) *Batcher {
	b := &Batcher{ex: ex, maxBatch: max(maxBatch, 1), maxWait: max(maxWait, 0),
		slots: make(chan struct{}, max(parallel, 1)), reqs: make(chan *batchReq), stop: make(chan struct{})}
	b.done.Add(1)
	go b.loop()
	return b
}

// Model is the wrapped extractor's.
func (b *Batcher) Model() findings.Model { return b.ex.Model() }

// Extract queues in with other callers' notes and returns its own findings. A caller
// whose ctx ends while its notes wait gets ctx's error; once its batch runs, the batch
// finishes for the others.
func (b *Batcher) Extract(ctx context.Context, in []Input) ([]findings.Findings, error) {
	if len(in) == 0 {
		return nil, nil
	}
	r := &batchReq{ctx: ctx, in: in, out: make(chan batchResult, 1)}
	select {
	case b.reqs <- r:
	case <-b.stop:
		return nil, ErrBatcherClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case res := <-r.out:
		return res.found, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close waits for running batches and stops; later Extract calls fail.
func (b *Batcher) Close() {
	b.closed.Do(func() { close(b.stop) })
	b.done.Wait()
}

func (b *Batcher) loop() {
	defer b.done.Done()
	var running sync.WaitGroup
	defer running.Wait()
	for {
		var first *batchReq
		select {
		case first = <-b.reqs:
		case <-b.stop:
			return
		}
		batch, n := []*batchReq{first}, len(first.in)
		timer := time.NewTimer(b.maxWait)
	collect:
		for n < b.maxBatch {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
				n += len(r.in)
			case <-timer.C:
				break collect
			case <-b.stop:
				break collect
			}
		}
		timer.Stop()
		b.slots <- struct{}{} // wait for a free replica; callers queue meanwhile
		running.Add(1)
		go func() {
			defer func() { <-b.slots; running.Done() }()
			b.run(batch)
		}()
	}
}

// run makes one call for the batch's notes (skipping callers who already gave up) and
// hands each caller its share.
func (b *Batcher) run(batch []*batchReq) {
	var in []Input
	live := batch[:0]
	for _, r := range batch {
		if r.ctx.Err() != nil {
			continue // its caller has returned
		}
		live = append(live, r)
		in = append(in, r.in...)
	}
	if len(live) == 0 {
		return
	}
	// The merged call is not any one caller's: it runs to completion for all of them.
	found, err := b.ex.Extract(context.WithoutCancel(live[0].ctx), in)
	if err == nil && len(found) != len(in) {
		err = errors.New("nlp: extractor returned a different number of results than notes")
	}
	at := 0
	for _, r := range live {
		res := batchResult{err: err}
		if err == nil {
			res.found = found[at : at+len(r.in) : at+len(r.in)]
		}
		at += len(r.in)
		r.out <- res
	}
}
