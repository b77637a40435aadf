package training

import (
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
)

// AssertionExamples matches the rules' candidate mentions of each note with the annotated
// mentions: a candidate overlapping an annotated mention of the same concept takes that
// mention's assertion; a candidate of a concept the annotation does not name at all is
// "none" (not the concept here); the other candidates (the concept is annotated, this
// occurrence is not) are left out, as are records without per-mention assertions. It
// returns the examples and how many candidates were left out.
func AssertionExamples(recs []EntityRecord) ([]models.AssertionExample, int) {
	label := map[findings.Assertion]int{}
	for i, a := range models.AssertionLabels {
		label[a] = i
	}
	var out []models.AssertionExample
	skipped := 0
	for _, r := range recs {
		hasMentions := false
		named := map[string]bool{}
		for _, c := range r.Conditions {
			named[c.Code] = true
			hasMentions = hasMentions || len(c.Mentions) > 0
		}
		if !hasMentions && len(r.Conditions) > 0 {
			continue
		}
		for _, m := range rules.Prepare(r.Text).Mentions() {
			if !named[m.Code] {
				out = append(out, models.AssertionExample{Mention: m, Label: label["none"]})
				continue
			}
			found := false
			for _, c := range r.Conditions {
				if c.Code != m.Code {
					continue
				}
				for _, g := range c.Mentions {
					if g.Start < m.Span.End && m.Span.Start < g.End {
						out = append(out, models.AssertionExample{Mention: m, Label: label[g.Assertion]})
						found = true
						break
					}
				}
				if found {
					break
				}
			}
			if !found {
				skipped++
			}
		}
	}
	return out, skipped
}
