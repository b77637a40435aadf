package main

import (
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "curve", summary: "the study's learning curve: train on 25..300 examples with several seeds, score on the dev set, write a table and a PNG", run: runCurve})
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func runCurve(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "smoking" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: notecoder curve smoking [--dev FILE.xml] [--sizes 25,50,100,200,300] [--seeds 1,2,3] [--out docs]\n\n"+
				"Trains the smoking model on N labelled examples (synthetic tobacco sentences) for each N\n"+
				"and seed, scores each on the hand-written dev set beside the rule baseline, and writes\n"+
				"OUT/learning-curve-smoking.{json,png}. The entity learning curve comes with the tagger.")
			return nil
		}
		return usageErrorf("say which task: 'curve smoking' (the entity tagger is not available yet)")
	}
	fs := newFlagSet("curve smoking", "curve smoking [--dev FILE.xml] [--sizes ...] [--seeds ...] [--out DIR]", stdout)
	dev := fs.String("dev", "testdata/dev/smoking-dev.xml", "hand-written evaluation notes (i2b2 XML)")
	sizesF := fs.String("sizes", "25,50,100,200,300", "training set sizes")
	seedsF := fs.String("seeds", "1,2,3", "seeds per size")
	outDir := fs.String("out", "docs", "where to write learning-curve-smoking.json and .png")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	sizes, err := parseInts(*sizesF)
	if err != nil {
		return usageErrorf("--sizes: %v", err)
	}
	seeds, err := parseInts(*seedsF)
	if err != nil {
		return usageErrorf("--seeds: %v", err)
	}
	recs, err := training.ReadI2B2File(*dev)
	if err != nil {
		return err
	}
	ctx := context.Background()
	in := make([]nlp.Input, len(recs))
	gold := make([]findings.SmokingStatus, len(recs))
	lang := make([]string, len(recs))
	for i, r := range recs {
		in[i], gold[i] = nlp.Input{Text: r.Text}, r.Status
		lang[i] = training.GuessLang(r.Text)
		if strings.Contains(r.ID, "-de-") {
			lang[i] = "de"
		} else if strings.Contains(r.ID, "-en-") {
			lang[i] = "en"
		}
	}
	score := func(found []findings.Findings) map[string]float64 {
		out := map[string]float64{}
		for _, l := range []string{"all", "en", "de"} {
			var g, p []findings.SmokingStatus
			for i := range recs {
				if l == "all" || lang[i] == l {
					g = append(g, gold[i])
					p = append(p, found[i].Smoking.Status)
				}
			}
			out[l] = training.ScoreSmoking(g, p).MicroF1
		}
		return out
	}
	baseline, _ := rules.New().Extract(ctx, in)
	base := score(baseline)

	type point struct {
		Size  int                `json:"size"`
		Seed  int                `json:"seed"`
		Micro map[string]float64 `json:"micro_f1"`
	}
	var points []point
	tmp, err := os.MkdirTemp("", "notecoder-curve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	w := torch.NewWorker()
	defer w.Close()
	fmt.Fprintf(stdout, "learning curve, smoking status, dev set %s (%d notes); micro-F1 all / en / de\n", *dev, len(recs))
	fmt.Fprintf(stdout, "%-8s %-6s %s\n", "size", "seed", "model")
	for _, n := range sizes {
		for _, seed := range seeds {
			dir := filepath.Join(tmp, fmt.Sprintf("%d-%d", n, seed), "smoking")
			err := w.Do(ctx, func() error {
				m, _, err := models.TrainSmoking(models.DefaultSmokingConfig(), training.SmokingSentences(int64(seed), n), models.TrainOptions{
					Epochs: 30, Batch: 32, LR: 0.01, Patience: 4, Seed: int64(seed), Device: gotch.CPU, ValSplit: 0.15})
				if err != nil {
					return err
				}
				_, err = m.Save(dir, models.SmokingMeta{Name: "curve", Version: fmt.Sprintf("%d-%d", n, seed)}, nil)
				return err
			})
			if err != nil {
				return fmt.Errorf("size %d seed %d: %w", n, seed, err)
			}
			ex, err := models.Open(models.Options{Smoking: dir, Device: gotch.CPU})
			if err != nil {
				return err
			}
			found, err := ex.Extract(ctx, in)
			ex.Close()
			if err != nil {
				return err
			}
			s := score(found)
			points = append(points, point{n, seed, s})
			fmt.Fprintf(stdout, "%-8d %-6d %.3f / %.3f / %.3f\n", n, seed, s["all"], s["en"], s["de"])
		}
	}
	fmt.Fprintf(stdout, "%-15s %.3f / %.3f / %.3f\n", "rules baseline", base["all"], base["en"], base["de"])

	// Mean and range per size, per language.
	mk := func(name, l string, c color.RGBA) training.Series {
		s := training.Series{Name: name, Color: c}
		for _, n := range sizes {
			sum, lo, hi, k := 0.0, 1.0, 0.0, 0
			for _, p := range points {
				if p.Size == n {
					v := p.Micro[l]
					sum += v
					lo, hi = min(lo, v), max(hi, v)
					k++
				}
			}
			s.X = append(s.X, float64(n))
			s.Y = append(s.Y, sum/float64(k))
			s.Lo, s.Hi = append(s.Lo, lo), append(s.Hi, hi)
		}
		return s
	}
	flat := func(name string, v float64, c color.RGBA) training.Series {
		s := training.Series{Name: name, Color: c, Dashed: true}
		for _, n := range sizes {
			s.X, s.Y = append(s.X, float64(n)), append(s.Y, v)
		}
		return s
	}
	series := []training.Series{
		mk("model, all", "all", color.RGBA{0, 90, 200, 255}),
		mk("model, English", "en", color.RGBA{0, 160, 80, 255}),
		mk("model, German", "de", color.RGBA{220, 120, 0, 255}),
		flat("rules, all", base["all"], color.RGBA{120, 120, 120, 255}),
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	png := filepath.Join(*outDir, "learning-curve-smoking.png")
	f, err := os.Create(png)
	if err != nil {
		return err
	}
	if err := training.PlotPNG(f, "Smoking status: micro-F1 on the hand-written dev set vs. training examples (mean, min-max of seeds)",
		"labelled training examples (log scale)", "micro-F1", series); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	js := filepath.Join(*outDir, "learning-curve-smoking.json")
	b, _ := json.MarshalIndent(map[string]any{"dev": *dev, "points": points, "rules": base}, "", "  ")
	if err := os.WriteFile(js, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s and %s\n", js, png)
	return nil
}
