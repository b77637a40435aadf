// Package consumers holds notecoder's Kafka consumer-group loops. Documents reads the
// DocumentReference topic: messages of one partition in order, partitions concurrently;
// an offset is committed only after every output record for it was acknowledged by the
// broker. Permanent failures go to the dead-letter topic; transient ones are retried with
// capped exponential backoff and never committed past. It owns no clinical logic: that is
// the Processor's (pipeline.Processor).
package consumers

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/observability"
	"github.com/notecoder/notecoder/pipeline"
)

// Processor is the transport-free core step (pipeline.Processor).
type Processor interface {
	Process(ctx context.Context, raw []byte) (pipeline.Result, error)
	Record(ctx context.Context, r pipeline.Result) error
}

// Publisher writes results and dead letters (producers.Writer).
type Publisher interface {
	Messages(d pipeline.DocResult, headers []kafka.Header) ([]kafka.Message, error)
	Write(ctx context.Context, msgs ...kafka.Message) error
	DeadLetter(src kafka.Message, documentID string, cause error) kafka.Message
}

// Config configures the consumer.
type Config struct {
	Brokers []string
	Group   string
	Topic   string
	TLS     *tls.Config
	SASL    sasl.Mechanism
	// MaxMessageBytes is the largest record fetched (documents can be several MB).
	MaxMessageBytes int
	// BackoffMin and BackoffMax bound the retry delay for transient failures.
	BackoffMin, BackoffMax time.Duration
	// ShutdownTimeout bounds how long in-flight messages may take after a stop signal;
	// what is unfinished then is not committed and will be processed again.
	ShutdownTimeout time.Duration
	// QueuePerPartition is how many fetched messages may wait for one partition's worker.
	QueuePerPartition int
	Logger            *slog.Logger
	// Observe, if set, is called after each message is settled (for metrics and tests).
	Observe func(Outcome)
}

func (c *Config) defaults() {
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = 16 << 20
	}
	if c.BackoffMin <= 0 {
		c.BackoffMin = 100 * time.Millisecond
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 30 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 30 * time.Second
	}
	if c.QueuePerPartition <= 0 {
		c.QueuePerPartition = 64
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Outcome says how one message was settled.
type Outcome struct {
	Partition    int
	Offset       int64
	Documents    int           // documents published (including withdrawals)
	Records      int           // output records acknowledged
	DeadLettered int           // dead-letter records written
	Stale        int           // documents older than what was already published
	Attempts     int           // 1 when nothing had to be retried
	Elapsed      time.Duration // fetch to commit
}

// Stats are running totals, safe to read while Run works.
type Stats struct {
	Messages, Documents, Records, DeadLetters, Retries atomic.Int64
}

// Documents consumes the DocumentReference topic.
type Documents struct {
	cfg   Config
	proc  Processor
	pub   Publisher
	Stats Stats
}

// NewDocuments returns a consumer; Run starts it.
func NewDocuments(cfg Config, proc Processor, pub Publisher) *Documents {
	cfg.defaults()
	return &Documents{cfg: cfg, proc: proc, pub: pub}
}

// permanent reports whether err is a problem with the input itself (an
// *fhir.InputError and anything else that says Permanent()).
func permanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// Run consumes until ctx is cancelled, then stops fetching, finishes (or, after
// ShutdownTimeout, abandons) in-flight messages, commits what was settled and leaves the
// group. It returns nil after a clean stop.
func (d *Documents) Run(ctx context.Context) error {
	cfg := d.cfg
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:               cfg.Brokers,
		GroupID:               cfg.Group,
		Topic:                 cfg.Topic,
		Dialer:                &kafka.Dialer{Timeout: 10 * time.Second, DualStack: true, TLS: cfg.TLS, SASLMechanism: cfg.SASL, ClientID: "notecoder"},
		MinBytes:              1,
		MaxBytes:              cfg.MaxMessageBytes + 1<<20,
		MaxWait:               500 * time.Millisecond,
		CommitInterval:        500 * time.Millisecond, // commits are batched; Close flushes them
		StartOffset:           kafka.FirstOffset,      // a new group reads the topic from the start
		SessionTimeout:        10 * time.Second,
		RebalanceTimeout:      30 * time.Second,
		HeartbeatInterval:     2 * time.Second,
		JoinGroupBackoff:      time.Second,
		ReadBackoffMin:        100 * time.Millisecond,
		ReadBackoffMax:        2 * time.Second,
		MaxAttempts:           5,
		WatchPartitionChanges: true,
		ErrorLogger: kafka.LoggerFunc(func(msg string, args ...any) {
			cfg.Logger.Warn("kafka reader", "detail", fmt.Sprintf(msg, args...))
		}),
	})

	// Work continues past a stop signal for up to ShutdownTimeout.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stopTimer := context.AfterFunc(ctx, func() {
		cfg.Logger.Info("stop requested: finishing in-flight messages", "timeout", cfg.ShutdownTimeout.String())
		time.AfterFunc(cfg.ShutdownTimeout, cancelWork)
	})
	defer stopTimer()

	var wg sync.WaitGroup
	queues := map[int]chan kafka.Message{}
	worker := func(q chan kafka.Message) {
		defer wg.Done()
		for m := range q {
			if workCtx.Err() != nil {
				continue // abandoned: not committed, will be redelivered
			}
			if err := d.handle(workCtx, m); err != nil {
				continue // only when work was abandoned
			}
			if err := r.CommitMessages(workCtx, m); err != nil && workCtx.Err() == nil {
				cfg.Logger.Warn("commit failed; the message may be processed again", "partition", m.Partition, "offset", m.Offset, "error", err.Error())
			}
		}
	}

	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			cfg.Logger.Warn("fetch failed; retrying", "error", err.Error())
			if sleep(ctx, cfg.BackoffMax/10) != nil {
				break
			}
			continue
		}
		q, ok := queues[m.Partition]
		if !ok {
			q = make(chan kafka.Message, cfg.QueuePerPartition)
			queues[m.Partition] = q
			wg.Add(1)
			go worker(q)
		}
		select {
		case q <- m:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	if err := r.Close(); err != nil { // commits the settled offsets, leaves the group
		cfg.Logger.Warn("closing the reader", "error", err.Error())
	}
	cfg.Logger.Info("consumer stopped", "messages", d.Stats.Messages.Load(), "dead_letters", d.Stats.DeadLetters.Load())
	return nil
}

// handle settles one message: its results (and dead letters for bad documents) are
// acknowledged by the broker and recorded, or the error returned is workCtx's.
func (d *Documents) handle(ctx context.Context, m kafka.Message) error {
	start := time.Now()
	// Continue the trace of whoever produced the document (W3C traceparent header).
	in := append([]kafka.Header(nil), m.Headers...)
	ctx = otel.GetTextMapPropagator().Extract(ctx, observability.HeaderCarrier{Headers: &in})
	ctx, span := tracer().Start(ctx, "process "+m.Topic, trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(
		attribute.String("messaging.system", "kafka"),
		attribute.String("messaging.operation.type", "process"),
		attribute.String("messaging.destination.name", m.Topic),
		attribute.String("messaging.consumer.group.name", d.cfg.Group),
		attribute.String("messaging.destination.partition.id", fmt.Sprint(m.Partition)),
		attribute.Int64("messaging.kafka.offset", m.Offset),
		attribute.String("messaging.kafka.message.key", string(m.Key)),
		attribute.Int("messaging.message.body.size", len(m.Value)),
	))
	defer span.End()
	out := Outcome{Partition: m.Partition, Offset: m.Offset}
	delay := d.cfg.BackoffMin
	for attempt := 1; ; attempt++ {
		out.Attempts = attempt
		err := d.settle(ctx, m, &out)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			span.SetStatus(codes.Error, "abandoned at shutdown; will be redelivered")
			return ctx.Err()
		}
		d.Stats.Retries.Add(1)
		meters().retries.Add(ctx, 1)
		span.AddEvent("retry", trace.WithAttributes(attribute.Int("attempt", attempt), attribute.String("error.type", errorType(err))))
		d.cfg.Logger.Warn("transient failure; retrying", "partition", m.Partition, "offset", m.Offset, "attempt", attempt, "backoff", delay.String(), "error", err.Error())
		if sleep(ctx, jitter(delay)) != nil {
			return ctx.Err()
		}
		delay = min(delay*2, d.cfg.BackoffMax)
	}
	out.Elapsed = time.Since(start)
	outcome := "published"
	if out.DeadLettered > 0 && out.Documents == 0 {
		outcome = "dead_lettered"
	}
	span.SetAttributes(attribute.String("notecoder.outcome", outcome), attribute.Int("notecoder.attempts", out.Attempts))
	meters().messages.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome)))
	meters().duration.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(attribute.String("outcome", outcome)))
	d.Stats.Messages.Add(1)
	d.Stats.Documents.Add(int64(out.Documents))
	d.Stats.Records.Add(int64(out.Records))
	d.Stats.DeadLetters.Add(int64(out.DeadLettered))
	if d.cfg.Observe != nil {
		d.cfg.Observe(out)
	}
	return nil
}

// settle makes one attempt. A returned error is transient.
func (d *Documents) settle(ctx context.Context, m kafka.Message, out *Outcome) error {
	res, err := d.proc.Process(ctx, m.Value)
	if err != nil {
		if !permanent(err) {
			return err
		}
		d.cfg.Logger.Info("dead-lettered", "partition", m.Partition, "offset", m.Offset, "reason", err.Error())
		if err := d.publish(ctx, []kafka.Message{d.pub.DeadLetter(m, "", err)}); err != nil {
			return fmt.Errorf("writing the dead letter: %w", err)
		}
		meters().deadLetters.Add(ctx, 1, metric.WithAttributes(attribute.String("reason", errorType(err))))
		meters().documents.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", "dead_lettered")))
		*out = Outcome{Partition: out.Partition, Offset: out.Offset, Attempts: out.Attempts, DeadLettered: 1}
		return nil
	}
	var msgs []kafka.Message
	docs, stale := 0, 0
	for _, doc := range res.Docs {
		switch {
		case doc.Err != nil:
			d.cfg.Logger.Info("document dead-lettered", "partition", m.Partition, "offset", m.Offset, "document", doc.DocumentID, "reason", doc.Err.Error())
			msgs = append(msgs, d.pub.DeadLetter(m, doc.DocumentID, doc.Err))
			continue
		case doc.Stale:
			d.cfg.Logger.Info("stale document version skipped: a newer one was already published", "document", doc.DocumentID, "version", doc.VersionID)
			stale++
			continue
		}
		rec, err := d.pub.Messages(doc, nil)
		if err != nil {
			return err
		}
		msgs = append(msgs, rec...)
		docs++
	}
	if err := d.publish(ctx, msgs); err != nil {
		return err
	}
	rctx, rspan := tracer().Start(ctx, "record ledger")
	err = d.proc.Record(rctx, res)
	rspan.End()
	if err != nil {
		return err
	}
	for _, doc := range res.Docs {
		outcome := "published"
		switch {
		case doc.Err != nil:
			outcome = "dead_lettered"
			meters().deadLetters.Add(ctx, 1, metric.WithAttributes(attribute.String("reason", errorType(doc.Err))))
		case doc.Stale:
			outcome = "stale"
		case doc.Withdrawn:
			outcome = "withdrawn"
		case len(doc.Resources) == 0:
			outcome = "no_findings"
		}
		meters().documents.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome)))
	}
	out.Documents, out.Stale = docs, stale
	out.DeadLettered = len(res.Failed())
	out.Records = len(msgs) - out.DeadLettered
	return nil
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

// publish writes msgs with one producer span per destination topic, whose context is
// injected into those records' headers so downstream consumers continue the trace.
func (d *Documents) publish(ctx context.Context, msgs []kafka.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	spans := map[string]trace.Span{}
	for i := range msgs {
		topic := msgs[i].Topic
		sp, ok := spans[topic]
		if !ok {
			_, sp = tracer().Start(ctx, "produce "+topic, trace.WithSpanKind(trace.SpanKindProducer), trace.WithAttributes(
				attribute.String("messaging.system", "kafka"),
				attribute.String("messaging.operation.type", "send"),
				attribute.String("messaging.destination.name", topic),
			))
			spans[topic] = sp
		}
		sctx := trace.ContextWithSpan(ctx, sp)
		msgs[i].Headers = append([]kafka.Header(nil), msgs[i].Headers...)
		otel.GetTextMapPropagator().Inject(sctx, observability.HeaderCarrier{Headers: &msgs[i].Headers})
	}
	counts := map[string]int{}
	for _, m := range msgs {
		counts[m.Topic]++
	}
	err := d.pub.Write(ctx, msgs...)
	for topic, sp := range spans {
		sp.SetAttributes(attribute.Int("messaging.batch.message_count", counts[topic]))
		if err != nil {
			sp.SetStatus(codes.Error, "write failed")
		}
		sp.End()
	}
	return err
}

// errorType is a fixed, data-free class for an error: the fhir.Reason of permanent input
// errors, else "transient".
func errorType(err error) string {
	if r := fhir.ReasonOf(err); r != "" {
		return string(r)
	}
	if permanent(err) {
		return "permanent"
	}
	return "transient"
}
