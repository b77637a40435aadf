package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// lvefRe: an ejection-fraction keyword, up to 40 non-digit characters, a number or a
// range, then a percent sign or word. "LVEF 35%", "EF 25-30%", "LV-EF 40 %",
// "ejection fraction was estimated at 35 to 40 percent", "Ejektionsfraktion von 45 %".
var lvefRe = regexp.MustCompile(`\b(lvef|lv-ef|lv ef|ef|ejection fraction|ejektionsfraktion|auswurffraktion)\b[^0-9\n%]{0,40}?(\d{1,2}(?:[.,]\d+)?)\s*(%|percent|prozent)?(?:\s*(?:-|–|to|bis)\s*(\d{1,3}(?:[.,]\d+)?)\s*(%|percent|prozent))?`)

// Cues around a stated value: an earlier measurement ("LVEF 30% in 2023", "initial
// LVEF 20 %", "vor Ablation ... 42 %"), a threshold ("ICD if LVEF < 35 %"), the
// current one ("echo today: LVEF 45%"), or not the left ventricle at all ("gallbladder
// ejection fraction", "RV EF"). Written from the training lines' misses.
var (
	lvefPriorRe   = regexp.MustCompile(`previous|prior|initial|originally|at diagnosis|diagnosed|\bwas\b|pre-?op(erative(ly)?)?\b|(^|[^.\d])\b(19|20)\d\d:? *$|\bin (19|20)\d\d\b|\((19|20)\d\d\)|\b(19|20)\d\d\)|vorbefund|initial|damals|\bvor (der |dem |\d|ablation|op|intervention)|zuvor|früher|vorher|ehemals|\bbei (erst)?diagnose`)
	lvefCurrentRe = regexp.MustCompile(`today|\bnow\b|current|this (study|exam|echo)|(repeat|follow-up|most recent|latest) (tte|echo|study|echocardiogram)|heute|aktuell|jetzt|nunmehr|derzeit`)
	lvefBoundRe   = regexp.MustCompile(`[<>≤≥]|greater|less|below|above|under|over|über|unter|mindestens|at least`)
	lvefOtherRe   = regexp.MustCompile(`(gallbladder|gallenblase|\brv\b|right ventric|rechtsventrik)[^.\n]{0,12}$`)
)

// lvef returns the patient's current stated LVEF, or nil. With several values: one marked
// current wins, else a changed value stated after an earlier one ("was 25%, improved to
// 35%"), else the first not marked as earlier, else the last earlier one; thresholds and
// bounds never count.
// It matches the lower-cased text (the pattern is lower case), mapping byte offsets back
// to characters.
func lvef(d *doc) *findings.LVEF {
	var current, changed, plain, prior *findings.LVEF
	for _, m := range lvefRe.FindAllStringSubmatchIndex(d.lower, -1) {
		lowS := d.lower[m[4]:m[5]]
		hasPct := m[6] >= 0
		hasRange := m[8] >= 0
		if !hasPct && !hasRange {
			continue // "EF 2" without a unit is not a percentage we trust
		}
		before := d.lower[max(0, m[0]-40):m[0]]
		before = clauseTail(before) // this clause only: "LVEF 30%, prior echo LVEF 25%"
		if lvefOtherRe.MatchString(d.lower[max(0, m[0]-25):m[0]]) {
			continue
		}
		after := d.lower[m[1]:min(len(d.lower), m[1]+25)]
		if i := strings.IndexAny(after, ".\n;,"); i >= 0 {
			after = after[:i]
		}
		low := parseNum(lowS)
		start, end := d.lowerRune[m[0]], d.lowerRune[m[1]]
		ev := []findings.Span{{Start: start, End: end}}
		var v *findings.LVEF
		if hasRange {
			high := parseNum(d.lower[m[8]:m[9]])
			if high < low || high > 100 {
				continue
			}
			v = &findings.LVEF{Value: (low + high) / 2, Low: &low, High: &high, Evidence: ev}
		} else {
			if low > 100 {
				continue
			}
			v = &findings.LVEF{Value: low, Evidence: ev}
		}
		ctx := before + " " + d.lower[m[0]:m[1]] + " " + after
		switch {
		case lvefBoundRe.MatchString(d.lower[m[3]:m[4]]):
			// "ICD if LVEF < 35 %", "EF greater than 50%": a threshold or a bound, not a
			// measured value, so never the LVEF (../shared/LABELLING.md).
		case lvefCurrentRe.MatchString(ctx):
			if current == nil {
				current = v
			}
		case lvefPriorRe.MatchString(ctx):
			prior = v
			// "was 25% in 2022 and has improved to 30-35%": the later value of the
			// sentence, named by its change, is the current one.
			if c := lvefChange(d, m[1]); c != nil {
				changed = c
			}
		default:
			if plain == nil {
				plain = v
			}
		}
	}
	switch {
	case current != nil:
		return current
	case changed != nil:
		return changed
	case plain != nil:
		return plain
	}
	return prior
}

// lvefChangeRe: a value the sentence gives after an earlier one, without repeating the
// keyword: "has improved to 30-35%", "now 45 %", "currently 40%".
var lvefChangeRe = regexp.MustCompile(`^[^.\n;]{0,60}?\b(?:improved|increased|decreased|declined|dropped|recovered|risen|fallen|now|currently|today|aktuell|jetzt|verbessert|gestiegen|gesunken)(?: to| at| is| auf)?\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:%|percent|prozent)?(?:\s*(?:-|–|to|bis)\s*(\d{1,3}(?:[.,]\d+)?))?\s*(%|percent|prozent)`)

// lvefChange reads a changed current value in the rest of the sentence after byte offset
// from, or returns nil. One dated itself ("improved to 35% in 2019") is not current; a
// value marked current elsewhere wins over it.
func lvefChange(d *doc, from int) *findings.LVEF {
	m := lvefChangeRe.FindStringSubmatchIndex(d.lower[from:])
	if m == nil {
		return nil
	}
	rest := d.lower[from+m[1] : min(len(d.lower), from+m[1]+12)]
	if lvefPriorRe.MatchString(rest) {
		return nil
	}
	low := parseNum(d.lower[from+m[2] : from+m[3]])
	ev := []findings.Span{{Start: d.lowerRune[from+m[2]], End: d.lowerRune[from+m[1]]}}
	if m[4] >= 0 {
		high := parseNum(d.lower[from+m[4] : from+m[5]])
		if high < low || high > 100 {
			return nil
		}
		return &findings.LVEF{Value: (low + high) / 2, Low: &low, High: &high, Evidence: ev}
	}
	if low > 100 {
		return nil
	}
	return &findings.LVEF{Value: low, Evidence: ev}
}

// clauseTail is what of s follows its last clause break (".\n;,"); a point inside a date
// or a number ("Echo vom 10.01.2024") breaks nothing.
func clauseTail(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '\n', ';', ',':
			return s[i+1:]
		case '.':
			if !(i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
				return s[i+1:]
			}
		}
	}
	return s
}

func parseNum(s string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	return v
}
