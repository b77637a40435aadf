package training

import (
	"context"
	"strings"
	"testing"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

func TestAssertionExamplesMatchAnnotatedMentions(t *testing.T) {
	text := "PMH: hypertension. Denies atrial fibrillation. Brain MR was normal. Hypertension again."
	span := func(s string) (int, int) { i := strings.Index(text, s); return i, i + len(s) }
	hs, he := span("hypertension")
	as, ae := span("atrial fibrillation")
	recs := []EntityRecord{{ID: "n1", Lang: "en", Text: text, Conditions: []AnnotatedCondition{
		{Code: "38341003", Asserted: true, Mentions: []AnnotatedMention{{Start: hs, End: he, Assertion: findings.Asserted}}},
		{Code: "49436004", Asserted: false, Mentions: []AnnotatedMention{{Start: as, End: ae, Assertion: findings.Negated}}},
	}}}
	ex, skipped := AssertionExamples(recs)
	got := map[string]findings.Assertion{}
	for _, e := range ex {
		got[e.Mention.Code+"@"+text[e.Mention.Span.Start:e.Mention.Span.End]] = models.AssertionLabels[e.Label]
	}
	want := map[string]findings.Assertion{"38341003@hypertension": findings.Asserted, "49436004@atrial fibrillation": findings.Negated, "48724000@MR": "none"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if skipped != 1 { // the second, unannotated "Hypertension"
		t.Errorf("skipped %d, want 1", skipped)
	}
}

// The assertion model learns from the real training notes and reads a note it has not
// seen: negated, family and hypothetical mentions are not asserted.
func TestAssertionModelLearnsFromRealNotes(t *testing.T) {
	recs, err := ReadEntitiesFile("../testdata/real/conditions-train.jsonl", nil)
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := AssertionExamples(recs)
	if len(ex) < 300 {
		t.Fatalf("only %d examples from the real training notes", len(ex))
	}
	w := torch.NewWorker()
	defer w.Close()
	err = w.Do(context.Background(), func() error {
		m, res, err := models.TrainAssertion(models.DefaultAssertionConfig(), ex, models.TrainOptions{Epochs: 30, Batch: 32, LR: 0.01, Patience: 5, Seed: 1, Device: gotch.CPU, ValSplit: 0.15})
		if err != nil {
			return err
		}
		if res.ValAccuracy < 0.8 {
			t.Errorf("validation accuracy %.3f, want >= 0.8", res.ValAccuracy)
		}
		note := rules.Prepare("PAST MEDICAL HISTORY: Hypertension.,FAMILY HISTORY: Mother had a stroke.,ROS: Denies atrial fibrillation.")
		ms := note.Mentions()
		how, _ := m.Predict(ms)
		got := map[string]findings.Assertion{}
		for i, x := range ms {
			got[x.Code] = how[i]
		}
		want := map[string]findings.Assertion{"38341003": findings.Asserted, "230690007": findings.Family, "49436004": findings.Negated}
		for code, a := range want {
			if got[code] != a {
				t.Errorf("%s: %q, want %q", code, got[code], a)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
