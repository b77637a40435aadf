// Package rules is notecoder's rule-only baseline extractor: keyword lexicons (English
// and German), negation/hypothetical/family cues and regular expressions for LVEF. It is
// the yardstick the trained models must beat, and the extractor used when no trained
// model is installed. Pure Go: no libtorch.
package rules

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
)

// Version changes whenever the rules change behaviour.
const Version = "0.6.134"

// Extractor implements nlp.Extractor with rules.
type Extractor struct{ model findings.Model }

var _ nlp.Extractor = (*Extractor)(nil)

// New returns the rule-based extractor.
func New() *Extractor {
	return &Extractor{model: findings.Model{Name: "notecoder-rules", Version: Version, SHA256: rulesHash()}}
}

// Model names the rule set; its hash covers every lexicon and pattern.
func (e *Extractor) Model() findings.Model { return e.model }

// Extract reads each note.
func (e *Extractor) Extract(ctx context.Context, in []nlp.Input) ([]findings.Findings, error) {
	out := make([]findings.Findings, len(in))
	for i, x := range in {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out[i] = ExtractOne(x)
	}
	return out, nil
}

// ExtractOne reads one note.
func ExtractOne(x nlp.Input) findings.Findings { return Prepare(x.Text).Findings(x.Date) }

// Note is a note prepared once (lower-cased, split into sentences and sections) for
// everything the rules read in it; the model extractor asks it several questions.
type Note struct{ d *doc }

// Prepare prepares text.
func Prepare(text string) Note { return Note{newDoc(text)} }

// Findings is what the rules find in the note; date judges "quit 6 months ago".
func (n Note) Findings(date time.Time) findings.Findings { return n.FindingsExcept(date, false) }

// FindingsExcept is Findings without the conditions when noConditions is set (a model
// finds them instead: the rules' search would be thrown away).
func (n Note) FindingsExcept(date time.Time, noConditions bool) findings.Findings {
	s := smoking(n.d, date)
	f := findings.Findings{Smoking: &s, LVEF: lvef(n.d), Sentences: n.d.tobaccoSentences()}
	if !noConditions {
		f.Conditions = conditions(n.d)
	}
	return f
}

// TobaccoSentences returns the sentences that mention tobacco at all (the candidates a
// smoking-status model classifies).
func (n Note) TobaccoSentences() []findings.Span { return n.d.tobaccoSentences() }

// Assertion says how the mention at s is meant (asserted, negated, hypothetical,
// family), from the rules' cues and sections.
func (n Note) Assertion(s findings.Span) findings.Assertion { return assertion(n.d, s) }

// sources is the rules' own code: every cue, lexicon, expression and decision is in it.
//
//go:embed age.go assertion.go alternation.go conditions.go detail.go lvef.go rules.go smoking.go text.go
var sources embed.FS

// rulesHash names the rules' behaviour in provenance (findings.Model.SHA256): the hash of
// their source files, so no change to a cue or an expression can leave it unchanged (it
// had listed the expressions by hand, and missed some). TestRulesHashCoversEverySource
// keeps the embedded list whole.
func rulesHash() string {
	h := sha256.New()
	files, err := fs.Glob(sources, "*.go")
	if err != nil {
		panic(err) // a fixed pattern: cannot fail
	}
	for _, f := range files { // fs.Glob returns them sorted
		b, err := sources.ReadFile(f)
		if err != nil {
			panic(err) // embedded at build time
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TobaccoSentences returns the sentences of text that mention tobacco at all.
func TobaccoSentences(text string) []findings.Span { return Prepare(text).TobaccoSentences() }

// QuitWithinYear reports whether a sentence of the note says the patient quit less than a
// year before noteDate ("quit 6 months ago", "Nikotinkarenz seit 2 Monaten", "quit in
// 2024", "quit at age 64" in a 64-year-old's note).
func (n Note) QuitWithinYear(sentence string, noteDate time.Time) bool {
	if noteDate.IsZero() {
		noteDate = n.d.statedDate()
	}
	lower := strings.ToLower(sentence)
	return quitRecently(lower, noteDate, n.d.age()) || n.d.quitAtRecentMI(lower, noteDate)
}
