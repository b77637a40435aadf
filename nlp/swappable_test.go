package nlp

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// gated is an extractor whose calls wait for release; it counts its calls and closing.
type gated struct {
	name    string
	release chan struct{}
	started chan struct{}
	calls   atomic.Int32
	closed  atomic.Bool
}

func (g *gated) Extract(ctx context.Context, in []Input) ([]findings.Findings, error) {
	if g.closed.Load() {
		panic("Extract on a closed model")
	}
	g.calls.Add(1)
	if g.started != nil {
		g.started <- struct{}{}
	}
	if g.release != nil {
		<-g.release
	}
	return make([]findings.Findings, len(in)), nil
}

func (g *gated) Model() findings.Model { return findings.Model{Name: g.name, Version: "1"} }

func TestSwapLetsCallsInFlightFinishOnTheOldModel(t *testing.T) {
	old := &gated{name: "old", release: make(chan struct{}), started: make(chan struct{}, 1)}
	s := NewSwappable(old, func() { old.closed.Store(true) })
	done := make(chan []findings.Findings)
	go func() {
		out, err := s.Extract(context.Background(), []Input{{Text: "a"}, {Text: "b"}})
		if err != nil {
			t.Error(err)
		}
		done <- out
	}()
	<-old.started // a call is in flight on the old model
	next := &gated{name: "new"}
	if prev := s.Swap(next, func() { next.closed.Store(true) }); prev.Name != "old" {
		t.Errorf("Swap returned %s", prev.Name)
	}
	if s.Model().Name != "new" {
		t.Errorf("Model after the swap: %s", s.Model().Name)
	}
	// New calls take the new model at once, while the old call still runs.
	out, err := s.Extract(context.Background(), []Input{{Text: "c"}})
	if err != nil || out[0].Model.Name != "new" || next.calls.Load() != 1 {
		t.Fatalf("a call after the swap: %+v %v", out, err)
	}
	time.Sleep(20 * time.Millisecond)
	if old.closed.Load() {
		t.Fatal("the old model was closed while a call was using it")
	}
	close(old.release)
	got := <-done
	for _, f := range got {
		if f.Model.Name != "old" {
			t.Errorf("the call in flight says it was read by %s", f.Model.Name)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for !old.closed.Load() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !old.closed.Load() {
		t.Error("the old model was never closed")
	}
	s.Close()
	if !next.closed.Load() {
		t.Error("Close did not release the current model")
	}
}
