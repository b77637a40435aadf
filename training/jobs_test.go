package training

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/rules"
)

// A smoking job trains an ensemble into its directory, reports each epoch on the progress
// writer (a buffer: no terminal, so plain lines and no bar), and a second job into the
// same directory replaces the ensemble by a single model.
func TestSmokingJobTrainsAndReplacesItsModel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "smoking")
	var stdout, progress bytes.Buffer
	tr, err := SmokingJob{Synthetic: 600, Epochs: 2, Ensemble: 2, Arch: "bag", Out: out, Seed: 1, Device: gotch.CPU, Version: "t"}.Run(&stdout, &progress)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Models != 2 || tr.Result.Epochs == 0 || len(tr.SHA256) != 64 || !filepath.IsAbs(tr.Dir) {
		t.Fatalf("trained %+v", tr)
	}
	for _, m := range []string{"member-1", "member-2"} {
		for _, f := range []string{"weights.gt", "config.json", "metrics.json", "data.json", "MANIFEST.json"} {
			if _, err := os.Stat(filepath.Join(out, m, f)); err != nil {
				t.Errorf("ensemble member %s lacks %s", m, f)
			}
		}
	}
	if !strings.Contains(stdout.String(), "600 synthetic") || strings.Count(progress.String(), "  epoch  1  train loss") != 2 {
		t.Errorf("reports:\n%s\n%s", stdout.String(), progress.String())
	}
	if strings.Contains(progress.String(), "\r") || strings.Contains(progress.String(), "\x1b") {
		t.Errorf("terminal control characters written to a buffer: %q", progress.String())
	}
	if !strings.Contains(tr.Summary(), "2 model(s)") {
		t.Errorf("summary %q", tr.Summary())
	}
	if _, err := (SmokingJob{Synthetic: 300, Epochs: 1, Ensemble: 1, Arch: "bag", Out: out, Device: gotch.CPU}).Run(&stdout, &progress); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "member-1")); err == nil {
		t.Error("member-1 left beside the new single model")
	}
	if _, err := os.Stat(filepath.Join(out, "weights.gt")); err != nil {
		t.Error("no single model written")
	}
}

// Settings that cannot work are refused before anything is read, as a ConfigError (the
// command line's exit 2), each saying what to change.
func TestJobsRefuseSettingsThatCannotWork(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"no data", func() error { _, err := (SmokingJob{Arch: "bag"}).Run(&bytes.Buffer{}, &bytes.Buffer{}); return err }, "--data"},
		{"arch", func() error { return (&SmokingJob{Arch: "gpt", Synthetic: 1}).Check() }, "bag or encoder"},
		{"encoder ensemble", func() error { return (&SmokingJob{Arch: "encoder", Ensemble: 3, Synthetic: 1}).Check() }, "trained alone"},
		{"teacher alone", func() error { return (&SmokingJob{Arch: "bag", Teacher: "x"}).Check() }, "--unlabelled"},
		{"entities arch", func() error { _, err := (EntitiesJob{Arch: "crf"}).Run(&bytes.Buffer{}, &bytes.Buffer{}); return err }, "window or bilstm"},
		{"assertion data", func() error { _, err := (AssertionJob{}).Run(&bytes.Buffer{}, &bytes.Buffer{}); return err }, "--data"},
		{"assertion veto", func() error {
			_, err := (AssertionJob{Data: []string{"x.jsonl"}, Arch: "bag", Veto: 0.9}).Run(&bytes.Buffer{}, &bytes.Buffer{})
			return err
		}, "--arch encoder only"},
		{"assertion veto NaN", func() error {
			_, err := (AssertionJob{Data: []string{"x.jsonl"}, Arch: "encoder", Veto: math.NaN()}).Run(&bytes.Buffer{}, &bytes.Buffer{})
			return err
		}, "a probability"},
		{"assertion arch", func() error {
			_, err := (AssertionJob{Data: []string{"x.jsonl"}, Arch: "Encoder"}).Run(&bytes.Buffer{}, &bytes.Buffer{})
			return err
		}, "bag or encoder"},
		{"assertion text only", func() error {
			_, err := (AssertionJob{Data: []string{"x.jsonl"}, Arch: "bag", TextOnly: true}).Run(&bytes.Buffer{}, &bytes.Buffer{})
			return err
		}, "--rule-input=false"},
		{"assertion veto range", func() error {
			_, err := (AssertionJob{Data: []string{"x.jsonl"}, Arch: "encoder", Veto: 1.5}).Run(&bytes.Buffer{}, &bytes.Buffer{})
			return err
		}, "a probability"},
		{"curve task", func() error { return Curve{Task: "x"}.Check() }, "curve smoking"},
		{"curve arch", func() error {
			return Curve{Task: "smoking", Archs: []string{"tagger"}, Sizes: []int{1}, Seeds: []int{1}, Train: []string{"a"}, Dev: "b"}.Check()
		}, "bag and encoder"},
		{"curve size", func() error {
			return Curve{Task: "entities", Archs: []string{"tagger"}, Sizes: []int{0}, Seeds: []int{1}, Train: []string{"a"}, Dev: "b"}.Check()
		}, "positive"},
	} {
		err := tc.run()
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a ConfigError mentioning %q", tc.name, err, tc.want)
		}
	}
}

// The learning curve trains and scores every point and writes the JSON and a PNG plot.
func TestCurveWritesJSONAndPNG(t *testing.T) {
	for _, tc := range []struct {
		task, train, dev string
		sizes            []int
	}{
		{"smoking", "../testdata/train/smoking-train-de.xml", "../testdata/dev/smoking-dev.xml", []int{30, 60}},
		{"entities", "../testdata/train/entities-train-de.jsonl", "../testdata/dev/entities-dev.jsonl", []int{40}},
	} {
		dir := t.TempDir()
		var out bytes.Buffer
		js, pngPath, err := Curve{Task: tc.task, Train: []string{tc.train}, Dev: tc.dev, Sizes: tc.sizes, Seeds: []int{1},
			Archs: CurveArchs[tc.task][:1], OutDir: dir, Name: "lc"}.Run(&out)
		if err != nil {
			t.Fatalf("curve %s: %v\n%s", tc.task, err, out.String())
		}
		if !strings.Contains(out.String(), "rules baseline") || !strings.Contains(out.String(), "mean of seeds") {
			t.Errorf("curve %s table:\n%s", tc.task, out.String())
		}
		f, err := os.Open(pngPath)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 400 {
			t.Fatalf("curve %s: PNG %v", tc.task, err)
		}
		b, err := os.ReadFile(js)
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Points []struct {
				Size  int                `json:"size"`
				Score map[string]float64 `json:"micro_f1"`
			} `json:"points"`
		}
		if err := json.Unmarshal(b, &res); err != nil || len(res.Points) != len(tc.sizes) {
			t.Fatalf("curve %s: JSON %v, %d points", tc.task, err, len(res.Points))
		}
		for _, p := range res.Points {
			if v := p.Score["all"]; v <= 0 || v > 1 {
				t.Errorf("curve %s: size %d scored %v", tc.task, p.Size, v)
			}
		}
	}
}

// Eval scores systems side by side and returns the scores it printed.
func TestEvalScoresSystemsSideBySide(t *testing.T) {
	var out bytes.Buffer
	sys := []System{{Name: "rules", Extractor: rules.New()}, {Name: "again", Extractor: rules.New()}}
	scores, err := Eval(context.Background(), &out, "smoking", "../testdata/dev/smoking-dev.xml", sys, true)
	if err != nil {
		t.Fatal(err)
	}
	a, b := scores["rules"].(SmokingReport), scores["again"].(SmokingReport)
	if a.MicroF1 <= 0.5 || a.MicroF1 != b.MicroF1 {
		t.Errorf("micro F1 %v and %v for the same rules", a.MicroF1, b.MicroF1)
	}
	if !strings.Contains(out.String(), "micro F1") || !strings.Contains(out.String(), "errors (gold -> predicted") {
		t.Errorf("report:\n%s", out.String())
	}
	if _, err := Eval(context.Background(), &out, "entities", "../testdata/dev/entities-dev.jsonl", sys[:1], false); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval(context.Background(), &out, "lvef", "x", sys, false); err == nil {
		t.Error("unknown task: no error")
	}
}

// Committed curves are redrawn from their JSON alone (curve replot), without training.
func TestPlotCurveRedrawsCommittedCurves(t *testing.T) {
	files, _ := filepath.Glob("../docs/learning-curve-*.json")
	if len(files) == 0 {
		t.Fatal("no committed learning curves")
	}
	for _, js := range files {
		out := filepath.Join(t.TempDir(), "c.png")
		if err := PlotCurve(js, out); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		f, _ := os.Open(out)
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() < 400 {
			t.Fatalf("%s: PNG %v", js, err)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"task":"smoking","points":[]}`), 0o644)
	if err := PlotCurve(bad, filepath.Join(t.TempDir(), "x.png")); err == nil {
		t.Error("a curve without points: no error")
	}
}
