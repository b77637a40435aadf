package torch

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// ErrWorkerClosed is returned by Do after Close, or after a job ended the worker
// (ErrJobExited).
var ErrWorkerClosed = errors.New("torch worker closed")

// ErrJobExited is returned by Do when its function ended the worker's goroutine with
// runtime.Goexit instead of returning: t.Fatal or t.FailNow called inside Do in a test.
// The worker is closed after it; without this, Do waited for an answer forever (a test
// failing inside Do hung the package until go test's timeout).
var ErrJobExited = errors.New("torch: the job called runtime.Goexit (t.Fatal inside Worker.Do?); the worker is closed")

// Worker runs functions one at a time on a single goroutine locked to its OS thread, so
// that libtorch's and gotch's thread-local state (grad mode, last error) stays consistent.
// Keep one model replica per worker and only touch it inside Do.
type Worker struct {
	jobs chan job
	done chan struct{}
}

type job struct {
	fn  func() error
	out chan error
}

// NewWorker starts a worker. Close it when done.
func NewWorker() *Worker {
	w := &Worker{jobs: make(chan job), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Worker) loop() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer close(w.done)
	for j := range w.jobs {
		run(j)
	}
}

// run answers j however its function ends: returning, panicking (runSafely), or calling
// runtime.Goexit, which ends this goroutine and so the worker after the deferred answer.
func run(j job) {
	exited := true
	defer func() {
		if exited {
			j.out <- ErrJobExited
		}
	}()
	j.out <- runSafely(j.fn)
	exited = false
}

// runSafely turns a panic inside gotch (its Must* helpers panic) into an error, so one
// bad call cannot kill the process or the worker.
func runSafely(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("torch: %v", r)
		}
	}()
	return fn()
}

// Do runs fn on the worker's locked thread and returns its error. If ctx ends before the
// worker picks fn up, fn is not run; once started, fn runs to completion.
func (w *Worker) Do(ctx context.Context, fn func() error) (err error) {
	out := make(chan error, 1)
	defer func() {
		if recover() != nil { // send on closed channel: the worker is closed
			err = ErrWorkerClosed
		}
	}()
	select {
	case w.jobs <- job{fn: fn, out: out}:
	case <-w.done: // ended by a job's Goexit (or closed)
		return ErrWorkerClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-out
}

// Close stops the worker after the function in progress, if any, has finished.
func (w *Worker) Close() {
	defer func() { _ = recover() }() // closing twice is harmless
	close(w.jobs)
	<-w.done
}
