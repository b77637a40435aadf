package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/store"
)

// The learning loop's commands on a fresh store with the shipped model: retrain registers
// the serving model and, with no correction, trains nothing; models list shows it
// serving; a correction then makes retrain train and judge a candidate; promote, rollback
// and purge do what they say, and mistakes say what to do.
func TestLearningCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	dir := t.TempDir()
	common := []string{"--data-dir", dir, "--base-data", "../../testdata/real/smoking-train.xml,../../testdata/train/smoking-train-en-a.xml",
		"--gold", "../../testdata/real/smoking-dev.xml", "--synthetic", "300"}
	cli := func(args ...string) (int, string, string) { return runCLI(t, append(args, common...)...) }

	code, out, errOut := cli("models", "list")
	if code != 0 || !strings.Contains(out, "no model versions yet") {
		t.Fatalf("models list on a new store: %d %q %q", code, out, errOut)
	}
	code, out, errOut = cli("retrain")
	if code != 0 || !strings.Contains(out, "no candidate: no new corrections") {
		t.Fatalf("retrain without corrections: %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = cli("models", "list", "--json")
	var ms []store.ModelVersion
	if err := json.Unmarshal([]byte(out), &ms); code != 0 || err != nil || len(ms) != 1 || !ms[0].Serving || ms[0].GoldMacroF1 <= 0.5 {
		t.Fatalf("models list --json after the first retrain: %d %v %s", code, err, out)
	}
	base := ms[0].Version

	// One correction (held out or not, by its id) is enough for a candidate.
	st, err := store.Open(context.Background(), filepath.Join(dir, store.DefaultPath))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{"He gave up cigarettes in 1998.", "She gave up smoking at age 40.", "The patient gave up tobacco 20 years ago.", "Gave up cigars a decade ago."} {
		if _, _, err := st.AddCorrection(context.Background(), store.Correction{Task: findings.TaskSmoking, Action: findings.ActionSet,
			ResourceID: "r" + string(rune('a'+i)), Subject: "Patient/9", Value: "PAST SMOKER", Sentence: s}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	code, out, errOut = cli("retrain", "--json")
	var rep struct {
		Candidate struct{ Version string }
		Gate      struct {
			Promoted bool
			Reason   string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || rep.Candidate.Version != base+"-r1" || rep.Gate.Reason == "" {
		t.Fatalf("retrain --json with corrections: %d %v\n%s\n%s", code, err, out, errOut)
	}
	// Promote by hand (a rejected candidate needs --force), roll back, and again.
	args := []string{"models", "promote", rep.Candidate.Version, "--reason", "test"}
	if !rep.Gate.Promoted {
		code, _, errOut = cli(args...)
		if code != 1 || !strings.Contains(errOut, "--force") {
			t.Errorf("promoting a rejected version without --force: %d %q", code, errOut)
		}
		args = append(args, "--force")
	}
	code, out, errOut = cli(args...)
	if code != 0 || !strings.Contains(out, rep.Candidate.Version+" serves now") {
		t.Fatalf("models promote: %d %q %q", code, out, errOut)
	}
	code, out, errOut = cli("models", "rollback")
	if code != 0 || !strings.Contains(out, base+" serves now") {
		t.Fatalf("models rollback: %d %q %q", code, out, errOut)
	}
	code, out, _ = cli("models", "list")
	if !strings.Contains(out, "rolled-back") || !strings.Contains(out, "*  "+base) && !strings.Contains(out, "* "+base) {
		t.Errorf("models list after the rollback:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"models"}, "say what to do"},
		{[]string{"models", "promote"}, "takes one VERSION"},
		{[]string{"models", "frobnicate"}, "unknown models action"},
		{[]string{"purge"}, "--subject is required"},
	} {
		code, _, errOut := cli(tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	code, out, _ = cli("purge", "--subject", "Patient/9")
	if code != 0 || !strings.Contains(out, "4 corrections") {
		t.Errorf("purge: %d %q", code, out)
	}
	if code, _, errOut := runCLI(t, "retrain", "--data-dir", dir, "--gold", "/nonexistent.xml"); code != 2 || !strings.Contains(errOut, "nonexistent") {
		t.Errorf("retrain with a missing gold set: %d %q", code, errOut)
	}
}
