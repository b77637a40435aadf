package rules

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"regexp/syntax"
	"strings"
	"testing"
)

func TestNeededWords(t *testing.T) {
	for _, c := range []struct {
		expr string
		want [][]string
	}{
		{`quit`, [][]string{{"quit"}}},
		{`(smok|tobacco)[^.;]{0,40}(until|\b(stopped|quit)\b)`, [][]string{{"smok", "tobacco"}, {"until", "stopped", "quit"}}},
		{`ex-?smoker`, [][]string{{"ex"}, {"smoker"}}},
		{`(former )?smoker`, [][]string{{"smoker"}}},
		{`(he|she)\s+stop(ped)?`, [][]string{{"he", "she"}, {"stop"}}},
		{`(quit|[a-z]+) smoking`, [][]string{{" smoking"}}}, // one alternative needs no word: the group needs none
		{`(gave up|quit)+`, [][]string{{"gave up", "quit"}}},
		{`x*|y`, nil},
		{`(?i)smoker`, nil}, // a word of any case: not a word the text must hold as written
		{`[ab]`, nil},
	} {
		re, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := neededWords(re); !reflect.DeepEqual(got, c.want) {
			t.Errorf("neededWords(%q) = %q, want %q", c.expr, got, c.want)
		}
	}
}

func TestTopLevelBranches(t *testing.T) {
	for expr, want := range map[string][]string{
		`a|b(c|d)|[|]e|\|f`:  {"a", "b(c|d)", "[|]e", `\|f`},
		`[]|]x|[^]|]y|z`:     {"[]|]x", "[^]|]y", "z"},
		`(?:a|b)|(?P<n>c|d)`: {"(?:a|b)", "(?P<n>c|d)"},
		`only`:               {"only"},
	} {
		if got := topLevelBranches(expr); !reflect.DeepEqual(got, want) {
			t.Errorf("topLevelBranches(%q) = %q, want %q", expr, got, want)
		}
	}
}

func TestAlternationRefusesFlags(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("newAlternation accepted (?i), which would reach past its alternative")
		}
	}()
	newAlternation(`(?i)smoker|quit`)
}

// TestAlternationReadsAsTheWhole: each alternation gives what its whole expression gives, on
// every sentence of the committed corpora that names tobacco, a quit or an infarct, and on
// every 200th note whole and sentence by sentence (all of them would take minutes: the whole
// expressions are what is slow).
func TestAlternationReadsAsTheWhole(t *testing.T) {
	var texts []string
	seen := map[string]bool{}
	for i, text := range corpusTexts(t) {
		text = strings.ToLower(text) // as the rules read it
		sentences := strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == ';' })
		if i%200 == 0 {
			texts = append(append(texts, text), sentences...)
			continue
		}
		for _, s := range sentences {
			if !seen[s] && hasAny(s, []string{"smok", "tobac", "cig", "quit", "rauch", "nikotin", "pipe", "infarct"}) {
				seen[s] = true
				texts = append(texts, s)
			}
		}
	}
	t.Logf("%d texts", len(texts))
	for name, a := range map[string]*alternation{"pastRe": pastRe, "nonSmokerRe": nonSmokerRe, "stillSmokesRe": stillSmokesRe, "notPatientRe": notPatientRe, "currentRe": currentRe, "brainInfarctRe": brainInfarctRe} {
		pruned := 0
		for _, s := range texts {
			if re := a.forText(s); re != a.Regexp {
				pruned++
			}
			if got, want := a.MatchString(s), a.Regexp.MatchString(s); got != want {
				t.Fatalf("%s.MatchString(%q) = %v, the whole gives %v", name, s, got, want)
			}
			if got, want := a.FindAllStringIndex(s, -1), a.Regexp.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s.FindAllStringIndex(%q) = %v, the whole gives %v", name, s, got, want)
			}
			if got, want := a.FindStringIndex(s), a.Regexp.FindStringIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s.FindStringIndex(%q) = %v, the whole gives %v", name, s, got, want)
			}
			if got, want := a.ReplaceAllString(s, " "), a.Regexp.ReplaceAllString(s, " "); got != want {
				t.Fatalf("%s.ReplaceAllString(%q) = %q, the whole gives %q", name, s, got, want)
			}
		}
		if pruned == 0 {
			t.Errorf("%s: no text pruned any alternative", name)
		}
		t.Logf("%s: %d alternatives, %d of %d texts pruned", name, len(a.branches), pruned, len(texts))
	}
}

// corpusTexts: every note text of testdata's JSON lines and i2b2 XML files, each once.
func corpusTexts(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	err := filepath.WalkDir("../../testdata", func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".jsonl":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, line := range strings.Split(string(b), "\n") {
				var n struct{ Text string }
				if json.Unmarshal([]byte(line), &n) == nil {
					add(n.Text)
				}
			}
		case ".xml":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var root struct {
				Records []struct {
					Text string `xml:"TEXT"`
				} `xml:"RECORD"`
			}
			if xml.Unmarshal(b, &root) == nil {
				for _, r := range root.Records {
					add(r.Text)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 1000 {
		t.Fatalf("only %d corpus texts under testdata", len(out))
	}
	t.Logf("%d corpus texts", len(out))
	return out
}
