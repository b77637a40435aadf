package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/notecoder/notecoder/app"

	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "eval", summary: "score smoking status (i2b2 XML) or entities (JSONL) against annotations: P/R/F1, confusion, LVEF hits", run: runEval})
}

func runEval(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "smoking" && args[0] != "entities" && args[0] != "-h" && args[0] != "--help") {
		return usageErrorf("say what to evaluate: 'eval smoking --data FILE.xml' or 'eval entities --data FILE.jsonl'")
	}
	task := args[0]
	if task == "-h" || task == "--help" {
		fmt.Fprintln(stdout, "Usage: notecoder eval smoking --data FILE.xml [--json OUT]\n       notecoder eval entities --data FILE.jsonl [--json OUT]\n\n"+
			"Scores the extractor against annotated notes and prints per-class precision/recall/F1,\n"+
			"micro and macro F1 (smoking: confusion matrix; entities: asserted conditions and LVEF\n"+
			"hits within 2.5 points), with the rule baseline side by side.")
		fmt.Fprintln(stdout)
		return runEval([]string{"smoking", "--help"}, stdout, stderr) // the flags (the same for both tasks)
	}
	fs := newFlagSet("eval "+task, "eval "+task+" --data FILE [--json OUT] [--models DIR]", stdout)
	data := fs.String("data", "", "annotated notes: i2b2 XML for smoking, JSONL for entities")
	jsonOut := fs.String("json", "", "also write the scores as JSON to this file")
	models := fs.String("models", "builtin", app.ModelsHelp+"; scored beside the rule baseline")
	device := fs.String("device", "auto", "where the models run: auto, cpu, cuda or cuda:N")
	showErrors := fs.Bool("errors", false, "also list every note a system got wrong, with the sentence it decided on")
	modelOnly := fs.Bool("model-only", false, "score the smoking model alone, without the rules' share serve mixes into each sentence (models.RuleMix): what the learning loop's gate scores")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *data == "" {
		return usageErrorf("--data is required")
	}
	systems := []training.System{{Name: "rules", Extractor: rules.New()}}
	if *models != "rules" {
		mex, ex, err := app.OpenModels(app.ModelSettings{Dir: *models, Device: *device, Replicas: 1, ModelOnly: *modelOnly})
		if err != nil {
			return err
		}
		defer mex.Close()
		systems = append(systems, training.System{Name: "model", Extractor: ex})
	}
	out, err := training.Eval(context.Background(), stdout, task, *data, systems, *showErrors)
	if err != nil {
		return err
	}
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(out, "", "  ")
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("--json: %w", err)
		}
		fmt.Fprintf(stdout, "\nscores written to %s\n", *jsonOut)
	}
	return nil
}
