package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/notecoder/notecoder/app"

	fhirmodels "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/pipeline"
)

func init() {
	register(command{name: "classify", summary: "read DocumentReferences (or plain text) from files or stdin, print the FHIR results as Bundles", run: runClassify})
}

// stdin is swapped in tests.
var stdin io.Reader = os.Stdin

// fhirSettings are the FHIR settings shared by classify and serve.
type fhirSettings struct {
	pipeline.Config
	baseURL, tokenFile string
}

// finish validates the settings and sets up url fetching when a FHIR server is configured.
func (c *fhirSettings) finish() error {
	if err := c.Build.Validate(); err != nil {
		return usageErrorf("%v", err)
	}
	c.Build.Software = version
	if c.baseURL == "" {
		return nil
	}
	token := os.Getenv("NOTECODER_FHIR_TOKEN")
	if c.tokenFile != "" {
		b, err := os.ReadFile(c.tokenFile)
		if err != nil {
			return usageErrorf("--fhir-token-file: %v", err)
		}
		token = strings.TrimSpace(string(b))
	}
	f, err := fhir.NewHTTPFetcher(c.baseURL, token)
	if err != nil {
		return usageErrorf("%v", err)
	}
	c.Text.Fetcher = f
	return nil
}

// fhirFlags registers the FHIR publishing settings shared by classify and serve.
func fhirFlags(fs *flag.FlagSet) *fhirSettings {
	cfg := &fhirSettings{}
	fs.StringVar(&cfg.baseURL, "fhir-base-url", "", "FHIR server to fetch url-only attachments from (default: off; such documents are dead-lettered)")
	fs.StringVar(&cfg.tokenFile, "fhir-token-file", "", "file holding the bearer token for --fhir-base-url (or set NOTECODER_FHIR_TOKEN)")
	fs.StringVar(&cfg.Build.ConditionCategory, "condition-category", "problem-list-item", "Condition category: problem-list-item or encounter-diagnosis")
	fs.BoolVar(&cfg.Build.PublishUnknownSmoking, "publish-unknown-smoking", false, "publish UNKNOWN smoking status as SNOMED 266927001 instead of nothing")
	fs.BoolVar(&cfg.Build.PublishRefuted, "publish-refuted", false, "publish negated conditions with verificationStatus refuted instead of nothing")
	fs.IntVar(&cfg.Text.MaxChars, "max-text-chars", 1_000_000, "reject notes longer than this many characters")
	fs.BoolVar(&cfg.ProcessSuperseded, "process-superseded", false, "also read DocumentReferences whose status is superseded (default: skip them, counted and logged)")
	return cfg
}

func runClassify(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("classify", "classify [flags] [FILE ... | -]\n\n"+
		"Reads FHIR DocumentReference JSON or Bundles from files, NDJSON files (one resource or\n"+
		"event per line, as FHIR bulk-data exports write them), or NDJSON from standard input\n"+
		"with '-', and writes exactly one line per document, in input order:\n"+
		"a FHIR Bundle (type collection) holding exactly the resources 'serve' would publish for\n"+
		"it (for a note with no findings, the Device and a Provenance, activity READ, that says\n"+
		"so), or an OperationOutcome naming the input and document with the dead-letter reason\n"+
		"code (severity error) or why it was skipped (information). Failures are also reported\n"+
		"on standard error; the rest are still processed; the exit status is 1 if any failed.", stdout)
	models := fs.String("models", "builtin", app.ModelsHelp)
	device := fs.String("device", "auto", "where the models run: auto (a GPU if there is one), cpu, cuda or cuda:N")
	asText := fs.Bool("text", false, "inputs are plain-text notes, wrapped in a DocumentReference each")
	subject := fs.String("subject", "Patient/unknown", "with --text: the patient the notes belong to")
	date := fs.String("date", "", "with --text: the notes' date (FHIR dateTime, e.g. 2024-03-05)")
	cfg := fhirFlags(fs)
	if _, err := parseFlagsArgs(fs, args, true); err != nil {
		return err
	}
	if !fhirReference.MatchString(*subject) {
		return usageErrorf("--subject %q is not a FHIR reference to a patient: give Type/id, e.g. Patient/123", *subject)
	}
	if *asText && *date == "" {
		return usageErrorf("--text needs --date, the notes' date: US Core results need it (e.g. --date 2024-03-05)")
	}
	if *date != "" && !fhirDateTime.MatchString(*date) {
		return usageErrorf("--date %q is not a FHIR dateTime: give e.g. 2024-03-05 or 2024-03-05T14:30:00Z", *date)
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		return usageErrorf("name input files, or '-' to read NDJSON (or, with --text, a note) from standard input")
	}
	if err := cfg.finish(); err != nil {
		return err
	}
	mex, ex, err := app.OpenModels(app.ModelSettings{Dir: *models, Device: *device, Replicas: 1})
	if err != nil {
		return err
	}
	if mex != nil {
		defer mex.Close()
	}
	proc, err := pipeline.New(ex, fhir.NewMemoryLedger(), cfg.Config)
	if err != nil {
		return usageErrorf("%v", err)
	}

	ctx := context.Background()
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	failed := 0
	// emit writes one output line: a document's Bundle, or the OperationOutcome that
	// stands in for it, so that output line n is input document n.
	emit := func(b []byte) {
		out.Write(b)
		out.WriteByte('\n')
	}
	// outcome reports an input or document without results on stderr and in the stream.
	outcome := func(where, docID string, reason fhir.Reason, detail string, isFailure bool) {
		what := where
		if docID != "" {
			what += ": document " + docID
		}
		fmt.Fprintf(stderr, "%s: %s: %s\n", what, reason, detail)
		if isFailure {
			failed++
		}
		b, err := fhir.Outcome(where, docID, reason, detail, isFailure)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", what, err)
			return
		}
		emit(b)
	}
	// failure reports a permanent error with the reason and detail a dead letter carries.
	failure := func(where, docID string, err error) {
		reason, detail := fhir.Describe(err)
		outcome(where, docID, reason, detail, true)
	}
	handle := func(where string, raw []byte) {
		res, err := proc.Process(ctx, raw)
		if err != nil {
			failure(where, "", err)
			return
		}
		for _, d := range res.Docs {
			switch {
			case d.Err != nil:
				failure(where, d.DocumentID, d.Err)
				continue
			case d.Stale:
				outcome(where, d.DocumentID, "stale", fmt.Sprintf("version %s is older than one already classified: skipped", d.VersionID), false)
				continue
			case d.Skipped == pipeline.SkippedSuperseded:
				outcome(where, d.DocumentID, pipeline.SkippedSuperseded, "superseded by a newer document: skipped (--process-superseded reads it)", false)
				continue
			case d.Skipped != "":
				outcome(where, d.DocumentID, fhir.Reason(d.Skipped), "skipped until its final version", false)
				continue
			}
			b, err := fhir.CollectionBundle(d.DocumentID, d.VersionID, d.Resources)
			if err != nil {
				failure(where, d.DocumentID, err)
				continue
			}
			emit(b)
		}
		if err := proc.Record(ctx, res); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", where, err)
		}
	}

	for _, in := range inputs {
		switch {
		case in == "-" && *asText:
			b, err := io.ReadAll(stdin)
			if err != nil {
				return fmt.Errorf("reading standard input: %w", err)
			}
			handle("stdin", textDocument(b, *subject, *date))
		case in == "-":
			sc := bufio.NewScanner(stdin)
			sc.Buffer(make([]byte, 1<<20), 64<<20)
			line := 0
			for sc.Scan() {
				line++
				if len(bytes.TrimSpace(sc.Bytes())) == 0 {
					continue
				}
				handle(fmt.Sprintf("stdin:%d", line), append([]byte(nil), sc.Bytes()...))
			}
			if err := sc.Err(); err != nil {
				return fmt.Errorf("reading standard input line %d: %w", line+1, err)
			}
		default:
			b, err := os.ReadFile(in)
			if err != nil {
				outcome(in, "", "unreadable-file", err.Error(), true)
				continue
			}
			if *asText {
				b = textDocument(b, *subject, *date)
			} else if lines, ok := ndjsonLines(b); ok {
				// a FHIR bulk-data file (Synthea's DocumentReference.ndjson): one resource
				// per line, each read as a line of standard input is
				for _, l := range lines {
					handle(fmt.Sprintf("%s:%d", in, l.n), l.b)
				}
				continue
			}
			handle(in, b)
		}
	}
	if failed > 0 {
		out.Flush()
		return fmt.Errorf("%d input(s) failed (reasons above)", failed)
	}
	return nil
}

type ndjsonLine struct {
	n int // line number, from 1
	b []byte
}

// ndjsonLines splits a file that holds one JSON value per line (NDJSON, FHIR bulk data)
// into its non-empty lines; ok is false for a file that is one JSON document (however it
// is laid out) or whose first line is no JSON value of its own.
func ndjsonLines(b []byte) (lines []ndjsonLine, ok bool) {
	if json.Valid(b) {
		return nil, false
	}
	for i, l := range bytes.Split(b, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			lines = append(lines, ndjsonLine{i + 1, l})
		}
	}
	if len(lines) < 2 || !json.Valid(lines[0].b) {
		return nil, false
	}
	return lines, true
}

var (
	// fhirReference is a relative literal reference: Type/id.
	fhirReference = regexp.MustCompile(`^[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$`)
	// fhirDateTime is FHIR R4's dateTime (year, year-month, date, or date and time with a
	// zone).
	fhirDateTime = regexp.MustCompile(`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`)
)

// textDocument wraps a plain-text note in a DocumentReference whose id is derived from
// the text, so the same file always gives the same results.
func textDocument(text []byte, subject, date string) []byte {
	h := sha256.Sum256(text)
	d := fhirmodels.DocumentReference{
		Id:      ptr("text-" + hex.EncodeToString(h[:12])),
		Status:  fhirmodels.DocumentReferenceStatusCurrent,
		Subject: &fhirmodels.Reference{Reference: ptr(subject)},
		Content: []fhirmodels.DocumentReferenceContent{{Attachment: fhirmodels.Attachment{
			ContentType: ptr("text/plain; charset=utf-8"),
			Data:        ptr(base64.StdEncoding.EncodeToString(text)),
		}}},
	}
	if date != "" {
		d.Date = ptr(date)
	}
	b, _ := json.Marshal(d)
	return b
}

func ptr[T any](v T) *T { return &v }
