package main

import (
	"encoding/json"
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

func TestCurveWritesTableJSONAndPNG(t *testing.T) {
	for _, tc := range []struct{ task, train, dev, sizes string }{
		{"smoking", "../../testdata/train/smoking-train-de.xml", "../../testdata/dev/smoking-dev.xml", "30,60"},
		{"entities", "../../testdata/train/entities-train-de.jsonl", "../../testdata/dev/entities-dev.jsonl", "40"},
	} {
		dir := t.TempDir()
		code, stdout, stderr := runCLI(t, "curve", tc.task, "--train", tc.train, "--dev", tc.dev, "--sizes", tc.sizes, "--seeds", "1", "--out", dir)
		if code != 0 || !strings.Contains(stdout, "rules baseline") || !strings.Contains(stdout, "mean of seeds") {
			t.Fatalf("curve %s: exit %d\n%s\n%s", tc.task, code, stdout, stderr)
		}
		png, err := os.ReadFile(filepath.Join(dir, "learning-curve-"+tc.task+".png"))
		if err != nil || len(png) < 1000 || string(png[1:4]) != "PNG" {
			t.Fatalf("curve %s: no PNG plot (%v)", tc.task, err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "learning-curve-"+tc.task+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Points []struct {
				Size  int                `json:"size"`
				Score map[string]float64 `json:"micro_f1"`
			} `json:"points"`
		}
		if err := json.Unmarshal(b, &res); err != nil || len(res.Points) == 0 {
			t.Fatalf("curve %s: JSON %v", tc.task, err)
		}
		for _, p := range res.Points {
			if v := p.Score["all"]; v <= 0 || v > 1 {
				t.Errorf("curve %s: size %d scored %v", tc.task, p.Size, v)
			}
		}
	}
	if code, _, _ := runCLI(t, "curve", "smoking", "--sizes", "0"); code != 2 {
		t.Errorf("--sizes 0: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "curve", "nonsense"); code != 2 {
		t.Errorf("curve nonsense: exit %d, want 2", code)
	}
}
