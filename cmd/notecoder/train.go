package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/encoder"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "train", summary: "train a model: 'train smoking' (sentence classifier on synthetic and/or i2b2 data)", run: runTrain})
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runTrain(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "entities" {
		return runTrainEntities(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "assertion" {
		return runTrainAssertion(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "smoking" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: notecoder train smoking [--data FILE.xml ...] [--synthetic N] [--out DIR] [flags]\n"+
				"       notecoder train entities [--data FILE.jsonl ...] [--synthetic N] [--out DIR] [flags]\n"+
				"       notecoder train assertion --data FILE.jsonl [--out DIR] [flags]\n\n"+
				"Trains the smoking-status sentence classifier or the cardiology entity tagger\n"+
				"(gotch/libtorch) and writes a model directory (weights, config, metrics, training\n"+
				"data summary, sha256 manifest). Assertion (negated, family, ...) and LVEF still come\n"+
				"from the rules.")
			return nil
		}
		return usageErrorf("say what to train: 'train smoking', 'train entities' or 'train assertion'")
	}
	fs := newFlagSet("train smoking", "train smoking [--data FILE.xml ...] [--synthetic N] [--out DIR]", stdout)
	var data stringList
	fs.Var(&data, "data", "i2b2 smoking-status XML to train on (repeatable)")
	synthetic := fs.Int("synthetic", 2000, "synthetic tobacco sentences to add (0: none)")
	out := fs.String("out", "models/default/smoking", "model directory to write")
	seed := fs.Int64("seed", 1, "random seed (data order, initialisation, validation split)")
	epochs := fs.Int("epochs", 0, "most epochs; early stopping usually ends sooner (0: 30 for bag, 8 for encoder)")
	patience := fs.Int("patience", 0, "epochs without validation improvement before stopping (0: 4 for bag, 2 for encoder)")
	device := fs.String("device", "auto", "auto, cpu, cuda or cuda:N")
	version := fs.String("version", "0.1.0", "version recorded in the model (shown in every result's Device)")
	ensemble := fs.Int("ensemble", 0, "train this many models (seeds seed, seed+1, ...) whose probabilities are averaged: steadier than one (0: 3 for bag, 1 for encoder)")
	arch := fs.String("arch", "bag", "bag (hashed n-gram features, trained from scratch) or encoder (the pretrained "+encoder.DefaultName+" from 'make setup', its top layers fine-tuned)")
	lr := fs.Float64("lr", 0, "Adam learning rate (0: 0.01 for bag, 1e-4 for encoder)")
	tuneFrom := fs.Int("tune-from", models.DefaultEncoderConfig().TuneFrom, "encoder: first of the pretrained layers to fine-tune (0 = all six; 6 = only the head)")
	teacher := fs.String("teacher", "", "distil: a trained smoking model (e.g. the encoder) that labels the tobacco sentences of --unlabelled for this one to learn from")
	var unlabelled, exclude stringList
	fs.Var(&unlabelled, "unlabelled", "distil: unlabelled notes, JSONL {\"id\",\"text\"} such as ../shared/corpora/mtsamples/notes.jsonl (repeatable)")
	fs.Var(&exclude, "exclude", "annotated file (i2b2 XML or entity JSONL) whose notes must not be trained on, e.g. the dev sets (repeatable)")
	minProb := fs.Float64("min-prob", 0.7, "distil: keep a teacher's label only when it is at least this sure")
	ruleWeight := fs.Int("rule-weight", models.DefaultSmokingConfig().RuleWeight, "bag: how many times the rules' reading of a sentence enters its features (0: not at all)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	defaults := map[string][4]float64{"bag": {30, 4, 3, 0.01}, "encoder": {8, 2, 1, 1e-4}} // epochs, patience, ensemble, lr
	d, ok := defaults[*arch]
	if !ok {
		return usageErrorf("--arch %q: want bag or encoder", *arch)
	}
	setDefault := func(v *int, d float64) {
		if *v == 0 {
			*v = int(d)
		}
	}
	setDefault(epochs, d[0])
	setDefault(patience, d[1])
	setDefault(ensemble, d[2])
	if *lr == 0 {
		*lr = d[3]
	}
	if *ensemble < 1 || *epochs < 1 || *patience < 1 || *lr < 0 {
		return usageErrorf("--ensemble, --epochs and --patience must be at least 1, --lr positive")
	}
	if *arch == "encoder" && *ensemble > 1 {
		return usageErrorf("--ensemble %d: an encoder model is trained alone (the extractor averages bag ensembles only)", *ensemble)
	}
	if (*teacher == "") != (len(unlabelled) == 0) {
		return usageErrorf("distillation needs both --teacher DIR and --unlabelled FILE.jsonl")
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	excluded := map[string]bool{}
	for _, f := range exclude {
		ids, err := training.NoteIDs(f)
		if err != nil {
			return fmt.Errorf("--exclude %s: %w", f, err)
		}
		for id := range ids {
			excluded[id] = true
		}
	}
	var examples []models.Example
	var records int
	for _, f := range data {
		recs, err := training.ReadI2B2File(f)
		if err != nil {
			return err
		}
		var kept []training.SmokingRecord
		for _, r := range recs {
			if excluded[r.ID] {
				return usageErrorf("--data %s holds note %s, which --exclude keeps out of training", f, r.ID)
			}
			kept = append(kept, r)
		}
		records += len(kept)
		examples = append(examples, training.SentencesFromRecords(kept)...)
	}
	distilled := 0
	if *teacher != "" {
		var sentences []string
		for _, f := range unlabelled {
			notes, err := training.ReadCorpus(f)
			if err != nil {
				return fmt.Errorf("--unlabelled: %w", err)
			}
			sentences = append(sentences, training.CorpusTobaccoSentences(notes, excluded)...)
		}
		tw := torch.NewWorker()
		err := tw.Do(context.Background(), func() error {
			t, meta, _, err := models.LoadSmokingAny(*teacher, dev)
			if err != nil {
				return fmt.Errorf("--teacher: %w", err)
			}
			fmt.Fprintf(stderr, "teacher %s %s labels %d unlabelled tobacco sentences\n", meta.Name, meta.Version, len(sentences))
			pseudo := training.PseudoLabel(t, sentences, *minProb)
			distilled = len(pseudo)
			examples = append(examples, pseudo...)
			return nil
		})
		tw.Close()
		if err != nil {
			return err
		}
	}
	if *synthetic > 0 {
		examples = append(examples, training.SmokingSentences(*seed, *synthetic)...)
	}
	if len(examples) == 0 {
		return usageErrorf("nothing to train on: give --data FILE.xml and/or --synthetic N")
	}
	fmt.Fprintf(stdout, "training the smoking model (%s) on %d sentences (%d from %d i2b2 notes, %d labelled by the teacher, %d synthetic), device %s\n",
		*arch, len(examples), len(examples)-max(*synthetic, 0)-distilled, records, distilled, max(*synthetic, 0), torch.DeviceName(dev))
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	if err := clearModelDir(*out); err != nil {
		return err
	}
	var res models.TrainResult
	var sum string
	for k := 0; k < *ensemble; k++ {
		dir, mseed := *out, *seed+int64(k)
		if *ensemble > 1 {
			dir = filepath.Join(*out, fmt.Sprintf("member-%d", k+1))
			fmt.Fprintf(stderr, "member %d of %d (seed %d)\n", k+1, *ensemble, mseed)
		}
		err = w.Do(context.Background(), func() error {
			opt := models.TrainOptions{
				Epochs: *epochs, Batch: 64, LR: *lr, Patience: *patience, Seed: mseed, Device: dev, ValSplit: 0.15,
				OnStep: stepProgress(stderr, 10), OnEpoch: epochProgress(stderr, "validation accuracy", start),
			}
			extra := func(r models.TrainResult) map[string]any {
				return map[string]any{
					"metrics.json": r,
					"data.json": map[string]any{"i2b2_files": []string(data), "i2b2_notes": records, "synthetic_sentences": *synthetic,
						"teacher": *teacher, "unlabelled": []string(unlabelled), "excluded_notes": len(excluded), "teacher_sentences": distilled,
						"seed": mseed, "synthetic_seed": *seed, "sentences": len(examples), "label_counts": r.LabelCounts},
				}
			}
			if *arch == "encoder" {
				cfg := models.DefaultEncoderConfig()
				cfg.TuneFrom = *tuneFrom
				opt.Batch = 16
				m, r, err := models.TrainEncoderSmoking(cfg, examples, opt)
				if err != nil {
					return err
				}
				res = r
				sum, err = m.Save(dir, models.EncoderSmokingMeta{Name: "notecoder-smoking-encoder", Version: *version}, extra(r))
				return err
			}
			cfg := models.DefaultSmokingConfig()
			cfg.RuleWeight = *ruleWeight
			m, r, err := models.TrainSmoking(cfg, examples, opt)
			if err != nil {
				return err
			}
			res = r
			sum, err = m.Save(dir, models.SmokingMeta{Name: "notecoder-smoking", Version: *version}, extra(r))
			return err
		})
		if err != nil {
			return err
		}
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintf(stdout, "done in %s: %d model(s); last: best epoch %d of %d, validation accuracy %.4f; model %s (weights sha256 %s)\n",
		time.Since(start).Round(time.Second), *ensemble, res.BestEpoch, res.Epochs, res.ValAccuracy, abs, sum[:12])
	fmt.Fprintf(stdout, "use it: notecoder classify --models %s ...; score it: notecoder eval smoking --models %s --data FILE.xml\n",
		filepath.Dir(*out), filepath.Dir(*out))
	return nil
}

// stepProgress redraws a progress bar with the step's loss every few steps.
func stepProgress(w io.Writer, every int) func(step, steps int, loss float64) {
	return func(step, steps int, loss float64) {
		if step%every == 0 || step == steps {
			fmt.Fprintf(w, "\r  %s step %d/%d loss %.4f", bar(step, steps), step, steps, loss)
		}
	}
}

// epochProgress ends an epoch's line with its loss, validation score and elapsed time.
func epochProgress(w io.Writer, score string, start time.Time) func(epoch int, loss, acc float64, _, _ int) {
	return func(epoch int, loss, acc float64, _, _ int) {
		fmt.Fprintf(w, "\r  epoch %2d  train loss %.4f  %s %.4f  (%s)\n", epoch, loss, score, acc, time.Since(start).Round(time.Second))
	}
}

func bar(done, total int) string {
	const width = 20
	n := done * width / max(total, 1)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}

func runTrainEntities(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train entities", "train entities [--data FILE.jsonl ...] [--synthetic N] [--out DIR]", stdout)
	var data stringList
	fs.Var(&data, "data", "entity JSONL with mention spans to train on (repeatable; lines without spans are skipped)")
	synthetic := fs.Int("synthetic", 0, "synthetic notes to add (0: none; on the dev set they did not help once hand-written lines were there)")
	out := fs.String("out", "models/default/entities", "model directory to write")
	seed := fs.Int64("seed", 1, "random seed")
	epochs := fs.Int("epochs", 20, "most epochs; early stopping usually ends sooner")
	patience := fs.Int("patience", 3, "epochs without validation improvement before stopping")
	device := fs.String("device", "auto", "auto, cpu, cuda or cuda:N")
	version := fs.String("version", "0.1.0", "version recorded in the model")
	lr := fs.Float64("lr", 0, "Adam learning rate (0: 0.01 for window, 0.003 for bilstm)")
	arch := fs.String("arch", "window", "window (each token from its n-grams and neighbours) or bilstm (a bidirectional LSTM over each sentence)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *arch != "window" && *arch != "bilstm" {
		return usageErrorf("--arch must be window or bilstm")
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	var notes []models.TaggedNote
	skipped := 0
	add := func(recs []training.EntityRecord) {
		n, s := taggedNotes(recs)
		notes, skipped = append(notes, n...), skipped+s
	}
	for _, f := range data {
		recs, err := training.ReadEntitiesFile(f, func(c string) bool { _, ok := fhir.LookupConcept(c); return ok })
		if err != nil {
			return err
		}
		add(recs)
	}
	if *synthetic > 0 {
		_, recs := training.Synthetic(*seed, *synthetic, "both")
		add(recs)
	}
	if len(notes) == 0 {
		return usageErrorf("nothing to train on: give --data FILE.jsonl (with spans) and/or --synthetic N")
	}
	codes := conceptCodes()
	fmt.Fprintf(stdout, "training the entity tagger on %d notes (%d skipped without spans), device %s\n", len(notes), skipped, torch.DeviceName(dev))
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	var res models.TrainResult
	var sum string
	err = w.Do(context.Background(), func() error {
		cfg, batch, rate := models.DefaultTaggerConfig(codes), 256, 0.01 // tokens per step
		if *arch == "bilstm" {
			cfg.Arch, cfg.Hidden, batch, rate = "bilstm", 32, 16, 0.003 // sentences per step
		}
		if *lr > 0 {
			rate = *lr
		}
		t, r, err := models.TrainTagger(cfg, notes, models.TrainOptions{
			Epochs: *epochs, Batch: batch, LR: rate, Patience: *patience, Seed: *seed, Device: dev, ValSplit: 0.1,
			OnStep: stepProgress(stderr, 20), OnEpoch: epochProgress(stderr, "validation mention-token accuracy", start),
		})
		if err != nil {
			return err
		}
		res = r
		sum, err = t.Save(*out, models.TaggerMeta{Name: "notecoder-entities", Version: *version}, map[string]any{
			"metrics.json": res,
			"data.json":    map[string]any{"jsonl_files": []string(data), "synthetic_notes": *synthetic, "seed": *seed, "notes": len(notes), "skipped_without_spans": skipped},
		})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "done in %s: best epoch %d of %d, validation accuracy %.4f; model %s (weights sha256 %s)\n",
		time.Since(start).Round(time.Second), res.BestEpoch, res.Epochs, res.ValAccuracy, *out, sum[:12])
	return nil
}

// clearModelDir removes a previous model's files from dir (and only those), so that a
// single model and an ensemble never mix.
func clearModelDir(dir string) error {
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

// taggedNotes turns annotated lines into tagger training notes; lines whose conditions
// have no spans cannot teach the tagger and are counted as skipped.
func taggedNotes(recs []training.EntityRecord) (notes []models.TaggedNote, skipped int) {
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

// conceptCodes are the tagger's codes: the concept table's, in its order.
func conceptCodes() []string {
	var codes []string
	for _, c := range fhir.Concepts() {
		codes = append(codes, c.SNOMED)
	}
	return codes
}

func runTrainAssertion(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train assertion", "train assertion --data FILE.jsonl [--out DIR]\n\n"+
		"Trains the assertion model: for each condition mention the rules find, whether it is\n"+
		"asserted, negated, hypothetical, about the family, or not the concept at all. Trained\n"+
		"on entity JSONL whose conditions carry per-mention assertions (testdata/real).", stdout)
	var data stringList
	fs.Var(&data, "data", "entity JSONL with per-mention assertions (repeatable; records without them are skipped)")
	out := fs.String("out", "models/default/assertion", "model directory to write")
	seed := fs.Int64("seed", 1, "random seed")
	epochs := fs.Int("epochs", 40, "most epochs; early stopping usually ends sooner")
	patience := fs.Int("patience", 5, "epochs without validation improvement before stopping")
	device := fs.String("device", "auto", "auto, cpu, cuda or cuda:N")
	version := fs.String("version", "0.1.0", "version recorded in the model")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(data) == 0 {
		return usageErrorf("--data FILE.jsonl is required (e.g. testdata/real/conditions-train.jsonl)")
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	var examples []models.AssertionExample
	skipped, records := 0, 0
	for _, f := range data {
		recs, err := training.ReadEntitiesFile(f, func(c string) bool { _, ok := fhir.LookupConcept(c); return ok })
		if err != nil {
			return err
		}
		records += len(recs)
		ex, sk := training.AssertionExamples(recs)
		examples = append(examples, ex...)
		skipped += sk
	}
	if len(examples) == 0 {
		return usageErrorf("no mention in --data carries an assertion: the files need conditions with \"mentions\"")
	}
	fmt.Fprintf(stdout, "training the assertion model on %d mentions from %d notes (%d unannotated repeats left out), device %s\n",
		len(examples), records, skipped, torch.DeviceName(dev))
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	if err := clearModelDir(*out); err != nil {
		return err
	}
	var res models.TrainResult
	var sum string
	err = w.Do(context.Background(), func() error {
		m, r, err := models.TrainAssertion(models.DefaultAssertionConfig(), examples, models.TrainOptions{
			Epochs: *epochs, Batch: 32, LR: 0.01, Patience: *patience, Seed: *seed, Device: dev, ValSplit: 0.15,
			OnStep: stepProgress(stderr, 10), OnEpoch: epochProgress(stderr, "validation accuracy", start),
		})
		if err != nil {
			return err
		}
		res = r
		sum, err = m.Save(*out, models.AssertionMeta{Name: "notecoder-assertion", Version: *version}, map[string]any{
			"metrics.json": r,
			"data.json":    map[string]any{"files": []string(data), "notes": records, "mentions": len(examples), "seed": *seed, "label_counts": r.LabelCounts},
		})
		return err
	})
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintf(stdout, "done in %s: best epoch %d of %d, validation accuracy %.4f; model %s (weights sha256 %s)\n",
		time.Since(start).Round(time.Second), res.BestEpoch, res.Epochs, res.ValAccuracy, abs, sum[:12])
	return nil
}
