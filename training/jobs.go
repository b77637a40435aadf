package training

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
)

// ConfigError is a job's settings that cannot work: the command line says what to change.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{Msg: fmt.Sprintf(format, args...)}
}

// Trained is what a training job wrote.
type Trained struct {
	Dir     string             // the model directory (absolute)
	Models  int                // 1, or the ensemble's size
	Result  models.TrainResult // of the last model trained
	SHA256  string             // of the last model's weights
	Elapsed time.Duration
}

// Summary is the line a command prints when a job is done.
func (t Trained) Summary() string {
	return fmt.Sprintf("done in %s: %d model(s); last: best epoch %d of %d, validation accuracy %.4f; model %s (weights sha256 %s)",
		t.Elapsed.Round(time.Second), t.Models, t.Result.BestEpoch, t.Result.Epochs, t.Result.ValAccuracy, t.Dir, t.SHA256[:min(12, len(t.SHA256))])
}

// SmokingJob trains the smoking-status sentence classifier ('notecoder train smoking').
// Zero Epochs, Patience, Ensemble and LR take the architecture's defaults.
type SmokingJob struct {
	Data       []string // i2b2 XML files
	Synthetic  int      // synthetic tobacco sentences to add
	Out        string
	Seed       int64
	Epochs     int
	Patience   int
	Ensemble   int
	LR         float64
	Arch       string // bag or encoder
	TuneFrom   int    // encoder: first pretrained layer fine-tuned
	RuleWeight int    // bag: weight of the rules' reading in the features
	Device     gotch.Device
	Version    string
	// Distillation: Teacher labels the tobacco sentences of Unlabelled, keeping labels it
	// is at least MinProb sure of. Notes of Exclude files are never trained on.
	Teacher    string
	Unlabelled []string
	Exclude    []string
	MinProb    float64
	// Extra are labelled sentences added to the data (clinicians' corrections when
	// retraining), each ExtraWeight times (< 1: once).
	Extra       []models.Example
	ExtraWeight int
	// WarmStart, if set, is a bag smoking model directory (an ensemble or one model):
	// each member starts from the weights of the matching member (models.TrainOptions.InitFrom).
	WarmStart string
	// Replay, with WarmStart, keeps only this many of the base sentences (a seeded
	// sample; 0: all): the warm-started model sees the new sentences beside a sample of
	// what it already knows, instead of being fitted to everything again.
	Replay int
}

// smokingDefaults are epochs, patience, ensemble size and learning rate per architecture.
var smokingDefaults = map[string][4]float64{"bag": {30, 4, 3, 0.01}, "encoder": {8, 2, 1, 1e-4}}

// Check fills in the defaults and says what cannot work, before anything is read.
func (j *SmokingJob) Check() error {
	d, ok := smokingDefaults[j.Arch]
	if !ok {
		return configErrorf("--arch %q: want bag or encoder", j.Arch)
	}
	for _, f := range []struct {
		v *int
		d float64
	}{{&j.Epochs, d[0]}, {&j.Patience, d[1]}, {&j.Ensemble, d[2]}} {
		if *f.v == 0 {
			*f.v = int(f.d)
		}
	}
	if j.LR == 0 {
		j.LR = d[3]
	}
	if j.Ensemble < 1 || j.Epochs < 1 || j.Patience < 1 || j.LR < 0 {
		return configErrorf("--ensemble, --epochs and --patience must be at least 1, --lr positive")
	}
	if j.Arch == "encoder" && j.Ensemble > 1 {
		return configErrorf("--ensemble %d: an encoder model is trained alone (the extractor averages bag ensembles only)", j.Ensemble)
	}
	if j.WarmStart != "" && j.Arch != "bag" {
		return configErrorf("a warm start is for the bag model (--arch bag)")
	}
	if (j.Teacher == "") != (len(j.Unlabelled) == 0) {
		return configErrorf("distillation needs both --teacher DIR and --unlabelled FILE.jsonl")
	}
	if len(j.Data) == 0 && j.Synthetic <= 0 && j.Teacher == "" && len(j.Extra) == 0 {
		return configErrorf("nothing to train on: give --data FILE.xml and/or --synthetic N")
	}
	return nil
}

// Run reads the data, trains and writes the model directory; out gets what was trained
// on, progress the bars and epoch lines.
func (j SmokingJob) Run(out, progress io.Writer) (Trained, error) {
	if err := j.Check(); err != nil {
		return Trained{}, err
	}
	excluded, err := ExcludedIDs(j.Exclude)
	if err != nil {
		return Trained{}, err
	}
	var examples []models.Example
	var records int
	for _, f := range j.Data {
		recs, err := ReadI2B2File(f)
		if err != nil {
			return Trained{}, err
		}
		for _, r := range recs {
			if excluded[r.ID] {
				return Trained{}, configErrorf("--data %s holds note %s, which --exclude keeps out of training", f, r.ID)
			}
		}
		records += len(recs)
		examples = append(examples, SentencesFromRecords(recs)...)
	}
	distilled := 0
	if j.Teacher != "" {
		var sentences []string
		for _, f := range j.Unlabelled {
			notes, err := ReadCorpus(f)
			if err != nil {
				return Trained{}, fmt.Errorf("--unlabelled: %w", err)
			}
			sentences = append(sentences, CorpusTobaccoSentences(notes, excluded)...)
		}
		tw := torch.NewWorker()
		err := tw.Do(context.Background(), func() error {
			t, meta, _, err := models.LoadSmokingAny(j.Teacher, j.Device)
			if err != nil {
				return fmt.Errorf("--teacher: %w", err)
			}
			fmt.Fprintf(progress, "teacher %s %s labels %d unlabelled tobacco sentences\n", meta.Name, meta.Version, len(sentences))
			pseudo := PseudoLabel(t, sentences, j.MinProb)
			distilled = len(pseudo)
			examples = append(examples, pseudo...)
			return nil
		})
		tw.Close()
		if err != nil {
			return Trained{}, err
		}
	}
	synthetic := max(j.Synthetic, 0)
	if synthetic > 0 {
		examples = append(examples, SmokingSentences(j.Seed, synthetic)...)
	}
	if j.WarmStart != "" && j.Replay > 0 && j.Replay < len(examples) {
		r := rand.New(rand.NewSource(j.Seed))
		r.Shuffle(len(examples), func(a, b int) { examples[a], examples[b] = examples[b], examples[a] })
		examples = examples[:j.Replay]
	}
	extra := 0
	for k := 0; k < max(j.ExtraWeight, 1); k++ {
		examples = append(examples, j.Extra...)
		extra += len(j.Extra)
	}
	if len(examples) == 0 {
		return Trained{}, configErrorf("nothing to train on: the --data files hold no sentences")
	}
	if j.WarmStart != "" && j.Replay > 0 {
		fmt.Fprintf(out, "training the smoking model (%s, from %s) on %d sentences (%d of the base data, %d corrections x%d), device %s\n",
			j.Arch, j.WarmStart, len(examples), len(examples)-extra, len(j.Extra), max(j.ExtraWeight, 1), torch.DeviceName(j.Device))
	} else {
		fmt.Fprintf(out, "training the smoking model (%s) on %d sentences (%d from %d i2b2 notes, %d labelled by the teacher, %d synthetic, %d corrections x%d), device %s\n",
			j.Arch, len(examples), len(examples)-synthetic-distilled-extra, records, distilled, synthetic, len(j.Extra), max(j.ExtraWeight, 1), torch.DeviceName(j.Device))
	}
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	if err := ClearModelDir(j.Out); err != nil {
		return Trained{}, err
	}
	tr := Trained{Models: j.Ensemble}
	for k := 0; k < j.Ensemble; k++ {
		dir, mseed := j.Out, j.Seed+int64(k)
		if j.Ensemble > 1 {
			dir = filepath.Join(j.Out, fmt.Sprintf("member-%d", k+1))
			fmt.Fprintf(progress, "member %d of %d (seed %d)\n", k+1, j.Ensemble, mseed)
		}
		err := w.Do(context.Background(), func() error {
			prog := NewProgress(progress, "validation accuracy")
			defer prog.Done()
			opt := models.TrainOptions{
				Epochs: j.Epochs, Batch: 64, LR: j.LR, Patience: j.Patience, Seed: mseed, Device: j.Device, ValSplit: 0.15,
				OnStep: prog.Step, OnEpoch: prog.Epoch, InitFrom: warmMember(j.WarmStart, k),
			}
			extra := func(r models.TrainResult) map[string]any {
				return map[string]any{
					"metrics.json": r,
					"data.json": map[string]any{"i2b2_files": j.Data, "i2b2_notes": records, "synthetic_sentences": j.Synthetic,
						"teacher": j.Teacher, "unlabelled": j.Unlabelled, "excluded_notes": len(excluded), "teacher_sentences": distilled,
						"seed": mseed, "synthetic_seed": j.Seed, "sentences": len(examples), "label_counts": r.LabelCounts,
						"corrections": len(j.Extra), "correction_weight": max(j.ExtraWeight, 1)},
				}
			}
			var err error
			if j.Arch == "encoder" {
				cfg := models.DefaultEncoderConfig()
				cfg.TuneFrom = j.TuneFrom
				opt.Batch = 16
				m, r, err := models.TrainEncoderSmoking(cfg, examples, opt)
				if err != nil {
					return err
				}
				tr.Result = r
				tr.SHA256, err = m.Save(dir, models.EncoderSmokingMeta{Name: "notecoder-smoking-encoder", Version: j.Version}, extra(r))
				return err
			}
			cfg := models.DefaultSmokingConfig()
			cfg.RuleWeight = j.RuleWeight
			m, r, err := models.TrainSmoking(cfg, examples, opt)
			if err != nil {
				return err
			}
			tr.Result = r
			tr.SHA256, err = m.Save(dir, models.SmokingMeta{Name: "notecoder-smoking", Version: j.Version}, extra(r))
			return err
		})
		if err != nil {
			return Trained{}, err
		}
	}
	tr.Dir, _ = filepath.Abs(j.Out)
	tr.Elapsed = time.Since(start)
	return tr, nil
}

// warmMember is the model directory member k of an ensemble starts from: the matching
// member of dir, else (dir is one model) dir itself; "" without a warm start.
func warmMember(dir string, k int) string {
	if dir == "" {
		return ""
	}
	m := filepath.Join(dir, fmt.Sprintf("member-%d", k+1))
	if _, err := os.Stat(m); err == nil {
		return m
	}
	return dir
}

// EntitiesJob trains the cardiology entity tagger ('notecoder train entities').
type EntitiesJob struct {
	Data      []string // entity JSONL with mention spans
	Synthetic int      // synthetic notes to add
	Out       string
	Seed      int64
	Epochs    int
	Patience  int
	LR        float64 // 0: the architecture's default
	Arch      string  // window or bilstm
	Device    gotch.Device
	Version   string
}

// Run reads the notes, trains and writes the tagger's directory.
func (j EntitiesJob) Run(out, progress io.Writer) (Trained, error) {
	if j.Arch != "window" && j.Arch != "bilstm" {
		return Trained{}, configErrorf("--arch must be window or bilstm")
	}
	var notes []models.TaggedNote
	skipped := 0
	add := func(recs []EntityRecord) {
		n, s := TaggedNotes(recs)
		notes, skipped = append(notes, n...), skipped+s
	}
	for _, f := range j.Data {
		recs, err := ReadEntitiesFile(f, KnownConcept)
		if err != nil {
			return Trained{}, err
		}
		add(recs)
	}
	if j.Synthetic > 0 {
		_, recs := Synthetic(j.Seed, j.Synthetic, "both")
		add(recs)
	}
	if len(notes) == 0 {
		return Trained{}, configErrorf("nothing to train on: give --data FILE.jsonl (with spans) and/or --synthetic N")
	}
	fmt.Fprintf(out, "training the entity tagger on %d notes (%d skipped without spans), device %s\n", len(notes), skipped, torch.DeviceName(j.Device))
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	tr := Trained{Models: 1}
	err := w.Do(context.Background(), func() error {
		cfg, batch, rate := models.DefaultTaggerConfig(ConceptCodes()), 256, 0.01 // tokens per step
		if j.Arch == "bilstm" {
			cfg.Arch, cfg.Hidden, batch, rate = "bilstm", 32, 16, 0.003 // sentences per step
		}
		if j.LR > 0 {
			rate = j.LR
		}
		prog := NewProgress(progress, "validation mention-token accuracy")
		defer prog.Done()
		t, r, err := models.TrainTagger(cfg, notes, models.TrainOptions{
			Epochs: j.Epochs, Batch: batch, LR: rate, Patience: j.Patience, Seed: j.Seed, Device: j.Device, ValSplit: 0.1,
			OnStep: prog.Step, OnEpoch: prog.Epoch,
		})
		if err != nil {
			return err
		}
		tr.Result = r
		tr.SHA256, err = t.Save(j.Out, models.TaggerMeta{Name: "notecoder-entities", Version: j.Version}, map[string]any{
			"metrics.json": r,
			"data.json":    map[string]any{"jsonl_files": j.Data, "synthetic_notes": j.Synthetic, "seed": j.Seed, "notes": len(notes), "skipped_without_spans": skipped},
		})
		return err
	})
	if err != nil {
		return Trained{}, err
	}
	tr.Dir, _ = filepath.Abs(j.Out)
	tr.Elapsed = time.Since(start)
	return tr, nil
}

// AssertionJob trains the assertion model ('notecoder train assertion').
type AssertionJob struct {
	Data     []string // entity JSONL whose conditions carry per-mention assertions
	Out      string
	Seed     int64
	Epochs   int // 0: 40 for bag, 8 for encoder
	Patience int // 0: 5 for bag, 2 for encoder
	LR       float64
	Arch     string  // "bag" (default) or "encoder"
	TuneFrom int     // encoder: first fine-tuned layer
	TextOnly bool    // encoder: reads the text without the rules' verdict
	Veto     float64 // encoder: > 0, the rules decide and the model only takes an assertion away when at least this sure
	Device   gotch.Device
	Version  string
}

// Run reads the annotated mentions, trains and writes the model directory.
func (j AssertionJob) Run(out, progress io.Writer) (Trained, error) {
	if len(j.Data) == 0 {
		return Trained{}, configErrorf("--data FILE.jsonl is required (e.g. testdata/real/conditions-train.jsonl)")
	}
	if j.Arch != "" && j.Arch != "bag" && j.Arch != "encoder" {
		return Trained{}, configErrorf("--arch %q: use bag or encoder", j.Arch)
	}
	if !(j.Veto >= 0 && j.Veto < 1) || j.Veto > 0 && j.Arch != "encoder" {
		return Trained{}, configErrorf("--veto %g: a probability in (0, 1), for --arch encoder only (0: the model decides every mention)", j.Veto)
	}
	if j.TextOnly && j.Arch != "encoder" {
		return Trained{}, configErrorf("--rule-input=false is for --arch encoder (the bag model always reads the rules' verdict)")
	}
	var examples []models.AssertionExample
	skipped, records := 0, 0
	for _, f := range j.Data {
		recs, err := ReadEntitiesFile(f, KnownConcept)
		if err != nil {
			return Trained{}, err
		}
		records += len(recs)
		ex, sk := AssertionExamples(recs)
		examples = append(examples, ex...)
		skipped += sk
	}
	if len(examples) == 0 {
		return Trained{}, configErrorf("no mention in --data carries an assertion: the files need conditions with \"mentions\"")
	}
	fmt.Fprintf(out, "training the assertion model on %d mentions from %d notes (%d unannotated repeats left out), device %s\n",
		len(examples), records, skipped, torch.DeviceName(j.Device))
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	if err := ClearModelDir(j.Out); err != nil {
		return Trained{}, err
	}
	tr := Trained{Models: 1}
	err := w.Do(context.Background(), func() error {
		prog := NewProgress(progress, "validation accuracy")
		defer prog.Done()
		opt := models.TrainOptions{
			Epochs: j.Epochs, Batch: 32, LR: j.LR, Patience: j.Patience, Seed: j.Seed, Device: j.Device, ValSplit: 0.15,
			OnStep: prog.Step, OnEpoch: prog.Epoch,
		}
		extra := func(r models.TrainResult) map[string]any {
			return map[string]any{
				"metrics.json": r,
				"data.json":    map[string]any{"files": j.Data, "notes": records, "mentions": len(examples), "seed": j.Seed, "label_counts": r.LabelCounts},
			}
		}
		if j.Arch == "encoder" {
			opt.Epochs, opt.Patience, opt.LR, opt.Batch = cmp.Or(opt.Epochs, 8), cmp.Or(opt.Patience, 2), cmp.Or(opt.LR, 1e-4), 16
			cfg := models.DefaultEncoderAssertionConfig()
			cfg.TuneFrom, cfg.Rule, cfg.Veto = j.TuneFrom, !j.TextOnly, j.Veto
			m, r, err := models.TrainEncoderAssertion(cfg, examples, opt)
			if err != nil {
				return err
			}
			tr.Result = r
			tr.SHA256, err = m.Save(j.Out, models.EncoderAssertionMeta{Name: "notecoder-assertion-encoder", Version: j.Version}, extra(r))
			return err
		}
		opt.Epochs, opt.Patience, opt.LR = cmp.Or(opt.Epochs, 40), cmp.Or(opt.Patience, 5), cmp.Or(opt.LR, 0.01)
		m, r, err := models.TrainAssertion(models.DefaultAssertionConfig(), examples, opt)
		if err != nil {
			return err
		}
		tr.Result = r
		tr.SHA256, err = m.Save(j.Out, models.AssertionMeta{Name: "notecoder-assertion", Version: j.Version}, extra(r))
		return err
	})
	if err != nil {
		return Trained{}, err
	}
	tr.Dir, _ = filepath.Abs(j.Out)
	tr.Elapsed = time.Since(start)
	return tr, nil
}

// ClearModelDir removes a previous model's files from dir (and only those), so that a
// single model and an ensemble never mix.
func ClearModelDir(dir string) error {
	old, _ := filepath.Glob(filepath.Join(dir, "member-*"))
	for _, name := range []string{"MANIFEST.json", "weights.gt", "config.json", "metrics.json", "data.json"} {
		old = append(old, filepath.Join(dir, name))
	}
	for _, p := range old {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("clearing the old model in %s: %w", dir, err)
		}
	}
	return nil
}

// TaggedNotes turns annotated notes into tagger training notes; notes whose conditions
// have no spans cannot teach the tagger and are counted as skipped.
func TaggedNotes(recs []EntityRecord) (notes []models.TaggedNote, skipped int) {
	for _, r := range recs {
		m := map[string][]findings.Span{}
		spans := 0
		for _, c := range r.Conditions {
			m[c.Code] = append(m[c.Code], c.Spans...)
			spans += len(c.Spans)
		}
		if len(r.Conditions) > 0 && spans == 0 {
			skipped++
			continue
		}
		notes = append(notes, models.TaggedNote{Text: r.Text, Mentions: m})
	}
	return notes, skipped
}

// ConceptCodes are the tagger's codes: the concept table's, in its order.
func ConceptCodes() []string {
	var codes []string
	for _, c := range fhir.Concepts() {
		codes = append(codes, c.SNOMED)
	}
	return codes
}

// KnownConcept says whether a SNOMED code is in the concept table (annotated files may
// only use those).
func KnownConcept(code string) bool {
	_, ok := fhir.LookupConcept(code)
	return ok
}
