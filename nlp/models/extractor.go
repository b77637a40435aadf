package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

// Extractor is the model-backed nlp.Extractor: the smoking-status sentence classifier
// decides smoking status; conditions and LVEF still come from the rule baseline until
// the entity tagger lands. Inference runs batched on one torch.Worker.
type Extractor struct {
	worker *torch.Worker
	model  *SmokingModel
	tagger *Tagger // nil: conditions from the rules
	id     findings.Model
}

var _ nlp.Extractor = (*Extractor)(nil)

// Open loads the smoking model from dir onto device, and the entity tagger from
// entitiesDir when it is not empty.
func Open(dir string, device gotch.Device, entitiesDir ...string) (*Extractor, error) {
	w := torch.NewWorker()
	e := &Extractor{worker: w}
	err := w.Do(context.Background(), func() error {
		m, meta, sum, err := LoadSmoking(dir, device)
		if err != nil {
			return err
		}
		e.model = m
		e.id = findings.Model{Name: meta.Name + "+rules", Version: meta.Version + "/rules-" + rules.Version, SHA256: sum}
		if len(entitiesDir) > 0 && entitiesDir[0] != "" {
			t, tmeta, tsum, err := LoadTagger(entitiesDir[0], device)
			if err != nil {
				return err
			}
			e.tagger = t
			e.id = findings.Model{Name: meta.Name + "+" + tmeta.Name + "+rules", Version: meta.Version + "/" + tmeta.Version + "/rules-" + rules.Version,
				SHA256: hashOf(sum + tsum)}
		}
		return nil
	})
	if err != nil {
		w.Close()
		return nil, err
	}
	return e, nil
}

// Model names the smoking model (and the rules it is combined with).
func (e *Extractor) Model() findings.Model { return e.id }

// Close stops the worker.
func (e *Extractor) Close() { e.worker.Close() }

// Extract reads each note: all tobacco sentences of the batch go through the model in
// one call.
func (e *Extractor) Extract(ctx context.Context, in []nlp.Input) ([]findings.Findings, error) {
	out := make([]findings.Findings, len(in))
	var texts []string
	type ref struct {
		doc  int
		span findings.Span
	}
	var refs []ref
	notes := make([]rules.Note, len(in))
	for i, x := range in {
		notes[i] = rules.Prepare(x.Text) // once per note: findings, tobacco sentences, assertions
		out[i] = notes[i].Findings(x.Date)
		runes := []rune(x.Text)
		for _, s := range notes[i].TobaccoSentences() {
			texts = append(texts, string(runes[s.Start:s.End]))
			refs = append(refs, ref{i, s})
		}
	}
	var probs [][]float64
	var mentions [][]Mention
	if len(texts) > 0 || e.tagger != nil {
		err := e.worker.Do(ctx, func() error {
			if len(texts) > 0 {
				probs = e.model.Predict(texts)
			}
			if e.tagger != nil {
				for _, x := range in {
					mentions = append(mentions, e.tagger.Tag(x.Text))
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("smoking model: %w", err)
		}
	}
	for i := range in {
		if e.tagger != nil {
			// Conditions from the tagger; how each is meant (negated, family, ...) from the
			// rules' cues.
			out[i].Conditions = nil
			for _, m := range mentions[i] {
				out[i].Conditions = append(out[i].Conditions, findings.Condition{Code: m.Code, Assertion: notes[i].Assertion(m.Span), Evidence: []findings.Span{m.Span}, Score: 1})
			}
		}
		var docProbs [][]float64
		var spans []findings.Span
		var sents []string
		for k, r := range refs {
			if r.doc == i {
				docProbs = append(docProbs, probs[k])
				spans = append(spans, r.span)
				sents = append(sents, texts[k])
			}
		}
		st, idx, score := Classify(docProbs)
		s := findings.Smoking{Status: st, Score: score}
		if idx >= 0 {
			s.Evidence = []findings.Span{spans[idx]}
			// i2b2: quitting less than a year before the note still counts as current.
			if st == findings.Past && rules.QuitWithinYear(sents[idx], in[i].Date) {
				s.Status = findings.Current
			}
			if s.Status == findings.Current && out[i].Smoking != nil && out[i].Smoking.Status == findings.Current {
				s.Intensity = out[i].Smoking.Intensity // the rules read "some days", "2 ppd"
			}
		}
		out[i].Smoking = &s
	}
	return out, nil
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
