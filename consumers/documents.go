// Package consumers holds notecoder's Kafka consumer: the DocumentReference topic read as
// a consumer group, each assigned partition through a pipeline that keeps many messages in
// flight (a bounded window): notes are prepared concurrently (their model calls share
// batches), settled against the partition's state in input order, published
// asynchronously with acks=all, and committed in order up to the first unfinished
// message. At-least-once holds: an offset is committed only after every output record and
// the state record for it were acknowledged. The state that reconciles amendments and
// withdrawals moves with its partition (State). Permanent failures go to the dead-letter
// topic; transient ones are retried with capped exponential backoff. It owns no clinical
// logic: that is the Processor's (pipeline.Processor).
package consumers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/producers"
)

// Processor is the transport-free core step (pipeline.Processor).
type Processor interface {
	Parse(ctx context.Context, raw []byte, received time.Time) (*pipeline.Parsed, error)
	PrepareParsed(ctx context.Context, p *pipeline.Parsed) (*pipeline.Prepared, error)
	Next(ctx context.Context, prev *pipeline.Prepared) (*pipeline.Prepared, error)
	Settle(ctx context.Context, p *pipeline.Prepared, ledger fhir.Ledger) (pipeline.Result, error)
}

// Publisher writes results and dead letters (producers.Writer).
type Publisher interface {
	Messages(d pipeline.DocResult, headers []kafka.Header) (producers.Records, error)
	Send(ctx context.Context, msgs []kafka.Message) []error
	DeadLetter(src kafka.Message, documentID string, cause error) kafka.Message
}

// Config configures the consumer.
type Config struct {
	Conn  broker.Conn
	Group string
	Topic string
	// MaxMessageBytes is the largest record fetched (documents can be several MB).
	MaxMessageBytes int
	// BackoffMin and BackoffMax bound the retry delay for transient failures.
	BackoffMin, BackoffMax time.Duration
	// ShutdownTimeout bounds how long in-flight messages may take after a stop signal or
	// a rebalance; what is unfinished then is not committed and will be processed again.
	ShutdownTimeout time.Duration
	// InFlight is how many messages of one partition may be in flight at once.
	InFlight int
	// StuckAfter: a message unfinished for this long makes Health report its partition.
	StuckAfter time.Duration
	Logger     *slog.Logger
	// Observe, if set, is called after each message is settled (for metrics and tests).
	Observe func(Outcome)
	// Published, if set, is given the documents of each message whose results are
	// published, before its offset is committed (the training store records them, so
	// that corrections can be tied back). An error is retried like a state write.
	Published func(ctx context.Context, docs []pipeline.DocResult) error
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
	if c.InFlight <= 0 {
		c.InFlight = 32
	}
	if c.StuckAfter <= 0 {
		c.StuckAfter = 2 * time.Minute
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
	Elapsed      time.Duration // fetch to settled
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
	state *State
	Stats Stats

	mu      sync.Mutex
	parts   map[int]*partition // assigned now
	failing time.Time          // first of the current run of failed writes (zero: none)
}

// NewDocuments returns a consumer; Run starts it.
func NewDocuments(cfg Config, proc Processor, pub Publisher, state *State) *Documents {
	cfg.defaults()
	return &Documents{cfg: cfg, proc: proc, pub: pub, state: state, parts: map[int]*partition{}}
}

// Run consumes until ctx is cancelled, then stops fetching, finishes (or, after
// ShutdownTimeout, abandons) in-flight messages, commits what was settled and leaves the
// group. It returns nil after a clean stop.
func (d *Documents) Run(ctx context.Context) error {
	cfg := d.cfg
	cg, err := kafka.NewConsumerGroup(kafka.ConsumerGroupConfig{
		ID:                    cfg.Group,
		Brokers:               cfg.Conn.Brokers,
		Dialer:                cfg.Conn.Dialer("notecoder"),
		Topics:                []string{cfg.Topic},
		StartOffset:           kafka.FirstOffset, // a new group reads the topic from the start
		SessionTimeout:        10 * time.Second,
		RebalanceTimeout:      cfg.ShutdownTimeout + 10*time.Second, // in-flight work drains first
		HeartbeatInterval:     2 * time.Second,
		JoinGroupBackoff:      time.Second,
		WatchPartitionChanges: true,
		ErrorLogger: kafka.LoggerFunc(func(msg string, args ...any) {
			cfg.Logger.Warn("kafka consumer group", "detail", fmt.Sprintf(msg, args...))
		}),
	})
	if err != nil {
		return fmt.Errorf("joining consumer group %q: %w", cfg.Group, err)
	}
	closed := make(chan struct{})
	go func() {
		<-ctx.Done()
		cfg.Logger.Info("stop requested: finishing in-flight messages", "timeout", cfg.ShutdownTimeout.String())
		cg.Close() // ends the generation: partitions drain and commit, then the member leaves
		close(closed)
	}()
	for {
		gen, err := cg.Next(ctx)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, kafka.ErrGroupClosed) {
				break
			}
			cfg.Logger.Warn("joining the consumer group failed; retrying", "error", err.Error())
			if sleep(ctx, cfg.BackoffMax/10) != nil {
				break
			}
			continue
		}
		var assigned []int
		for _, a := range gen.Assignments[cfg.Topic] {
			assigned = append(assigned, a.ID)
			a := a
			gen.Start(func(gctx context.Context) { d.runPartition(gctx, gen, a) })
		}
		cfg.Logger.Info("partitions assigned", "generation", gen.ID, "partitions", fmt.Sprint(assigned))
	}
	<-closed
	cfg.Logger.Info("consumer stopped", "messages", d.Stats.Messages.Load(), "dead_letters", d.Stats.DeadLetters.Load())
	return nil
}

// Health is nil while every assigned partition moves and writes succeed; otherwise it says
// what is wrong: a partition whose oldest message has been unfinished longer than
// StuckAfter, or writes failing for longer than that.
func (d *Documents) Health() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.failing.IsZero() && time.Since(d.failing) > d.cfg.StuckAfter {
		return fmt.Errorf("writes to Kafka have been failing for %s", time.Since(d.failing).Round(time.Second))
	}
	for id, p := range d.parts {
		if age := p.oldest(); age > d.cfg.StuckAfter {
			return fmt.Errorf("partition %d of %s is stuck: a message has been unfinished for %s", id, d.cfg.Topic, age.Round(time.Second))
		}
	}
	return nil
}

// writeResult tracks runs of failed writes for Health.
func (d *Documents) writeResult(failed bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case !failed:
		d.failing = time.Time{}
	case d.failing.IsZero():
		d.failing = time.Now()
	}
}

// item is one input message on its way through a partition's pipeline.
type item struct {
	m       kafka.Message
	fetched time.Time
	ctx     context.Context // carries the message's span
	span    trace.Span

	parsed   chan struct{} // closed when docs and chunked (or prepErr) are known
	docs     map[string]bool
	chunked  bool          // more documents than pipeline.ChunkDocs
	prepared chan struct{} // closed when prep/prepErr are set
	prep     *pipeline.Prepared
	prepErr  error // permanent: the whole event is dead-lettered

	waitFor   []chan struct{} // earlier messages of the same documents, still publishing
	published chan struct{}   // closed once this message's outputs are acknowledged
	done      chan struct{}   // closed once settled (or abandoned: then ok is false)
	ok        bool
	attempts  atomic.Int32
}

// partition is one assigned partition's pipeline state.
type partition struct {
	id    int
	cache fhir.Ledger // the partition's state, restored from the changelog

	mu      sync.Mutex
	pending map[string]*pendingEntry // settled, not yet in the cache: newest per document
	window  []*item                  // in flight, in offset order
}

type pendingEntry struct {
	entry     *fhir.LedgerEntry
	published chan struct{}
}

// Get reads a document's state: the newest settled entry not yet durable, else the cache.
func (p *partition) Get(ctx context.Context, id string) (fhir.LedgerEntry, bool, error) {
	p.mu.Lock()
	pe := p.pending[id]
	p.mu.Unlock()
	if pe != nil {
		return *pe.entry, true, nil
	}
	return p.cache.Get(ctx, id)
}

// Put is not used: state is written through State.Write.
func (p *partition) Put(context.Context, fhir.LedgerEntry) error {
	return errors.New("partition state is written through the changelog")
}

func (p *partition) oldest() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.window) == 0 {
		return 0
	}
	return time.Since(p.window[0].fetched)
}

// runPartition restores the partition's state, then pipelines its messages until the
// generation ends; then it drains (bounded by ShutdownTimeout), commits and returns.
func (d *Documents) runPartition(gctx context.Context, gen *kafka.Generation, a kafka.PartitionAssignment) {
	cfg := d.cfg
	log := cfg.Logger.With("partition", a.ID)
	// Work continues past the generation's end for up to ShutdownTimeout.
	workCtx, cancelWork := context.WithCancel(context.Background())
	defer cancelWork()
	stopTimer := context.AfterFunc(gctx, func() { time.AfterFunc(cfg.ShutdownTimeout, cancelWork) })
	defer stopTimer()

	var cache fhir.Ledger
	restore := Retry{Min: cfg.BackoffMin, Max: cfg.BackoffMax, OnRetry: func(attempt int, _ time.Duration, err error) {
		log.Warn("restoring the partition's state failed; retrying", "attempt", attempt, "error", err.Error())
	}}
	if err := restore.Do(gctx, func() error {
		c, r, err := d.state.Restore(gctx, a.ID)
		if err == nil {
			cache = c
			log.Info("state restored from the changelog", "records", r.Records, "from", r.From, "to", r.To, "pruned", r.Pruned, "took", r.Elapsed.Round(time.Millisecond).String())
		}
		return err
	}); err != nil {
		return // the generation ended first
	}
	if every := d.state.PruneEvery(); every > 0 {
		pruned := make(chan struct{})
		defer func() { <-pruned }()
		go func() {
			defer close(pruned)
			d.prune(gctx, a.ID, every, log)
		}()
	}
	p := &partition{id: a.ID, cache: cache, pending: map[string]*pendingEntry{}}
	d.mu.Lock()
	d.parts[a.ID] = p
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		delete(d.parts, a.ID)
		d.mu.Unlock()
	}()

	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        cfg.Conn.Brokers,
		Topic:          cfg.Topic,
		Partition:      a.ID,
		Dialer:         cfg.Conn.Dialer("notecoder"),
		MinBytes:       1,
		MaxBytes:       cfg.MaxMessageBytes + 1<<20,
		MaxWait:        250 * time.Millisecond,
		ReadBackoffMin: 100 * time.Millisecond,
		ReadBackoffMax: 2 * time.Second,
		MaxAttempts:    5,
		ErrorLogger: kafka.LoggerFunc(func(msg string, args ...any) {
			log.Warn("kafka reader", "detail", fmt.Sprintf(msg, args...))
		}),
	})
	defer r.Close()
	if err := r.SetOffset(a.Offset); err != nil {
		log.Error("cannot seek the partition", "offset", a.Offset, "error", err.Error())
		<-gctx.Done()
		return
	}

	slots := make(chan struct{}, cfg.InFlight)
	queue := make(chan *item, cfg.InFlight) // to the settler
	order := make(chan *item, cfg.InFlight) // to the committer, in offset order
	wakeCh := make(chan struct{}, 1)
	wake := func() {
		select {
		case wakeCh <- struct{}{}:
		default:
		}
	}
	var wg sync.WaitGroup

	// Settler: settles prepared messages against the state, each as soon as no earlier
	// unsettled message touches one of its documents.
	wg.Add(1)
	go func() {
		defer wg.Done()
		var waiting []*item
		in := queue
		for in != nil || len(waiting) > 0 {
			for k := 0; k < len(waiting); k++ {
				if it := waiting[k]; ready(waiting[:k], it) {
					waiting = append(waiting[:k], waiting[k+1:]...)
					d.settleAndPublish(workCtx, p, it)
					k = -1 // the list changed: look again from the oldest
				}
			}
			if in == nil && len(waiting) == 0 {
				break
			}
			select {
			case it, ok := <-in:
				if !ok {
					in = nil
					continue
				}
				waiting = append(waiting, it)
			case <-wakeCh:
			}
		}
	}()

	// Committer: commits in order up to the first unfinished message.
	committed := a.Offset
	commit := func(next int64) {
		if next == committed || next < 0 {
			return
		}
		if err := gen.CommitOffsets(map[string]map[int]int64{cfg.Topic: {a.ID: next}}); err != nil {
			log.Warn("commit failed; messages may be processed again", "offset", next, "error", err.Error())
			return
		}
		committed = next
	}
	clean := true
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		next := int64(-1)
		for it := range order {
			select {
			case <-it.done:
			case <-tick.C:
				commit(next)
				<-it.done
			}
			p.mu.Lock()
			p.window = p.window[1:]
			p.mu.Unlock()
			<-slots
			if !it.ok {
				clean = false
				// Abandoned at shutdown: nothing after it may be committed.
				for rest := range order {
					<-rest.done
				}
				break
			}
			next = it.m.Offset + 1
			select {
			case <-tick.C:
				commit(next)
			default:
			}
		}
		commit(next)
	}()

	// Fetcher.
	for {
		select {
		case slots <- struct{}{}:
		case <-gctx.Done():
		}
		if gctx.Err() != nil {
			break
		}
		m, err := r.FetchMessage(gctx)
		if err != nil {
			<-slots
			if gctx.Err() != nil {
				break
			}
			log.Warn("fetch failed; retrying", "error", err.Error())
			if sleep(gctx, cfg.BackoffMax/10) != nil {
				break
			}
			continue
		}
		it := d.start(workCtx, m)
		p.mu.Lock()
		p.window = append(p.window, it)
		p.mu.Unlock()
		go d.prepare(workCtx, it, wake)
		queue <- it
		order <- it
	}
	close(queue)
	close(order)
	wg.Wait()
	if clean && workCtx.Err() == nil {
		if err := d.state.Release(workCtx, a.ID); err != nil {
			log.Warn("could not checkpoint the state cache; the next restore reads more", "error", err.Error())
		}
	}
	log.Info("partition released", "committed", committed)
}

// settleAndPublish settles a prepared message and starts publishing it; a large event
// is published chunk by chunk here, before anything else is settled.
func (d *Documents) settleAndPublish(ctx context.Context, p *partition, it *item) {
	if ctx.Err() != nil {
		close(it.published)
		close(it.done)
		return
	}
	res, ok := d.settle(ctx, p, it)
	if !ok {
		close(it.published)
		close(it.done)
		return
	}
	if it.prep.More() {
		d.publishChunks(ctx, p, it, res)
		return
	}
	go d.publish(ctx, p, it, res)
}

// start opens a message's span (continuing the producer's trace).
func (d *Documents) start(ctx context.Context, m kafka.Message) *item {
	in := append([]kafka.Header(nil), m.Headers...)
	ctx = otel.GetTextMapPropagator().Extract(ctx, broker.HeaderCarrier{Headers: &in})
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
	return &item{m: m, fetched: time.Now(), ctx: ctx, span: span, parsed: make(chan struct{}),
		prepared: make(chan struct{}), published: make(chan struct{}), done: make(chan struct{})}
}

// retry runs step under the consumer's Retry policy, counting and logging retries
// against the message.
func (d *Documents) retry(ctx context.Context, it *item, what string, step func() error) error {
	return d.retrier(it, what).Do(ctx, step)
}

func (d *Documents) retrier(it *item, what string) Retry {
	return Retry{Min: d.cfg.BackoffMin, Max: d.cfg.BackoffMax, OnRetry: func(attempt int, delay time.Duration, err error) {
		it.attempts.Add(1)
		d.Stats.Retries.Add(1)
		meters().retries.Add(it.ctx, 1)
		it.span.AddEvent("retry", trace.WithAttributes(attribute.Int("attempt", attempt), attribute.String("error.type", reasonOf(err))))
		d.cfg.Logger.Warn("transient failure; retrying", "step", what, "partition", it.m.Partition, "offset", it.m.Offset,
			"attempt", attempt, "backoff", delay.String(), "error", err.Error())
	}}
}

// deadLetter writes the message's dead letters through the poison queue.
func (d *Documents) deadLetter(ctx context.Context, it *item, fails []Failure) bool {
	q := PoisonQueue{Pub: d.pub, Retry: d.retrier(it, "dead-letter"), Log: d.cfg.Logger}
	spans, counts := map[string]trace.Span{}, map[string]int{}
	defer func() { endSpans(spans, counts) }()
	_, _, err := q.Put(ctx, it.m, fails, func(msgs []kafka.Message) {
		for _, m := range msgs {
			if spans[m.Topic] == nil {
				spans[m.Topic], counts[m.Topic] = d.produceSpans(it, []kafka.Message{m})[m.Topic], len(fails)
			}
		}
		d.inject(spans, msgs)
	})
	d.writeResult(false) // failed attempts were retried; err is only ctx's
	return err == nil
}

// prepare runs the stateless part of the core step.
// It parses first and says so (wake), so that the settler knows which documents the
// message touches while its notes are still being read.
func (d *Documents) prepare(ctx context.Context, it *item, wake func()) {
	defer wake()
	defer close(it.prepared)
	var parsed *pipeline.Parsed
	err := d.retry(ctx, it, "parse", func() error {
		var err error
		parsed, err = d.proc.Parse(it.ctx, it.m.Value, it.m.Time)
		return err
	})
	if err == nil {
		ids := parsed.DocumentIDs()
		it.docs = make(map[string]bool, len(ids))
		for _, id := range ids {
			it.docs[id] = true
		}
		it.chunked = len(ids) > pipeline.ChunkDocs
	} else if producers.Permanent(err) {
		it.prepErr = err
	}
	close(it.parsed)
	wake()
	if err != nil {
		return
	}
	err = d.retry(ctx, it, "prepare", func() error {
		var err error
		it.prep, err = d.proc.PrepareParsed(it.ctx, parsed)
		return err
	})
	if err != nil && producers.Permanent(err) {
		it.prepErr = err
	}
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// ready says whether it can be settled now: it is prepared, and every earlier message not
// yet settled has been parsed and touches none of its documents (messages of other
// documents need not wait for each other; those of the same document settle in order).
// A large event (more than pipeline.ChunkDocs documents) waits until it is the oldest.
func ready(earlier []*item, it *item) bool {
	if !closed(it.prepared) {
		return false
	}
	if it.chunked && len(earlier) > 0 {
		return false
	}
	for _, e := range earlier {
		if !closed(e.parsed) || e.chunked {
			return false
		}
		for id := range it.docs {
			if e.docs[id] {
				return false
			}
		}
	}
	return true
}

// settle reconciles a prepared message with the partition's state, in offset order, and
// registers its new entries as pending. ok is false when work was abandoned.
func (d *Documents) settle(ctx context.Context, p *partition, it *item) (pipeline.Result, bool) {
	if it.prepErr != nil {
		return pipeline.Result{}, true
	}
	if it.prep == nil {
		return pipeline.Result{}, false // abandoned while preparing
	}
	var res pipeline.Result
	err := d.retry(ctx, it, "settle", func() error {
		var err error
		res, err = d.proc.Settle(it.ctx, it.prep, p)
		return err
	})
	if err != nil {
		return pipeline.Result{}, false
	}
	p.mu.Lock()
	seen := map[chan struct{}]bool{}
	for _, doc := range res.Docs {
		e := doc.Entry()
		if e == nil {
			continue
		}
		if prev := p.pending[doc.DocumentID]; prev != nil && prev.published != it.published && !seen[prev.published] {
			seen[prev.published] = true
			it.waitFor = append(it.waitFor, prev.published)
		}
		p.pending[doc.DocumentID] = &pendingEntry{entry: e, published: it.published}
	}
	p.mu.Unlock()
	return res, true
}

// out is one result record to send, the document it belongs to, and, once sent, why it
// was refused for good (nil: acknowledged).
type out struct {
	msg kafka.Message
	doc int // index in the result
	err error
}

// publish sends a settled message's records (results, then Provenance, then state),
// dead-letters what cannot be published, and marks the message done.
func (d *Documents) publish(ctx context.Context, p *partition, it *item, res pipeline.Result) {
	o := Outcome{Partition: it.m.Partition, Offset: it.m.Offset}
	defer d.complete(it, &o)
	it.ok = d.publishSet(ctx, p, it, res, &o, true)
}

// publishChunks publishes a large event chunk by chunk: each chunk is published and its
// state written before the next is prepared and settled.
func (d *Documents) publishChunks(ctx context.Context, p *partition, it *item, res pipeline.Result) {
	o := Outcome{Partition: it.m.Partition, Offset: it.m.Offset}
	defer d.complete(it, &o)
	for {
		last := !it.prep.More()
		if !d.publishSet(ctx, p, it, res, &o, last) {
			return
		}
		if last {
			it.ok = true
			return
		}
		var next *pipeline.Prepared
		if err := d.retry(ctx, it, "prepare", func() error {
			var err error
			next, err = d.proc.Next(it.ctx, it.prep)
			return err
		}); err != nil {
			return // only when work was abandoned: Next has no permanent errors
		}
		it.prep = next
		var ok bool
		if res, ok = d.settle(ctx, p, it); !ok {
			return
		}
	}
}

// complete marks a message done (published too, if not yet) and records its outcome.
func (d *Documents) complete(it *item, o *Outcome) {
	if !closed(it.published) {
		close(it.published)
	}
	close(it.done)
	if it.ok {
		d.finish(it, *o)
	} else {
		it.span.SetStatus(codes.Error, "abandoned; will be redelivered")
		it.span.End()
	}
}

// publishSet sends one settled set of results (results, then Provenance, then dead
// letters, then the state), adding to o. last says whether later messages may be
// published once its records are (the end of the message). false: work was abandoned.
func (d *Documents) publishSet(ctx context.Context, p *partition, it *item, res pipeline.Result, o *Outcome, last bool) bool {
	// Versions of one document go out in order: wait for earlier messages of the same
	// documents.
	for _, c := range it.waitFor {
		select {
		case <-c:
		case <-ctx.Done():
			return false
		}
	}
	it.waitFor = nil
	if it.prepErr != nil {
		d.cfg.Logger.Info("dead-lettered", "partition", it.m.Partition, "offset", it.m.Offset, "reason", reasonOf(it.prepErr))
		if !d.deadLetter(ctx, it, []Failure{{Cause: it.prepErr}}) {
			return false
		}
		meters().deadLetters.Add(ctx, 1, metric.WithAttributes(attribute.String("reason", reasonOf(it.prepErr))))
		meters().documents.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", "dead_lettered")))
		o.DeadLettered = 1
		return true
	}
	failed := make([]error, len(res.Docs)) // documents dead-lettered (at build or publish)
	var results []*out
	provs := make([][]kafka.Message, len(res.Docs))
	for i, doc := range res.Docs {
		switch {
		case doc.Err != nil:
			failed[i] = doc.Err
			continue
		case doc.Stale:
			d.cfg.Logger.Info("stale document version skipped: a newer one was already published", "partition", it.m.Partition, "offset", it.m.Offset)
			o.Stale++
			continue
		case doc.Skipped != "":
			d.cfg.Logger.Info("document skipped", "reason", doc.Skipped, "partition", it.m.Partition, "offset", it.m.Offset)
			continue
		}
		recs, err := d.pub.Messages(doc, nil)
		if err != nil {
			failed[i] = &fhir.InputError{Reason: fhir.ReasonInvalidFinding, Detail: "no topic for a resource: " + err.Error()}
			continue
		}
		for _, m := range recs.Results {
			results = append(results, &out{msg: m, doc: i})
		}
		provs[i] = recs.Provenance
	}
	// Results first; a result the broker refuses for good fails its document.
	if !d.send(ctx, it, results) {
		return false
	}
	for _, r := range results {
		if r.err != nil && failed[r.doc] == nil {
			failed[r.doc] = &fhir.InputError{Reason: fhir.ReasonResultTooLarge, Detail: "a result record was refused by the broker as too large for its topic"}
		}
	}
	// Then the Provenance of the documents whose results were all accepted.
	var provOut []*out
	for i, ms := range provs {
		if failed[i] != nil {
			continue
		}
		for _, m := range ms {
			provOut = append(provOut, &out{msg: m, doc: i})
		}
	}
	if !d.send(ctx, it, provOut) {
		return false
	}
	for _, r := range provOut {
		if r.err != nil && failed[r.doc] == nil {
			failed[r.doc] = &fhir.InputError{Reason: fhir.ReasonResultTooLarge, Detail: "a Provenance record was refused by the broker as too large for its topic"}
		}
	}
	// Dead letters for the documents that failed.
	var fails []Failure
	for i, err := range failed {
		if err != nil {
			d.cfg.Logger.Info("document dead-lettered", "partition", it.m.Partition, "offset", it.m.Offset, "reason", reasonOf(err))
			fails = append(fails, Failure{DocumentID: res.Docs[i].DocumentID, Cause: err})
		}
	}
	if len(fails) > 0 && !d.deadLetter(ctx, it, fails) {
		return false
	}
	if last {
		close(it.published) // later messages of these documents may go out now
	}
	// The state of what was published, durable before the offset is committed.
	var entries []*fhir.LedgerEntry
	for i, doc := range res.Docs {
		if failed[i] == nil && doc.Entry() != nil {
			entries = append(entries, doc.Entry())
		}
	}
	wctx, wspan := tracer().Start(it.ctx, "write state")
	err := d.retry(ctx, it, "write state", func() error {
		err := d.state.Write(wctx, p.id, entries)
		d.writeResult(err != nil)
		return err
	})
	wspan.End()
	if err != nil {
		return false
	}
	if d.cfg.Published != nil {
		var done []pipeline.DocResult
		for i, doc := range res.Docs {
			if failed[i] == nil && doc.Err == nil && !doc.Stale && doc.Skipped == "" {
				done = append(done, doc)
			}
		}
		if len(done) > 0 {
			if err := d.retry(ctx, it, "record published", func() error { return d.cfg.Published(ctx, done) }); err != nil {
				return false
			}
		}
	}
	p.mu.Lock()
	for _, doc := range res.Docs {
		if pe := p.pending[doc.DocumentID]; pe != nil && pe.published == it.published {
			delete(p.pending, doc.DocumentID)
		}
	}
	p.mu.Unlock()
	for i, doc := range res.Docs {
		outcome := "published"
		switch {
		case failed[i] != nil:
			outcome = "dead_lettered"
			meters().deadLetters.Add(ctx, 1, metric.WithAttributes(attribute.String("reason", reasonOf(failed[i]))))
			o.DeadLettered++
		case doc.Stale:
			outcome = "stale"
		case doc.Skipped != "":
			outcome = "skipped_" + doc.Skipped
		case doc.Withdrawn:
			outcome = "withdrawn"
		case doc.NothingFound:
			outcome = "no_findings"
		}
		if failed[i] == nil && !doc.Stale && doc.Skipped == "" {
			o.Documents++
		}
		meters().documents.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome)))
	}
	for _, r := range append(results, provOut...) {
		if r.err == nil {
			o.Records++
		}
	}
	return true
}

// send writes result records until each is acknowledged or refused for good (then its
// err is set: a record the broker will never accept). It returns false only when ctx
// ended first.
func (d *Documents) send(ctx context.Context, it *item, recs []*out) bool {
	if len(recs) == 0 {
		return true
	}
	msgs := make([]kafka.Message, len(recs))
	counts := map[string]int{}
	for i, r := range recs {
		msgs[i] = r.msg
		counts[r.msg.Topic]++
	}
	spans := d.produceSpans(it, msgs)
	defer endSpans(spans, counts)
	pending := recs
	err := d.retry(ctx, it, "publish", func() error {
		msgs := make([]kafka.Message, len(pending))
		for i, r := range pending {
			msgs[i] = r.msg
		}
		d.inject(spans, msgs)
		errs := d.pub.Send(ctx, msgs)
		var again []*out
		var transient error
		for i, e := range errs {
			r := pending[i]
			switch {
			case e == nil:
			case producers.Permanent(e):
				r.err = e
			default:
				again = append(again, r)
				transient = e
			}
		}
		pending = again
		d.writeResult(transient != nil)
		return transient
	})
	return err == nil
}

// produceSpans opens one producer span per destination topic of msgs.
func (d *Documents) produceSpans(it *item, msgs []kafka.Message) map[string]trace.Span {
	spans := map[string]trace.Span{}
	for _, m := range msgs {
		if _, ok := spans[m.Topic]; !ok {
			_, spans[m.Topic] = tracer().Start(it.ctx, "produce "+m.Topic, trace.WithSpanKind(trace.SpanKindProducer), trace.WithAttributes(
				attribute.String("messaging.system", "kafka"),
				attribute.String("messaging.operation.type", "send"),
				attribute.String("messaging.destination.name", m.Topic),
			))
		}
	}
	return spans
}

func endSpans(spans map[string]trace.Span, counts map[string]int) {
	for topic, sp := range spans {
		sp.SetAttributes(attribute.Int("messaging.batch.message_count", counts[topic]))
		sp.End()
	}
}

// inject puts the trace context of each record's producer span into its headers, so
// downstream consumers continue the trace.
func (d *Documents) inject(spans map[string]trace.Span, msgs []kafka.Message) {
	for i := range msgs {
		if trimmed(msgs[i]) {
			continue
		}
		h := make([]kafka.Header, 0, len(msgs[i].Headers)+2)
		for _, x := range msgs[i].Headers {
			if x.Key != "traceparent" && x.Key != "tracestate" {
				h = append(h, x)
			}
		}
		msgs[i].Headers = h
		sctx := trace.ContextWithSpan(context.Background(), spans[msgs[i].Topic])
		otel.GetTextMapPropagator().Inject(sctx, broker.HeaderCarrier{Headers: &msgs[i].Headers})
	}
}

// finish records a settled message's outcome.
func (d *Documents) finish(it *item, o Outcome) {
	o.Elapsed = time.Since(it.fetched)
	o.Attempts = 1 + int(it.attempts.Load())
	outcome := "published"
	if o.DeadLettered > 0 && o.Documents == 0 {
		outcome = "dead_lettered"
	}
	it.span.SetAttributes(attribute.String("notecoder.outcome", outcome), attribute.Int("notecoder.attempts", o.Attempts))
	it.span.End()
	meters().messages.Add(it.ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome)))
	meters().duration.Record(it.ctx, o.Elapsed.Seconds(), metric.WithAttributes(attribute.String("outcome", outcome)))
	d.Stats.Messages.Add(1)
	d.Stats.Documents.Add(int64(o.Documents))
	d.Stats.Records.Add(int64(o.Records))
	d.Stats.DeadLetters.Add(int64(o.DeadLettered))
	if d.cfg.Observe != nil {
		d.cfg.Observe(o)
	}
}

// prune deletes partition id's cached state older than the retention every so often,
// until ctx (the partition's generation) ends.
func (d *Documents) prune(ctx context.Context, id int, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		switch n, err := d.state.Prune(id); {
		case err != nil:
			log.Warn("pruning the state cache failed; trying again later", "error", err.Error())
		case n > 0:
			log.Info("state cache pruned", "entries", n)
		}
	}
}
