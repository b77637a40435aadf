package tokenize

import (
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"unicode"
)

func TestWordsKeepUmlautsAndOffsets(t *testing.T) {
	text := "Größe: 180 cm, LV-EF 40 %."
	toks := Words(text)
	var got []string
	runes := []rune(text)
	for _, tk := range toks {
		got = append(got, tk.Text)
		if string(runes[tk.Span.Start:tk.Span.End]) != tk.Text {
			t.Errorf("span %v of %q is %q", tk.Span, tk.Text, string(runes[tk.Span.Start:tk.Span.End]))
		}
	}
	want := []string{"Größe", ":", "180", "cm", ",", "LV", "-", "EF", "40", "%", "."}
	if len(got) != len(want) {
		t.Fatalf("%q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%q, want %q", got, want)
		}
	}
}

func TestFeaturesShareNgramsAcrossUnseenWords(t *testing.T) {
	h := Default
	share := func(a, b string) int {
		fa := map[int64]bool{}
		for _, f := range h.Features(a) {
			fa[f] = true
		}
		n := 0
		for _, f := range h.Features(b) {
			if fa[f] {
				n++
			}
		}
		return n
	}
	if share("Nikotinabusus", "Nikotin") < 5 || share("smokes", "smoker") < 3 {
		t.Error("related words share too few n-grams")
	}
	if share("smoker", "diabetes") > 1 {
		t.Error("unrelated words share n-grams")
	}
	for _, f := range h.Features("Vorhofflimmern") {
		if f < 1 || f >= int64(h.Buckets) {
			t.Fatalf("feature %d outside [1,%d)", f, h.Buckets)
		}
	}
	a, b := h.Features("EF35"), h.Features("EF40")
	if a[0] != b[0] {
		t.Error("digits are not folded")
	}
	if len(h.Bag("one two three four", 5)) != 5 {
		t.Error("Bag cap ignored")
	}
}

func TestBigramsKeepWordOrder(t *testing.T) {
	h := Default
	a, b := h.Bigrams("never smoked, husband smokes"), h.Bigrams("husband never smokes, smoked")
	if len(a) != 4 || len(b) != 4 {
		t.Fatalf("%d and %d bigrams, want 4 each (punctuation counts as a word)", len(a), len(b))
	}
	if a[0] == b[0] || h.Bigrams("Never smoked")[0] != h.Bigrams("never smoked")[0] || h.Bigrams("EF 35")[0] != h.Bigrams("ef 40")[0] {
		t.Error("bigrams should differ by order and ignore case and digit values")
	}
}

// The ids must not change: trained models store embeddings by id. These are the ids the
// first implementation (hash/fnv over a string per feature) gave.
func TestFeatureIDsMatchTheOriginalHashing(t *testing.T) {
	ref := func(h Hasher, word string) []int64 {
		w := []rune(strings.ToLower(word))
		for i, r := range w {
			if unicode.IsDigit(r) {
				w[i] = '0'
			}
		}
		id := func(s string) int64 {
			f := fnv.New32a()
			f.Write([]byte(s))
			return int64(f.Sum32()%uint32(h.Buckets-1)) + 1
		}
		out := []int64{id("w:" + string(w))}
		marked := append(append([]rune{'<'}, w...), '>')
		for n := h.MinN; n <= h.MaxN; n++ {
			for i := 0; i+n <= len(marked); i++ {
				out = append(out, id(string(marked[i:i+n])))
			}
		}
		return out
	}
	h := Default
	for _, w := range []string{"Vorhofflimmern", "LV-EF", "35%", "Größe", "Nikotinabusus", "a", "ÄÖÜß", "İstanbul", "ＥＦ", "x" + strings.Repeat("y", 80)} {
		got, want := h.Features(w), ref(h, w)
		if len(got) != len(want) {
			t.Fatalf("%q: %d ids, want %d", w, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%q: id %d is %d, want %d", w, i, got[i], want[i])
			}
		}
	}
	for _, d := range []int{-2, -1, 1, 2} {
		for _, w := range []string{"<pad>", "vorhofflimmern", "größe"} {
			if got, want := h.Context(d, w), h.ID(fmt.Sprintf("p%d:%s", d, w)); got != want {
				t.Errorf("Context(%d, %q) = %d, want %d", d, w, got, want)
			}
		}
	}
}
