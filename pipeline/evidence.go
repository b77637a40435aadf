package pipeline

import (
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
)

// Evidence is what one published finding rests on: enough for a correction that names
// the resource to become a training example.
type Evidence struct {
	ResourceID string
	Task       string        // findings.TaskSmoking, findings.TaskCondition or findings.TaskLVEF
	Value      string        // the smoking status label, the condition's concept code, the LVEF
	Span       findings.Span // the evidence, in characters of the note text
	Sentence   string        // the sentence(s) around the evidence
	Score      float64       // the model's confidence, 0..1 (1 for the rules, which give none)
}

// Sentence is a sentence of a note that can matter to a finding the model missed (a
// tobacco sentence), with its span in the note text.
type Sentence struct {
	Span findings.Span
	Text string
}

// evidenceOf pairs each finding resource with the finding it was built from. It reads
// no more of the note than the sentences around the evidence: the extractor's own
// sentences for smoking, a scan to the nearest sentence ends otherwise.
func evidenceOf(text string, f findings.Findings, rs []fhir.Resource) ([]Evidence, []Sentence) {
	runes := []rune(text)
	var sents []Sentence
	for _, s := range f.Sentences {
		if s.Valid(len(runes)) {
			sents = append(sents, Sentence{Span: s, Text: string(runes[s.Start:s.End])})
		}
	}
	around := func(spans []findings.Span) (findings.Span, string) {
		if len(spans) == 0 || !spans[0].Valid(len(runes)) {
			return findings.Span{}, ""
		}
		s := spans[0]
		for _, x := range sents {
			if x.Span.Start <= s.Start && s.End <= x.Span.End {
				return s, x.Text
			}
		}
		a, b := sentenceAround(runes, s)
		return s, strings.TrimSpace(string(runes[a:b]))
	}
	var out []Evidence
	for _, r := range rs {
		e := Evidence{ResourceID: r.ID}
		switch {
		case r.Finding == "smoking" && f.Smoking != nil:
			e.Task, e.Value, e.Score = findings.TaskSmoking, string(f.Smoking.Status), f.Smoking.Score
			e.Span, e.Sentence = around(f.Smoking.Evidence)
		case r.Finding == "lvef" && f.LVEF != nil:
			e.Task, e.Value = findings.TaskLVEF, strconv.FormatFloat(f.LVEF.Value, 'f', -1, 64)
			e.Span, e.Sentence = around(f.LVEF.Evidence)
		case strings.HasPrefix(r.Finding, "condition:"):
			e.Task, e.Value = findings.TaskCondition, strings.TrimPrefix(r.Finding, "condition:")
			var best *findings.Condition
			for i, c := range f.Conditions {
				if c.Code == e.Value && len(c.Evidence) > 0 && (best == nil || c.Assertion == findings.Asserted && best.Assertion != findings.Asserted) {
					best = &f.Conditions[i]
				}
			}
			if best != nil {
				e.Span, e.Sentence = around(best.Evidence)
				e.Score = best.Score
			}
		default:
			continue // Device, Provenance
		}
		if e.Score <= 0 {
			e.Score = 1 // the rules say no confidence: they are as sure as they will ever be
		}
		out = append(out, e)
	}
	return out, sents
}

// maxSentence bounds the context kept around an evidence span in each direction.
const maxSentence = 400

// sentenceAround widens s to the sentence it lies in: back to after the previous . ! ?
// followed by a space, or line break, and on to the next (at most maxSentence
// characters each way).
func sentenceAround(r []rune, s findings.Span) (int, int) {
	a := s.Start
	for a > 0 && s.Start-a < maxSentence {
		c := r[a-1]
		if c == '\n' || (c == '.' || c == '!' || c == '?') && a < len(r) && (r[a] == ' ' || r[a] == '\n') {
			break
		}
		a--
	}
	b := s.End
	for b < len(r) && b-s.End < maxSentence {
		c := r[b]
		if c == '\n' {
			break
		}
		b++
		if (c == '.' || c == '!' || c == '?') && (b == len(r) || r[b] == ' ' || r[b] == '\n') {
			break
		}
	}
	return a, b
}
