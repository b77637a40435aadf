package rules

import (
	"regexp"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// What a note says beyond a concept that refines its ICD-10-CM code
// (fhir/codes/refinements.tsv): an old myocardial infarction (I25.2), STEMI or NSTEMI,
// a CKD stage or end-stage renal disease.
var (
	// a history cue shortly before the mention: "history of MI", "s/p anterior STEMI",
	// "prior inferior myocardial infarction", "Z.n. Hinterwandinfarkt"
	// ("old" only as a word of its own: the "old" of "64-year-old" is not a history cue)
	oldBeforeRe = regexp.MustCompile(`(history of|\bhx of|\bh/o|\bprior|\bprevious|(?:^|[\s(,;])old|\bremote|\bpast|status post|\bs/p|z\.\s?n\.|\bnach|abgelaufene[rnms]?|(?:^|[\s(,;])alte[rnms]?)\W+(\w+\W+){0,3}$`)
	// a date or a time ago right after it: "MI in 2015", "STEMI 2015", "MI 10 years ago"
	oldAfterRe = regexp.MustCompile(`^\W{0,3}(in |im |\()?((19|20)\d\d|\d+ (years?|yrs?|months?) ago|(several|many|few) years ago|vor \d+ (jahren?|monaten))`)
	// sections that list past history
	historySections = []string{"past medical history", "past history", "medical history", "past cardiac history", "pmh", "cardiac history", "vorerkrankungen", "vordiagnosen", "kardiovaskuläre vorgeschichte"}
	ckdStageRe      = regexp.MustCompile(`(?:stage|stadium|\bckd|\bg)\s*(?:-\s*)?(3a|3b|iiia|iiib|[1-5]|iv|v|iii|ii|i)\b`)
	esrdRe          = regexp.MustCompile(`end[- ]?stage|esrd|dialys|terminale niereninsuffizienz`)
	// dialysis that is not (yet) happening: "not on dialysis", "pre-dialysis", "no dialysis"
	noDialysisRe = regexp.MustCompile(`(not on|no|not yet on|pre-?|without|avoid)\s*(hemo)?dialys`)
	// STEMI and NSTEMI spelled out before the mention ("non-ST elevation myocardial
	// infarction", "acute ST-segment elevation MI"; Synthea: "acute non-st segment
	// elevation myocardial infarction (disorder)"): the mention itself is only the infarction
	stElevationBeforeRe = regexp.MustCompile(`\b(non[- ]?)?st[- ]?(segment[- ]?)?elevation[- ]?$`)
	romanStage          = map[string]string{"i": "1", "ii": "2", "iii": "3", "iiia": "3a", "iiib": "3b", "iv": "4", "v": "5"}
)

// detail says what the note adds to the mention of code at s ("" for nothing).
func detail(d *doc, code string, s findings.Span) string {
	switch code {
	case "22298006":
		return miDetail(d, s)
	case "709044004":
		return ckdDetail(d, s)
	}
	return ""
}

func miDetail(d *doc, s findings.Span) string {
	sent := d.sentenceOf(s.Start)
	before := strings.ToLower(string(d.runes[max(sent.Start, s.Start-40):s.Start]))
	after := strings.ToLower(string(d.runes[s.End:min(max(sent.End, s.End), s.End+30)]))
	sec := d.section[s.Start]
	old := oldBeforeRe.MatchString(before) || oldAfterRe.MatchString(after)
	for _, h := range historySections {
		old = old || strings.Contains(sec, h)
	}
	words := strings.ToLower(string(d.runes[s.Start:s.End]))
	spelled := stElevationBeforeRe.FindStringSubmatch(before)
	switch {
	case old:
		return "old"
	case spelled != nil && spelled[1] != "":
		return "nstemi"
	case spelled != nil:
		return "stemi"
	case strings.Contains(words, "nstemi") || strings.Contains(words, "non-st") || strings.Contains(words, "nicht-st"):
		return "nstemi"
	case strings.Contains(words, "stemi") || strings.Contains(words, "st-hebung") || strings.Contains(words, "st elevation"):
		return "stemi"
	}
	return ""
}

// ckdDetail: end-stage when the mention says so; else a stage stated beside it; else
// end-stage when dialysis is named beside it and not denied ("not on dialysis").
func ckdDetail(d *doc, s findings.Span) string {
	words := strings.ToLower(string(d.runes[s.Start:s.End]))
	if esrdRe.MatchString(words) {
		return "esrd"
	}
	sent := d.sentenceOf(s.Start)
	win := strings.ToLower(string(d.runes[max(sent.Start, s.Start-12):min(max(sent.End, s.End), s.End+30)]))
	if m := ckdStageRe.FindStringSubmatch(win); m != nil {
		st := m[1]
		if r, ok := romanStage[st]; ok {
			st = r
		}
		return "stage-" + st
	}
	if esrdRe.MatchString(win) && !noDialysisRe.MatchString(win) {
		return "esrd"
	}
	return ""
}
