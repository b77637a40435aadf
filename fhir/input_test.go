package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEventReadsEveryShapeEHRsSend(t *testing.T) {
	for _, tc := range []struct {
		file    string
		wantIDs []string
		wantVer string
	}{
		{"documentreference.json", []string{"doc-1"}, "1"},
		{"notification-bundle.json", []string{"doc-2"}, "1"},
		{"message-bundle.json", []string{"doc-3"}, "1"},
		{"collection-bundle.json", []string{"doc-4", "doc-5"}, "1"},
		{"transaction-bundle.json", []string{"doc-6"}, "1"}, // id from fullUrl
	} {
		docs, err := ParseEvent(readTestdata(t, tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		var ids []string
		for _, d := range docs {
			ids = append(ids, d.ID)
			if d.VersionID != tc.wantVer {
				t.Errorf("%s: %s version %q, want %q", tc.file, d.ID, d.VersionID, tc.wantVer)
			}
		}
		if strings.Join(ids, ",") != strings.Join(tc.wantIDs, ",") {
			t.Errorf("%s: documents %v, want %v", tc.file, ids, tc.wantIDs)
		}
	}
}

func TestParseEventRejectsBadInputWithAReason(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want Reason
	}{
		{"empty", "", ReasonMalformedJSON},
		{"not json", "{not json", ReasonMalformedJSON},
		{"json array", `[1,2]`, ReasonMalformedJSON},
		{"no resourceType", `{"id":"x"}`, ReasonWrongResourceType},
		{"patient", `{"resourceType":"Patient","id":"p1"}`, ReasonWrongResourceType},
		{"bad status code", `{"resourceType":"DocumentReference","id":"d1","status":"bogus","content":[]}`, ReasonInvalidResource},
		{"no id", `{"resourceType":"DocumentReference","status":"current","content":[]}`, ReasonNoID},
		{"bad id", `{"resourceType":"DocumentReference","id":"a b","status":"current","content":[]}`, ReasonInvalidResource},
		{"bundle without docs", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p"}}]}`, ReasonNoDocument},
		{"id-only notification", `{"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Parameters"}},{"fullUrl":"http://x/DocumentReference/1"}]}`, ReasonNoDocument},
		{"bundle bad type", `{"resourceType":"Bundle","type":"nonsense","entry":[]}`, ReasonInvalidResource},
		{"bundle bad entry", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"DocumentReference","id":"d","status":"nope","content":[]}}]}`, ReasonInvalidResource},
	} {
		_, err := ParseEvent([]byte(tc.in))
		if got := ReasonOf(err); got != tc.want {
			t.Errorf("%s: reason %q (error %v), want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestParseEventErrorsNeverQuoteTheNote(t *testing.T) {
	secret := "SENTINEL-Mrs-Jane-Doe-smokes"
	in := `{"resourceType":"DocumentReference","id":"d","status":"current","content":[{"attachment":{"contentType":"text/plain","data":"` + secret + `"}}],"subject":{"reference":7}}`
	_, err := ParseEvent([]byte(in))
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("error %v: want an error that does not quote the input", err)
	}
}

func mustDoc(t *testing.T, file string) Document {
	t.Helper()
	docs, err := ParseEvent(readTestdata(t, file))
	if err != nil || len(docs) != 1 {
		t.Fatalf("%s: %v (%d docs)", file, err, len(docs))
	}
	return docs[0]
}

func TestExtractTextDecodesDeclaredCharsets(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		file, want, charset string
	}{
		{"documentreference.json", "current smoker, 1 ppd", "utf-8"},
		{"documentreference-latin1.json", "Größe 180 cm, Übergewicht", "iso-8859-1"},
		{"documentreference-cp1252.json", "Befund – Patientin klagt über Dyspnoe; Kosten 5 €", "windows-1252"},
	} {
		txt, err := ExtractText(ctx, mustDoc(t, tc.file), TextOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if !strings.Contains(txt.Plain, tc.want) || txt.Charset != tc.charset {
			t.Errorf("%s: charset %s, text %q; want %s and %q", tc.file, txt.Charset, txt.Plain, tc.charset, tc.want)
		}
	}
}

func TestExtractTextUndeclaredLatin1FallsBackToWindows1252(t *testing.T) {
	got, cs, err := decodeCharset([]byte("Gr\xf6\xdfe"), "")
	if err != nil || got != "Größe" || cs != "windows-1252" {
		t.Fatalf("got %q %q %v", got, cs, err)
	}
	if _, _, err := decodeCharset([]byte("Gr\xf6\xdfe"), "utf-8"); err == nil {
		t.Fatal("declared UTF-8 with Latin-1 bytes: want an error")
	}
	if _, _, err := decodeCharset([]byte("x"), "klingon-8"); err == nil {
		t.Fatal("unknown charset: want an error")
	}
}

func TestExtractTextStripsHTMLAndMapsOffsetsBack(t *testing.T) {
	txt, err := ExtractText(context.Background(), mustDoc(t, "documentreference-html.json"), TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(txt.Plain, "<") || strings.Contains(txt.Plain, "color:red") || strings.Contains(txt.Plain, "var x") {
		t.Fatalf("tags, style or script left in %q", txt.Plain)
	}
	want := "Mitral regurgitation & aortic stenosis."
	if !strings.Contains(txt.Plain, want) || !strings.Contains(txt.Plain, "LVEF 25–30%.") {
		t.Fatalf("plain text %q", txt.Plain)
	}
	// Every word found in the plain text maps back to the same word in the HTML source.
	checkMapsBack(t, txt, "Mitral regurgitation", "aortic stenosis", "Echo report")
	src := []rune(txt.Source)
	// A span across an entity maps to the whole entity in the source.
	i := strings.Index(txt.Plain, "regurgitation & aortic")
	start := utf8.RuneCountInString(txt.Plain[:i])
	s, e := txt.SourceSpan(start, start+len("regurgitation & aortic"))
	if got := string(src[s:e]); got != "regurgitation &amp; aortic" {
		t.Errorf("entity span maps to %q", got)
	}
}

// checkMapsBack: each word, found in the plain text, maps back to the same word in the
// source.
func checkMapsBack(t *testing.T, txt NoteText, words ...string) {
	t.Helper()
	plain, src := []rune(txt.Plain), []rune(txt.Source)
	for _, word := range words {
		i := strings.Index(txt.Plain, word)
		if i < 0 {
			t.Errorf("%q not in the plain text", word)
			continue
		}
		start := utf8.RuneCountInString(txt.Plain[:i])
		end := start + utf8.RuneCountInString(word)
		s, e := txt.SourceSpan(start, end)
		if got := string(src[s:e]); got != word {
			t.Errorf("%q maps to source %q", string(plain[start:end]), got)
		}
	}
}

func TestExtractTextChoosesTheBestAttachmentAndSaysWhich(t *testing.T) {
	txt, err := ExtractText(context.Background(), mustDoc(t, "documentreference-multi.json"), TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if txt.Attachment != 2 || txt.Plain != "Plain version." || !strings.Contains(txt.Choice, "content[2] text/plain") {
		t.Fatalf("chose attachment %d (%q), choice %q; want content[2], the text/plain one", txt.Attachment, txt.Plain, txt.Choice)
	}
}

type fakeFetcher struct{ body string }

func (f fakeFetcher) Fetch(_ context.Context, url string) ([]byte, string, error) {
	return []byte(f.body), "text/plain; charset=utf-8", nil
}

func TestExtractTextRejectsWhatItCannotRead(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		file string
		opt  TextOptions
		want Reason
	}{
		{"documentreference-pdf.json", TextOptions{}, ReasonUnsupportedContent},
		{"documentreference-url.json", TextOptions{}, ReasonURLNotConfigured},
		{"documentreference.json", TextOptions{MaxChars: 20}, ReasonTooLarge},
	} {
		_, err := ExtractText(ctx, mustDoc(t, tc.file), tc.opt)
		if got := ReasonOf(err); got != tc.want {
			t.Errorf("%s: reason %q (%v), want %q", tc.file, got, err, tc.want)
		}
	}
	// With a fetcher configured, the url attachment is read.
	txt, err := ExtractText(ctx, mustDoc(t, "documentreference-url.json"), TextOptions{Fetcher: fakeFetcher{"Fetched note."}})
	if err != nil || txt.Plain != "Fetched note." {
		t.Fatalf("url with fetcher: %q, %v", txt.Plain, err)
	}
	// No content at all.
	d := mustDoc(t, "documentreference.json")
	d.Ref.Content = nil
	if _, err := ExtractText(ctx, d, TextOptions{}); ReasonOf(err) != ReasonNoText {
		t.Fatalf("no content: %v", err)
	}
}

// Values of input fields never reach an error's message (which goes to log lines and the
// dead-letter header notecoder.errors.message): reason codes and field names only.
func TestErrorsNameFieldsNeverValues(t *testing.T) {
	const s = "SENTINEL-Quattlebaum"
	doc := func(field string) string {
		d := map[string]any{"resourceType": "DocumentReference", "id": "d1", "status": "current", "subject": map[string]any{"reference": "Patient/1"},
			"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain", "data": "aGVsbG8="}}}}
		switch field {
		case "status":
			d["status"] = s
		case "id":
			d["id"] = s + " x"
		case "versionId":
			d["meta"] = map[string]any{"versionId": s + " x"}
		case "contentType":
			d["content"] = []any{map[string]any{"attachment": map[string]any{"contentType": "application/" + s, "data": "aGVsbG8="}}}
		case "charset":
			d["content"] = []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain; charset=" + s, "data": "aGVsbG8="}}}
		}
		b, _ := json.Marshal(d)
		return string(b)
	}
	inputs := map[string]string{
		"resourceType": `{"resourceType":"` + s + `"}`,
		"Bundle.type":  `{"resourceType":"Bundle","type":"` + s + `","entry":[]}`,
	}
	for _, f := range []string{"status", "id", "versionId", "contentType", "charset"} {
		inputs[f] = doc(f)
	}
	for field, in := range inputs {
		var err error
		docs, perr := ParseEvent([]byte(in))
		err = perr
		if err == nil {
			for _, d := range docs {
				if _, terr := ExtractText(context.Background(), d, TextOptions{}); terr != nil {
					err = terr
				}
			}
		}
		if err == nil {
			t.Errorf("%s: a bad value was accepted", field)
			continue
		}
		if ReasonOf(err) == "" {
			t.Errorf("%s: %v has no reason code", field, err)
		}
		if strings.Contains(err.Error(), "SENTINEL") || strings.Contains(err.Error(), "Quattlebaum") {
			t.Errorf("%s: the error quotes the input: %v", field, err)
		}
	}
}

// A large Bundle is checked whole by ReadEvent (a bad entry at the end fails the event
// before any document is processed) but decoded a range at a time: what the Event keeps
// is where each document lies, and Documents gives the same documents as decoding at once.
func TestReadEventDecodesLargeBundlesByRange(t *testing.T) {
	const n = keepDecoded + 50
	var entries []string
	for i := 0; i < n; i++ {
		res := fmt.Sprintf(`{"resourceType":"DocumentReference","id":"d-%d","meta":{"versionId":"%d"},"status":"current","content":[{"attachment":{"contentType":"text/plain","data":"U21va2VzLg=="}}]}`, i, i%3+1)
		entries = append(entries, fmt.Sprintf(`{"fullUrl":"urn:uuid:u-%d", "resource" : %s, "request":{"method":"PUT","url":"DocumentReference/d-%d"}}`, i, res, i))
		if i%100 == 0 { // other resources between the notes are skipped
			entries = append(entries, `{"resource":{"resourceType":"Patient","id":"p"}}`)
		}
	}
	bundle := []byte(`{"resourceType":"Bundle", "entry": [` + strings.Join(entries, ",\n") + `], "type":"transaction"}`)
	ev, err := ReadEvent(bundle)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Len() != n || ev.docs != nil {
		t.Fatalf("event of %d documents, %d decoded documents kept; want %d and none", ev.Len(), len(ev.docs), n)
	}
	ids := ev.IDs()
	all, err := ParseEvent(bundle)
	if err != nil {
		t.Fatal(err)
	}
	for from := 0; from < n; from += 100 {
		to := min(n, from+100)
		docs, err := ev.Documents(from, to)
		if err != nil {
			t.Fatal(err)
		}
		for k, d := range docs {
			i := from + k
			if d.ID != fmt.Sprintf("d-%d", i) || ids[i] != d.ID || d.VersionID != fmt.Sprint(i%3+1) || d.FullURL != fmt.Sprintf("urn:uuid:u-%d", i) {
				t.Fatalf("document %d: id %q (IDs says %q), version %q, fullUrl %q", i, d.ID, ids[i], d.VersionID, d.FullURL)
			}
			if all[i].ID != d.ID || all[i].FullURL != d.FullURL {
				t.Fatalf("document %d differs from ParseEvent's: %q/%q", i, all[i].ID, d.ID)
			}
		}
	}
	if _, err := ev.Documents(n-1, n+1); err == nil {
		t.Error("Documents past the end: no error")
	}

	bad := bytes.Replace(bundle, []byte(fmt.Sprintf(`"id":"d-%d"`, n-1)), []byte(`"id":"d %d"`), 1)
	if _, err := ReadEvent(bad); ReasonOf(err) != ReasonInvalidResource || !strings.Contains(err.Error(), fmt.Sprintf("entry %d", n-1+(n-1)/100+1)) {
		t.Errorf("bad id in the last entry: %v, want %s naming the entry", err, ReasonInvalidResource)
	}
	if _, err := ReadEvent([]byte(`{"resourceType":"Bundle","type":"collection","entry":{"resource":{}}}`)); ReasonOf(err) != ReasonInvalidResource {
		t.Errorf("entry not an array: %v", err)
	}
}

// A syntax error is reported with the parser's own message and where it is.
func TestMalformedJSONSaysWhatAndWhere(t *testing.T) {
	_, err := ParseEvent([]byte("{\"resourceType\":\"DocumentReference\",\n  \"id\":\"x\",\n}"))
	if ReasonOf(err) != ReasonMalformedJSON || !strings.Contains(err.Error(), "invalid character '}' looking for beginning of object key string at line 3, column 1") {
		t.Errorf("trailing comma: %v", err)
	}
}
