package main

import (
	"strings"
	"testing"
)

// make demo on a fresh machine: the embedded broker, the pipeline, the sample notes.
func TestDemoShowsResultsFromTheEmbeddedBroker(t *testing.T) {
	code, out, errOut := runCLI(t, "demo")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"embedded Kafka broker",
		"smoking status: Current Heavy tobacco smoker (SNOMED CT 428071000124103)",
		`evidence: "Social history: current smoker, 1 ppd for 30 years."`,
		"smoking status: Former smoker (SNOMED CT 8517006)",
		`LVEF: 40 % (LOINC 10230-1)`,
		"LVEF: 25-30 %",
		"condition: Atrial fibrillation (SNOMED CT 49436004, ICD-10-CM I48.91) [entered-in-error]",
		"dead-lettered to notecoder.dlq: unsupported-content-type",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(out, "Aortic valve stenosis (SNOMED CT 60573004, ICD-10-CM I35.0) [unconfirmed]\n      evidence: \"Aortenklappenstenose") {
		t.Error("the German report's negated aortic stenosis was published")
	}
}
