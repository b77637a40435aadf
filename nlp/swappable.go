package nlp

import (
	"context"
	"sync"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Swappable is an Extractor whose model can be replaced while it serves (hot reload):
// each Extract call runs whole on the model that was current when it started, and says
// so in every Findings.Model; a replaced model is closed once the calls still using it
// are done. Nothing waits on a swap: calls in flight finish on the old model, the next
// ones take the new.
type Swappable struct {
	mu  sync.RWMutex
	cur *generation
}

type generation struct {
	ex    Extractor
	close func()
	users sync.WaitGroup
}

var _ Extractor = (*Swappable)(nil)

// NewSwappable serves ex; closeFn (may be nil) releases it once it is replaced or the
// Swappable is closed.
func NewSwappable(ex Extractor, closeFn func()) *Swappable {
	return &Swappable{cur: &generation{ex: ex, close: closeFn}}
}

func (s *Swappable) acquire() *generation {
	s.mu.RLock()
	g := s.cur
	g.users.Add(1)
	s.mu.RUnlock()
	return g
}

// Extract reads the notes with the current model.
func (s *Swappable) Extract(ctx context.Context, in []Input) ([]findings.Findings, error) {
	g := s.acquire()
	defer g.users.Done()
	out, err := g.ex.Extract(ctx, in)
	if err != nil {
		return nil, err
	}
	m := g.ex.Model()
	for i := range out {
		out[i].Model = m
	}
	return out, nil
}

// Model is the current model.
func (s *Swappable) Model() findings.Model {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur.ex.Model()
}

// Current is the extractor serving now.
func (s *Swappable) Current() Extractor {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur.ex
}

// Swap makes ex the current model and releases the previous one (closeFn) in the
// background once the calls using it are done. It returns the previous model's name.
func (s *Swappable) Swap(ex Extractor, closeFn func()) findings.Model {
	s.mu.Lock()
	old := s.cur
	s.cur = &generation{ex: ex, close: closeFn}
	s.mu.Unlock()
	go retire(old)
	return old.ex.Model()
}

func retire(g *generation) {
	g.users.Wait()
	if g.close != nil {
		g.close()
	}
}

// Close releases the current model once its calls are done.
func (s *Swappable) Close() {
	s.mu.Lock()
	g := s.cur
	s.mu.Unlock()
	retire(g)
}
