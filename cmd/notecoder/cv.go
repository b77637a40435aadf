package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "cv", summary: "cross-validate a smoking training recipe on the real training notes (folds by note, templates kept together): how recipes are compared without the dev notes", run: runCV})
}

func runCV(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "smoking" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return runCV([]string{"smoking", "--help"}, stdout, stderr)
		}
		return usageErrorf("say which task: 'cv smoking' (the only one with a trained default)")
	}
	fs := newFlagSet("cv smoking", "cv smoking [--real FILE.xml] [--folds 5] [--distil --teacher-data FILE.xml ...] [train smoking's flags]\n\n"+
		"Splits the labelled real notes of --real into folds by note (template near-duplicates in\n"+
		"one fold), trains the recipe the other flags describe (as 'train smoking' would) on all\n"+
		"but one fold, scores it on that fold, and prints the pooled per-class scores beside the\n"+
		"rules. --data adds training files that are not folded (the LLM-written sets). With\n"+
		"--distil each fold first trains an encoder teacher on its notes and --teacher-data, which\n"+
		"then labels --unlabelled for the student, as 'make models' does; the fold's notes are kept\n"+
		"out of the unlabelled sentences. Compare recipes here, then score the chosen one once on\n"+
		"the dev notes.", stdout)
	job := smokingJobFlags(fs)
	real := fs.String("real", "testdata/real/smoking-train.xml", "labelled real notes (i2b2 XML with evidence) to fold")
	folds := fs.Int("folds", 5, "number of folds")
	foldSeed := fs.Int64("fold-seed", 1, "seed of the fold assignment")
	distil := fs.Bool("distil", false, "train an encoder teacher per fold (on the fold's real notes and --teacher-data) to label --unlabelled")
	var teacherData stringList
	fs.Var(&teacherData, "teacher-data", "with --distil: further i2b2 XML the teacher trains on (repeatable; 'make models' gives the English LLM-written sets)")
	showErrors := fs.Bool("errors", false, "list every note a fold's model got wrong, with the sentence it decided on")
	jsonOut := fs.String("json", "", "also write the scores and errors as JSON to this file")
	keep := fs.String("keep", "", "keep each fold's notes (train-K.xml, held-K.xml) and models (model-K/, teacher-K/) in this folder")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	j, err := job()
	if err != nil {
		return err
	}
	if j.Teacher != "" {
		return usageErrorf("--teacher: a teacher trained on all the notes has seen every fold; use --distil, which trains one per fold")
	}
	if *distil && len(j.Unlabelled) == 0 {
		return usageErrorf("--distil needs --unlabelled FILE.jsonl for the teacher to label (e.g. ../shared/corpora/mtsamples/notes.jsonl)")
	}
	if _, err := os.Stat(*real); err != nil {
		return usageErrorf("--real %s: %v", *real, err)
	}
	cv := training.SmokingCV{Real: *real, Folds: *folds, Seed: *foldSeed, Job: j, Errors: *showErrors, Keep: *keep}
	if *distil {
		cv.TeacherJob = training.SmokingJob{Arch: "encoder", Data: append([]string{*real}, teacherData...), Seed: 1,
			Device: j.Device, Version: "cv-teacher", TuneFrom: j.TuneFrom, Exclude: j.Exclude}
	}
	res, err := cv.Run(stdout, stderr)
	if err != nil {
		return err
	}
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", *jsonOut)
	}
	return nil
}
