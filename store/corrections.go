package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Finding is one published resource, as a correction needs to find it again.
type Finding struct {
	ResourceID      string
	DocumentID      string
	DocumentVersion string
	Subject         string // the patient reference
	Task            string
	Value           string  // smoking status label, condition code, LVEF
	Model           string  // name and version of the model that made it
	Start, End      int     // the evidence span, in characters of the note text
	Sentence        string  // the sentence around the evidence
	Score           float64 // the model's confidence, 0..1
	Published       time.Time
}

// Sentence is a sentence of a note that can matter to a task (a tobacco sentence).
type Sentence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Document is what a read document leaves behind for corrections of findings the model
// missed: its sentences that can matter.
type Document struct {
	DocumentID      string
	DocumentVersion string
	Subject         string
	Model           string
	Sentences       []Sentence
	Text            string // the whole note (kept only for the review page; PHI)
	Read            time.Time
}

// RecordPublished stores (or replaces) the findings and documents serve just published,
// in one transaction.
func (s *Store) RecordPublished(ctx context.Context, fs []Finding, docs []Document) error {
	if len(fs) == 0 && len(docs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		fstmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO findings (resource_id, document_id, document_version, subject, task, value, model, span_start, span_end, sentence, published_at, score)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (resource_id) DO UPDATE SET document_id = excluded.document_id, document_version = excluded.document_version,
			subject = excluded.subject, task = excluded.task, value = excluded.value, model = excluded.model, span_start = excluded.span_start,
			span_end = excluded.span_end, sentence = excluded.sentence, published_at = excluded.published_at, score = excluded.score`))
		if err != nil {
			return err
		}
		defer fstmt.Close()
		for _, f := range fs {
			if _, err := fstmt.ExecContext(ctx, f.ResourceID, f.DocumentID, f.DocumentVersion, f.Subject, f.Task, f.Value, f.Model,
				f.Start, f.End, f.Sentence, ms(f.Published), f.Score); err != nil {
				return fmt.Errorf("store: recording finding %s: %w", f.ResourceID, err)
			}
		}
		dstmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO documents (document_id, document_version, subject, model, sentences, read_at, note_text)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (document_id) DO UPDATE SET document_version = excluded.document_version, subject = excluded.subject,
			model = excluded.model, sentences = excluded.sentences, read_at = excluded.read_at, note_text = excluded.note_text`))
		if err != nil {
			return err
		}
		defer dstmt.Close()
		for _, d := range docs {
			js, _ := json.Marshal(d.Sentences)
			if _, err := dstmt.ExecContext(ctx, d.DocumentID, d.DocumentVersion, d.Subject, d.Model, string(js), ms(d.Read), d.Text); err != nil {
				return fmt.Errorf("store: recording document %s: %w", d.DocumentID, err)
			}
		}
		return nil
	})
}

// FindingByID returns the published finding with that resource id.
func (s *Store) FindingByID(ctx context.Context, resourceID string) (Finding, bool, error) {
	var f Finding
	var at int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT resource_id, document_id, document_version, subject, task, value, model, span_start, span_end, sentence, published_at, score
		FROM findings WHERE resource_id = ?`), resourceID).Scan(&f.ResourceID, &f.DocumentID, &f.DocumentVersion, &f.Subject, &f.Task, &f.Value, &f.Model,
		&f.Start, &f.End, &f.Sentence, &at, &f.Score)
	if errors.Is(err, sql.ErrNoRows) {
		return Finding{}, false, nil
	}
	if err != nil {
		return Finding{}, false, fmt.Errorf("store: reading finding %s: %w", resourceID, err)
	}
	f.Published = fromMS(at)
	return f, true, nil
}

// DocumentFindings returns the published findings of a document.
func (s *Store) DocumentFindings(ctx context.Context, documentID string) ([]Finding, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT resource_id, document_id, document_version, subject, task, value, model, span_start, span_end, sentence, published_at, score
		FROM findings WHERE document_id = ? ORDER BY span_start, resource_id`), documentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		var at int64
		if err := rows.Scan(&f.ResourceID, &f.DocumentID, &f.DocumentVersion, &f.Subject, &f.Task, &f.Value, &f.Model, &f.Start, &f.End, &f.Sentence, &at, &f.Score); err != nil {
			return nil, err
		}
		f.Published = fromMS(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// DocumentByID returns what was kept of a read document.
func (s *Store) DocumentByID(ctx context.Context, documentID string) (Document, bool, error) {
	var d Document
	var js string
	var at int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT document_id, document_version, subject, model, sentences, read_at, note_text FROM documents WHERE document_id = ?`),
		documentID).Scan(&d.DocumentID, &d.DocumentVersion, &d.Subject, &d.Model, &js, &at, &d.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, false, nil
	}
	if err != nil {
		return Document{}, false, fmt.Errorf("store: reading document %s: %w", documentID, err)
	}
	if err := json.Unmarshal([]byte(js), &d.Sentences); err != nil {
		return Document{}, false, fmt.Errorf("store: document %s: %w", documentID, err)
	}
	d.Read = fromMS(at)
	return d, true, nil
}

// Correction is one clinician's correction of one finding, tied back to it.
type Correction struct {
	ID              string // set by AddCorrection: a hash of what the correction says
	Received        time.Time
	Source          string // kafka-fhir, kafka-json, http
	Sender          string // who sent it (a Practitioner reference, a user, a token's name)
	Task            string
	Action          string
	ResourceID      string // the corrected resource ("" for findings.ActionAdd)
	DocumentID      string
	DocumentVersion string
	Subject         string
	Model           string // the model that made the finding ("" for findings.ActionAdd)
	Previous        string // the finding's value before
	Value           string // the right value (findings.ActionSet, findings.ActionAdd, findings.ActionConfirm)
	Start, End      int    // the evidence span in the note
	Sentence        string // the sentence(s) the model should learn from
	Raw             []byte // the message as received
}

// Key is what makes two corrections the same: the same finding (or document, for a
// missed one), action, value and evidence, whoever sent it and however often.
func (c Correction) Key() string {
	h := sha256.New()
	for _, f := range []string{c.Task, c.Action, c.ResourceID, c.DocumentID, c.DocumentVersion, c.Value, fmt.Sprint(c.Start, ":", c.End), c.Sentence} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return "cor-" + hex.EncodeToString(h.Sum(nil))[:32]
}

// HeldOut says whether the correction is kept out of training to judge candidates by:
// one in four, decided by its id so that every run and instance agrees.
func (c Correction) HeldOut() bool {
	id := c.ID
	if id == "" {
		id = c.Key()
	}
	b, err := hex.DecodeString(strings.TrimPrefix(id, "cor-")[:2])
	return err == nil && b[0]%4 == 0
}

// AddCorrection stores c once: it returns its id and whether it was new (false when the
// same correction was stored before).
func (s *Store) AddCorrection(ctx context.Context, c Correction) (string, bool, error) {
	c.ID = c.Key()
	if c.Received.IsZero() {
		c.Received = time.Now()
	}
	if c.Raw == nil {
		c.Raw = []byte{}
	}
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO corrections (id, received_at, source, sender, task, action, resource_id, document_id, document_version,
		subject, model, previous, value, span_start, span_end, sentence, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`), c.ID, ms(c.Received), c.Source, c.Sender, c.Task, c.Action, c.ResourceID, c.DocumentID, c.DocumentVersion,
		c.Subject, c.Model, c.Previous, c.Value, c.Start, c.End, c.Sentence, c.Raw)
	if err != nil {
		return "", false, fmt.Errorf("store: storing a correction: %w", err)
	}
	n, err := res.RowsAffected()
	return c.ID, n == 1, err
}

// CorrectionFilter selects corrections (zero fields: any).
type CorrectionFilter struct {
	Task  string
	Since time.Time // received at or after
}

// Corrections returns the stored corrections in the order they were received.
func (s *Store) Corrections(ctx context.Context, f CorrectionFilter) ([]Correction, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, received_at, source, sender, task, action, resource_id, document_id, document_version,
		subject, model, previous, value, span_start, span_end, sentence, raw FROM corrections
		WHERE (? = '' OR task = ?) AND received_at >= ? ORDER BY received_at, id`), f.Task, f.Task, ms(f.Since))
	if err != nil {
		return nil, fmt.Errorf("store: reading corrections: %w", err)
	}
	defer rows.Close()
	var out []Correction
	for rows.Next() {
		var c Correction
		var at int64
		if err := rows.Scan(&c.ID, &at, &c.Source, &c.Sender, &c.Task, &c.Action, &c.ResourceID, &c.DocumentID, &c.DocumentVersion,
			&c.Subject, &c.Model, &c.Previous, &c.Value, &c.Start, &c.End, &c.Sentence, &c.Raw); err != nil {
			return nil, err
		}
		c.Received = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountCorrections counts the corrections of a task received at or after since.
func (s *Store) CountCorrections(ctx context.Context, task string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM corrections WHERE (? = '' OR task = ?) AND received_at >= ?`),
		task, task, ms(since)).Scan(&n)
	return n, err
}

// Purged counts what a purge deleted.
type Purged struct{ Findings, Documents, Corrections int64 }

// PurgeSubject deletes everything the store holds about one patient (their findings,
// documents and corrections), e.g. on a request to erase.
func (s *Store) PurgeSubject(ctx context.Context, subject string) (Purged, error) {
	var p Purged
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range []struct {
			table string
			n     *int64
		}{{"findings", &p.Findings}, {"documents", &p.Documents}, {"corrections", &p.Corrections}} {
			res, err := tx.ExecContext(ctx, s.q(`DELETE FROM `+t.table+` WHERE subject = ?`), subject)
			if err != nil {
				return err
			}
			*t.n, _ = res.RowsAffected()
		}
		return nil
	})
	return p, err
}

// Prune deletes findings and documents published before cut, and corrections received
// before correctionsCut (zero: keep every correction): the store's retention.
func (s *Store) Prune(ctx context.Context, cut, correctionsCut time.Time) (Purged, error) {
	var p Purged
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM findings WHERE published_at < ?`), ms(cut))
		if err != nil {
			return err
		}
		p.Findings, _ = res.RowsAffected()
		if res, err = tx.ExecContext(ctx, s.q(`DELETE FROM documents WHERE read_at < ?`), ms(cut)); err != nil {
			return err
		}
		p.Documents, _ = res.RowsAffected()
		if !correctionsCut.IsZero() {
			if res, err = tx.ExecContext(ctx, s.q(`DELETE FROM corrections WHERE received_at < ?`), ms(correctionsCut)); err != nil {
				return err
			}
			p.Corrections, _ = res.RowsAffected()
		}
		return nil
	})
	return p, err
}
