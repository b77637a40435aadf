package training

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// The synthetic corpus generator: seeded, deterministic notes in English and German with
// gold labels for both tasks. A training aid only: quality is judged on notes written
// independently of it (testdata/dev).

type surface struct{ en, de []string }

// conceptForms are the ways notes name each concept (SNOMED CT id -> surface forms).
var conceptForms = map[string]surface{
	"49436004":  {[]string{"atrial fibrillation", "AFib", "AF", "paroxysmal atrial fibrillation", "a-fib"}, []string{"Vorhofflimmern", "VHF", "paroxysmales Vorhofflimmern", "tachykardes Vorhofflimmern"}},
	"5370000":   {[]string{"atrial flutter", "typical atrial flutter", "AFL"}, []string{"Vorhofflattern", "typisches Vorhofflattern"}},
	"84114007":  {[]string{"heart failure", "CHF", "HFrEF", "HFpEF", "congestive heart failure"}, []string{"Herzinsuffizienz", "HFrEF", "dekompensierte Herzinsuffizienz", "Linksherzinsuffizienz"}},
	"38341003":  {[]string{"hypertension", "HTN", "essential hypertension", "high blood pressure"}, []string{"arterielle Hypertonie", "art. Hypertonie", "Hypertonie", "aHT"}},
	"53741008":  {[]string{"coronary artery disease", "CAD", "three-vessel CAD", "coronary heart disease"}, []string{"KHK", "koronare Herzkrankheit", "3-Gefäß-KHK", "koronare Herzerkrankung"}},
	"22298006":  {[]string{"myocardial infarction", "NSTEMI", "STEMI", "MI", "inferior MI"}, []string{"Myokardinfarkt", "Hinterwandinfarkt", "NSTEMI", "Herzinfarkt", "Vorderwandinfarkt"}},
	"44054006":  {[]string{"type 2 diabetes mellitus", "T2DM", "type 2 diabetes", "NIDDM", "diabetes mellitus type 2"}, []string{"Diabetes mellitus Typ 2", "DM Typ 2", "Typ-2-Diabetes", "insulinpflichtiger Diabetes mellitus Typ 2"}},
	"55822004":  {[]string{"hyperlipidemia", "hypercholesterolemia", "dyslipidemia", "HLD"}, []string{"Hypercholesterinämie", "Hyperlipidämie", "Dyslipidämie"}},
	"60573004":  {[]string{"aortic stenosis", "severe aortic stenosis", "aortic valve stenosis"}, []string{"Aortenklappenstenose", "hochgradige Aortenklappenstenose", "Aortenstenose"}},
	"48724000":  {[]string{"mitral regurgitation", "moderate mitral regurgitation", "MR", "mitral insufficiency"}, []string{"Mitralinsuffizienz", "Mitralklappeninsuffizienz", "Mitralinsuffizienz Grad II"}},
	"85898001":  {[]string{"cardiomyopathy", "dilated cardiomyopathy", "ischemic cardiomyopathy", "HCM"}, []string{"Kardiomyopathie", "dilatative Kardiomyopathie", "ischämische Kardiomyopathie"}},
	"233917008": {[]string{"complete heart block", "AV block", "second-degree AV block", "first-degree AV block"}, []string{"AV-Block III°", "AV-Block", "AV-Block II° Typ Mobitz"}},
	"59282003":  {[]string{"pulmonary embolism", "PE", "bilateral pulmonary emboli"}, []string{"Lungenembolie", "LAE", "fulminante Lungenarterienembolie"}},
	"230690007": {[]string{"stroke", "CVA", "ischemic stroke", "cerebrovascular accident"}, []string{"Schlaganfall", "Apoplex", "Hirninfarkt", "ischämischer Insult"}},
	"709044004": {[]string{"chronic kidney disease", "CKD stage 3", "CKD", "chronic renal insufficiency"}, []string{"chronische Niereninsuffizienz", "CNI Stadium 3", "chronische Nierenerkrankung"}},
}

var conceptDisplay = map[string]string{
	"49436004": "atrial fibrillation", "5370000": "atrial flutter", "84114007": "heart failure", "38341003": "hypertension",
	"53741008": "coronary artery disease", "22298006": "myocardial infarction", "44054006": "type 2 diabetes mellitus",
	"55822004": "hyperlipidemia", "60573004": "aortic valve stenosis", "48724000": "mitral valve regurgitation",
	"85898001": "cardiomyopathy", "233917008": "atrioventricular block", "59282003": "pulmonary embolism",
	"230690007": "stroke", "709044004": "chronic kidney disease",
}

// Patterns that put a concept (%s) in a sentence, by assertion and language.
var assertionFrames = map[findings.Assertion]surface{
	findings.Asserted: {
		[]string{"%s.", "Known %s.", "History of %s.", "%s, on treatment.", "s/p %s.", "Diagnosed with %s in %d.", "h/o %s."},
		[]string{"%s.", "Bekannte %s.", "Z.n. %s.", "%s, medikamentös behandelt.", "Erstdiagnose %s %d."},
	},
	findings.Negated: {
		[]string{"No evidence of %s.", "Denies %s.", "%s was ruled out.", "No %s.", "Negative for %s."},
		[]string{"Kein Hinweis auf %s.", "Keine %s.", "%s ausgeschlossen.", "Kein Anhalt für %s."},
	},
	findings.Hypothetical: {
		[]string{"Rule out %s.", "Possible %s.", "Suspected %s, workup pending.", "Evaluate for %s."},
		[]string{"V.a. %s.", "Verdacht auf %s.", "Zum Ausschluss einer %s.", "Fragliche %s."},
	},
	findings.Family: {
		[]string{"Father had %s.", "Mother with %s.", "Family history of %s.", "Brother: %s at age %d."},
		[]string{"Vater mit %s.", "Mutter: %s.", "Familienanamnese: %s.", "Bruder mit %s im Alter von %d."},
	},
}

// filler is the rest of a note: findings, medications, vitals, plans, in which no concept
// is named (what an entity tagger must learn to leave alone).
var filler = surface{
	en: []string{"Patient presented with chest pain radiating to the left arm.", "Vitals: BP 142/88, HR 76, SpO2 97% on room air.",
		"Medications: metoprolol 50 mg bid, aspirin 81 mg daily, atorvastatin 40 mg.", "Plan: follow up in cardiology clinic in 3 months.",
		"ECG shows sinus rhythm with normal axis.", "Labs: creatinine 1.1 mg/dL, potassium 4.2, hemoglobin 13.5.", "Lungs clear to auscultation bilaterally.",
		"No peripheral edema.", "Patient was counseled on diet and exercise.", "Discharged home in stable condition.", "Troponin negative x2.",
		"Coronary angiography showed a 70% stenosis of the LAD, stent placed.", "Allergies: penicillin (rash).", "Continue current regimen, recheck labs in 2 weeks.",
		"Chest X-ray without infiltrates.", "Reports dyspnea on exertion after two flights of stairs.", "Lives alone, independent, drives.", "Pacemaker check normal."},
	de: []string{"Aufnahme bei thorakalem Druckgefühl.", "RR 145/90 mmHg, HF 72/min, SpO2 96 %.", "Medikation: Bisoprolol 5 mg 1-0-0, ASS 100 mg 1-0-0, Atorvastatin 40 mg 0-0-1.",
		"Procedere: Wiedervorstellung in 3 Monaten.", "EKG: Sinusrhythmus, Linkstyp.", "Labor: Kreatinin 1,0 mg/dl, Kalium 4,3 mmol/l, Hb 13,8 g/dl.",
		"Pulmo: vesikuläres Atemgeräusch beidseits.", "Keine peripheren Ödeme.", "Entlassung in gutem Allgemeinzustand.", "Troponin negativ.",
		"Koronarangiographie: 70%ige Stenose des RIVA, Stentimplantation.", "Allergien: keine bekannt.", "Belastungsdyspnoe NYHA II.", "Röntgen-Thorax ohne Infiltrate.",
		"Kontrolle der Elektrolyte in 2 Wochen.", "Schrittmacherkontrolle unauffällig."},
}

// smokingPhrase writes the social-history sentence for a label, given the note date.
func smokingPhrase(r *rand.Rand, lang string, st findings.SmokingStatus, date time.Time) string {
	y := date.Year()
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	if lang == "de" {
		switch st {
		case findings.Current:
			return pick(fmt.Sprintf("Nikotinabusus, raucht ca. %d Zig./d.", 5+r.Intn(25)), "Aktiver Raucher.", fmt.Sprintf("Raucherin (%d py).", 10+r.Intn(40)),
				fmt.Sprintf("Nikotinkarenz erst seit %d Monaten.", 1+r.Intn(10)), "Raucht weiterhin, Rauchstopp empfohlen.",
				fmt.Sprintf("Raucht seit %d Jahren ca. %d Zig./d.", 5+r.Intn(40), 5+r.Intn(25)), fmt.Sprintf("Aktiver Raucher seit dem %d. Lebensjahr.", 13+r.Intn(10)),
				fmt.Sprintf("Nach %d Jahren Pause wieder Raucher.", 1+r.Intn(10)))
		case findings.Past:
			return pick(fmt.Sprintf("Ex-Raucher seit %d.", y-2-r.Intn(20)), fmt.Sprintf("Nikotinkarenz seit %d Jahren.", 2+r.Intn(20)),
				fmt.Sprintf("Z.n. Nikotinabusus (%d py), seit %d rauchfrei.", 10+r.Intn(30), y-3-r.Intn(15)), "Ehemaliger Raucher, vor vielen Jahren aufgehört.",
				fmt.Sprintf("Hat %d Jahre lang geraucht, seit %d Nichtraucher.", 5+r.Intn(35), y-2-r.Intn(20)))
		case findings.Smoker:
			return pick(fmt.Sprintf("Nikotinabusus (%d py).", 10+r.Intn(40)), "Raucheranamnese.", fmt.Sprintf("%d Packungsjahre.", 5+r.Intn(40)))
		case findings.NonSmoker:
			return pick("Nichtraucher.", "Nichtraucherin.", "Nie geraucht.", "Kein Nikotin.", "Nikotin: nein.")
		}
		return pick("Alkohol gelegentlich.", "Lebt mit Ehefrau, selbstständig.", "Berentet, zwei Kinder.")
	}
	switch st {
	case findings.Current:
		return pick(fmt.Sprintf("Current smoker, %s ppd.", pick("1", "1/2", "2", "0.5")), fmt.Sprintf("Smokes %d cigarettes a day.", 3+r.Intn(30)),
			fmt.Sprintf("Quit smoking %d months ago.", 1+r.Intn(10)), "Active smoker, counseled on cessation.", fmt.Sprintf("Tobacco: %d pk-yr, still smoking.", 10+r.Intn(40)),
			fmt.Sprintf("Smokes %s ppd for %d years.", pick("1", "2", "1/2"), 5+r.Intn(40)), fmt.Sprintf("Current smoker, %s ppd for %d years.", pick("1", "2", "1/2"), 5+r.Intn(40)),
			fmt.Sprintf("Has smoked about %d cigarettes a day for %d years and continues to smoke.", 5+r.Intn(25), 5+r.Intn(40)),
			fmt.Sprintf("Quit for %d years but started smoking again last %s.", 1+r.Intn(10), pick("month", "spring", "year")),
			// how EHR templates and exports say it (Synthea, structured social history)
			"Patient is an active smoker"+ehrTail(r), "Patient is a current smoker"+ehrTail(r), "Current every day smoker.", "Current some day smoker.", "The patient smokes"+ehrTail(r))
	case findings.Past:
		return pick(fmt.Sprintf("Former smoker, quit in %d.", y-2-r.Intn(25)), fmt.Sprintf("Quit smoking %d years ago.", 2+r.Intn(30)),
			fmt.Sprintf("Ex-smoker (%d pack-years), quit %d.", 5+r.Intn(40), y-3-r.Intn(20)), "Remote history of tobacco use, quit decades ago.",
			fmt.Sprintf("Smoked %s ppd for %d years, quit in %d.", pick("1", "2", "1/2"), 5+r.Intn(40), y-2-r.Intn(25)),
			fmt.Sprintf("Stopped smoking %d years ago after %d years of smoking.", 2+r.Intn(20), 5+r.Intn(30)),
			"Patient is a former smoker"+ehrTail(r), fmt.Sprintf("Patient quit smoking at age %d", 20+r.Intn(50))+ehrTail(r), "Former smoker.",
			"She is an ex-smoker"+ehrTail(r), fmt.Sprintf("He quit smoking in %d", y-2-r.Intn(30))+ehrTail(r))
	case findings.Smoker:
		return pick(fmt.Sprintf("%d pack-year smoking history.", 5+r.Intn(50)), "Tobacco abuse.", "History of smoking.", "Smoker.")
	case findings.NonSmoker:
		return pick("Never smoker.", "Denies tobacco, alcohol or drug use.", "Nonsmoker.", "Tobacco: never.", "Has never smoked.", "Lifelong nonsmoker.", "Never smoked cigarettes or used other tobacco.",
			"Patient has never smoked"+ehrTail(r), "She is a nonsmoker"+ehrTail(r), "Patient denies tobacco use"+ehrTail(r), "No history of smoking.",
			"She does not smoke, drink or use any illicit drugs.")
	}
	return pick("Drinks alcohol socially.", "Lives with his wife, independent in ADLs.", "Retired teacher.")
}

// ehrTail ends a templated EHR sentence, sometimes with a second clause about alcohol
// ("Patient has never smoked and is an alcoholic.").
func ehrTail(r *rand.Rand) string {
	return []string{".", ".", " and is an alcoholic.", " and drinks alcohol socially."}[r.Intn(4)]
}

// noteBuilder tracks character offsets while a note is written.
type noteBuilder struct {
	b strings.Builder
	n int // characters so far
}

func (nb *noteBuilder) add(s string) findings.Span {
	start := nb.n
	nb.b.WriteString(s)
	nb.n += len([]rune(s))
	return findings.Span{Start: start, End: nb.n}
}

// addMention writes a frame with the concept's surface form and returns the form's span.
func (nb *noteBuilder) addMention(frame, form string, year int) findings.Span {
	i := strings.Index(frame, "%s")
	before, after := frame[:i], frame[i+2:]
	if strings.Contains(after, "%d") {
		after = fmt.Sprintf(after, year)
	}
	if i == 0 && len(form) > 0 && form == strings.ToLower(form) { // sentence start
		form = strings.ToUpper(form[:1]) + form[1:]
	}
	nb.add(before)
	sp := nb.add(form)
	nb.add(after)
	return sp
}

// Synthetic writes n notes with gold labels for both tasks, deterministically for a seed.
// lang is "en", "de" or "both" (alternating).
func Synthetic(seed int64, n int, lang string) ([]SmokingRecord, []EntityRecord) {
	r := rand.New(rand.NewSource(seed))
	codes := make([]string, 0, len(conceptForms))
	for c := range conceptForms {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var smk []SmokingRecord
	var ent []EntityRecord
	for i := 0; i < n; i++ {
		l := lang
		if lang == "both" {
			l = []string{"en", "de"}[i%2]
		}
		date := time.Date(2015+r.Intn(10), time.Month(1+r.Intn(12)), 1+r.Intn(28), 0, 0, 0, 0, time.UTC)
		st := findings.SmokingStatuses[r.Intn(len(findings.SmokingStatuses))]
		nb := &noteBuilder{}
		if l == "de" {
			nb.add(fmt.Sprintf("%s\nDatum: %s\n\n", []string{"Arztbrief", "Entlassungsbrief", "Echokardiographie-Befund", "Kardiologische Ambulanz"}[r.Intn(4)], date.Format("02.01.2006")))
			nb.add("Diagnosen:\n")
		} else {
			nb.add(fmt.Sprintf("%s\nDate of service: %s\n\n", []string{"DISCHARGE SUMMARY", "Cardiology clinic note", "ECHO REPORT", "ED NOTE"}[r.Intn(4)], date.Format("2006-01-02")))
			nb.add("Problem list:\n")
		}
		rec := EntityRecord{ID: fmt.Sprintf("synth-%s-%05d", l, i), Lang: l}
		used := map[string]bool{}
		for k := r.Intn(5); k > 0; k-- {
			code := codes[r.Intn(len(codes))]
			if used[code] {
				continue
			}
			used[code] = true
			a := []findings.Assertion{findings.Asserted, findings.Asserted, findings.Asserted, findings.Negated, findings.Hypothetical, findings.Family}[r.Intn(6)]
			forms := conceptForms[code].en
			frames := assertionFrames[a].en
			if l == "de" {
				forms, frames = conceptForms[code].de, assertionFrames[a].de
			}
			nb.add("- ")
			sp := nb.addMention(frames[r.Intn(len(frames))], forms[r.Intn(len(forms))], date.Year()-1-r.Intn(10))
			nb.add("\n")
			rec.Conditions = append(rec.Conditions, AnnotatedCondition{Code: code, Display: conceptDisplay[code], Asserted: a == findings.Asserted, Spans: []findings.Span{sp}})
		}
		fill := filler.en
		if l == "de" {
			fill = filler.de
		}
		for k := 1 + r.Intn(4); k > 0; k-- {
			nb.add(fill[r.Intn(len(fill))] + "\n")
		}
		if l == "de" {
			nb.add("\nSozialanamnese: " + smokingPhrase(r, l, st, date) + "\n")
		} else {
			nb.add("\nSocial history: " + smokingPhrase(r, l, st, date) + "\n")
		}
		switch r.Intn(4) {
		case 0, 1:
			v := float64(15 + r.Intn(55))
			if l == "de" {
				nb.add(fmt.Sprintf("Echo: LV-EF %g %%.\n", v))
			} else {
				nb.add(fmt.Sprintf("Echo: LVEF %g%%.\n", v))
			}
			rec.LVEF = &v
		case 2:
			lo := float64(20 + 5*r.Intn(8))
			v := lo + 2.5
			if l == "de" {
				nb.add(fmt.Sprintf("Echokardiographie: EF %g-%g%%.\n", lo, lo+5))
			} else {
				nb.add(fmt.Sprintf("Echo: EF %g-%g%%.\n", lo, lo+5))
			}
			rec.LVEF = &v
		default:
			if l == "de" {
				nb.add("Echo: normale LV-Funktion, TAPSE 22 mm.\n")
			} else {
				nb.add("Echo: preserved LV function, RV FAC 40%.\n")
			}
		}
		rec.Text = nb.b.String()
		ent = append(ent, rec)
		smk = append(smk, SmokingRecord{ID: rec.ID, Status: st, Text: rec.Text})
	}
	return smk, ent
}
