package training

import (
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

// Curve is the study's experiment ('notecoder curve'): for each architecture, training
// set size and seed, a model is trained on that many training notes drawn stratified
// (smoking: by label; entities: by language) and scored on the dev notes beside the rule
// baseline. Run writes OutDir/Name.json (every point) and OutDir/Name.png (mean and range
// of the seeds per size).
type Curve struct {
	Task   string   // smoking or entities
	Train  []string // training notes: i2b2 XML (smoking) or entity JSONL
	Dev    string
	Sizes  []int
	Seeds  []int
	Archs  []string // smoking: bag, encoder; entities: tagger
	OutDir string
	Name   string
}

// CurveArchs are the architectures each task's curve can compare.
var CurveArchs = map[string][]string{"smoking": {"bag", "encoder"}, "entities": {"tagger"}}

// Check says what in the settings cannot work.
func (c Curve) Check() error {
	archs, ok := CurveArchs[c.Task]
	if !ok {
		return configErrorf("say which task: 'curve smoking' or 'curve entities'")
	}
	for _, a := range c.Archs {
		known := false
		for _, k := range archs {
			known = known || a == k
		}
		if !known {
			return configErrorf("--arch %q: %s curves compare %s", a, c.Task, strings.Join(archs, " and "))
		}
	}
	for _, n := range append(append([]int(nil), c.Sizes...), c.Seeds...) {
		if n < 1 {
			return configErrorf("--sizes and --seeds must be positive numbers")
		}
	}
	switch {
	case len(c.Sizes) == 0 || len(c.Seeds) == 0 || len(c.Archs) == 0:
		return configErrorf("a curve needs at least one size, seed and architecture")
	case len(c.Train) == 0:
		return configErrorf("no training notes: give --train FILE")
	case c.Dev == "":
		return configErrorf("no dev notes: give --dev FILE")
	}
	return nil
}

// Run trains and scores every point, printing a table to out, and writes the JSON and
// the PNG; it returns their paths.
func (c Curve) Run(out io.Writer) (jsonPath, pngPath string, err error) {
	if err := c.Check(); err != nil {
		return "", "", err
	}
	task, sizes, seeds, archs := c.Task, c.Sizes, c.Seeds, c.Archs
	var ct *curveTask
	if task == "smoking" {
		ct, err = smokingCurve(c.Train, c.Dev)
	} else {
		ct, err = entityCurve(c.Train, c.Dev)
	}
	if err != nil {
		return "", "", err
	}

	var points []CurvePoint
	tmp, err := os.MkdirTemp("", "notecoder-curve-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(tmp)
	w := torch.NewWorker()
	defer w.Close()
	fmt.Fprintf(out, "learning curve, %s, %d training notes from %s; dev set %s; %s all / en / de\n",
		task, ct.items, strings.Join(c.Train, " "), c.Dev, ct.metric)
	fmt.Fprintf(out, "%-8s %-8s %-6s %s\n", "arch", "size", "seed", "model")
	for _, arch := range archs {
		for _, n := range sizes {
			for _, seed := range seeds {
				dir := filepath.Join(tmp, fmt.Sprintf("%s-%d-%d", arch, n, seed))
				idx := Stratified(ct.strata, n, int64(seed))
				if err := ct.train(w, arch, idx, int64(seed), dir); err != nil {
					return "", "", fmt.Errorf("%s size %d seed %d: %w", arch, n, seed, err)
				}
				s, err := ct.score(dir)
				if err != nil {
					return "", "", err
				}
				points = append(points, CurvePoint{arch, len(idx), seed, s})
				fmt.Fprintf(out, "%-8s %-8d %-6d %.3f / %.3f / %.3f\n", arch, len(idx), seed, s["all"], s["en"], s["de"])
			}
		}
	}
	base := ct.baseline
	fmt.Fprintf(out, "%-17s %.3f / %.3f / %.3f\n", "rules baseline", base["all"], base["en"], base["de"])
	fmt.Fprintf(out, "%-8s %-8s %s\n", "arch", "size", "mean of seeds: all / en / de")
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
			fmt.Fprintf(out, "%-8s %-8d %.3f / %.3f / %.3f\n", arch, min(n, ct.items), m["all"]/float64(k), m["en"]/float64(k), m["de"]/float64(k))
		}
	}

	if err := os.MkdirAll(c.OutDir, 0o755); err != nil {
		return "", "", err
	}
	js := filepath.Join(c.OutDir, c.Name+".json")
	b, _ := json.MarshalIndent(CurveResult{Task: task, Train: c.Train, Dev: c.Dev, Metric: ct.metric, Points: points, Rules: base}, "", "  ")
	if err := os.WriteFile(js, append(b, '\n'), 0o644); err != nil {
		return "", "", err
	}
	png := filepath.Join(c.OutDir, c.Name+".png")
	if err := PlotCurve(js, png); err != nil {
		return "", "", err
	}
	return js, png, nil
}

// CurvePoint is one trained model's dev-set score ("all", "en", "de").
type CurvePoint struct {
	Arch  string             `json:"arch"`
	Size  int                `json:"size"`
	Seed  int                `json:"seed"`
	Score map[string]float64 `json:"micro_f1"`
}

// CurveResult is a learning curve's JSON file.
type CurveResult struct {
	Task   string             `json:"task"`
	Train  []string           `json:"train"`
	Dev    string             `json:"dev"`
	Metric string             `json:"metric"`
	Points []CurvePoint       `json:"points"`
	Rules  map[string]float64 `json:"rules"`
}

// PlotCurve draws a learning curve's JSON (Curve.Run writes one) as a PNG: per
// architecture the mean and the range of the seeds at each size, and the rule baseline;
// for one architecture on bilingual notes, English and German apart as well. 'notecoder
// curve --replot' redraws committed curves without training again.
func PlotCurve(jsonPath, pngPath string) error {
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		return err
	}
	var r CurveResult
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("%s: not a learning curve: %w", jsonPath, err)
	}
	if len(r.Points) == 0 {
		return fmt.Errorf("%s: a learning curve without points", jsonPath)
	}
	var archs []string
	var sizes []int
	seenArch, seenSize := map[string]bool{}, map[int]bool{}
	for _, p := range r.Points {
		if !seenArch[p.Arch] {
			seenArch[p.Arch] = true
			archs = append(archs, p.Arch)
		}
		if !seenSize[p.Size] {
			seenSize[p.Size] = true
			sizes = append(sizes, p.Size)
		}
	}
	sort.Ints(sizes)
	mk := func(arch, name, l string, c color.RGBA) Series {
		s := Series{Name: name, Color: c}
		for _, n := range sizes {
			sum, lo, hi, k := 0.0, 1.0, 0.0, 0
			for _, p := range r.Points {
				if p.Arch == arch && p.Size == n {
					v := p.Score[l]
					sum += v
					lo, hi = min(lo, v), max(hi, v)
					k++
				}
			}
			if k == 0 {
				continue
			}
			s.X = append(s.X, float64(n))
			s.Y = append(s.Y, sum/float64(k))
			s.Lo, s.Hi = append(s.Lo, lo), append(s.Hi, hi)
		}
		return s
	}
	flat := func(name string, v float64, c color.RGBA) Series {
		s := Series{Name: name, Color: c, Dashed: true}
		for _, n := range sizes {
			s.X, s.Y = append(s.X, float64(n)), append(s.Y, v)
		}
		return s
	}
	palette := []color.RGBA{{0, 90, 200, 255}, {200, 30, 60, 255}, {0, 160, 80, 255}, {220, 120, 0, 255}}
	// The rule baseline's series comes first: its x values are every size (the axis ticks).
	series := []Series{flat("rules", r.Rules["all"], color.RGBA{120, 120, 120, 255})}
	bilingual := r.Rules["de"] > 0 || r.Rules["en"] != r.Rules["all"]
	for i, arch := range archs {
		label := arch
		if label == "" && len(CurveArchs[r.Task]) > 0 { // curves written before points named their architecture
			label = CurveArchs[r.Task][0]
		}
		if bilingual && len(archs) == 1 {
			series = append(series, mk(arch, label+", all", "all", palette[0]), mk(arch, label+", English", "en", palette[2]), mk(arch, label+", German", "de", palette[3]))
			continue
		}
		series = append(series, mk(arch, label, "all", palette[i%len(palette)]))
	}
	f, err := os.Create(pngPath)
	if err != nil {
		return err
	}
	title := map[string]string{"smoking": "Smoking status", "entities": "Asserted conditions"}[r.Task] +
		": dev-set micro-F1 by training notes (mean, min-max of seeds)"
	if err := PlotPNG(f, title, "training notes (log scale)", "micro-F1", series); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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

// LangOf says a note's language: from an id like dev-de-001 when it says, else guessed.
func LangOf(id, text string) string {
	switch {
	case strings.Contains(id, "-de-"):
		return "de"
	case strings.Contains(id, "-en-"):
		return "en"
	}
	return GuessLang(text)
}

func smokingCurve(trainFiles []string, dev string) (*curveTask, error) {
	var train []SmokingRecord
	for _, f := range trainFiles {
		recs, err := ReadI2B2File(f)
		if err != nil {
			return nil, err
		}
		train = append(train, recs...)
	}
	recs, err := ReadI2B2File(dev)
	if err != nil {
		return nil, err
	}
	in := smokingInputs(recs)
	gold := make([]findings.SmokingStatus, len(recs))
	lang := make([]string, len(recs))
	for i, r := range recs {
		gold[i], lang[i] = r.Status, LangOf(r.ID, r.Text)
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
			out[l] = ScoreSmoking(g, p).MicroF1
		}
		return out
	}
	baseline, _ := rules.New().Extract(context.Background(), in)
	ct := &curveTask{name: "smoking", metric: "smoking status micro-F1", items: len(train), baseline: score(baseline)}
	for _, r := range train {
		ct.strata = append(ct.strata, string(r.Status))
	}
	ct.train = func(w *torch.Worker, arch string, idx []int, seed int64, dir string) error {
		var sub []SmokingRecord
		for _, i := range idx {
			sub = append(sub, train[i])
		}
		return w.Do(context.Background(), func() error {
			out := filepath.Join(dir, "smoking")
			if arch == "encoder" {
				m, _, err := models.TrainEncoderSmoking(models.DefaultEncoderConfig(), SentencesFromRecords(sub), models.TrainOptions{
					Epochs: 8, Batch: 16, LR: 1e-4, Patience: 2, Seed: seed, Device: gotch.CPU, ValSplit: 0.15})
				if err != nil {
					return err
				}
				_, err = m.Save(out, models.EncoderSmokingMeta{Name: "curve", Version: filepath.Base(dir)}, nil)
				return err
			}
			m, _, err := models.TrainSmoking(models.DefaultSmokingConfig(), SentencesFromRecords(sub), models.TrainOptions{
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
	var train []EntityRecord
	for _, f := range trainFiles {
		recs, err := ReadEntitiesFile(f, KnownConcept)
		if err != nil {
			return nil, err
		}
		train = append(train, recs...)
	}
	recs, err := ReadEntitiesFile(dev, KnownConcept)
	if err != nil {
		return nil, err
	}
	in := entityInputs(recs)
	score := func(found []findings.Findings) map[string]float64 {
		out := map[string]float64{}
		for _, l := range []string{"all", "en", "de"} {
			var g []EntityRecord
			var p []findings.Findings
			for i, r := range recs {
				if l == "all" || r.Lang == l {
					g, p = append(g, r), append(p, found[i])
				}
			}
			out[l] = ScoreEntities(g, p).Conditions.F1
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
		var sub []EntityRecord
		for _, i := range idx {
			sub = append(sub, train[i])
		}
		notes, _ := TaggedNotes(sub)
		return w.Do(context.Background(), func() error {
			t, _, err := models.TrainTagger(models.DefaultTaggerConfig(ConceptCodes()), notes, models.TrainOptions{
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
	found, err := extractWith(o, in)
	if err != nil {
		return nil, err
	}
	return score(found), nil
}

// extractWith opens the models o names, reads the notes and closes the models again.
func extractWith(o models.Options, in []nlp.Input) ([]findings.Findings, error) {
	ex, err := models.Open(o)
	if err != nil {
		return nil, err
	}
	defer ex.Close()
	return ex.Extract(context.Background(), in)
}
