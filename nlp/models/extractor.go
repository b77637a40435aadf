package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

// Extractor is the model-backed nlp.Extractor: the smoking-status sentence classifier
// decides smoking status; conditions come from the entity tagger when one is installed,
// else from the rule baseline, and LVEF from the rules. It holds Replicas copies of the
// models, each on its own torch.Worker (a goroutine locked to one OS thread): calls run
// in parallel up to that number, and each call runs its whole batch in one model pass.
type Extractor struct {
	free     chan *replica
	replicas []*replica
	tagged   bool
	asserted bool // an assertion model decides how each rule mention is meant
	ruleMix  float64
	id       findings.Model
}

// SentenceClassifier gives each tobacco sentence its class probabilities over
// SentenceLabels: the bag-of-features SmokingModel or the fine-tuned EncoderSmoking.
type SentenceClassifier interface {
	Predict(sentences []string) [][]float64
}

// readingClassifier is a SentenceClassifier whose features take the rules' reading of each
// sentence, which Extract has read already (SmokingModel).
type readingClassifier interface {
	PredictReading(sentences []string, read []findings.SmokingStatus) [][]float64
}

// LoadSmokingAny loads whichever smoking model dir holds (bag or encoder) and returns it
// with its name and version. It must run on a torch.Worker.
func LoadSmokingAny(dir string, device gotch.Device) (SentenceClassifier, SmokingMeta, string, error) {
	if IsRouted(dir) {
		return loadRouted(dir, device)
	}
	return loadPlain(dir, device)
}

// loadPlain loads a bag or encoder smoking model (not a routed one).
func loadPlain(dir string, device gotch.Device) (SentenceClassifier, SmokingMeta, string, error) {
	if IsEncoderModel(dir) {
		m, meta, sum, err := LoadEncoderSmoking(dir, device)
		return m, SmokingMeta{Task: meta.Task, Name: meta.Name, Version: meta.Version}, sum, err
	}
	return LoadSmoking(dir, device)
}

// replica is one copy of the models, used only on its worker.
type replica struct {
	worker    *torch.Worker
	model     SentenceClassifier
	tagger    *Tagger       // nil: conditions from the rules
	assertion MentionReader // nil: assertion from the rules' cues
}

var _ nlp.Extractor = (*Extractor)(nil)

// Options say which models to load and how.
type Options struct {
	Smoking   string // smoking model directory (required)
	Entities  string // entity tagger directory ("": conditions from the rules)
	Assertion string // assertion model directory ("": how a rule mention is meant, from the rules' cues)
	Device    gotch.Device
	Replicas  int // model copies, each on its own worker thread (< 1: one)
	// ModelOnly reads smoking with the sentence model alone, without the rules' share
	// (RuleMix). The learning loop's gate scores versions so: the mix shields the gold
	// set from what a retrain taught, and a retrain on wrong corrections lost too
	// little gold macro-F1 with it (0.008) for the gate to see.
	ModelOnly bool
}

// Open loads the models, once per replica.
func Open(o Options) (*Extractor, error) {
	n := max(o.Replicas, 1)
	if o.Entities != "" && o.Assertion != "" {
		return nil, fmt.Errorf("models: both an entity tagger (%s) and an assertion model (%s): the tagger's mentions take their assertion from the rules, the assertion model reads the rules' mentions; keep one of the two", o.Entities, o.Assertion)
	}
	e := &Extractor{free: make(chan *replica, n), tagged: o.Entities != "", asserted: o.Entities == "" && o.Assertion != "", ruleMix: RuleMix}
	if o.ModelOnly {
		e.ruleMix = 0
	}
	for i := 0; i < n; i++ {
		r := &replica{worker: torch.NewWorker()}
		e.replicas = append(e.replicas, r)
		err := r.worker.Do(context.Background(), func() error {
			m, meta, sum, err := LoadSmokingAny(o.Smoking, o.Device)
			if err != nil {
				return err
			}
			r.model = m
			e.id = findings.Model{Name: meta.Name + "+rules", Version: meta.Version + "/rules-" + rules.Version, SHA256: sum}
			// with the second model (tagger or assertion model; at most one): both named
			with := func(name, version, sum2 string) {
				e.id = findings.Model{Name: meta.Name + "+" + name + "+rules", Version: meta.Version + "/" + version + "/rules-" + rules.Version,
					SHA256: hashOf(sum + sum2)}
			}
			if e.asserted {
				a, name, version, asum, err := LoadMentionReader(o.Assertion, o.Device)
				if err != nil {
					return err
				}
				r.assertion = a
				with(name, version, asum)
			}
			if o.Entities != "" {
				t, tmeta, tsum, err := LoadTagger(o.Entities, o.Device)
				if err != nil {
					return err
				}
				r.tagger = t
				with(tmeta.Name, tmeta.Version, tsum)
			}
			return nil
		})
		if err != nil {
			e.Close()
			return nil, err
		}
		e.free <- r
	}
	return e, nil
}

// Model names the smoking model (and the rules it is combined with).
func (e *Extractor) Model() findings.Model { return e.id }

// Replicas is the number of model copies (calls that can run at once).
func (e *Extractor) Replicas() int { return len(e.replicas) }

// Close stops the workers.
func (e *Extractor) Close() {
	for _, r := range e.replicas {
		r.worker.Close()
	}
}

// Extract reads each note: all tobacco sentences of the batch go through the model in
// one call.
func (e *Extractor) Extract(ctx context.Context, in []nlp.Input) ([]findings.Findings, error) {
	out := make([]findings.Findings, len(in))
	var texts []string
	// Reading the notes (sentences, rules, assertion cues) is Go work, done once per note
	// and spread over the cores: a merged batch must not run it on one.
	notes := make([]rules.Note, len(in))
	tobacco := make([][]findings.Span, len(in))
	sentTexts := make([][]string, len(in))
	read, field := make([][]findings.SmokingStatus, len(in)), make([][]bool, len(in))
	mentions := make([][]rules.Mention, len(in))
	parallel(len(in), func(i int) {
		notes[i] = rules.Prepare(in[i].Text)
		out[i] = notes[i].FindingsExcept(in[i].Date, e.tagged || e.asserted)
		tobacco[i] = notes[i].TobaccoSentences()
		runes := []rune(in[i].Text)
		for _, s := range tobacco[i] {
			sentTexts[i] = append(sentTexts[i], string(runes[s.Start:s.End]))
		}
		// the rules' reading of each tobacco sentence, read once: the model's features and
		// the rules' share both take it
		read[i], field[i] = rulesReading(sentTexts[i])
		if e.asserted {
			mentions[i] = notes[i].Mentions()
		}
	})
	var flat []rules.Mention
	for _, ms := range mentions {
		flat = append(flat, ms...)
	}
	var textsRead []findings.SmokingStatus
	for i := range in {
		texts = append(texts, sentTexts[i]...)
		textsRead = append(textsRead, read[i]...)
	}
	var probs [][]float64
	var tagged [][]Mention
	var how []findings.Assertion
	var howSure []float64
	if len(texts) > 0 || e.tagged || len(flat) > 0 {
		var r *replica
		select {
		case r = <-e.free:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		err := r.worker.Do(ctx, func() error {
			if rc, ok := r.model.(readingClassifier); ok && len(texts) > 0 {
				probs = rc.PredictReading(texts, textsRead)
			} else if len(texts) > 0 {
				probs = r.model.Predict(texts)
			}
			if r.tagger != nil {
				for _, x := range in {
					tagged = append(tagged, r.tagger.Tag(x.Text))
				}
			}
			if r.assertion != nil && len(flat) > 0 {
				how, howSure = r.assertion.Predict(flat)
			}
			return nil
		})
		e.free <- r
		if err != nil {
			return nil, fmt.Errorf("model inference: %w", err)
		}
	}
	k, first := 0, 0 // first: the batch index of note i's first tobacco sentence
	for i := range in {
		if e.tagged {
			// Conditions from the tagger; how each is meant (negated, family, ...) from the
			// rules' cues.
			out[i].Conditions = nil
			for _, m := range tagged[i] {
				out[i].Conditions = append(out[i].Conditions, findings.Condition{Code: m.Code, Assertion: notes[i].Assertion(m.Span), Evidence: []findings.Span{m.Span}, Score: m.Score})
			}
		}
		if e.asserted {
			// The rules' mentions; how each is meant from the assertion model, which also
			// drops those that are not the concept here.
			out[i].Conditions = nil
			for _, m := range mentions[i] {
				a, p := how[k], howSure[k]
				k++
				if a == "none" {
					continue
				}
				out[i].Conditions = append(out[i].Conditions, findings.Condition{Code: m.Code, Assertion: a, Detail: m.Detail, Evidence: []findings.Span{m.Span}, Score: p})
			}
		}
		sents, spans := sentTexts[i], tobacco[i]
		docProbs := probs[first : first+len(sents)]
		first += len(sents)
		mixed := mixRules(docProbs, read[i], field[i], e.ruleMix)
		if e.ruleMix > 0 {
			mixed = counselAsFallback(mixed, sents, read[i], field[i])
		}
		st, idx, score := Classify(mixed)
		s := findings.Smoking{Status: st, Score: score}
		if idx >= 0 {
			s.Evidence = []findings.Span{spans[idx]}
			// i2b2: quitting less than a year before the note still counts as current. The
			// quit may stand in another of the patient's past sentences than the one that
			// decided (EHR fields: "Smoking status: Former Smoker" / "Quit date: 3/1/2024").
			if st == findings.Past {
				for k, sent := range sents {
					if (k == idx || read[i][k] == findings.Past) && notes[i].QuitWithinYear(sent, in[i].Date) {
						s.Status = findings.Current
						break
					}
				}
			}
			if s.Status == findings.Current && out[i].Smoking != nil && out[i].Smoking.Status == findings.Current {
				s.Intensity = out[i].Smoking.Intensity // the rules read "some days", "2 ppd"
			}
		}
		out[i].Smoking = &s
		out[i].Sentences = tobacco[i]
	}
	return out, nil
}

// RuleMix is the share of a sentence's probabilities given to the rules' reading of it,
// where the rules read a status (rules.SentenceStatus; the rest is the model's). Below
// 0.5 the model still overrules the rules in a sentence when it is sure of another status
// (by more than RuleMix/(1-RuleMix) of probability), and it alone reads the sentences the
// rules cannot. 0.4 was chosen by 5-fold cross-validation on the real training notes
// ('notecoder cv smoking', README): micro/macro-F1 0.899/0.854 without, 0.901/0.868 with.
var RuleMix = 0.4

// rulesReading is the rules' reading of each sentence on its own (rules.SentenceReading),
// and which of them it read from a form's field.
func rulesReading(sents []string) ([]findings.SmokingStatus, []bool) {
	read, field := make([]findings.SmokingStatus, len(sents)), make([]bool, len(sents))
	for i, s := range sents {
		read[i], field[i] = rules.SentenceReading(s)
	}
	return read, field
}

// mixRules mixes the rules' reading of each sentence (rulesReading) into its
// probabilities. A reading from a form's field (an EHR status field, a ticked box, a
// question's answer) is the sentence's status outright: the model, trained on prose,
// had overruled "Smoking status: Smoker, Current Status Unknown" as current; so is a
// sentence whose every tobacco word is not the patient's ("He smokes marijuana daily").
func mixRules(probs [][]float64, read []findings.SmokingStatus, field []bool, mix float64) [][]float64 {
	if mix <= 0 {
		return probs
	}
	out := make([][]float64, len(probs))
	for i, p := range probs {
		out[i] = p
		r := read[i]
		if r == findings.Unknown && !field[i] {
			continue
		}
		m := mix
		if field[i] {
			m = 1
		}
		q := make([]float64, len(p))
		for c := range p {
			q[c] = (1 - m) * p[c]
			if SentenceLabels[c] == string(r) || r == findings.Unknown && SentenceLabels[c] == "OTHER" {
				q[c] += m
			}
		}
		out[i] = q
	}
	return out
}

// counselAsFallback lets a counselling sentence decide only when no other sentence of the
// note does: a sentence the rules read nothing from that advises, counsels or praises
// ("Strongly advised smoking cessation", "Continued abstinence from tobacco is strongly
// encouraged", rules.Counselling). The model reads such a sentence as a current smoker,
// which is what it mostly implies, and was sure enough of it to overrule the note's own
// statement of the status ("Tobacco use: yes", "quit in 1998"); LABELLING.md says
// counselling alone tells nothing, so the statement wins and the counselling is read
// only where the note has nothing else.
func counselAsFallback(probs [][]float64, sents []string, read []findings.SmokingStatus, field []bool) [][]float64 {
	weak := make([]bool, len(probs))
	anyWeak, other := false, false
	for i, p := range probs {
		weak[i] = read[i] == findings.Unknown && !field[i] && rules.Counselling(sents[i])
		anyWeak = anyWeak || weak[i]
		if !weak[i] && argmax(p) != len(p)-1 {
			other = true
		}
	}
	if !anyWeak || !other {
		return probs
	}
	out := make([][]float64, len(probs))
	for i, p := range probs {
		out[i] = p
		if weak[i] {
			q := make([]float64, len(p))
			q[len(p)-1] = 1 // OTHER: says nothing here
			out[i] = q
		}
	}
	return out
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// parallel runs fn(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
