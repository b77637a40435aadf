// Package tokenize turns text into the integer features notecoder's models read:
// words split on letters and digits (Unicode-aware, so German umlauts and ß stay inside
// words), and for each word hashed character n-grams (3 to 5, with boundary marks) plus
// the whole word. Words never seen in training still share n-grams with known ones
// ("Nikotinabusus" with "Nikotin", "smokes" with "smoker"), which is how the models cope
// with unseen words, typos and both languages in one vocabulary. Pure Go, no state.
package tokenize

import (
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Token is a word and where it lies in the text (character offsets).
type Token struct {
	Text string
	Span findings.Span
}

// Words splits text into words (runs of letters/digits) and single punctuation marks.
func Words(text string) []Token {
	var out []Token
	start := -1
	i := 0
	var b strings.Builder
	flush := func(end int) {
		if start >= 0 {
			out = append(out, Token{Text: b.String(), Span: findings.Span{Start: start, End: end}})
			start = -1
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			b.WriteRune(r)
		default:
			flush(i)
			if !unicode.IsSpace(r) {
				out = append(out, Token{Text: string(r), Span: findings.Span{Start: i, End: i + 1}})
			}
		}
		i++
	}
	flush(i)
	return out
}

// Hasher maps words to feature ids in [1, Buckets) (0 is padding).
type Hasher struct {
	Buckets int // feature table size, e.g. 1<<15
	MinN    int // smallest n-gram (3)
	MaxN    int // largest n-gram (5)
}

// Default is the hasher the shipped models use.
var Default = Hasher{Buckets: 1 << 15, MinN: 3, MaxN: 5}

// ID hashes any string feature (e.g. "p-1:word") to a feature id.
func (h Hasher) ID(s string) int64 { return h.id(s) }

func (h Hasher) id(s string) int64 {
	f := fnv.New32a()
	f.Write([]byte(s))
	return int64(f.Sum32()%uint32(h.Buckets-1)) + 1
}

// Features returns the feature ids of one word: the lower-cased word itself and its
// character n-grams with '<' and '>' marking the word's edges. Digits are folded to '0'
// so "35%" and "40%" look alike.
func (h Hasher) Features(word string) []int64 {
	w := []rune(strings.ToLower(word))
	for i, r := range w {
		if unicode.IsDigit(r) {
			w[i] = '0'
		}
	}
	out := []int64{h.id("w:" + string(w))}
	marked := append(append([]rune{'<'}, w...), '>')
	for n := h.MinN; n <= h.MaxN; n++ {
		for i := 0; i+n <= len(marked); i++ {
			out = append(out, h.id(string(marked[i:i+n])))
		}
	}
	return out
}

// Bag returns the features of every word of text, concatenated (for bag-of-features
// sentence models), capped at max ids (0: no cap).
func (h Hasher) Bag(text string, max int) []int64 {
	var out []int64
	for _, t := range Words(text) {
		out = append(out, h.Features(t.Text)...)
		if max > 0 && len(out) >= max {
			return out[:max]
		}
	}
	return out
}

// Bigrams returns one feature per pair of adjacent words of text (lower-cased, digits
// folded), e.g. "never smoked" or "husband smokes": word order that Bag loses.
func (h Hasher) Bigrams(text string) []int64 {
	var words []string
	for _, t := range Words(text) {
		w := []rune(strings.ToLower(t.Text))
		for i, r := range w {
			if unicode.IsDigit(r) {
				w[i] = '0'
			}
		}
		words = append(words, string(w))
	}
	out := make([]int64, 0, len(words))
	for i := 1; i < len(words); i++ {
		out = append(out, h.id("b:"+words[i-1]+" "+words[i]))
	}
	return out
}
