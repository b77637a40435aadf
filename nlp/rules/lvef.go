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
	lvefPriorRe   = regexp.MustCompile(`previous|prior|initial|originally|at diagnosis|diagnosed|\bwas\b|\bin (19|20)\d\d\b|\((19|20)\d\d\)|\b(19|20)\d\d\)|vorbefund|initial|damals|\bvor (der |dem |\d|ablation|op|intervention)|zuvor|früher|vorher|ehemals|\bbei (erst)?diagnose`)
	lvefCurrentRe = regexp.MustCompile(`today|\bnow\b|current|this (study|exam|echo)|heute|aktuell|jetzt|nunmehr|derzeit`)
	lvefBoundRe   = regexp.MustCompile(`[<>≤≥]|greater|less|below|above|under|over|über|unter|mindestens|at least`)
	lvefOtherRe   = regexp.MustCompile(`(gallbladder|gallenblase|\brv\b|right ventric|rechtsventrik)[^.\n]{0,12}$`)
)

// lvef returns the patient's current stated LVEF, or nil. With several values, one
// marked current wins, else the first not marked as earlier, else the last earlier one.
// It matches the lower-cased text (the pattern is lower case), mapping byte offsets back
// to characters.
func lvef(d *doc) *findings.LVEF {
	var current, plain, prior, bound *findings.LVEF
	for _, m := range lvefRe.FindAllStringSubmatchIndex(d.lower, -1) {
		lowS := d.lower[m[4]:m[5]]
		hasPct := m[6] >= 0
		hasRange := m[8] >= 0
		if !hasPct && !hasRange {
			continue // "EF 2" without a unit is not a percentage we trust
		}
		before := d.lower[max(0, m[0]-40):m[0]]
		if i := strings.LastIndexAny(before, ".\n;"); i >= 0 {
			before = before[i+1:] // this sentence only
		}
		if lvefOtherRe.MatchString(d.lower[max(0, m[0]-25):m[0]]) {
			continue
		}
		after := d.lower[m[1]:min(len(d.lower), m[1]+25)]
		if i := strings.IndexAny(after, ".\n;"); i >= 0 {
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
			// "ICD if LVEF < 35 %": a threshold, not a measurement (used only if nothing else)
			if bound == nil {
				bound = v
			}
		case lvefCurrentRe.MatchString(ctx):
			if current == nil {
				current = v
			}
		case lvefPriorRe.MatchString(ctx):
			prior = v
		default:
			if plain == nil {
				plain = v
			}
		}
	}
	switch {
	case current != nil:
		return current
	case plain != nil:
		return plain
	case prior != nil:
		return prior
	}
	return bound
}

func parseNum(s string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	return v
}
