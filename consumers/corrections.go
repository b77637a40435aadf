package consumers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/store"
)

// HeaderSender names who sent a correction record when the message itself does not (a
// FHIR resource without performer/asserter, a JSON correction without "sender").
const HeaderSender = "notecoder.sender"

// Taker takes one correction in (corrections.Intake).
type Taker interface {
	Take(ctx context.Context, raw []byte, source, sender string) (store.Correction, bool, error)
}

// CorrectionsConfig configures the corrections consumer.
type CorrectionsConfig struct {
	Conn       broker.Conn
	Group      string // its own consumer group (serve: <group>-corrections)
	Topic      string
	BackoffMax time.Duration
	Logger     *slog.Logger
}

// CorrectionStats are the corrections consumer's running totals.
type CorrectionStats struct {
	Stored, Duplicates, DeadLetters atomic.Int64
}

// Corrections reads the corrections topic: each record is taken in (tied back and
// stored once) or, when it cannot be, dead-lettered with its reason; its offset is
// committed only after that, so none is lost. A store that cannot be reached is retried
// with backoff, never dead-lettered. Corrections are few: one record at a time.
type Corrections struct {
	cfg   CorrectionsConfig
	taker Taker
	pub   Publisher
	Stats CorrectionStats
}

// NewCorrections returns the consumer; pub writes its dead letters.
func NewCorrections(cfg CorrectionsConfig, taker Taker, pub Publisher) *Corrections {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = 30 * time.Second
	}
	return &Corrections{cfg: cfg, taker: taker, pub: pub}
}

// Run consumes until ctx ends.
func (c *Corrections) Run(ctx context.Context) error {
	cfg := c.cfg
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        cfg.Conn.Brokers,
		GroupID:        cfg.Group,
		Topic:          cfg.Topic,
		Dialer:         cfg.Conn.Dialer("notecoder-corrections"),
		StartOffset:    kafka.FirstOffset,
		MinBytes:       1,
		MaxBytes:       4 << 20,
		MaxWait:        500 * time.Millisecond,
		CommitInterval: 0, // commits are synchronous, after each record is stored
		ErrorLogger: kafka.LoggerFunc(func(msg string, args ...any) {
			cfg.Logger.Warn("kafka corrections reader", "detail", fmt.Sprintf(msg, args...))
		}),
	})
	defer r.Close()
	retry := Retry{Max: cfg.BackoffMax, OnRetry: func(attempt int, delay time.Duration, err error) {
		cfg.Logger.Warn("correction not stored yet; retrying", "attempt", attempt, "backoff", delay.String(), "error", err.Error())
	}}
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("reading %s: %w", cfg.Topic, err)
		}
		if err := c.handle(ctx, retry, m); err != nil {
			if ctx.Err() != nil {
				return nil // not committed: read again on the next start
			}
			return err
		}
		if err := retry.Do(ctx, func() error { return r.CommitMessages(ctx, m) }); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("committing %s: %w", cfg.Topic, err)
		}
	}
}

// handle stores one record, or dead-letters it.
func (c *Corrections) handle(ctx context.Context, retry Retry, m kafka.Message) error {
	sender := ""
	for _, h := range m.Headers {
		if h.Key == HeaderSender {
			sender = string(h.Value)
		}
	}
	var taken store.Correction
	var created bool
	err := retry.Do(ctx, func() error {
		var err error
		taken, created, err = c.taker.Take(ctx, m.Value, "kafka", sender)
		return err
	})
	var ie *fhir.InputError
	switch {
	case err == nil:
		if created {
			c.Stats.Stored.Add(1)
			c.cfg.Logger.Info("correction stored", "id", taken.ID, "task", taken.Task, "action", taken.Action, "partition", m.Partition, "offset", m.Offset)
		} else {
			c.Stats.Duplicates.Add(1)
			c.cfg.Logger.Info("correction already stored", "id", taken.ID, "partition", m.Partition, "offset", m.Offset)
		}
		return nil
	case errors.As(err, &ie):
		c.cfg.Logger.Info("correction dead-lettered", "reason", string(ie.Reason), "partition", m.Partition, "offset", m.Offset)
		q := PoisonQueue{Pub: c.pub, Retry: retry, Log: c.cfg.Logger}
		if _, _, err := q.Put(ctx, m, []Failure{{Cause: err}}, nil); err != nil {
			return err
		}
		c.Stats.DeadLetters.Add(1)
		return nil
	default:
		return err // ctx ended
	}
}
