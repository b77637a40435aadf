// Package corrections takes clinicians' corrections in: it reads each message (a FHIR
// Observation or Condition, or notecoder's JSON correction; fhir.ReadCorrection), ties it
// back to the finding it corrects through what the training store kept of every published
// finding, and stores it once. The Kafka consumer (consumers.Corrections) and the HTTP
// handler (Handler) are its two doors; it knows nothing of how they are reached.
package corrections

import (
	"context"
	"fmt"
	"strings"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/store"
)

// Sources of a correction.
const (
	SourceKafka = "kafka"
	SourceHTTP  = "http"
)

// Intake ties corrections back and stores them.
type Intake struct {
	Store *store.Store
}

// Take reads, ties back and stores one correction message. sender names who sent it
// when the message does not (a Kafka header, the HTTP caller). It returns the stored
// correction and whether it was new (false: the same correction was stored before).
// Its permanent errors are *fhir.InputError (dead-letter them); any other error is
// transient (the store is unreachable: retry).
func (in *Intake) Take(ctx context.Context, raw []byte, source, sender string) (store.Correction, bool, error) {
	c, err := fhir.ReadCorrection(raw)
	if err != nil {
		return store.Correction{}, false, err
	}
	sc, err := in.tie(ctx, c)
	if err != nil {
		return store.Correction{}, false, err
	}
	sc.Source, sc.Raw = source, append([]byte(nil), raw...)
	if sc.Sender = c.Sender; sc.Sender == "" {
		sc.Sender = sender
	}
	id, created, err := in.Store.AddCorrection(ctx, sc)
	if err != nil {
		return store.Correction{}, false, err
	}
	sc.ID = id
	return sc, created, nil
}

func unresolved(format string, args ...any) error {
	return &fhir.InputError{Reason: fhir.ReasonCorrectionUnresolved, Detail: fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) error {
	return &fhir.InputError{Reason: fhir.ReasonCorrectionInvalid, Detail: fmt.Sprintf(format, args...)}
}

// tie finds what c corrects: a finding notecoder published (by resource id), else, for a
// finding the model missed, a document notecoder read.
func (in *Intake) tie(ctx context.Context, c fhir.Correction) (store.Correction, error) {
	sc := store.Correction{Task: c.Task, Action: c.Action, Value: c.Value, Sentence: c.Sentence}
	if c.ResourceID != "" {
		f, ok, err := in.Store.FindingByID(ctx, c.ResourceID)
		if err != nil {
			return sc, err
		}
		if ok {
			if f.Task != c.Task {
				return sc, invalid("resource %s is a %s finding; the correction is about %s", c.ResourceID, f.Task, c.Task)
			}
			if c.Subject != "" && c.Subject != f.Subject {
				return sc, invalid("resource %s was published for another patient than the correction's subject", c.ResourceID)
			}
			if c.DocumentID != "" && c.DocumentID != f.DocumentID {
				return sc, invalid("resource %s rests on document %s, not %s", c.ResourceID, f.DocumentID, c.DocumentID)
			}
			sc.ResourceID, sc.DocumentID, sc.DocumentVersion, sc.Subject, sc.Model = f.ResourceID, f.DocumentID, f.DocumentVersion, f.Subject, f.Model
			sc.Previous, sc.Start, sc.End = f.Value, f.Start, f.End
			if sc.Sentence == "" {
				sc.Sentence = f.Sentence
			}
			switch {
			case sc.Action == findings.ActionAdd:
				return sc, invalid("resource %s was published: correct it with set, confirm, refute or entered-in-error, not add", c.ResourceID)
			case sc.Action == findings.ActionSet && sc.Value == f.Value:
				sc.Action = findings.ActionConfirm
			case sc.Action == findings.ActionConfirm && sc.Value == "":
				sc.Value = f.Value
			case sc.Action == findings.ActionRefute || sc.Action == findings.ActionEnteredInError:
				sc.Value = ""
			}
			return sc, nil
		}
	}
	// Not a published finding: a missed one, if it cites a document notecoder read.
	switch c.Action {
	case findings.ActionSet, findings.ActionAdd:
	default:
		return sc, unresolved("resource %s was not published by notecoder (or is past the training store's retention): there is nothing to %s", c.ResourceID, c.Action)
	}
	if c.DocumentID == "" {
		if c.ResourceID != "" {
			return sc, unresolved("resource %s was not published by notecoder, and the correction cites no DocumentReference (derivedFrom, evidence.detail or the derivation-reference extension) to learn a missed finding from", c.ResourceID)
		}
		return sc, unresolved("the correction cites no DocumentReference")
	}
	d, ok, err := in.Store.DocumentByID(ctx, c.DocumentID)
	if err != nil {
		return sc, err
	}
	if !ok {
		return sc, unresolved("document %s was not read by notecoder (or is past the training store's retention)", c.DocumentID)
	}
	if c.Subject != "" && d.Subject != "" && c.Subject != d.Subject {
		return sc, invalid("document %s belongs to another patient than the correction's subject", c.DocumentID)
	}
	sc.Action, sc.ResourceID = findings.ActionAdd, c.ResourceID
	sc.DocumentID, sc.DocumentVersion, sc.Subject, sc.Model = d.DocumentID, c.DocumentVersion, d.Subject, d.Model
	if sc.DocumentVersion == "" {
		sc.DocumentVersion = d.DocumentVersion
	}
	if c.Span != nil {
		sc.Start, sc.End = c.Span.Start, c.Span.End
	}
	if sc.Sentence == "" && c.Task == findings.TaskSmoking {
		// The tobacco sentence the status rests on: the one the evidence falls in, or the
		// only one the note has. Otherwise the correction is stored without words to learn
		// from (retraining counts it as untrainable).
		for _, s := range d.Sentences {
			if c.Span != nil && s.End > c.Span.Start && s.Start < c.Span.End || c.Span == nil && len(d.Sentences) == 1 {
				sc.Sentence, sc.Start, sc.End = s.Text, s.Start, s.End
				break
			}
		}
	}
	sc.Sentence = strings.TrimSpace(sc.Sentence)
	return sc, nil
}
