package rules

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
)

var noteDate = time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)

func TestSmokingStatus(t *testing.T) {
	for _, tc := range []struct {
		text string
		want findings.SmokingStatus
		in   findings.Intensity
	}{
		{"SOCIAL HISTORY: Current smoker, 1 ppd x 30 years.", findings.Current, findings.Heavy},
		{"She smokes occasionally on weekends.", findings.Current, findings.SomeDay},
		{"Former smoker, quit in 2001.", findings.Past, ""},
		{"Quit smoking 6 months ago.", findings.Current, ""},
		{"He quit smoking 10 years ago.", findings.Past, ""},
		{"40 pack-year smoking history.", findings.Smoker, ""},
		{"Denies tobacco, alcohol or drug use.", findings.NonSmoker, ""},
		{"Never smoker.", findings.NonSmoker, ""},
		{"The patient lives with his wife. No complaints.", findings.Unknown, ""},
		{"Sozialanamnese: Nikotinabusus (20 py), raucht 10 Zig./Tag.", findings.Current, ""},
		{"Ex-Raucher seit 2015.", findings.Past, ""},
		{"Nichtraucherin.", findings.NonSmoker, ""},
		{"Z.n. Nikotinabusus, Nikotinkarenz seit 10 Jahren.", findings.Past, ""},
	} {
		f := ExtractOne(nlp.Input{Text: tc.text, Date: noteDate})
		if f.Smoking.Status != tc.want || (tc.in != "" && f.Smoking.Intensity != tc.in) {
			t.Errorf("%q: %s/%s, want %s/%s", tc.text, f.Smoking.Status, f.Smoking.Intensity, tc.want, tc.in)
		}
		if tc.want != findings.Unknown {
			if len(f.Smoking.Evidence) == 0 || !f.Smoking.Evidence[0].Valid(len([]rune(tc.text))) {
				t.Errorf("%q: no valid evidence span: %v", tc.text, f.Smoking.Evidence)
			}
		}
	}
}

func conditionSet(f findings.Findings) map[string]findings.Assertion {
	m := map[string]findings.Assertion{}
	for _, c := range f.Conditions {
		if prev, ok := m[c.Code]; !ok || prev != findings.Asserted {
			m[c.Code] = c.Assertion
		}
	}
	return m
}

func TestConditionsAndAssertions(t *testing.T) {
	for _, tc := range []struct {
		text string
		want map[string]findings.Assertion
	}{
		{"PMH: HTN, atrial fibrillation on apixaban.", map[string]findings.Assertion{"38341003": findings.Asserted, "49436004": findings.Asserted}},
		{"No evidence of heart failure.", map[string]findings.Assertion{"84114007": findings.Negated}},
		{"Pulmonary embolism was ruled out by CT.", map[string]findings.Assertion{"59282003": findings.Negated}},
		{"Rule out myocardial infarction.", map[string]findings.Assertion{"22298006": findings.Hypothetical}},
		{"Mother had a stroke at 60.", map[string]findings.Assertion{"230690007": findings.Family}},
		{"Family history:\nCoronary artery disease in father.\n\nAssessment: CKD stage 3.", map[string]findings.Assertion{"53741008": findings.Family, "709044004": findings.Asserted}},
		{"Diagnosen: 1. KHK 3-Gefäß. 2. Vorhofflimmern, kein Hinweis auf Herzinsuffizienz.", map[string]findings.Assertion{"53741008": findings.Asserted, "49436004": findings.Asserted, "84114007": findings.Negated}},
		{"V.a. Lungenembolie.", map[string]findings.Assertion{"59282003": findings.Hypothetical}},
		{"Congestive heart failure (HFrEF), but no atrial fibrillation.", map[string]findings.Assertion{"84114007": findings.Asserted, "49436004": findings.Negated}},
		{"Diabetes mellitus Typ 2, Hypercholesterinämie, arterielle Hypertonie.", map[string]findings.Assertion{"44054006": findings.Asserted, "55822004": findings.Asserted, "38341003": findings.Asserted}},
	} {
		got := conditionSet(ExtractOne(nlp.Input{Text: tc.text}))
		if len(got) != len(tc.want) {
			t.Errorf("%q: %v, want %v", tc.text, got, tc.want)
			continue
		}
		for code, a := range tc.want {
			if got[code] != a {
				t.Errorf("%q: %s is %q, want %q (all: %v)", tc.text, code, got[code], a, got)
			}
		}
	}
}

func TestLVEF(t *testing.T) {
	for _, tc := range []struct {
		text      string
		value     float64
		low, high float64
	}{
		{"Echo: LVEF 35%.", 35, 0, 0},
		{"EF 25-30%, severe MR.", 27.5, 25, 30},
		{"Echokardiographie: LV-EF 40 %.", 40, 0, 0},
		{"The ejection fraction was estimated at 35 to 40 percent.", 37.5, 35, 40},
		{"Ejektionsfraktion von 55%.", 55, 0, 0},
		// Several values: the current one, not the earlier one or a threshold.
		{"Cardiomyopathy diagnosed 2023 with LVEF 20%. Echo today: LVEF 45%.", 45, 0, 0},
		{"HFrEF (LVEF 30% in 2023). Now: echo LVEF 55%.", 55, 0, 0},
		{"Initiale LVEF 20 %. Echo: LVEF 32 %.", 32, 0, 0},
		{"TTE: RVol 78 ml, LVEF 60%. ICD if LVEF < 35 % persists.", 60, 0, 0},
		{"EF biplan 38 %. ICD-Indikation bei LVEF > 35 % derzeit nicht gegeben.", 38, 0, 0},
		// However the sentence is phrased, the current value wins over an earlier one.
		{"LVEF 30-35% on this echo; prior echo 2022 LVEF 25%.", 32.5, 30, 35},
		{"LVEF 30-35%, prior echo 2022 LVEF 25%.", 32.5, 30, 35},
		{"Prior echo in 2022 showed LVEF 25%. LVEF 30-35%.", 32.5, 30, 35},
		{"Compared with the prior study (LVEF 25%), the LVEF is now 30-35%.", 32.5, 30, 35},
		{"The ejection fraction was 25% in 2022 and has improved to 30-35%.", 32.5, 30, 35},
		// the value after the procedure, the keyword not repeated (set q)
		{"Intraop TEE: LVEF 40% pre-bypass, 45% post-bypass with improved inferior wall motion.", 45, 0, 0},
		{"Intraop TEE: LVEF 35-40% pre-bypass, 40-45% post-bypass.", 42.5, 40, 45},
		{"Ejection fraction of 55%.", 55, 0, 0},
		{"Stress echo: resting ejection fraction 55%, 70% at peak stress.", 55, 0, 0},
		{"LVEF 35% pre-op; repeat TTE before discharge shows LVEF 45%.", 45, 0, 0},
		{"Verlauf der LV-Funktion: 2018 EF 55 %, 2021 EF 40 %, aktuell (Echo vom 10.01.2024) EF 32 %.", 32, 0, 0},
		{"Dobutamine stress echo 09/24/2008: resting LVEF 65% with normal wall motion; at peak dose ejection fraction increased to 80% with hyperdynamic function.", 65, 0, 0},
		// a stress echo's peak is not the LVEF; a study called current but dated before the
		// note is an earlier one (set ab)
		{"Dobutamine stress echocardiogram 08/15/2003:  Resting LV ejection fraction 50% with inferobasal akinesis.  EF increased to 65% at peak with no new wall motion abnormalities.", 50, 0, 0},
		{"DATE OF VISIT:,  01/19/2012,HISTORY:,  Because her EF remained 30% on repeat echo in early 2011 she received an ICD.,DATA:,  Echocardiogram 01/11/2012:  ejection fraction now 40%, improved from 30% in 2011.", 40, 0, 0},
		// a results table with the unit in a cell of its own (set v)
		{"Test | Result | Units | Reference\nLVEF (biplane Simpson) | 55 | % | 52-72\nLV end-diastolic diameter | 4.6 | cm | 3.8-5.2", 55, 0, 0},
	} {
		f := ExtractOne(nlp.Input{Text: tc.text})
		if f.LVEF == nil || f.LVEF.Value != tc.value {
			t.Errorf("%q: %+v, want %v", tc.text, f.LVEF, tc.value)
			continue
		}
		if tc.high != 0 && (!f.LVEF.IsRange() || *f.LVEF.Low != tc.low || *f.LVEF.High != tc.high) {
			t.Errorf("%q: range %v-%v, want %v-%v", tc.text, f.LVEF.Low, f.LVEF.High, tc.low, tc.high)
		}
	}
	for _, text := range []string{"EF normal.", "Ref 2 something", "Preserved ejection fraction.", "Gallbladder ejection fraction 22%.", "RV EF 40%, TAPSE 14 mm.", "Left ventricular ejection fraction greater than 50%.", "ICD if LVEF < 35 %."} {
		if f := ExtractOne(nlp.Input{Text: text}); f.LVEF != nil {
			t.Errorf("%q: LVEF %+v from text without a value", text, f.LVEF)
		}
	}
}

func TestExtractorIsBatchedAndNamesItsRules(t *testing.T) {
	e := New()
	out, err := e.Extract(context.Background(), []nlp.Input{{Text: "Never smoker."}, {Text: "Smokes 1 ppd."}})
	if err != nil || len(out) != 2 || out[0].Smoking.Status != findings.NonSmoker || out[1].Smoking.Status != findings.Current {
		t.Fatalf("%v %v", out, err)
	}
	if m := e.Model(); m.Name != "notecoder-rules" || len(m.SHA256) != 64 {
		t.Fatalf("model %+v", m)
	}
}

// The rules' hash is their source: every non-test Go file of the package is embedded in
// it, so a new file cannot be left out, and the hash is the hash of those bytes.
func TestRulesHashCoversEverySource(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		e, err := sources.ReadFile(f)
		if err != nil {
			t.Errorf("%s is not in the rules' hash: add it to the go:embed line of rules.go", f)
			continue
		}
		if !bytes.Equal(b, e) {
			t.Errorf("%s: embedded copy differs", f)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
		n++
	}
	if got, want := rulesHash(), hex.EncodeToString(h.Sum(nil)); got != want || n < 7 {
		t.Errorf("rulesHash %s over %d files, want %s", got, n, want)
	}
}

// MTSamples-style transcriptions write line breaks as ".,": sections and sentences must
// still be found there, so that family history stays family history.
func TestOneLineTranscriptionLayout(t *testing.T) {
	text := "PAST MEDICAL HISTORY:,  Hypertension.,FAMILY HISTORY: , Mother had atrial fibrillation.,SOCIAL HISTORY:,  She is a nonsmoker.  Drinks wine."
	f := ExtractOne(nlp.Input{Text: text, Date: noteDate})
	got := map[string]findings.Assertion{}
	for _, c := range f.Conditions {
		got[c.Code] = c.Assertion
	}
	if got["38341003"] != findings.Asserted || got["49436004"] != findings.Family {
		t.Errorf("conditions %v: want hypertension asserted, atrial fibrillation family", got)
	}
	if f.Smoking.Status != findings.NonSmoker {
		t.Errorf("smoking %s, want NON-SMOKER", f.Smoking.Status)
	}
	runes := []rune(text)
	sents := TobaccoSentences(text)
	if len(sents) != 1 || string(runes[sents[0].Start:sents[0].End]) != "SOCIAL HISTORY:,  She is a nonsmoker." {
		for _, s := range sents {
			t.Logf("sentence %q", string(runes[s.Start:s.End]))
		}
		t.Errorf("want the one sentence of the social history")
	}
}

func TestPatientAgeDecidesQuitAtAgeAndUntypedDiabetes(t *testing.T) {
	for _, tc := range []struct {
		text string
		want findings.SmokingStatus
	}{
		{"Patient quit smoking at age 45.", findings.Past},                                          // no age: past (i2b2)
		{"A 70-year-old man. He quit smoking at age 45.", findings.Past},                            // 25 years ago
		{"HISTORY: A 45-year-old woman. SOCIAL HISTORY: Quit smoking at age 45.", findings.Current}, // within the year
		{"She is a 52 y/o female who stopped smoking at the age of 52.", findings.Current},
		{"A 64 y.o. man. Quit smoking at age 64.", findings.Current},
		{"He quit 2 months ago after smoking since age 16.", findings.Current}, // the months decide, not the age
	} {
		if got := ExtractOne(nlp.Input{Text: tc.text, Date: noteDate}).Smoking.Status; got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
	has := func(text string) bool {
		for _, c := range ExtractOne(nlp.Input{Text: text}).Conditions {
			if c.Code == "44054006" && c.Assertion == findings.Asserted {
				return true
			}
		}
		return false
	}
	if !has("A 58-year-old man with diabetes and hypertension.") {
		t.Error("untyped diabetes in an adult: want type 2")
	}
	for _, text := range []string{"A 17-year-old girl with diabetes on Humulin.", "A 12-year-old diabetic patient.", "A 60-year-old with type 1 diabetes.", "Gestational diabetes in her last pregnancy.", "No CVA tenderness. History of diabetes insipidus."} {
		if has(text) {
			t.Errorf("%q: type 2 diabetes found", text)
		}
	}
}

func TestConditionDetailRefinesTheCode(t *testing.T) {
	for _, tc := range []struct {
		text, code, want string
	}{
		{"History of myocardial infarction in 2015, on aspirin.", "22298006", "old"},
		{"PAST MEDICAL HISTORY: MI, hypertension.", "22298006", "old"},
		{"s/p anterior STEMI 2015 with LAD stent.", "22298006", "old"},
		{"He had an MI 10 years ago.", "22298006", "old"},
		{"Admitted with an acute NSTEMI today.", "22298006", "nstemi"},
		{"Inferior STEMI, taken to the cath lab.", "22298006", "stemi"},
		{"Acute myocardial infarction.", "22298006", ""},
		{"CKD stage 3b (eGFR 38).", "709044004", "stage-3b"},
		{"Chronic kidney disease, stage IV.", "709044004", "stage-4"},
		{"End-stage renal disease on hemodialysis.", "709044004", "esrd"},
		{"Chronic kidney disease.", "709044004", ""},
		// review findings: "year-old" is no history cue; dialysis denied is no ESRD
		{"A 64-year-old man with acute NSTEMI.", "22298006", "nstemi"},
		{"Herzinfarkt vor 2 Stunden.", "22298006", ""},
		{"CKD stage 3, not on dialysis.", "709044004", "stage-3"},
		{"Chronic kidney disease, pre-dialysis care.", "709044004", ""},
		// spelled out: the mention is the infarction, the type stands before it
		{"He had a non-ST elevation myocardial infarction yesterday.", "22298006", "nstemi"},
		{"Non-ST-segment elevation MI.", "22298006", "nstemi"},
		{"Acute inferior ST-segment elevation myocardial infarction.", "22298006", "stemi"},
		{"Patient is presenting with acute non-st segment elevation myocardial infarction (disorder).", "22298006", "nstemi"},
		{"Patient is presenting with acute st segment elevation myocardial infarction (disorder).", "22298006", "stemi"},
		{"No ST elevation. Myocardial infarction ruled in by troponin.", "22298006", ""},
	} {
		var got []string // the asserted mentions' details, once each
		for _, c := range ExtractOne(nlp.Input{Text: tc.text}).Conditions {
			if c.Code == tc.code && c.Assertion == findings.Asserted && !slices.Contains(got, c.Detail) {
				got = append(got, c.Detail)
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%q: details %q, want %q", tc.text, got, tc.want)
		}
	}
}

// Consent lists, patient-education text and possibilities are not the patient's diagnoses.
func TestRiskListsAndGenericTextAreNotAsserted(t *testing.T) {
	for _, text := range []string{
		"Risks to include but not be limited to bleeding requiring transfusion; infection; sepsis; heart attack; stroke; need for further surgery.",
		"I have explained the risks and potential complications of laparoscopic cholecystectomy to her in detail including bleeding, infection, deep venous thrombosis, pulmonary embolism, injury to the bowel.",
		"The patient can also have a stroke on the right cerebral circulation.",
		"Those people with immunosuppressive conditions, such as diabetes mellitus, are also more susceptible.",
		"She has been considered for coronary artery bypass grafting.",
		"PROBLEMS LIST: 1. Type 1 diabetes mellitus, insulin pump. She is followed for diabetes and kidney disease management.",
		"Chronic venous hypertension with painful varicosities.",
	} {
		for _, c := range ExtractOne(nlp.Input{Text: text}).Conditions {
			if c.Assertion == findings.Asserted {
				t.Errorf("%q: %s asserted", text, c.Code)
			}
		}
	}
	// ... while the patient's own history in the same kind of note stays asserted.
	f := ExtractOne(nlp.Input{Text: "PAST MEDICAL HISTORY: Hypertension, diabetes mellitus. Risks of the procedure including bleeding and stroke were discussed."})
	got := map[string]findings.Assertion{}
	for _, c := range f.Conditions {
		got[c.Code] = c.Assertion
	}
	if got["38341003"] != findings.Asserted || got["44054006"] != findings.Asserted || got["230690007"] != findings.Hypothetical {
		t.Errorf("history and consent in one note: %v", got)
	}
}

// How real transcribed notes say it (MTSamples phrasings, read by the i2b2 conventions of
// ../shared/LABELLING.md and testdata/real/README.md): one sentence each, read on its own.
func TestSmokingSentencesAsRealNotesWriteThem(t *testing.T) {
	for _, tc := range []struct {
		text string
		want findings.SmokingStatus
	}{
		// EHR fields (testdata/ehr/smoking-layouts.xml has whole blocks): the status field
		// decides; smokeless tobacco and a label alone say nothing of smoking
		{"• Smoking status: Never Smoker", findings.NonSmoker},
		{"Smoking status: Some Days", findings.Current},
		{"Smoking status: Smoker, Current Status Unknown", findings.Smoker},
		{"Smoking status: Never Smoker; Smokeless tobacco: Current User", findings.NonSmoker},
		{"Tobacco Use", findings.Unknown},
		{"He chews tobacco daily.", findings.Unknown},
		{"Tobacco Use: Never (less than 100 in lifetime)", findings.NonSmoker},
		{"Tobacco Use: Former smoker, quit more than 30 days ago", findings.Past},
		// review of 0.6.4: the mask and the field stay within their words
		{"Uses smokeless tobacco and also smokes cigarettes daily.", findings.Current},
		{"Smokeless tobacco: Never, Tobacco use: 1/2 pack per day.", findings.Current},
		{"Smoking status: current non-smoker", findings.NonSmoker},
		{"- Tobacco use", findings.Smoker},
		{"Tobacco use: no longer", findings.Past},
		// e-cigarettes burn no tobacco; smoke at work is not the patient's
		{"Pat. dampft seit ca. 1 Jahr E-Zigaretten (nikotinhaltige Liquids), hat aber nie Tabak geraucht.", findings.NonSmoker},
		{"She vapes daily.", findings.Unknown},
		{"Bartender at a casino for 22 years where indoor smoking was permitted until 2017.", findings.Unknown},
		// the section heading is not what the sentence says
		{"SOCIAL HISTORY: , The patient is a smoker.", findings.Current},
		{"SOCIAL HISTORY: , He is a tobacco user.", findings.Current},
		{"He does smoke.", findings.Current},
		{"Tobacco: none.", findings.NonSmoker},
		// helper-written sets j, k and m, labelled for smoking blind (rules 0.6.26): a field
		// after a transcription's two spaces, "former/remote tobacco use", a former smoker of
		// one kind, a box not ticked
		{"SOCIAL HISTORY:,  Tobacco:  Never.", findings.NonSmoker},
		{"Smoking:  none.", findings.NonSmoker},
		{"Cardiac risk factors include hyperlipidemia, former tobacco use, and a family history of premature coronary artery disease.", findings.Past},
		{"Risk factors include type 2 diabetes mellitus, hypertension, and remote tobacco use.", findings.Past},
		{"Tobacco - former cigarette smoker.", findings.Past},
		{"Malignancy not excluded in a former cigar smoker with wt loss.", findings.Past},
		{"[ ] Current tobacco user", findings.Unknown},
		{"[x] Former tobacco user", findings.Past},
		// a blind smoking set by another writer (testdata/written/smoking-n.xml; rules 0.6.26)
		{"SOCIAL HISTORY:,  Tobacco: [x] Never  [ ] Former  [ ] Current.", findings.NonSmoker},
		{"SOCIAL HISTORY:,  Tobacco:  [ ] Never  [x] Former  [ ] Current.", findings.Past},
		{"Tobacco: [ ] Never  [ ] Former  [x] Current   ppd: 1.5.", findings.Current},
		{"Alcohol: [x] None, Tobacco: [ ] Never [x] Current, 1 ppd.", findings.Current},
		{"SOCIAL:,  Tobacco: yes.", findings.Smoker},
		{"Tobacco use: ____.", findings.Unknown},
		{"SOCIAL HISTORY:, She lives with her boyfriend, who is a smoker, and 2 children.", findings.Unknown},
		{"SOCIAL HISTORY:, He smoked in college, a few cigarettes a day, nothing since.", findings.Past},
		{"Never a cigarette smoker, but smokes an occasional cigar on the golf course.", findings.Current},
		{"SOCIAL HISTORY:, Former heavy smoker, 2 packs a day for many years.", findings.Past},
		{"7 mm RUL solid nodule in a former heavy smoker (~55 pack-years) - repeat CT in 6-12 months per Fleischner.", findings.Past},
		{"Do not smoke or allow anyone to smoke near the oxygen.", findings.Unknown},
		{"Advised no smoking the morning of surgery.", findings.Unknown},
		{"Tobacco use, relapsed.", findings.Current},
		{"Quitting her smoking would help her walking distance more than anything else we can offer.", findings.Current},
		{"He describes himself as a nonsmoker, although on questioning he smoked for a couple of years in college.", findings.Past},
		// negation over a list
		{"SHX:, Denied Tobacco/ETOH/illicit drug use.", findings.NonSmoker},
		{"SOCIAL HISTORY: , She does not drink or smoke.", findings.NonSmoker},
		{"PERSONAL HISTORY:,  Negative for use of alcohol or tobacco.", findings.NonSmoker},
		{"SOCIAL HISTORY: , No alcohol, drugs, or tobacco.", findings.NonSmoker},
		{"SOCIAL HISTORY:  ,Smokes none.", findings.NonSmoker},
		{"He is a non-cigarette smoker and non-ETOH user.", findings.NonSmoker},
		{"The patient denies smoking and drinking.", findings.NonSmoker},
		// a quit that has not happened is no quit
		{"He smoked 50 pack years and had no intention of quitting according to him.", findings.Current},
		{"She does occasionally smoke and has been trying to quit recently.", findings.Current},
		{"Smokes 1 ppd x ~25 yrs, no attempts to quit.", findings.Current},
		{"Says he was smoking about 10-12/day right up until admission.", findings.Current},
		// past
		{"She smoked as a teenager and young adult, stopped when she became pregnant and never restarted.", findings.Past},
		{"Hat bis 2005 geraucht (ca. 20 Zig./d), seitdem nicht mehr.", findings.Past},
		{"The patient used to smoke cigarettes for about 20 years, one-half pack a day.", findings.Past},
		{"SOCIAL HISTORY: , The patient had been previously a smoker.", findings.Past},
		{"He has not smoked for the past 27 years.", findings.Past},
		{"She smoked cigarettes socially while in her 20s.", findings.Past},
		// the quit, not the years smoked, says how long ago
		{"She had smoked one half pack of cigarettes per day for 20 years, but had quit smoking approximately 2 months prior to admission.", findings.Current},
		// smoker, no time
		{"The patient had a 30-year history of cigarette smoking.", findings.Smoker},
		{"SHX:, 50+pack-yr cigarette use.", findings.Smoker},
		{"Tobacco smoking disorder.", findings.Smoker},
		// not the patient's tobacco
		{"There is no smoking in the home.", findings.Unknown},
		{"There are smokers in the household.", findings.Unknown},
		{"SOCIAL HISTORY: , No smokers or pets in the home.  No ill contacts, no travel.", findings.Unknown}, // a child's ER note (mts-1371, stretch 42's sweep of the unlabelled corpus)
		{"SOCIAL HISTORY: No smokers and no pets in the home.", findings.Unknown},
		{"They have animals, but outside the house and father smokes outside house.", findings.Unknown},
		{"SOCIAL HISTORY: , Some minor second-hand tobacco exposure.", findings.Unknown},
		{"PPD will be placed again today.", findings.Unknown},
		{"The patient smokes marijuana.", findings.Unknown},
		{"unknown history of tobacco/ETOH/illicit drug use.", findings.Unknown},
		{"FAMILY HISTORY: , Paternal grandfather has emphysema and was a smoker.", findings.Unknown},
		// a relative's amount is the relative's too; a box left blank says nothing
		{`Husband smokes 1 ppd in the house, she thinks this "keeps it going."`, findings.Unknown},
		{"Her husband smokes about 2 packs a day.", findings.Unknown},
		{"Wife smokes 1 ppd and he smokes 2 ppd.", findings.Current},
		{`Boxes for "currently smokes" / "quit date" left blank.`, findings.Unknown},
		// the patient's words in quotes; German fields
		{`Nicotine patch 14 mg/day prescribed; she is "thinking about" quitting.`, findings.Current},
		{"Vorerkr.: DM2 seit 2010, Nikotin pos.", findings.Smoker},
		{"Nikotin: Ø.", findings.NonSmoker},
		// a blind helper's smoking set (testdata/written/smoking-s.xml)
		{"Second-hand smoke exposure discussed with mother; provided quit line information for father.", findings.Unknown},
		{"Moderate persistent asthma, not well controlled, with environmental triggers including tobacco smoke exposure.", findings.Unknown},
		{"He smokes an occasional cigar on weekends; no cigarettes.", findings.Current},
		{"He smoked 1 to 1-1/2 packs per day for 35 years, about 45 pack-years.", findings.Smoker},
		{"He smoked roughly 1.5 packs per day from age 16 and stopped in 2003 when he was diagnosed with hypertension.", findings.Past},
		{"The patient smoked one to two packs per day for most of the last year, but has increased this to two to three packs per day in the last month.", findings.Current},
		{"He has smoked 1 ppd for 20 years.", findings.Current},
		{"DRUGS:  He admits to smoking cigarettes with friends, about 3 a day, for the past year.", findings.Current},
		{"Tobacco/Nicotine Use: Never", findings.NonSmoker},
		{"[X] Alcohol   [X] Tobacco   [X] Cannabis   [ ] Opioids", findings.Smoker},
		{"[X] Alcohol   [ ] Tobacco   [X] Cannabis", findings.Unknown},
		// a heading of both sections is not a family history
		{"FAMILY AND SOCIAL HISTORY:,  He smokes 1 ppd and drinks occasionally.", findings.Current},
		{"FAMILY HISTORY:,  Father smoked and died of lung cancer.", findings.Unknown},
		// German, a third writer (set t)
		{"Sozialanamnese: Verwitwet. Nikotin: nie.", findings.NonSmoker},
		{"Genussmittel: keine.", findings.NonSmoker},
		{"Genussmittel: Alkohol gelegentlich, Nikotin wird verneint.", findings.NonSmoker},
		{"Rauchen: früher, seit Jahren nicht mehr.", findings.Past},
		{"Nikotin: bis 2019, ca. 30 py.", findings.Past},
		{"Raucher [x] ja [ ] nein", findings.Smoker},
		{"Raucher: ☐ ja ☐ nein", findings.Unknown},
		{"Die Tochter raucht im Haushalt; wir haben auf eine rauchfreie Wohnumgebung hingewiesen.", findings.Unknown},
		{"Passivrauchexposition zu Hause (Lebensgefährte raucht).", findings.Unknown},
		{"Sozialanamnese (fremdanamnestisch durch die Ehefrau): aktiver Raucher, ca. 1 Schachtel/Tag.", findings.Current},
		{"Genussmittel: Gelegenheitsraucherin (nur am Wochenende, ca. 3–5 Zig.).", findings.Current},
		{"Frau Müller raucht seit 30 Jahren ca. 20 Zig./d.", findings.Current},
		{"Empfehlung: Strikter Rauchstopp.", findings.Unknown},
		{"Nikotin: Rauchstopp 11/2022, zuvor ca. 20 py.", findings.Past},
		// a community hospital's transcriptions (set u)
		{"He smokes about a pack a day and has tried to quit several times, including after his heart attack, without success.", findings.Current},
		{"She tried to quit in 2010 and has not smoked since.", findings.Past},
		{"He smokes 2 packs per day and has for 50 years, and has been counseled to quit on multiple occasions.", findings.Current},
		{"SOCIAL HISTORY:,  Positive for tobacco.", findings.Smoker},
		// EHR exports as text (set v)
		{"Tobacco smoking status | Unknown if ever smoked | 2022-05-04", findings.Unknown},
		{"Tobacco smoking status | Former smoker | 2015-03-01", findings.Past},
		{"Current smoker: No", findings.NonSmoker},
		{"Father | Tobacco use (smoker) |", findings.Unknown},
		{"4. Nicotine dependence, other tobacco product (smokeless) - F17.220", findings.Unknown},
		// EHR exports as text by two more writers (sets y and z): VA health factors, ICD titles,
		// questions answered with a status
		{"NON-TOBACCO USER", findings.NonSmoker},
		{"Nicotine dependence, chewing tobacco, uncomplicated (ICD-10-CM F17.220)", findings.Unknown},
		{"Former tobacco user? Y  Type: Cigarettes  Quit: \"about 20 years ago\"", findings.Past},
		{"Tobacco use? Former", findings.Past},
		// one-line transcriptions by four more writers (sets w and x)
		{"Risk factors:  diabetes, hypertension, tobacco.", findings.Smoker},
		{"SOCIAL HISTORY:  Positive tobacco history.", findings.Smoker},
		{"CT chest to screen for nodules given his smoking and welding history.", findings.Unknown},
		{"She continues to smoke about half a pack per day despite being on home oxygen; we reinforced that she must not smoke while using oxygen.", findings.Current},
		{"Tobacco: Smokeless tobacco cessation discussed.", findings.Unknown},
		{"Tobacco history update:", findings.Unknown},
		{"* Smoking status: ***", findings.Unknown},
		{"He smoked 1 pack per day until the morning of admission.", findings.Current},
		{"Smokes 1/2 ppd, had quit 2001-2006 then restarted.", findings.Current},
		{"Smoked 1 pack per day for 45 years; quit in March of this year at the time of his cancer diagnosis.", findings.Current},
		{"INDICATION: 61-year-old man with hypertension, hyperlipidemia, ex-smoker, with 6 weeks of exertional angina.", findings.Past},
		// a private practice's transcriptions (set ab)
		{"Counseled on quitting smokeless tobacco; offered nicotine gum or lozenges.", findings.Unknown},
		{"Smoked 1 pack per day for 35 years; says he stopped last week when he got sick.", findings.Current},
		{"She stopped drinking last week; smokes 1 ppd.", findings.Current},
		{"5.  Tobacco and alcohol use.", findings.Smoker},
		// a fourth German writer (set ac)
		{"Genussmittel: Nikotin nie, Alkohol selten.", findings.NonSmoker},
		{"Nikotin .......................................... Nein", findings.NonSmoker},
		{"Risikofaktoren: langjähriger Nikotin- und Alkoholabusus", findings.Smoker},
		{"Nikotinabusus, aktiv (ca. 30 py)", findings.Current},
		{"Rauchen: ja, ca. 1 Schachtel/Tag (ca. 50 py)", findings.Current},
		{"WICHTIG: Im Umfeld des Sauerstoffgerätes nicht rauchen, kein offenes Feuer!", findings.Unknown},
		{"Sozialanamnese: Die Patientin lebt mit ihrem Ehemann (starker Raucher) im eigenen Haus.", findings.Unknown},
		{"Linkes Vorhofohr: kein Thrombus, spontaner Echokontrast (\"Smoke\") Grad II.", findings.Unknown},
		// sets ae, af and ag
		{"SOCIAL HISTORY:, He smoked a pipe for many years but gave it up 20 years ago.", findings.Past},
		{"Pack-years: 35 (1 ppd x 35 years)", findings.Smoker},
		{"He has smoked 1 ppd for 20 years.", findings.Current},
		{"SOCIAL HISTORY:, Asked whether she smokes, she states \"not anymore.\"", findings.Past},
		{"Secondhand smoke exposure: Yes - father smokes cigarettes in the car and on the porch", findings.Unknown},
		{"SOCIAL HISTORY:, Married, lives with her husband, who smokes 2 packs a day.", findings.Unknown},
		{"His wife smokes about half a pack a day, mostly on the back porch.", findings.Unknown},
		{"Tobacco use disorder (smokeless) - discussed nicotine gum/lozenge; QuitLine info given.", findings.Unknown},
		{"Tobacco Use Screen:", findings.Unknown},
		{"He has cut down from 2 packs a day to about half a pack a day over the last several months.", findings.Current},
		{"He drinks a six-pack a day.", findings.Unknown},
		{"His cardiac risk factors are positive for hypertension, diabetes, and smoking.", findings.Smoker},
		{"Previously 1 ppd for 40 years.", findings.Past},
		{"Quit smoking 05/2015; no cigarettes since.", findings.Past},
		{"He smokes an occasional cigar; no cigarettes.", findings.Current},
		{"Social: +tobacco, EtOH weekends", findings.Smoker},
		{"- Counseled: cocaine cessation + smoking cessation (cigarettes + cigars).", findings.Unknown},
		{"Caffeine/nicotine within 30 min of reading: No", findings.Unknown},
		// a form's question and its answer
		{"Do you currently use tobacco? No", findings.NonSmoker},
		{"Do you use tobacco in any form? [ ] Yes [X] No", findings.NonSmoker},
		{"Do you smoke? Yes", findings.Current},
		{"Have you ever smoked? Yes", findings.Smoker},
		{"Do you use tobacco in any form?", findings.Unknown},
		// sets aj, ak and al (rules 0.6.45): a roommate, a passive denial, oxygen safety, a
		// child's birth history, non-native word order
		{"SOCIAL HISTORY:, Lives in an off-campus apartment with two roommates, one of whom smokes inside.", findings.Unknown},
		{"He has three brothers, two of whom smoke.", findings.Unknown},
		{"The use of alcohol and tobacco was denied.", findings.NonSmoker},
		{"Tobacco use is denied.", findings.NonSmoker},
		{"The use of drugs, alcohol, tobacco during the pregnancy were denied.", findings.Unknown},
		{"Mother denied the use of drugs, alcohol, or tobacco during the pregnancy.", findings.Unknown},
		{"She quit smoking at the start of the pregnancy.", findings.Past},
		{"There is no smoking exposure.", findings.Unknown},
		{"Reviewed home oxygen safety: no smoking or open flames near the oxygen; keep tubing away from the stove.", findings.Unknown},
		{"SOCIAL HISTORY:, He stopped the smoking 2 years ago, before he was smoking 1 pack for 40 years.", findings.Past},
		// set ap, German (rules 0.6.47); advice alone says nothing ("Rauchverzicht
		// empfohlen" is given to past smokers too), "ab sofort" (from now on) does
		{"Genussmittel: Raucherin, ca. 10 Zigaretten/Tag; Alkohol am Wochenende.", findings.Current},
		{"ist seit der Jugend Raucher, aktuell ca. 10 Zigaretten/Tag.", findings.Current},
		{"Nikotin: früher 50 py, seit über 10 Jahren abstinent.", findings.Past},
		{"- Nikotinkarenz ab sofort dringend empfohlen (mindestens 12 h präoperativ)", findings.Current},
		{"Rauchverzicht empfohlen.", findings.Unknown},
		// set ao: a record that does not address tobacco says nothing
		{"Social History: Unable to obtain from patient; facility transfer sheet does not address tobacco or alcohol.", findings.Unknown},
		{"Does not use tobacco.", findings.NonSmoker},
		// set an: a pipe smoker who never smoked cigarettes smokes; "Tobacco, yes" is a field
		{"Smokes a pipe, a few bowls a day; he has never smoked cigarettes.", findings.Current},
		{"He has never smoked cigarettes or cigars.", findings.NonSmoker},
		{"HABITS:, Tobacco, yes.  Alcohol, no.", findings.Smoker},
		// set as: advice that makes quitting the task now, no cigarette since admission (a quit
		// within the year), a history that could not be taken
		{"As we discussed at your visit, quitting cigarettes is the most important thing you can do for your heart right now.", findings.Current},
		{"Tobacco: Pt states he has not had a cigarette since admission (02/21); previously 1 ppd.", findings.Current},
		{"Smoking history: Unable to obtain - resident unable to provide history; daughter unsure.", findings.Unknown},
		{"He smokes 1 ppd; unable to provide quit date.", findings.Current},
	} {
		if got := SentenceStatus(tc.text); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}

// A sentence whose every tobacco word is not the patient's smoking says nothing, and says
// so (serve then takes it as nothing rather than let the model read it); one with the
// patient's own smoking left in it does not.
func TestSentenceReadingOfOthersTobacco(t *testing.T) {
	for text, want := range map[string]bool{
		"He smokes marijuana daily.":                                                                true,
		"Lives with partner, who smokes; advised smoke-free home.":                                  true,
		"Tobacco: Smokeless tobacco cessation discussed.":                                           true,
		"Tobacco cessation counseling: DONE 05/25/2023 - counseled on smokeless tobacco cessation;": true,
		"Patient's smoking history: not provided on requisition.":                                   true,
		// the relative asked to quit, and helped to; a questionnaire left blank under a
		// smoking heading (sets ho, hm; rules 0.6.91)
		"SOCIAL HISTORY: Lives with her husband, who smokes on the porch; she has asked him to quit and we gave her information about the quitline for him.": true,
		"SMOKING HISTORY: Tobacco use: ______ (questionnaire not completed).":                                                                                true,
		"Tobacco: not asked at this visit.":                                                                             true, // set ia (rules 0.6.93)
		"Social history: tobacco use ____.":                                                                             true, // set il (rules 0.6.94)
		"Smoking: patient declined to answer.":                                                                          true, // set im
		"His daughter says he chewed tobacco for many years; cigarette use was not discussed.":                          true, // set ie (rules 0.6.93)
		"Avoid secondhand smoke exposure; advised husband to quit.":                                                     true, // set ja (rules 0.6.95)
		"Her husband, who passed away in 1999, smoked for many years.":                                                  true, // set jb
		"Married, lives with her husband, who is retired, smoked a pack a day for 20 years.":                            true, // the review of rules 0.6.95
		"Lives with her husband, who has emphysema and is still smoking.":                                               true, // set je (rules 0.6.96)
		"Chewed tobacco most of his life; he does not say anything about smoking and daughter is not sure.":             true,
		"Counseled about cardiovascular risk factors, including quitting smokeless tobacco and avoiding cigarettes.":    true, // set jh
		"Social history per chart: lives with his daughter; tobacco and alcohol history not documented.":                true, // set jp (rules 0.6.98)
		"No tobacco or alcohol use documented by facility.":                                                             true, // set ka (rules 0.6.100)
		"SOCIAL HISTORY: Per patient questionnaire, his wife smokes outdoors; he has no tobacco use of his own listed.": true, // set iq
		"Tobacco: yes": false,
		"She keeps a smoke-free home but smokes on the porch.":     false,
		"Smokeless tobacco: Never, Tobacco use: 1/2 pack per day.": false,
	} {
		st, nothing := SentenceReading(text)
		if want && (st != findings.Unknown || !nothing) || !want && st == findings.Unknown {
			t.Errorf("%q: %s, says nothing %v; want says nothing %v", text, st, nothing, want)
		}
	}
}

// An echocardiogram's "smoke" is no tobacco sentence, also when a line break has cut
// "spontaneous echo" from its "contrast" (set y).
func TestEchoSmokeIsNoTobaccoSentence(t *testing.T) {
	for _, text := range []string{"No spontaneous echo contrast or smoke seen; LA appendage not well visualized by this technique.", "Dense spontaneous echo contrast (\"smoke\") in the LA/LAA.", "contrast (\"smoke\") in the LA/LAA.", "Linkes Vorhofohr: spontaner Echokontrast (\"Smoke\") Grad II."} {
		if got := TobaccoSentences(text); len(got) != 0 {
			t.Errorf("%q: tobacco sentences %v, want none", text, got)
		}
	}
}

// A VA health factor prints the day it was entered after its status: not a quit date, so
// a former smoker recorded the day of the note is not a quit within the year.
func TestHealthFactorDateIsNoQuit(t *testing.T) {
	for text, want := range map[string]findings.SmokingStatus{
		"DATE OF NOTE: JUL 10, 2018@11:20\nHEALTH FACTORS:\n TOBACCO USE - FORMER SMOKER (07/10/2018)":   findings.Past,
		"DATE OF NOTE: AUG 22, 2019@09:05\nHEALTH FACTORS:\n TOBACCO USE - FORMER SMOKER (AUG 22, 2019)": findings.Past,
		"Date of service: 08/22/2019\nSocial: former smoker, quit 06/2019.":                              findings.Current,
		"Date of service: 10/14/2013\nHe reports that he quit smoking this past spring.":                 findings.Current,
	} {
		if got := ExtractOne(nlp.Input{Text: text}).Smoking.Status; got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
}

// German abbreviations end no sentence, also after a parenthesis: "(ca. 20 py)", "(lt.
// Akte", "inkl."/"incl.".
func TestAbbreviationInParenthesesEndsNoSentence(t *testing.T) {
	for _, text := range []string{
		"Diagnosen: Nikotinabusus (ca. 20 py), KHK.",
		"Vorbekannt: aHT, HLP, Nikotinabusus (lt. Akte ca. 35 py), Z.n. Cholezystektomie.",
		"Multiple atherosclerotic risk factors incl. long pack-year hx (amount not documented).",
	} {
		sents := TobaccoSentences(text)
		if len(sents) != 1 || sents[0].End-sents[0].Start != len([]rune(text)) {
			t.Errorf("%q: sentences %v, want the whole line as one", text, sents)
		}
	}
}

// A form's question keeps its answer; a list item's number opens the item's sentence,
// also after ".," (one-line transcriptions), and the smoking model reads the item without
// it; a number in a sentence still ends it.
func TestQuestionsAndNumberedItemsInOneSentence(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Tobacco Screening\n  Do you currently use tobacco? No\n  Have you ever used tobacco? No",
			[]string{"Do you currently use tobacco? No", "Have you ever used tobacco? No"}},
		{"Do you smoke?  He was asked twice about tobacco.", []string{"Do you smoke?", "He was asked twice about tobacco."}},
		{"ASSESSMENT:,  1.  Healthy adolescent.  2.  Tobacco use.,PLAN:,  1.  Quit line.", []string{"Tobacco use."}},
		{"PMH:,  COPD.,3.  Tobacco abuse.,4.  Smokes 1 ppd.", []string{"Tobacco abuse.", "Smokes 1 ppd."}},
		{"She quit smoking at age 2. 3 siblings smoke.", []string{"She quit smoking at age 2.", "3 siblings smoke."}},
	} {
		var got []string
		r := []rune(strings.ReplaceAll(tc.text, `\n`, "\n"))
		for _, s := range TobaccoSentences(string(r)) {
			got = append(got, string(r[s.Start:s.End]))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: tobacco sentences %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A German ordinal ends no sentence ("seit dem 18. Lebensjahr", "am 2. Mai"): the family's
// scope reaches past the date, and a smoking sentence keeps its time.
func TestGermanOrdinalEndsNoSentence(t *testing.T) {
	for text, want := range map[string]findings.Assertion{
		"Der Vater hatte am 2. Mai einen Herzinfarkt.":                        findings.Family,
		"Familienanamnese: Mutter Schlaganfall 3. Januar 2019, Vater gesund.": findings.Family,
		"Seit 2015 Hypertonie. 3. Herzinfarkt 2019.":                          findings.Asserted,
	} {
		code := "22298006"
		if strings.Contains(text, "Schlaganfall") {
			code = "230690007"
		}
		if got := assertionOf(text, code); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
	text := "Raucht ca. 20 Zig./d seit dem 16. Lebensjahr. Kein Alkohol."
	if sents := TobaccoSentences(text); len(sents) != 1 || string([]rune(text)[sents[0].Start:sents[0].End]) != "Raucht ca. 20 Zig./d seit dem 16. Lebensjahr." {
		t.Errorf("%q: tobacco sentences %v", text, sents)
	}
}

// A sentence that ends in a quotation ends after the closing quote, and the next sentence
// is read on its own.
func TestSentenceEndsAfterAClosingQuote(t *testing.T) {
	text := `Referral form states: "30 pack-year smoking history."  She has never smoked herself.`
	sents := TobaccoSentences(text)
	if len(sents) != 2 {
		t.Fatalf("sentences %v, want two", sents)
	}
	r := []rune(text)
	if got := string(r[sents[0].Start:sents[0].End]); got != `Referral form states: "30 pack-year smoking history."` {
		t.Errorf("first sentence %q", got)
	}
}

// A negation reaches every item of a long list it opens, past preWindow, but not past a
// scope break or into a clause that is more than an item; work-up purposes, risk factors
// and "whether" make a mention hypothetical.
func TestNegatedListsAndWorkupPurposes(t *testing.T) {
	const cad, stroke, dm = "53741008", "230690007", "44054006"
	long := "She denies fevers, chills, weight loss, fatigue, thyroid disease, upper extremity trauma, night sweats, DVT, anorexia, bone pain, headaches, seizures, angina, peripheral edema, claudication, orthopnea, PND, coronary artery disease, rheumatoid arthritis, or rashes."
	if got := assertionOf(long, cad); got != findings.Negated {
		t.Errorf("item %d runes into a denied list: %s, want negated", strings.Index(long, "coronary"), got)
	}
	for text, want := range map[string]findings.Assertion{
		// a list broken by a clause: the later mention is the patient's
		"She denies fevers, chills, weight loss, fatigue, thyroid disease, upper extremity trauma, night sweats, anorexia, bone pain, headaches, seizures, angina, but she has had coronary artery disease for years.": findings.Asserted,
		// more than items between the cue and the mention
		"No fevers, chills or sweats were reported at the visit today by the patient or by her daughter who came with her to the clinic, and on review she has coronary artery disease, treated medically.": findings.Asserted,
		"He was referred for a stress test with imaging for further classification of coronary artery disease and ischemia.":                                                                                findings.Hypothetical,
		"This is a 67-year-old gentleman with risk factors for coronary heart disease.":                                                                                                                     findings.Hypothetical,
	} {
		if got := assertionOf(text, cad); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
	if got := assertionOf("An endocrinologist should decide whether he needs treatment for diabetes.", dm); got != findings.Hypothetical {
		t.Errorf("'whether ... diabetes': %s, want hypothetical", got)
	}
	if got := assertionOf("History of stroke in 2019, denies chest pain.", stroke); got != findings.Asserted {
		t.Errorf("a short sentence's history: %s", got)
	}
}

// Cues of referral letters and discharge notes, English and German: suspicion, an
// alternative ("rather than"), a protocol or a ward named after the disease, a diagnosis
// considered and dropped, a question that found nothing, a father's history after "60 J.".
func TestCuesOfLettersAndDischargeNotes(t *testing.T) {
	checkAssertions(t, []assertionCase{
		{"I suspect mitral regurgitation given the new murmur.", "48724000", findings.Hypothetical},
		{"Edema most likely due to amlodipine rather than heart failure.", "84114007", findings.Hypothetical},
		{"Code stroke called for acute aphasia.", "230690007", ""},
		{"Troponin flat; an acute myocardial infarction was not felt to be present.", "22298006", findings.Negated},
		{"A nonischemic cardiomyopathy such as a tachycardia-mediated process was considered; however, rates were controlled.", "85898001", findings.Hypothetical},
		{"Stroke Unit: Aufnahme unter V.a. Schlaganfall bei passagerer Hemiparese.", "230690007", findings.Hypothetical},
		{"Echokardiographie zur Frage einer alkoholtoxischen Kardiomyopathie: kein Anhalt hierfür.", "85898001", findings.Hypothetical},
		{"Pat. 58 J., stellt sich zur Vorsorge vor, da der Vater mit 60 J. einen Schlaganfall erlitt.", "230690007", findings.Family},
		// ... and the patient's own disease stays asserted, "suspect that" reaching no
		// mention, a possessive presupposing it (MTSamples phrasings).
		{"I suspect that we can significantly improve her insulin and oral hypoglycemia, as well as hypertension, with weight loss.", "38341003", findings.Asserted},
		{"An echocardiogram for further evaluation of his congestive heart failure is arranged.", "84114007", findings.Asserted},
		{"We will get a 24-hour urine to rule out nephrosis as the cause of his hypertriglyceridemia.", "55822004", findings.Asserted},
		{"It is unknown whether the patient has a history of diabetes.", "44054006", findings.Hypothetical},
		{"He had a stroke in 2019 and was treated on the stroke unit.", "230690007", findings.Asserted},
		{"Dilated cardiomyopathy, LVEF 30%, considered for ICD.", "85898001", findings.Asserted},
		{"Bekannte KHK, Z.n. Myokardinfarkt 2019, seit dem 45. Lj. Diabetes mellitus.", "44054006", findings.Asserted},
	})
}

// Phrasings of the analysed half of the conditions check set (testdata/real/conditions-
// check-a.jsonl; half b stays held out): headings in capitals, motor grades and regimen
// names that hold an abbreviation, empty lines, item hedges, plurals, vascular territories,
// kidney failure that the note shows to be chronic, education text, friends.
func TestPhrasingsOfTheCheckSet(t *testing.T) {
	const (
		as, af, cad, mi, stroke, htn, ckd = "60573004", "49436004", "53741008", "22298006", "230690007", "38341003", "709044004"
		none                              = findings.Assertion("")
	)
	checkAssertions(t, []assertionCase{
		{"TRANSPLANT FIRST MENTIONED AS TREATMENT OPTION: She has wanted a transplant.", as, none},
		{"Motor: grip 4+/4+, HE 4+/4+, AF 5-/5-.", af, none},
		{"Cycle six of CIVI-CAD (Cytoxan, Adriamycin, and DTIC).", cad, none},
		{"PMH: AF, CAD.", af, findings.Asserted},
		{"Echo: MR 2/4, LVEF 55%.", "48724000", findings.Asserted},
		{"ADMITTED WITH NON-STEMI, STATUS POST-CABG.", mi, findings.Asserted},
		{"AF rate control with metoprolol.", af, findings.Asserted},
		{"PAST MEDICAL HISTORY: THE PATIENT HAS HTN AND CAD WITH SEVERE AS NOTED.", htn, findings.Asserted},
		{"PAST MEDICAL HISTORY: THE PATIENT HAS HTN AND CAD WITH SEVERE MR ON ECHO.", "48724000", findings.Asserted},
		{"He denies any myalgias., ,PAST MEDICAL HISTORY:,  He has coronary artery disease and has received five stents.", cad, findings.Asserted},
		{"PAST MEDICAL HISTORY: Seasonal allergies, possible food allergies, chronic sinusitis, hypertension and history of weight change.", htn, findings.Asserted},
		{"Assessment: possible hypertension, recheck in a month.", htn, findings.Hypothetical},
		{"Risk of bleeding, infection, stroke.", stroke, findings.Hypothetical},
		{"The patient ruled out for myocardial infarction on serial troponins.", mi, findings.Negated},
		{"In a person with an underlying heart condition like coronary artery disease, the heart doesn't get enough blood.", cad, findings.Hypothetical},
		{"Even with treatment, angina may result in a heart attack.", mi, findings.Hypothetical},
		{"History of coronary artery disease with prior myocardial infarctions in 1995 and 1999.", mi, findings.Asserted},
		{"An emergent HCT demonstrated a left ACA and left MCA infarction.", stroke, findings.Asserted},
		{"He says a couple of friends of his have had heart attacks.", mi, findings.Family},
		{"I suspect that the patient has had strokes or TIAs in the past.", stroke, findings.Hypothetical},
		{"Transferred due to a history of renal failure requiring dialysis.", ckd, findings.Asserted},
		{"She was advised to go on dialysis. She is frustrated about what caused her renal failure.", ckd, findings.Asserted},
		{"He has renal insufficiency, as well. No present indication for hemodialysis.", ckd, findings.Negated},
		{"Respiratory as well as renal failure. I would suggest hemodiafiltration as opposed to conventional hemodialysis.", ckd, findings.Negated},
		{"Nephrology input has been requested for acute renal failure. He is on dialysis now.", ckd, none},
		// round 2 of the check set, half a
		{"CORONARY RISK FACTORS: , History of hypertension, no history of diabetes mellitus, ex-smoker.", htn, findings.Asserted},
		{"Other current untreated risk factors include obesity and hypertension.", htn, findings.Asserted},
		{"He did have complications of deep vein thrombosis and pulmonary embolism with one of those operations.", "59282003", findings.Asserted},
		{"I explained complications including rare cases of death secondary to DVT, PE, leak, peritonitis.", "59282003", findings.Hypothetical},
		{"He should quit before surgery, decreasing the DVT, PE rates.", "59282003", findings.Hypothetical},
		{"We talked about Coumadin, stroke risk, etc. in the setting of atrial fibrillation.", stroke, findings.Hypothetical},
		{"FHX:, Mother suffered stroke in her 70's. DM and HTN in family.", htn, findings.Family},
		{"Echocardiogram: AV stenosis/insufficiency, severe LAE. LAE 4.8cm.", "59282003", none},
		{"Echocardiogram: AV stenosis/insufficiency.", as, findings.Asserted},
	})
}

// The concepts the training notes name in words the lexicon lacked (their recall errors):
// coronary disease and coronary stenoses, angioplasty, a diabetic patient or a diabetic
// complication, a patient who is hypertensive; and "insignificant" negates.
func TestLexiconOfTheTrainingNotesMisses(t *testing.T) {
	const cad, dm, htn = "53741008", "44054006", "38341003"
	checkAssertions(t, []assertionCase{
		{"INDICATIONS: Atrial fibrillation, coronary disease.", cad, findings.Asserted},
		{"2. Two-vessel coronary disease.", cad, findings.Asserted},
		{"CONCLUSIONS: 2. Insignificant coronary disease.", cad, findings.Negated},
		{"Very severe mid-LAD stenosis with severe mid-left circumflex stenosis.", cad, findings.Asserted},
		{"The patient had a significant left main coronary artery stenosis.", cad, findings.Asserted},
		{"Status post left anterior descending PTCA and stenting.", cad, findings.Asserted},
		{"Only minor residual coronary artery plaque with calcification.", cad, findings.Asserted},
		{"Stress images revealed dilatation suggestive of multivessel disease.", cad, findings.Hypothetical},
		{"This is a 38-year-old diabetic Hispanic female patient.", dm, findings.Asserted},
		{"This is a 12-year-old diabetic boy.", dm, ""},
		{"PREOP DIAGNOSIS: 2. Diabetic retinopathy.", dm, findings.Asserted},
		{"She does not show any evidence of diabetic retinopathy at this time.", dm, ""}, // the retinopathy's negation, not the diabetes'
		{"Eye exam: no diabetic retinopathy. Foot exam: no diabetic foot ulcer.", dm, ""},
		{"She has never been hypertensive.", htn, findings.Negated},
		{"Hemodynamically insignificant stenosis, history of CABG.", cad, findings.Asserted},
		{"Echo: insignificant MR, moderate aortic stenosis.", "60573004", findings.Asserted},
		{"She is hypertensive.", htn, findings.Asserted},
		{"She had been hypertensive.", htn, findings.Asserted},
	})
}

// TestInfarctNamedByItsBrainRegion: a stroke named only by where in the brain it lies
// (wave 41's lo18 "Acute left cerebellar and right parietal embolic infarcts"), read with
// its negation, rule-out and family readings, and an infarct of another organ or a heart's
// wall left alone.
func TestInfarctNamedByItsBrainRegion(t *testing.T) {
	const stroke = "230690007"
	checkAssertions(t, []assertionCase{
		{"PRINCIPAL DIAGNOSIS: Acute left cerebellar and right parietal embolic infarcts.", stroke, findings.Asserted},
		{"MRI showed acute left cerebellar and right parietal infarcts.", stroke, findings.Asserted},
		{"CT showed a right frontal lobe infarct.", stroke, findings.Asserted},
		{"He had a left occipital infarct in 2009.", stroke, findings.Asserted},
		{"Old left basal ganglia lacunar infarct.", stroke, findings.Asserted},
		{"MRI showed no acute frontal infarct.", stroke, findings.Negated},
		{"MRI to rule out a right parietal infarct.", stroke, findings.Hypothetical},
		{"FAMILY HISTORY: Mother had a right hemispheric infarct.", stroke, findings.Family},
		{"Renal cortical infarct on CT.", stroke, ""},
		{"CT ABDOMEN: Watershed infarct of the splenic flexure of the colon.", stroke, ""},
		{"MRI brain: Bilateral watershed infarcts.", stroke, findings.Asserted},
		{"IMPRESSION: Right putaminal hypertensive intracerebral hemorrhage.", stroke, findings.Asserted},
		{"CT of the head showed a 22 mL left putaminal hemorrhage with minimal intraventricular extension.", stroke, findings.Asserted},
		{"CT head: small intracerebral hemorrhage adjacent to the temporal lesion.", stroke, ""},
		{"Traumatic thalamic hemorrhage after a fall from a ladder.", stroke, ""},
		{"Small basal ganglia hemorrhage within a known metastasis.", stroke, ""},
		{"Fundi: hypertensive hemorrhage, no papilledema.", stroke, ""},
		{"Watershed infarct of the spinal cord after aortic aneurysm repair.", stroke, ""},
		{"Watershed infarct of the left colon.", stroke, ""},
		{"History of hypertensive hemorrhage from a duodenal ulcer.", stroke, ""},
		{"CT abdomen: watershed infarct, splenic flexure.", stroke, ""},
		{"Spinal cord MRI: watershed infarct at T8.", stroke, ""},
		{"Pathology: ischemic colitis with watershed infarct.", stroke, ""},
		{"CT head: left thalamic hemorrhage s/p fall 2 days ago.", stroke, ""},
		{"Pontine hemorrhage after a bicycle accident.", stroke, ""},
		// wave 48 (rules 0.6.120, set nd): a cerebral artery's branch or territory names a
		// stroke; the review of rules 0.6.120 (rules 0.6.121): an MVA, the season, an organ's
		// watershed infarct beside a brain said to be normal
		{"DISCHARGE DIAGNOSES:, 1. Acute right MCA branch infarction, cardioembolic.", stroke, findings.Asserted},
		{"MRI confirmed multiple small acute infarcts in the right MCA territory.", stroke, findings.Asserted},
		{"No infarcts in the MCA territory.", stroke, findings.Negated},
		{"82-year-old woman with acute left MCA syndrome from left M1 occlusion.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage after an MVA.", stroke, ""},
		{"Thalamic hemorrhage in the fall of last year.", stroke, findings.Asserted},
		{"Kidney: cortical watershed infarcts.", stroke, ""},
		{"Pathology: colon with watershed infarct; brain MRI normal.", stroke, ""},
		{"Kidney with watershed infarct, MCA territory spared.", stroke, ""},
		{"Acute kidney injury with cerebrovascular watershed infarcts after cardiac arrest.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage, MVA in 2001 unrelated.", stroke, findings.Asserted},
		{"Right putaminal hemorrhage, HTN, remote MVA.", stroke, findings.Asserted},
		{"Right thalamic hemorrhage after MVA in 2001.", stroke, ""},
		{"Right putaminal hemorrhage after a fall with an unrelated hip fracture.", stroke, ""},
		{"Colon biopsy: ischemic colitis with watershed infarct; cerebrovascular disease noted in history.", stroke, ""},
		{"The TIA was a warning sign for his subsequent stroke in 2010.", stroke, findings.Asserted},
		// the review of rules 0.6.123 (rules 0.6.124)
		{"TIA is a warning sign for an impending stroke.", stroke, findings.Hypothetical},
		{"TIA can be a warning sign for a larger stroke.", stroke, findings.Hypothetical},
		{"She was taught the warning signs for heart attack and stroke.", stroke, findings.Hypothetical},
		{"The TIA was a warning sign for the stroke she had in 2011.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage, MVA (unrelated).", stroke, findings.Asserted},
		{"Left thalamic hemorrhage, MVA in 2001 - unrelated.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage, MVA years ago unrelated.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage, MVA, clearly unrelated.", stroke, findings.Asserted},
		{"Kidney transplant with watershed infarct; MRI brain confirmed.", stroke, findings.Asserted},
		{"Stroke is not a possibility.", stroke, findings.Negated},
		{"He has atrial fibrillation; stroke is a real possibility.", stroke, findings.Hypothetical},
		// the review of rules 0.6.124 (rules 0.6.125)
		{"Warning signs for stroke reviewed as he had a stroke in 2015.", stroke, findings.Asserted},
		{"She was given warning signs for the development of heart failure.", "84114007", findings.Hypothetical},
		{"Stroke or TIA is a possibility.", stroke, findings.Hypothetical},
		{"Stroke is no longer a possibility.", stroke, findings.Negated},
		{"Left thalamic hemorrhage after a fall, felt to be unrelated to his warfarin.", stroke, ""},
		{"Left thalamic hemorrhage after MVA (unrelated to his warfarin).", stroke, ""},
		{"Renal biopsy: watershed infarct; CT head ordered.", stroke, ""},
		{"Kidney transplant with watershed infarct; MRI brain confirmed, no hemorrhage.", stroke, findings.Asserted},
		{"Stroke was not confirmed until MRI on day 3.", stroke, findings.Asserted},
		{"The patient with stroke was questioned at length about her symptoms.", stroke, findings.Asserted},
		// the review of rules 0.6.125 (rules 0.6.126)
		{"Reviewed warning signs for MI, stroke and bleeding.", stroke, findings.Hypothetical},
		{"Reviewed warning signs for (recurrent) stroke.", stroke, findings.Hypothetical},
		{"Stroke in the setting of atrial fibrillation remains a possibility.", stroke, findings.Hypothetical},
		{"Stroke would be a possibility.", stroke, findings.Hypothetical},
		{"Left putaminal hemorrhage, MVA in 2001, unrelated to current bleed.", stroke, findings.Asserted},
		{"Left putaminal hemorrhage, MVA in 2001 - unrelated - now on warfarin.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage after MVA years ago, unrelated to his current symptoms.", stroke, ""},
		{"Kidney transplant with watershed infarct; confirmed by MRI of the brain.", stroke, findings.Asserted},
		{"Kidney transplant with watershed infarct; brain MRI not consistent with this.", stroke, ""},
		{"Spleen with watershed infarct; CT head showed old lacunes.", stroke, ""},
		{"Old lacunar infarct is questioned on head CT.", stroke, findings.Hypothetical},
		{"Old lacunar infarct was questioned.", stroke, findings.Hypothetical},
		{"He is known to the stroke clinic from a prior TIA.", stroke, findings.Hypothetical},
		// the review of rules 0.6.126 (rules 0.6.127)
		{"Educated on warning signs for bleeding, history of stroke in 2010 on aspirin.", stroke, findings.Asserted},
		{"Putaminal hemorrhage after a fall unrelated to the episode of syncope.", stroke, ""},
		{"Putaminal hemorrhage due to trauma, unrelated by CT to the prior infarct.", stroke, ""},
		{"Left putaminal hemorrhage, MVA in 2001, felt to be unrelated by neurosurgery.", stroke, findings.Asserted},
		// the review of rules 0.6.127 (rules 0.6.128)
		{"Warning signs for bleeding (on warfarin) and stroke were reviewed.", stroke, findings.Hypothetical},
		{"Warning signs for bleeding, stroke with facial droop or arm weakness, reviewed.", stroke, findings.Hypothetical},
		{"Stroke and TIA is a possibility.", stroke, findings.Hypothetical},
		{"Left putaminal hemorrhage, MVA in 2001 deemed unrelated by the neurosurgery service.", stroke, findings.Asserted},
		{"Left putaminal hemorrhage, MVA in 2001 unrelated to the current bleed per neurosurgery.", stroke, findings.Asserted},
		// the review of rules 0.6.128 (rules 0.6.129)
		{"Right putaminal hemorrhage after a fall, felt unrelated by Dr. Smith to his warfarin.", stroke, ""},
		{"Left putaminal hemorrhage, MVA in 2001, felt to be unrelated by Dr. Smith.", stroke, findings.Asserted},
		// the review of rules 0.6.129 (rules 0.6.130): a heart wall's infarct in a differential
		{"Echo: inferior hypokinesis consistent with prior infarct (versus attenuation artifact).", "22298006", ""},
		{"Echo: inferior hypokinesis consistent with prior infarct/ischemia.", "22298006", ""},
		{"Echo: inferior hypokinesis, isn't due to prior infarct.", "22298006", ""},
		{"Nuclear: fixed defect consistent with prior infarct or attenuation.", "22298006", ""},
		{"Echo: inferior hypokinesis consistent with prior infarct in question.", "22298006", ""},
		{"Fixed inferior defect consistent with prior infarct, possibly artifact.", "22298006", ""},
		// the review of rules 0.6.133 (rules 0.6.134)
		{"SPECT: fixed inferior defect consistent with prior infarct, possibly related to diaphragmatic attenuation.", "22298006", ""},
		{"SPECT: fixed inferior defect consistent with prior infarct, but breast attenuation was excluded.", "22298006", findings.Asserted},
		{"He had a double bypass in his right leg.", "53741008", ""},
		{"Triple bypass (femoral-popliteal) in 2010.", "53741008", ""},
		// the review of rules 0.6.131 (rules 0.6.132): a leg's bypass by its count of vessels
		{"He underwent a 4-vessel bypass of the leg arteries.", "53741008", ""},
		{"He subsequently underwent two-vessel bypass surgery in 2002.", "53741008", findings.Asserted},
		// wave 57 (rules 0.6.131): a hypertensive bleed of the cerebellum
		{"IMPRESSION: Hypertensive right cerebellar hemorrhage.", stroke, findings.Asserted},
		// wave 54 (rules 0.6.127)
		{"We discussed the association of cocaine with stroke, heart attack and dissection.", stroke, findings.Hypothetical},
		// wave 51 (rules 0.6.124)
		{"CT OF THE HEAD: Small old lacunar infarct is questioned in the left basal ganglia, no acute hemorrhage.", stroke, findings.Hypothetical},
		// the review of rules 0.6.118 (rules 0.6.120): "injury" and "accident" of other kinds, the
		// season, an organ named as another item or beside the brain
		{"Left putaminal hemorrhage complicated by acute kidney injury.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage with hypoxic brain injury after cardiac arrest.", stroke, findings.Asserted},
		{"Thalamic hemorrhage in a patient with work-related back injury.", stroke, findings.Asserted},
		{"History of cerebrovascular accident, now presenting with left thalamic hemorrhage.", stroke, findings.Asserted},
		{"Left thalamic hemorrhage in the fall of 2019.", stroke, findings.Asserted},
		{"Right basal ganglia hemorrhage after a skiing injury.", stroke, ""},
		{"Pontine hemorrhage in a motor vehicle accident.", stroke, ""},
		{"Acute renal failure and bilateral watershed infarcts after cardiac arrest.", stroke, findings.Asserted},
		{"Hepatic encephalopathy was considered, but MRI brain showed bilateral watershed infarcts.", stroke, findings.Asserted},
		{"He has chronic kidney disease and had a left watershed infarct in 2020.", stroke, findings.Asserted},
		{"Pathology: watershed infarct of the brain.", stroke, findings.Asserted},
		{"Placenta: watershed infarct.", stroke, ""},
		{"Ischemic colitis in a watershed distribution, likely bowel watershed infarction.", stroke, ""},
		{"Old inferior infarct on ECG.", stroke, ""},
	})
}

// TestPhrasingsOfTheUnlabelledCorpus: the rules' misses that the fine-tuned encoder
// assertion model pointed to (`notecoder mine`: it read them otherwise) and that four blind
// annotators' labels of the corpus mentions no gold set held showed, each checked by hand
// against the labelling conventions, with the neighbours a fix must leave alone.
func TestPhrasingsOfTheUnlabelledCorpus(t *testing.T) {
	const (
		af, mr, dm, mi, stroke, hf, cad = "49436004", "48724000", "44054006", "22298006", "230690007", "84114007", "53741008"
		none                            = findings.Assertion("")
	)
	checkAssertions(t, []assertionCase{
		// relatives: "dad", and a relative before "who"
		{"In fact, her dad had diabetes.", dm, findings.Family},
		{"She has a brother who has diabetes.", dm, findings.Family},
		{"He stated that he had had a brother who died of heart failure at age 72.", hf, findings.Family},
		{"She is a 60-year-old woman who has diabetes.", dm, findings.Asserted},
		// a consent discussion without the word "risks"
		{"We have discussed bleeding, infection, injury to vessels and nerves, deep vein thrombosis, MI, stroke, and death.", stroke, findings.Hypothetical},
		// not the concept: MRI, a medical-record number, a drug's name, a person's initials
		{"MR signal on the bone marrow is otherwise normal.", mr, none},
		{"RE: XXXX, MR#: 0000000, Dear Dr. XYZ:", mr, none},
		{"PRESCRIPTIONS: Lotrimin AF Dosage: 1% cream", af, none},
		{"SOCIAL HISTORY: AF was born and raised in San Francisco.", af, none},
		// a negated treatment is no negated disease; a possessive presupposes against a negation
		{"Most recently, he has not been treated for diabetes since he stopped taking Zyprexa.", dm, findings.Asserted},
		{"She does not appear to have any significant residual deficits from her stroke.", stroke, findings.Asserted},
		{"He states that the pain feels unlike the pain of his myocardial infarction.", mi, findings.Asserted},
		{"No known CAD.", cad, findings.Negated},
		{"He does not have diabetes.", dm, findings.Negated},
		// ", so" ends a negation's scope; secondary prevention is after the event
		{"EKG did not show any changes, so the patient will be transferred on Aggrenox for secondary stroke prevention.", stroke, findings.Asserted},
		{"Warfarin for stroke prevention.", stroke, findings.Hypothetical},
		// an item hedge reaches the words right after it only
		{"Borderline normal overall ejection fraction with mild mitral regurgitation.", mr, findings.Asserted},
		{"EKG: borderline first degree AV block.", "233917008", findings.Hypothetical},
		{"People more likely to have angina may also have diabetes mellitus.", dm, findings.Hypothetical},
		// the blind annotators' disagreements
		{"The patient's familial medical history is significant for alcohol abuse, diabetes, hypertension.", "38341003", findings.Family},
		{"Family medical history is significant for diabetes, heart disease, hypertension.", "38341003", findings.Family},
		{"SOCIAL HISTORY, FAMILY HISTORY, PAST MEDICAL HISTORY AND SURGICAL HISTORY: , She has had hypertension very well controlled.", "38341003", findings.Asserted},
		{"Based on the sister-in-law's report, the patient had a stroke on 09/19/08.", stroke, findings.Asserted},
		{"The patient's mother had a stroke.", stroke, findings.Family},
		{"The mother of the patient had a stroke.", stroke, findings.Family},
		{"HISTORY: , Advanced maternal age and hypertension.", "38341003", findings.Asserted},
		{"The procedure's risks included but not restricted to death, myocardial infarction, bleeding.", mi, findings.Hypothetical},
		{"We discussed deep vein thrombosis, pulmonary embolism, skin slough, skin necrosis, infection, and need for second surgery.", "59282003", findings.Hypothetical},
		{"We discussed his diabetes, his weight, and his knee.", dm, findings.Asserted},
		{"In addition, he also developed cardiac complications including atrial fibrillation.", af, findings.Asserted},
		{"Steroid induced diabetes mellitus.", dm, none},
		{"Patient AF is a 50-year-old man. AF reports 10/10 pain. Past history: AF has had surgery.", af, none},
		{"Impression: Mild tortuosity of the thoracic aorta, maybe secondary to hypertension.", "38341003", findings.Hypothetical},
		{"He is undergoing angiography to determine if his symptoms are due to coronary artery disease.", cad, findings.Hypothetical},
		{"His chest pain is due to coronary artery disease.", cad, findings.Asserted},
		{"When a person has a heart failure (such as MI), BNP is secreted.", hf, findings.Hypothetical},
		{"CTA, chest PE study showing no evidence for pulmonary embolism.", "59282003", findings.Negated},
		{"The patient also had history of CHF in the past and recently had some workup done.", hf, findings.Asserted},
		{"Admitted for CHF workup.", hf, findings.Hypothetical},
		// what a review of these cues found they must leave alone
		{"History was obtained from her daughter who states she has diabetes.", dm, findings.Asserted},
		{"She was brought in by her son who says she had a stroke.", stroke, findings.Asserted},
		{"Her friend who she lives with manages her CHF.", hf, findings.Asserted},
		{"Her maternal grandmother, an active 90-year-old who has hypertension.", "38341003", findings.Family},
		{"Prior MI's x2. Most recent MI in 2015.", mi, findings.Asserted},
		{"Patient AF with RVR on arrival.", af, findings.Asserted},
		{"Patient MR# 1234567. Mild MR on echo.", mr, findings.Asserted},
		{"FAMILY MEDICAL HISTORY/SOCIAL HISTORY:\nDiabetes and hypertension.", dm, findings.Family},
		{"We discussed her atrial fibrillation, hypertension, diabetes, and the bleeding risk of warfarin.", "38341003", findings.Asserted},
		{"Reviewed her recent GI bleeding and her atrial fibrillation.", af, findings.Asserted},
		{"We discussed bleeding precautions on Coumadin for her atrial fibrillation.", af, findings.Asserted},
		{"If needed, increase diuretic for edema due to CHF.", hf, findings.Asserted},
		{"LVH possibly secondary to hypertension.", "38341003", findings.Hypothetical},
	})
}

// assertionCase: the rules should read concept code in text as want ("": not found).
type assertionCase struct {
	text, code string
	want       findings.Assertion
}

func checkAssertions(t *testing.T, cases []assertionCase) {
	t.Helper()
	for _, tc := range cases {
		if got := assertionOf(tc.text, tc.code); got != tc.want {
			t.Errorf("%q: %s %q, want %q", tc.text, tc.code, got, tc.want)
		}
	}
}

// assertionOf is how the rules read concept code in text: asserted if any mention is, else
// the first mention's assertion, "" if none.
func assertionOf(text, code string) findings.Assertion {
	var got findings.Assertion
	for _, c := range ExtractOne(nlp.Input{Text: text}).Conditions {
		if c.Code == code && (got == "" || c.Assertion == findings.Asserted) {
			got = c.Assertion
		}
	}
	return got
}

// Echo reports list findings with their grades: a graded item after a negated one is
// there ("no aortic stenosis, mild mitral regurgitation"; trace counts, LABELLING.md).
func TestGradedItemEndsANegatedList(t *testing.T) {
	const mr, as = "48724000", "60573004"
	checkAssertions(t, []assertionCase{
		{"Normal LV function, EF 55%, no aortic stenosis, mild mitral regurgitation.", mr, findings.Asserted},
		{"Normal LV function, EF 55%, no aortic stenosis, mild mitral regurgitation.", as, findings.Negated},
		{"No pericardial effusion, trace mitral regurgitation.", mr, findings.Asserted},
		{"Normale LV-Funktion, keine Aortenklappenstenose, leichte Mitralinsuffizienz.", mr, findings.Asserted},
		{"No severe mitral regurgitation.", mr, findings.Negated},
		{"No pericardial effusion or mild mitral regurgitation.", mr, findings.Negated},
		{"No pericardial effusion, mild (1+) mitral regurgitation.", mr, findings.Asserted},
		// the grade is another item's, or the list is one ("and")
		{"ROS: Denies fever, severe fatigue, stroke or TIA.", "230690007", findings.Negated},
		{"Negative for stroke and severe hypertension.", "38341003", findings.Negated},
		{"No chest pain with moderate exertion, heart failure symptoms.", "84114007", findings.Negated},
		// a diabetes made secondary after it, a "highly likely" suspicion (set dl)
		{"PMH:,1. Pancreatic CA.,2. DM, new-onset 2009 (pancreatogenic).,3. HTN.", "44054006", ""},
		{"ASSESSMENT:,3. Diabetes, pancreatogenic.,4. CAD, stable.", "44054006", ""},
		{"PMH: DM, diet controlled. Cardiomyopathy, likely viral.", "85898001", findings.Asserted},
		// "History of DM, HTN and pancreatic adenocarcinoma": another item's word (review)
		{"History of DM, HTN and pancreatic adenocarcinoma.", "44054006", findings.Asserted},
		// a complication judged not likely names no diabetes (set dh)
		{"IMPRESSION: Polyneuropathy, most likely alcohol-related. Diabetic neuropathy is not likely given normal A1c, but impaired glucose tolerance can cause this.", "44054006", ""},
	})
}

// Two of the real training notes' errors that other notes will have too: a cough syrup's
// "DM" is dextromethorphan (and a Stroke/Chest Pain Unit is a ward), and in a newborn's note what complicated the pregnancy is the
// mother's (in the mother's own note it is hers).
func TestCoughSyrupsAndANewbornsPrenatalCourse(t *testing.T) {
	const dm, htn = "44054006", "38341003"
	checkAssertions(t, []assertionCase{
		{"CURRENT MEDICATIONS:,  Recently finished Minocin and Duraphen II DM.", dm, ""},
		{"MEDICATIONS: Robitussin DM as needed, lisinopril.", dm, ""},
		{"She takes Mucinex DM for cough and metformin for her DM.", dm, findings.Asserted},
		{"Guaifenesin DM 10 mL q.4h. p.r.n.", dm, ""},
		{"Review in cardiology OPD after 1 week.,Dr. S. Raghunathan, MD, DM (Cardiology)", dm, ""}, // a degree (set cu)
		{"PMH: DM, HTN.", dm, findings.Asserted},
		{"Aufnahme Stroke/Chest Pain Unit, 04:10.  79 J., w.  Plötzliche Dyspnoe.", "230690007", ""},       // a ward
		{"Aspirin 325 mg now. Stop the oral contraceptive permanently. Permissive hypertension.", htn, ""}, // a blood-pressure target after a stroke (set gr)
		{"Fosphenytoin 20 mg PE/kg IV load now, then resume maintenance phenytoin.", "59282003", ""},       // phenytoin equivalents (set hf)
		{"Plan: admit to stroke unit, permissive HTN up to 220/120, ASA 325 after swallow screen.", htn, ""},
		{"4. Portopulmonary hypertension, as above.", htn, ""},                                       // the lungs' (set nb)
		{"Neuro: Negative.,PE FINDINGS:, Vitals: T 99.0, HR 108, BP 172/90, RR 24.", "59282003", ""}, // the physical exam (set if)
		{"CT angiogram showed PE findings in bilateral lower lobes.", "59282003", findings.Asserted},
		{"He lives with his wife; her son from a previous marriage helps with his medications. He himself had a stroke in 2012.", "230690007", findings.Asserted},
		// "He himself" after "Her son": the son's; "She herself" after her mother's: hers (sets if, dn)
		{"She reports generalized weakness. Her son, who accompanies her, notes she has been more confused. He himself had a stroke last year and helps manage her medicines.", "230690007", findings.Family},
		{"Her father died of a myocardial infarction at age 62, and her mother had a blood clot. She herself has a history of stroke in 2010.", "230690007", findings.Asserted},
		{"The baby is an ex-32 weeks small for gestational age infant.  Mother is a 20-year-old gravida 1.  Prenatal course was complicated by low amniotic fluid index and hypertension.", htn, findings.Family},
		{"This 3-day-old boy was born at term.  Pregnancy was complicated by maternal diabetes.", dm, findings.Family},
		{"She is a 28-year-old G2 P1.  Her pregnancy was complicated by chronic hypertension.", htn, findings.Asserted},
		{"The baby is an ex-32 weeks infant.  Prenatal course was unremarkable.  The infant has complete heart block.", "233917008", findings.Asserted},
	})
}

// "to be (a) diabetic" and "insulin-dependent diabetic" name diabetes (type 2 by ICD-10-CM's
// default in an adult; insulin use is no type), and "not known ... until" says it came
// later (two real training notes' misses).
func TestDiabeticAsTheNotesSayIt(t *testing.T) {
	const dm = "44054006"
	checkAssertions(t, []assertionCase{
		{"She was not known to be a diabetic until this admission.", dm, findings.Asserted},
		{"She was not known previously to be a diabetic.", dm, findings.Negated},
		{"This patient is insulin-dependant diabetic.", dm, findings.Asserted},
		{"She was found to be diabetic.", dm, findings.Asserted},
		{"If indeed, he is considered to be a diabetic, a much more aggressive program should be entertained.", dm, findings.Hypothetical},
		{"A 6-year-old known to be diabetic.", dm, ""},
		// a type other than 2 stated after the mention (set lx; rules 0.6.113)
		{"PMH: 2. Diabetes, new-onset 2016, likely pancreatogenic (type 3c), on insulin.", dm, ""},
		{"PMH: Diabetes (type 1) since childhood.", dm, ""},
		{"PMH: DM, new-onset 2009, on metformin.", dm, findings.Asserted},
		{"PAST MEDICAL HISTORY: Diabetes, hypertension, type 1 MI in 2018 s/p PCI to the LAD.", dm, findings.Asserted},
		{"PAST MEDICAL HISTORY: Diabetes, COPD, steroid-induced osteoporosis.", dm, findings.Asserted},
		{"PAST MEDICAL HISTORY: Diabetes (type 1 in her sister), hypertension.", dm, findings.Asserted},
		{"PMH: Diabetes mellitus (type 1, diagnosed age 9).", dm, ""},
		{"PMH: Diabetes mellitus, insulin-dependent, type 1.", dm, ""},
		{"PMH: Diabetes mellitus (juvenile onset) since age 8.", dm, ""},
		{"PMH: Diabetes mellitus, likely steroid-induced.", dm, ""},
	})
}

// A note without a date of its own says it in its first line ("DATE OF SERVICE:
// 11/18/2009"): a quit that year is within the year, so current (i2b2); the same quit in a
// note dated two years on is past.
func TestQuitYearAgainstTheDateTheNoteStates(t *testing.T) {
	for _, tc := range []struct {
		text string
		want findings.SmokingStatus
	}{
		{"DATE OF SERVICE:  11/18/2009,SOCIAL HISTORY:,  He quit smoking in 2009 after 30 years of a pack a day.", findings.Current},
		{"DATE OF SERVICE:  11/18/2011,SOCIAL HISTORY:,  He quit smoking in 2009 after 30 years of a pack a day.", findings.Past},
		{"SOCIAL HISTORY:,  He quit smoking in 2009 after 30 years of a pack a day.", findings.Past},
		// German letters date themselves in the letterhead or a "Datum:" field
		{"Bad Krozingen, 15.12.2021\n\nRisikofaktoren: Nikotinabusus (ca. 35 py) bis zum Infarktereignis 09/2021, seitdem abstinent.", findings.Current},
		{"Bad Krozingen, 15.12.2023\n\nRisikofaktoren: Nikotinabusus (ca. 35 py) bis zum Infarktereignis 09/2021, seitdem abstinent.", findings.Past},
		{"Datum: 14.03.2023\nNikotin: Rauchstopp 11/2022, zuvor ca. 20 py.", findings.Current},
		// a bare "DATE:" heading the note, and a quit month with no year (set ak; rules 0.6.45)
		{"ONCOLOGY PROGRESS NOTE.,DATE: 11/14/2002.,SOCIAL HISTORY:, Smoked 1-1/2 packs per day for 40 years and quit at the time of his diagnosis in August.", findings.Current},
		{"DATE: 04/12/2010.,SOCIAL HISTORY:, I quit smoking last year in March, no cigarette since.", findings.Past},
		{"DATE: 04/12/2010.,SOCIAL HISTORY:, I quit smoking last year in October.", findings.Current},
		{"DATE: 11/12/2010.,SOCIAL HISTORY:, He quit smoking in August 2004.", findings.Past},
		{"SOCIAL HISTORY:, He quit smoking in August.", findings.Past},
		// "in October of last year", and a letter dated in words (set ax; rules 0.6.54)
		{"April 15, 2008.,Anil Patel, M.D.,Dear Dr. Patel:, He quit smoking in October of last year, after 40 years of smoking, and he remains off cigarettes.", findings.Current},
		{"DATE: 11/15/2008.,He quit smoking in October of last year.", findings.Past},
		// attempts beside today's smoking (sets at, ax), and a visit summary's advice (set av)
		{"SOCIAL HISTORY:, Smokes one-half pack per day; she has tried to quit several times.", findings.Current},
		{"SOCIAL HISTORY:, He smoked 1 ppd and has tried to quit many times and finally quit in 2001.", findings.Past},
		{"LEARNING ABOUT HIGH BLOOD PRESSURE\n- If you smoke, quit. Free help: 1-800-QUIT-NOW.", findings.Unknown},
		// a home-health oxygen safety check, and a husband's amount after a comma (sets ay, az;
		// rules 0.6.55)
		{"Reinforced with patient and wife: no smoking, candles or open flames within 10 feet of the oxygen.", findings.Unknown},
		{"SOCIAL HISTORY:, Never smoked.  Her husband smokes in the home, about a pack a day.", findings.NonSmoker},
		// a quit on the day of admission, Epic's empty field (sets bd, bb; rules 0.6.56)
		{"DATE: 03/02/2025.,Tobacco: He smoked 1 pack per day for 30 years and stopped the day of admission.", findings.Current},
		{"Tobacco use: Not on file.", findings.Unknown},
		// a month named "last" is within the year whatever the note's month (set bc; rules
		// 0.6.58), "this past" too; "last year" still needs the month against the note's
		{"DATE: 12/20/2009.,SOCIAL HISTORY:, He quit smoking last October.", findings.Current},
		{"DATE: 03/20/2010.,SOCIAL HISTORY:, He quit smoking last October.", findings.Current},
		{"SOCIAL HISTORY:, Former smoker, quit this past January.", findings.Current},
		{"DATE: 04/12/2010.,SOCIAL HISTORY:, He quit smoking last year in March.", findings.Past},
		// the relative who gave the history, a relative's smoking told with a pronoun, and a
		// pipe smoked now beside cigarettes given up (sets bi, bg; rules 0.6.58)
		{"SOCIAL HISTORY:, Widowed, former seamstress. Per her daughter she has never smoked and did not drink alcohol.", findings.NonSmoker},
		{"SOCIAL HISTORY:, Married, lives with his wife, who smokes; he reports she smokes outside.", findings.Unknown},
		{"SOCIAL HISTORY:, Her husband smokes 2 packs per day, and he will not quit. She has never smoked.", findings.NonSmoker},
		{"SOCIAL HISTORY:, Married to his wife of 40 years; he smokes 1 ppd.", findings.Current},
		{"SOCIAL HISTORY:, He smokes a pipe occasionally, mostly on weekends, and has not smoked cigarettes since the army.", findings.Current},
		// a bare "Occasional smoker", a drug smoked beside cigarettes, a youth's smoking with
		// "none since", a quit at an event last week (sets bm, bk, bl; rules 0.6.59)
		{"SOCIAL HISTORY:, Occasional smoker, a few cigarettes on weekends with friends.", findings.Current},
		{"SOCIAL HISTORY:, Former occasional smoker, none since college.", findings.Past},
		{"SOCIAL HISTORY:, He smokes marijuana and cigarettes, cigarettes \"off and on\", a few a day. Uses cocaine on weekends.", findings.Current},
		{"SOCIAL HISTORY:, He smokes marijuana daily, no tobacco.", findings.NonSmoker},
		{"SOCIAL HISTORY:, She smoked as a teenager for a couple of years, none since.", findings.Past},
		{"DATE: 03/02/2005.,SOCIAL HISTORY:, He quit smoking when he had his heart attack last week, having smoked a pack a day since the age of 18.", findings.Current},
		{"SOCIAL HISTORY:, He quit smoking 20 years ago when he had a stroke; he had a heart attack last week.", findings.Past},
		// a quit month named with its year, a name that ends in "son", a quit not yet made,
		// counselling about nicotine dependence (sets bt, bs; rules 0.6.60)
		{"DATE OF CONSULTATION:, 03/14/2004.,SOCIAL HISTORY:, She smoked about half a pack a day for 10 years and quit in August 2003 when she found out she was pregnant.", findings.Current},
		{"DATE OF CONSULTATION:, 03/14/2004.,SOCIAL HISTORY:, She smoked for 10 years and quit in August 2002.", findings.Past},
		{"SOCIAL HISTORY:, Stepfather smokes but not in the home.  Jason denies tobacco, alcohol, or drug use when asked privately.", findings.NonSmoker},
		{"SOCIAL HISTORY:, She smokes about half a pack of cigarettes a day; she states the bupropion was started in part to help her quit.", findings.Current},
		{"SOCIAL HISTORY:, He dips smokeless tobacco daily.  He has never smoked cigarettes.,PLAN:, Counseled about oral cancer and nicotine dependence; quitting resources provided.", findings.NonSmoker},
		// a negation without its verb after another's smoking, and a relative's smoking
		// told on with a pronoun of the relative's sex (sets bv, bw; rules 0.6.61)
		{"SOCIAL HISTORY:,Lives with her husband.  The husband smokes; she does not.  Rare alcohol.", findings.NonSmoker},
		{"SOCIAL HISTORY:, He smokes; his wife does not.", findings.Current},
		{"SOCIAL HISTORY:, Mother smokes, reports she smokes outside only.", findings.Unknown},
		{"SOCIAL HISTORY:, Mother smokes; he has never smoked.", findings.NonSmoker},
		// "has smoked since", a field's "occasional cigarettes", records that do not comment
		// on tobacco (set bz; rules 0.6.62)
		{"SOCIAL HISTORY:, Married, retired accountant. He has smoked since age 16 and continued despite his cancer diagnosis.", findings.Current},
		{"SOCIAL HISTORY:, He has smoked for 30 years but quit in 2001.", findings.Past},
		{"SOCIAL HISTORY:, Works as a truck mechanic. Tobacco: occasional cigarettes. No drugs.", findings.Current},
		{"SOCIAL HISTORY:, History unobtainable from the patient; the nursing home records do not comment on tobacco or alcohol.", findings.Unknown},
		// a history told "per daughter" with no determiner, "smoke before, not anymore",
		// "remained off cigarettes since" an event dated years back or "for" months, a pipe
		// "still" smoked beside cigarettes given up, "quitting is the single most important
		// thing" (sets ca, cc, cd; rules 0.6.63)
		{"DATE: 03/02/2012.,SOCIAL:, per daughter pt quit smoking about 6 months ago after 50 years of smoking.", findings.Current},
		{"SOCIAL HISTORY:, Tobacco: Yes (per daughter, amount and duration unknown).", findings.Smoker},
		{"SOCIAL:, He smoke before, not anymore.", findings.Past},
		{"DATE: 05/06/2014.,HISTORY:, He has remained off cigarettes since his heart attack in 2011, and he tells me he no longer even thinks about them.", findings.Past},
		{"SOCIAL HISTORY:, He has been off cigarettes for 3 months.", findings.Current},
		{"SOCIAL HISTORY:, He admits he still smokes his pipe after supper most days, though he gave up cigarettes years ago.", findings.Current},
		{"PLAN:, We discussed with him at length that he is still smoking about half a pack per day and that quitting is the single most important thing he can do.", findings.Current},
		{"SOCIAL HISTORY:, Reports a smoking history of roughly 12 pack-years; did not say whether she still smokes.", findings.Smoker},
		// wave 47 (rules 0.6.118, set mw): a doubt whether the quit happened, an occasional
		// cigarette as an item of a list, a quit told in a non-native "He stop the smoking"
		{"SOCIAL HISTORY: She reports a tobacco history, unclear amount and whether he has quit.", findings.Smoker},
		{"SOCIAL HISTORY: Unclear if he has quit smoking.", findings.Smoker},
		{"SOCIAL HISTORY: Not sure if she ever smoked.", findings.Unknown},
		{"SOCIAL HISTORY: Quit smoking in 1990; unclear if he drinks.", findings.Past},
		{"SOCIAL HISTORY: Smokes 1 ppd, unclear if he wants to quit.", findings.Current},
		{"Social: caffeine 3 to 4 energy drinks daily, occasional cigarettes at parties, no drugs.", findings.Current},
		{"SOCIAL HISTORY: Occasional cigar, no drugs.", findings.Current},
		{"SOCIAL HISTORY: Occasional cigarette smoke exposure at work.", findings.Unknown},
		{"SOCIAL HISTORY: Her husband smokes, occasional cigar.", findings.Unknown},
		{"DATE OF VISIT: 06/16/2008. SOCIAL HISTORY: He stop the smoking after the heart attack in March, before he was smoking 1 pack every day for 35 years. He say he is not smoking at all now.", findings.Current},
		{"DATE OF VISIT: 06/16/2008. SOCIAL HISTORY: She stop the smoking 10 years ago.", findings.Past},
		// the informant with no determiner before the verb, "told ... to quit", a smaller
		// amount now than "previously", a quit dated in the next sentence, which holds no
		// tobacco word (sets ce, cf; rules 0.6.64)
		{"SOCIAL:, Lives with daughter. Daughter states pt never smoked.", findings.NonSmoker},
		{"SOCIAL:, Smoker, 30 pack-years; was told in no uncertain terms to quit and was given a nicotine patch.", findings.Current},
		{"SOCIAL:, She was told to quit smoking and quit in 2002.", findings.Past},
		{"SOCIAL:, He quit smoking in 2005 after his doctor told him to quit.", findings.Past},
		{"SOCIAL:, Smokes 1/2 ppd, previously 1 ppd.", findings.Current},
		{"SOCIAL:, Previously 1 ppd, quit 2001.", findings.Past},
		{"DATE: 04/02/2013.,SOCIAL:, Smoked 1.5 ppd x 45 years. Quit in 2010 when diagnosed with COPD. Drinks 2 beers a day.", findings.Past},
		{"DATE: 04/02/2013.,SOCIAL:, Smoked for 20 years. Quit 3 months ago.", findings.Current},
		{"SOCIAL:, Smokes 1 ppd. Quit working in 2010.", findings.Current},
		// an amount "of cigarette consumption per day" (a real dev note), cigars smoked now
		// beside cigarettes stopped, a quit at an event "last November" (set ck; rules 0.6.65)
		{"SOCIAL HISTORY: , He does admit to one half pack of cigarette consumption per day.", findings.Current},
		{"SOCIAL HISTORY:, Smokes a cigar a couple of times a week, stopped cigarettes in 1990.", findings.Current},
		// cigars smoked now beside cigarettes "used to" be smoked, a quit "until today" (sets
		// dw, dv; rules 0.6.75); "until 1990" stays a quit long ago
		{"SOCIAL HISTORY:, Smokes cigars occasionally, used to smoke cigarettes heavily.", findings.Current},
		{"SOCIAL HISTORY:, He used to smoke cigarettes; quit 1990.", findings.Past},
		{"SOCIAL HISTORY:, Smoked 2 packs a day until today.", findings.Current},
		{"SOCIAL HISTORY:, He smoked from age 16 until 1990.", findings.Past},
		// an amount with its number after "cigarettes" (set du; rules 0.6.75)
		{"SOCIAL HISTORY:, Construction worker. Smoke cigarettes 5 per day. Alcohol as above.", findings.Current},
		{"SOCIAL HISTORY:, Smoked cigarettes 5 per day for 20 years, quit in 1990.", findings.Past},
		// none since an event on a month's day with no year (set ea; rules 0.6.76)
		{"DATE: 06/09/1998.,SOCIAL:, He has not smoked since his heart attack on March 2nd and says he does not miss it.", findings.Current},
		{"DATE: 06/09/1998.,SOCIAL:, He has not smoked since his heart attack on March 2nd, 1995.", findings.Past},
		{"DATE: 06/09/1998.,SOCIAL:, Quit smoking on July 4th of last year.", findings.Current},
		// a dash field answered yes (set eg; rules 0.6.77); its "no" stays unread (README)
		{"SOCIAL:, Tobacco - yes. Alcohol - rarely.", findings.Smoker},
		// a review of the stretch's diff (rules 0.6.78): "until today" only of the smoking, a
		// month's day "on" only of the quit, a dash "yes" only as the whole field
		{"DATE: 06/09/1998.,SOCIAL:, He quit smoking in 1995 and was in his usual state of health until yesterday.", findings.Past},
		{"DATE: 06/09/1998.,HPI: Former smoker, quit 20 years ago; he was well until this morning when he developed chest pain.", findings.Past},
		{"DATE: 06/09/1998.,SOCIAL:, Former smoker who quit at age 40; moved into assisted living on May 1st.", findings.Past},
		{"DATE: 06/09/1998.,SOCIAL:, He is a former smoker who quit after his first MI and was admitted on April 3rd with a second MI.", findings.Past},
		{"SOCIAL:, Tobacco - yes, quit 1980.", findings.Past},
		{"SOCIAL:, Tobacco - yes, former smoker.", findings.Past},
		{"SOCIAL:, Tobacco- yes.", findings.Smoker},
		{"SOCIAL:, Smokes 2 cigars a day; quit cigarettes in 1980.", findings.Current},
		// set en, eo, em (rules 0.6.78): a history unknown, cigars by the week, cigars beside
		// cigarettes "never", "determined to quit"
		{"SOCIAL:, Smoking history unknown; daughter not sure.", findings.Unknown},
		{"SOCIAL:, Alcohol and tobacco history unknown; family unable to provide.", findings.Unknown},
		{"SOCIAL HISTORY:, Married, retired police officer.  Tobacco: cigars, 2-3 per week.  Alcohol: moderate.", findings.Current},
		{"SOCIAL:, He continues to jog 3 times a week., He smokes cigars occasionally, \"maybe two a month\", never cigarettes.", findings.Current},
		{"SOCIAL:, He smokes 1 pack per day for 30 years; smoking cessation counseling given, started on nicotine patch 21 mg, and he states he is determined to quit.", findings.Current},
		// set fe, ff, fi (rules 0.6.81): a blank field, a history "not documented" or "unable
		// to be obtained", "he stop 5 years ago" and "he smoke" (non-native), a bare "she
		// smoked" (a smoker), smoked "when she was young" or "in her younger years" (past),
		// "smoked on the morning of admission" (current), "Son says she smoked" (informant)
		{"Social history per referral form: Tobacco use: ____ (not completed).", findings.Unknown},
		{"SOCIAL HISTORY:, Currently using a nicotine patch; the rest of the tobacco history is not documented.", findings.Unknown},
		{"SOCIAL HISTORY:, Tobacco and alcohol history unable to be obtained.", findings.Unknown},
		{"SOCIAL HISTORY:, Smoking history unable to obtain from patient, granddaughter does not know.", findings.Unknown},
		{"SOCIAL HISTORY:, Smoking, he stop 5 years ago, before he smoke the water pipe and cigarettes.", findings.Past},
		{"SOCIAL HISTORY:, He smoke 1 pack a day.", findings.Current},
		{"SOCIAL HISTORY:, She smoked.", findings.Smoker},
		{"SOCIAL HISTORY:, Son says she \"smoked a little\" when she was young, many decades ago.", findings.Past},
		{"SOCIAL HISTORY:, She smoked in her younger years.", findings.Past},
		{"SOCIAL HISTORY:, He smoked on the morning of admission.", findings.Current},
		{"SOCIAL HISTORY:, Should he stop smoking, his risk will fall.", findings.Unknown},
		// a pipe now beside cigarettes "used in the past", a status "not documented" (set fl),
		// an ex-husband's smoking (set fn; rules 0.6.82)
		{"SOCIAL HISTORY:, Smokes a pipe occasionally, used cigarettes in the past.", findings.Current},
		{"SOCIAL HISTORY:, Smoking status not documented; patient drowsy during interview.", findings.Unknown},
		{"SOCIAL HISTORY:, Divorced. Her ex-husband smoked in the house for years.", findings.Unknown},
		{"SOCIAL HISTORY:, Ex-smoker; her husband still smokes.", findings.Past},
		// sets fr, fs, fu (rules 0.6.83), and three readings taken back in stretches 34 and 35
		// that land with model 0.3.15: "recently quit" (within the year), a dash's "never",
		// "Cigarettes: none"
		{"SOCIAL: Son say she was smoking long time but stopped about 10 years ago when she got diabetes.", findings.Past},
		{"SOCIAL HISTORY:, She says she smoked \"a little\" years ago, none now; husband smokes cigars at home.", findings.Past},
		{"SOCIAL HISTORY:,He was smoker before, he stop after the heart attack in 1995.", findings.Past},
		{"SOCIAL HISTORY:,Social smoker in college, none in over 20 years.", findings.Past},
		{"DATE: 10/04/2001.,PERSONAL HISTORY:, Smoker, 20 cigarettes per day for 25 years, stopped on day of admission.", findings.Current},
		{"SOCIAL HISTORY:, Smoking status: not recorded on request form.", findings.Unknown},
		{"SOCIAL HISTORY:, Her husband smokes, and she has asked him to smoke outside.", findings.Unknown},
		{"SOCIAL HISTORY:, I advised him to avoid alcohol and tobacco entirely.", findings.Unknown},
		{"SOCIAL HISTORY:, Smoked more than 15 years ago.", findings.Past},
		{"SOCIAL HISTORY:, Tobacco use, recently quit.", findings.Current},
		{"SOCIAL HISTORY:, Quit smoking recently, about 3 years ago.", findings.Past},
		{"Social: Tobacco - never.", findings.NonSmoker},
		{"SOCIAL HISTORY:, Tobacco - denies ever. Alcohol - rare.", findings.NonSmoker},
		{"SOCIAL HISTORY:, Cigarettes: none. Alcohol: rare.", findings.NonSmoker},
		{"SOCIAL HISTORY:, Tobacco - never, but smokes cigars.", findings.Current},
		// set fw, fy, fz, gb (rules 0.6.84): "smoked up until the morning of MI", "she has been
		// after him to quit", a relative "of 60 years, who smokes", "counseled at length about
		// quitting"; and what a review of the stretch's diff found read too wide
		{"SH: Heavy smoker, 2 ppd; smoked up until the morning of MI.", findings.Current},
		{"SOCIAL HISTORY:, He smoked until the day of his heart attack in 2005.", findings.Past},
		{"SOCIAL HISTORY:,His wife states he smokes about a pack a day and she has been after him to quit.", findings.Current},
		{"SOCIAL HISTORY:, Quit smoking in 1990; her husband wants her to stop drinking.", findings.Past},
		{"SOCIAL HISTORY:, Lives with her husband of 60 years, who smokes on the porch.", findings.Unknown},
		{"SOCIAL HISTORY: Lives with his wife. He smokes one pack per day and was again counseled at length about quitting. No alcohol.", findings.Current},
		{"SOCIAL HISTORY: Quit smoking in 2001; counseled about quitting alcohol.", findings.Past},
		{"SOCIAL HISTORY:, Smokes 1 ppd; advised that he stop after the holidays.", findings.Current},
		{"SOCIAL HISTORY:, Tobacco: 40 pack-years, alcohol: none for 10 years.", findings.Smoker},
		{"SOCIAL HISTORY:, Smokes 1 ppd, alcohol none in 5 years.", findings.Current},
		{"SOCIAL HISTORY:, Heavy smoker in his twenties, now smokes 5 cigarettes a day.", findings.Current},
		{"SOCIAL HISTORY:, Cigarettes: 1 pack a day, tried to stop in the past.", findings.Current},
		{"SOCIAL HISTORY:, She has smoked 1 ppd, starting 30 years ago.", findings.Current},
		{"SOCIAL HISTORY:, He smoked his first cigarette 40 years ago and smokes 1 ppd now.", findings.Current},
		{"SOCIAL HISTORY:, Former smoker, recently stopped using nicotine gum.", findings.Past},
		{"SOCIAL HISTORY:, Ex-smoker, recently quit his job as a trucker.", findings.Past},
		{"SOCIAL HISTORY:, Quit smoking recently, about 2 years prior to admission.", findings.Past},
		{"SOCIAL HISTORY:, Family unsure whether she smoked.", findings.Unknown},
		{"SOCIAL HISTORY:, Her landlord asked her to smoke outside, and she smokes about 10 cigarettes a day.", findings.Current},
		{"SOCIAL HISTORY:, Told her not to smoke given her COPD, but she still smokes 10 cigarettes a day.", findings.Current},
		{"SOCIAL HISTORY:, Smoking history unable to be obtained from patient, but his wife says he smokes 1 ppd.", findings.Current},
		{"SOCIAL HISTORY:, Tobacco: __X__ Former, quit 2001.", findings.Past},
		{"SOCIAL HISTORY:, Tobacco - none, 40 pack-year history.", findings.Smoker},
		{"SOCIAL HISTORY:, Tobacco and alcohol history unknown to the patient's nephew, who says he quit in 1990.", findings.Past},
		// "he knows he must quit" without "smoking" (set et; rules 0.6.79)
		{"SOCIAL HISTORY:, Smokes 1-1/2 packs per day, has cut down from 3 packs, he knows he must quit.", findings.Current},
		{"SOCIAL:, Quit smoking in 1990; told him he must stop drinking.", findings.Past},
		{"DATE: 03/10/2010.,SOCIAL:, Quit smoking when she found out she was pregnant last November, had been smoking 1/2 ppd; none since.", findings.Current},
		{"DATE: 03/10/2010.,SOCIAL:, Quit smoking when he retired in 2001.", findings.Past},
		// a field label written as a heading ("TOBACCO:, Denies."), cigars smoked beside
		// cigarettes denied, a quit on the day of an undated surgery or at an event "last
		// spring" (sets cm, cn, co; rules 0.6.66)
		{"RISK FACTORS:, Hypertension.,TOBACCO:, Denies.,PROTOCOL:, The patient exercised on a Bruce protocol.", findings.NonSmoker},
		{"SOCIAL HISTORY: Divorced, works as a roofer. Smokes cigars on weekends, denies cigarettes. Alcohol as above.", findings.Current},
		{"DATE: 05/02/2008.,SOCIAL HISTORY:, He smoked two packs a day for 40 years and stopped on the day of his surgery.", findings.Current},
		{"DATE: 05/02/2008.,SOCIAL HISTORY:, He smoked for 40 years and stopped on the day of his bypass surgery in 2001.", findings.Past},
		{"DATE: 02/02/2009.,SOCIAL:, Quit smoking when she found out she was pregnant last spring.", findings.Current},
		// "SMOKING HISTORY: Zero." (LABELLING.md), "continues to smoke ... not ready to set a
		// quit date" (sets ct, cq; rules 0.6.68)
		{"SMOKING HISTORY: Zero.", findings.NonSmoker},
		{"SOCIAL HISTORY:, He continues to smoke about 1/2 pack per day, down from 1 pack; he is not ready to set a quit date.", findings.Current},
		// "smoked in past", "Smoking: Nil." (LABELLING.md's none), advice "strongly" to stop,
		// a quit after a semicolon, tobacco at the end of a long list of risk factors (sets
		// ct, cu, cv; rules 0.6.69); a substance "in past" is not the smoking's
		{"Social history: Widow, lives alone. Patient smoked in past, stop 15 years ago. No alcohol.", findings.Past},
		{"SHX:, 120pk-yr smoking, ETOH abuse in past, Retired Dock Hand.", findings.Smoker},
		{"Personal history:, Smoking: Nil. Alcohol: occasional.", findings.NonSmoker},
		{"Personal history:, Habits: Smoker. Alcohol socially.,Plan:, 4. Refer to diabetologist.,5. Advised strongly to stop smoking.", findings.Current},
		{"DATE: 03/02/2010.,SOCIAL:, Smoked 1 ppd for 40 years; stopped on admission 2 weeks ago.", findings.Current},
		{"INDICATION:, Atypical chest pain. Cardiac risk factors include hypertension, hyperlipidemia, family history of premature coronary disease, and tobacco.", findings.Smoker},
		// none "since" a month with no year, a history "not obtained", tobacco "not used"
		// since a year, a husband "who is still smoking" (sets cz, cy, de, dd; rules 0.6.70)
		{"DATE: 09/28/2006.,He has not smoked since his heart attack in January. His wife still smokes outside the house.", findings.Current},
		{"DATE: 09/28/2006.,He has not smoked since January.", findings.Current},
		{"DATE: 09/28/2006.,He has not smoked since 1999.", findings.Past},
		{"SOCIAL HISTORY:,Smoking history not obtained, patient unable to provide; no records available at this hour.", findings.Unknown},
		{"SOCIAL HISTORY:, She smoked a pipe, unusually for a woman of her generation, until 1985 and has not used tobacco since.", findings.Past},
		{"DATE: 09/28/2006.,He has not used tobacco since January.", findings.Current},
		{"SOCIAL HISTORY:, She quit smoking in 1990. Her husband, who is still smoking, was recently sick with a cold.", findings.Past},
		// smoking "until July of last year" and a discharge summary's dates, a "Smoker." who
		// "must be off cigarettes" before surgery (sets di, dh; rules 0.6.71)
		{"DISCHARGE SUMMARY.,ADMITTED: 01/08/2001.,DISCHARGED: 01/15/2001.,SOCIAL HISTORY:,He smoked a pack a day until July of last year, when he quit after his brother was diagnosed with lung cancer.", findings.Current},
		{"DATE: 09/28/2006.,He smoked a pack a day until July of last year, when he quit.", findings.Past},
		{"SOCIAL HISTORY:,Smoker. Alcohol rarely.,PLAN:, Discussed that nicotine significantly increases nonunion risk and he must be off cigarettes for fusion.", findings.Current},
		// cigars now and cigarettes "not used" (set dn); an amount of a half pack is no zero
		// (rules 0.6.72)
		{"SOCIAL HISTORY:, He smokes a cigar most weekends on the golf course and does not use cigarettes.", findings.Current},
		{"SOCIAL HISTORY:, He does not use cigarettes or cigars.", findings.NonSmoker},
		{"Tobacco: 0.5 ppd, 30 pack-years.", findings.Current},
		// "not smoking since 5 years" (set do; rules 0.6.73), and what a review of the
		// stretch found read too wide: another field after "No", a period "in past 30 days",
		// another thing stopped after a semicolon, staying off after a quit, a narrative
		// "admitted" date
		{"DATE: 05/05/2010.,He is also not smoking since 5 years.", findings.Past},
		{"DATE: 05/05/2010.,He is not smoking since 2 months.", findings.Current},
		{"Tobacco: No ETOH: No Drugs: No", findings.NonSmoker},
		{"Tobacco use in past 30 days: Yes, 1 ppd.", findings.Current},
		{"Smokes 1 ppd; stopped lisinopril due to cough.", findings.Current},
		{"He quit smoking in 2015 and needs to stay off cigarettes.", findings.Past},
		{"Office note. He was admitted 03/01/2010 with chest pain. He quit smoking in August.", findings.Past},
		// sets gj, gk (rules 0.6.86): a history "not provided", "Cigarettes: yes"; a quit
		// month whose year lay past the 80 bytes read after the quit (set ez); German: a time
		// ago before the quit verb, cigars beside cigarettes never smoked, "raucht keine
		// Zigaretten (mehr)", "raucht seit 2010 nicht mehr"
		{"Clinical correlation recommended. Patient's smoking history: not provided on requisition.", findings.Unknown},
		{"SOCIAL HISTORY: Married, owns a hardware store. Cigarettes: yes. He enjoys golf.", findings.Smoker},
		{"DATE: 09/18/2009,SUBJECTIVE:, He has stopped smoking completely as of his MI and has not had a cigarette since March 2008.", findings.Past},
		{"DATE: 09/18/2009,SUBJECTIVE:, He has stopped smoking completely as of his MI and has not had a cigarette since March.", findings.Current},
		{"DATE: 09/18/2009,SUBJECTIVE:, He has stopped smoking completely as of his MI and he has not had a cigarette since March 2008.", findings.Past}, // the cut splits "Mar|ch"
		{"DATE: 10/05/2004, INDICATION:  61-year-old man with hypertension, hyperlipidemia, ex-smoker, with 6 weeks of exertional angina and an exercise thallium on 09/28/2004 showing a defect.", findings.Past},
		{"Datum: 12.03.2024. Hat vor 4 Monaten mit dem Rauchen aufgehört (vorher ca. 15 Zig./d).", findings.Current},
		{"Datum: 12.03.2024. Er hat vor 14 Monaten mit dem Rauchen aufgehört.", findings.Past},
		{"Datum: 12.03.2024. Er hat vor 3 Jahren mit dem Rauchen aufgehört.", findings.Past},
		{"Er raucht gelegentlich Zigarren (etwa 2-3 pro Woche), Zigaretten habe er nie geraucht.", findings.Current},
		{"Raucht keine Zigaretten, trinkt keinen Alkohol.", findings.NonSmoker},
		{"Sie raucht keine Zigaretten mehr.", findings.Past},
		{"Er raucht seit 2010 nicht mehr.", findings.Past},
		// sets gp, gr (rules 0.6.87): "never smoke in her life" (non-native) is no
		// instruction; "He was smoker before, stop 20 years ago"; a patient willing to try a
		// cessation aid after counselling smokes now (all 29 written notes that say it)
		{"SOCIAL HISTORY:, She is housewife, never smoke in her life, no alcohol.", findings.NonSmoker},
		{"SOCIAL HISTORY:, He was smoker before, stop 20 years ago. No alcohol.", findings.Past},
		{"SOCIAL HISTORY: Married. Tobacco: about 15 pack-years.,PLAN:, 4. Strongly encouraged him to stop smoking; he is willing to try nicotine patches.", findings.Current},
		{"Smoking cessation counseled at length, she is agreeable to nicotine patch.", findings.Current},
		{"He smokes 1 ppd and is willing to consider lung cancer screening.", findings.Current},
		{"She quit smoking in 2001 and is willing to try walking daily.", findings.Past},
		// a review of the stretch's change (rules 0.6.88): what its new readings must not
		// reach, and set gu, gx, gy's sentences
		{"Cigarettes: yes, quit 1990.", findings.Past},
		{"Household exposure to cigarettes: yes (husband smokes indoors).", findings.Unknown},
		{"Er raucht keine Zigaretten, aber täglich 2 Zigarren.", findings.Current},
		{"Datum: 12.03.2024. Vor 3 Wochen Myokardinfarkt, Rauchen vor 20 Jahren aufgehört.", findings.Past},
		{"He was told to never smoke in his life again after the lung transplant.", findings.Unknown},
		{"Smoking cessation counseling is recommended if the patient is still smoking.", findings.Unknown},
		{"She smoked during her first pregnancy but not anymore.", findings.Past},
		{"Staff report that his son, who visits on weekends, smokes, and they have asked him not to smoke indoors.", findings.Unknown},
		{"Her husband, who is 80, smokes; she quit in 1990.", findings.Past},
		// set hb (rules 0.6.89): an informant's "her mother" is the patient; non-native "did
		// not smoke since 3 months" is a quit within the year
		{"SOCIAL HISTORY: Lives alone. The daughter states her mother has never smoked. No alcohol.", findings.NonSmoker},
		{"DATE: 10/05/2005. SOCIAL HISTORY: He was heavy smoker, 2 packs daily, but after the heart attack in June he stopped completely, he did not smoke since 3 months. Wife also stopped.", findings.Current},
		// a quit at a heart attack the sentence does not date: within the year when the
		// note dates that heart attack within it (sets ae, bo, dx, wb; rules 0.6.91), past
		// when it dates it earlier or not at all, or the quit was at a "first" one
		{"DATE OF VISIT:  11/12/1997.,HISTORY:, He is seen 6 weeks after an acute anterior myocardial infarction on 09/30/1997.,SOCIAL HISTORY:, He has not smoked since the day of his heart attack.", findings.Current},
		{"DATE: 05/20/2012.,HISTORY:, He presented on 04/21/2012 with an acute anterior ST-elevation myocardial infarction.,SOCIAL HISTORY:, He quit smoking at the time of his heart attack.", findings.Current},
		{"FOLLOW-UP NOTE.,HISTORY:, Seen 3 weeks after a non-ST elevation myocardial infarction.,SOCIAL HISTORY:, He smoked 1-1/2 packs per day for 35 years and quit the day of his heart attack.", findings.Current},
		{"DATE OF VISIT: 02/17/2011.,HISTORY:, Stent to the right coronary artery in 2008 after an inferior wall myocardial infarction.,SOCIAL HISTORY: He used to smoke but stopped at the time of his heart attack.", findings.Past},
		{"DATE: 09/30/2003.,HISTORY:, Stenting of the proximal LAD in March 2002 after a non-ST elevation MI.,SOCIAL HISTORY:, He stopped smoking at the time of his heart attack and has not resumed.", findings.Past},
		{"SOCIAL HISTORY: Retired police officer. Quit smoking the day of his heart attack. Alcohol occasionally.", findings.Past},
		{"DATE: 05/20/2007.,HISTORY:, He presented on 04/29/2007 with an acute anterior myocardial infarction.,SOCIAL HISTORY:, He quit smoking at the time of his first MI in 1995.", findings.Past},
		{"DATE: 05/20/2007.,HISTORY:, Admitted 05/12/2007 to rule out myocardial infarction; troponins negative.,SOCIAL HISTORY:, He quit smoking after his heart attack.", findings.Past},
		// set hh, hi (rules 0.6.91): a field whose value is "former", cigars by the week, and
		// a history that does not document the smoking beside nicotine gum
		{"SOCIAL HISTORY:, Smoking: former.", findings.Past},
		{"Tobacco: former, quit 2010.", findings.Past},
		{"SOCIAL HISTORY:, Cigar smoker, 2-3 cigars/wk.", findings.Current},
		{"SOCIAL: Current everyday smoker, about 10 cigarettes/day, 35 pack-years.", findings.Current},
		{"He smoked 2-3 cigars per week for 20 years but quit in 1990.", findings.Past},
		{"Uses nicotine gum; the admission history does not otherwise document her tobacco history.", findings.Unknown},
		// set hm, hr (rules 0.6.91): a blank questionnaire field, and a smoker's own "I have
		// to quit" (not "he had to stop smoking")
		{"SMOKING HISTORY: Tobacco use: ______ (questionnaire not completed).", findings.Unknown},
		{"SOCIAL HISTORY: Smokes 1-1/2 packs per day for 35 years, counseled extensively, 'I know, I know, I have to quit.' Given nicotine patch prescription.", findings.Current},
		{"He quit in 2001 because he had to stop smoking for his job.", findings.Past},
		// set ho (rules 0.6.91): the relative asked to quit in a sentence that opens with the
		// relative
		{"His wife smokes; he has asked her to quit.", findings.Unknown},
		// the review of rules 0.6.91: a quit at a heart attack the sentence or the note dates
		// otherwise, one ruled out, suspected, a relative's or a grade's "mild MI"; "have to
		// stop" of something else; the one asked to quit being the patient
		{"DATE: 05/20/2012. He had an inferior MI in 1999 and quit smoking after his heart attack. He now presents 2 weeks after a non-ST elevation myocardial infarction.", findings.Past},
		{"DATE: 05/20/2012. History of MI in 2001. He quit smoking after his heart attack. Admitted 05/10/2012 for chest pain; MI was ruled out with serial troponins.", findings.Past},
		{"DATE: 05/20/2012. He quit smoking after his heart attack. Echocardiogram 04/2012: LVEF 55%, trace MI, mild TR.", findings.Past},
		{"DATE: 05/20/2012. He quit smoking after his heart attack. His brother had an MI last month.", findings.Past},
		{"DATE: 05/20/2012. 72-year-old man. He quit smoking when he had his heart attack at age 55. He now presents with an NSTEMI on 05/15/2012.", findings.Past},
		{"DATE: 05/20/2012. Status post MI in 1995 with stent. He quit smoking after his heart attack. Presents with chest pain on 05/18/2012 concerning for recurrent MI.", findings.Past},
		{"He quit smoking 10 years ago and does not have to stop any medications.", findings.Past},
		{"Former smoker, quit in 1995; she has to stop aspirin before the procedure.", findings.Past},
		{"Her daughter, who does not smoke, has asked her to quit.", findings.Current},
		{"His son, a smoker, has urged him to quit.", findings.Current},
		{"She continues to smoke in the LV apartment she shares with her sister.", findings.Current},
		// set hs, ht, hu (rules 0.6.92): non-native "stopped the cigarette", a chewing quit,
		// one cigar excepted, a history not obtained
		{"He stopped the cigarette in 1990, before he was smoking 2 packs per day long time.", findings.Past},
		{"Tobacco: chewed tobacco for years, quit in 1985.", findings.Unknown},
		{"Tobacco: chewed tobacco for years, quit in 1985; smoked 1 ppd until 1990.", findings.Past},
		{"He occasionally smokes a cigar on weekends with friends, otherwise does not use tobacco.", findings.Current},
		{"He smoked a pipe in college, otherwise never used tobacco.", findings.Past},
		{"Smoking history was not obtained.", findings.Unknown},
		// the review of rules 0.6.93: "otherwise" after a past, a smokeless quit beside
		// smoking, a mild MI weeks ago; set ik, il, im (rules 0.6.94)
		{"He smoked 2 packs per day for 30 years, quit in 1998, otherwise does not use tobacco or drugs.", findings.Past},
		{"He smoked cigarettes and chewed tobacco for years, quit in 1985.", findings.Past},
		{"Smoked 1 ppd and chewed tobacco for years, quit in 1990.", findings.Past},
		{"DATE: 05/20/2012. He had a mild MI 2 weeks ago. He quit smoking after his heart attack.", findings.Current},
		{"Recommend preoperative optimization and smoking cessation if he has not already stopped. SMOKING HISTORY:, 60 pack-years of tobacco.", findings.Smoker},
		// set iq (rules 0.6.95): a history "was not obtainable"; what follows it is still read
		{"SOCIAL HISTORY: The patient's own tobacco history was not obtainable from the patient because of aphasia, and the daughter was unsure.", findings.Unknown},
		{"SOCIAL HISTORY: Tobacco history was unknown to the family; he smoked 1 ppd per his wife.", findings.Smoker},
		{"SOCIAL HISTORY: Smokes 1 ppd. Advised husband to quit as well.", findings.Current},
		// sets ix, iy, iz (rules 0.6.95): non-native "she deny tobacco", "gave this up", a
		// quit "this past March", a smoker who "knows he has to quit"
		{"Social history: she deny tobacco, no alcohol.", findings.NonSmoker},
		{"DATE: 11/02/2009. She smoked for many years but gave this up when her husband died in 1982.", findings.Past},
		{"DATE: 11/02/2009. SOCIAL HISTORY: He quit smoking when he was diagnosed this past March, had smoked half a pack a day since college.", findings.Current},
		{"Substance use:, Smokes about half a pack per day; says he \"knows he has to quit\" and is willing to try the nicotine patch.", findings.Current},
		// the review of rules 0.6.95: what was read too wide, each taken back (rules 0.6.96)
		{"She smokes half a pack daily; she used to use cocaine but gave this up years ago.", findings.Current},
		{"He quit smoking in 1990 and knows he has to stop drinking too.", findings.Past},
		{"Smoking history was not obtainable from the patient but per wife he smokes 1 ppd.", findings.Current},
		{"Tobacco use is unknown but she is a current every day smoker.", findings.Current},
		{"She denies any tobacco use, but she quit smoking 10 years ago per her daughter.", findings.Past},
		{"SOCIAL HISTORY:, Lives with her husband, who has emphysema and is still smoking. She herself does not smoke and never has.", findings.NonSmoker},
		{"Substance: Smokes 2 packs per day since age 16 and requested a nicotine patch on admission; states he \"can't\" quit.", findings.Current}, // set jg
		{"He quit smoking in 1990 but cannot stop drinking.", findings.Past},
		// the review of rules 0.6.96 (rules 0.6.97)
		{"Counseled patient, a current smoker, on the importance of avoiding tobacco.", findings.Current},
		{"DATE: 05/20/2012. He quit smoking in 1995 but has a chronic cough he cannot stop.", findings.Past},
		{"DATE: 05/20/2013. Finally quit smoking in 2003 after years in which she couldn't quit.", findings.Past},
		{"DATE: 05/20/2013. SOCIAL HISTORY: Former 2 ppd smoker; gave this up in 2001.", findings.Past},
		{"DATE: 05/20/2013. Tobacco: 1 ppd x 30 years, gave this up in 2001.", findings.Past},
		{"Never smoked cigarettes, but smokes a pipe daily; quit cigars in 2000.", findings.Current},
		{"Denies tobacco, but smokes 1 ppd, quit for 2 weeks last year.", findings.Current},
		{"Lives with her husband, who has COPD and still smokes 2 ppd as does she.", findings.Current},
		{"Smoking history zero.", findings.NonSmoker}, // set ji
		// the review of rules 0.6.97 (rules 0.6.98)
		{"Denies current tobacco use, but is a former smoker of 1 ppd for 30 years.", findings.Past},
		{"Does not smoke now, but used to smoke 2 packs per day.", findings.Past},
		{"No tobacco currently, however she has a 30 pack-year history, 1 ppd, quit in 2005.", findings.Past},
		{"She says she cannot stop smoking.", findings.Current},
		{"She couldn't quit cigarettes and continues about 5 per day.", findings.Current},
		{"DATE: 05/20/2013. Cigarettes 1 ppd, alcohol 2-3 drinks daily, cocaine in the past but gave this up in 2005.", findings.Current},
		{"Lives with her husband, who has emphysema and is still smoking; she has diabetes, as does he.", findings.Unknown},
		{"Smoking history none documented.", findings.Smoker},
		// the review of rules 0.6.98 (rules 0.6.99)
		{"DATE: 05/20/2012. She couldn't stop smoking for years but finally quit in 1998.", findings.Past},
		{"DATE: 05/20/2012. He quit smoking 5 years ago; previously he could not stop smoking despite patches.", findings.Past},
		{"She couldn't quit cigarettes and continues about 5 per day.", findings.Current},
		{"Before, he smoked 2 packs a day; now he smokes half a pack a day.", findings.Current},
		{"Before, he was smoking only cigars, now he smokes cigarettes too.", findings.Current},
		{"She lives with her husband, who has COPD and smokes, as does she.", findings.Current},
		{"Smoking history of zero pack-years.", findings.NonSmoker},
		// the review of rules 0.6.107 (rules 0.6.108)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking 10 years ago, still has a few beers on weekends.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Former smoker; quit in 1998, now down to 2 drinks a day.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He smoked until 2001 and has been well until now.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He tried to quit with patches until they caused a rash; he is smoking 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: She smokes 1 ppd and previously tried to quit with Chantix.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: She tried to quit after her MI but is back up to a pack a day.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He started smoking at age 14 and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco cessation remains the most important intervention; he is a former smoker but has been smoking 3 cigarettes a day since his divorce.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Wife is at bedside; she wants him to quit smoking.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Father died of lung cancer at 60; he is a lifelong smoker, 2 ppd, and has no plans to quit.", findings.Current},
		// the review of rules 0.6.116-0.6.117 (rules 0.6.118)
		{"DATE: 05/20/2012. SOCIAL HISTORY: His wife still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He enjoys the occasional cigar, though he has not smoked since 2005.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Her husband smokes, has the occasional cigar.", findings.Unknown},
		// the review of rules 0.6.118 (rules 0.6.120): "still sneaks" of the patient; a relative
		// in the household, another habit's or a relative's stop, and a recent stop leave an
		// occasional cigar current; an old stop makes it past
		{"DATE: 05/20/2012. SOCIAL HISTORY: He still sneaks in a cigarette now and then.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Mrs. Lee still sneaks cigarettes.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Former smoker, quit 2005, though still sneaks one occasionally.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: His wife, who still sneaks cigarettes, lives with him.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Retired, lives with wife, has the occasional cigar.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigar; stopped drinking 5 years ago.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigar; his wife quit years ago.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has the occasional cigar, but has not had one since his surgery.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Enjoys the occasional cigar, has not had one this year.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He enjoys the occasional cigar, last one a month ago.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigarette, though not since 2005.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigarette, until his MI in 2008.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco use (per pt.)? No", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Do you smoke (including e-cigarettes)? No", findings.NonSmoker},
		// wave 48 (rules 0.6.120, sets na-nf): a quit dated in the next sentence as real notes say it,
		// the last cigarette the morning of admission, "Occasional cigarette use", "sneaking a few
		// cigarettes", "smoked more in college", a husband's parenthesis, "wishes to quit"
		{"DATE OF ADMISSION: 07/07/2004. SOCIAL HISTORY: ,Smoked 2 packs per day for 45 years. She states she quit 3 months ago when she was started on home oxygen. Lives with her son, who also smokes.", findings.Current},
		{"DATE: 03/03/2010. SOCIAL HISTORY: ,Long-time smoker, 45 pack-years. She quit on 01/15/2010 after the diagnosis. Drinks socially.", findings.Current},
		{"DATE: 03/03/2010. SOCIAL HISTORY: Long-time smoker, 45 pack-years. She quit in 01/2008.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He smoked his last cigarette the morning of admission and is committed to quitting.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Occasional cigarette use, mostly socially on weekends, a few cigarettes at a time.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoking: stopped at the time of his MI, but admits he has been \"sneaking a few cigarettes\" on the porch when stressed over the past month.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Her husband has been sneaking cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Occasionally smokes at social events on weekends, perhaps 5 cigarettes a week; he smoked more in college.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked more than 15 years ago.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL: Retired cashier, lives with husband (a smoker, smokes outside).", findings.Unknown},
		{"DATE: 05/20/2012. ASSESSMENT: Tobacco abuse: counseled intensively; patient wishes to quit.", findings.Current},
		// the review of rules 0.6.120 (rules 0.6.121): a question's detail after its answer, a
		// doubt only of when, another habit's doubt, an occasional cigar stopped in a past year
		{"DATE: 05/20/2012. Tobacco use (per pt.)? Yes, 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. Tobacco use (per pt.)? No, quit 10 years ago.", findings.Past},
		{"DATE: 05/20/2012. Tobacco use? Yes, 40 pack-years.", findings.Smoker},
		{"DATE: 05/20/2012. Smoking (cigarettes)? Yes - currently 10 per day.", findings.Current},
		{"DATE: 05/20/2012. He is not sure if he stopped smoking at 40 or 45.", findings.Past},
		{"DATE: 05/20/2012. Nonsmoker. Unclear if he quit drinking.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigarette, not since his stent in 2009.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigarette, not since this admission.", findings.Current},
		{"DATE: 05/20/2012. Social history: wine with dinner, occasional cigarettes, last in 2009.", findings.Past},
		// wave 49 (rules 0.6.121, set ng) and the review of rules 0.6.121 (rules 0.6.122)
		{"DATE: 05/20/2012. SOCIAL HISTORY:, His wife smokes, he never did. Occasional wine.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Her husband smokes, but she does not.", findings.NonSmoker},
		{"DATE: 05/20/2012. She wishes to quit drinking; quit smoking in 1998.", findings.Past},
		{"DATE: 05/20/2012. Quit smoking 2005. His son, who lives with him, has been sneaking cigarettes.", findings.Past},
		{"DATE: 05/20/2012. He smoked heavily in college.", findings.Past},
		{"DATE: 05/20/2012. Unclear if he quit drinking and smoking.", findings.Smoker},
		{"DATE: 05/20/2012. Unsure if she has quit smoking or cut down to 5 or 6 cigarettes a day.", findings.Smoker},
		{"DATE: 05/20/2012. Has the occasional cigar, not since his stent in 2012.", findings.Current},
		{"DATE: 05/20/2012. Has the occasional cigar, last in March.", findings.Current},
		{"DATE: 05/20/2012. Tobacco use? Yes, 2 packs a day.", findings.Current},
		// the review of rules 0.6.122 (rules 0.6.123): another habit's quit masked unless tobacco
		// joins it; a relative's "who" clause only with commas; answers that say smoking now
		{"DATE: 05/20/2012. She smokes 1 ppd and wishes to quit drinking.", findings.Current},
		{"DATE: 05/20/2012. He would like to quit drinking and smoking.", findings.Current},
		{"DATE: 05/20/2012. His wife who brought him in says he still sneaks cigarettes.", findings.Current},
		{"DATE: 05/20/2012. Despite his COPD still sneaks cigarettes.", findings.Current},
		{"DATE: 05/20/2012. Quit 2005. Her mother-in-law has been sneaking cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. Current tobacco use? Yes, daily.", findings.Current},
		{"DATE: 05/20/2012. Smoking? Yes, daily cigarettes.", findings.Current},
		{"DATE: 05/20/2012. His wife quit smoking last year; he did not.", findings.Unknown},
		// the review of rules 0.6.123 (rules 0.6.124): tobacco as a second thing quit, a smoking
		// quit (not any quit word) beside a relative's, relatives named any way, "no more"; wave
		// 51: a status field after a dash, the patient's bare quit after a relative's smoking
		{"DATE: 05/20/2012. He quit drinking alcohol and smoking in 2005.", findings.Past},
		{"DATE: 05/20/2012. He quit drinking 10 years ago and smoking 5 years ago.", findings.Past},
		{"DATE: 05/20/2012. He quit drinking in 2000, smoking in 2005.", findings.Past},
		{"DATE: 05/20/2012. Quit drinking/smoking in 2001.", findings.Past},
		{"DATE: 05/20/2012. Quit cocaine in 2000 and cigarettes in 2009.", findings.Past},
		{"DATE: 05/20/2012. Quit drinking in 2001, smokes 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. His wife smokes, he does not; she has tried to quit.", findings.NonSmoker},
		{"DATE: 05/20/2012. Her husband smokes; she never has, and she wants him to quit.", findings.NonSmoker},
		{"DATE: 05/20/2012. Her son-in-law who lives with them still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. His wife who has COPD still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. Her stepson still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. His coworker still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. Past tobacco use? Yes, smokes no more.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoking status - never. She drinks coffee 4 cups a day.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Lives with husband who still smokes, she quit in 1998 after her MI.", findings.Past},
		{"DATE: 05/20/2012. Husband smokes 1 ppd; she quit 3 months ago.", findings.Current},
		{"DATE: 05/20/2012. Her husband smokes; she stopped drinking in 2001.", findings.Unknown},
		// the review of rules 0.6.124 (rules 0.6.125): an amount or a verb after another habit's
		// quit is no second quit; a relative's saying only of the patient's sneaking; a dashed
		// status field only with nothing after it; "no longer" about smoking only; wave 52: a
		// vague answer to whether she still smokes
		{"DATE: 05/20/2012. Quit drinking in 2001, tobacco 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. Quit drinking in 2001 and smoking 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. She quit drinking in 2010 and smoking remains an issue.", findings.Unknown},
		{"DATE: 05/20/2012. His wife, who states she quit years ago, still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. Smoking status - never assessed; smokes 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. Tobacco use? Yes, currently smokes, no longer drinks.", findings.Current},
		{"DATE: 05/20/2012. Husband smokes; she stopped in the ED today for chest pain.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco history of about 10 pack-years; she was vague about whether she still smokes.", findings.Smoker},
		// the review of rules 0.6.125 (rules 0.6.126): a tobacco word after another habit's quit
		// is a second thing quit unless an amount or a state follows; a relative tells of "her
		// husband"; an answer that ends "no longer"; the patient's quit "at 50"; a dashed field
		// that ends the sentence; "vague about whether she still smokes" only. Smokeless
		// tobacco as a question's answer (LABELLING.md)
		{"DATE: 05/20/2012. Quit drinking and smoking 2 yrs ago.", findings.Past},
		{"DATE: 05/20/2012. Quit drinking and smoking cold turkey.", findings.Past},
		{"DATE: 05/20/2012. Quit alcohol and tobacco on 5/2005.", findings.Past},
		{"DATE: 05/20/2012. Quit drinking in 2000, cigarettes daily.", findings.Unknown},
		{"DATE: 05/20/2012. His wife who brought him in says her husband still sneaks cigarettes.", findings.Current},
		{"DATE: 05/20/2012. Tobacco use? Yes, 1 ppd, no longer.", findings.Past},
		{"DATE: 05/20/2012. Tobacco use? Yes, smokes 1 ppd, no more than that.", findings.Current},
		{"DATE: 05/20/2012. Husband smokes, she quit at 50.", findings.Past},
		{"DATE: 05/20/2012. Husband smokes, she quit in March 2005.", findings.Past},
		{"DATE: 05/20/2012. He is vague about how much he smokes and whether he drinks.", findings.Current},
		{"DATE: 05/20/2012. Smoking status - Light tobacco smoker.", findings.Current},
		{"DATE: 05/20/2012. Tobacco use? Yes, smokeless tobacco daily.", findings.Unknown},
		{"DATE: 05/20/2012. Tobacco use? Yes, chews tobacco.", findings.Unknown},
		{"DATE: 05/20/2012. Tobacco use? Yes, cigarettes 1 ppd and chewing tobacco.", findings.Current},
		// the review of rules 0.6.126 (rules 0.6.127); wave 54: "he stop completely in June"
		{"DATE: 05/20/2012. Quit drinking, smoking 1/2 ppd.", findings.Current},
		{"DATE: 05/20/2012. Quit drinking and smoking has decreased to 5 cigs/day.", findings.Current},
		{"DATE: 05/20/2012. She quit drinking and smoking cessation was discussed.", findings.Unknown},
		{"DATE: 05/20/2012. Tobacco use? Yes, 1 ppd; alcohol, no longer.", findings.Current},
		{"DATE: 05/20/2012. Tobacco use? Yes, cigarettes no more than 5 a day.", findings.Current},
		{"DATE: 05/20/2012. His wife who brought him in says his son still sneaks cigarettes.", findings.Unknown},
		{"DATE: 05/20/2012. Her mother was a heavy smoker but she quit in her 40s.", findings.Unknown},
		{"DATE: 05/20/2012. Patient is vague about whether he smokes.", findings.Unknown},
		{"DATE: 05/20/2012. He is evasive about whether he quit smoking.", findings.Smoker},
		{"DATE: 05/20/2012. Tobacco use? Yes, 10 cigs a day and chewing tobacco.", findings.Current},
		{"DATE: 08/14/2014. SOCIAL HISTORY: He was smoker, 20 cigarette daily, he stop completely in June when he was in hospital.", findings.Current},
		// the review of rules 0.6.127 (rules 0.6.128)
		{"DATE: 05/20/2012. He quit drinking in 2005, cigarettes more than 40 years ago.", findings.Past},
		{"DATE: 05/20/2012. He quit drinking in 2005, smoking cessation in 2008.", findings.Past},
		{"DATE: 05/20/2012. Tobacco use? Yes, 1 ppd; no longer.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Lives with her sister who smokes; she quit in 1998.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, His son smokes, he stopped in 2000.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Father smoked 2 ppd and he quit at the age of 50.", findings.Unknown},
		{"DATE: 05/20/2012. Tobacco use? Yes, Copenhagen snuff, quit chewing 2005.", findings.Unknown},
		{"DATE: 05/20/2012. Tobacco use? Yes, Camel snus.", findings.Unknown},
		// the review of rules 0.6.128 and wave 55 (rules 0.6.129)
		{"DATE: 05/20/2012. Her mother was a heavy smoker for many years, but she quit.", findings.Unknown},
		{"DATE: 05/20/2012. Her mother smoked 2 packs a day for 30 years but she quit at age 60.", findings.Unknown},
		{"DATE: 05/20/2012. Her daughter smokes, but she quit 2 years ago.", findings.Past},
		{"DATE: 05/20/2012. Tobacco use? Yes, chew; Camels in the past.", findings.Smoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Per wife he has smoked a pipe for years; never cigarettes.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Never a pipe smoker; never smoked cigarettes.", findings.NonSmoker},
		// the review of rules 0.6.133 (rules 0.6.134)
		{"DATE: 05/20/2012. Quit smoking in 2005, denies any slips this month.", findings.Past},
		{"DATE: 05/20/2012. Former smoker (quit 1990), presented after a slip on ice last week.", findings.Past},
		{"DATE: 05/20/2012. Smokes occasional cigars, started 10 years ago.", findings.Current},
		{"DATE: 05/20/2012. Remote 30 pack-year history of smoking, currently rarely smokes.", findings.Current},
		// the review of rules 0.6.132 (rules 0.6.133)
		{"DATE: 05/20/2012. No smoking history recorded on the enrollment form; please see clinic notes.", findings.Unknown},
		{"DATE: 05/20/2012. Tobacco: Quit the day of her MI after smoking 1 ppd x 35 years; one slip last week.", findings.Current},
		{"DATE: 05/20/2012. Remote 40 pack-year history of smoking, currently none.", findings.Past},
		{"DATE: 05/20/2012. Former 30 pack-year smoker, now on home oxygen.", findings.Past},
		{"DATE: 05/20/2012. He was willing to quit smoking and quit 3 years ago.", findings.Past},
		{"DATE: 05/20/2012. Tobacco: rare cigarette as a teen.", findings.Past},
		{"DATE: 05/20/2012. Tobacco: rare cigar, last one 20 years ago.", findings.Past},
		// the review of rules 0.6.131 (rules 0.6.132)
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Remote 20 pack-year history of smoking, currently smokes 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, He smokes but not now that he is in the hospital.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, His wife states that he himself has never smoked.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, His wife states that he himself quit smoking in 1990.", findings.Past},
		{"SOCIAL HISTORY: Her husband smokes, occasional cigar.", findings.Unknown},
		// wave 58 (rules 0.6.132)
		{"DATE: 05/20/2012. He stated he is willing to quit and was given a prescription for nicotine patches.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, She quit smoking when she learned she was pregnant, about nine months ago; before that she smoked half a pack per day.", findings.Current},
		{"DATE: 05/20/2012. She quit smoking eleven months ago.", findings.Current},
		{"DATE: 05/20/2012. She quit smoking twenty years ago.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL: Occasional cigar on the golf course, maybe 1-2 a month. Alcohol 1-2 drinks/day.", findings.Current},
		{"DATE: 05/20/2012. INDICATION: 73 year old woman. Smoking status on nursing intake: Never.,RESTING ECG: Sinus rhythm.", findings.NonSmoker},
		{"DATE: 05/20/2012. Her grandson who visits smokes; she was reminded that no one may smoke in the apartment near the oxygen.", findings.Unknown},
		// the review of rules 0.6.130 and wave 57 (rules 0.6.131)
		{"DATE: 05/20/2012. She reports smoking history as \"a little bit, socially, in college.\"", findings.Past},
		{"DATE: 05/20/2012. HISTORY:, Remote 40 pack-year history of cigarettes.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Former 40 pack-year smoker.", findings.Past},
		{"DATE: 05/20/2012. Remote pipe smoking history.", findings.Past},
		{"DATE: 05/20/2012. SH:, Tobacco: patient reports smoking \"off and on\" but not currently; unable to quantify or say when she last smoked.", findings.Past},
		{"DATE: 05/20/2012. His wife states that she herself smokes but she is not sure whether he still does; she thinks he may have cut back.", findings.Unknown},
		{"DATE: 05/20/2012. He started smoking in college and still smokes 1 ppd.", findings.Current},
		{"DATE: 05/20/2012. Her mother smoked heavily when she was young, but she quit.", findings.Unknown},
		{"DATE: 05/20/2012. His brother smoked and started at 12, but he quit in 1998.", findings.Unknown},
		// the review of rules 0.6.129 and wave 56 (rules 0.6.130)
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Her mother smoked, and she started at 14 but she quit in 2000.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Her mother smoked, as did she, but she quit in 1995.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Denies being a pipe smoker, no cigarettes.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY:, Not a pipe or cigar smoker, no cigarettes.", findings.NonSmoker},
		{"DATE: 05/20/2012. Continue abstinence from tobacco; congratulated him on quitting.", findings.Past},
		{"DATE: 05/20/2012. SMOKING HISTORY: 60 pack-years, quit 3 years ago. Recommend continued smoking abstinence and pulmonary rehabilitation.", findings.Past},
		{"DATE: 05/20/2012. HISTORY: Hypertension, chronic renal insufficiency, prior history of smoking per requisition.", findings.Past},
		{"DATE: 05/20/2012. He has a prior history of smoking and still smokes 1 ppd.", findings.Current},
		// wave 46 (rules 0.6.117)
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has an 80 pack-year history and states he quit \"for good\" 2 years ago though his wife reports he still sneaks a few cigarettes a day.", findings.Current},
		// the review of rules 0.6.115 (rules 0.6.116)
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has the occasional cigarette when he drinks beer.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Alcohol socially; has the occasional cigar.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: She does not consider herself a smoker.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He does not consider himself a smoker, as he quit 10 years ago.", findings.Past},
		// wave 45 (rules 0.6.115)
		{"DATE: 05/20/2012. SOCIAL HISTORY: He smoked for 25 years, stopping in 1985.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He is a heavy smoker, currently 2 packs per day, and has not been able to quit despite several attempts.", findings.Current},
		// the review of rules 0.6.114 (rules 0.6.115)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Her husband smokes, and she started smoking at 15 and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked heavily, then the patch did not help, and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Says he has got to quit smoking cigarettes.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He does not consider himself a smoker, as he quit 10 years ago.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Her son smokes; has the occasional cigar himself.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Patient is smoker (see above).", findings.Smoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Occasional cigarettes socially until 2005.", findings.Past}, // stopped over a year before the note (since rules 0.6.120; unknown before)
		// wave 44 (rules 0.6.114)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Has the occasional cigarette socially, perhaps one or two a week.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Her husband has the occasional cigarette.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smokes cigars on weekends, 2 to 3 per week, and does not consider himself a smoker; we advised him to stop.", findings.Current},
		// the review of rules 0.6.113 (rules 0.6.114)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked 1 ppd until 2008 when she was placed on the patch, and still does.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: His son was warned, but he started smoking at 16 and still does.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking in 2005, dips tobacco daily, not willing to quit.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking in 2005, now smokes an e-cigarette daily, not willing to quit.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking 10 years ago; she knows she's got to quit drinking.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked when younger, now smokes 5 cigarettes a day.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco use: ____, Alcohol use: ____, Drug use: ____.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco use: ____ packs per day, Marital status: married.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco use: ____, quit date: ____.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He is smoker x 20 years.", findings.Current},
		// wave 43 (rules 0.6.113)
		{"DATE: 05/20/2012. SOCIAL HISTORY: History obtained from the daughter, who has only been involved in her care for the past year; no details regarding tobacco or alcohol use are available.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Vapes nicotine daily; states she has never smoked cigarettes. ASSESSMENT: 3. Nicotine vaping: counseled to quit.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked a few cigarettes a day when young, \"not for 50 years.\"", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoking hx not obtained (pt too dyspneic).", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has smoked 1-1/2 packs per day since age 16 and states, \"I know, I know, I've got to quit.\"", findings.Current},
		// the review of rules 0.6.112 (rules 0.6.113)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Mother smoked around her as a child, and she started smoking at 15 and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: She started smoking at 14 and, despite trying the patch, still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked since age 20, was prescribed the patch in 2010, and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: She cut down but still has 2 cigarettes at lunch.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has been chain-smoking from age 15 until now.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Long history of smoking and alcohol use, not willing to quit.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco: 40 pack-years, never tried to quit, not willing to quit.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking 10 years ago. Uses smokeless tobacco daily, not willing to quit.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: TOBACCO USE: ____ packs per day, quit date: 03/2005. ALCOHOL: none.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Is smoker: No.", findings.Smoker},
		// wave 42 (rules 0.6.112)
		{"DATE: 05/20/2012. SOCIAL HISTORY: He is smoker.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Lives alone. TOBACCO USE: ____,MEDICATIONS: Lisinopril, simvastatin.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: The niece does not know his tobacco or alcohol history.", findings.Unknown},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Lives with his wife. TEE: No spontaneous echo contrast or \"smoke\" in the left atrium.", findings.Unknown},
		// the review of rules 0.6.111 (rules 0.6.112)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Lives with her husband. Husband smoked since his teens and still does; she never smoked.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking 2005. Son, who lives with him, began smoking at 14 and still does.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: She smoked 1 ppd until 2008 when she went on the patch, and still does.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He tried to quit smoking with the patch in 2010, and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Former smoker, quit 2005; remains on methadone, not willing to quit.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco: none. Uses cocaine on weekends, not willing to quit.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Husband smokes 1 ppd in the home; not willing to quit. Patient has never smoked.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking in 2005; now vapes daily, not willing to quit.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smokes 1 ppd; not willing to quit at this time.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Her husband still has a few cigarettes with his coffee. She has never smoked.", findings.NonSmoker},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking 5 years ago; still has several cigarettes at home in case of stress, has not smoked any.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has been non-smoking from age 50 until now.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He was previously a pack a day smoker, now smokes 3 to 4 cigarettes a day.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco: 1/2 ppd, previously a pack a day.", findings.Current},
		// the review of rules 0.6.110 (rules 0.6.111)
		{"DATE: 05/20/2012. SOCIAL HISTORY: She began smoking cigarettes with her older sister at age 12 and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He began smoking at age 14, like his father, and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Started smoking in high school, tried to quit with the patch in 2010, and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He still has a few cigarettes when he drinks.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He has smoked 1 ppd from age 16 until now.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Long history of smoking, not willing to quit.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Tobacco: previously a pack a day, now none.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He was previously a pack a day smoker.", findings.Past},
		// the review of rules 0.6.109 (rules 0.6.110)
		{"DATE: 05/20/2012. SOCIAL HISTORY: He quit cigarettes in 1990 but his wife, a heavy smoker, still does.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking in 1995 but drank heavily for years, and still does.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He quit smoking in 2003 but still has several cigarette cravings a day.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He quit smoking in 2002; his wife is unwilling to quit.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Currently 1 ppd, tried to quit with gum last year.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He smokes 1 ppd; tried to quit with nicotine patches, stopped in 2010 because of a rash.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smokes a pipe daily, not cigars; no cigarettes.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He smokes 3 cigars a week; previously a pack a day of cigarettes.", findings.Current},
		// the review of rules 0.6.108 (rules 0.6.109)
		{"DATE: 05/20/2012. SOCIAL HISTORY: Quit smoking in 2008 but still has a couple of cigarettes on weekends.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked 1 ppd from age 16 up until now.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He began smoking with his father at age 10, and still does.", findings.Current},
		{"DATE: 05/20/2012. SOCIAL HISTORY: Smoked 1 ppd until 1995 when he took up golf and still does.", findings.Past},
		{"DATE: 05/20/2012. SOCIAL HISTORY: He smoked cigarettes in the Army, then switched to chewing tobacco and still does.", findings.Past},
		{"DATE: 05/20/2012. Smoked 1 ppd for 30 years, tried to quit with Wellbutrin and stopped in 2005; currently uses a nicotine patch.", findings.Past},
		{"DATE: 05/20/2012. Smoked 1 ppd x 20 years, tried to quit with Chantix in 2009, which worked well; currently works as a nurse.", findings.Past},
		{"Never smoked a pipe or cigars; no cigarettes.", findings.NonSmoker},
		{"Denies smoking a pipe or cigars; no cigarettes or chewing tobacco.", findings.NonSmoker},
		// wave 41 (sets lk, ll, lm, ln, lo, lp)
		{"Patient is smoker, around 1 pack per day since many years, he is not willing to quit.", findings.Current},
		{"DATE: 05/20/2012. Quit smoking in 2005; not willing to quit drinking.", findings.Past},
		{"DATE: 06/15/2010. SOCIAL HISTORY:, She quit smoking in the hospital after the stroke in March 2009. Previously a pack a day for 25 years.", findings.Past},
		// wave 40 (sets le, lf, lg, lh, li, lj)
		{"Smoked a pipe for years; no cigarettes.", findings.Smoker},
		{"No cigarettes, cigars or pipes.", findings.NonSmoker},
		{"SOCIAL HISTORY:, He is heavy smoker since young age, one pack per day until now, also in the hospital he is asking to go outside.", findings.Current},
		// the review of rules 0.6.106 (rules 0.6.107)
		{"Does not use nicotine gum or any tobacco products.", findings.NonSmoker},
		{"No nicotine gum, patches, or tobacco products.", findings.NonSmoker},
		{"Never used nicotine gum or smoked cigarettes.", findings.NonSmoker},
		{"DATE: 05/20/2012. Smoked 1 ppd for 30 years; tried to quit with Chantix and has not had a cigarette since.", findings.Past},
		{"DATE: 05/20/2012. He smoked 2 ppd until he tried to quit with hypnosis, which worked.", findings.Past},
		{"DATE: 05/20/2012. Smoked 2 ppd for 20 years, has tried to quit many times and succeeded in 2010.", findings.Past},
		{"DATE: 05/20/2012. He quit cigarettes in 1990 but his wife still does.", findings.Past},
		{"DATE: 05/20/2012. Quit smoking in 1995, but he drank heavily for years and still does.", findings.Past},
		{"DATE: 05/20/2012. He quit smoking in 2008 after 2 ppd for 30 years; smoking cessation remains the single most important factor in his improved lung function.", findings.Past},
		{"DATE: 05/20/2012. Quit tobacco 2010 after 40 pack-years; relapse prevention discussed; tobacco cessation remains the most important intervention.", findings.Past},
		{"Unable to clarify his current smoking status.", findings.Unknown},
		{"Could not determine the extent of his tobacco use.", findings.Unknown},
		{"Wife lives with him; she smokes 1 ppd in the house.", findings.Unknown},
		{"Father died of MI at 55; he was a 2 pack per day smoker.", findings.Unknown},
		{"Mother, 80, has COPD; she continues to smoke 1 ppd.", findings.Unknown},
		{"DATE: 05/20/2012. HPI: Patient presented with acute inferior myocardial infarction and underwent emergent cath. SOCIAL HISTORY: He quit smoking the day of his MI.", findings.Current},
		// wave 39 (sets ky, kz, la, lb, lc, ld)
		{"Patient has 20 pack-year smoking history; states she cut down but still has \"a few a day.\"", findings.Current},
		{"Long history of heavy smoking, 100 pack-years; states he is \"down to 3 or 4 a day\" despite home O2.", findings.Current},
		{"SOC: Lives w/ daughter. Tob: denies. EtOH: none.", findings.NonSmoker},
		{"Family member smokes, but pt has no smoking history known to daughter; daughter not sure.", findings.Unknown},
		{"She smoke cigarettes half pack per day until now, she say she cannot stop.", findings.Current},
		{"SOCIAL HISTORY:, Wife reports he chews tobacco daily; she did not know of any cigarette use.", findings.Unknown},
		// the review of rules 0.6.105 (rules 0.6.106)
		{"He smokes one pack daily and has never tried nicotine gum or other smoking cessation aids.", findings.Current},
		{"No nicotine gum, and he smokes 1 ppd.", findings.Current},
		{"Smokes 1/2 ppd, has tried to quit several times but has never succeeded.", findings.Current},
		{"She smokes 10 cigarettes per day and tried to quit last year with the patch.", findings.Current},
		{"Wife accompanies him today; she states he smokes 1 ppd.", findings.Current},
		{"Son drove him to clinic today; he smokes 2 ppd and drinks 6 beers daily.", findings.Current},
		{"Quitting smoking would be the single most important thing she can do for her lungs.", findings.Current},
		{"Smoking cessation is the most effective intervention for PAD in general, and he was strongly counseled today to quit his 1 ppd habit.", findings.Current},
		{"DATE: 05/20/2012. Former smoker, quit in 1990. Smoking cessation remains the single most important intervention for PAD patients in general.", findings.Past},
		{"We were unable to determine when he quit smoking.", findings.Past},
		{"72-year-old man. PMH: CAD, s/p acute anterior MI at age 55 treated with thrombolytics. SOCIAL HISTORY: He quit smoking after his MI.", findings.Past},
		{"He quit smoking in 2005 with help from his wife and continues 5 per day of nicotine gum.", findings.Past},
		// wave 38 (sets ks, kt, ku, kv, kw, kx)
		{"Smoked cigars \"a few a week\" for many years, still does. No cigarettes.", findings.Current},
		{"SOCIAL HISTORY: Per records, remote smoker, details unknown.", findings.Past},
		{"Smoking hx unable to be obtained; daughter is unsure.", findings.Unknown},
		// the review of rules 0.6.104 (rules 0.6.105)
		{"He smokes cigarettes; his wife quit 2 years ago but he continues 10 per day.", findings.Current},
		{"Smoking: 1 ppd for 20 years, tried nicotine patch, continues 15 per day.", findings.Current},
		{"He has cut back on cigarettes with help from his son and continues 5 per day.", findings.Current},
		{"Denies tobacco; she continues 10 per day.", findings.NonSmoker},
		{"DATE: 05/20/2012. He left smoking for the sake of his children in 2005.", findings.Past},
		{"DATE: 05/20/2012. Smoked 1 ppd for 30 years; his wife quit with him in 2005.", findings.Past},
		{"No nicotine patches or cigarettes.", findings.NonSmoker},
		{"He does not use nicotine gum, cigarettes, or cigars.", findings.NonSmoker},
		{"DATE: 05/20/2012. Smoked 2 ppd x 20 years, tried to quit when diagnosed with COPD and has not smoked since 2008.", findings.Past},
		{"DATE: 05/20/2012. He smoked a pack a day until 2009 when he tried to quit and succeeded.", findings.Past},
		{"DATE: 05/20/2012. Smoking cessation is the most important intervention for her peripheral arterial disease, and she quit 5 years ago.", findings.Past},
		{"Smoking cessation would be the most important intervention if he resumes smoking.", findings.Unknown},
		{"DATE: 05/20/2012. He quit smoking in 2005 but now smokes half a pack a day.", findings.Current},
		// wave 37 (sets km, kn, ko, kp, kq, kr)
		{"Patient, we could not find out about her own tobacco use, son is not sure.", findings.Unknown},
		{"Facility records list tobacco use as \"none.\"", findings.NonSmoker},
		{"Father had lung cancer; he was a heavy smoker.", findings.Unknown},
		{"Her son visits weekly; he smokes but not in her apartment.", findings.Unknown},
		{"DATE OF ADMISSION: 10/03/2015.,DISCHARGE DIAGNOSES:,1. Acute inferior ST-elevation myocardial infarction.,SOCIAL HISTORY:, He had smoked 1 pack per day since age 16 and quit smoking on the day of his heart attack.", findings.Current},
		{"DATE OF ADMISSION: 10/03/2015.,PAST MEDICAL HISTORY:, History of acute myocardial infarction.,SOCIAL HISTORY:, He quit smoking on the day of his heart attack.", findings.Past},
		{"SOCIAL HISTORY:,Lives with husband.  Husband reports she has never smoked.  He smokes.  No alcohol.", findings.NonSmoker},
		// the review of rules 0.6.103 (rules 0.6.104)
		{"He quit smoking 5 years ago, but his wife still smokes and continues 10 per day.", findings.Past},
		{"He has never smoked, but his wife smokes cigarettes and continues 10 per day.", findings.NonSmoker},
		{"She quit smoking in 2001; her husband smokes and continues 30 per day, which she finds hard.", findings.Past},
		{"Tobacco: quit 2005; alcohol, continues about 2 per day.", findings.Past},
		{"Quit smoking in 2010, Coke continues 3 per day.", findings.Past},
		{"Quit smoking in 2015, uses nicotine lozenges, continues 4 per day.", findings.Past},
		{"Denies tobacco; vaping continues 10 per day.", findings.NonSmoker},
		{"She smokes cigarettes and continues 10 per day; her husband quit last year.", findings.Current},
		{"He left smoking for several years but now smokes 1 ppd.", findings.Current},
		{"She left smoking for the sake of her pregnancy but now smokes half a pack a day.", findings.Current},
		// wave 36 (sets kg, kh, ki, kj, kk, kl)
		{"He smokes about a pack per day, has for 35 years, \"tried to quit a few times.\"", findings.Current},
		{"He smokes two packs per day and has not had nicotine replacement ordered.", findings.Current},
		{"She has never smoked; however, her husband smoked 2 packs per day in the home for 30 years before quitting in 2001.", findings.NonSmoker},
		{"HISTORY FORM: Tobacco use: ____ packs/day, ____ years.", findings.Unknown},
		{"Smoking cessation would be the most effective intervention to slow further decline.", findings.Current},
		// the review of rules 0.6.102 (rules 0.6.103)
		{"DATE: 05/20/2012. He left smoking for health reasons in 2005.", findings.Past},
		{"Smoking continues at about 10 per day.", findings.Current},
		{"Tobacco: 1 ppd x 30 years; continues 20/day.", findings.Current},
		{"He cut down on cigarettes with his wife's help and continues 5 per day.", findings.Current},
		// the review of rules 0.6.101 (rules 0.6.102)
		{"DATE: 05/20/2012. Patient quit smoking in 2005; her husband continues 20 per day.", findings.Past},
		{"DATE: 05/20/2012. Never smoked; her husband smokes cigarettes and continues 20 per day.", findings.NonSmoker},
		{"DATE: 05/20/2012. He left smoking for 3 months last year but is now back up to a pack a day.", findings.Current},
		{"No tobacco use history has been documented.", findings.Unknown},
		{"No tobacco history on file.", findings.Unknown},
		// the review of rules 0.6.100 (rules 0.6.101)
		{"DATE: 11/04/2008. He left smoking completely after his heart attack in 1999.", findings.Past},
		{"DATE: 11/04/2008. Smoking: down from 2 packs, continues 10 per day.", findings.Current},
		{"DATE: 11/04/2008. He reduced his smoking but continues about 10 a day.", findings.Current},
		{"No tobacco use as documented in the nursing intake.", findings.NonSmoker},
		// the review of rules 0.6.99 (rules 0.6.100)
		{"DATE: 05/20/2012. Quit smoking 10 years ago, alcohol continues at about 2 per day.", findings.Past},
		{"He left smoking cessation class after two sessions.", findings.Unknown},
		{"DATE: 05/20/2012. Mary Smith, March 3, 1950. She quit smoking in 2005.", findings.Past},
		// set jw: a quit dated at an "infarction" 3 months before the note; "left smoking"
		{"DATE OF VISIT: 11/04/1998. He presented on 07/30/1998 with an acute anterior ST-elevation myocardial infarction. SOCIAL HISTORY:, He quit smoking at the time of his infarction, having smoked about a pack a day for 35 years, and has remained abstinent.", findings.Current},
		{"DATE: 11/04/2008. PERSONAL HISTORY:, He was heavy smoker, 2 packs daily, left smoking 10 years back.", findings.Past},
		// letterhead before a letter's date (set jx): the quit is dated against it
		{"Cardiology Associates of Westfield,April 12, 1995,Robert Hollis, M.D.,Dear Dr. Hollis:,She quit smoking in 1990.", findings.Past},
		// set jp: non-native "Before he was smoking"
		{"SOCIAL HISTORY:, He is ex-smoker, he stopped in 1998 when he had the bypass. Before he was smoking 1 pack daily for 40 years.", findings.Past},
		{"SOCIAL HISTORY:, Lives with her husband of 50 years, who is a heavy smoker.", findings.Unknown},
		{"Social cigarette use, a few when drinking.", findings.Current},
		{"SH: Current everyday smoker, 1 ppd x 45 yrs.", findings.Current},
	} {
		if got := ExtractOne(nlp.Input{Text: tc.text}).Smoking; got == nil || got.Status != tc.want {
			t.Errorf("%q: %v, want %s", tc.text, got, tc.want)
		}
	}
}

// An echocardiogram's "smoke effect" is no tobacco: not a candidate sentence of the
// smoking model (which read it as a smoker in set n, testdata/written/smoking-n.xml).
func TestEchoSmokeIsNoTobacco(t *testing.T) {
	if got := TobaccoSentences("TEE:  Smoke effect in the left atrium, indicating stasis and increased thromboembolic risk."); len(got) != 0 {
		t.Errorf("smoke effect read as a tobacco sentence: %v", got)
	}
	// graded, or placed in a chamber (set hi; rules 0.6.91)
	for _, echo := range []string{
		"Given the dense smoke, anticoagulation with therapeutic heparin must continue uninterrupted until the INR is therapeutic.",
		"Moderate smoke is seen in the left atrial appendage.",
		"There is smoke within the LAA.",
	} {
		if got := TobaccoSentences(echo); len(got) != 0 {
			t.Errorf("%q read as a tobacco sentence: %v", echo, got)
		}
	}
	if got := TobaccoSentences("Smoke effect in the left atrium.  He smokes 1 ppd."); len(got) != 1 {
		t.Errorf("want the smoking sentence only, got %v", got)
	}
}

// "LAE" is the German Lungenarterienembolie, but in an English note left atrial
// enlargement ("ECG: sinus tachycardia 102, LAE, no ischemic changes").
func TestEnglishLAEIsLeftAtrialEnlargement(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool // a pulmonary embolism mention is found
	}{
		{"DATA: ECG: sinus tachycardia 102, LAE, no ischemic changes, no AF. The patient was admitted with fever and a new murmur.", false},
		{"Z.n. LAE 2019 unter Marcumar, jetzt Aufnahme mit Dyspnoe und Tachykardie bei der Patientin.", true},
		{"V.a. LAE, D-Dimere erhöht.", true},
	} {
		found := false
		for _, m := range Prepare(tc.text).Mentions() {
			found = found || m.Code == "59282003"
		}
		if found != tc.want {
			t.Errorf("%q: pulmonary embolism found %v, want %v", tc.text, found, tc.want)
		}
	}
}

// A family-history item written as a label and its relative ("Coronary artery disease:
// Father (CABG at age 60).", Cerner PowerNote, set al) stays in the family history: the
// label is no heading of its own.
func TestFamilyHistoryItemIsNoHeading(t *testing.T) {
	text := "Problem List/Past Medical History\nOngoing\n   Essential hypertension\n\nFamily History\n   Coronary artery disease: Father (CABG at age 60).\n   Diabetes mellitus type 2: Mother.\n\nSocial History\n   Tobacco use: Never smoker.\n"
	asserted := map[string]bool{}
	for _, c := range ExtractOne(nlp.Input{Text: text}).Conditions {
		asserted[c.Code] = asserted[c.Code] || c.Assertion == findings.Asserted
	}
	for code, want := range map[string]bool{"53741008": false, "44054006": false, "38341003": true} {
		if asserted[code] != want {
			t.Errorf("%s: asserted %v, want %v", code, asserted[code], want)
		}
	}
	// a heading with a colon still starts its section after the family history
	text = "FAMILY HISTORY:\nMother: breast cancer.\nPAST MEDICAL HISTORY:\nCoronary artery disease.\n"
	for _, c := range ExtractOne(nlp.Input{Text: text}).Conditions {
		if c.Code == "53741008" && c.Assertion != findings.Asserted {
			t.Errorf("CAD after PAST MEDICAL HISTORY: %q", c.Assertion)
		}
	}
}

// Headings that EHR text prints on lines of their own: a relative's label inside the
// family history keeps it (set av), and an education sheet's question heads a list of
// risks, not the patient's diagnoses (set bb), while the visit's own diagnoses stay.
func TestRelativeLabelsAndRiskQuestionsAsHeadings(t *testing.T) {
	for _, tc := range []struct {
		text string
		want map[string]bool // code -> asserted
	}{
		{"FAMILY HISTORY\nFather: myocardial infarction at 61, deceased at 72\nMother: hypertension; stroke at 80\n\nSOCIAL HISTORY\nNever smoker.\n",
			map[string]bool{"22298006": false, "38341003": false, "230690007": false}},
		{"DIAGNOSES\n- Type 2 diabetes\n\nLearning About High Cholesterol\nWhat increases your risk?\n- A family history of early heart disease\n- High blood pressure\n- Smoking\n",
			map[string]bool{"44054006": true, "38341003": false}},
		// a question that heads no risk list is no heading
		{"What did we do today?\n- Increased your lisinopril for high blood pressure.\n",
			map[string]bool{"38341003": true}},
	} {
		asserted := map[string]bool{}
		for _, c := range ExtractOne(nlp.Input{Text: tc.text}).Conditions {
			asserted[c.Code] = asserted[c.Code] || c.Assertion == findings.Asserted
		}
		for code, want := range tc.want {
			if asserted[code] != want {
				t.Errorf("%q: %s asserted %v, want %v", tc.text, code, asserted[code], want)
			}
		}
	}
}

// Counselling: what a clinician did about the smoking (advice, praise, a recommendation),
// in English and German; a sentence that says what the patient does is not only that.
func TestCounsellingSentences(t *testing.T) {
	for text, want := range map[string]bool{
		"Strongly advised smoking cessation and avoidance of her husband's second-hand smoke.":   true,
		"Continued abstinence from tobacco is strongly encouraged.":                              true,
		"Congratulated on staying off cigarettes.":                                               true,
		"Rauchverzicht empfohlen.":                                                               true,
		"Discussed cardiovascular risk reduction, including tobacco.":                            true,
		"Cessation discussed; he lights up a cigarette every morning with coffee.":               false,
		"Advised to quit; he goes through a carton a week.":                                      false,
		"Strongly encouraged abstinence; he admits to sneaking cigarettes.":                      false,
		"Long discussion about using the oxygen continuously and the danger of smoking near it.": true,
		"Smoking cessation counseling is recommended if the patient is still smoking.":           true,
		"He smokes 1 ppd.":             false,
		"Former smoker, quit in 1998.": false,
	} {
		if got := Counselling(text); got != want {
			t.Errorf("%q: counselling %v, want %v", text, got, want)
		}
	}
}
