package consumers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/fhir/ledger"
)

// State is what was published per document, kept the way Kafka Streams keeps a state
// store: the durable copy is a compacted changelog topic, keyed by document id, whose
// partition n holds the state of input partition n; the local file (ledger.Bolt) is only
// a cache of it. When a partition is assigned, its state is restored from the changelog
// before any of its messages is processed, so the state moves with the partition:
// another instance, a rebalance or a restart on an empty disk all see what was published.
//
// With a retention, a document's state is forgotten once its last record is older than
// that: the changelog is created with cleanup.policy compact,delete and retention.ms, and
// the cache drops such entries too (Prune, after restoring and every PruneEvery), so that
// every instance forgets the same documents, whichever holds the partition.
type State struct {
	conn      broker.Conn
	topic     string
	cache     *ledger.Bolt
	retention time.Duration // 0: for ever
	log       *slog.Logger
	w         *kafka.Writer
}

// NewState returns the state store over the changelog topic and the local cache, keeping
// a document's state for retention after its last record (0: for ever).
func NewState(conn broker.Conn, topic string, cache *ledger.Bolt, retention time.Duration, log *slog.Logger) *State {
	return &State{conn: conn, topic: topic, cache: cache, retention: retention, log: log, w: &kafka.Writer{
		Addr: kafka.TCP(conn.Brokers...),
		// Record n of the changelog goes to partition n: the input's partition.
		Balancer:     kafka.BalancerFunc(func(m kafka.Message, _ ...int) int { return m.Partition }),
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: time.Millisecond,
		BatchBytes:   32 << 20,
		// No batch compression: the values are zstd already (ledger.Encode), and
		// kafka-go's zstd codec kept an 8 MiB-window encoder (16 MiB of history) per
		// concurrent batch for the life of the process: 32 MiB of a 70 MiB live heap.
		MaxAttempts:            3,
		WriteTimeout:           30 * time.Second,
		AllowAutoTopicCreation: false,
		Transport:              conn.Transport("notecoder-state"),
	}}
}

// Topic is the changelog topic's name.
func (s *State) Topic() string { return s.topic }

// Close closes the changelog writer (not the cache).
func (s *State) Close() error { return s.w.Close() }

// Restored says what restoring one partition took.
type Restored struct {
	Partition int
	Records   int   // changelog records applied
	Pruned    int   // cached entries older than the retention, deleted
	From, To  int64 // changelog offsets read
	Elapsed   time.Duration
}

// offsets returns the first and the next offset of changelog partition p.
func (s *State) offsets(ctx context.Context, p int) (first, end int64, err error) {
	resp, err := s.conn.Client(30*time.Second, "notecoder-state").ListOffsets(ctx, &kafka.ListOffsetsRequest{
		Topics: map[string][]kafka.OffsetRequest{s.topic: {kafka.FirstOffsetOf(p), kafka.LastOffsetOf(p)}},
	})
	if err != nil {
		return 0, 0, fmt.Errorf("reading the offsets of %s/%d: %w", s.topic, p, err)
	}
	for _, po := range resp.Topics[s.topic] {
		if po.Partition == p {
			if po.Error != nil {
				return 0, 0, fmt.Errorf("reading the offsets of %s/%d: %w", s.topic, p, po.Error)
			}
			return po.FirstOffset, po.LastOffset, nil
		}
	}
	return 0, 0, fmt.Errorf("the state changelog %s has no partition %d: it needs as many partitions as the input topic", s.topic, p)
}

// Restore brings the cache of partition p up to date with the changelog and returns it.
// It reads from the cache's checkpoint (or the beginning) to the changelog's end.
func (s *State) Restore(ctx context.Context, p int) (*ledger.Partition, Restored, error) {
	start := time.Now()
	part := s.cache.Partition(p)
	first, end, err := s.offsets(ctx, p)
	if err != nil {
		return nil, Restored{}, err
	}
	cp, ok, err := part.Checkpoint()
	if err != nil {
		return nil, Restored{}, err
	}
	if ok && (cp > end || cp < first) {
		// The changelog was recreated, or records the cache had not seen were deleted:
		// the cache cannot be brought up to date, only rebuilt.
		s.log.Warn("state cache out of step with the changelog: rebuilding it", "partition", p, "checkpoint", cp, "changelog_first", first, "changelog_end", end)
		if err := part.Reset(); err != nil {
			return nil, Restored{}, err
		}
		ok = false
	}
	from := first
	if ok {
		from = cp
	}
	r := Restored{Partition: p, From: from, To: end}
	if from < end {
		n, err := s.read(ctx, p, from, end, part)
		r.Records = n
		if err != nil {
			return nil, r, err
		}
	}
	if err := part.SetCheckpoint(end); err != nil {
		return nil, r, err
	}
	if r.Pruned, err = s.Prune(p); err != nil {
		return nil, r, err
	}
	r.Elapsed = time.Since(start)
	return part, r, nil
}

// PruneEvery is how often a partition's cache should be pruned (0: never, no retention):
// a tenth of the retention, between a minute and an hour.
func (s *State) PruneEvery() time.Duration {
	if s.retention <= 0 {
		return 0
	}
	return min(max(s.retention/10, time.Minute), time.Hour)
}

// Prune deletes the cached entries of partition p older than the retention (none without
// one) and returns how many.
func (s *State) Prune(p int) (int, error) {
	if s.retention <= 0 {
		return 0, nil
	}
	return s.cache.Partition(p).Prune(time.Now().Add(-s.retention))
}

// read applies changelog records [from, end) of partition p to part.
func (s *State) read(ctx context.Context, p int, from, end int64, part *ledger.Partition) (int, error) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: s.conn.Brokers, Topic: s.topic, Partition: p, Dialer: s.conn.Dialer("notecoder-state"),
		MinBytes: 1, MaxBytes: 32 << 20, MaxWait: 200 * time.Millisecond,
	})
	defer r.Close()
	if err := r.SetOffset(from); err != nil {
		return 0, err
	}
	n := 0
	lastProgress := time.Now()
	for {
		fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		m, err := r.FetchMessage(fctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return n, ctx.Err()
			}
			if errors.Is(err, context.DeadlineExceeded) {
				// Compaction can leave the last offsets without records: nothing more
				// will come. Give the broker a while before concluding that.
				if time.Since(lastProgress) > 15*time.Second {
					s.log.Warn("state changelog ended before its end offset; taking it as complete", "partition", p, "at", r.Offset(), "end", end)
					return n, nil
				}
				continue
			}
			return n, fmt.Errorf("restoring state partition %d: %w", p, err)
		}
		lastProgress = time.Now()
		// Kept with the record's time: entries older than the retention are pruned
		// once the partition is restored. A nil value is a tombstone.
		if err := part.PutRaw(m.Key, m.Value, m.Time); err != nil {
			return n, err
		}
		n++
		if m.Offset+1 >= end {
			return n, nil
		}
	}
}

// Write makes entries of input partition p durable on the changelog (acknowledged by all
// in-sync replicas), then updates the cache.
func (s *State) Write(ctx context.Context, p int, entries []*fhir.LedgerEntry) error {
	if len(entries) == 0 {
		return nil
	}
	msgs := make([]kafka.Message, len(entries))
	for i, e := range entries {
		v, err := ledger.Encode(*e)
		if err != nil {
			return err
		}
		msgs[i] = kafka.Message{Topic: s.topic, Partition: p, Key: []byte(e.DocumentID), Value: v}
	}
	if err := s.w.WriteMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("writing %d state record(s) to %s: %w", len(msgs), s.topic, err)
	}
	part, now := s.cache.Partition(p), time.Now()
	for _, m := range msgs {
		if err := part.PutRaw(m.Key, m.Value, now); err != nil {
			return err
		}
	}
	return nil
}

// Release records, when partition p is revoked after its work was settled, that the
// cache is complete up to the changelog's current end, so the next restore reads less.
func (s *State) Release(ctx context.Context, p int) error {
	_, end, err := s.offsets(ctx, p)
	if err != nil {
		return err
	}
	return s.cache.Partition(p).SetCheckpoint(end)
}
