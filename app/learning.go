package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
)

// DefaultModelsTopic is the compacted topic promotions are announced on.
const DefaultModelsTopic = "notecoder.models"

// StoreOff turns the training store (and with it corrections and retraining) off.
const StoreOff = "off"

// Default base data and gold set of retraining: the files 'make models' trains the
// shipped smoking model on, and the real and LLM-written dev sets (paths of a checkout;
// give others with --base-data and --gold where notecoder runs without one).
var (
	DefaultBaseData = []string{"testdata/real/smoking-train.xml", "testdata/train/smoking-train-en-a.xml",
		"testdata/train/smoking-train-en-b.xml", "testdata/train/smoking-train-de.xml"}
	DefaultGold = []string{"testdata/real/smoking-dev.xml", "testdata/dev/smoking-dev.xml"}
)

// DefaultRetrain are the retraining settings unless configured otherwise: the shipped
// model's recipe for the base data (zero fields take training's defaults).
func DefaultRetrain() training.Retrain {
	return training.Retrain{Data: DefaultBaseData, Synthetic: 2000, Seed: 1, Gold: DefaultGold, MaxGoldDrop: 0.02,
		CorrectionWeight: training.DefaultCorrectionWeight}
}

// LearningConfig configures the learning loop: the training store, the corrections
// intake, scheduled retraining and hot reload.
type LearningConfig struct {
	// Store is the training store: a SQLite file or a postgres:// URL ("": the SQLite
	// file under DataDir; StoreOff: no store, so no corrections and no retraining).
	Store string
	// CorrectionsToken is the bearer token of POST /corrections ("": the endpoint
	// refuses every request).
	CorrectionsToken string
	// ModelsTopic announces promotions to every instance (compacted).
	ModelsTopic string
	// StoreRetention is how long the store keeps what it needs to tie corrections back
	// (published findings and the sentences around them: PHI); 0 keeps them for ever.
	StoreRetention time.Duration
	// CorrectionsRetention is how long corrections are kept (0: for ever: they are
	// training data).
	CorrectionsRetention time.Duration
	// RetrainEvery and RetrainAfter schedule retraining: every interval, and/or once
	// this many corrections came since the last run (0: off).
	RetrainEvery time.Duration
	RetrainAfter int
	// Retrain is how a candidate is trained and judged (its settings; Retrainer fills in
	// the store, the base models and where it works).
	Retrain training.Retrain
	// ModelCheck is how often serve asks the store which version serves (besides the
	// announcements on ModelsTopic).
	ModelCheck time.Duration
	// Review serves the review page for clinicians under /review/ (it keeps the note
	// text in the store: PHI), with the users of ReviewUsers (a file of name:bcrypt-hash).
	Review         bool
	ReviewUsers    string
	ReviewInsecure bool // session cookie without Secure (plain-HTTP development only)
}

// Enabled says whether the store is on.
func (l LearningConfig) Enabled() bool { return l.Store != StoreOff }

// StorePath is the store's location for a data directory.
func (l LearningConfig) StorePath(dataDir string) string {
	if l.Store == "" {
		return filepath.Join(dataDir, store.DefaultPath)
	}
	return l.Store
}

// Retrainer is the retraining job of settings r for a store, the base models directory
// and a work directory.
func Retrainer(r training.Retrain, s *store.Store, base, workDir, device, by string) (training.Retrain, error) {
	dev, err := torch.ParseDevice(device)
	if err != nil {
		return training.Retrain{}, configErrorf("--device: %v", err)
	}
	r.Store, r.Base, r.WorkDir, r.Device, r.By = s, base, workDir, dev, by
	return r, nil
}

// BaseModelsDir is the directory of the models serve was started with (--models):
// the shipped models unpacked, or the directory given. The rules have none.
func BaseModelsDir(m ModelSettings) (string, error) {
	switch m.Dir {
	case "rules":
		return "", configErrorf("--models rules: the rules are not retrained; serve a trained model (--models builtin or a directory) to use the learning loop")
	case "", "builtin":
		return models.BuiltinDir()
	}
	if _, err := os.Stat(filepath.Join(m.Dir, "smoking")); err != nil {
		return "", configErrorf("--models %s: no smoking model in it", m.Dir)
	}
	return m.Dir, nil
}

// Announcement is a promotion as the models topic carries it (key: the task).
type Announcement struct {
	Task    string    `json:"task"`
	Version string    `json:"version"`
	SHA256  string    `json:"sha256"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Reason  string    `json:"reason"`
}

// Announce publishes a promotion on the models topic, so that every instance loads it.
func Announce(ctx context.Context, conn broker.Conn, topic string, p store.Promotion, sha string) error {
	v, err := json.Marshal(Announcement{Task: p.Task, Version: p.Version, SHA256: sha, At: p.At, By: p.By, Reason: p.Reason})
	if err != nil {
		return err
	}
	w := &kafka.Writer{Addr: kafka.TCP(conn.Brokers...), Topic: topic, Transport: conn.Transport("notecoder-models"),
		RequiredAcks: kafka.RequireAll, Balancer: &kafka.Hash{}, BatchTimeout: time.Millisecond}
	defer w.Close()
	if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(p.Task), Value: v}); err != nil {
		return fmt.Errorf("announcing %s %s on %s: %w", p.Task, p.Version, topic, err)
	}
	return nil
}

// ModelsTopicSpec is how serve creates the models topic: compacted, one partition (the
// last announcement per task is what matters, in order).
func ModelsTopicSpec(name string) broker.Topic {
	return broker.Topic{Name: name, Partitions: 1, Compact: true}
}

// watchAnnouncements reads the models topic from its start and calls reload for every
// announcement, until ctx ends.
func watchAnnouncements(ctx context.Context, conn broker.Conn, topic string, log *slog.Logger, reload func(Announcement)) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: conn.Brokers, Topic: topic, Partition: 0, Dialer: conn.Dialer("notecoder-models"),
		MinBytes: 1, MaxBytes: 1 << 20, MaxWait: time.Second})
	defer r.Close()
	if err := r.SetOffset(kafka.FirstOffset); err != nil {
		log.Warn("cannot read the models topic; promotions are picked up from the store only", "topic", topic, "error", err.Error())
		return
	}
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("reading the models topic failed; promotions are picked up from the store only", "topic", topic, "error", err.Error())
			}
			return
		}
		if m.Value == nil {
			continue // a tombstone
		}
		var a Announcement
		if err := json.Unmarshal(m.Value, &a); err != nil || a.Version == "" {
			log.Warn("ignoring a malformed announcement on the models topic", "offset", m.Offset)
			continue
		}
		reload(a)
	}
}

// RetrainDue says whether a scheduled retrain is due: the interval passed since the last
// version was made, or enough corrections came since.
func RetrainDue(ctx context.Context, s *store.Store, every time.Duration, after int) (bool, string, error) {
	ms, err := s.Models(ctx, training.RetrainTask)
	if err != nil {
		return false, "", err
	}
	var last time.Time
	for _, m := range ms {
		if m.Created.After(last) {
			last = m.Created
		}
	}
	if every > 0 && (last.IsZero() || time.Since(last) >= every) {
		return true, fmt.Sprintf("%s since the last version", every), nil
	}
	if after > 0 {
		n, err := s.CountCorrections(ctx, training.RetrainTask, last)
		if err != nil {
			return false, "", err
		}
		if n >= after {
			return true, fmt.Sprintf("%d corrections since the last version", n), nil
		}
	}
	return false, "", nil
}

// errNoStore is returned by what needs the store when it is off.
var errNoStore = errors.New("the training store is off (--store off)")
