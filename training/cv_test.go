package training

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Notes of one dictation template (near-duplicates) share a fold, the folds come out
// even, and the assignment is seeded.
func TestFoldsKeepTemplatesTogether(t *testing.T) {
	template := "CHIEF COMPLAINT: chest pain. HISTORY: the patient is a pleasant man who presents with exertional chest pain relieved by rest. SOCIAL HISTORY: "
	var ids, texts []string
	for i := range 6 {
		ids, texts = append(ids, "tpl-"+string(rune('a'+i))), append(texts, template+[]string{"smokes", "never smoked", "quit", "no tobacco", "cigars", "denies"}[i])
	}
	for i := range 14 {
		ids, texts = append(ids, "own-"+string(rune('a'+i))), append(texts, uniqueWords(100+i))
	}
	folds := FoldsByTemplate(ids, texts, 4, 1)
	for i := 1; i < 6; i++ {
		if folds[i] != folds[0] {
			t.Fatalf("template notes split over folds: %v", folds[:6])
		}
	}
	size := make([]int, 4)
	for _, f := range folds {
		size[f]++
	}
	for _, s := range size {
		if s < 4 || s > 6 {
			t.Errorf("uneven folds %v", size)
		}
	}
	again := FoldsByTemplate(ids, texts, 4, 1)
	for i := range folds {
		if again[i] != folds[i] {
			t.Fatal("same seed, different folds")
		}
	}
}

// WriteI2B2 keeps the evidence quotes (the real sets' sentence labels come from them), so
// that a fold written to a file trains as the original notes do.
func TestWriteI2B2KeepsEvidence(t *testing.T) {
	recs := []SmokingRecord{{ID: "n1", Status: findings.Past, Text: "SOCIAL HISTORY: quit smoking in 1990 & drinks.\nLives alone.", Evidence: []string{"quit smoking in 1990 & drinks."}}}
	var b bytes.Buffer
	if err := WriteI2B2(&b, recs); err != nil {
		t.Fatal(err)
	}
	back, err := ReadI2B2(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 1 || back[0].Text != recs[0].Text || len(back[0].Evidence) != 1 || back[0].Evidence[0] != recs[0].Evidence[0] {
		t.Fatalf("read back %+v", back)
	}
}

// Cross-validation trains one model per fold and scores every note once, by a model that
// never saw it: on notes whose status each sentence says plainly, the pooled score must be
// high and every fold's model must have been used.
func TestSmokingCVScoresEveryNoteOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three models")
	}
	phr := map[findings.SmokingStatus][]string{
		findings.Current:   {"She smokes a pack a day.", "Current smoker, 1 ppd.", "He smokes 10 cigarettes per day."},
		findings.Past:      {"He quit smoking in 1990.", "Former smoker, quit 20 years ago.", "Ex-smoker."},
		findings.NonSmoker: {"She has never smoked.", "Denies tobacco use.", "Nonsmoker."},
	}
	var recs []SmokingRecord
	for i := range 30 {
		st := []findings.SmokingStatus{findings.Current, findings.Past, findings.NonSmoker}[i%3]
		s := phr[st][(i/3)%3]
		recs = append(recs, SmokingRecord{ID: "n" + string(rune('A'+i)), Status: st, Evidence: []string{s},
			Text: uniqueWords(i) + " Social history: " + s + " Plan: follow up."})
	}
	if f := FoldsByTemplate(ids(recs), texts(recs), 30, 1); f[0] == f[1] {
		t.Fatal("the test's notes are near-duplicates of each other")
	}
	real := filepath.Join(t.TempDir(), "real.xml")
	if err := WriteI2B2File(real, recs); err != nil {
		t.Fatal(err)
	}
	keep := t.TempDir()
	var out bytes.Buffer
	res, err := SmokingCV{Real: real, Folds: 3, Seed: 1, Keep: keep,
		Job: SmokingJob{Arch: "bag", Synthetic: 600, Epochs: 10, Ensemble: 1, Seed: 1, RuleWeight: 24, Device: gotch.CPU}}.Run(&out, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Folds) != 3 || res.Model.N != 30 || res.Rules.N != 30 {
		t.Fatalf("folds %v, scored %d notes (rules %d)\n%s", res.Folds, res.Model.N, res.Rules.N, out.String())
	}
	if res.Model.MicroF1 < 0.8 {
		t.Errorf("pooled micro-F1 %.3f on plain sentences\n%s", res.Model.MicroF1, out.String())
	}
	for k := 1; k <= 3; k++ {
		held, err := ReadI2B2File(filepath.Join(keep, "held-"+string(rune('0'+k))+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		train, err := ReadI2B2File(filepath.Join(keep, "train-"+string(rune('0'+k))+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(held)+len(train) != 30 {
			t.Errorf("fold %d: %d held + %d train", k, len(held), len(train))
		}
		if _, err := os.Stat(filepath.Join(keep, "model-"+string(rune('0'+k)), "smoking", "weights.gt")); err != nil {
			t.Errorf("fold %d's model not kept: %v", k, err)
		}
	}
	if !strings.Contains(out.String(), "3-fold cross-validation") {
		t.Errorf("report:\n%s", out.String())
	}
}

// uniqueWords is 150 words of note i that no other note has (no near-duplicates).
func uniqueWords(i int) string {
	var b strings.Builder
	for j := range 150 {
		fmt.Fprintf(&b, "w%dq%d ", i, j)
	}
	return b.String()
}
