// Package pipeline is notecoder's core step, free of any transport: one inbound event
// (DocumentReference or Bundle bytes) in, the FHIR resources to publish out. Kafka
// consumers, the classify command and tests all drive this same step. It owns the order
// of work (parse, ledger, text, NLP, build, reconcile), not the clinical logic.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
)

// GCPercent is the Go collector's target (GOGC) serve runs with unless GOGC is set.
// Reading a note allocates a lot of short-lived memory (sentences, features, FHIR JSON)
// over a small live heap, so at Go's default of 100 the collector ran every few notes:
// 15-20 % of the CPU with the entity tagger. 400 gave 23-50 % more documents per second
// in BenchmarkProcessWithModels, for a heap peak of about 5 times the live heap (tens of
// MB here).
const GCPercent = 400

// Config holds the settings of the FHIR step.
type Config struct {
	Text  fhir.TextOptions
	Build fhir.BuildOptions
}

// Processor runs the core step. It is safe for concurrent use if its Extractor and
// Ledger are.
type Processor struct {
	ex     nlp.Extractor
	ledger fhir.Ledger
	cfg    Config
}

// New returns a Processor.
func New(ex nlp.Extractor, ledger fhir.Ledger, cfg Config) (*Processor, error) {
	if err := cfg.Build.Validate(); err != nil {
		return nil, err
	}
	return &Processor{ex: ex, ledger: ledger, cfg: cfg}, nil
}

// DocResult is the outcome for one document of an event.
type DocResult struct {
	DocumentID string
	VersionID  string
	Subject    string          // patient reference: the key of every output record
	Resources  []fhir.Resource // what to publish, in order
	Choice     string          // which attachment was read
	Withdrawn  bool            // the document was entered-in-error
	Stale      bool            // an older version than the one already published: nothing to do
	Err        error           // a permanent problem with this document; the others stand

	entry *fhir.LedgerEntry // to record once Resources are published
}

// Result is the outcome for one event.
type Result struct {
	Docs []DocResult
}

// Failed returns the documents that could not be processed.
func (r Result) Failed() []DocResult {
	var out []DocResult
	for _, d := range r.Docs {
		if d.Err != nil {
			out = append(out, d)
		}
	}
	return out
}

// Process turns one event into resources to publish. The returned error is for the whole
// event: permanent (an *fhir.InputError: the event cannot be read) or transient (retry).
// Per-document permanent problems are in DocResult.Err. Nothing is recorded: call Record
// once the resources are durably published.
func (p *Processor) Process(ctx context.Context, raw []byte) (Result, error) {
	_, endParse := stage(ctx, "parse event", "parse")
	docs, err := fhir.ParseEvent(raw)
	endParse(err)
	if err != nil {
		return Result{}, err
	}
	res := Result{Docs: make([]DocResult, len(docs))}
	type pending struct {
		i    int
		doc  fhir.Document
		text fhir.NoteText
		prev *fhir.LedgerEntry
	}
	var todo []pending
	for i, d := range docs {
		r := &res.Docs[i]
		r.DocumentID, r.VersionID = d.ID, d.VersionID
		prev, ok, err := p.ledger.Get(ctx, d.ID)
		if err != nil {
			return Result{}, fmt.Errorf("reading the ledger for %s: %w", d.ID, err)
		}
		var prevp *fhir.LedgerEntry
		if ok {
			prevp = &prev
			if fhir.Stale(prev, d) {
				r.Stale = true
				continue
			}
		}
		if d.EnteredInError() {
			out, next, err := fhir.Withdraw(prevp, d)
			if err != nil {
				r.Err = err
				continue
			}
			r.Resources, r.Withdrawn, r.entry = out, true, &next
			r.Subject = next.Subject
			if r.Subject == "" && d.Ref.Subject != nil && d.Ref.Subject.Reference != nil {
				r.Subject = *d.Ref.Subject.Reference
			}
			continue
		}
		tctx, endText := stage(ctx, "extract text", "extract_text", attribute.String("fhir.document.id", d.ID))
		txt, err := fhir.ExtractText(tctx, d, p.cfg.Text)
		endText(err)
		if err != nil {
			if fhir.ReasonOf(err) == "" {
				return Result{}, err // transient (e.g. a url fetch that timed out)
			}
			r.Err = err
			continue
		}
		r.Choice = txt.Choice
		todo = append(todo, pending{i, d, txt, prevp})
	}
	if len(todo) == 0 {
		return res, nil
	}
	inputs := make([]nlp.Input, len(todo))
	for k, t := range todo {
		inputs[k] = nlp.Input{Text: t.text.Plain, Date: nlp.ParseDate(fhir.DocumentDate(t.doc))}
	}
	model := p.ex.Model()
	mattrs := []attribute.KeyValue{attribute.String("model.name", model.Name), attribute.String("model.version", model.Version)}
	nctx, span := tracer().Start(ctx, "nlp "+model.Name)
	span.SetAttributes(append(mattrs, attribute.Int("model.batch_size", len(inputs)))...)
	start := time.Now()
	found, err := p.ex.Extract(nctx, inputs)
	meters().inference.Record(nctx, time.Since(start).Seconds(), metric.WithAttributes(mattrs...))
	meters().batch.Record(nctx, int64(len(inputs)), metric.WithAttributes(mattrs...))
	span.End()
	if err != nil {
		return Result{}, fmt.Errorf("extracting findings: %w", err)
	}
	for k, t := range todo {
		r := &res.Docs[t.i]
		_, endBuild := stage(ctx, "build fhir", "build_fhir", attribute.String("fhir.document.id", t.doc.ID))
		rs, err := fhir.Build(t.doc, t.text, found[k], model, p.cfg.Build)
		endBuild(err)
		if err != nil {
			var ie *fhir.InputError
			if errors.As(err, &ie) {
				r.Err = err
				continue
			}
			return Result{}, fmt.Errorf("building results for %s: %w", t.doc.ID, err)
		}
		_, endRec := stage(ctx, "reconcile", "reconcile", attribute.String("fhir.document.id", t.doc.ID))
		out, next, err := fhir.Reconcile(t.prev, t.doc, rs, model)
		endRec(err)
		if err != nil {
			return Result{}, fmt.Errorf("reconciling %s with its earlier results: %w", t.doc.ID, err)
		}
		r.Subject, r.Resources, r.entry = rs.Subject, out, &next
	}
	return res, nil
}

// Record stores what was published for each document, after publishing succeeded.
func (p *Processor) Record(ctx context.Context, r Result) error {
	for _, d := range r.Docs {
		if d.entry == nil {
			continue
		}
		if err := p.ledger.Put(ctx, *d.entry); err != nil {
			return fmt.Errorf("recording results of %s: %w", d.DocumentID, err)
		}
	}
	return nil
}
