package models

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

// What the encoder reads of a mention: the rules' verdict when asked, the section, the
// sentence around the mention bounded in words, the mention between brackets.
func TestEncoderAssertionText(t *testing.T) {
	ms := rules.Prepare("FAMILY HISTORY: Her mother had a stroke at 70 and lives alone.").Mentions()
	if len(ms) != 1 {
		t.Fatalf("mentions %+v", ms)
	}
	cfg := DefaultEncoderAssertionConfig()
	cfg.Left, cfg.Right = 3, 2
	got := cfg.Text(ms[0])
	if want := "family | family history : mother had a [ stroke ] at 70"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	cfg.Rule = false
	if got := cfg.Text(ms[0]); strings.HasPrefix(got, "family |") {
		t.Errorf("text without the rules' verdict %q", got)
	}
}

// The encoder assertion model learns a toy split of negated and asserted mentions from
// the text alone, saves its tuned part, and loads back through LoadMentionReader to the
// same predictions.
func TestEncoderAssertionTrainsSavesAndReloads(t *testing.T) {
	label := map[findings.Assertion]int{}
	for i, a := range AssertionLabels {
		label[a] = i
	}
	var ex []AssertionExample
	add := func(text string, a findings.Assertion) {
		for _, m := range rules.Prepare(text).Mentions() {
			ex = append(ex, AssertionExample{Mention: m, Label: label[a]})
		}
	}
	for _, c := range []string{"hypertension", "diabetes", "atrial fibrillation", "heart failure", "coronary artery disease"} {
		for _, p := range []string{"", "Assessment: ", "History: ", "PMH: "} {
			add(p+"He denies "+c+".", findings.Negated)
			add(p+"No evidence of "+c+".", findings.Negated)
			add(p+"He is spared from "+c+".", findings.Negated) // a negation the rules' cues do not know
			add(p+"He has "+c+".", findings.Asserted)
			add(p+"Known "+c+" for years.", findings.Asserted)
		}
	}
	probe := append(rules.Prepare("The patient denies stroke.").Mentions(), rules.Prepare("The patient has a stroke.").Mentions()...)
	if len(probe) != 2 {
		t.Fatalf("probe mentions %+v", probe)
	}
	dir := filepath.Join(t.TempDir(), "assertion")
	w := torch.NewWorker()
	defer w.Close()
	var before []float64
	err := w.Do(context.Background(), func() error {
		cfg := DefaultEncoderAssertionConfig()
		cfg.TuneFrom, cfg.Rule = 5, false
		m, res, err := TrainEncoderAssertion(cfg, ex, TrainOptions{Epochs: 6, Batch: 8, LR: 3e-4, Patience: 6, Seed: 1, Device: gotch.CPU, ValSplit: 0.2})
		if err != nil {
			return err
		}
		if res.ValAccuracy < 0.75 {
			t.Errorf("validation accuracy %.2f on a separable toy split", res.ValAccuracy)
		}
		how, sure := m.Predict(probe)
		if how[0] != findings.Negated || how[1] != findings.Asserted {
			t.Errorf("probe %v (%v), want negated then asserted", how, sure)
		}
		before = sure
		_, err = m.Save(dir, EncoderAssertionMeta{Name: "test", Version: "1"}, nil)
		if err != nil {
			return err
		}
		// As a veto the model only takes the rules' assertions away: "spared from" (the
		// rules: asserted) becomes negated, "rule out" stays the rules' hypothetical
		// whatever the model, which never saw it, reads.
		veto := append(rules.Prepare("She is spared from stroke.").Mentions(), rules.Prepare("We will rule out stroke.").Mentions()...)
		if len(veto) != 2 || veto[0].Rule != findings.Asserted || veto[1].Rule != findings.Hypothetical {
			return fmt.Errorf("veto probe mentions %+v", veto)
		}
		m.cfg.Veto = 0.5
		how, _ = m.Predict(veto)
		if how[0] != findings.Negated || how[1] != findings.Hypothetical {
			t.Errorf("veto: %v, want negated (taken away) then hypothetical (the rules')", how)
		}
		// Between the two: a veto just above the model's certainty leaves the rules' asserted.
		m.cfg.Veto = 0
		free, freeSure := m.Predict(veto[:1])
		if free[0] != findings.Negated {
			return fmt.Errorf("the model alone reads %q as %v (%v), want negated", veto[0].Text, free, freeSure)
		}
		m.cfg.Veto = freeSure[0] + (1-freeSure[0])/2
		if how, _ = m.Predict(veto[:1]); freeSure[0] < 1 && how[0] != findings.Asserted {
			t.Errorf("veto %.6f above the model's %.6f: %v, want the rules' asserted", m.cfg.Veto, freeSure[0], how)
		}
		m.cfg.Veto = 1.01 // never sure enough: the rules' reading throughout
		if how, _ = m.Predict(veto); how[0] != findings.Asserted || how[1] != findings.Hypothetical {
			t.Errorf("veto never reached: %v, want the rules' asserted and hypothetical", how)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Do(context.Background(), func() error {
		m, name, _, sum, err := LoadMentionReader(dir, gotch.CPU)
		if err != nil {
			return err
		}
		if _, ok := m.(*EncoderAssertion); !ok || name != "test" || sum == "" {
			t.Errorf("loaded %T %q %q", m, name, sum)
		}
		_, after := m.Predict(probe)
		for i := range after {
			if math.Abs(after[i]-before[i]) > 1e-5 {
				t.Errorf("reloaded model %v, saved one %v", after, before)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
