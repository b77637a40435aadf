package consumers

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/producers"
)

func TestRetryBacksOffUntilSuccessAndStopsOnPermanentErrors(t *testing.T) {
	var waits []time.Duration
	r := Retry{Min: 100 * time.Millisecond, Max: 400 * time.Millisecond, sleep: func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}
	var retried []int
	r.OnRetry = func(attempt int, _ time.Duration, _ error) { retried = append(retried, attempt) }
	calls := 0
	err := r.Do(context.Background(), func() error {
		calls++
		if calls < 5 {
			return errors.New("broker away")
		}
		return nil
	})
	if err != nil || calls != 5 || len(retried) != 4 {
		t.Fatalf("err %v after %d calls, %d retries", err, calls, len(retried))
	}
	// 100, 200, 400, 400 ms, each ±20 %.
	for i, want := range []time.Duration{100, 200, 400, 400} {
		want *= time.Millisecond
		if waits[i] < want*8/10 || waits[i] > want*12/10 {
			t.Errorf("wait %d = %s, want %s ± 20%%", i, waits[i], want)
		}
	}
	// Permanent: no retry.
	calls = 0
	perm := &fhir.InputError{Reason: fhir.ReasonMalformedJSON}
	if err := r.Do(context.Background(), func() error { calls++; return perm }); !errors.Is(err, perm) || calls != 1 {
		t.Errorf("permanent error: %v after %d calls", err, calls)
	}
	if err := r.Do(context.Background(), func() error { calls++; return producers.ErrTooLarge }); !errors.Is(err, producers.ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
	// A cancelled context ends the retries with its error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Retry{Min: time.Millisecond}).Do(ctx, func() error { return errors.New("away") }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
