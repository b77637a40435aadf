package pipeline

import (
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
)

// Tasks of Evidence (the training store's).
const (
	TaskSmoking   = "smoking"
	TaskCondition = "condition"
	TaskLVEF      = "lvef"
)

// Evidence is what one published finding rests on: enough for a correction that names
// the resource to become a training example.
type Evidence struct {
	ResourceID string
	Task       string        // TaskSmoking, TaskCondition or TaskLVEF
	Value      string        // the smoking status label, the condition's concept code, the LVEF
	Span       findings.Span // the evidence, in characters of the note text
	Sentence   string        // the sentence(s) around the evidence
}

// Sentence is a sentence of a note that can matter to a finding the model missed (a
// tobacco sentence), with its span in the note text.
type Sentence struct {
	Span findings.Span
	Text string
}

// evidenceOf pairs each finding resource with the finding it was built from.
func evidenceOf(text string, f findings.Findings, rs []fhir.Resource) ([]Evidence, []Sentence) {
	note := rules.Prepare(text)
	var sents []Sentence
	for _, s := range note.TobaccoSentences() {
		sents = append(sents, Sentence{Span: s, Text: note.Text(s)})
	}
	around := func(spans []findings.Span) (findings.Span, string) {
		if len(spans) == 0 {
			return findings.Span{}, ""
		}
		s := note.SentenceAround(spans[0])
		return spans[0], note.Text(s)
	}
	var out []Evidence
	for _, r := range rs {
		e := Evidence{ResourceID: r.ID}
		switch {
		case r.Finding == "smoking" && f.Smoking != nil:
			e.Task, e.Value = TaskSmoking, string(f.Smoking.Status)
			e.Span, e.Sentence = around(f.Smoking.Evidence)
		case r.Finding == "lvef" && f.LVEF != nil:
			e.Task, e.Value = TaskLVEF, strconv.FormatFloat(f.LVEF.Value, 'f', -1, 64)
			e.Span, e.Sentence = around(f.LVEF.Evidence)
		case strings.HasPrefix(r.Finding, "condition:"):
			e.Task, e.Value = TaskCondition, strings.TrimPrefix(r.Finding, "condition:")
			var best *findings.Condition
			for i, c := range f.Conditions {
				if c.Code == e.Value && len(c.Evidence) > 0 && (best == nil || c.Assertion == findings.Asserted && best.Assertion != findings.Asserted) {
					best = &f.Conditions[i]
				}
			}
			if best != nil {
				e.Span, e.Sentence = around(best.Evidence)
			}
		default:
			continue // Device, Provenance
		}
		out = append(out, e)
	}
	return out, sents
}
