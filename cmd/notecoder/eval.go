package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/app"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
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
		return nil
	}
	fs := newFlagSet("eval "+task, "eval "+task+" --data FILE [--json OUT] [--models DIR]", stdout)
	data := fs.String("data", "", "annotated notes: i2b2 XML for smoking, JSONL for entities")
	jsonOut := fs.String("json", "", "also write the scores as JSON to this file")
	models := fs.String("models", "builtin", app.ModelsHelp+"; scored beside the rule baseline")
	device := fs.String("device", "auto", "where the models run: auto, cpu, cuda or cuda:N")
	showErrors := fs.Bool("errors", false, "also list every note a system got wrong, with the sentence it decided on")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *data == "" {
		return usageErrorf("--data is required")
	}
	systems := map[string]nlp.Extractor{"rules": rules.New()}
	names := []string{"rules"}
	if *models != "rules" {
		mex, ex, err := app.OpenModels(app.ModelSettings{Dir: *models, Device: *device, Replicas: 1})
		if err != nil {
			return err
		}
		defer mex.Close()
		systems["model"] = ex
		names = append(names, "model")
	}
	ctx := context.Background()
	out := map[string]any{"data": *data, "task": task}
	switch task {
	case "smoking":
		recs, err := training.ReadI2B2File(*data)
		if err != nil {
			return err
		}
		gold := make([]findings.SmokingStatus, len(recs))
		in := make([]nlp.Input, len(recs))
		for i, r := range recs {
			gold[i], in[i] = r.Status, nlp.Input{Text: r.Text, Date: nlp.DateInText(r.Text)}
		}
		var reps []training.SmokingReport
		var preds [][]findings.SmokingStatus
		var all [][]findings.Findings
		for _, n := range names {
			found, err := systems[n].Extract(ctx, in)
			if err != nil {
				return err
			}
			all = append(all, found)
			pred := make([]findings.SmokingStatus, len(found))
			for i, f := range found {
				pred[i] = findings.Unknown
				if f.Smoking != nil {
					pred[i] = f.Smoking.Status
				}
			}
			preds = append(preds, pred)
			reps = append(reps, training.ScoreSmoking(gold, pred))
			out[n] = reps[len(reps)-1]
		}
		fmt.Fprintf(stdout, "smoking status on %s: %d notes\n\n", *data, len(recs))
		training.PrintSmoking(stdout, names, reps)
		// Per language (from ids like dev-de-001, else guessed from the text): the targets
		// differ for English and German.
		byLang := map[string][]int{}
		for i, r := range recs {
			l := langOf(r.ID, r.Text)
			byLang[l] = append(byLang[l], i)
		}
		fmt.Fprintln(stdout)
		for _, l := range []string{"en", "de"} {
			idx := byLang[l]
			if len(idx) == 0 {
				continue
			}
			fmt.Fprintf(stdout, "%-16s", fmt.Sprintf("micro F1 %s (%d)", l, len(idx)))
			for k := range names {
				g := make([]findings.SmokingStatus, len(idx))
				p := make([]findings.SmokingStatus, len(idx))
				for j, i := range idx {
					g[j], p[j] = gold[i], preds[k][i]
				}
				r := training.ScoreSmoking(g, p)
				out[names[k]+"_"+l] = r
				fmt.Fprintf(stdout, " %-22.3f", r.MicroF1)
			}
			fmt.Fprintln(stdout)
		}
		if *showErrors {
			fmt.Fprintln(stdout, "\nerrors (gold -> predicted, with the deciding sentence):")
			for i, r := range recs {
				for k, n := range names {
					if preds[k][i] == gold[i] {
						continue
					}
					why := "(no tobacco sentence)"
					if sm := all[k][i].Smoking; sm != nil && len(sm.Evidence) > 0 {
						why = clip([]rune(r.Text), sm.Evidence[0], 140)
					}
					fmt.Fprintf(stdout, "  %-14s %-6s %s -> %s: %s\n", r.ID, n, gold[i], preds[k][i], why)
				}
			}
		}
	case "entities":
		recs, err := training.ReadEntitiesFile(*data, func(c string) bool { _, ok := fhir.LookupConcept(c); return ok })
		if err != nil {
			return err
		}
		in := make([]nlp.Input, len(recs))
		for i, r := range recs {
			in[i] = nlp.Input{Text: r.Text}
		}
		var reps []training.EntityReport
		var all [][]findings.Findings
		for _, n := range names {
			found, err := systems[n].Extract(ctx, in)
			if err != nil {
				return err
			}
			all = append(all, found)
			reps = append(reps, training.ScoreEntities(recs, found))
			out[n] = reps[len(reps)-1]
		}
		fmt.Fprintf(stdout, "entities on %s: %d notes\n\n", *data, len(recs))
		display := func(c string) string {
			con, _ := fhir.LookupConcept(c)
			return con.SNOMEDDisplay
		}
		training.PrintEntities(stdout, names, reps, display)
		for _, l := range []string{"en", "de"} {
			var idx []int
			for i, r := range recs {
				if r.Lang == l {
					idx = append(idx, i)
				}
			}
			if len(idx) == 0 || len(idx) == len(recs) {
				continue
			}
			fmt.Fprintf(stdout, "%-34s", fmt.Sprintf("asserted conditions F1 %s (%d)", l, len(idx)))
			for k := range names {
				var g []training.EntityRecord
				var p []findings.Findings
				for _, i := range idx {
					g, p = append(g, recs[i]), append(p, all[k][i])
				}
				fmt.Fprintf(stdout, " %-22s", fmt.Sprintf("%.3f", training.ScoreEntities(g, p).Conditions.F1))
			}
			fmt.Fprintln(stdout)
		}
		if *showErrors {
			fmt.Fprintln(stdout, "\nerrors (asserted conditions missed / wrongly found; LVEF gold vs found):")
			for i, r := range recs {
				for k, n := range names {
					for _, e := range training.EntityErrors(r, all[k][i]) {
						fmt.Fprintf(stdout, "  %-18s %-6s %s\n", r.ID, n, e)
					}
				}
			}
		}
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

// clip returns the text of span s, cut to at most n characters, on one line.
func clip(text []rune, s findings.Span, n int) string {
	end := min(s.End, s.Start+n)
	t := strings.Join(strings.Fields(string(text[s.Start:end])), " ")
	if end < s.End {
		t += " …"
	}
	return strconv.Quote(t)
}
