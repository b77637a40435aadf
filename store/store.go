// Package store is notecoder's training store: what serve published (so that a
// correction can be tied back to its document, evidence and model), clinicians'
// corrections, model versions with their artifacts and promotions, and the lease that
// lets one instance retrain at a time. Embedded SQLite (pure Go) by default, PostgreSQL
// for several instances; the schema is migrated with goose on opening. It holds PHI
// (note sentences, patient references): it knows nothing of Kafka, FHIR or the models.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Store is an open training store. It is safe for concurrent use.
type Store struct {
	dsn      string
	db       *sql.DB
	postgres bool
	where    string // for messages: the file or the server, without credentials
}

// DefaultPath is the SQLite file under serve's data directory unless --store says otherwise.
const DefaultPath = "training-store.db"

// Open opens (creating and migrating it if needed) the store named by dsn: a
// postgres:// or postgresql:// URL for PostgreSQL, else a SQLite file path (optionally
// prefixed "sqlite:").
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		return nil, errors.New("store: no location given (a SQLite file path or a postgres:// URL)")
	}
	s := &Store{dsn: dsn}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.postgres = true
		s.where = redact(dsn)
		s.db, err = sql.Open("pgx", dsn)
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("store: creating %s: %w", dir, err)
			}
		}
		s.where = path
		// WAL lets readers (models list, the review page) run beside serve's writes;
		// busy_timeout makes a second process wait for the write lock instead of failing.
		s.db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)")
		if err == nil {
			s.db.SetMaxOpenConns(1) // SQLite has one writer; one connection serialises them here
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.where, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// redact drops the password from a URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	u.RawQuery = ""
	return u.String()
}

func (s *Store) migrate(ctx context.Context) error {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	if s.postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	// Several instances may open a new store at once: migrations run one at a time
	// (PostgreSQL: an advisory lock; SQLite: an exclusive lock on a file beside it).
	var opts []goose.ProviderOption
	if s.postgres {
		l, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(l))
	} else {
		f, err := os.OpenFile(s.where+".migrate-lock", os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			return fmt.Errorf("store %s: %w", s.where, err)
		}
		defer f.Close()
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			return fmt.Errorf("store %s: locking for the migration: %w", s.where, err)
		}
		defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	}
	p, err := goose.NewProvider(dialect, s.db, sub, opts...)
	if err != nil {
		return fmt.Errorf("store %s: %w", s.where, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store %s: migrating the schema: %w (is the database reachable and writable?)", s.where, err)
	}
	return nil
}

// SchemaVersion is the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`)).Scan(&v)
	return v, err
}

// Where names the store for messages (no credentials).
func (s *Store) Where() string { return s.where }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// q rewrites ? placeholders as $1, $2, ... for PostgreSQL.
func (s *Store) q(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// tx runs fn in a transaction.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		t.Rollback()
		return err
	}
	return t.Commit()
}

// AcquireLease takes (or renews) the named lease for holder until now+ttl; it reports
// false when another holder's lease has not expired.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := time.Now()
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.expires_at < ? OR leases.holder = excluded.holder`), name, holder, ms(now.Add(ttl)), ms(now))
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease gives the lease up if holder has it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM leases WHERE name = ? AND holder = ?`), name, holder)
	return err
}
