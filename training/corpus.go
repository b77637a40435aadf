package training

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
)

// CorpusNote is one line of an unlabelled corpus in JSONL ({"id": ..., "text": ...}; other
// fields are ignored), such as ../shared/corpora/mtsamples/notes.jsonl.
type CorpusNote struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// ReadCorpus reads an unlabelled JSONL corpus. Every line needs an id and a text.
func ReadCorpus(path string) ([]CorpusNote, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []CorpusNote
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var n CorpusNote
		if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if n.ID == "" || strings.TrimSpace(n.Text) == "" {
			return nil, fmt.Errorf("%s:%d: a corpus line needs an id and a text", path, line)
		}
		out = append(out, n)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// NoteIDs returns the ids of the notes in an annotated file (i2b2 XML or entity JSONL),
// e.g. a dev set whose notes must stay out of training.
func NoteIDs(path string) (map[string]bool, error) {
	ids := map[string]bool{}
	if strings.HasSuffix(path, ".xml") {
		recs, err := ReadI2B2File(path)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			ids[r.ID] = true
		}
		return ids, nil
	}
	recs, err := ReadEntitiesFile(path, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		ids[r.ID] = true
	}
	return ids, nil
}

// ExcludedIDs is the set of note ids held in the annotated files (--exclude): notes that
// must be kept out of training or of a corpus read.
func ExcludedIDs(files []string) (map[string]bool, error) {
	ids := map[string]bool{}
	for _, f := range files {
		got, err := NoteIDs(f)
		if err != nil {
			return nil, fmt.Errorf("--exclude %s: %w", f, err)
		}
		for id := range got {
			ids[id] = true
		}
	}
	return ids, nil
}

// CorpusTobaccoSentences returns the tobacco sentences (the smoking model's candidates)
// of the corpus notes whose ids are not in exclude, each sentence once.
func CorpusTobaccoSentences(notes []CorpusNote, exclude map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range notes {
		if exclude[n.ID] {
			continue
		}
		runes := []rune(n.Text)
		for _, s := range rules.TobaccoSentences(n.Text) {
			t := string(runes[s.Start:s.End])
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// PseudoLabel lets a teacher model label sentences for a student (distillation): each
// sentence the teacher is at least minProb sure of becomes an example with the teacher's
// class. It must run on the teacher's torch.Worker.
func PseudoLabel(teacher models.SentenceClassifier, sentences []string, minProb float64) []models.Example {
	var out []models.Example
	for i, p := range teacher.Predict(sentences) {
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if p[best] >= minProb {
			out = append(out, models.Example{Text: sentences[i], Label: best})
		}
	}
	return out
}

// NoteTexts reads the note texts of annotated or unlabelled files (i2b2 XML; entity or
// corpus JSONL, which both carry "id" and "text"), each distinct text once, in file order.
func NoteTexts(files []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		var texts []string
		if strings.HasSuffix(f, ".xml") {
			recs, err := ReadI2B2File(f)
			if err != nil {
				return nil, err
			}
			for _, r := range recs {
				texts = append(texts, r.Text)
			}
		} else {
			notes, err := ReadCorpus(f)
			if err != nil {
				return nil, err
			}
			for _, n := range notes {
				texts = append(texts, n.Text)
			}
		}
		for _, t := range texts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out, nil
}
