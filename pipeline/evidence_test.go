package pipeline

import (
	"strings"
	"testing"

	"github.com/notecoder/notecoder/nlp/findings"
)

func TestSentenceAroundStopsAtSentenceEnds(t *testing.T) {
	text := "HPI: chest pain. Echo: LVEF 35%, moderate MR. Plan: follow up.\nHypertension on lisinopril"
	r := []rune(text)
	for _, tc := range []struct{ word, want string }{
		{"LVEF", "Echo: LVEF 35%, moderate MR."},
		{"Hypertension", "Hypertension on lisinopril"},
		{"chest", "HPI: chest pain."},
	} {
		i := len([]rune(text[:strings.Index(text, tc.word)]))
		a, b := sentenceAround(r, findings.Span{Start: i, End: i + len(tc.word)})
		if got := strings.TrimSpace(string(r[a:b])); got != tc.want {
			t.Errorf("around %q: %q, want %q", tc.word, got, tc.want)
		}
	}
}
