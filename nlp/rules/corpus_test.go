package rules

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/notecoder/notecoder/nlp/findings"
)

// The rules' candidate mentions in 87 unlabelled corpus notes, labelled mention by mention
// by four blind annotators (testdata/real/corpus-mentions.jsonl; "none": the words are not
// the concept there). The rules agreed with 360 of the 399 labels before the fixes read off
// the disagreements (TestPhrasingsOfTheUnlabelledCorpus) and 383 after; the rest are
// calls the conventions leave open or phrasings no cue covers, listed in the log. Not a
// held-out figure (the disagreements were read); a regression guard.
func TestRulesReadTheLabelledCorpusMentions(t *testing.T) {
	f, err := os.Open("../../testdata/real/corpus-mentions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	type mention struct {
		Start, End int
		Code       string
		Assertion  findings.Assertion
		Text       string
	}
	total, agree, published := 0, 0, 0
	for sc.Scan() {
		var note struct {
			ID, Text string
			Mentions []mention
		}
		if err := json.Unmarshal(sc.Bytes(), &note); err != nil {
			t.Fatal(err)
		}
		type at struct {
			start int
			code  string
		}
		read := map[at]findings.Assertion{}
		for _, m := range Prepare(note.Text).Mentions() {
			read[at{m.Span.Start, m.Code}] = m.Rule
		}
		for _, m := range note.Mentions {
			total++
			got, found := read[at{m.Start, m.Code}]
			if !found {
				got = "none" // not a mention of the concept for the rules
			}
			if got == m.Assertion {
				agree++
				continue
			}
			if got == findings.Asserted {
				published++
			}
			t.Logf("%s %q (%s): rules %s, annotator %s", note.ID, m.Text, m.Code, got, m.Assertion)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("rules agree with %d of %d labelled mentions; %d not asserted by the label are published as asserted", agree, total, published)
	if total != 399 || float64(agree) < 0.95*float64(total) || published > 6 {
		t.Errorf("rules agree with %d of %d mentions (want at least 95%% of 399), %d published as asserted against the label (want at most 6)", agree, total, published)
	}
}
