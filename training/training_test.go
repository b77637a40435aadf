package training

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/nlp/findings"
)

func TestReadI2B2(t *testing.T) {
	recs, err := ReadI2B2(strings.NewReader(`<?xml version="1.0"?>
<ROOT>
<RECORD ID="1"><SMOKING STATUS="CURRENT SMOKER"></SMOKING><TEXT>
Smokes 1 ppd &amp; drinks.
</TEXT></RECORD>
<RECORD ID="2"><SMOKING STATUS="NON-SMOKER"/><TEXT>Never smoker.</TEXT></RECORD>
</ROOT>`))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Status != findings.Current || recs[0].Text != "Smokes 1 ppd & drinks." || recs[1].Status != findings.NonSmoker {
		t.Fatalf("%+v", recs)
	}
	for _, bad := range []string{
		`<ROOT><RECORD ID="1"><SMOKING STATUS="SOMETIMES"/><TEXT>x</TEXT></RECORD></ROOT>`,
		`<ROOT><RECORD><SMOKING STATUS="SMOKER"/><TEXT>x</TEXT></RECORD></ROOT>`,
		`<ROOT><RECORD ID="1"><SMOKING STATUS="SMOKER"/><TEXT> </TEXT></RECORD></ROOT>`,
		`<ROOT><RECORD ID="1"><SMOKING STATUS="SMOKER"/><TEXT>x</TEXT></RECORD><RECORD ID="1"><SMOKING STATUS="SMOKER"/><TEXT>y</TEXT></RECORD></ROOT>`,
		`<ROOT><RECORD ID="1"><TEXT>x</TEXT></RECORD></ROOT>`,
		`<ROOT>`, `<ROOT></ROOT>`,
	} {
		if _, err := ReadI2B2(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestReadEntities(t *testing.T) {
	known := func(c string) bool { return c == "49436004" || c == "84114007" }
	recs, err := ReadEntities(strings.NewReader(`{"id":"a","lang":"en","text":"AF, no CHF. EF 25-30%.","conditions":[{"code":"49436004","display":"AF","asserted":true,"spans":[{"start":0,"end":2}]},{"code":"84114007","display":"CHF","asserted":false}],"lvef":27.5}

{"id":"b","lang":"de","text":"Kein Befund.","conditions":[],"lvef":null}
`), known)
	if err != nil || len(recs) != 2 || *recs[0].LVEF != 27.5 || recs[1].LVEF != nil || !recs[0].Conditions[0].Asserted {
		t.Fatalf("%+v %v", recs, err)
	}
	for _, bad := range []string{
		`{"id":"a","lang":"fr","text":"x","conditions":[],"lvef":null}`,
		`{"id":"a","lang":"en","text":"x","conditions":[{"code":"1","display":"?","asserted":true}],"lvef":null}`,
		`{"id":"a","lang":"en","text":"x","conditions":[],"lvef":140}`,
		`{"id":"a","lang":"en","text":"x","conditions":[],"lvef":null,"extra":1}`,
		`{"id":"a","lang":"en","text":"xy","conditions":[{"code":"49436004","display":"AF","asserted":true,"spans":[{"start":1,"end":9}]}],"lvef":null}`,
		`{"id":"a","lang":"en","text":"x","conditions":[],"lvef":null}` + "\n" + `{"id":"a","lang":"en","text":"y","conditions":[],"lvef":null}`,
		`not json`,
	} {
		if _, err := ReadEntities(strings.NewReader(bad), known); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestScoreSmoking(t *testing.T) {
	gold := []findings.SmokingStatus{findings.Current, findings.Current, findings.Past, findings.NonSmoker}
	pred := []findings.SmokingStatus{findings.Current, findings.Past, findings.Past, findings.Unknown}
	r := ScoreSmoking(gold, pred)
	if r.MicroF1 != 0.5 {
		t.Errorf("micro F1 %v, want 0.5 (2 of 4 right)", r.MicroF1)
	}
	cur := r.PerClass[findings.Current] // tp 1, fn 1
	past := r.PerClass[findings.Past]   // tp 1, fp 1
	if cur.Precision != 1 || cur.Recall != 0.5 || past.Precision != 0.5 || past.Recall != 1 {
		t.Errorf("per class: current %+v past %+v", cur, past)
	}
	// macro over the three gold classes: (2/3 + 2/3 + 0) / 3
	if math.Abs(r.MacroF1-4.0/9) > 1e-9 {
		t.Errorf("macro F1 %v, want %v", r.MacroF1, 4.0/9)
	}
	if r.Confusion[findings.Current][findings.Past] != 1 || r.Confusion[findings.NonSmoker][findings.Unknown] != 1 {
		t.Errorf("confusion %v", r.Confusion)
	}
}

func TestScoreEntities(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	gold := []EntityRecord{
		{Conditions: []AnnotatedCondition{{Code: "A", Asserted: true}, {Code: "B", Asserted: false}}, LVEF: f(35)},
		{Conditions: []AnnotatedCondition{{Code: "B", Asserted: true}}, LVEF: nil},
		{LVEF: f(50)},
	}
	pred := []findings.Findings{
		{Conditions: []findings.Condition{{Code: "A", Assertion: findings.Asserted}, {Code: "B", Assertion: findings.Asserted}}, LVEF: &findings.LVEF{Value: 37}},
		{Conditions: []findings.Condition{{Code: "A", Assertion: findings.Asserted}}, LVEF: &findings.LVEF{Value: 40}},
		{LVEF: &findings.LVEF{Value: 60}},
	}
	r := ScoreEntities(gold, pred)
	// B in note 1 is annotated as not asserted and published as asserted: a meaning error;
	// A in note 2 is not named at all: a plain false positive.
	if r.MeaningErrors != 1 || math.Abs(r.MeaningErrorsPer100-100.0/3) > 1e-9 {
		t.Errorf("meaning errors %d (%.2f per 100)", r.MeaningErrors, r.MeaningErrorsPer100)
	}
	// conditions: A tp 1, fp 1; B fp 1, fn 1 -> tp 1, fp 2, fn 1
	if r.Conditions.TP != 1 || r.Conditions.FP != 2 || r.Conditions.FN != 1 {
		t.Errorf("conditions %+v", r.Conditions)
	}
	// LVEF: hit (37 vs 35), false positive (none stated), wrong value (fp + fn)
	if r.LVEF.TP != 1 || r.LVEF.FP != 2 || r.LVEF.FN != 1 {
		t.Errorf("LVEF %+v", r.LVEF)
	}
}

func TestSyntheticIsDeterministicAndSelfConsistent(t *testing.T) {
	s1, e1 := Synthetic(7, 200, "both")
	s2, e2 := Synthetic(7, 200, "both")
	if len(s1) != 200 || len(e1) != 200 {
		t.Fatalf("%d/%d notes", len(s1), len(e1))
	}
	for i := range e1 {
		if e1[i].Text != e2[i].Text || s1[i].Status != s2[i].Status {
			t.Fatalf("note %d differs between two runs with the same seed", i)
		}
	}
	if _, e3 := Synthetic(8, 5, "en"); e3[0].Text == e1[0].Text {
		t.Error("another seed gives the same note")
	}
	langs, labels, asserted := map[string]int{}, map[findings.SmokingStatus]int{}, 0
	for i, rec := range e1 {
		langs[rec.Lang]++
		labels[s1[i].Status]++
		runes := []rune(rec.Text)
		for _, c := range rec.Conditions {
			if _, ok := conceptForms[c.Code]; !ok {
				t.Fatalf("unknown code %s", c.Code)
			}
			for _, sp := range c.Spans {
				if !sp.Valid(len(runes)) {
					t.Fatalf("%s: span %v outside the text", rec.ID, sp)
				}
				mention := strings.ToLower(string(runes[sp.Start:sp.End]))
				found := false
				for _, f := range append(conceptForms[c.Code].en, conceptForms[c.Code].de...) {
					if strings.ToLower(f) == mention {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: span text %q is not a form of %s", rec.ID, mention, c.Code)
				}
			}
			if c.Asserted {
				asserted++
			}
		}
	}
	if langs["en"] != 100 || langs["de"] != 100 || len(labels) != 5 || asserted == 0 {
		t.Errorf("languages %v, labels %v, asserted %d", langs, labels, asserted)
	}
	// Round trip through the JSONL reader.
	var b strings.Builder
	for _, rec := range e1[:20] {
		j, _ := json.Marshal(rec)
		b.Write(j)
		b.WriteByte('\n')
	}
	if back, err := ReadEntities(strings.NewReader(b.String()), func(c string) bool { _, ok := conceptForms[c]; return ok }); err != nil || len(back) != 20 {
		t.Fatalf("synthetic JSONL does not read back: %v", err)
	}
}

func TestStratifiedKeepsSharesAndIsSeeded(t *testing.T) {
	var keys []string
	for i := 0; i < 300; i++ {
		keys = append(keys, []string{"CUR", "CUR", "PAST", "NON", "UNK", "SMK"}[i%6])
	}
	got := Stratified(keys, 25, 1)
	if len(got) != 25 {
		t.Fatalf("%d picked, want 25", len(got))
	}
	count := map[string]int{}
	seen := map[int]bool{}
	for _, i := range got {
		if seen[i] {
			t.Fatalf("item %d picked twice", i)
		}
		seen[i] = true
		count[keys[i]]++
	}
	// CUR is a third of the items: 25/3 = 8.3 -> 8 or 9; the others 4 or 5.
	if count["CUR"] < 8 || count["CUR"] > 9 || count["PAST"] < 4 || count["PAST"] > 5 || count["SMK"] < 4 {
		t.Errorf("shares %v", count)
	}
	again := Stratified(keys, 25, 1)
	other := Stratified(keys, 25, 2)
	same := func(a, b []int) bool {
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	if !same(got, again) || same(got, other) {
		t.Error("the same seed must pick the same items and another seed others")
	}
	if len(Stratified(keys, 400, 1)) != 300 {
		t.Error("asking for more than there are returns all")
	}
}
