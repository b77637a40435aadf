package main

import (
	"strings"
	"testing"
)

// --model-only scores the smoking model without the rules' share serve mixes in: on the
// real dev notes the two readings of the shipped model differ (the share is why the gate
// scores the model alone), and the rules' column stays the same.
func TestEvalModelOnlyDropsTheRulesShare(t *testing.T) {
	micro := func(args ...string) (rules, model string) {
		code, stdout, stderr := runCLI(t, append([]string{"eval", "smoking", "--data", "../../testdata/real/smoking-dev.xml"}, args...)...)
		if code != 0 {
			t.Fatalf("eval %v: exit %d\n%s\n%s", args, code, stdout, stderr)
		}
		for _, l := range strings.Split(stdout, "\n") {
			if f := strings.Fields(l); len(f) == 4 && f[0] == "micro" && f[1] == "F1" {
				return f[2], f[3]
			}
		}
		t.Fatalf("no micro F1 line:\n%s", stdout)
		return "", ""
	}
	r1, served := micro()
	r2, alone := micro("--model-only")
	if r1 != r2 {
		t.Errorf("the rules' column changed: %s -> %s", r1, r2)
	}
	if served == alone {
		t.Errorf("served and model-only readings agree on every dev note (%s): the rules' share did nothing", served)
	}
}
