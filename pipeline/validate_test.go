package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/rules"
)

// usCoreClinicalResult is the profile scripts/fhir-validate.sh checks an Observation that
// declares none against (--default-profile): notecoder's LVEF.
const usCoreClinicalResult = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-clinical-result"

// usCoreVersions are the US Core versions scripts/fhir-validate.sh loads
// (tools/fhir-validator/us-core/).
var usCoreVersions = []string{"6.1.0", "7.0.0"}

// TestEveryResourceKindPassesTheHAPIValidator runs every kind of resource notecoder
// publishes through HAPI FHIR's instance validator (tools/fhir-validator, offline, through
// scripts/fhir-validate.sh): smoking-status and LVEF (value and range) Observations,
// Conditions (unconfirmed, refuted, entered-in-error, encounter-diagnosis), withdrawn
// Observations, Device, Provenance (CREATE, NULLIFY and READ), classify's
// OperationOutcomes and the collection Bundle classify prints. Each must be valid base R4
// and valid against the US Core profiles it declares in meta.profile under both US Core
// 6.1.0 and 7.0.0 (loaded from tools/fhir-validator/us-core/, so a profile that is not
// there is an error, not a warning); an Observation that declares none (LVEF) is checked
// against US Core Observation Clinical Result. The validator's "profiles" must name each
// of these profiles in both versions, and resources made from notecoder's own by breaking
// one US Core rule (valid base R4 all the same) must be rejected under both versions:
// the profiles are really checked. Provenance declares no profile and is base R4 only:
// US Core Provenance's provenance-1 wants agent.onBehalfOf for a Device agent.
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

	mutants := usCoreMutants(t, lines)

	// Exactly as a user runs it: the script carries the options (AIAST code system, US Core
	// 6.1.0 and 7.0.0, the default profile of Observations).
	script, _ := filepath.Abs("../scripts/fhir-validate.sh")
	cmd := exec.Command(script, "-")
	in := append([][]byte{}, lines...)
	for _, m := range mutants {
		in = append(in, m.json)
	}
	cmd.Stdin = bytes.NewReader(append(bytes.Join(in, []byte("\n")), '\n'))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		t.Fatalf("validator did not run (Java 17 and Maven are installed by make setup): %v\n%s", err, stderr.String())
	}
	n, invalid := 0, 0
	for i, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var r struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
			Valid        bool   `json:"valid"`
			Errors       []struct{ Location, Message string }
			Profiles     []string `json:"profiles"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("validator output %q: %v", line, err)
		}
		n++
		if i >= len(lines) {
			if i-len(lines) < len(mutants) {
				m := mutants[i-len(lines)]
				msgs := ""
				for _, e := range r.Errors {
					msgs += e.Message + "\n"
				}
				for _, want := range m.want {
					if r.Valid || !strings.Contains(msgs, want) {
						t.Errorf("%s: HAPI should reject it with %q; valid=%v, errors:\n%s", m.name, want, r.Valid, msgs)
					}
				}
			}
			continue
		}
		if !r.Valid {
			invalid++
			t.Errorf("HAPI rejects %s/%s: %+v", r.ResourceType, r.ID, r.Errors)
		}
		for _, p := range expectedProfiles(t, lines[i]) {
			for _, v := range usCoreVersions {
				if !slices.Contains(r.Profiles, p+"|"+v) {
					t.Errorf("%s/%s was not checked against %s|%s (profiles %v)", r.ResourceType, r.ID, p, v, r.Profiles)
				}
			}
		}
	}
	if n != len(in) {
		t.Fatalf("validator answered for %d of %d resources", n, len(in))
	}
	t.Logf("HAPI FHIR validator (base R4, US Core %s): %d resources of %d kinds, %d invalid; %d US Core violations rejected",
		strings.Join(usCoreVersions, " and "), len(lines), len(kinds), invalid, len(mutants))
}

// expectedProfiles are the profiles a resource must have been checked against: those it
// declares, or US Core Observation Clinical Result for an Observation that declares none.
func expectedProfiles(t *testing.T, resource []byte) []string {
	var r struct {
		ResourceType string `json:"resourceType"`
		Meta         struct {
			Profile []string `json:"profile"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(resource, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Meta.Profile) == 0 && r.ResourceType == "Observation" {
		return []string{usCoreClinicalResult}
	}
	return r.Meta.Profile
}

type usCoreMutant struct {
	name string
	json []byte
	want []string // substrings of error messages, each required
}

// usCoreMutants breaks one US Core rule in copies of notecoder's own resources, keeping
// them valid base R4: a smoking-status Observation without effective[x] or with another
// category, an encounter-diagnosis Condition filed as a problem, an LVEF Observation
// without subject (which only US Core Observation Clinical Result requires).
func usCoreMutants(t *testing.T, lines [][]byte) []usCoreMutant {
	find := func(what string, ok func(map[string]any) bool) map[string]any {
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				t.Fatal(err)
			}
			if ok(m) {
				return m
			}
		}
		t.Fatalf("no %s among the resources to validate", what)
		return nil
	}
	profile := func(m map[string]any) string {
		meta, _ := m["meta"].(map[string]any)
		p, _ := meta["profile"].([]any)
		if len(p) == 0 {
			return ""
		}
		s, _ := p[0].(string)
		return s
	}
	smoking := find("final smoking-status Observation", func(m map[string]any) bool {
		return profile(m) == fhir.ProfileSmokingStatus && m["status"] == "final" && m["effectiveDateTime"] != nil
	})
	encounterDx := find("encounter-diagnosis Condition", func(m map[string]any) bool { return profile(m) == fhir.ProfileConditionED })
	lvef := find("LVEF Observation", func(m map[string]any) bool {
		return m["resourceType"] == "Observation" && profile(m) == "" && m["subject"] != nil
	})
	mutate := func(name string, orig map[string]any, change func(map[string]any), want ...string) usCoreMutant {
		var m map[string]any
		b, _ := json.Marshal(orig)
		_ = json.Unmarshal(b, &m)
		m["id"] = "us-core-mutant-" + name
		change(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var ws []string
		for _, v := range usCoreVersions {
			for _, w := range want {
				ws = append(ws, "[us-core/"+v+"] "+w)
			}
		}
		return usCoreMutant{name, b, ws}
	}
	setCode := func(code string) func(map[string]any) {
		return func(m map[string]any) {
			m["category"] = []any{map[string]any{"coding": []any{map[string]any{"system": strings.Split(code, "#")[0], "code": strings.Split(code, "#")[1]}}}}
		}
	}
	return []usCoreMutant{
		mutate("smoking-no-effective", smoking, func(m map[string]any) { delete(m, "effectiveDateTime") },
			"Observation.effective[x]: minimum required = 1"),
		mutate("smoking-exam", smoking, setCode(fhir.SystemObsCategory+"#exam"),
			"Slice 'Observation.category:SocialHistory': a matching slice is required"),
		mutate("encounter-dx-as-problem", encounterDx, setCode(fhir.SystemCondCategory+"#problem-list-item"),
			"Slice 'Condition.category:us-core': a matching slice is required"),
		mutate("lvef-no-subject", lvef, func(m map[string]any) { delete(m, "subject") },
			"Observation.subject: minimum required = 1"),
	}
}
