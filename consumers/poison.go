package consumers

import (
	"context"
	"errors"
	"log/slog"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/producers"
)

// Failure is one thing of an input record that could not be processed: the whole record
// (DocumentID "") or one document of a Bundle.
type Failure struct {
	DocumentID string
	Cause      error
}

// PoisonQueue dead-letters what cannot be processed, a separate piece the way Watermill's
// poison-queue middleware is: the source record's key and value with headers that say
// where it came from and why (producers.Writer.DeadLetter). A dead letter the broker
// refuses as too large for the dead-letter topic is trimmed to a reference to its source
// (producers.Trim) and sent again; one refused even then is logged and dropped. Nothing
// is retried for ever: only transient errors are, by Retry.
type PoisonQueue struct {
	Pub   Publisher
	Retry Retry
	Log   *slog.Logger
}

// Put writes the dead letters of src, one per failure, and returns once each is written
// or dropped. before, if set, is called on the records of each attempt (trace context).
// The error is ctx's, when it ended first.
func (q PoisonQueue) Put(ctx context.Context, src kafka.Message, fails []Failure, before func([]kafka.Message)) (written, dropped int, err error) {
	pending := make([]kafka.Message, len(fails))
	for i, f := range fails {
		pending[i] = q.Pub.DeadLetter(src, f.DocumentID, f.Cause)
	}
	err = q.Retry.Do(ctx, func() error {
		for len(pending) > 0 {
			if before != nil {
				before(pending)
			}
			errs := q.Pub.Send(ctx, pending)
			var again []kafka.Message
			var transient error
			for i, e := range errs {
				m := pending[i]
				switch {
				case e == nil:
					written++
				case producers.Permanent(e) && !trimmed(m):
					q.Log.Warn("dead letter too large for the dead-letter topic: trimmed to a reference to its source",
						"partition", src.Partition, "offset", src.Offset, "bytes", len(src.Value))
					again = append(again, producers.Trim(m, src))
				case producers.Permanent(e):
					q.Log.Error("dead letter refused for good even trimmed; dropped", "partition", src.Partition, "offset", src.Offset, "error", e.Error())
					dropped++
				default:
					again = append(again, m)
					transient = e
				}
			}
			pending = again
			if transient != nil {
				return transient // back off, then send what is left
			}
		}
		return nil
	})
	return written, dropped, err
}

func trimmed(m kafka.Message) bool {
	for _, h := range m.Headers {
		if h.Key == producers.HeaderTrimmed {
			return true
		}
	}
	return false
}

// reasonOf is the reason code of a failure for metrics and logs: the fhir.Reason, else
// result-too-large for records refused as too large, else permanent or transient.
func reasonOf(err error) string {
	if r := fhir.ReasonOf(err); r != "" {
		return string(r)
	}
	if errors.Is(err, producers.ErrTooLarge) {
		return string(fhir.ReasonResultTooLarge)
	}
	if producers.Permanent(err) {
		return "permanent"
	}
	return "transient"
}
