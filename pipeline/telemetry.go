package pipeline

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/notecoder/notecoder/fhir"
)

const scope = "github.com/notecoder/notecoder/pipeline"

// instruments are created from the global meter (set up by main; until then, and in
// tests that set nothing, they are no-ops).
type instruments struct {
	stage     metric.Float64Histogram
	inference metric.Float64Histogram
	batch     metric.Int64Histogram
}

var (
	instOnce sync.Once
	inst     instruments
)

func meters() *instruments {
	instOnce.Do(func() {
		m := otel.Meter(scope)
		inst.stage, _ = m.Float64Histogram("notecoder.stage.duration", metric.WithUnit("s"), secondsBuckets,
			metric.WithDescription("Time spent per document in each pipeline stage (parse, extract_text, build_fhir, reconcile)."))
		inst.inference, _ = m.Float64Histogram("notecoder.model.inference.duration", metric.WithUnit("s"), secondsBuckets,
			metric.WithDescription("Time of one model call over a batch of notes."))
		inst.batch, _ = m.Int64Histogram("notecoder.model.batch.size", metric.WithUnit("{note}"),
			metric.WithDescription("Notes per model call."),
			metric.WithExplicitBucketBoundaries(1, 2, 4, 8, 16, 32, 64, 128))
	})
	return &inst
}

// secondsBuckets suit latencies from a millisecond to a minute.
var secondsBuckets = metric.WithExplicitBucketBoundaries(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

func tracer() trace.Tracer { return otel.Tracer(scope) }

// stage starts a child span and returns a function that ends it and records its time.
func stage(ctx context.Context, name, metricStage string, attrs ...attribute.KeyValue) (context.Context, func(error)) {
	ctx, span := tracer().Start(ctx, name, trace.WithAttributes(attrs...))
	start := time.Now()
	return ctx, func(err error) {
		if err != nil {
			span.SetStatus(codes.Error, "failed") // the reason is in the error class attribute
			if r := reasonAttr(err); r.Valid() {
				span.SetAttributes(r)
			}
		}
		span.End()
		meters().stage.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(attribute.String("stage", metricStage)))
	}
}

// reasonAttr is the error class of a permanent input error (safe: a fixed code).
func reasonAttr(err error) attribute.KeyValue {
	if r := fhir.ReasonOf(err); r != "" {
		return attribute.String("error.type", string(r))
	}
	return attribute.String("error.type", "internal")
}
