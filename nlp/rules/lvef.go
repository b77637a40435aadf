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

// lvef returns the first stated LVEF, or nil. It matches the lower-cased text (the
// pattern is lower case), mapping byte offsets back to characters.
func lvef(d *doc) *findings.LVEF {
	for _, m := range lvefRe.FindAllStringSubmatchIndex(d.lower, -1) {
		lowS := d.lower[m[4]:m[5]]
		hasPct := m[6] >= 0
		hasRange := m[8] >= 0
		if !hasPct && !hasRange {
			continue // "EF 2" without a unit is not a percentage we trust
		}
		low := parseNum(lowS)
		start, end := d.lowerRune[m[0]], d.lowerRune[m[1]]
		ev := []findings.Span{{Start: start, End: end}}
		if hasRange {
			high := parseNum(d.lower[m[8]:m[9]])
			if high < low || high > 100 {
				continue
			}
			return &findings.LVEF{Value: (low + high) / 2, Low: &low, High: &high, Evidence: ev}
		}
		if low > 100 {
			continue
		}
		return &findings.LVEF{Value: low, Evidence: ev}
	}
	return nil
}

func parseNum(s string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	return v
}
