// Package app is notecoder's application layer: the service that serve runs (start,
// ready, run, stop) and the opening of models, assembled from the transport packages
// (consumers, producers, broker) and the clinical ones (pipeline, nlp, fhir). The CLI
// (cmd/notecoder) only parses flags into a Config and calls it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/consumers"
	"github.com/notecoder/notecoder/corrections"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/fhir/ledger"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/producers"
	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
)

// ConfigError is a mistake in the configuration: the CLI reports it as a usage error.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{Msg: fmt.Sprintf(format, args...)}
}

// Topics names every topic serve reads or writes.
type Topics struct {
	Input, Observation, Condition, Provenance, DLQ, Corrections, State string
	// Models announces promoted model versions (compacted; used with the training store).
	Models string
}

// DefaultGroup is serve's consumer group unless configured otherwise.
const DefaultGroup = "notecoder"

// DefaultTopics are the topics serve uses unless configured otherwise; asyncapi.yaml
// describes them (TestAsyncAPIDescribesTheCode checks that it names these).
func DefaultTopics(group string) Topics {
	return Topics{
		Input: "fhir.documentreference", Observation: "fhir.observation", Condition: "fhir.condition",
		Provenance: "fhir.provenance", DLQ: "notecoder.dlq", Corrections: "fhir.corrections", State: StateTopic(group),
		Models: DefaultModelsTopic,
	}
}

// StateTopic is the default state changelog of a consumer group.
func StateTopic(group string) string { return group + "-state-changelog" }

// Config is serve's one configuration, validated once by whoever builds it.
type Config struct {
	// Conn is how to reach Kafka; with no Brokers the embedded broker is started on
	// EmbeddedPort (0: a free port).
	Conn         broker.Conn
	EmbeddedPort int
	Group        string
	Topics       Topics
	// Topic creation: partitions and replication of topics serve creates; CreateTopics
	// false only checks that they exist.
	Partitions, ReplicationFactor int
	CreateTopics                  bool
	MaxMessageBytes               int // largest input record
	InFlight                      int // messages of one partition in flight
	StateRetention                time.Duration
	StuckAfter                    time.Duration
	ShutdownTimeout, BackoffMax   time.Duration
	DataDir                       string // the state cache
	Models                        ModelSettings
	Learning                      LearningConfig
	Pipeline                      pipeline.Config
	Baseline                      bool   // pass-through processing, for benchmarks
	Version, Instance             string // stamped on dead letters and output records
}

// OutputRecordBytes is the record limit of the output topics and the state changelog:
// above the largest record notecoder makes (fhir.MaxEvidence bounds a resource's
// evidence; a state record holds one document's results, compressed).
const OutputRecordBytes = 8 << 20

// Service is a running serve: broker connection, writer, state store, consumer.
type Service struct {
	cfg      Config
	log      *slog.Logger
	embedded *broker.Embedded
	conn     broker.Conn
	model    string
	lag      *consumers.LagMonitor
	running  atomic.Bool

	readyMu  sync.Mutex
	readyAt  time.Time
	readyErr error
	writer   *producers.Writer
	cache    *ledger.Bolt
	state    *consumers.State
	topics   []broker.Topic
	consumer *consumers.Documents
	batcher  *nlp.Batcher
	// The learning loop (nil when the store is off or the models are the rules).
	swap        *nlp.Swappable // the serving models, replaced on a promotion
	store       *store.Store
	recorder    *corrections.Recorder
	corrections *consumers.Corrections
	serving     atomic.Pointer[servingModel]
	reloadMu    sync.Mutex
	review      http.Handler // the review page (nil when off)
}

// servingModel is the model version serving now.
type servingModel struct {
	version string // the store's version ("" when none was promoted: --models)
	name    string // name and version, for logs and the gauge
}

// Brokers are the bootstrap brokers in use (the embedded broker's address when serve
// started one).
func (svc *Service) Brokers() []string { return svc.conn.Brokers }

// Stats are the consumer's running totals.
func (svc *Service) Stats() *consumers.Stats { return &svc.consumer.Stats }

// StartInBackground starts the service and runs it on its own goroutine (demo,
// devicecheck, tests); stop ends the run, waits for it and closes the service.
func StartInBackground(ctx context.Context, cfg Config, log *slog.Logger) (svc *Service, stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	svc, err = Start(ctx, cfg, log)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	return svc, func() { cancel(); <-done; svc.Close() }, nil
}

// Start connects (or starts the embedded broker), creates topics, opens the state cache,
// loads the models and builds the consumer. ctx bounds the start only.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (*Service, error) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(pipeline.GCPercent)
	}
	svc := &Service{cfg: cfg, log: log, conn: cfg.Conn}
	ok := false
	defer func() {
		if !ok {
			svc.Close()
		}
	}()
	if len(svc.conn.Brokers) == 0 {
		e, err := broker.StartEmbedded(cfg.EmbeddedPort, "")
		if err != nil {
			return nil, err
		}
		svc.embedded = e
		svc.conn.Brokers = []string{e.Addr()}
		log.Warn("embedded broker: for trying notecoder, not for production; give --brokers to use your Kafka", "address", e.Addr())
	}
	conn := svc.conn
	if conn.SASL != nil && conn.TLS == nil {
		log.Warn("SASL without TLS: credentials cross the network in the clear; add --kafka-tls unless the listener is SASL_PLAINTEXT on a trusted network")
	}
	if err := waitForBroker(ctx, conn, log); err != nil {
		return nil, err
	}
	if err := svc.ensureTopics(ctx); err != nil {
		return nil, err
	}
	cachePath := filepath.Join(cfg.DataDir, "state-cache.db")
	l, err := ledger.Open(cachePath)
	if err != nil {
		return nil, err
	}
	svc.cache = l
	if l.Wiped {
		log.Warn("the state cache was not closed cleanly and was emptied; assigned partitions are restored from the changelog", "path", cachePath)
	}
	svc.state = consumers.NewState(conn, cfg.Topics.State, l, cfg.StateRetention, log)
	if cfg.Learning.Enabled() {
		where := cfg.Learning.StorePath(cfg.DataDir)
		if svc.store, err = store.Open(ctx, where); err != nil {
			return nil, err
		}
		svc.recorder = corrections.NewRecorder(svc.store, log)
		cfg.Pipeline.KeepEvidence = true
		cfg.Pipeline.KeepText = cfg.Learning.Review // the review page shows the note
		log.Info("training store open", "store", svc.store.Where())
	}
	// A version promoted in the store serves, on every instance, instead of --models
	// (which is then not loaded at all); the rules are never replaced.
	serving := &servingModel{}
	if svc.store != nil && cfg.Models.Dir != "rules" {
		if serving.version, _, err = svc.store.Serving(ctx, training.RetrainTask); err != nil {
			return nil, err
		}
	}
	var mex *models.Extractor
	var ex nlp.Extractor
	if serving.version != "" {
		if mex, err = svc.openVersion(ctx, serving.version, ""); err != nil {
			return nil, fmt.Errorf("opening the promoted model %s: %w ('notecoder models list' shows the versions; 'models rollback' or 'models promote' picks another)", serving.version, err)
		}
		ex = mex
		log.Info("serving the promoted model from the training store instead of --models", "version", serving.version)
	} else if mex, ex, err = OpenModels(cfg.Models); err != nil {
		return nil, err
	}
	if mex != nil {
		// Each partition keeps InFlight messages in flight; the batcher merges the notes
		// of messages prepared together into one model call per replica. Below it, the
		// swappable lets a promotion replace the models between calls.
		replicas := mex.Replicas()
		svc.swap = nlp.NewSwappable(mex, mex.Close)
		svc.batcher = nlp.NewBatcher(svc.swap, cfg.Models.BatchMax, cfg.Models.BatchWait, replicas)
		ex = svc.batcher
		log.Info("models loaded", "dir", cfg.Models.Dir, "promoted_version", serving.version, "device", cfg.Models.Device, "replicas", replicas,
			"batch_max", cfg.Models.BatchMax, "batch_wait", cfg.Models.BatchWait.String())
	}
	proc, err := pipeline.New(ex, fhir.NewMemoryLedger(), cfg.Pipeline)
	if err != nil {
		return nil, err
	}
	svc.writer = producers.New(producers.Config{
		Conn: conn,
		Topics: producers.Topics{Observation: cfg.Topics.Observation, Condition: cfg.Topics.Condition,
			Provenance: cfg.Topics.Provenance, DLQ: cfg.Topics.DLQ},
		Version:         cfg.Version,
		Instance:        cfg.Instance,
		MaxMessageBytes: int64(cfg.MaxMessageBytes) + 2<<20,
	})
	var cproc consumers.Processor = proc
	if cfg.Baseline {
		cproc = pipeline.NoOp{}
		log.Warn("--baseline: documents are passed through without reading them, for benchmarks only")
	}
	svc.consumer = consumers.NewDocuments(consumers.Config{
		Conn:            conn,
		Group:           cfg.Group,
		Topic:           cfg.Topics.Input,
		MaxMessageBytes: cfg.MaxMessageBytes + 1<<20,
		BackoffMax:      cfg.BackoffMax,
		ShutdownTimeout: cfg.ShutdownTimeout,
		InFlight:        cfg.InFlight,
		StuckAfter:      cfg.StuckAfter,
		Logger:          log,
		Published:       svc.recordPublished,
	}, cproc, svc.writer, svc.state)
	if svc.store != nil && cfg.Learning.Review {
		if err := svc.openReview(); err != nil {
			return nil, err
		}
	} else if cfg.Learning.Review {
		return nil, configErrorf("--review needs the training store: drop --store off")
	}
	if svc.store != nil {
		svc.corrections = consumers.NewCorrections(consumers.CorrectionsConfig{Conn: conn, Group: cfg.Group + "-corrections",
			Topic: cfg.Topics.Corrections, BackoffMax: cfg.BackoffMax, Logger: log}, &corrections.Intake{Store: svc.store}, svc.writer)
	}
	m := ex.Model()
	serving.name = m.Name + " " + m.Version
	svc.serving.Store(serving)
	svc.model = serving.name
	if err := svc.registerModelGauge(); err != nil {
		return nil, err
	}
	if svc.lag, err = consumers.NewLagMonitor(conn, cfg.Group, cfg.Topics.Input); err != nil {
		return nil, err
	}
	log.Info("serving", "brokers", strings.Join(conn.Brokers, ","), "group", cfg.Group, "input", cfg.Topics.Input,
		"model", svc.model, "state", cfg.Topics.State, "state_cache", cachePath, "in_flight", cfg.InFlight)
	ok = true
	return svc, nil
}

// ensureTopics creates (or checks) every topic; the state changelog gets as many
// partitions as the input topic has.
func (svc *Service) ensureTopics(ctx context.Context) error {
	cfg, conn := svc.cfg, svc.conn
	inParts := cfg.Partitions
	if n, err := broker.Partitions(ctx, conn, cfg.Topics.Input); err == nil {
		inParts = n
	}
	svc.topics = []broker.Topic{
		{Name: cfg.Topics.Input, Partitions: inParts, MaxMessageBytes: cfg.MaxMessageBytes + 1<<20},
		{Name: cfg.Topics.Observation, Partitions: cfg.Partitions, MaxMessageBytes: OutputRecordBytes},
		{Name: cfg.Topics.Condition, Partitions: cfg.Partitions, MaxMessageBytes: OutputRecordBytes},
		{Name: cfg.Topics.Provenance, Partitions: cfg.Partitions, MaxMessageBytes: OutputRecordBytes},
		{Name: cfg.Topics.DLQ, Partitions: cfg.Partitions, MaxMessageBytes: cfg.MaxMessageBytes + 2<<20},
		{Name: cfg.Topics.Corrections, Partitions: cfg.Partitions},
		{Name: cfg.Topics.State, Partitions: inParts, MaxMessageBytes: OutputRecordBytes, Compact: true, Retention: cfg.StateRetention},
	}
	if cfg.Learning.Enabled() && cfg.Topics.Models != "" {
		svc.topics = append(svc.topics, ModelsTopicSpec(cfg.Topics.Models))
	}
	created, err := broker.EnsureTopics(ctx, conn, svc.topics, cfg.ReplicationFactor, cfg.CreateTopics)
	if err != nil {
		return err
	}
	if len(created) > 0 {
		svc.log.Info("created topics", "topics", strings.Join(created, ","))
	}
	n, err := broker.Partitions(ctx, conn, cfg.Topics.State)
	if err != nil {
		return err
	}
	if n < inParts {
		return fmt.Errorf("the state changelog %s has %d partitions and the input topic %s has %d: it needs at least as many (delete it and let serve recreate it, or add partitions)",
			cfg.Topics.State, n, cfg.Topics.Input, inParts)
	}
	return nil
}

// waitForBroker retries until a broker answers, for up to a minute; wrong credentials
// or certificates fail at once.
func waitForBroker(ctx context.Context, conn broker.Conn, log *slog.Logger) error {
	deadline := time.Now().Add(time.Minute)
	for {
		err := broker.Ping(ctx, conn)
		if err == nil {
			return nil
		}
		if broker.Fatal(err) {
			return fmt.Errorf("%w: check the Kafka TLS/SASL settings (notecoder config shows them, secrets masked)", err)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("%w: check --brokers and that Kafka runs (make kafka-up starts a local one)", err)
		}
		log.Warn("waiting for Kafka", "brokers", strings.Join(conn.Brokers, ","), "error", err.Error())
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
}

// Run consumes until ctx ends, then drains and returns.
func (svc *Service) Run(ctx context.Context) error {
	bgCtx, stopBg := context.WithCancel(ctx)
	defer stopBg()
	go svc.lag.Run(bgCtx, 15*time.Second)
	go svc.watchTopics(bgCtx, 5*time.Second)
	go every(bgCtx, 30*time.Second, func() { svc.releaseCache(bgCtx) })
	if svc.store != nil {
		svc.runLearning(bgCtx)
	}
	svc.running.Store(true)
	err := svc.consumer.Run(ctx)
	svc.running.Store(false)
	st := &svc.consumer.Stats
	svc.log.Info("stopped", "messages", st.Messages.Load(), "documents", st.Documents.Load(),
		"records", st.Records.Load(), "dead_letters", st.DeadLetters.Load(), "retries", st.Retries.Load())
	return err
}

// Close releases everything Start opened.
func (svc *Service) Close() {
	if svc.batcher != nil {
		svc.batcher.Close()
	}
	if svc.swap != nil {
		svc.swap.Close()
	}
	if svc.recorder != nil {
		svc.recorder.Close() // what serve published, into the store, before it closes
	}
	if svc.store != nil {
		svc.store.Close()
	}
	if svc.writer != nil {
		svc.writer.Close()
	}
	if svc.state != nil {
		svc.state.Close()
	}
	if svc.cache != nil {
		svc.cache.Close()
	}
	if svc.embedded != nil {
		svc.embedded.Close()
	}
}

// Ready answers /readyz: the consumer runs, a model is loaded, no partition is stuck,
// writes succeed, and the last check of the broker (every 5 s) found every topic.
func (svc *Service) Ready(ctx context.Context) error {
	if !svc.running.Load() {
		return errors.New("consumer not running")
	}
	if svc.model == "" {
		return errors.New("no model loaded")
	}
	if err := svc.consumer.Health(); err != nil {
		return err
	}
	svc.readyMu.Lock()
	defer svc.readyMu.Unlock()
	if svc.readyAt.IsZero() {
		return errors.New("Kafka not checked yet")
	}
	return svc.readyErr
}

// releaseCache takes the state cache's file pages out of the resident set (ledger.Bolt.Release),
// so that resident memory does not grow with the number of documents the cache holds.
func (svc *Service) releaseCache(ctx context.Context) {
	if _, err := svc.cache.Release(); err != nil && ctx.Err() == nil {
		svc.log.Warn("could not release the state cache's pages from memory", "error", err.Error())
	}
}

// every calls fn every interval until ctx ends.
func every(ctx context.Context, interval time.Duration, fn func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// watchTopics checks the broker and the topics every interval (for Ready), recreating
// topics that vanished when serve creates its topics.
func (svc *Service) watchTopics(ctx context.Context, every time.Duration) {
	for {
		err := svc.checkTopics(ctx)
		svc.readyMu.Lock()
		svc.readyErr, svc.readyAt = err, time.Now()
		svc.readyMu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// checkTopics pings the broker and checks that every topic exists; when serve creates
// its topics, missing ones are created again.
func (svc *Service) checkTopics(ctx context.Context) error {
	if err := broker.Ping(ctx, svc.conn); err != nil {
		return fmt.Errorf("Kafka: %w", err)
	}
	created, err := broker.EnsureTopics(ctx, svc.conn, svc.topics, svc.cfg.ReplicationFactor, svc.cfg.CreateTopics)
	if len(created) > 0 {
		svc.log.Warn("topics had vanished and were created again", "topics", strings.Join(created, ","))
		return fmt.Errorf("topics %s had vanished and were created again", strings.Join(created, ","))
	}
	if err != nil {
		return fmt.Errorf("Kafka: %w", err)
	}
	return nil
}

// registerModelGauge publishes notecoder.model.info{model.name,model.version} = 1 for
// the model serving now (it changes on a hot reload).
func (svc *Service) registerModelGauge() error {
	_, err := otel.Meter("github.com/notecoder/notecoder/app").Int64ObservableGauge("notecoder.model.info",
		metric.WithDescription("The serving model (1 per model and version)."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			m := svc.currentModel()
			o.Observe(1, metric.WithAttributes(attribute.String("model.name", m.Name), attribute.String("model.version", m.Version)))
			return nil
		}))
	return err
}
