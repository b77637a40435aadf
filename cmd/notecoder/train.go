package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/notecoder/notecoder/nlp/encoder"
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
			fmt.Fprintln(stdout)
			for _, run := range []func([]string, io.Writer, io.Writer) error{runTrainSmoking, runTrainEntities, runTrainAssertion} {
				run([]string{"--help"}, stdout, stderr) // each prints its synopsis and flags
				fmt.Fprintln(stdout)
			}
			return nil
		}
		return usageErrorf("say what to train: 'train smoking', 'train entities' or 'train assertion'")
	}
	return runTrainSmoking(args[1:], stdout, stderr)
}

func runTrainSmoking(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train smoking", "train smoking [--data FILE.xml ...] [--synthetic N] [--out DIR]", stdout)
	job := smokingJobFlags(fs)
	out := fs.String("out", "models/default/smoking", "model directory to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	j, err := job()
	if err != nil {
		return err
	}
	j.Out = *out
	tr, err := j.Run(stdout, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tr.Summary())
	fmt.Fprintf(stdout, "use it: notecoder classify --models %s ...; score it: notecoder eval smoking --models %s --data FILE.xml\n",
		filepath.Dir(j.Out), filepath.Dir(j.Out))
	return nil
}

// smokingJobFlags defines the smoking recipe's flags on fs ('train smoking', 'cv
// smoking'); the function it returns reads them, once fs is parsed.
func smokingJobFlags(fs *flag.FlagSet) func() (training.SmokingJob, error) {
	var data stringList
	fs.Var(&data, "data", "i2b2 smoking-status XML to train on (repeatable)")
	synthetic := fs.Int("synthetic", 2000, "synthetic tobacco sentences to add (0: none)")
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
	return func() (training.SmokingJob, error) {
		dev, err := torch.ParseDevice(*device)
		if err != nil {
			return training.SmokingJob{}, usageErrorf("%v", err)
		}
		return training.SmokingJob{
			Data: data, Synthetic: *synthetic, Seed: *seed, Epochs: *epochs, Patience: *patience,
			Ensemble: *ensemble, LR: *lr, Arch: *arch, TuneFrom: *tuneFrom, RuleWeight: *ruleWeight, Device: dev,
			Version: *version, Teacher: *teacher, Unlabelled: unlabelled, Exclude: exclude, MinProb: *minProb,
		}, nil
	}
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
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	tr, err := training.EntitiesJob{Data: data, Synthetic: *synthetic, Out: *out, Seed: *seed, Epochs: *epochs,
		Patience: *patience, LR: *lr, Arch: *arch, Device: dev, Version: *version}.Run(stdout, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tr.Summary())
	return nil
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
	epochs := fs.Int("epochs", 0, "most epochs; early stopping usually ends sooner (0: 40 for bag, 8 for encoder)")
	patience := fs.Int("patience", 0, "epochs without validation improvement before stopping (0: 5 for bag, 2 for encoder)")
	lr := fs.Float64("lr", 0, "Adam learning rate (0: 0.01 for bag, 1e-4 for encoder)")
	arch := fs.String("arch", "bag", "bag (hashed words around the mention, trained from scratch) or encoder (the pretrained "+encoder.DefaultName+" from 'make setup' reads the mention in its sentence, its top layers fine-tuned)")
	tuneFrom := fs.Int("tune-from", models.DefaultEncoderConfig().TuneFrom, "encoder: first of the pretrained layers to fine-tune (0 = all six; 6 = only the head)")
	ruleInput := fs.Bool("rule-input", true, "encoder: the rules' verdict is part of what it reads (false: it reads the text alone)")
	veto := fs.Float64("veto", 0, "encoder: the rules decide, and the model only takes an assertion away (negated, hypothetical, family, not the concept) when at least this sure, e.g. 0.9 (0: the model decides every mention)")
	device := fs.String("device", "auto", "auto, cpu, cuda or cuda:N")
	version := fs.String("version", "0.1.0", "version recorded in the model")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *arch != "bag" && *arch != "encoder" {
		return usageErrorf("--arch %q: use bag or encoder", *arch)
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	tr, err := training.AssertionJob{Data: data, Out: *out, Seed: *seed, Epochs: *epochs, Patience: *patience, LR: *lr,
		Arch: *arch, TuneFrom: *tuneFrom, TextOnly: !*ruleInput, Veto: *veto, Device: dev, Version: *version}.Run(stdout, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tr.Summary())
	return nil
}
