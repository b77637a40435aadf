package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type bundle struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

// parseOutput reads classify's stdout: one collection Bundle per line.
func parseOutput(t *testing.T, out string) []bundle {
	t.Helper()
	var bs []bundle
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var b bundle
		if err := json.Unmarshal([]byte(line), &b); err != nil {
			t.Fatalf("output line is not JSON: %v\n%s", err, line)
		}
		if b.ResourceType != "Bundle" || b.Type != "collection" {
			t.Fatalf("output line is a %s/%s, want a collection Bundle", b.ResourceType, b.Type)
		}
		bs = append(bs, b)
	}
	return bs
}

// outLine is one line of classify's output: a Bundle, or an OperationOutcome in its place.
type outLine struct {
	ResourceType string `json:"resourceType"`
	Entry        []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
	Issue []struct {
		Severity string `json:"severity"`
		Details  struct {
			Coding []struct{ System, Code string }
		} `json:"details"`
		Diagnostics string `json:"diagnostics"`
	} `json:"issue"`
}

// parseLines reads classify's stdout, Bundles and OperationOutcomes alike, and renders
// each line as "Bundle", or "OperationOutcome <severity> <reason> <diagnostics>".
func parseLines(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var l outLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("output line is not JSON: %v\n%s", err, line)
		}
		switch {
		case l.ResourceType == "Bundle":
			got = append(got, "Bundle")
		case l.ResourceType == "OperationOutcome" && len(l.Issue) == 1 && len(l.Issue[0].Details.Coding) == 1:
			i := l.Issue[0]
			got = append(got, strings.Join([]string{"OperationOutcome", i.Severity, i.Details.Coding[0].Code, i.Diagnostics}, " "))
		default:
			t.Fatalf("output line is neither a Bundle nor an OperationOutcome with one issue: %s", line)
		}
	}
	return got
}

func resourcesOf(b bundle) string {
	var parts []string
	for _, e := range b.Entry {
		parts = append(parts, string(e.Resource))
	}
	return strings.Join(parts, "\n")
}

func samples(names ...string) []string {
	for i, n := range names {
		names[i] = filepath.Join("..", "..", "testdata", "samples", n)
	}
	return names
}

func TestClassifySampleFiles(t *testing.T) {
	code, out, errOut := runCLI(t, append([]string{"classify"}, samples("discharge-summary-en.json", "echo-report-de-latin1.json", "clinic-note-html.json", "notification-bundle.json")...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	bs := parseOutput(t, out)
	if len(bs) != 5 { // four files, the notification Bundle holds two documents
		t.Fatalf("%d result Bundles, want 5 (one per document)", len(bs))
	}
	for i, want := range []string{
		`"code":"428071000124103"`, // current heavy smoker (1 ppd)
		`"code":"8517006"`,         // Ex-Raucher
		`"code":"266919005"`,       // never smoker
		`"code":"8517006"`,         // former smoker, quit 15 years ago
		`"code":"266919005"`,       // denies tobacco use
	} {
		if !strings.Contains(resourcesOf(bs[i]), want) {
			t.Errorf("document %d lacks smoking status %s", i, want)
		}
	}
	en := resourcesOf(bs[0])
	for _, want := range []string{`"code":"I48.91"`, `"code":"I10"`, `"code":"I50.9"`, `"value":35`} {
		if !strings.Contains(en, want) {
			t.Errorf("English discharge summary lacks %s", want)
		}
	}
	for _, notWant := range []string{`"code":"22298006"`, `"code":"59282003"`, `"code":"230690007"`} {
		if strings.Contains(en, notWant) { // negated MI, ruled-out PE, father's stroke
			t.Errorf("English discharge summary publishes %s", notWant)
		}
	}
	if !strings.Contains(resourcesOf(bs[2]), `"valueRange"`) {
		t.Error("HTML note's EF 25–30% is not a range")
	}
}

func TestClassifyIsDeterministic(t *testing.T) {
	args := append([]string{"classify"}, samples("discharge-summary-en.json")...)
	_, a, _ := runCLI(t, args...)
	_, b, _ := runCLI(t, args...)
	if a == "" || a != b {
		t.Fatal("two runs over the same file differ")
	}
}

func TestClassifyStdinNDJSONReportsBadLinesAndGoesOn(t *testing.T) {
	f, err := os.Open(samples("events.ndjson")[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin = f
	defer func() { stdin = os.Stdin }()
	code, out, errOut := runCLI(t, "classify", "-")
	if code != 1 {
		t.Errorf("exit %d with bad lines, want 1", code)
	}
	// One output line per input document, in order: the bad lines are OperationOutcomes
	// naming the line and the reason.
	want := []string{"Bundle", "OperationOutcome error wrong-resource-type stdin:2", "Bundle", "OperationOutcome error malformed-json stdin:4"}
	if got := parseLines(t, out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, want := range []string{"stdin:2: wrong-resource-type", "stdin:4: malformed-json"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestClassifyPlainTextAndBadFiles(t *testing.T) {
	code, out, errOut := runCLI(t, append([]string{"classify", "--text", "--subject", "Patient/42", "--date", "2024-01-10"}, samples("note.txt")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	bs := parseOutput(t, out)
	if len(bs) != 1 || !strings.Contains(resourcesOf(bs[0]), `"reference":"Patient/42"`) || !strings.Contains(resourcesOf(bs[0]), `"code":"449868002"`) {
		t.Fatalf("--text output: %s", out) // quit 3 months ago counts as current (i2b2)
	}
	code, out, errOut = runCLI(t, append([]string{"classify"}, samples("scanned-pdf.json", "discharge-summary-en.json", "no-such-file.json")...)...)
	want := []string{"OperationOutcome error unsupported-content-type " + samples("scanned-pdf.json")[0] + ": document scan-2024-0001", "Bundle",
		"OperationOutcome error unreadable-file " + samples("no-such-file.json")[0]}
	if got := parseLines(t, out); code != 1 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("exit %d, output lines:\n%s\nwant exit 1 and:\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(errOut, "unsupported-content-type") || !strings.Contains(errOut, "no-such-file.json") {
		t.Errorf("stderr: %s", errOut)
	}
	if code, _, _ := runCLI(t, "classify"); code != 2 {
		t.Errorf("classify without inputs: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "classify", "--condition-category", "billing", "x"); code != 2 {
		t.Errorf("bad category: exit %d, want 2", code)
	}
}

// A note with no findings still gets its line: a Bundle with the Device and a Provenance
// (activity READ) whose target is the document; a superseded one an OperationOutcome
// (information), with exit status 0.
func TestClassifyEveryDocumentGetsItsLine(t *testing.T) {
	doc := func(id, status, text string) string {
		d := map[string]any{"resourceType": "DocumentReference", "id": id, "status": status, "date": "2024-01-10",
			"subject": map[string]any{"reference": "Patient/1"},
			"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain", "data": base64.StdEncoding.EncodeToString([]byte(text))}}}}
		b, _ := json.Marshal(d)
		return string(b)
	}
	stdin = strings.NewReader(doc("quiet", "current", "Seen today. Plan as discussed.") + "\n" + doc("old", "superseded", "Smoker.") + "\n")
	defer func() { stdin = os.Stdin }()
	code, out, errOut := runCLI(t, "classify", "-")
	got := parseLines(t, out)
	if code != 0 || len(got) != 2 || got[0] != "Bundle" || got[1] != "OperationOutcome information superseded stdin:2: document old" {
		t.Fatalf("exit %d, lines %q, stderr %s", code, got, errOut)
	}
	res := resourcesOf(parseOutput(t, strings.SplitN(out, "\n", 2)[0])[0])
	if !strings.Contains(res, `"resourceType":"Device"`) || !strings.Contains(res, `"code":"READ"`) || !strings.Contains(res, `"target":[{"reference":"DocumentReference/quiet"}]`) {
		t.Errorf("no-findings Bundle: %s", res)
	}
}

// Every real-format sample (Synthea bulk export, Oracle Health/Cerner-style consult, Da
// Vinci CDex collection, Subscriptions notification, ...) goes through classify with
// exactly one output line per DocumentReference, in input order, and the readings its
// format is there for. (Their resources are validated by pipeline's HAPI test.)
func TestClassifyRealFormatSamplesStayAligned(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "samples", "*.json"))
	if len(files) < 8 {
		t.Fatalf("%d samples", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs := strings.Count(string(raw), `"resourceType": "DocumentReference"`) + strings.Count(string(raw), `"resourceType":"DocumentReference"`)
		_, out, errOut := runCLI(t, "classify", f)
		if got := len(parseLines(t, out)); got != docs {
			t.Errorf("%s: %d output lines for %d documents\n%s", filepath.Base(f), got, docs, errOut)
		}
	}
	_, out, _ := runCLI(t, append([]string{"classify"}, samples("synthea-searchset.json", "cerner-style-consult.json", "cdex-collection.json")...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []struct{ kind, has string }{
		{"OperationOutcome information superseded", ""},  // Synthea's earlier note
		{"Bundle", `"code":"8517006"`},                   // "quit smoking at age 45": former smoker
		{"Bundle", `"valueRange"`},                       // LVEF 30-35% today wins over 25% in 2022
		{"OperationOutcome information preliminary", ""}, // CDex draft
		{"Bundle", `"code":"I21.4"`},                     // NSTEMI
	}
	got := parseLines(t, out)
	if len(got) != len(want) {
		t.Fatalf("lines %q", got)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w.kind) || !strings.Contains(lines[i], w.has) {
			t.Errorf("line %d: %s, want %s with %s", i+1, got[i], w.kind, w.has)
		}
	}
	if !strings.Contains(lines[2], `"effectiveDateTime":"2024-09-12T14:30:00.000Z"`) || strings.Contains(lines[4], `"code":"49436004"`) {
		t.Error("the Cerner-style note is not dated by its context.period, or the CDex note's family history was published")
	}
}

// A FHIR bulk-data file (Synthea's DocumentReference.ndjson, one resource per line) is read
// line by line, as standard input is; a file holding one JSON document over many lines is
// still one document; a broken NDJSON line is reported with its line number.
func TestClassifyNDJSONFiles(t *testing.T) {
	dir := t.TempDir()
	var docs []string
	for _, name := range []string{"discharge-summary-en.json", "clinic-note-html.json"} {
		b, err := os.ReadFile(samples(name)[0])
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		line, _ := json.Marshal(v)
		docs = append(docs, string(line))
	}
	bulk := filepath.Join(dir, "DocumentReference.ndjson")
	if err := os.WriteFile(bulk, []byte(docs[0]+"\n\n"+docs[1]+"\n{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "classify", bulk)
	if code != 1 {
		t.Errorf("exit %d with a bad line, want 1", code)
	}
	want := []string{"Bundle", "Bundle", "OperationOutcome error malformed-json " + bulk + ":4"}
	if got := parseLines(t, out); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output lines:\n%s\nwant:\n%s\nstderr:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), errOut)
	}
	// the same documents, one per file as written (indented over many lines): one line each
	code, out, _ = runCLI(t, "classify", samples("discharge-summary-en.json")[0])
	if got := parseLines(t, out); code != 0 || strings.Join(got, "\n") != "Bundle" {
		t.Errorf("a pretty-printed document: exit %d, lines %v", code, got)
	}
}
