package fhir

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// An RTF note as word processors and EHRs write it (testdata/documentreference-rtf.json:
// font and colour tables, a {\*\generator}, bold runs, a table row, \'e9, \u8211?, a page
// header): the text a reader sees, line by line, and every word maps back to the RTF.
func TestExtractTextReadsRTFAndMapsOffsetsBack(t *testing.T) {
	txt, err := ExtractText(context.Background(), mustDoc(t, "documentreference-rtf.json"), TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "PAST MEDICAL HISTORY:\nHypertension, atrial fibrillation – on apixaban.\nFAMILY HISTORY\nMother: stroke at 70.\nFather\tMyocardial infarction\t\nSocial: café owner, never smoker. LVEF 55–60%.\n"
	if txt.Plain != want {
		t.Fatalf("plain text\n%q\nwant\n%q", txt.Plain, want)
	}
	if txt.ContentType != "text/rtf" {
		t.Errorf("content type %q", txt.ContentType)
	}
	checkMapsBack(t, txt, "atrial fibrillation", "FAMILY HISTORY", "Myocardial infarction", "stroke")
	src := []rune(txt.Source)
	// an escaped character maps to its escape
	i := utf8.RuneCountInString(txt.Plain[:strings.Index(txt.Plain, "é")])
	if s, e := txt.SourceSpan(i, i+1); string(src[s:e]) != `\'e9` {
		t.Errorf("é maps to %q", string(src[s:e]))
	}
}

func TestStripRTFEdgeCases(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{\rtf1 a\{b\}c\\d}`, `a{b}c\d`},
		{`{\rtf1\uc2 x\u8364\'80\'80y}`, "x€y"},           // two fallback bytes skipped
		{`{\rtf1 {\*\unknowndest hidden}shown}`, "shown"}, // every {\* } destination skipped
		{`{\rtf1 {\pict\wmetafile8 0a0b}text\line next}`, "text\nnext"},
		{`{\rtf1\ansicpg1251 \'c4}`, "Д"},                // the document's code page
		{`{\rtf1 unbalanced {group`, "unbalanced group"}, // no panic, text kept
		{`{\rtf1 trailing\`, "trailing"},
		{`{\rtf1 {\pict\pngblip\bin2 {{}Hypertension\par}`, "Hypertension\n"}, // binary data holds braces
		{`{\rtf1 Father\nestcell Myocardial infarction\nestcell\nestrow}`, "Father\tMyocardial infarction\t\n"},
		{`{\rtf1 Hypertension{\v hidden note: rule out} shown\v0  too}`, "Hypertension shown too"},
	} {
		if got, _, _ := stripRTF(tc.in); got != tc.want {
			t.Errorf("stripRTF(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if !looksLikeRTF("\ufeff {\\rtf1\\ansi x}") || looksLikeRTF("rtf notes are common") {
		t.Error("looksLikeRTF")
	}
}

// Whatever the bytes, stripRTF maps every character it writes to a range of the source.
func FuzzStripRTF(f *testing.F) {
	for _, s := range []string{`{\rtf1\ansi{\fonttbl{\f0 Arial;}}\pard Hypertension\par}`, `{\rtf1 \u-3913?\'e9{\*\x y}`, `\`, `{{{}}}`, `{\rtf1\uc0\u8364}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, starts, ends := stripRTF(src)
		checkMapping(t, src, out, starts, ends)
	})
}

// checkMapping: every character of out maps to a range of src.
func checkMapping(t *testing.T, src, out string, starts, ends []int32) {
	t.Helper()
	n := len([]rune(src))
	if len([]rune(out)) != len(starts) || len(starts) != len(ends) {
		t.Fatalf("%d characters, %d starts, %d ends", len([]rune(out)), len(starts), len(ends))
	}
	for i := range starts {
		if starts[i] < 0 || starts[i] > ends[i] || int(ends[i]) > n {
			t.Fatalf("character %d maps to [%d, %d) of %d", i, starts[i], ends[i], n)
		}
	}
}
