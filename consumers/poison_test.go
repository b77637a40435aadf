package consumers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/producers"
)

// fakeBroker accepts records up to limit bytes of value, refuses larger ones as too large,
// and fails the first `away` sends as a broker that is away would.
type fakeBroker struct {
	*producers.Writer
	limit   int
	away    int
	written []kafka.Message
}

func (f *fakeBroker) Messages(d pipeline.DocResult, h []kafka.Header) (producers.Records, error) {
	return f.Writer.Messages(d, h)
}

func (f *fakeBroker) Send(_ context.Context, msgs []kafka.Message) []error {
	errs := make([]error, len(msgs))
	if f.away > 0 {
		f.away--
		for i := range errs {
			errs[i] = errors.New("leader not available")
		}
		return errs
	}
	for i, m := range msgs {
		if len(m.Value) > f.limit {
			errs[i] = fmt.Errorf("%w: broker says so", producers.ErrTooLarge)
			continue
		}
		f.written = append(f.written, m)
	}
	return errs
}

func TestPoisonQueueTrimsWhatIsTooLargeAndNeverRetriesForEver(t *testing.T) {
	w := producers.New(producers.Config{Topics: producers.Topics{DLQ: "dlq"}, Version: "t"})
	defer w.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	fast := Retry{Min: time.Millisecond, Max: time.Millisecond}
	src := kafka.Message{Topic: "in", Partition: 2, Offset: 9, Key: []byte("k"), Value: make([]byte, 5000)}
	cause := &fhir.InputError{Reason: fhir.ReasonMalformedJSON, Detail: "x"}

	// Fits: written as is, after the broker came back.
	fb := &fakeBroker{Writer: w, limit: 10_000, away: 2}
	n, dropped, err := PoisonQueue{Pub: fb, Retry: fast, Log: quiet}.Put(context.Background(), src, []Failure{{Cause: cause}}, nil)
	if err != nil || n != 1 || dropped != 0 || len(fb.written[0].Value) != 5000 {
		t.Fatalf("fitting dead letter: %d written, %d dropped, %v", n, dropped, err)
	}
	// Too large: trimmed to a reference and written.
	fb = &fakeBroker{Writer: w, limit: 1000}
	n, dropped, err = PoisonQueue{Pub: fb, Retry: fast, Log: quiet}.Put(context.Background(), src, []Failure{{Cause: cause}, {DocumentID: "d2", Cause: cause}}, nil)
	if err != nil || n != 2 || dropped != 0 || !trimmed(fb.written[0]) || len(fb.written[0].Value) > 200 {
		t.Fatalf("oversize dead letters: %d written, %d dropped, %v, first %q", n, dropped, err, fb.written[0].Value)
	}
	// Refused even trimmed: dropped, and Put returns instead of retrying for ever.
	fb = &fakeBroker{Writer: w, limit: 10}
	done := make(chan struct{})
	go func() {
		n, dropped, err = PoisonQueue{Pub: fb, Retry: fast, Log: quiet}.Put(context.Background(), src, []Failure{{Cause: cause}}, nil)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Put retried a dead letter that can never be written")
	}
	if err != nil || n != 0 || dropped != 1 {
		t.Fatalf("unwritable dead letter: %d written, %d dropped, %v", n, dropped, err)
	}
}
