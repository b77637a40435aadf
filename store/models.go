package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Model version statuses.
const (
	StatusCandidate = "candidate" // trained, not judged yet
	StatusPromoted  = "promoted"  // passed the gate (or promoted by hand); may serve
	StatusRejected  = "rejected"  // failed the gate; Reason says why
	// StatusRolledBack: it served and was rolled back; a later rollback skips it.
	StatusRolledBack = "rolled-back"
)

// ModelVersion is one trained model of a task, with how it was judged.
type ModelVersion struct {
	Version         string    `json:"version"`
	Task            string    `json:"task"`
	Created         time.Time `json:"created"`
	Status          string    `json:"status"`
	Reason          string    `json:"reason"`
	SHA256          string    `json:"sha256"` // of the artifact
	GoldMacroF1     float64   `json:"gold_macro_f1"`
	CorrectionsAcc  float64   `json:"held_out_corrections_accuracy"`
	CorrectionsUsed int       `json:"corrections_used"`
	Report          string    `json:"-"` // the run's JSON report
	Serving         bool      `json:"serving"`
}

// ErrNotFound is returned for a model version, artifact or promotion that does not exist.
var ErrNotFound = errors.New("not found")

// AddModel stores a model version and its artifact (a tar.gz of the model directory);
// SHA256 is computed here.
func (s *Store) AddModel(ctx context.Context, m ModelVersion, artifact []byte) (ModelVersion, error) {
	sum := sha256.Sum256(artifact)
	m.SHA256 = hex.EncodeToString(sum[:])
	if m.Created.IsZero() {
		m.Created = time.Now()
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO models (version, task, created_at, status, reason, sha256, artifact, report, gold_macro_f1, corrections_acc, corrections_used)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), m.Version, m.Task, ms(m.Created), m.Status, m.Reason, m.SHA256, artifact, m.Report,
		m.GoldMacroF1, m.CorrectionsAcc, m.CorrectionsUsed)
	if err != nil {
		return m, fmt.Errorf("store: adding model %s: %w", m.Version, err)
	}
	return m, nil
}

// SetModelStatus records a gate's decision on a version.
func (s *Store) SetModelStatus(ctx context.Context, version, status, reason string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE models SET status = ?, reason = ? WHERE version = ?`), status, reason, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("model version %s: %w", version, ErrNotFound)
	}
	return nil
}

// SetModelScores records a version's latest gate scores (the serving version is scored
// again on every run, against the held-out corrections of that run).
func (s *Store) SetModelScores(ctx context.Context, version string, goldMacroF1, correctionsAcc float64) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE models SET gold_macro_f1 = ?, corrections_acc = ? WHERE version = ?`), goldMacroF1, correctionsAcc, version)
	return err
}

// Models lists a task's versions, oldest first, marking the one serving.
func (s *Store) Models(ctx context.Context, task string) ([]ModelVersion, error) {
	cur, _, err := s.Serving(ctx, task)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT version, task, created_at, status, reason, sha256, report, gold_macro_f1, corrections_acc, corrections_used
		FROM models WHERE task = ? ORDER BY created_at, version`), task)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ModelVersion
	for rows.Next() {
		var m ModelVersion
		var at int64
		if err := rows.Scan(&m.Version, &m.Task, &at, &m.Status, &m.Reason, &m.SHA256, &m.Report, &m.GoldMacroF1, &m.CorrectionsAcc, &m.CorrectionsUsed); err != nil {
			return nil, err
		}
		m.Created = fromMS(at)
		m.Serving = m.Version == cur
		out = append(out, m)
	}
	return out, rows.Err()
}

// Model returns one version.
func (s *Store) Model(ctx context.Context, version string) (ModelVersion, error) {
	var m ModelVersion
	var at int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT version, task, created_at, status, reason, sha256, report, gold_macro_f1, corrections_acc, corrections_used
		FROM models WHERE version = ?`), version).Scan(&m.Version, &m.Task, &at, &m.Status, &m.Reason, &m.SHA256, &m.Report, &m.GoldMacroF1,
		&m.CorrectionsAcc, &m.CorrectionsUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("model version %s: %w", version, ErrNotFound)
	}
	m.Created = fromMS(at)
	return m, err
}

// Artifact returns a version's artifact, verified against its recorded sha256.
func (s *Store) Artifact(ctx context.Context, version string) ([]byte, string, error) {
	var b []byte
	var want string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT artifact, sha256 FROM models WHERE version = ?`), version).Scan(&b, &want)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("model version %s: %w", version, ErrNotFound)
	}
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != want {
		return nil, "", fmt.Errorf("model version %s: the stored artifact's sha256 is %s, not the recorded %s: the store is damaged; do not load it", version, got, want)
	}
	return b, want, nil
}

// Promotion is one entry of a task's promotion history.
type Promotion struct {
	Seq     int64     `json:"seq"`
	Task    string    `json:"task"`
	Version string    `json:"version"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Reason  string    `json:"reason"`
}

// Promote makes version the one that serves its task (a promoted or candidate version;
// a rejected one only when force is set, for an operator who knows better than the gate).
func (s *Store) Promote(ctx context.Context, version, by, reason string, force bool) (Promotion, error) {
	m, err := s.Model(ctx, version)
	if err != nil {
		return Promotion{}, err
	}
	if m.Status == StatusRejected && !force {
		return Promotion{}, fmt.Errorf("model version %s was rejected by the gate (%s): promote it anyway with --force", version, m.Reason)
	}
	p := Promotion{Task: m.Task, Version: version, At: time.Now().UTC(), By: by, Reason: reason}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE models SET status = ? WHERE version = ?`), StatusPromoted, version); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, s.q(`INSERT INTO promotions (task, version, at, by_whom, reason) VALUES (?, ?, ?, ?, ?) RETURNING seq`),
			p.Task, p.Version, ms(p.At), p.By, p.Reason).Scan(&p.Seq)
	})
	return p, err
}

// Promotions is a task's promotion history, oldest first.
func (s *Store) Promotions(ctx context.Context, task string) ([]Promotion, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT seq, task, version, at, by_whom, reason FROM promotions WHERE task = ? ORDER BY seq`), task)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Promotion
	for rows.Next() {
		var p Promotion
		var at int64
		if err := rows.Scan(&p.Seq, &p.Task, &p.Version, &at, &p.By, &p.Reason); err != nil {
			return nil, err
		}
		p.At = fromMS(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Serving is the version that serves task ("" and false when none was ever promoted:
// the model serve was started with).
func (s *Store) Serving(ctx context.Context, task string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT version FROM promotions WHERE task = ? ORDER BY seq DESC LIMIT 1`), task).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: reading the serving model: %w", err)
	}
	return v, true, nil
}

// Rollback makes the version that served before the current one serve again, and marks
// the current one rolled back (a second rollback goes further back, not forth).
func (s *Store) Rollback(ctx context.Context, task, by string) (Promotion, error) {
	ps, err := s.Promotions(ctx, task)
	if err != nil {
		return Promotion{}, err
	}
	if len(ps) == 0 {
		return Promotion{}, fmt.Errorf("no %s model was ever promoted: nothing to roll back", task)
	}
	cur := ps[len(ps)-1].Version
	for i := len(ps) - 2; i >= 0; i-- {
		v := ps[i].Version
		if v == cur {
			continue
		}
		m, err := s.Model(ctx, v)
		if err != nil {
			return Promotion{}, err
		}
		if m.Status == StatusRolledBack {
			continue
		}
		if err := s.SetModelStatus(ctx, cur, StatusRolledBack, "rolled back by "+by); err != nil {
			return Promotion{}, err
		}
		return s.Promote(ctx, v, by, "rollback from "+cur, true)
	}
	return Promotion{}, fmt.Errorf("no earlier %s model to roll back to from %s ('notecoder models list' shows the versions; 'models promote VERSION' picks one)", task, cur)
}
