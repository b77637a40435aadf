package fhir

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParseEvent feeds arbitrary bytes through the input side (parse, pick and decode
// the text) and checks it never panics and that what it returns is self-consistent.
// CI runs it for a fixed short time (scripts/test.sh); the seed corpus is every input
// in testdata/ plus testdata/fuzz/FuzzParseEvent.
func FuzzParseEvent(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		docs, err := ParseEvent(raw)
		if err != nil {
			if ReasonOf(err) == "" {
				t.Fatalf("ParseEvent error without a reason: %v", err)
			}
			return
		}
		if len(docs) == 0 {
			t.Fatal("no documents and no error")
		}
		for _, d := range docs {
			if !validID(d.ID) {
				t.Fatalf("document id %q is not a FHIR id", d.ID)
			}
			txt, err := ExtractText(context.Background(), d, TextOptions{MaxChars: 20000})
			if err != nil {
				if ReasonOf(err) == "" {
					t.Fatalf("ExtractText error without a reason: %v", err)
				}
				continue
			}
			if !utf8.ValidString(txt.Plain) || !utf8.ValidString(txt.Source) {
				t.Fatal("decoded text is not valid UTF-8")
			}
			n, m := utf8.RuneCountInString(txt.Plain), utf8.RuneCountInString(txt.Source)
			for i := 0; i < n; i++ {
				s, e := txt.SourceSpan(i, i+1)
				if s < 0 || e > m || s > e {
					t.Fatalf("plain char %d maps to [%d,%d) outside the %d-char source", i, s, e, m)
				}
			}
		}
	})
}
