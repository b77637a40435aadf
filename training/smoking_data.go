package training

import (
	"math/rand"
	"strings"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
)

// otherTobacco are sentences that mention tobacco without stating the patient's own
// smoking status (sentence class OTHER).
var otherTobacco = surface{
	en: []string{"Wife smokes at home.", "His father was a heavy smoker.", "Exposed to second-hand smoke at work.", "Mother smoked during pregnancy.",
		"Smoke detector in the house was checked.", "Counseled that his son should stop smoking.", "Smoking cessation leaflet given to the family.",
		"Husband smokes 1 ppd.", "Parents both smokers.", "Works in a tobacco shop."},
	de: []string{"Ehefrau raucht.", "Vater Raucher.", "Passivrauchexposition am Arbeitsplatz.", "Mutter starke Raucherin.", "Ehemann raucht ca. 20 Zig./d.",
		"Eltern beide Raucher.", "Rauchmelder vorhanden."},
}

// vapingNonSmoker: e-cigarettes only, no tobacco: the patient is a non-smoker.
var vapingNonSmoker = surface{
	en: []string{"Uses e-cigarettes, never smoked tobacco.", "Vapes, no cigarette use ever.", "Never smoked; occasional vaping."},
	de: []string{"E-Zigarette, nie Tabak geraucht.", "Nichtraucher, dampft gelegentlich E-Zigarette."},
}

var socialPrefix = surface{
	en: []string{"", "Social history: ", "SH: ", "Social: ", "Tobacco: ", "Habits: "},
	de: []string{"", "Sozialanamnese: ", "Noxen: ", "Genussmittel: ", "Nikotin: "},
}

// SmokingSentences makes n labelled tobacco sentences (English and German alternating)
// for the sentence classifier: the synthetic generator's phrases for each status, plus
// sentences that mention tobacco without being the patient's status.
func SmokingSentences(seed int64, n int) []models.Example {
	r := rand.New(rand.NewSource(seed))
	statuses := []findings.SmokingStatus{findings.Current, findings.Past, findings.Smoker, findings.NonSmoker}
	out := make([]models.Example, 0, n)
	for i := 0; i < n; i++ {
		lang := []string{"en", "de"}[i%2]
		date := time.Date(2015+r.Intn(10), time.Month(1+r.Intn(12)), 1+r.Intn(28), 0, 0, 0, 0, time.UTC)
		pick := func(s surface) string {
			xs := s.en
			if lang == "de" {
				xs = s.de
			}
			return xs[r.Intn(len(xs))]
		}
		var text string
		var label int
		switch k := r.Intn(12); {
		case k < 8:
			label = k % 4
			text = smokingPhrase(r, lang, statuses[label], date)
		case k < 10:
			label, text = 4, pick(otherTobacco)
		default:
			label, text = 3, pick(vapingNonSmoker)
		}
		text = pick(socialPrefix) + text
		if r.Intn(4) == 0 { // typos and case noise
			text = noisy(r, text)
		}
		out = append(out, models.Example{Text: text, Label: label})
	}
	return out
}

// noisy swaps two adjacent letters in one word or changes case, as hurried notes do.
func noisy(r *rand.Rand, s string) string {
	if r.Intn(2) == 0 {
		return strings.ToUpper(s)
	}
	rs := []rune(s)
	if len(rs) > 4 {
		i := 1 + r.Intn(len(rs)-3)
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	return string(rs)
}

// SentencesFromRecords turns document-labelled notes (i2b2) into sentence examples.
// Without evidence every tobacco sentence of a note gets the note's label (UNKNOWN notes:
// OTHER): weak labels, but the only kind plain i2b2 carries. With evidence quotes (the
// real sets), the sentences holding a quote get the note's label, the other tobacco
// sentences of an UNKNOWN note get OTHER, and those of other notes are left out: "father
// smoked" beside "she never smoked" is not a NON-SMOKER sentence.
func SentencesFromRecords(recs []SmokingRecord) []models.Example {
	var out []models.Example
	for _, rec := range recs {
		label := 4
		for i, l := range models.SentenceLabels {
			if l == string(rec.Status) {
				label = i
			}
		}
		runes := []rune(rec.Text)
		for _, s := range rules.TobaccoSentences(rec.Text) {
			text := string(runes[s.Start:s.End])
			if len(rec.Evidence) == 0 || label == 4 || holdsEvidence(text, rec.Evidence) {
				out = append(out, models.Example{Text: text, Label: label})
			}
		}
	}
	return out
}

// holdsEvidence reports whether sentence contains one of the quotes, or a quote
// contains the sentence (a quote may run over a sentence boundary).
func holdsEvidence(sentence string, quotes []string) bool {
	for _, q := range quotes {
		if strings.Contains(sentence, q) || strings.Contains(q, sentence) {
			return true
		}
	}
	return false
}
