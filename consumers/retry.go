package consumers

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/notecoder/notecoder/producers"
)

// Retry is the consumer's one retry policy, a separate piece the way Watermill's retry
// middleware is: it runs a step until the step succeeds, fails permanently
// (producers.Permanent: retrying cannot help), or ctx ends; between attempts it waits a
// capped exponential backoff with ±20 % jitter, so that many workers do not retry in step.
type Retry struct {
	Min, Max time.Duration
	// OnRetry, if set, is called before each wait (logs, metrics, spans).
	OnRetry func(attempt int, delay time.Duration, err error)
	// sleep waits (tests replace it); nil is a real timer.
	sleep func(ctx context.Context, d time.Duration) error
}

// Do runs step as the policy says. It returns nil, the permanent error, or ctx's error.
func (r Retry) Do(ctx context.Context, step func() error) error {
	delay := r.Min
	if delay <= 0 {
		delay = 100 * time.Millisecond
	}
	wait := r.sleep
	if wait == nil {
		wait = sleep
	}
	for attempt := 1; ; attempt++ {
		err := step()
		if err == nil || producers.Permanent(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if r.OnRetry != nil {
			r.OnRetry(attempt, delay, err)
		}
		if err := wait(ctx, jitter(delay)); err != nil {
			return err
		}
		if r.Max > 0 {
			delay = min(delay*2, r.Max)
		} else {
			delay *= 2
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// jitter spreads retries of many workers: d ± 20%.
func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}
