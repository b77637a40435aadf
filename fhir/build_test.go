package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/notecoder/notecoder/nlp/findings"
)

var testModel = findings.Model{Name: "notecoder-test", Version: "1.0.0", SHA256: strings.Repeat("ab", 32)}

// spanOf is the character span of the first occurrence of sub in text.
func spanOf(t *testing.T, text, sub string) findings.Span {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	s := utf8.RuneCountInString(text[:i])
	return findings.Span{Start: s, End: s + utf8.RuneCountInString(sub)}
}

func docAndText(t *testing.T, file string) (Document, NoteText) {
	t.Helper()
	d := mustDoc(t, file)
	txt, err := ExtractText(context.Background(), d, TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d, txt
}

func sampleFindings(t *testing.T, text string) findings.Findings {
	return findings.Findings{
		Smoking: &findings.Smoking{Status: findings.Current, Evidence: []findings.Span{spanOf(t, text, "current smoker, 1 ppd")}, Score: 0.9},
		Conditions: []findings.Condition{
			{Code: "49436004", Assertion: findings.Asserted, Evidence: []findings.Span{spanOf(t, text, "atrial fibrillation")}},
			{Code: "84114007", Assertion: findings.Negated, Evidence: []findings.Span{spanOf(t, text, "heart failure")}},
		},
		LVEF: &findings.LVEF{Value: 35, Evidence: []findings.Span{spanOf(t, text, "LVEF 35%")}},
	}
}

// decode unmarshals a resource into a generic map for assertions.
func decode(t *testing.T, r Resource) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.JSON, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func find(rs []Resource, typ, finding string) (Resource, bool) {
	for _, r := range rs {
		if string(r.Type) == typ && (finding == "" || r.Finding == finding) {
			return r, true
		}
	}
	return Resource{}, false
}

func TestBuildSmokingStatusObservationFollowsUSCore(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	rs, err := Build(d, txt, sampleFindings(t, txt.Plain), testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := find(rs.Resources, "Observation", "smoking")
	if !ok {
		t.Fatal("no smoking-status Observation")
	}
	js := string(r.JSON)
	for _, want := range []string{
		`"resourceType":"Observation"`, `"status":"final"`,
		`"code":"social-history"`, `"system":"http://loinc.org","code":"72166-2"`,
		`"subject":{"reference":"Patient/p-100"}`, `"effectiveDateTime":"2024-03-05T10:00:00Z"`,
		`"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"449868002"`,
		`"derivedFrom":[{"reference":"DocumentReference/doc-1/_history/1"}]`,
		`"code":"AIAST"`, ProfileSmokingStatus,
		`"url":"http://hl7.org/fhir/StructureDefinition/derivation-reference"`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("smoking Observation lacks %s:\n%s", want, js)
		}
	}
	if rs.Subject != "Patient/p-100" {
		t.Errorf("result set subject %q", rs.Subject)
	}
}

func TestSmokingStatusCodes(t *testing.T) {
	for _, tc := range []struct {
		s    findings.Smoking
		want string
	}{
		{findings.Smoking{Status: findings.Current}, "449868002"},
		{findings.Smoking{Status: findings.Current, Intensity: findings.SomeDay}, "428041000124106"},
		{findings.Smoking{Status: findings.Current, Intensity: findings.Heavy}, "428071000124103"},
		{findings.Smoking{Status: findings.Current, Intensity: findings.Light}, "428061000124105"},
		{findings.Smoking{Status: findings.Past}, "8517006"},
		{findings.Smoking{Status: findings.Smoker}, "77176002"},
		{findings.Smoking{Status: findings.NonSmoker}, "266919005"},
		{findings.Smoking{Status: findings.Unknown}, "266927001"},
	} {
		if got, _ := smokingCode(tc.s); got != tc.want {
			t.Errorf("%s/%s: %s, want %s", tc.s.Status, tc.s.Intensity, got, tc.want)
		}
	}
}

func TestUnknownSmokingPublishesNothingUnlessAsked(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	f := findings.Findings{Smoking: &findings.Smoking{Status: findings.Unknown}}
	rs, err := Build(d, txt, f, testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := find(rs.Resources, "Observation", "smoking"); ok {
		t.Fatal("UNKNOWN published by default")
	}
	rs, err = Build(d, txt, f, testModel, BuildOptions{PublishUnknownSmoking: true})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := find(rs.Resources, "Observation", "smoking")
	if !ok || !strings.Contains(string(r.JSON), `"code":"266927001"`) {
		t.Fatalf("UNKNOWN with the setting: %s", r.JSON)
	}
}

func TestConditionsOnlyForAssertedConceptsWithBothCodings(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	f := sampleFindings(t, txt.Plain)
	f.Conditions = append(f.Conditions,
		findings.Condition{Code: "38341003", Assertion: findings.Family, Evidence: []findings.Span{spanOf(t, txt.Plain, "History")}},
		findings.Condition{Code: "22298006", Assertion: findings.Hypothetical, Evidence: []findings.Span{spanOf(t, txt.Plain, "Echo")}},
	)
	rs, err := Build(d, txt, f, testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var conds []Resource
	for _, r := range rs.Resources {
		if r.Type == "Condition" {
			conds = append(conds, r)
		}
	}
	if len(conds) != 1 || conds[0].Finding != "condition:49436004" {
		t.Fatalf("conditions %v: want only the asserted atrial fibrillation", conds)
	}
	js := string(conds[0].JSON)
	for _, want := range []string{
		`"system":"http://snomed.info/sct","code":"49436004"`,
		`"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I48.91"`,
		`"code":"problem-list-item"`, `"code":"active"`, `"code":"unconfirmed"`,
		`"encounter":{"reference":"Encounter/e-7"}`,
		`"evidence":[{"detail":[{"reference":"DocumentReference/doc-1/_history/1"}]}]`,
		`"recordedDate":"2024-03-05T10:00:00Z"`, ProfileConditionPHC,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("Condition lacks %s:\n%s", want, js)
		}
	}
	// Settings: negated as refuted, encounter-diagnosis category.
	rs, err = Build(d, txt, f, testModel, BuildOptions{PublishRefuted: true, ConditionCategory: "encounter-diagnosis"})
	if err != nil {
		t.Fatal(err)
	}
	hf, ok := find(rs.Resources, "Condition", "condition:84114007")
	if !ok || !strings.Contains(string(hf.JSON), `"code":"refuted"`) || strings.Contains(string(hf.JSON), `"clinicalStatus"`) {
		t.Fatalf("negated heart failure with PublishRefuted: %s", hf.JSON)
	}
	if !strings.Contains(string(hf.JSON), `"code":"encounter-diagnosis"`) {
		t.Errorf("category setting ignored: %s", hf.JSON)
	}
	if _, err := Build(d, txt, f, testModel, BuildOptions{ConditionCategory: "billing"}); err == nil {
		t.Error("unknown condition category accepted")
	}
}

// What the note says beyond the concept refines the ICD-10-CM code; across mentions the
// table's later row wins (an acute MI over an old one, the highest CKD stage).
func TestConditionDetailRefinesICD10CM(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	ev := []findings.Span{spanOf(t, txt.Plain, "Echo")}
	for _, tc := range []struct {
		code    string
		details []string
		want    string
	}{
		{"22298006", []string{"old"}, "I25.2"},
		{"22298006", []string{"old", ""}, "I21.9"},
		{"22298006", []string{"old", "nstemi"}, "I21.4"},
		{"709044004", []string{"", "stage-3b"}, "N18.32"},
		{"709044004", []string{"stage-4", "stage-3a"}, "N18.4"},
		{"709044004", []string{"esrd"}, "N18.6"},
		{"709044004", []string{"stage-9"}, "N18.9"}, // a detail the table does not know: the concept's code
	} {
		var f findings.Findings
		for _, det := range tc.details {
			f.Conditions = append(f.Conditions, findings.Condition{Code: tc.code, Assertion: findings.Asserted, Detail: det, Evidence: ev})
		}
		rs, err := Build(d, txt, f, testModel, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c, ok := find(rs.Resources, "Condition", "condition:"+tc.code)
		if !ok || !strings.Contains(string(c.JSON), `"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"`+tc.want+`"`) {
			t.Errorf("%s %q: want ICD-10-CM %s in %s", tc.code, tc.details, tc.want, c.JSON)
		}
	}
}

func TestLVEFQuantityAndRange(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	rs, err := Build(d, txt, sampleFindings(t, txt.Plain), testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := find(rs.Resources, "Observation", "lvef")
	if !strings.Contains(string(r.JSON), `"valueQuantity":{"value":35,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}`) ||
		!strings.Contains(string(r.JSON), `"code":"10230-1"`) {
		t.Fatalf("LVEF quantity: %s", r.JSON)
	}
	lo, hi := 25.0, 30.0
	f := findings.Findings{LVEF: &findings.LVEF{Value: 27.5, Low: &lo, High: &hi, Evidence: []findings.Span{spanOf(t, txt.Plain, "LVEF 35%")}}}
	rs, err = Build(d, txt, f, testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, _ = find(rs.Resources, "Observation", "lvef")
	if !strings.Contains(string(r.JSON), `"valueRange":{"low":{"value":25,"unit":"%"`) || !strings.Contains(string(r.JSON), `"high":{"value":30,`) {
		t.Fatalf("LVEF range: %s", r.JSON)
	}
	bad := 130.0
	f.LVEF = &findings.LVEF{Value: bad}
	if _, err := Build(d, txt, f, testModel, BuildOptions{}); err == nil {
		t.Error("LVEF 130% accepted")
	}
}

func TestEvidenceSpansCiteTheExactWordsInTheAttachment(t *testing.T) {
	d, txt := docAndText(t, "documentreference-html.json")
	f := findings.Findings{Conditions: []findings.Condition{
		{Code: "48724000", Assertion: findings.Asserted, Evidence: []findings.Span{spanOf(t, txt.Plain, "Mitral regurgitation")}},
		{Code: "60573004", Assertion: findings.Asserted, Evidence: []findings.Span{spanOf(t, txt.Plain, "aortic stenosis")}},
	}}
	rs, err := Build(d, txt, f, testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	src := []rune(txt.Source)
	for code, want := range map[string]string{"48724000": "Mitral regurgitation", "60573004": "aortic stenosis"} {
		r, ok := find(rs.Resources, "Condition", "condition:"+code)
		if !ok {
			t.Fatalf("no Condition %s", code)
		}
		m := decode(t, r)
		ext := m["extension"].([]any)[0].(map[string]any)
		var off, length int
		for _, sub := range ext["extension"].([]any) {
			s := sub.(map[string]any)
			switch s["url"] {
			case "offset":
				off = int(s["valueInteger"].(float64))
			case "length":
				length = int(s["valueInteger"].(float64))
			case "reference":
				if ref := s["valueReference"].(map[string]any)["reference"]; ref != "DocumentReference/doc-html-1/_history/1" {
					t.Errorf("evidence cites %v", ref)
				}
			}
		}
		if got := string(src[off : off+length]); got != want {
			t.Errorf("Condition %s evidence [%d,+%d) = %q in the HTML attachment, want %q", code, off, length, got, want)
		}
	}
}

// A note that repeats one condition thousands of times must not make a Condition larger
// than an output topic takes: the evidence keeps the first MaxEvidence mentions.
func TestEvidenceIsBoundedForARepetitiveNote(t *testing.T) {
	d, txt := docAndText(t, "documentreference-html.json")
	first := spanOf(t, txt.Plain, "aortic stenosis")
	var spans []findings.Span
	for i := 0; i < 5000; i++ { // the same words over and over, distinct spans
		spans = append(spans, findings.Span{Start: first.Start, End: first.End - i%5})
	}
	f := findings.Findings{Conditions: []findings.Condition{{Code: "60573004", Assertion: findings.Asserted, Evidence: spans}}}
	rs, err := Build(d, txt, f, testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := find(rs.Resources, "Condition", "condition:60573004")
	if !ok {
		t.Fatal("no Condition")
	}
	if n := len(decode(t, r)["extension"].([]any)); n != 5 {
		t.Errorf("%d evidence extensions for 5 distinct spans, want 5", n)
	}
	spans = spans[:0]
	for i := 0; i < 5000; i++ {
		spans = append(spans, findings.Span{Start: i % first.End, End: first.End})
	}
	f.Conditions[0].Evidence = spans
	rs, err = Build(d, txt, f, testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, _ = find(rs.Resources, "Condition", "condition:60573004")
	ext := decode(t, r)["extension"].([]any)
	if len(ext) != MaxEvidence {
		t.Errorf("%d evidence extensions, want the first %d", len(ext), MaxEvidence)
	}
	if len(r.JSON) > 16<<10 {
		t.Errorf("Condition of %d bytes for one repeated mention", len(r.JSON))
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	a, err := Build(d, txt, sampleFindings(t, txt.Plain), testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(d, txt, sampleFindings(t, txt.Plain), testModel, BuildOptions{})
	if len(a.Resources) != len(b.Resources) {
		t.Fatal("different result sets")
	}
	for i := range a.Resources {
		if a.Resources[i].ID != b.Resources[i].ID || !bytes.Equal(a.Resources[i].JSON, b.Resources[i].JSON) {
			t.Errorf("resource %d differs between two builds", i)
		}
	}
	// Another model version changes the Device and Provenance, not the finding ids.
	m2 := testModel
	m2.Version = "1.0.1"
	c, _ := Build(d, txt, sampleFindings(t, txt.Plain), m2, BuildOptions{})
	for i := range a.Resources {
		sameID := a.Resources[i].ID == c.Resources[i].ID
		if a.Resources[i].Finding != "" && !sameID {
			t.Errorf("finding %s changed id with the model version", a.Resources[i].Finding)
		}
		if a.Resources[i].Finding == "" && sameID {
			t.Errorf("%s kept its id across model versions", a.Resources[i].Type)
		}
	}
}

func TestProvenanceTargetsTheResultSetAndNamesTheModel(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	rs, err := Build(d, txt, sampleFindings(t, txt.Plain), testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := find(rs.Resources, "Provenance", "")
	dev, ok2 := find(rs.Resources, "Device", "")
	if !ok || !ok2 {
		t.Fatal("no Provenance or Device")
	}
	m := decode(t, p)
	var targets []string
	for _, tg := range m["target"].([]any) {
		targets = append(targets, tg.(map[string]any)["reference"].(string))
	}
	for _, r := range rs.Resources {
		if r.Finding != "" && !strings.Contains(strings.Join(targets, " "), r.Reference()) {
			t.Errorf("Provenance does not target %s", r.Reference())
		}
	}
	js := string(p.JSON)
	for _, want := range []string{`"role":"source"`, `"reference":"DocumentReference/doc-1/_history/1"`, `"reference":"Device/` + dev.ID + `"`, `"recorded":"2024-03-05T10:00:00Z"`} {
		if !strings.Contains(js, want) {
			t.Errorf("Provenance lacks %s: %s", want, js)
		}
	}
	dj := string(dev.JSON)
	for _, want := range []string{testModel.Name, testModel.Version, testModel.SHA256, `"type":"model-name"`} {
		if !strings.Contains(dj, want) {
			t.Errorf("Device lacks %s: %s", want, dj)
		}
	}
}

func TestBuildRejectsBadFindingsAndDocumentsWithoutSubject(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	f := findings.Findings{Conditions: []findings.Condition{{Code: "12345", Assertion: findings.Asserted}}}
	if _, err := Build(d, txt, f, testModel, BuildOptions{}); err == nil {
		t.Error("unknown concept accepted")
	}
	f = findings.Findings{Smoking: &findings.Smoking{Status: findings.Current, Evidence: []findings.Span{{Start: 5, End: 5000}}}}
	if _, err := Build(d, txt, f, testModel, BuildOptions{}); err == nil {
		t.Error("span outside the text accepted")
	}
	d.Ref.Subject = nil
	if _, err := Build(d, txt, findings.Findings{}, testModel, BuildOptions{}); ReasonOf(err) != ReasonNoSubject {
		t.Errorf("no subject: %v", err)
	}
}

func TestEveryConceptHasBothCodes(t *testing.T) {
	cs := Concepts()
	if len(cs) != 15 {
		t.Fatalf("%d concepts, want the 15 of the concept table", len(cs))
	}
	for _, c := range cs {
		if c.SNOMED == "" || c.SNOMEDDisplay == "" || c.ICD10CM == "" || c.ICD10CMDisplay == "" || c.VerifiedAgainst == "" {
			t.Errorf("incomplete concept row %+v", c)
		}
	}
}

// In classify's result Bundle every reference between the document's resources
// resolves by FHIR's Bundle rules: relative to the base of the holding entry's fullUrl.
func TestResultBundleReferencesResolve(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	rs, err := Build(d, txt, sampleFindings(t, txt.Plain), testModel, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := CollectionBundle(rs.DocumentID, rs.VersionID, rs.Resources)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Entry []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	entries := map[string]bool{}
	for _, e := range b.Entry {
		entries[e.FullURL] = true
	}
	refs := regexp.MustCompile(`"reference":"((Observation|Condition|Provenance|Device)/[^"]+)"`)
	n := 0
	for _, e := range b.Entry {
		base := e.FullURL[:strings.LastIndex(e.FullURL[:strings.LastIndex(e.FullURL, "/")], "/")+1]
		for _, m := range refs.FindAllStringSubmatch(string(e.Resource), -1) {
			n++
			if !entries[base+m[1]] {
				t.Errorf("%s refers to %s, which resolves to %s: no such entry", e.FullURL, m[1], base+m[1])
			}
		}
	}
	if n == 0 {
		t.Fatal("no reference between entries to check")
	}
}

// Every Observation and Condition names its maker in meta.source: notecoder's version
// and the model's, as a URN (kept by FHIR servers, unlike a Provenance on another topic).
func TestResultsNameTheirMakerInMetaSource(t *testing.T) {
	d, txt := docAndText(t, "documentreference.json")
	f := sampleFindings(t, txt.Plain)
	model := findings.Model{Name: "notecoder-smoking+rules", Version: "0.3.0/rules 1"}
	rs, err := Build(d, txt, f, model, BuildOptions{Software: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	want := "urn:notecoder:1.2.3:notecoder-smoking+rules:0.3.0%2Frules%201"
	if got := Source("1.2.3", model); got != want {
		t.Fatalf("Source = %q, want %q", got, want)
	}
	n := 0
	for _, r := range rs.Resources {
		var head struct {
			Meta struct {
				Source string `json:"source"`
			} `json:"meta"`
		}
		json.Unmarshal(r.JSON, &head)
		if r.Type == KindObservation || r.Type == KindCondition {
			n++
			if head.Meta.Source != want {
				t.Errorf("%s %s: meta.source %q, want %q", r.Type, r.ID, head.Meta.Source, want)
			}
		}
	}
	if n < 2 {
		t.Fatalf("%d results, want an Observation and a Condition at least", n)
	}
	if s := Source("", findings.Model{}); s != "urn:notecoder:unknown:unknown:unknown" {
		t.Errorf("Source without names: %q", s)
	}
}
