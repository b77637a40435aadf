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
	ledger   *ledger.Bolt
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
	topics := []broker.Topic{
		{Name: s.InputTopic, Partitions: s.Partitions, MaxMessageBytes: s.MaxMessageBytes + 1<<20},
		{Name: s.ObservationTopic, Partitions: s.Partitions},
		{Name: s.ConditionTopic, Partitions: s.Partitions},
		{Name: s.ProvenanceTopic, Partitions: s.Partitions},
		{Name: s.DLQTopic, Partitions: s.Partitions, MaxMessageBytes: s.MaxMessageBytes + 1<<20},
		{Name: s.CorrectionsTopic, Partitions: s.Partitions},
	}
	created, err := broker.EnsureTopics(ctx, conn, topics, s.ReplicationFactor, s.CreateTopics)
	if err != nil {
		return nil, err
	}
	if len(created) > 0 {
		log.Info("created topics", "topics", strings.Join(created, ","), "partitions", s.Partitions)
	}
	l, err := ledger.Open(filepath.Join(s.DataDir, "ledger.db"))
	if err != nil {
		return nil, err
	}
	svc.ledger = l
	mex, ex, err := newExtractor(modelSettings{Dir: s.Models, Device: s.Device, Replicas: s.Replicas})
	if err != nil {
		return nil, err
	}
	if mex != nil {
		// Partition workers each handle one message at a time; the batcher merges the notes
		// of messages handled together into one model call per replica.
		svc.models = mex
		svc.batcher = nlp.NewBatcher(mex, s.BatchMax, s.BatchWait, mex.Replicas())
		ex = svc.batcher
		log.Info("models loaded", "dir", s.Models, "device", s.Device, "replicas", mex.Replicas(), "batch_max", s.BatchMax, "batch_wait", s.BatchWait.String())
	}
	proc, err := pipeline.New(ex, l, s.FHIR.Config)
	if err != nil {
		return nil, err
	}
	svc.writer = producers.New(producers.Config{
		Brokers: svc.brokers,
		Topics: producers.Topics{Observation: s.ObservationTopic, Condition: s.ConditionTopic,
			Provenance: s.ProvenanceTopic, DLQ: s.DLQTopic},
		Version:         version,
		Instance:        instanceName(),
		MaxMessageBytes: int64(s.MaxMessageBytes) + 1<<20,
		TLS:             tlsCfg,
		SASL:            mech,
	})
	svc.consumer = consumers.NewDocuments(consumers.Config{
		Brokers:           svc.brokers,
		Group:             s.Group,
		Topic:             s.InputTopic,
		TLS:               tlsCfg,
		SASL:              mech,
		MaxMessageBytes:   s.MaxMessageBytes + 1<<20,
		BackoffMax:        s.BackoffMax,
		ShutdownTimeout:   s.ShutdownTimeout,
		QueuePerPartition: s.QueuePerPartition,
		Logger:            log,
	}, proc, svc.writer)
	m := ex.Model()
	svc.model = m.Name + " " + m.Version
	if err := registerModelGauge(m.Name, m.Version); err != nil {
		return nil, err
	}
	if svc.lag, err = consumers.NewLagMonitor(svc.brokers, tlsCfg, mech, s.Group, s.InputTopic); err != nil {
		return nil, err
	}
	log.Info("serving", "brokers", strings.Join(svc.brokers, ","), "group", s.Group, "input", s.InputTopic,
		"model", m.Name+" "+m.Version, "ledger", filepath.Join(s.DataDir, "ledger.db"))
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
	if svc.ledger != nil {
		svc.ledger.Close()
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

// ready answers /readyz: the consumer runs, a model is loaded and the broker answered
// within the last 5 s (checked at most that often).
func (svc *service) ready(ctx context.Context) error {
	if !svc.running.Load() {
		return fmt.Errorf("consumer not running")
	}
	if svc.model == "" {
		return fmt.Errorf("no model loaded")
	}
	svc.readyMu.Lock()
	defer svc.readyMu.Unlock()
	if time.Since(svc.readyAt) > 5*time.Second {
		svc.readyErr = broker.Ping(ctx, svc.conn)
		svc.readyAt = time.Now()
	}
	if svc.readyErr != nil {
		return fmt.Errorf("Kafka: %w", svc.readyErr)
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
