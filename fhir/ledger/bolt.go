// Package ledger is notecoder's local copy of what was published per document, one
// bucket per input partition, in a single bbolt file. The durable copy is the state
// changelog topic (consumers.State): this file is a cache of it that can be deleted at any
// time, and is rebuilt from the changelog when a partition is assigned. It stores
// fhir.LedgerEntry values, encoded by Encode, and per partition the changelog offset up to
// which it is complete (the checkpoint). Each value carries the time it was written, so
// that entries older than the state retention can be pruned (Prune).
package ledger

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"

	"github.com/notecoder/notecoder/fhir"
)

var (
	metaBucket = []byte("meta")
	cleanKey   = []byte("clean") // present only while the file is closed cleanly
	formatKey  = []byte("format")
)

// format names the layout of the values; a file of another layout is emptied on opening.
// 2: an 8-byte big-endian Unix time in milliseconds (when the entry was written), then
// the entry as Encode makes it.
const format = "2"

// Bolt is the cache file. Safe for concurrent use; one process at a time may open a file
// (a second one waits up to the open timeout, then fails).
type Bolt struct {
	db   *bolt.DB
	path string // absolute, as /proc/self/maps names it
	// Wiped says the file was not closed cleanly last time and was emptied on opening:
	// writes are not synced (the changelog is the durable copy), so after a crash the
	// file is not trusted.
	Wiped bool
}

// Open opens (creating if needed) the cache file at path.
func Open(path string) (*Bolt, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state cache: creating %s: %w", filepath.Dir(path), err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("state cache: %s is in use by another notecoder process; give each instance its own --data-dir", path)
	}
	if err != nil {
		// A cache: a file that cannot be read is replaced.
		if rmErr := os.Remove(path); rmErr != nil {
			return nil, fmt.Errorf("state cache: opening %s: %w", path, err)
		}
		if db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second}); err != nil {
			return nil, fmt.Errorf("state cache: opening %s: %w", path, err)
		}
	}
	b := &Bolt{db: db, path: path}
	if abs, err := filepath.Abs(path); err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			b.path = real
		}
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(metaBucket)
		if meta == nil || meta.Get(cleanKey) == nil || string(meta.Get(formatKey)) != format {
			// New, not closed cleanly, or of another layout: start empty.
			var names [][]byte
			tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
				names = append(names, append([]byte(nil), name...))
				return nil
			})
			for _, n := range names {
				if err := tx.DeleteBucket(n); err != nil {
					return err
				}
			}
			b.Wiped = meta != nil
			var err error
			if meta, err = tx.CreateBucket(metaBucket); err != nil {
				return err
			}
			if err := meta.Put(formatKey, []byte(format)); err != nil {
				return err
			}
		}
		return meta.Delete(cleanKey) // dirty until Close
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("state cache: initialising %s: %w", path, err)
	}
	// The changelog is the durable copy and an unclean file is wiped on opening, so
	// writes need not wait for the disk.
	db.NoSync = true
	db.MaxBatchDelay = time.Millisecond
	return b, nil
}

// Release drops the cache file's pages from the process's resident memory and returns how
// many bytes of mapping it went over. bbolt reads through a memory map of the whole file,
// so every page a lookup touched stayed resident: resident memory grew with the number
// of documents cached (58 MB over 90,000 documents in make bench's soak), though the
// pages are the kernel's file cache. They stay in that cache; a later lookup maps its
// page back without reading the disk. A read transaction is held meanwhile: it holds
// bbolt's mmap lock, so the mapping cannot move or be unmapped under the call.
func (b *Bolt) Release() (int64, error) {
	var n int64
	err := b.db.View(func(*bolt.Tx) error {
		var err error
		n, err = releaseMapping(b.path)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("state cache: releasing resident pages: %w", err)
	}
	return n, nil
}

// Close marks the file clean, syncs and closes it.
func (b *Bolt) Close() error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(cleanKey, []byte{1})
	})
	if err == nil {
		err = b.db.Sync()
	}
	if cerr := b.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Partition is the cached state of one input partition. It is a fhir.Ledger.
type Partition struct {
	b    *Bolt
	name []byte
}

var _ fhir.Ledger = (*Partition)(nil)

// Partition returns the state of input partition p.
func (b *Bolt) Partition(p int) *Partition {
	return &Partition{b: b, name: []byte("partition/" + strconv.Itoa(p))}
}

// Get and Put use partition 0: for users with one stream of documents (tests, tools).
func (b *Bolt) Get(ctx context.Context, id string) (fhir.LedgerEntry, bool, error) {
	return b.Partition(0).Get(ctx, id)
}

// Put stores an entry in partition 0 (see Get).
func (b *Bolt) Put(ctx context.Context, e fhir.LedgerEntry) error { return b.Partition(0).Put(ctx, e) }

// Len is the number of documents in partition 0.
func (b *Bolt) Len() (int, error) { return b.Partition(0).Len() }

// Get returns the entry for a document id.
func (p *Partition) Get(_ context.Context, id string) (fhir.LedgerEntry, bool, error) {
	var v []byte
	err := p.b.db.View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket(p.name); bk != nil {
			v = append([]byte(nil), bk.Get([]byte(id))...)
		}
		return nil
	})
	if err != nil {
		return fhir.LedgerEntry{}, false, fmt.Errorf("state cache: reading %s: %w", id, err)
	}
	if v == nil {
		return fhir.LedgerEntry{}, false, nil
	}
	if len(v) < 8 {
		return fhir.LedgerEntry{}, false, fmt.Errorf("state cache: %s: value of %d bytes has no time", id, len(v))
	}
	e, err := Decode(v[8:])
	if err != nil {
		return fhir.LedgerEntry{}, false, fmt.Errorf("state cache: %s: %w", id, err)
	}
	return e, true, nil
}

// Put stores an entry.
func (p *Partition) Put(_ context.Context, e fhir.LedgerEntry) error {
	v, err := Encode(e)
	if err != nil {
		return err
	}
	return p.PutRaw([]byte(e.DocumentID), v, time.Now())
}

// PutRaw stores an encoded entry as read from the changelog, written at the time given
// (the changelog record's); a nil value (a tombstone) deletes the key.
func (p *Partition) PutRaw(key, value []byte, at time.Time) error {
	err := p.b.db.Batch(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(p.name)
		if err != nil {
			return err
		}
		if value == nil {
			return bk.Delete(key)
		}
		v := make([]byte, 8, 8+len(value))
		binary.BigEndian.PutUint64(v, uint64(at.UnixMilli()))
		return bk.Put(key, append(v, value...))
	})
	if err != nil {
		return fmt.Errorf("state cache: writing %s: %w", key, err)
	}
	return nil
}

// Checkpoint is the changelog offset up to which this partition's cache is complete
// (ok false: nothing cached, restore from the beginning).
func (p *Partition) Checkpoint() (offset int64, ok bool, err error) {
	err = p.b.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(metaBucket).Get(append([]byte("checkpoint/"), p.name...)); len(v) == 8 {
			offset, ok = int64(binary.BigEndian.Uint64(v)), true
		}
		return nil
	})
	return offset, ok, err
}

// SetCheckpoint records that the cache holds every changelog record before offset.
func (p *Partition) SetCheckpoint(offset int64) error {
	v := binary.BigEndian.AppendUint64(nil, uint64(offset))
	return p.b.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(append([]byte("checkpoint/"), p.name...), v)
	})
}

// Reset empties this partition's cache and forgets its checkpoint.
func (p *Partition) Reset() error {
	return p.b.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(p.name) != nil {
			if err := tx.DeleteBucket(p.name); err != nil {
				return err
			}
		}
		return tx.Bucket(metaBucket).Delete(append([]byte("checkpoint/"), p.name...))
	})
}

// Prune deletes the entries written before a time and returns how many it deleted. It
// works through the partition a thousand entries per transaction, each checked inside
// the transaction that deletes it, so an entry rewritten meanwhile stays.
func (p *Partition) Prune(before time.Time) (int, error) {
	cut := uint64(before.UnixMilli())
	n := 0
	var from []byte
	for {
		done := true
		err := p.b.db.Update(func(tx *bolt.Tx) error {
			bk := tx.Bucket(p.name)
			if bk == nil {
				return nil
			}
			c := bk.Cursor()
			k, v := c.First()
			if from != nil {
				k, v = c.Seek(from)
			}
			for seen := 0; k != nil; seen++ {
				if seen == 1000 {
					from, done = append([]byte(nil), k...), false
					return nil
				}
				if len(v) < 8 || binary.BigEndian.Uint64(v) < cut {
					key := append([]byte(nil), k...)
					if err := c.Delete(); err != nil {
						return err
					}
					n++
					k, v = c.Seek(key) // the entry after the deleted one
					continue
				}
				k, v = c.Next()
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("state cache: pruning: %w", err)
		}
		if done {
			return n, nil
		}
	}
}

// Len is the number of documents cached for this partition.
func (p *Partition) Len() (int, error) {
	n := 0
	err := p.b.db.View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket(p.name); bk != nil {
			n = bk.Stats().KeyN
		}
		return nil
	})
	return n, err
}

var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

// Encode is the stored form of an entry, in the cache and on the changelog: JSON,
// zstd-compressed (the published resources it holds shrink about fivefold).
func Encode(e fhir.LedgerEntry) ([]byte, error) {
	j, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("state: encoding %s: %w", e.DocumentID, err)
	}
	return zenc.EncodeAll(j, make([]byte, 0, len(j)/4)), nil
}

// Decode reads an entry written by Encode.
func Decode(v []byte) (fhir.LedgerEntry, error) {
	var e fhir.LedgerEntry
	j, err := zdec.DecodeAll(v, nil)
	if err != nil {
		return e, fmt.Errorf("undecodable state entry: %w", err)
	}
	if err := json.Unmarshal(j, &e); err != nil {
		return e, fmt.Errorf("unreadable state entry: %w", err)
	}
	return e, nil
}
