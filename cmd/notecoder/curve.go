package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

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
	if len(args) > 0 && args[0] == "replot" {
		return runReplot(args[1:], stdout)
	}
	if len(args) == 0 || (args[0] != "smoking" && args[0] != "entities") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: notecoder curve smoking|entities [--train FILE ...] [--dev FILE] [--arch bag,encoder] [--sizes 25,50,100,200,300] [--seeds 1,2,3] [--out docs] [--name NAME]\n\n"+
				"The study's experiment: for each model architecture, size N and seed, trains a model on N\n"+
				"training notes drawn stratified (smoking: by label; entities: by language), scores it on\n"+
				"the dev set beside the rule baseline (smoking status micro-F1; asserted conditions\n"+
				"micro-F1), and writes OUT/NAME.{json,png}. No synthetic data. Smoking architectures: bag\n"+
				"(trained from scratch) and encoder (the pretrained encoder fine-tuned); entities: tagger.\n"+
				"The real-note curves: make learning-curve. 'notecoder curve replot FILE.json ...' redraws\n"+
				"the PNG beside each curve JSON without training again.")
			fmt.Fprintln(stdout)
			return runCurve([]string{"smoking", "--help"}, stdout, stderr) // the flags (the same for both tasks)
		}
		return usageErrorf("say which task: 'curve smoking' or 'curve entities' (or 'curve replot FILE.json')")
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
	if len(trainFiles) == 0 {
		pattern := map[string]string{"smoking": "testdata/train/smoking-train-*.xml", "entities": "testdata/train/entities-train-*.jsonl"}[task]
		trainFiles, _ = filepath.Glob(pattern)
		if len(trainFiles) == 0 {
			return usageErrorf("no training notes: give --train FILE (none match %s here)", pattern)
		}
	}
	js, png, err := training.Curve{Task: task, Train: trainFiles, Dev: *dev, Sizes: sizes, Seeds: seeds, Archs: archs,
		OutDir: *outDir, Name: *name}.Run(stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s and %s\n", js, png)
	return nil
}

// runReplot redraws the PNG of each learning-curve JSON given, beside it.
func runReplot(args []string, stdout io.Writer) error {
	fs := newFlagSet("curve replot", "curve replot FILE.json ...\n\nRedraws FILE.png from each learning curve's JSON (what 'curve smoking|entities' wrote).", stdout)
	if _, err := parseFlagsArgs(fs, args, true); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("name the curve JSON files to redraw, e.g. docs/learning-curve-real-smoking.json")
	}
	for _, js := range fs.Args() {
		png := strings.TrimSuffix(js, ".json") + ".png"
		if err := training.PlotCurve(js, png); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", png)
	}
	return nil
}
