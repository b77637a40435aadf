package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrainThenEvalAndClassifyWithTheModel(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "smoking")
	code, stdout, stderr := runCLI(t, "train", "smoking", "--synthetic", "600", "--epochs", "3", "--ensemble", "2", "--device", "cpu", "--out", out)
	if code != 0 {
		t.Fatalf("train: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, m := range []string{"member-1", "member-2"} {
		for _, f := range []string{"weights.gt", "config.json", "metrics.json", "data.json", "MANIFEST.json"} {
			if _, err := os.Stat(filepath.Join(out, m, f)); err != nil {
				t.Errorf("ensemble member %s lacks %s", m, f)
			}
		}
	}
	if !strings.Contains(stderr, "epoch  1") || !strings.Contains(stdout, "validation accuracy") {
		t.Errorf("no progress or summary:\n%s\n%s", stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "eval", "smoking", "--models", dir, "--data", "../../testdata/dev/smoking-dev.xml", "--json", filepath.Join(dir, "scores.json"))
	if code != 0 || !strings.Contains(stdout, "rules") || !strings.Contains(stdout, "model") || !strings.Contains(stdout, "micro F1") {
		t.Fatalf("eval: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "classify", "--models", dir, "../../testdata/samples/discharge-summary-en.json")
	if code != 0 || !strings.Contains(stdout, `"resourceType":"Bundle"`) || !strings.Contains(stdout, "notecoder-smoking+rules") {
		t.Fatalf("classify with the model: exit %d\n%s\n%s", code, stdout[:min(len(stdout), 300)], stderr)
	}
	// Retrained as a single model into the same folder: the old members go.
	if code, stdout, stderr := runCLI(t, "train", "smoking", "--synthetic", "300", "--epochs", "1", "--ensemble", "1", "--device", "cpu", "--out", out); code != 0 {
		t.Fatalf("train --ensemble 1: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "member-1")); err == nil {
		t.Error("member-1 left beside the new single model")
	}
	if _, err := os.Stat(filepath.Join(out, "weights.gt")); err != nil {
		t.Error("no single model written")
	}
	if code, _, _ := runCLI(t, "classify", "--models", t.TempDir(), "x.json"); code != 2 {
		t.Errorf("--models without a smoking model: exit %d, want 2", code)
	}
	// The entity tagger joins the same model directory; eval and classify pick it up.
	code, stdout, stderr = runCLI(t, "train", "entities", "--synthetic", "150", "--epochs", "2", "--device", "cpu", "--out", filepath.Join(dir, "entities"))
	if code != 0 || !strings.Contains(stdout, "done in") {
		t.Fatalf("train entities: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "eval", "entities", "--models", dir, "--data", "../../testdata/dev/entities-dev.jsonl")
	if code != 0 || !strings.Contains(stdout, "asserted conditions micro") || !strings.Contains(stdout, "model") {
		t.Fatalf("eval entities with the tagger: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, _ := runCLI(t, "train", "nonsense"); code != 2 {
		t.Errorf("train nonsense: exit %d, want 2", code)
	}
}

// The curve itself is tested in training (TestCurveWritesJSONAndPNG); here, that the
// command runs it and reports mistakes with exit 2.
func TestCurveCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "curve", "smoking", "--train", "../../testdata/train/smoking-train-de.xml",
		"--dev", "../../testdata/dev/smoking-dev.xml", "--sizes", "30", "--seeds", "1", "--out", dir, "--name", "c")
	if code != 0 || !strings.Contains(stdout, "wrote "+filepath.Join(dir, "c.json")) {
		t.Fatalf("curve: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, args := range [][]string{{"curve", "smoking", "--sizes", "0"}, {"curve", "nonsense"}, {"curve", "smoking", "--arch", "tagger"}, {"curve", "replot"}} {
		if code, _, stderr := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}
