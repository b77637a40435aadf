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

	"github.com/notecoder/notecoder/fhir"
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

// curveTask is what differs between the two learning curves: the training items and
// their strata, how a subset trains a model, and how a model scores on the dev set.
type curveTask struct {
	name, metric string
	items        int
	strata       []string                                                                    // per training item
	train        func(w *torch.Worker, arch string, idx []int, seed int64, dir string) error // writes dir/<model>
	score        func(modelsDir string) (map[string]float64, error)                          // "all", "en", "de"
	baseline     map[string]float64
}

func runCurve(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "smoking" && args[0] != "entities") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: notecoder curve smoking|entities [--train FILE ...] [--dev FILE] [--arch bag,encoder] [--sizes 25,50,100,200,300] [--seeds 1,2,3] [--out docs] [--name NAME]\n\n"+
				"The study's experiment: for each model architecture, size N and seed, trains a model on N\n"+
				"training notes drawn stratified (smoking: by label; entities: by language), scores it on\n"+
				"the dev set beside the rule baseline (smoking status micro-F1; asserted conditions\n"+
				"micro-F1), and writes OUT/NAME.{json,png}. No synthetic data. Smoking architectures: bag\n"+
				"(trained from scratch) and encoder (the pretrained encoder fine-tuned); entities: tagger.\n"+
				"The real-note curves: make learning-curve.")
			return nil
		}
		return usageErrorf("say which task: 'curve smoking' or 'curve entities'")
	}
	task := args[0]
	fs := newFlagSet("curve "+task, "curve "+task+" [--train FILE ...] [--dev FILE] [--sizes ...] [--seeds ...] [--out DIR]", stdout)
	var trainFiles stringList
	fs.Var(&trainFiles, "train", "hand-written training notes (repeatable; default: the ones in testdata/train)")
	devDefault := map[string]string{"smoking": "testdata/dev/smoking-dev.xml", "entities": "testdata/dev/entities-dev.jsonl"}[task]
	dev := fs.String("dev", devDefault, "hand-written evaluation notes")
	sizesF := fs.String("sizes", "25,50,100,200,300", "training set sizes (notes)")
	seedsF := fs.String("seeds", "1,2,3", "seeds per size")
	outDir := fs.String("out", "docs", "where to write NAME.json and NAME.png")
	name := fs.String("name", "learning-curve-"+task, "file name (without extension) of the curve's JSON and PNG")
	archDefault := map[string]string{"smoking": "bag", "entities": "tagger"}[task]
	archF := fs.String("arch", archDefault, "architectures to compare, comma-separated (smoking: bag, encoder; entities: tagger)")
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
	archs := strings.Split(*archF, ",")
	for _, a := range archs {
		ok := map[string]bool{"smoking/bag": true, "smoking/encoder": true, "entities/tagger": true}[task+"/"+a]
		if !ok {
			return usageErrorf("--arch %q: %s curves compare %s", a, task, map[string]string{"smoking": "bag and encoder", "entities": "tagger"}[task])
		}
	}
	if len(trainFiles) == 0 {
		pattern := map[string]string{"smoking": "testdata/train/smoking-train-*.xml", "entities": "testdata/train/entities-train-*.jsonl"}[task]
		trainFiles, _ = filepath.Glob(pattern)
		if len(trainFiles) == 0 {
			return usageErrorf("no training notes: give --train FILE (none match %s here)", pattern)
		}
	}
	var ct *curveTask
	if task == "smoking" {
		ct, err = smokingCurve(trainFiles, *dev)
	} else {
		ct, err = entityCurve(trainFiles, *dev)
	}
	if err != nil {
		return err
	}

	type point struct {
		Arch  string             `json:"arch"`
		Size  int                `json:"size"`
		Seed  int                `json:"seed"`
		Score map[string]float64 `json:"micro_f1"`
	}
	var points []point
	tmp, err := os.MkdirTemp("", "notecoder-curve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	w := torch.NewWorker()
	defer w.Close()
	fmt.Fprintf(stdout, "learning curve, %s, %d training notes from %s; dev set %s; %s all / en / de\n",
		task, ct.items, strings.Join(trainFiles, " "), *dev, ct.metric)
	fmt.Fprintf(stdout, "%-8s %-8s %-6s %s\n", "arch", "size", "seed", "model")
	for _, arch := range archs {
		for _, n := range sizes {
			for _, seed := range seeds {
				dir := filepath.Join(tmp, fmt.Sprintf("%s-%d-%d", arch, n, seed))
				idx := training.Stratified(ct.strata, n, int64(seed))
				if err := ct.train(w, arch, idx, int64(seed), dir); err != nil {
					return fmt.Errorf("%s size %d seed %d: %w", arch, n, seed, err)
				}
				s, err := ct.score(dir)
				if err != nil {
					return err
				}
				points = append(points, point{arch, len(idx), seed, s})
				fmt.Fprintf(stdout, "%-8s %-8d %-6d %.3f / %.3f / %.3f\n", arch, len(idx), seed, s["all"], s["en"], s["de"])
			}
		}
	}
	base := ct.baseline
	fmt.Fprintf(stdout, "%-17s %.3f / %.3f / %.3f\n", "rules baseline", base["all"], base["en"], base["de"])
	fmt.Fprintf(stdout, "%-8s %-8s %s\n", "arch", "size", "mean of seeds: all / en / de")
	for _, arch := range archs {
		for _, n := range sizes {
			m := map[string]float64{}
			k := 0
			for _, p := range points {
				if p.Arch == arch && p.Size == min(n, ct.items) {
					for l, v := range p.Score {
						m[l] += v
					}
					k++
				}
			}
			fmt.Fprintf(stdout, "%-8s %-8d %.3f / %.3f / %.3f\n", arch, min(n, ct.items), m["all"]/float64(k), m["en"]/float64(k), m["de"]/float64(k))
		}
	}

	// Mean and range per size, per architecture and language.
	mk := func(arch, name, l string, c color.RGBA) training.Series {
		s := training.Series{Name: name, Color: c}
		for _, n := range sizes {
			n = min(n, ct.items)
			sum, lo, hi, k := 0.0, 1.0, 0.0, 0
			for _, p := range points {
				if p.Arch == arch && p.Size == n {
					v := p.Score[l]
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
			s.X, s.Y = append(s.X, float64(min(n, ct.items))), append(s.Y, v)
		}
		return s
	}
	palette := []color.RGBA{{0, 90, 200, 255}, {200, 30, 60, 255}, {0, 160, 80, 255}, {220, 120, 0, 255}}
	var series []training.Series
	bilingual := base["de"] > 0 || base["en"] != base["all"]
	for i, arch := range archs {
		if bilingual && len(archs) == 1 {
			series = append(series, mk(arch, arch+", all", "all", palette[0]), mk(arch, arch+", English", "en", palette[2]), mk(arch, arch+", German", "de", palette[3]))
			continue
		}
		series = append(series, mk(arch, arch, "all", palette[i%len(palette)]))
	}
	series = append(series, flat("rules", base["all"], color.RGBA{120, 120, 120, 255}))
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	png := filepath.Join(*outDir, *name+".png")
	f, err := os.Create(png)
	if err != nil {
		return err
	}
	title := map[string]string{"smoking": "Smoking status", "entities": "Asserted conditions"}[task] +
		": dev-set micro-F1 by training notes (mean, min-max of seeds)"
	if err := training.PlotPNG(f, title, "training notes (log scale)", "micro-F1", series); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	js := filepath.Join(*outDir, *name+".json")
	b, _ := json.MarshalIndent(map[string]any{"task": task, "train": []string(trainFiles), "dev": *dev, "metric": ct.metric, "points": points, "rules": base}, "", "  ")
	if err := os.WriteFile(js, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s and %s\n", js, png)
	return nil
}

// langOf says a note's language: from an id like dev-de-001 when it says, else guessed.
func langOf(id, text string) string {
	switch {
	case strings.Contains(id, "-de-"):
		return "de"
	case strings.Contains(id, "-en-"):
		return "en"
	}
	return training.GuessLang(text)
}

func smokingCurve(trainFiles []string, dev string) (*curveTask, error) {
	var train []training.SmokingRecord
	for _, f := range trainFiles {
		recs, err := training.ReadI2B2File(f)
		if err != nil {
			return nil, err
		}
		train = append(train, recs...)
	}
	recs, err := training.ReadI2B2File(dev)
	if err != nil {
		return nil, err
	}
	in := make([]nlp.Input, len(recs))
	gold := make([]findings.SmokingStatus, len(recs))
	lang := make([]string, len(recs))
	for i, r := range recs {
		in[i], gold[i], lang[i] = nlp.Input{Text: r.Text, Date: nlp.DateInText(r.Text)}, r.Status, langOf(r.ID, r.Text)
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
	baseline, _ := rules.New().Extract(context.Background(), in)
	ct := &curveTask{name: "smoking", metric: "smoking status micro-F1", items: len(train), baseline: score(baseline)}
	for _, r := range train {
		ct.strata = append(ct.strata, string(r.Status))
	}
	ct.train = func(w *torch.Worker, arch string, idx []int, seed int64, dir string) error {
		var sub []training.SmokingRecord
		for _, i := range idx {
			sub = append(sub, train[i])
		}
		return w.Do(context.Background(), func() error {
			out := filepath.Join(dir, "smoking")
			if arch == "encoder" {
				m, _, err := models.TrainEncoderSmoking(models.DefaultEncoderConfig(), training.SentencesFromRecords(sub), models.TrainOptions{
					Epochs: 8, Batch: 16, LR: 1e-4, Patience: 2, Seed: seed, Device: gotch.CPU, ValSplit: 0.15})
				if err != nil {
					return err
				}
				_, err = m.Save(out, models.EncoderSmokingMeta{Name: "curve", Version: filepath.Base(dir)}, nil)
				return err
			}
			m, _, err := models.TrainSmoking(models.DefaultSmokingConfig(), training.SentencesFromRecords(sub), models.TrainOptions{
				Epochs: 30, Batch: 32, LR: 0.01, Patience: 4, Seed: seed, Device: gotch.CPU, ValSplit: 0.15})
			if err != nil {
				return err
			}
			_, err = m.Save(out, models.SmokingMeta{Name: "curve", Version: filepath.Base(dir)}, nil)
			return err
		})
	}
	ct.score = func(dir string) (map[string]float64, error) {
		return scoreModels(models.Options{Smoking: filepath.Join(dir, "smoking"), Device: gotch.CPU}, in, score)
	}
	return ct, nil
}

func entityCurve(trainFiles []string, dev string) (*curveTask, error) {
	known := func(c string) bool { _, ok := fhir.LookupConcept(c); return ok }
	var train []training.EntityRecord
	for _, f := range trainFiles {
		recs, err := training.ReadEntitiesFile(f, known)
		if err != nil {
			return nil, err
		}
		train = append(train, recs...)
	}
	recs, err := training.ReadEntitiesFile(dev, known)
	if err != nil {
		return nil, err
	}
	in := make([]nlp.Input, len(recs))
	for i, r := range recs {
		in[i] = nlp.Input{Text: r.Text}
	}
	score := func(found []findings.Findings) map[string]float64 {
		out := map[string]float64{}
		for _, l := range []string{"all", "en", "de"} {
			var g []training.EntityRecord
			var p []findings.Findings
			for i, r := range recs {
				if l == "all" || r.Lang == l {
					g, p = append(g, r), append(p, found[i])
				}
			}
			out[l] = training.ScoreEntities(g, p).Conditions.F1
		}
		return out
	}
	baseline, _ := rules.New().Extract(context.Background(), in)
	smoking, err := models.BuiltinDir() // the tagger is scored inside the full extractor
	if err != nil {
		return nil, err
	}
	ct := &curveTask{name: "entities", metric: "asserted conditions micro-F1", items: len(train), baseline: score(baseline)}
	for _, r := range train {
		ct.strata = append(ct.strata, r.Lang)
	}
	ct.train = func(w *torch.Worker, _ string, idx []int, seed int64, dir string) error {
		var sub []training.EntityRecord
		for _, i := range idx {
			sub = append(sub, train[i])
		}
		notes, _ := taggedNotes(sub)
		return w.Do(context.Background(), func() error {
			t, _, err := models.TrainTagger(models.DefaultTaggerConfig(conceptCodes()), notes, models.TrainOptions{
				Epochs: 20, Batch: 256, LR: 0.01, Patience: 3, Seed: seed, Device: gotch.CPU, ValSplit: 0.1})
			if err != nil {
				return err
			}
			_, err = t.Save(filepath.Join(dir, "entities"), models.TaggerMeta{Name: "curve", Version: filepath.Base(dir)}, nil)
			return err
		})
	}
	ct.score = func(dir string) (map[string]float64, error) {
		o := models.Options{Smoking: filepath.Join(smoking, "smoking"), Entities: filepath.Join(dir, "entities"), Device: gotch.CPU}
		return scoreModels(o, in, score)
	}
	return ct, nil
}

// scoreModels opens the models o names, reads the dev notes and scores what they found.
func scoreModels(o models.Options, in []nlp.Input, score func([]findings.Findings) map[string]float64) (map[string]float64, error) {
	ex, err := models.Open(o)
	if err != nil {
		return nil, err
	}
	defer ex.Close()
	found, err := ex.Extract(context.Background(), in)
	if err != nil {
		return nil, err
	}
	return score(found), nil
}
