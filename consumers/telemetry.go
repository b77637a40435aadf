package consumers

import (
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

const scope = "github.com/notecoder/notecoder/consumers"

type instruments struct {
	messages, documents, deadLetters, retries metric.Int64Counter
	duration                                  metric.Float64Histogram
}

var (
	instOnce sync.Once
	inst     instruments
)

// meters creates the instruments from the global meter provider (no-ops until main
// sets one).
func meters() *instruments {
	instOnce.Do(func() {
		m := otel.Meter(scope)
		inst.messages, _ = m.Int64Counter("notecoder.messages", metric.WithUnit("{message}"),
			metric.WithDescription("Input messages settled, by outcome (published, dead_lettered)."))
		inst.documents, _ = m.Int64Counter("notecoder.documents", metric.WithUnit("{document}"),
			metric.WithDescription("Documents settled, by outcome (published, withdrawn, no_findings, stale, skipped_superseded, skipped_preliminary, dead_lettered)."))
		inst.deadLetters, _ = m.Int64Counter("notecoder.dead_letters", metric.WithUnit("{record}"),
			metric.WithDescription("Dead-letter records written, by reason."))
		inst.retries, _ = m.Int64Counter("notecoder.retries", metric.WithUnit("{retry}"),
			metric.WithDescription("Retries after transient failures."))
		inst.duration, _ = m.Float64Histogram("notecoder.message.duration", metric.WithUnit("s"), secondsBuckets,
			metric.WithDescription("End to end, from fetch to settled (outputs acknowledged), per input message."))
	})
	return &inst
}

// secondsBuckets suit latencies from a millisecond to a minute.
var secondsBuckets = metric.WithExplicitBucketBoundaries(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

func tracer() trace.Tracer { return otel.Tracer(scope) }
