package tokenize

import (
	"testing"
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
