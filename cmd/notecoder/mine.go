package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/notecoder/notecoder/nlp/torch"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "mine", summary: "read an unlabelled corpus with the rules and an assertion model and list the mentions they read differently (where the rules' misses are)", run: runMine})
}

func runMine(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mine", "mine --model DIR --notes FILE.jsonl [--exclude FILE ...] [--all]\n\n"+
		"Reads every condition mention the rules find in unlabelled notes with the rules' cues and\n"+
		"with an assertion model (from 'notecoder train assertion', e.g. --arch encoder\n"+
		"--rule-input=false, which reads the text and not the cues) and prints, as JSONL, the\n"+
		"mentions the two read differently, the model's surest first: reading those few by\n"+
		"hand finds the rules' misses in text nobody labelled. A summary goes to stderr.", stdout)
	model := fs.String("model", "", "assertion model directory (required)")
	notes := fs.String("notes", "", "unlabelled notes, JSONL {\"id\",\"text\"}, e.g. ../shared/corpora/mtsamples/notes.jsonl (required)")
	var exclude stringList
	fs.Var(&exclude, "exclude", "annotated file (entity JSONL or i2b2 XML) whose notes are left out, e.g. a held-out set (repeatable)")
	all := fs.Bool("all", false, "print every mention, not only the disagreements")
	device := fs.String("device", "auto", "auto, cpu, cuda or cuda:N")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *model == "" || *notes == "" {
		return usageErrorf("--model DIR and --notes FILE.jsonl are required (train a model with 'notecoder train assertion --arch encoder --rule-input=false --data testdata/real/conditions-train.jsonl --out DIR')")
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	corpus, err := training.ReadCorpus(*notes)
	if err != nil {
		return err
	}
	skip, err := training.ExcludedIDs(exclude)
	if err != nil {
		return err
	}
	readings, err := training.ReadMentions(context.Background(), *model, dev, corpus, skip)
	if err != nil {
		return err
	}
	sort.SliceStable(readings, func(i, j int) bool { return readings[i].Prob > readings[j].Prob })
	enc := json.NewEncoder(stdout)
	differ := 0
	for _, r := range readings {
		if r.Disagrees() {
			differ++
		}
		if *all || r.Disagrees() {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	}
	left := countIn(corpus, skip)
	fmt.Fprintf(stderr, "mine: %d mentions in %d notes (%d left out); the model reads %d of them otherwise than the rules\n",
		len(readings), len(corpus)-left, left, differ)
	return nil
}

func countIn(corpus []training.CorpusNote, ids map[string]bool) int {
	n := 0
	for _, c := range corpus {
		if ids[c.ID] {
			n++
		}
	}
	return n
}
