package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/fhir"
)

// The rules' lexicon and the concept table (fhir/codes/conditions.tsv) agree: every
// concept the rules can find is one FHIR can publish (with both codings), and every
// concept of the table has words the rules look for; every detail the rules can report
// refines its ICD-10-CM code (fhir/codes/refinements.tsv).
func TestLexiconAndConceptTableAgree(t *testing.T) {
	table := map[string]bool{}
	for _, c := range fhir.Concepts() {
		table[c.SNOMED] = true
		if len(lexicon[c.SNOMED]) == 0 {
			t.Errorf("concept %s (%s) is in conditions.tsv but the rules have no words for it", c.SNOMED, c.SNOMEDDisplay)
		}
	}
	for code, terms := range lexicon {
		if !table[code] {
			t.Errorf("the lexicon's concept %s (%q) is not in conditions.tsv: it could never be published", code, terms[0])
		}
		if len(terms) == 0 {
			t.Errorf("concept %s has an empty term list", code)
		}
	}
	// The details the rules report, and the refinement each must have.
	for _, c := range []struct{ code, detail string }{
		{"22298006", "old"}, {"22298006", "stemi"}, {"22298006", "nstemi"},
		{"709044004", "esrd"}, {"709044004", "stage-1"}, {"709044004", "stage-2"}, {"709044004", "stage-3"},
		{"709044004", "stage-3a"}, {"709044004", "stage-3b"}, {"709044004", "stage-4"}, {"709044004", "stage-5"},
	} {
		concept, ok := fhir.LookupConcept(c.code)
		if !ok {
			t.Fatalf("%s not in the concept table", c.code)
		}
		if code, _ := fhir.Refine(concept, c.detail); code == concept.ICD10CM {
			t.Errorf("detail %q of %s has no refinement in refinements.tsv", c.detail, c.code)
		}
	}
}

// TestFindAsksOnlyNotesWithTheOpeningWord: asking the note's words first changes no span
// that find returns, for every lexicon term and blocker on every 10th corpus note.
func TestFindAsksOnlyNotesWithTheOpeningWord(t *testing.T) {
	var terms []string
	for _, ts := range lexicon {
		terms = append(terms, ts...)
	}
	skipped := 0
	for i, text := range corpusTexts(t) {
		if i%10 != 0 {
			continue
		}
		d := newDoc(text)
		for _, concept := range []bool{true, false} {
			list := terms
			if !concept {
				list = blockers
			}
			for _, term := range list {
				got, want := d.find(term, concept), d.scan(term, concept)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("find(%q) = %v, scanning the whole note gives %v", term, got, want)
				}
				if w := openingWord(strings.ToLower(term)); w != "" && !d.hasWord(w) {
					skipped++
				}
			}
		}
	}
	if skipped == 0 {
		t.Error("no note lacked any term's opening word")
	}
}
