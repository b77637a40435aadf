// Command condition-upsert is an example consumer of notecoder's Condition topic: it
// keeps the latest version of every Condition in a local store, keyed by resource id.
//
// notecoder delivers at least once: after a crash or a rebalance a record may come again.
// A repeated record is byte for byte the same, with the same id, so an upsert by id
// absorbs it: the store ends up the same however many times a record arrives. An
// amendment that withdraws a finding re-publishes the same id with verificationStatus
// entered-in-error, and the upsert replaces the stored version.
//
//	go run ./examples/condition-upsert --brokers 127.0.0.1:9092 --db conditions.db
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
	bolt "go.etcd.io/bbolt"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("condition-upsert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	brokers := fs.String("brokers", "127.0.0.1:9092", "Kafka bootstrap brokers, comma-separated")
	topic := fs.String("topic", "fhir.condition", "notecoder's Condition topic")
	group := fs.String("group", "condition-upsert", "consumer group (offsets are committed after the store has the record)")
	db := fs.String("db", "conditions.db", "the store: a bbolt file, one entry per Condition id")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	store, err := OpenStore(*db)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer store.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: strings.Split(*brokers, ","), GroupID: *group, Topic: *topic,
		StartOffset: kafka.FirstOffset, MaxWait: 500 * time.Millisecond})
	defer r.Close()
	fmt.Fprintf(stderr, "reading %s from %s into %s (Ctrl-C stops)\n", *topic, *brokers, *db)
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return 0
			}
			fmt.Fprintln(stderr, err)
			return 1
		}
		outcome, id, err := store.Upsert(m.Value)
		if err != nil {
			// Not a Condition notecoder would publish: say so, and go on.
			fmt.Fprintf(stderr, "partition %d offset %d: %v\n", m.Partition, m.Offset, err)
		} else {
			fmt.Fprintf(stdout, "%-9s Condition/%s (patient %s)\n", outcome, id, m.Key)
		}
		if err := r.CommitMessages(ctx, m); err != nil && ctx.Err() == nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
}

// Store keeps the latest version of each Condition by id.
type Store struct{ db *bolt.DB }

var bucket = []byte("Condition")

// OpenStore opens (creating) the store file.
func OpenStore(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("opening the store %s: %w", path, err)
	}
	return &Store{db: db}, db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	})
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Upsert stores a Condition under its id and says what happened: "new", "updated" (the
// same id with other content, e.g. withdrawn as entered-in-error) or "duplicate" (the
// same bytes again: nothing changes).
func (s *Store) Upsert(value []byte) (outcome, id string, err error) {
	var c struct {
		ResourceType string `json:"resourceType"`
		ID           string `json:"id"`
	}
	if err := json.Unmarshal(value, &c); err != nil || c.ResourceType != "Condition" || c.ID == "" {
		return "", "", fmt.Errorf("not a FHIR Condition with an id")
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		switch old := b.Get([]byte(c.ID)); {
		case old == nil:
			outcome = "new"
		case string(old) == string(value):
			outcome = "duplicate"
			return nil
		default:
			outcome = "updated"
		}
		return b.Put([]byte(c.ID), value)
	})
	return outcome, c.ID, err
}

// Get returns the stored version of a Condition.
func (s *Store) Get(id string) ([]byte, bool) {
	var v []byte
	s.db.View(func(tx *bolt.Tx) error {
		v = append([]byte(nil), tx.Bucket(bucket).Get([]byte(id))...)
		return nil
	})
	return v, v != nil
}

// Len is the number of Conditions stored.
func (s *Store) Len() int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucket).Stats().KeyN
		return nil
	})
	return n
}
