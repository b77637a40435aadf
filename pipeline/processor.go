// Package pipeline is notecoder's core step, free of any transport: one inbound event
// (DocumentReference or Bundle bytes) in, the FHIR resources to publish out. Kafka
// consumers, the classify command and tests all drive this same step. It owns the order
// of work (parse, ledger, text, NLP, build, reconcile), not the clinical logic.
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	fhirmodels "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
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
	// ProcessSuperseded reads DocumentReferences whose status is superseded (a newer
	// document replaces them); by default they are skipped.
	ProcessSuperseded bool
	// KeepEvidence fills DocResult.Evidence and Sentences, which the training store keeps
	// so that a correction can be tied back to the text it corrects.
	KeepEvidence bool
	// KeepText fills DocResult.Text with the note text (the review page shows it).
	KeepText bool
}

// Why a document is skipped (DocResult.Skipped).
const (
	// SkippedSuperseded: status superseded, another document replaces it (a Synthea
	// export lists every earlier note so), unless Config.ProcessSuperseded.
	SkippedSuperseded = "superseded"
	// SkippedPreliminary: docStatus preliminary, a draft. US Core's smoking-status
	// Observation allows only final (and entered-in-error), so nothing is published until
	// the final version arrives.
	SkippedPreliminary = "preliminary"
)

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
	Skipped    string          // not read, and why: SkippedSuperseded or SkippedPreliminary
	// NothingFound: read, nothing to publish or withdraw; Resources are the trace that
	// says so (the Device and a Provenance, activity READ, targeting the document).
	NothingFound bool
	Err          error // a permanent problem with this document; the others stand
	// With Config.KeepEvidence, for a document read: what each published finding rests
	// on, and the sentences of the note that can matter to a finding the model missed.
	Evidence  []Evidence
	Sentences []Sentence
	Model     findings.Model // the model that read the document
	Text      string         // with Config.KeepText, the note text the spans point into

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

// Process turns one event into resources to publish, reconciled with the Processor's
// ledger: Prepare then Settle. The returned error is for the whole event: permanent (an
// *fhir.InputError: the event cannot be read) or transient (retry). Per-document
// permanent problems are in DocResult.Err. Nothing is recorded: call Record once the
// resources are durably published.
func (p *Processor) Process(ctx context.Context, raw []byte) (Result, error) {
	prep, err := p.Prepare(ctx, raw)
	if err != nil {
		return Result{}, err
	}
	var all Result
	for {
		res, err := p.Settle(ctx, prep, p.ledger)
		if err != nil {
			return Result{}, err
		}
		all.Docs = append(all.Docs, res.Docs...)
		if !prep.More() {
			return all, nil
		}
		// Later documents of the event see the earlier ones' results, as serve's do.
		if err := p.Record(ctx, res); err != nil {
			return Result{}, err
		}
		if prep, err = p.Next(ctx, prep); err != nil {
			return Result{}, err
		}
	}
}

// ChunkDocs bounds the documents of one event prepared and settled at a time: a Bundle of
// tens of thousands of documents goes through chunk by chunk (Next), so its notes,
// findings and resources never all live at once.
const ChunkDocs = 256

// Prepared is an event read and its findings built, not yet reconciled with what was
// published before. Preparing needs no state, so many events can be prepared at once
// (their notes then share model batches); settling must follow the input's order.
type Prepared struct {
	docs []prepared
	noop string      // NoOp's document id
	ev   *fhir.Event // the event, for Next
	next int         // the event's first document not yet prepared
}

// More says whether the event has documents left for Next.
func (p *Prepared) More() bool { return p != nil && p.ev != nil && p.next < p.ev.Len() }

// Next prepares the event's next chunk of documents, once the previous one is settled
// (and its results published).
func (p *Processor) Next(ctx context.Context, prev *Prepared) (*Prepared, error) {
	if !prev.More() {
		return nil, errors.New("pipeline: Next after the last chunk")
	}
	return p.prepareChunk(ctx, prev.ev, prev.next)
}

// prepareChunk decodes, reads and builds the ChunkDocs documents of ev from the from'th.
func (p *Processor) prepareChunk(ctx context.Context, ev *fhir.Event, from int) (*Prepared, error) {
	to := min(ev.Len(), from+ChunkDocs)
	docs, err := ev.Documents(from, to)
	if err != nil {
		return nil, err
	}
	prep, err := p.prepareDocs(ctx, docs)
	if err != nil {
		return nil, err
	}
	prep.ev, prep.next = ev, to
	return prep, nil
}

type prepared struct {
	doc     fhir.Document
	text    fhir.NoteText
	rs      fhir.ResultSet
	built   bool   // rs holds the findings (not for entered-in-error documents)
	err     error  // a permanent problem with this document
	skipped string // why it is not read (DocResult.Skipped)
	model   findings.Model
	choice  string
	// with Config.KeepEvidence
	evidence  []Evidence
	sentences []Sentence
}

// Parsed is an event whose documents are read but whose notes are not: cheap, so that a
// consumer knows which documents a message touches before its notes are read.
type Parsed struct {
	ev   *fhir.Event
	noop string // NoOp's document id
}

// DocumentIDs are the ids of the event's documents.
func (p *Parsed) DocumentIDs() []string {
	if p.noop != "" {
		return []string{p.noop}
	}
	return p.ev.IDs()
}

// Prepare parses an event, reads its notes and builds their resources: everything that
// needs no state (Parse, then PrepareParsed). The returned error is for the whole event
// (as for Process).
func (p *Processor) Prepare(ctx context.Context, raw []byte) (*Prepared, error) {
	parsed, err := p.Parse(ctx, raw, time.Time{})
	if err != nil {
		return nil, err
	}
	return p.PrepareParsed(ctx, parsed)
}

// Parse reads and checks an event's documents (fhir.ReadEvent: a large Bundle's documents
// are decoded again chunk by chunk, not held); a permanent error means the event cannot
// be read. received is when the event was recorded (the Kafka record's timestamp; zero
// when unknown): the documents' date of last resort (fhir.DocumentDate).
func (p *Processor) Parse(ctx context.Context, raw []byte, received time.Time) (*Parsed, error) {
	_, endParse := stage(ctx, "parse event", "parse")
	ev, err := fhir.ReadEvent(raw)
	endParse(err)
	if err != nil {
		return nil, err
	}
	ev.SetReceived(received)
	return &Parsed{ev: ev}, nil
}

// PrepareParsed reads the notes of a parsed event and builds their resources (the first
// ChunkDocs documents; Next does the rest).
func (p *Processor) PrepareParsed(ctx context.Context, parsed *Parsed) (*Prepared, error) {
	return p.prepareChunk(ctx, parsed.ev, 0)
}

// prepareDocs reads and builds parsed documents.
func (p *Processor) prepareDocs(ctx context.Context, docs []fhir.Document) (*Prepared, error) {
	prep := &Prepared{docs: make([]prepared, len(docs))}
	var todo []int
	for i, d := range docs {
		pd := &prep.docs[i]
		pd.doc = d
		if d.EnteredInError() {
			continue
		}
		switch {
		case d.Ref.Status == fhirmodels.DocumentReferenceStatusSuperseded && !p.cfg.ProcessSuperseded:
			pd.skipped = SkippedSuperseded
			continue
		case d.Ref.DocStatus != nil && *d.Ref.DocStatus == fhirmodels.CompositionStatusPreliminary:
			pd.skipped = SkippedPreliminary
			continue
		}
		tctx, endText := stage(ctx, "extract text", "extract_text", attribute.String("fhir.document.id", d.ID))
		txt, err := fhir.ExtractText(tctx, d, p.cfg.Text)
		endText(err)
		if err != nil {
			if fhir.ReasonOf(err) == "" {
				return nil, err // transient (e.g. a url fetch that timed out)
			}
			pd.err = err
			continue
		}
		pd.text, pd.choice = txt, txt.Choice
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return prep, nil
	}
	inputs := make([]nlp.Input, len(todo))
	for k, i := range todo {
		pd := &prep.docs[i]
		inputs[k] = nlp.Input{Text: pd.text.Plain, Date: nlp.ParseDate(fhir.DocumentDate(pd.doc))}
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
		return nil, fmt.Errorf("extracting findings: %w", err)
	}
	for k, i := range todo {
		pd := &prep.docs[i]
		_, endBuild := stage(ctx, "build fhir", "build_fhir", attribute.String("fhir.document.id", pd.doc.ID))
		m := model
		if found[k].Model.Name != "" {
			m = found[k].Model // a hot reload may have swapped the model since Model()
		}
		rs, err := fhir.Build(pd.doc, pd.text, found[k], m, p.cfg.Build)
		endBuild(err)
		if err != nil {
			var ie *fhir.InputError
			if errors.As(err, &ie) {
				pd.err = err
				continue
			}
			return nil, fmt.Errorf("building results for %s: %w", pd.doc.ID, err)
		}
		pd.rs, pd.built, pd.model = rs, true, m
		if p.cfg.KeepEvidence {
			pd.evidence, pd.sentences = evidenceOf(pd.text.Plain, found[k], rs.Resources)
		}
	}
	return prep, nil
}

// Settle reconciles a prepared event with what ledger says was published before:
// stale versions are skipped, entered-in-error documents withdraw their findings, new
// versions withdraw findings that disappeared. Events of one document must be settled in
// their input order, each after the ledger holds the entries of the ones before.
func (p *Processor) Settle(ctx context.Context, prep *Prepared, ledger fhir.Ledger) (Result, error) {
	res := Result{Docs: make([]DocResult, len(prep.docs))}
	for i := range prep.docs {
		pd := &prep.docs[i]
		d := pd.doc
		r := &res.Docs[i]
		r.DocumentID, r.VersionID, r.Choice = d.ID, d.VersionID, pd.choice
		if pd.err != nil {
			r.Err = pd.err
			continue
		}
		if pd.skipped != "" {
			r.Skipped = pd.skipped
			continue
		}
		prev, ok, err := ledger.Get(ctx, d.ID)
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
			out, next, err := fhir.Withdraw(prevp, d, p.ex.Model())
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
		_, endRec := stage(ctx, "reconcile", "reconcile", attribute.String("fhir.document.id", d.ID))
		out, next, err := fhir.Reconcile(prevp, d, pd.rs, pd.model)
		endRec(err)
		if err != nil {
			return Result{}, fmt.Errorf("reconciling %s with its earlier results: %w", d.ID, err)
		}
		r.Subject, r.Resources, r.entry = pd.rs.Subject, out, &next
		r.NothingFound = pd.rs.NothingFound && len(next.Findings) == 0
		r.Evidence, r.Sentences, r.Model = pd.evidence, pd.sentences, pd.model
		if p.cfg.KeepText {
			r.Text = pd.text.Plain
		}
	}
	return res, nil
}

// Entry is the ledger entry to store once the document's resources are published (nil
// when there is nothing to store).
func (d DocResult) Entry() *fhir.LedgerEntry { return d.entry }

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

// NoOp is the benchmarks' baseline processor (serve --baseline): the same consumer and
// producer path with the processing replaced by a pass-through. Each event yields one
// small Provenance naming its document (read from the top-level "id"), with no parsing
// beyond that, no models and no state.
type NoOp struct{}

// Parse reads the event's id.
func (NoOp) Parse(_ context.Context, raw []byte, _ time.Time) (*Parsed, error) {
	var head struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.ID == "" {
		return nil, &fhir.InputError{Reason: fhir.ReasonNoID, Detail: "baseline: the event has no top-level id"}
	}
	return &Parsed{noop: head.ID}, nil
}

// PrepareParsed has nothing to read.
func (NoOp) PrepareParsed(_ context.Context, p *Parsed) (*Prepared, error) {
	return &Prepared{noop: p.noop}, nil
}

// Next is never needed: an event is one document.
func (NoOp) Next(context.Context, *Prepared) (*Prepared, error) {
	return nil, errors.New("pipeline: NoOp has no chunks")
}

// Settle returns the pass-through Provenance.
func (NoOp) Settle(_ context.Context, p *Prepared, _ fhir.Ledger) (Result, error) {
	id := "noop-" + p.noop
	b, _ := json.Marshal(map[string]any{"resourceType": "Provenance", "id": id, "target": []any{}})
	return Result{Docs: []DocResult{{DocumentID: p.noop, VersionID: "1", Resources: []fhir.Resource{{Type: fhir.KindProvenance, ID: id, JSON: b}}}}}, nil
}
