package encoder

import (
	"fmt"

	"github.com/sugarme/tokenizer"
	"github.com/sugarme/tokenizer/pretrained"
)

// Tokenizer turns text into the encoder's WordPiece ids, [CLS] ... [SEP], from the
// pretrained model's tokenizer.json.
type Tokenizer struct {
	tk     *tokenizer.Tokenizer
	MaxLen int // longest sequence, special tokens included
}

// NewTokenizer reads tokenizer.json. Sequences are cut to maxLen tokens.
func NewTokenizer(path string, maxLen int) (*Tokenizer, error) {
	tk, err := pretrained.FromFile(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer %s: %w", path, err)
	}
	tk.WithTruncation(nil)
	tk.WithPadding(nil)
	return &Tokenizer{tk: tk, MaxLen: maxLen}, nil
}

// Encoded is one text's tokens: ids and, per token, its byte offsets in the text (as
// sugarme/tokenizer reports them; [0,0] for special tokens).
type Encoded struct {
	IDs     []int64
	Offsets [][2]int
}

// Encode tokenizes one text. A text longer than MaxLen tokens keeps its first
// MaxLen-1 tokens and its closing [SEP].
func (t *Tokenizer) Encode(text string) (Encoded, error) {
	en, err := t.tk.EncodeSingle(text, true)
	if err != nil {
		return Encoded{}, err
	}
	n := len(en.Ids)
	e := Encoded{IDs: make([]int64, 0, min(n, t.MaxLen)), Offsets: make([][2]int, 0, min(n, t.MaxLen))}
	for i := 0; i < n; i++ {
		if len(e.IDs) == t.MaxLen-1 && i < n-1 {
			i = n - 1 // jump to [SEP]
		}
		e.IDs = append(e.IDs, int64(en.Ids[i]))
		e.Offsets = append(e.Offsets, [2]int{en.Offsets[i][0], en.Offsets[i][1]})
	}
	return e, nil
}

// IDs tokenizes texts and returns only the ids.
func (t *Tokenizer) IDs(texts []string) ([][]int64, error) {
	out := make([][]int64, len(texts))
	for i, s := range texts {
		e, err := t.Encode(s)
		if err != nil {
			return nil, err
		}
		out[i] = e.IDs
	}
	return out, nil
}
