package fhir

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
)

// A C-CDA document, as US EHRs exchange them, is read as a clinician reads it: section
// titles as headings, table rows as lines, cells tab-separated; the header and coded
// entries left out; every character mapped back into the XML.
func TestExtractTextReadsCCDAAndMapsOffsetsBack(t *testing.T) {
	txt, err := ExtractText(context.Background(), mustDoc(t, "documentreference-ccda.json"), TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Continuity of Care Document\n" +
		"Problems:\nProblem\tStatus\tOnset\nEssential hypertension\tActive\t2015\nParoxysmal atrial fibrillation\tActive\nCommunity acquired pneumonia\tResolved\t2022\n" +
		"Family History:\nRelationship\tDiagnosis\tAge at onset\nFather\tMyocardial infarction\t58\nMother\tStroke\t70\n" +
		"Social History:\nSocial History Observation\tDescription\tDates Observed\nTobacco smoking status\tFormer smoker\t2019\n" +
		"Assessment & Plan:\nPalpitations, likely from his atrial fibrillation. No history of stroke; no diabetes.\n" +
		"Echo today: LVEF 55–60%.\nRule out coronary artery disease <stress test next week>.\n1. Continue apixaban.\n2. Recheck BP & lipids in 3 months."
	if txt.Plain != want {
		t.Fatalf("plain text\n%q\nwant\n%q", txt.Plain, want)
	}
	if txt.ContentType != "application/xml" {
		t.Errorf("content type %q", txt.ContentType)
	}
	checkMapsBack(t, txt, "Essential hypertension", "Family History", "Myocardial infarction", "No history of stroke", "Former smoker", "Recheck BP")
	src := []rune(txt.Source)
	i := utf8.RuneCountInString(txt.Plain[:strings.Index(txt.Plain, "–")])
	if s, e := txt.SourceSpan(i, i+1); string(src[s:e]) != "&#8211;" {
		t.Errorf("– maps to %q", string(src[s:e]))
	}
	// the header's names (a patient called "Heart Failure", an author "Dr. Stroke") are no text
	if strings.Contains(txt.Plain, "Heart") || strings.Contains(txt.Plain, "Dr.") {
		t.Error("header text read as the note's")
	}

	// and the rules read it as the note means it: the father's MI, the mother's stroke,
	// "No history of stroke" and "Rule out coronary artery disease" are not the patient's
	got := map[string]findings.Assertion{}
	for _, c := range rules.ExtractOne(nlp.Input{Text: txt.Plain}).Conditions {
		if c.Assertion == findings.Asserted || got[c.Code] == "" {
			got[c.Code] = c.Assertion
		}
	}
	for code, want := range map[string]findings.Assertion{"38341003": findings.Asserted, "49436004": findings.Asserted, "22298006": findings.Family, "53741008": findings.Hypothetical, "44054006": findings.Negated} {
		if got[code] != want {
			t.Errorf("%s read %q, want %q", code, got[code], want)
		}
	}
	if got["230690007"] == findings.Asserted {
		t.Error("stroke read asserted")
	}
}

func TestStripCDAEdgeCases(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct{ in, want string }{
		// a namespace prefix, nested sections, a stray end tag
		{`<cda:ClinicalDocument xmlns:cda="urn:hl7-org:v3"><cda:component><cda:structuredBody><cda:component><cda:section><cda:title>Past History</cda:title><cda:text>CABG 2010</cda:text>` +
			`<cda:component><cda:section><cda:title>Family History:</cda:title><cda:text>Mother: stroke</cda:text></cda:section></cda:component></cda:section></cda:component></cda:structuredBody></cda:component></span></cda:ClinicalDocument>`,
			"Past History:\nCABG 2010\nFamily History:\nMother: stroke"},
		// a nonXMLBody as written, and in base64 (plain text, RTF)
		{"<ClinicalDocument><component><nonXMLBody><text mediaType=\"text/plain\">HPI:\r\n  Hypertension &amp; AF.\r\n</text></nonXMLBody></component></ClinicalDocument>", "HPI:\n  Hypertension & AF."},
		{`<ClinicalDocument><component><nonXMLBody><text mediaType="text/plain" representation="B64">` + b64("Dx: CHF\nNo MI.") + `</text></nonXMLBody></component></ClinicalDocument>`, "Dx: CHF\nNo MI."},
		{`<ClinicalDocument><component><nonXMLBody><text mediaType="text/rtf" representation="B64">` + b64(`{\rtf1\ansi Dx: CHF\par No MI.}`) + `</text></nonXMLBody></component></ClinicalDocument>`, "Dx: CHF\nNo MI."},
		// comments, a processing instruction, whitespace between cells; an empty table cell keeps its column
		{`<?xml version="1.0"?><!-- x --><ClinicalDocument><section><title>Meds</title><text><table><tr> <td>a</td> <td/> <td>c</td> </tr></table><!-- <td>hidden</td> --></text></section></ClinicalDocument>`, "Meds:\na\t\tc"},
		// unclosed: no panic, text kept
		{`<ClinicalDocument><section><title>Plan</title><text><paragraph>Echo in 6 months`, "Plan:\nEcho in 6 months"},
		// a row stays one line: breaks, paragraphs, lists and tables inside a cell are "; "; an
		// empty first cell keeps its column, empty last cells leave no tabs
		{`<ClinicalDocument><section><title>Family History</title><text><table><tr><td>Father<br/>deceased</td><td><paragraph>MI</paragraph><paragraph>CABG</paragraph></td><td><list><item>58</item></list></td></tr>` +
			`<tr><td/><td>Stroke</td><td/><td/></tr><tr><td>Mother</td><td><table><tr><td>HTN</td><td>DM</td></tr></table></td></tr></table></text></section></ClinicalDocument>`,
			"Family History:\nFather; deceased\tMI; CABG\t58\n\tStroke\nMother\tHTN; DM"},
		// ordered lists are numbered; a deleted revision is left out; a no-break space is a
		// space; a title's trailing blanks and colon; Allscripts' block-level content
		{"<ClinicalDocument><section><title>Plan: \n </title><text><list listType='ordered'><item>GI bleed</item><item>Anemia from #1</item></list>" +
			`Start <content revised="delete">warfarin</content><content revised="insert">apixaban</content>` + "\u00a0today.<content styleCode=\"xDiv\">Reason: CHF</content></text></section></ClinicalDocument>",
			"Plan:\n1. GI bleed\n2. Anemia from #1\nStart apixaban today.\nReason: CHF"},
		// base64 in CDATA with &#13; line ends, spaces around "=", UTF-16, compressed (DF, GZ), HTML written in the body
		{`<ClinicalDocument><nonXMLBody><text mediaType = "text/plain" representation = "B64"><![CDATA[` + b64("Dx:")[:2] + "&#13;\n" + b64("Dx:")[2:] + `]]></text></nonXMLBody></ClinicalDocument>`, "Dx:"},
		{`<ClinicalDocument><nonXMLBody><text mediaType="text/plain" representation="B64">` + b64("\xff\xfeH\x00F\x00") + `</text></nonXMLBody></ClinicalDocument>`, "HF"},
		{`<ClinicalDocument><nonXMLBody><text mediaType="text/rtf" representation="B64" compression="DF">` + b64(deflated(t, `{\rtf1\ansi Dx: CHF\par No MI.}`)) + `</text></nonXMLBody></ClinicalDocument>`, "Dx: CHF\nNo MI."},
		{`<ClinicalDocument><nonXMLBody><text mediaType="text/plain" representation="B64" compression="GZ">` + b64(gzipped(t, "Dx: CHF")) + `</text></nonXMLBody></ClinicalDocument>`, "Dx: CHF"},
		{`<ClinicalDocument><nonXMLBody><text mediaType="text/html">&lt;p&gt;Dx: CHF&lt;/p&gt;&lt;p&gt;No MI&lt;/p&gt;</text></nonXMLBody></ClinicalDocument>`, "Dx: CHF\nNo MI"},
	} {
		got, starts, ends, err := stripCDA(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("stripCDA(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if len(starts) != utf8.RuneCountInString(got) || len(ends) != len(starts) {
			t.Errorf("%q: %d characters, %d offsets", got, utf8.RuneCountInString(got), len(starts))
		}
	}
	for _, tc := range []struct{ in, want string }{
		{`<Bundle xmlns="http://hl7.org/fhir"><entry/></Bundle>`, "not a CDA document (its root element is <Bundle>"},
		{`just text`, "no root element"},
		{`<ClinicalDocument><component><nonXMLBody><text mediaType="application/pdf" representation="B64">` + b64("%PDF-1.4") + `</text></nonXMLBody></component></ClinicalDocument>`, "holds application/pdf, which notecoder does not read"},
		{`<ClinicalDocument><component><nonXMLBody><text mediaType="text/plain" representation="B64">!!not base64</text></nonXMLBody></component></ClinicalDocument>`, "not valid base64"},
		{`<ClinicalDocument><nonXMLBody><text><reference value="UD_sample.pdf"/></text></nonXMLBody></ClinicalDocument>`, "only refers to its content (UD_sample.pdf)"},
		{`<ClinicalDocument><nonXMLBody><text representation="B64" compression="Z">eA==</text></nonXMLBody></ClinicalDocument>`, "compressed as Z"},
	} {
		if _, _, _, err := stripCDA(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("stripCDA(%q): error %v, want one saying %q", tc.in, err, tc.want)
		}
	}
	if !looksLikeCDA("\ufeff<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">") || looksLikeCDA("ClinicalDocument is a CDA element") {
		t.Error("looksLikeCDA")
	}
}

func deflated(t *testing.T, s string) string {
	var b bytes.Buffer
	zw, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func gzipped(t *testing.T, s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// An XML attachment that is no CDA document is rejected with a reason that says what was
// found, not read as a note; a CDA body that cannot be decoded is a bad encoding.
func TestExtractTextRejectsXMLThatIsNoCDA(t *testing.T) {
	doc := mustDoc(t, "documentreference-ccda.json")
	data := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0"?><Patient xmlns="http://hl7.org/fhir"><id value="1"/></Patient>`))
	doc.Ref.Content[0].Attachment.Data = &data
	_, err := ExtractText(context.Background(), doc, TextOptions{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Reason != ReasonUnsupportedContent || !strings.Contains(err.Error(), "<Patient>") {
		t.Fatalf("error %v: want %s naming the root element", err, ReasonUnsupportedContent)
	}
	// a body whose bytes cannot be decoded is a bad encoding
	data = base64.StdEncoding.EncodeToString([]byte(`<ClinicalDocument><component><nonXMLBody><text mediaType="text/plain" representation="B64">!!not base64</text></nonXMLBody></component></ClinicalDocument>`))
	doc.Ref.Content[0].Attachment.Data = &data
	_, err = ExtractText(context.Background(), doc, TextOptions{})
	if !errors.As(err, &ie) || ie.Reason != ReasonBadEncoding || !strings.Contains(err.Error(), "not valid base64") {
		t.Fatalf("error %v: want %s", err, ReasonBadEncoding)
	}
}

// Real-format C-CDA documents (Synthea's, testdata/synthea/ccda/, README there): every
// labelled concept is found asserted and nothing else is.
func TestRulesReadSyntheaCCDAs(t *testing.T) {
	dir := filepath.Join("..", "testdata", "synthea", "ccda")
	f, err := os.Open(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var g struct {
			File       string
			Conditions []struct {
				Code     string
				Asserted bool
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		n++
		zf, err := os.Open(filepath.Join(dir, g.File))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(zf)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		zf.Close()
		if err != nil {
			t.Fatal(err)
		}
		ct, data := "application/xml", base64.StdEncoding.EncodeToString(raw)
		doc := mustDoc(t, "documentreference-ccda.json")
		doc.Ref.Content[0].Attachment.ContentType, doc.Ref.Content[0].Attachment.Data = &ct, &data
		txt, err := ExtractText(context.Background(), doc, TextOptions{})
		if err != nil {
			t.Fatalf("%s: %v", g.File, err)
		}
		want := map[string]bool{}
		for _, c := range g.Conditions {
			if c.Asserted {
				want[c.Code] = true
			}
		}
		got := map[string]bool{}
		for _, c := range rules.ExtractOne(nlp.Input{Text: txt.Plain}).Conditions {
			if c.Assertion == findings.Asserted {
				got[c.Code] = true
			}
		}
		for c := range want {
			if !got[c] {
				t.Errorf("%s: %s missed", g.File, c)
			}
		}
		for c := range got {
			if !want[c] {
				t.Errorf("%s: %s wrongly found", g.File, c)
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d documents read", n)
	}
}

// Whatever the bytes, stripCDA maps every character it writes to a range of the source.
func FuzzStripCDA(f *testing.F) {
	for _, s := range []string{`<ClinicalDocument><section><title>A</title><text><table><tr><td>x&amp;</td></tr></table></text></section></ClinicalDocument>`,
		`<ClinicalDocument><nonXMLBody><text representation="B64">SGk=</text></nonXMLBody></ClinicalDocument>`, `<a`, `<ClinicalDocument><section><text><![CDATA[x`, `<!--`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, starts, ends, err := stripCDA(src)
		if err != nil {
			return
		}
		checkMapping(t, src, out, starts, ends)
	})
}
