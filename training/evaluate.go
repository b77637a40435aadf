package training

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
)

// System is one extractor Eval scores, by name.
type System struct {
	Name      string
	Extractor nlp.Extractor
}

// EvalTasks are what Eval scores: smoking status on i2b2 XML, entities on JSONL.
var EvalTasks = []string{"smoking", "entities"}

// Eval scores systems side by side on annotated notes ('notecoder eval'): per-class
// precision/recall/F1, micro and macro F1 and, per language, micro F1 (smoking: with the
// confusion matrix; entities: asserted conditions and LVEF hits within 2.5 points). It
// writes the report to w and returns the scores; showErrors also lists every note a
// system got wrong.
func Eval(ctx context.Context, w io.Writer, task, data string, systems []System, showErrors bool) (map[string]any, error) {
	if task != "smoking" && task != "entities" {
		return nil, configErrorf("say what to evaluate: 'eval smoking --data FILE.xml' or 'eval entities --data FILE.jsonl'")
	}
	out := map[string]any{"data": data, "task": task}
	names := make([]string, len(systems))
	for i, s := range systems {
		names[i] = s.Name
	}
	switch task {
	case "smoking":
		recs, err := ReadI2B2File(data)
		if err != nil {
			return nil, err
		}
		gold := make([]findings.SmokingStatus, len(recs))
		for i, r := range recs {
			gold[i] = r.Status
		}
		all, err := extractAll(ctx, systems, smokingInputs(recs))
		if err != nil {
			return nil, err
		}
		var reps []SmokingReport
		var preds [][]findings.SmokingStatus
		for k, found := range all {
			pred := make([]findings.SmokingStatus, len(found))
			for i, f := range found {
				pred[i] = findings.Unknown
				if f.Smoking != nil {
					pred[i] = f.Smoking.Status
				}
			}
			preds = append(preds, pred)
			reps = append(reps, ScoreSmoking(gold, pred))
			out[names[k]] = reps[k]
		}
		fmt.Fprintf(w, "smoking status on %s: %d notes\n\n", data, len(recs))
		PrintSmoking(w, names, reps)
		// Per language (from ids like dev-de-001, else guessed from the text): the targets
		// differ for English and German.
		byLang := map[string][]int{}
		for i, r := range recs {
			l := LangOf(r.ID, r.Text)
			byLang[l] = append(byLang[l], i)
		}
		fmt.Fprintln(w)
		for _, l := range []string{"en", "de"} {
			idx := byLang[l]
			if len(idx) == 0 {
				continue
			}
			fmt.Fprintf(w, "%-16s", fmt.Sprintf("micro F1 %s (%d)", l, len(idx)))
			for k := range names {
				g := make([]findings.SmokingStatus, len(idx))
				p := make([]findings.SmokingStatus, len(idx))
				for j, i := range idx {
					g[j], p[j] = gold[i], preds[k][i]
				}
				r := ScoreSmoking(g, p)
				out[names[k]+"_"+l] = r
				fmt.Fprintf(w, " %-22.3f", r.MicroF1)
			}
			fmt.Fprintln(w)
		}
		if showErrors {
			fmt.Fprintln(w, "\nerrors (gold -> predicted, with the deciding sentence):")
			for i, r := range recs {
				for k, n := range names {
					if preds[k][i] == gold[i] {
						continue
					}
					why := "(no tobacco sentence)"
					if sm := all[k][i].Smoking; sm != nil && len(sm.Evidence) > 0 {
						why = clip([]rune(r.Text), sm.Evidence[0], 140)
					}
					fmt.Fprintf(w, "  %-14s %-6s %s -> %s: %s\n", r.ID, n, gold[i], preds[k][i], why)
				}
			}
		}
	case "entities":
		recs, err := ReadEntitiesFile(data, KnownConcept)
		if err != nil {
			return nil, err
		}
		all, err := extractAll(ctx, systems, entityInputs(recs))
		if err != nil {
			return nil, err
		}
		var reps []EntityReport
		for k, found := range all {
			reps = append(reps, ScoreEntities(recs, found))
			out[names[k]] = reps[k]
		}
		fmt.Fprintf(w, "entities on %s: %d notes\n\n", data, len(recs))
		display := func(c string) string {
			con, _ := fhir.LookupConcept(c)
			return con.SNOMEDDisplay
		}
		PrintEntities(w, names, reps, display)
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
			fmt.Fprintf(w, "%-34s", fmt.Sprintf("asserted conditions F1 %s (%d)", l, len(idx)))
			for k := range names {
				var g []EntityRecord
				var p []findings.Findings
				for _, i := range idx {
					g, p = append(g, recs[i]), append(p, all[k][i])
				}
				fmt.Fprintf(w, " %-22s", fmt.Sprintf("%.3f", ScoreEntities(g, p).Conditions.F1))
			}
			fmt.Fprintln(w)
		}
		if showErrors {
			fmt.Fprintln(w, "\nerrors (asserted conditions missed / wrongly found; LVEF gold vs found):")
			for i, r := range recs {
				for k, n := range names {
					for _, e := range EntityErrors(r, all[k][i]) {
						fmt.Fprintf(w, "  %-18s %-6s %s\n", r.ID, n, e)
					}
				}
			}
		}
	}
	return out, nil
}

// extractAll runs every system over the same notes: what each found, in systems' order.
func extractAll(ctx context.Context, systems []System, in []nlp.Input) ([][]findings.Findings, error) {
	all := make([][]findings.Findings, len(systems))
	for k, s := range systems {
		found, err := s.Extractor.Extract(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		all[k] = found
	}
	return all, nil
}

// smokingInputs are annotated smoking notes as the extractors read them, in eval and in
// the curves alike: the note's date is the one its text gives.
func smokingInputs(recs []SmokingRecord) []nlp.Input {
	in := make([]nlp.Input, len(recs))
	for i, r := range recs {
		in[i] = nlp.Input{Text: r.Text, Date: nlp.DateInText(r.Text)}
	}
	return in
}

// entityInputs are annotated entity notes as the extractors read them (no date).
func entityInputs(recs []EntityRecord) []nlp.Input {
	in := make([]nlp.Input, len(recs))
	for i, r := range recs {
		in[i] = nlp.Input{Text: r.Text}
	}
	return in
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
