// Package tokenize turns text into the integer features notecoder's models read:
// words split on letters and digits (Unicode-aware, so German umlauts and ß stay inside
// words), and for each word hashed character n-grams (3 to 5, with boundary marks) plus
// the whole word. Words never seen in training still share n-grams with known ones
// ("Nikotinabusus" with "Nikotin", "smokes" with "smoker"), which is how the models cope
// with unseen words, typos and both languages in one vocabulary. Pure Go, no state.
package tokenize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

func (h Hasher) id(s string) int64 { return h.bucket(fnvString(fnvOffset, s)) }

func (h Hasher) bucket(sum uint32) int64 { return int64(sum%uint32(h.Buckets-1)) + 1 }

// FNV-1a (32 bit) over UTF-8 bytes, computed in place: hashing is most of the Go work of
// featurizing a note, and hash/fnv plus a string per n-gram allocated on every feature.
// The sums equal hash/fnv's over the same bytes, so trained models keep their ids.
const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

func fnvRunes(h uint32, rs []rune) uint32 {
	var buf [utf8.UTFMax]byte
	for _, r := range rs {
		if r < utf8.RuneSelf {
			h = (h ^ uint32(r)) * fnvPrime
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		for _, b := range buf[:n] {
			h = (h ^ uint32(b)) * fnvPrime
		}
	}
	return h
}

// Features returns the feature ids of one word: the lower-cased word itself and its
// character n-grams with '<' and '>' marking the word's edges. Digits are folded to '0'
// so "35%" and "40%" look alike.
func (h Hasher) Features(word string) []int64 { return h.AppendFeatures(nil, word) }

// AppendFeatures appends word's feature ids (see Features) to dst.
func (h Hasher) AppendFeatures(dst []int64, word string) []int64 {
	var stack [64]rune
	marked := append(stack[:0], '<')
	for _, r := range word {
		r = unicode.ToLower(r)
		if unicode.IsDigit(r) {
			r = '0'
		}
		marked = append(marked, r)
	}
	marked = append(marked, '>')
	dst = append(dst, h.bucket(fnvRunes(fnvString(fnvOffset, "w:"), marked[1:len(marked)-1])))
	for n := h.MinN; n <= h.MaxN; n++ {
		for i := 0; i+n <= len(marked); i++ {
			dst = append(dst, h.bucket(fnvRunes(fnvOffset, marked[i:i+n])))
		}
	}
	return dst
}

// Context returns the feature id of a neighbouring word at relative position d: the
// id of "p<d>:<lower-cased word>" (as ID would give).
func (h Hasher) Context(d int, lowerWord string) int64 {
	var buf [8]byte
	sum := fnvString(fnvOffset, "p")
	sum = fnvString(sum, string(strconv.AppendInt(buf[:0], int64(d), 10)))
	sum = fnvString(sum, ":")
	return h.bucket(fnvString(sum, lowerWord))
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
