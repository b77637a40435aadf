package training

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// EntityRecord is one line of the entity annotation JSONL:
// {"id", "lang": "en"|"de", "text", "conditions": [{"code", "display", "asserted", "spans"?}], "lvef": number|null}.
type EntityRecord struct {
	ID         string               `json:"id"`
	Lang       string               `json:"lang"`
	Text       string               `json:"text"`
	Conditions []AnnotatedCondition `json:"conditions"`
	LVEF       *float64             `json:"lvef"`
}

// AnnotatedCondition is a concept mentioned in the text. Asserted false means negated,
// hypothetical, ruled out or family history. Spans (optional) locate the mentions;
// Mentions (optional, the real sets have them) also say how each one is meant.
type AnnotatedCondition struct {
	Code     string             `json:"code"`
	Display  string             `json:"display"`
	Asserted bool               `json:"asserted"`
	Spans    []findings.Span    `json:"spans,omitempty"`
	Mentions []AnnotatedMention `json:"mentions,omitempty"`
}

// AnnotatedMention is one mention of a concept and how it is meant.
type AnnotatedMention struct {
	Start     int                `json:"start"`
	End       int                `json:"end"`
	Assertion findings.Assertion `json:"assertion"`
}

// ReadEntities reads entity JSONL; codes are checked against known (the concept table).
func ReadEntities(r io.Reader, known func(code string) bool) ([]EntityRecord, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []EntityRecord
	seen := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec EntityRecord
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		switch {
		case rec.ID == "":
			return nil, fmt.Errorf("line %d: no id", line)
		case seen[rec.ID]:
			return nil, fmt.Errorf("line %d: id %q appears twice", line, rec.ID)
		case rec.Lang != "en" && rec.Lang != "de":
			return nil, fmt.Errorf("line %d (%s): lang %q, want en or de", line, rec.ID, rec.Lang)
		case strings.TrimSpace(rec.Text) == "":
			return nil, fmt.Errorf("line %d (%s): empty text", line, rec.ID)
		case rec.LVEF != nil && (*rec.LVEF < 0 || *rec.LVEF > 100):
			return nil, fmt.Errorf("line %d (%s): lvef %v is not a percentage", line, rec.ID, *rec.LVEF)
		}
		n := len([]rune(rec.Text))
		for _, c := range rec.Conditions {
			if known != nil && !known(c.Code) {
				return nil, fmt.Errorf("line %d (%s): code %q is not in the concept table", line, rec.ID, c.Code)
			}
			spans := c.Spans
			for _, m := range c.Mentions {
				switch m.Assertion {
				case findings.Asserted, findings.Negated, findings.Hypothetical, findings.Family:
				default:
					return nil, fmt.Errorf("line %d (%s): mention [%d,%d) has assertion %q, want asserted, negated, hypothetical or family", line, rec.ID, m.Start, m.End, m.Assertion)
				}
				spans = append(spans, findings.Span{Start: m.Start, End: m.End})
			}
			for _, s := range spans {
				if !s.Valid(n) {
					return nil, fmt.Errorf("line %d (%s): span [%d,%d) outside the %d-character text", line, rec.ID, s.Start, s.End, n)
				}
			}
		}
		seen[rec.ID] = true
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no records")
	}
	return out, nil
}

// ReadEntitiesFile reads an entity JSONL file.
func ReadEntitiesFile(path string, known func(string) bool) ([]EntityRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := ReadEntities(f, known)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, nil
}
