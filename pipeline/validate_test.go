package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/rules"
)

// TestEveryResourceKindPassesTheHAPIValidator runs every kind of resource notecoder
// publishes through HAPI FHIR's instance validator (tools/fhir-validator, base R4,
// offline): smoking-status and LVEF (value and range) Observations, Conditions
// (unconfirmed, refuted, entered-in-error, encounter-diagnosis), withdrawn Observations,
// Device, Provenance (CREATE and NULLIFY) and the collection Bundle classify prints.
// US Core profiles cannot be loaded offline, so meta.profile is reported as a warning;
// the US Core elements themselves are asserted in fhir's own tests.
func TestEveryResourceKindPassesTheHAPIValidator(t *testing.T) {
	if os.Getenv("NOTECODER_SKIP_FHIR_VALIDATOR") == "1" {
		t.Skip("NOTECODER_SKIP_FHIR_VALIDATOR=1")
	}
	ctx := context.Background()
	var lines [][]byte
	kinds := map[string]bool{}
	add := func(label string, b []byte) {
		lines = append(lines, b)
		kinds[label] = true
	}
	addResult := func(res Result) {
		for _, d := range res.Docs {
			if d.Err != nil {
				continue // the deliberately bad samples (a scanned PDF)
			}
			for _, r := range d.Resources {
				label := string(r.Type)
				js := string(r.JSON)
				switch {
				case strings.Contains(js, `"entered-in-error"`):
					label += "/entered-in-error"
				case strings.Contains(js, `"code":"refuted"`):
					label += "/refuted"
				case strings.Contains(js, `"valueRange"`):
					label += "/range"
				case strings.Contains(js, `"code":"NULLIFY"`):
					label += "/nullify"
				case strings.Contains(js, `"code":"READ"`):
					label += "/read"
				case strings.Contains(js, `"code":"encounter-diagnosis"`):
					label += "/encounter-diagnosis"
				}
				add(label, r.JSON)
			}
			if len(d.Resources) > 0 {
				b, err := fhir.CollectionBundle(d.DocumentID, d.VersionID, d.Resources)
				if err != nil {
					t.Fatal(err)
				}
				add("Bundle", b)
			}
		}
	}
	samples, _ := filepath.Glob("../testdata/samples/*.json")
	for _, cfg := range []Config{{}, {Build: fhir.BuildOptions{PublishRefuted: true, PublishUnknownSmoking: true, ConditionCategory: "encounter-diagnosis"}}} {
		p, err := New(rules.New(), fhir.NewMemoryLedger(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range samples {
			raw, _ := os.ReadFile(s)
			res, err := p.Process(ctx, raw)
			if err != nil {
				continue // the deliberately bad samples
			}
			addResult(res)
			p.Record(ctx, res)
		}
	}
	// Withdrawals: an amended version that loses findings, then entered-in-error.
	p, _ := New(rules.New(), fhir.NewMemoryLedger(), Config{})
	for _, raw := range [][]byte{
		event(t, "w-1", "1", "current", "Current smoker. Atrial fibrillation. LVEF 35%."),
		event(t, "w-1", "2", "current", "Current smoker."),
		event(t, "w-1", "3", "entered-in-error", "Current smoker."),
		event(t, "r-1", "1", "current", "Seen in clinic today. Plan as discussed."), // nothing found
		event(t, "r-2", "1", "entered-in-error", "Seen in clinic."),                 // never seen: nothing to withdraw
	} {
		res, err := p.Process(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		addResult(res)
		p.Record(ctx, res)
	}
	// classify's OperationOutcomes, for a failed input and a skipped document.
	for _, o := range []struct {
		doc    string
		reason fhir.Reason
		failed bool
	}{{"", fhir.ReasonMalformedJSON, true}, {"d-1", fhir.ReasonNoDate, true}, {"d-2", SkippedSuperseded, false}} {
		b, err := fhir.Outcome("stdin:3", o.doc, o.reason, "detail", o.failed)
		if err != nil {
			t.Fatal(err)
		}
		add("OperationOutcome", b)
	}
	for _, want := range []string{"OperationOutcome", "Observation", "Observation/range", "Observation/entered-in-error", "Condition", "Condition/refuted",
		"Condition/encounter-diagnosis", "Condition/entered-in-error", "Device", "Provenance", "Provenance/nullify", "Provenance/read", "Bundle"} {
		if !kinds[want] {
			t.Errorf("no %s among the resources to validate", want)
		}
	}

	// Exactly as a user runs it: the script carries the options (AIAST code system, US
	// Core profiles as warnings).
	script, _ := filepath.Abs("../scripts/fhir-validate.sh")
	cmd := exec.Command(script, "-")
	cmd.Stdin = bytes.NewReader(append(bytes.Join(lines, []byte("\n")), '\n'))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		t.Fatalf("validator did not run (Java 17 and Maven are installed by make setup): %v\n%s", err, stderr.String())
	}
	n, invalid := 0, 0
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var r struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
			Valid        bool   `json:"valid"`
			Errors       []struct{ Location, Message string }
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("validator output %q: %v", line, err)
		}
		n++
		if !r.Valid {
			invalid++
			t.Errorf("HAPI rejects %s/%s: %+v", r.ResourceType, r.ID, r.Errors)
		}
	}
	if n != len(lines) {
		t.Fatalf("validator answered for %d of %d resources", n, len(lines))
	}
	t.Logf("HAPI FHIR validator (base R4): %d resources of %d kinds, %d invalid", n, len(kinds), invalid)
}
