package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/consumers"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/fhir/ledger"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/observability"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/producers"
)

func init() {
	register(command{name: "serve", summary: "consume DocumentReference events from Kafka and publish coded FHIR results", run: runServe})
	register(command{name: "config", summary: "print the effective configuration of serve (flags, environment, defaults; secrets masked)", run: runConfig})
}

func runConfig(args []string, stdout, _ io.Writer) error {
	s := newServeSettings("config", "config [serve flags]\n\nPrints the settings serve would run with, and where each comes from.", stdout)
	if err := s.parse(args); err != nil {
		return err
	}
	s.print(stdout)
	return nil
}

func runServe(args []string, stdout, stderr io.Writer) error {
	s := newServeSettings("serve", "serve [flags]\n\nConsumes DocumentReference events (bare resources, Subscriptions notifications, messaging\n"+
		"or collection Bundles), publishes Observations, Conditions, Provenance and Devices keyed by\n"+
		"patient, dead-letters inputs it cannot read. Stops cleanly on SIGTERM/SIGINT.\n"+
		"Every flag can also be set as NOTECODER_<FLAG> (e.g. NOTECODER_BROKERS).", stdout)
	if err := s.parse(args); err != nil {
		return err
	}
	logger, err := newLogger(stderr, s.LogLevel)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	tel, err := observability.Setup(ctx, observability.Config{ServiceVersion: version, Instance: instanceName()})
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		tel.Shutdown(sctx)
	}()
	if tel.Exporting != "" {
		logger.Info("exporting traces", "to", tel.Exporting)
	}
	svc, err := startService(ctx, s, logger)
	if err != nil {
		return err
	}
	if s.HTTPAddr != "" {
		addr, err := observability.Serve(ctx, s.HTTPAddr, tel.Handler(svc.ready, nil), logger)
		if err != nil {
			svc.close()
			return err
		}
		logger.Info("http endpoints", "metrics", "http://"+addr+"/metrics", "health", "http://"+addr+"/healthz", "ready", "http://"+addr+"/readyz")
	}
	err = svc.run(ctx)
	svc.close()
	return err
}

// outputRecordBytes is the record limit of the output topics and the state changelog:
// above the largest record notecoder makes (fhir.MaxEvidence bounds a resource's
// evidence; a state record holds one document's results, compressed).
const outputRecordBytes = 8 << 20

// service is a running serve: broker connection, writer, ledger, consumer.
type service struct {
	s        *serveSettings
	log      *slog.Logger
	embedded *broker.Embedded
	brokers  []string
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
	created  bool // serve created its topics, so it recreates them if they vanish
	consumer *consumers.Documents
	models   *models.Extractor
	batcher  *nlp.Batcher
}

// startService connects (or starts the embedded broker), creates topics, opens the
// ledger and builds the consumer. ctx bounds the start only.
// startInBackground starts the service and runs it on its own goroutine (demo,
// devicecheck); stop ends the run, waits for it and closes the service.
func startInBackground(ctx context.Context, s *serveSettings, log *slog.Logger) (svc *service, stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	svc, err = startService(ctx, s, log)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- svc.run(ctx) }()
	return svc, func() { cancel(); <-done; svc.close() }, nil
}

func startService(ctx context.Context, s *serveSettings, log *slog.Logger) (*service, error) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(pipeline.GCPercent)
	}
	svc := &service{s: s, log: log, brokers: s.brokerList()}
	ok := false
	defer func() {
		if !ok {
			svc.close()
		}
	}()
	if len(svc.brokers) == 0 {
		e, err := broker.StartEmbedded(s.EmbeddedPort, "")
		if err != nil {
			return nil, err
		}
		svc.embedded = e
		svc.brokers = []string{e.Addr()}
		log.Warn("embedded broker: for trying notecoder, not for production; give --brokers to use your Kafka", "address", e.Addr())
	}
	tlsCfg, mech, err := s.security()
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	if mech != nil && tlsCfg == nil {
		log.Warn("SASL without TLS: credentials cross the network in the clear; add --kafka-tls unless the listener is SASL_PLAINTEXT on a trusted network")
	}
	conn := broker.Conn{Brokers: svc.brokers, TLS: tlsCfg, SASL: mech}
	svc.conn = conn
	if err := waitForBroker(ctx, conn, log); err != nil {
		return nil, err
	}
	inParts := s.Partitions
	if n, err := broker.Partitions(ctx, conn, s.InputTopic); err == nil {
		inParts = n // the state changelog needs as many partitions as the input has
	}
	svc.topics = []broker.Topic{
		{Name: s.InputTopic, Partitions: inParts, MaxMessageBytes: s.MaxMessageBytes + 1<<20},
		{Name: s.ObservationTopic, Partitions: s.Partitions, MaxMessageBytes: outputRecordBytes},
		{Name: s.ConditionTopic, Partitions: s.Partitions, MaxMessageBytes: outputRecordBytes},
		{Name: s.ProvenanceTopic, Partitions: s.Partitions, MaxMessageBytes: outputRecordBytes},
		{Name: s.DLQTopic, Partitions: s.Partitions, MaxMessageBytes: s.MaxMessageBytes + 2<<20},
		{Name: s.CorrectionsTopic, Partitions: s.Partitions},
		{Name: s.StateTopic, Partitions: inParts, MaxMessageBytes: outputRecordBytes, Compact: true, Retention: s.StateRetention},
	}
	created, err := broker.EnsureTopics(ctx, conn, svc.topics, s.ReplicationFactor, s.CreateTopics)
	if err != nil {
		return nil, err
	}
	svc.created = s.CreateTopics
	if len(created) > 0 {
		log.Info("created topics", "topics", strings.Join(created, ","))
	}
	if n, err := broker.Partitions(ctx, conn, s.StateTopic); err != nil {
		return nil, err
	} else if n < inParts {
		return nil, fmt.Errorf("the state changelog %s has %d partitions and the input topic %s has %d: it needs at least as many (delete it and let serve recreate it, or add partitions)", s.StateTopic, n, s.InputTopic, inParts)
	}
	cachePath := filepath.Join(s.DataDir, "state-cache.db")
	l, err := ledger.Open(cachePath)
	if err != nil {
		return nil, err
	}
	svc.cache = l
	if l.Wiped {
		log.Warn("the state cache was not closed cleanly and was emptied; assigned partitions are restored from the changelog", "path", cachePath)
	}
	svc.state = consumers.NewState(conn, s.StateTopic, l, log)
	mex, ex, err := newExtractor(modelSettings{Dir: s.Models, Device: s.Device, Replicas: s.Replicas})
	if err != nil {
		return nil, err
	}
	if mex != nil {
		// Each partition keeps --in-flight messages in flight; the batcher merges the notes
		// of messages prepared together into one model call per replica.
		svc.models = mex
		svc.batcher = nlp.NewBatcher(mex, s.BatchMax, s.BatchWait, mex.Replicas())
		ex = svc.batcher
		log.Info("models loaded", "dir", s.Models, "device", s.Device, "replicas", mex.Replicas(), "batch_max", s.BatchMax, "batch_wait", s.BatchWait.String())
	}
	proc, err := pipeline.New(ex, fhir.NewMemoryLedger(), s.FHIR.Config)
	if err != nil {
		return nil, err
	}
	svc.writer = producers.New(producers.Config{
		Conn: conn,
		Topics: producers.Topics{Observation: s.ObservationTopic, Condition: s.ConditionTopic,
			Provenance: s.ProvenanceTopic, DLQ: s.DLQTopic},
		Version:         version,
		Instance:        instanceName(),
		MaxMessageBytes: int64(s.MaxMessageBytes) + 2<<20,
	})
	var cproc consumers.Processor = proc
	if s.Baseline {
		cproc = pipeline.NoOp{}
		log.Warn("--baseline: documents are passed through without reading them, for benchmarks only")
	}
	svc.consumer = consumers.NewDocuments(consumers.Config{
		Conn:            conn,
		Group:           s.Group,
		Topic:           s.InputTopic,
		MaxMessageBytes: s.MaxMessageBytes + 1<<20,
		BackoffMax:      s.BackoffMax,
		ShutdownTimeout: s.ShutdownTimeout,
		InFlight:        s.InFlight,
		StuckAfter:      s.StuckAfter,
		Logger:          log,
	}, cproc, svc.writer, svc.state)
	m := ex.Model()
	svc.model = m.Name + " " + m.Version
	if err := registerModelGauge(m.Name, m.Version); err != nil {
		return nil, err
	}
	if svc.lag, err = consumers.NewLagMonitor(conn, s.Group, s.InputTopic); err != nil {
		return nil, err
	}
	log.Info("serving", "brokers", strings.Join(svc.brokers, ","), "group", s.Group, "input", s.InputTopic,
		"model", m.Name+" "+m.Version, "state", s.StateTopic, "state_cache", cachePath, "in_flight", s.InFlight)
	ok = true
	return svc, nil
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

func (svc *service) run(ctx context.Context) error {
	lagCtx, stopLag := context.WithCancel(ctx)
	defer stopLag()
	go svc.lag.Run(lagCtx, 15*time.Second)
	go svc.watchTopics(lagCtx, 5*time.Second)
	svc.running.Store(true)
	err := svc.consumer.Run(ctx)
	svc.running.Store(false)
	st := &svc.consumer.Stats
	svc.log.Info("stopped", "messages", st.Messages.Load(), "documents", st.Documents.Load(),
		"records", st.Records.Load(), "dead_letters", st.DeadLetters.Load(), "retries", st.Retries.Load())
	return err
}

func (svc *service) close() {
	if svc.batcher != nil {
		svc.batcher.Close()
	}
	if svc.models != nil {
		svc.models.Close()
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

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	l, err := parseLevel(level)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// instanceName is host/pid: which process of the group produced a record.
func instanceName() string {
	h, err := os.Hostname()
	if err != nil {
		h = "unknown-host"
	}
	return fmt.Sprintf("%s/%d", h, os.Getpid())
}

// ready answers /readyz: the consumer runs, a model is loaded, no partition is stuck,
// writes succeed, and the last check of the broker (every 5 s) found every topic.
func (svc *service) ready(ctx context.Context) error {
	if !svc.running.Load() {
		return fmt.Errorf("consumer not running")
	}
	if svc.model == "" {
		return fmt.Errorf("no model loaded")
	}
	if err := svc.consumer.Health(); err != nil {
		return err
	}
	svc.readyMu.Lock()
	defer svc.readyMu.Unlock()
	if svc.readyAt.IsZero() {
		return fmt.Errorf("Kafka not checked yet")
	}
	return svc.readyErr
}

// watchTopics checks the broker and the topics every interval (for /readyz), recreating
// topics that vanished when serve creates its topics.
func (svc *service) watchTopics(ctx context.Context, every time.Duration) {
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

// checkTopics pings the broker and checks that every topic exists; when serve created
// its topics, missing ones are created again.
func (svc *service) checkTopics(ctx context.Context) error {
	if err := broker.Ping(ctx, svc.conn); err != nil {
		return fmt.Errorf("Kafka: %w", err)
	}
	created, err := broker.EnsureTopics(ctx, svc.conn, svc.topics, svc.s.ReplicationFactor, svc.created)
	if len(created) > 0 {
		svc.log.Warn("topics had vanished and were created again", "topics", strings.Join(created, ","))
		return fmt.Errorf("topics %s had vanished and were created again", strings.Join(created, ","))
	}
	if err != nil {
		return fmt.Errorf("Kafka: %w", err)
	}
	return nil
}

// registerModelGauge publishes notecoder.model.info{model.name,model.version} = 1.
func registerModelGauge(name, ver string) error {
	_, err := otel.Meter("github.com/notecoder/notecoder/cmd/notecoder").Int64ObservableGauge("notecoder.model.info",
		metric.WithDescription("The serving model (1 per model and version)."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(1, metric.WithAttributes(attribute.String("model.name", name), attribute.String("model.version", ver)))
			return nil
		}))
	return err
}
