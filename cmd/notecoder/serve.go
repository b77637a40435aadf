package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/consumers"
	"github.com/notecoder/notecoder/fhir/ledger"
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
	svc, err := startService(ctx, s, logger)
	if err != nil {
		return err
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
	writer   *producers.Writer
	ledger   *ledger.Bolt
	consumer *consumers.Documents
}

// startService connects (or starts the embedded broker), creates topics, opens the
// ledger and builds the consumer. ctx bounds the start only.
func startService(ctx context.Context, s *serveSettings, log *slog.Logger) (*service, error) {
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
	conn := broker.Conn{Brokers: svc.brokers}
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
	ex, err := newExtractor(s.Models)
	if err != nil {
		return nil, err
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
	})
	svc.consumer = consumers.NewDocuments(consumers.Config{
		Brokers:           svc.brokers,
		Group:             s.Group,
		Topic:             s.InputTopic,
		MaxMessageBytes:   s.MaxMessageBytes + 1<<20,
		BackoffMax:        s.BackoffMax,
		ShutdownTimeout:   s.ShutdownTimeout,
		QueuePerPartition: s.QueuePerPartition,
		Logger:            log,
	}, proc, svc.writer)
	m := ex.Model()
	log.Info("serving", "brokers", strings.Join(svc.brokers, ","), "group", s.Group, "input", s.InputTopic,
		"model", m.Name+" "+m.Version, "ledger", filepath.Join(s.DataDir, "ledger.db"))
	ok = true
	return svc, nil
}

// waitForBroker retries until a broker answers, for up to a minute.
func waitForBroker(ctx context.Context, conn broker.Conn, log *slog.Logger) error {
	deadline := time.Now().Add(time.Minute)
	for {
		err := broker.Ping(ctx, conn)
		if err == nil {
			return nil
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
	err := svc.consumer.Run(ctx)
	st := &svc.consumer.Stats
	svc.log.Info("stopped", "messages", st.Messages.Load(), "documents", st.Documents.Load(),
		"records", st.Records.Load(), "dead_letters", st.DeadLetters.Load(), "retries", st.Retries.Load())
	return err
}

func (svc *service) close() {
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
