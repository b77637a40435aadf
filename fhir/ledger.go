package fhir

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/notecoder/notecoder/nlp/findings"
)

// LedgerEntry records what was published for one document, so that a new version can
// withdraw findings that disappeared and an entered-in-error document can withdraw all.
type LedgerEntry struct {
	DocumentID string             `json:"document_id"`
	VersionID  string             `json:"version_id"`
	Subject    string             `json:"subject"`
	Withdrawn  bool               `json:"withdrawn"` // the document itself is entered-in-error
	Findings   []PublishedFinding `json:"findings"`
	Model      findings.Model     `json:"model"`
}

// PublishedFinding is one Observation or Condition as last published.
type PublishedFinding struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	Finding string          `json:"finding"`
	JSON    json.RawMessage `json:"json"`
	// Withdrawn: published as entered-in-error, by the processing of document version
	// WithdrawnIn.
	Withdrawn   bool   `json:"withdrawn,omitempty"`
	WithdrawnIn string `json:"withdrawn_in,omitempty"`
}

// Ledger stores one LedgerEntry per document id. Implementations must be safe for
// concurrent use; Put must be durable when it returns.
type Ledger interface {
	Get(ctx context.Context, documentID string) (LedgerEntry, bool, error)
	Put(ctx context.Context, e LedgerEntry) error
}

// Stale reports whether doc is an older version than the one already published
// (both version ids numeric and doc's lower), so its results must not replace newer ones.
func Stale(prev LedgerEntry, doc Document) bool {
	a, errA := strconv.ParseInt(doc.VersionID, 10, 64)
	b, errB := strconv.ParseInt(prev.VersionID, 10, 64)
	return errA == nil && errB == nil && a < b
}

// Reconcile combines a new result set with what was published before for the same
// document. It returns what to publish and the ledger entry to store once published:
//   - findings still present keep their ids (ResourceID is derived from the finding);
//   - findings that disappeared are re-published with status entered-in-error;
//   - reprocessing the same version gives the same output, withdrawals included.
//
// prev is nil for a document seen for the first time.
func Reconcile(prev *LedgerEntry, doc Document, rs ResultSet, model findings.Model) ([]Resource, LedgerEntry, error) {
	next := LedgerEntry{DocumentID: doc.ID, VersionID: doc.VersionID, Subject: rs.Subject, Model: model}
	current := map[string]bool{}
	var out []Resource
	for _, r := range rs.Resources {
		if r.Finding != "" {
			current[r.ID] = true
			next.Findings = append(next.Findings, PublishedFinding{Type: string(r.Type), ID: r.ID, Finding: r.Finding, JSON: r.JSON})
		}
	}
	var withdrawn []Resource
	if prev != nil {
		for _, p := range prev.Findings {
			if current[p.ID] {
				continue
			}
			if p.Withdrawn && (p.WithdrawnIn != doc.VersionID || prev.Withdrawn) {
				continue // withdrawn by an earlier version: already published
			}
			r, err := withdraw(p)
			if err != nil {
				return nil, LedgerEntry{}, err
			}
			withdrawn = append(withdrawn, r)
			next.Findings = append(next.Findings, PublishedFinding{Type: p.Type, ID: p.ID, Finding: p.Finding, JSON: r.JSON, Withdrawn: true, WithdrawnIn: doc.VersionID})
		}
	}
	results := rs.Resources
	if rs.NothingFound && len(withdrawn) > 0 {
		// The version withdraws what earlier ones found: the withdrawals and their
		// NULLIFY Provenance are its trace, not the READ one.
		results = nil
	}
	hasProv := false
	for _, r := range results {
		hasProv = hasProv || r.Type == KindProvenance
	}
	if len(withdrawn) > 0 && !hasProv {
		// Nothing found in this version: its Provenance accounts for the withdrawals only.
		prov, err := nullifyProvenance(doc, model, withdrawn)
		if err != nil {
			return nil, LedgerEntry{}, err
		}
		out = append(out, prov)
	}
	for _, r := range results {
		if r.Type == KindProvenance && len(withdrawn) > 0 {
			// The Provenance of this version also accounts for what it withdrew.
			var err error
			r, err = addTargets(r, withdrawn)
			if err != nil {
				return nil, LedgerEntry{}, err
			}
		}
		out = append(out, r)
	}
	out = append(withdrawn, out...)
	return out, next, nil
}

// Withdraw handles an entered-in-error document: every finding published for it is
// re-published with status entered-in-error, with a Provenance (activity NULLIFY).
// With nothing to withdraw (a document never seen), the trace is model's Device and a
// Provenance saying the document was read (activity READ).
func Withdraw(prev *LedgerEntry, doc Document, model findings.Model) ([]Resource, LedgerEntry, error) {
	if prev == nil {
		out, err := readTrace(doc, model)
		return out, LedgerEntry{DocumentID: doc.ID, VersionID: doc.VersionID, Withdrawn: true}, err
	}
	next := LedgerEntry{DocumentID: doc.ID, VersionID: doc.VersionID, Subject: prev.Subject, Withdrawn: true, Model: prev.Model}
	var out []Resource
	for _, p := range prev.Findings {
		r, err := withdraw(p)
		if err != nil {
			return nil, LedgerEntry{}, &InputError{Reason: ReasonEnteredInError, Detail: err.Error()}
		}
		out = append(out, r)
		next.Findings = append(next.Findings, PublishedFinding{Type: p.Type, ID: p.ID, Finding: p.Finding, JSON: r.JSON, Withdrawn: true, WithdrawnIn: doc.VersionID})
	}
	if len(out) == 0 {
		trace, err := readTrace(doc, model)
		return trace, next, err
	}
	prov, err := nullifyProvenance(doc, prev.Model, out)
	if err != nil {
		return nil, LedgerEntry{}, err
	}
	return append(out, prov), next, nil
}

// readTrace is what a document read with nothing to publish leaves downstream: the
// model's Device and a Provenance (activity READ) whose target is the document version.
func readTrace(doc Document, model findings.Model) ([]Resource, error) {
	b := traceBuilder(doc, model)
	dev, err := b.device()
	if err != nil {
		return nil, err
	}
	prov, err := b.readProvenance()
	if err != nil {
		return nil, err
	}
	return []Resource{dev, prov}, nil
}

// nullifyProvenance records that the document's version withdrew targets.
func nullifyProvenance(doc Document, model findings.Model, targets []Resource) (Resource, error) {
	return traceBuilder(doc, model).provenance(targets, "NULLIFY")
}

// traceBuilder builds the Provenance and Device of a document version that has no
// results of its own to build (a withdrawal, or nothing to publish): unlike newBuilder it
// needs no text, subject or usable date.
func traceBuilder(doc Document, model findings.Model) *builder {
	return &builder{doc: doc, model: model, effective: DocumentDate(doc), docRef: fhir.Reference{Reference: ptr(doc.Reference())}}
}

// withdraw returns a published finding with its status set to entered-in-error.
func withdraw(p PublishedFinding) (Resource, error) {
	switch Kind(p.Type) {
	case KindObservation:
		var o fhir.Observation
		if err := json.Unmarshal(p.JSON, &o); err != nil {
			return Resource{}, fmt.Errorf("ledger holds an unreadable Observation %s: %w", p.ID, err)
		}
		o.Status = fhir.ObservationStatusEnteredInError
		return marshalResource(KindObservation, p.ID, p.Finding, o)
	case KindCondition:
		var c fhir.Condition
		if err := json.Unmarshal(p.JSON, &c); err != nil {
			return Resource{}, fmt.Errorf("ledger holds an unreadable Condition %s: %w", p.ID, err)
		}
		c.ClinicalStatus = nil // FHIR con-5: no clinicalStatus when entered-in-error
		vs := concept(SystemCondVerify, "entered-in-error", "Entered in Error", "")
		c.VerificationStatus = &vs
		return marshalResource(KindCondition, p.ID, p.Finding, c)
	}
	return Resource{}, fmt.Errorf("ledger holds a %s %s: only Observations and Conditions can be withdrawn", p.Type, p.ID)
}

func addTargets(prov Resource, extra []Resource) (Resource, error) {
	var p fhir.Provenance
	if err := json.Unmarshal(prov.JSON, &p); err != nil {
		return Resource{}, err
	}
	refs := map[string]bool{}
	for _, t := range p.Target {
		if t.Reference != nil {
			refs[*t.Reference] = true
		}
	}
	for _, r := range extra {
		if !refs[r.Reference()] {
			p.Target = append(p.Target, fhir.Reference{Reference: ptr(r.Reference())})
		}
	}
	return marshalResource(prov.Type, prov.ID, prov.Finding, p)
}

// MemoryLedger keeps entries in memory: for classify and tests.
type MemoryLedger struct {
	mu sync.Mutex
	m  map[string]LedgerEntry
}

// NewMemoryLedger returns an empty in-memory ledger.
func NewMemoryLedger() *MemoryLedger { return &MemoryLedger{m: map[string]LedgerEntry{}} }

func (l *MemoryLedger) Get(_ context.Context, id string) (LedgerEntry, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[id]
	return e, ok, nil
}

func (l *MemoryLedger) Put(_ context.Context, e LedgerEntry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[e.DocumentID] = e
	return nil
}
