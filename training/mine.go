package training

import (
	"context"
	"fmt"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

// MentionReading is one of the rules' candidate mentions in an unlabelled note with how
// the rules and an assertion model read it: where they disagree, one of them is wrong,
// and a person's reading of the few disagreements finds the rules' misses in a corpus
// nobody labelled (the fine-tuned encoder, which reads the text and not the cues, found
// the misses that TestPhrasingsOfTheUnlabelledCorpus keeps).
type MentionReading struct {
	Note    string             `json:"note"`
	Start   int                `json:"start"`
	End     int                `json:"end"`
	Code    string             `json:"code"`
	Rules   findings.Assertion `json:"rules"`
	Model   findings.Assertion `json:"model"` // "none": not the concept here
	Prob    float64            `json:"prob"`
	Section string             `json:"section,omitempty"`
	Context string             `json:"context"` // the sentence, the mention between [[ ]]
}

// Disagrees reports whether the model reads the mention otherwise than the rules.
func (m MentionReading) Disagrees() bool { return m.Model != m.Rules }

// ReadMentions reads every candidate mention of the notes (those in exclude left out)
// with the rules and with the assertion model in modelDir (bag or encoder), on device.
func ReadMentions(ctx context.Context, modelDir string, device gotch.Device, notes []CorpusNote, exclude map[string]bool) ([]MentionReading, error) {
	var out []MentionReading
	var ms []rules.Mention
	for _, n := range notes {
		if exclude[n.ID] {
			continue
		}
		for _, m := range rules.Prepare(n.Text).Mentions() {
			ms = append(ms, m)
			out = append(out, MentionReading{Note: n.ID, Start: m.Span.Start, End: m.Span.End, Code: m.Code, Rules: m.Rule, Section: m.Section,
				Context: m.Before + "[[" + m.Text + "]]" + m.After})
		}
	}
	w := torch.NewWorker()
	defer w.Close()
	err := w.Do(ctx, func() error {
		reader, _, _, _, err := models.LoadMentionReader(modelDir, device)
		if err != nil {
			return err
		}
		how, sure := reader.Predict(ms)
		for i := range out {
			out[i].Model, out[i].Prob = how[i], sure[i]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assertion model %s: %w", modelDir, err)
	}
	return out, nil
}
