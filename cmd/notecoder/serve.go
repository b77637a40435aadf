package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/notecoder/notecoder/app"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/observability"
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
	cfg, err := s.appConfig()
	if err != nil {
		return err
	}
	svc, err := app.Start(ctx, cfg, logger)
	if err != nil {
		return err
	}
	if s.HTTPAddr != "" {
		addr, err := observability.Serve(ctx, s.HTTPAddr, tel.Handler(svc.Ready, svc.Handlers()), logger)
		if err != nil {
			svc.Close()
			return err
		}
		logger.Info("http endpoints", "metrics", "http://"+addr+"/metrics", "health", "http://"+addr+"/healthz", "ready", "http://"+addr+"/readyz",
			"corrections", "POST http://"+addr+"/corrections", "review", s.Review)
	}
	err = svc.Run(ctx)
	svc.Close()
	return err
}

// startInBackground starts the service on its own goroutine (demo, devicecheck).
func startInBackground(ctx context.Context, s *serveSettings, log *slog.Logger) (*app.Service, func(), error) {
	cfg, err := s.appConfig()
	if err != nil {
		return nil, nil, err
	}
	return app.StartInBackground(ctx, cfg, log)
}

// appConfig turns the settings into the application's configuration.
func (s *serveSettings) appConfig() (app.Config, error) {
	tlsCfg, mech, err := s.security()
	if err != nil {
		return app.Config{}, usageErrorf("%v", err)
	}
	return app.Config{
		Conn:         broker.Conn{Brokers: s.brokerList(), TLS: tlsCfg, SASL: mech},
		EmbeddedPort: s.EmbeddedPort,
		Group:        s.Group,
		Topics: app.Topics{Input: s.InputTopic, Observation: s.ObservationTopic, Condition: s.ConditionTopic,
			Provenance: s.ProvenanceTopic, DLQ: s.DLQTopic, Corrections: s.CorrectionsTopic, State: s.StateTopic, Models: s.ModelsTopic},
		Partitions:        s.Partitions,
		ReplicationFactor: s.ReplicationFactor,
		CreateTopics:      s.CreateTopics,
		MaxMessageBytes:   s.MaxMessageBytes,
		InFlight:          s.InFlight,
		StateRetention:    s.StateRetention,
		StuckAfter:        s.StuckAfter,
		ShutdownTimeout:   s.ShutdownTimeout,
		BackoffMax:        s.BackoffMax,
		DataDir:           s.DataDir,
		Models:            app.ModelSettings{Dir: s.Models, Device: s.Device, Replicas: s.Replicas, Threads: torchThreads, BatchMax: s.BatchMax, BatchWait: s.BatchWait},
		Learning:          s.learning(),
		Pipeline:          s.FHIR.Config,
		Baseline:          s.Baseline,
		Version:           version,
		Instance:          instanceName(),
	}, nil
}

// learning is the learning loop's configuration.
func (s *serveSettings) learning() app.LearningConfig {
	r := app.DefaultRetrain()
	r.Data, r.Gold, r.Synthetic, r.MaxGoldDrop, r.CorrectionWeight = splitList(s.BaseData), splitList(s.Gold), s.Synthetic, s.MaxGoldDrop, s.CorrectionWeight
	return app.LearningConfig{Store: s.Store, CorrectionsToken: s.CorrectionsToken, ModelsTopic: s.ModelsTopic, StoreRetention: s.StoreRetention,
		CorrectionsRetention: s.CorrectionsRetention, RetrainEvery: s.RetrainEvery, RetrainAfter: s.RetrainAfter, Retrain: r, ModelCheck: 30 * time.Second,
		Review: s.Review, ReviewUsers: s.ReviewUsers, ReviewInsecure: s.ReviewInsecure}
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
