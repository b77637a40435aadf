package nlp

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateRe finds full dates as notes write them: 2023-05-14, 14.05.2023, 14.5.23, 5/14/2023.
var dateRe = regexp.MustCompile(`\b(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})|(\d{1,2})/(\d{1,2})/(\d{4}))\b`)

// birthCue marks a date of birth, which is not the note's date.
var birthCue = regexp.MustCompile(`(?i)(dob|d\.o\.b|birth|born|geb\.|geboren|geburtsdatum)[^\n\d]{0,12}$`)

// DateInText returns the first date written in text that is not a date of birth (notes
// state their date in the header: "Date of service: 2023-05-14", "Entlassung am
// 12.05.2022", "Admission Date: 3/4/2019"), or the zero time. Callers use it when a note
// comes without a date of its own (i2b2 XML, plain text), so that "quit 6 months ago"
// and "quit in 2022" can still be judged. Slashed dates are read month first (US).
func DateInText(text string) time.Time {
	if len(text) > 4000 {
		text = text[:4000] // the header; later dates are events, not the note's date
	}
	for _, m := range dateRe.FindAllStringSubmatchIndex(text, -1) {
		if birthCue.MatchString(text[max(0, m[0]-20):m[0]]) {
			continue
		}
		g := func(i int) int {
			if m[2*i] < 0 {
				return -1
			}
			n, _ := strconv.Atoi(text[m[2*i]:m[2*i+1]])
			return n
		}
		var y, mo, d int
		switch {
		case g(1) >= 0:
			y, mo, d = g(1), g(2), g(3)
		case g(4) >= 0:
			d, mo, y = g(4), g(5), g(6)
			if len(strings.TrimSpace(text[m[12]:m[13]])) == 2 {
				y += 2000
				if y > time.Now().Year()+1 {
					y -= 100
				}
			}
		default:
			mo, d, y = g(7), g(8), g(9)
		}
		if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
			continue
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			continue // 31.02.
		}
		return t
	}
	return time.Time{}
}
