package rules

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// The patterns below are written in lower case and matched against lower-cased text
// (cheaper than case-insensitive matching, which dominated the rules' run time).

// tobacco marks sentences that talk about smoking at all.
var tobacco = regexp.MustCompile(`smok|tobacco|cigar|\bppd\b|pack[- ]?y|pk[- ]?yr|\btob\b|nicotin|nikotin|rauch|zigarett|\bpy\b|\bpy\.|packungsjahr|\bpj\b`)

var (
	nonSmokerRe = regexp.MustCompile(`never (been a )?smok|never used tobacco|non-?smoker|non smoker|nonsmoking|denies (any )?(tobacco|smoking|cigarette|nicotine|etoh, tobacco|alcohol,? tobacco|alcohol or tobacco)|denies (alcohol|etoh)( use)?,? (and |or )?(tobacco|smoking)|no (history of |hx of |h/o )?(tobacco|smoking|cigarette)|does ?n[o']t smoke|do(es)? not use tobacco|tobacco: ?(none|no|never|neg)|tob: ?(neg|no|none|-)|smoking: ?(no|never|none)|nichtraucher|nie geraucht|niemals geraucht|kein(en)? nikotin|nikotin: ?(nein|neg|-)|raucht nicht|nikotinabusus: ?(nein|neg|-)|kein nikotinabusus`)
	pastRe      = regexp.MustCompile(`former(ly a)? smoker|ex-?smoker|ex smoker|quit( smoking| tobacco| cigarettes)?|stopped smoking|gave up (smoking|cigarettes)|prior smoker|previous smoker|past smoker|remote (history|hx|h/o) of (smoking|tobacco)|(history|hx|h/o) of (smoking|tobacco),? (quit|stopped)|ex-?raucher|ehemalige[rn]? raucher|ehem\. raucher|ehemals raucher|nikotinkarenz|z\.\s?n\. nikotin|rauchfrei seit|aufgehört|hörte .{0,30}auf|nikotinabstinent|abstinent seit`)
	currentRe   = regexp.MustCompile(`current(ly)? (smoker|smokes|smoking|every day|some day)|active smoker|continues to smoke|still smok|smokes|is smoking|smoking \d|smoking (one|a|half|two)|\d+(\.\d+)? ?ppd|packs? (per|a|/) ?day|cigarettes? (a|per|/) ?day|cig/d|raucht|aktive[rn]? raucher|aktuelle[rn]? raucher|zig\.?/d|zig\.?/tag|zigaretten (pro|am|/) ?tag|tob: ?(\+|yes|pos)|smoking: ?(yes|current)|tobacco: ?(yes|current)`)
	smokerRe    = regexp.MustCompile(`smoker|smoking history|(history|hx|h/o) of (smoking|tobacco)|h/o (smoking|tobacco)|\d+ ?(pack[- ]?years?|pk[- ]?yrs?|py|pj|packungsjahre)|tobacco use|raucher|nikotinabusus|nikotinkonsum|tabakkonsum`)
	// "quit 6 months ago", "quit in 2010", "seit 2015", "vor 3 Jahren"
	quitAgoRe  = regexp.MustCompile(`(\d+|one|two|three|four|five|six|ten|a few|several)\s*(years?|yrs?|months?|mos?|weeks?|wks?|days?|jahren?|monaten?|wochen?|tagen?)\s*(ago|prior)?`)
	quitYearRe = regexp.MustCompile(`\b(19[5-9]\d|20[0-4]\d)\b`)
	someDayRe  = regexp.MustCompile(`some days|occasional(ly)?|social(ly)? smok|intermittent(ly)?|gelegentlich|ab und zu`)
	heavyRe    = regexp.MustCompile(`heavy smoker|heavily|starke[rn]? raucher|\b([1-9]\d*(\.\d+)?|one|two) ?ppd|\b([2-9]|one|two) packs?|\b([2-9]\d) (cigarettes|zigaretten|zig)`)
	lightRe    = regexp.MustCompile(`light smoker|leichte[rn]? raucher|few cigarettes|(half|1/2) (a )?pack|0?\.5 ?ppd|\b[1-9] (cigarettes|zigaretten|zig)\b|wenige zigaretten`)
)

var wordNum = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "a few": 3, "several": 5}

// smoking classifies the document's smoking status from its tobacco sentences, with the
// i2b2 rule that quitting within a year of the note still counts as current.
func smoking(d *doc, noteDate time.Time) findings.Smoking {
	best := findings.Smoking{Status: findings.Unknown, Score: 0.5}
	rank := map[findings.SmokingStatus]int{findings.Unknown: 0, findings.NonSmoker: 1, findings.Smoker: 2, findings.Past: 3, findings.Current: 4}
	for _, s := range d.tobaccoSentences() {
		st := sentenceStatus(d.lowerOf(s), noteDate, d.age())
		if st == findings.Unknown {
			continue
		}
		if rank[st] > rank[best.Status] {
			best = findings.Smoking{Status: st, Evidence: []findings.Span{s}, Score: 0.8}
		} else if st == best.Status {
			best.Evidence = append(best.Evidence, s)
		}
	}
	if best.Status == findings.Current {
		for _, s := range best.Evidence {
			txt := strings.ToLower(string(d.runes[s.Start:s.End]))
			switch {
			case someDayRe.MatchString(txt):
				best.Intensity = findings.SomeDay
			case lightRe.MatchString(txt):
				best.Intensity = findings.Light
			case heavyRe.MatchString(txt):
				best.Intensity = findings.Heavy
			}
		}
	}
	return best
}

// SentenceStatus is what the rules read in one tobacco sentence on its own (no note date,
// no age): a feature the smoking model learns to weigh.
func SentenceStatus(sentence string) findings.SmokingStatus {
	return sentenceStatus(strings.ToLower(sentence), time.Time{}, -1)
}

// sentenceStatus classifies one tobacco sentence; age is the patient's (-1: not stated).
func sentenceStatus(txt string, noteDate time.Time, age int) findings.SmokingStatus {
	switch {
	case nonSmokerRe.MatchString(txt) && !pastRe.MatchString(txt) && !currentRe.MatchString(txt):
		return findings.NonSmoker
	case pastRe.MatchString(txt):
		if loc := pastRe.FindStringIndex(txt); loc != nil && quitWithinYear(txt[loc[0]:], noteDate, age) {
			return findings.Current
		}
		return findings.Past
	case currentRe.MatchString(txt):
		return findings.Current
	case nonSmokerRe.MatchString(txt):
		return findings.NonSmoker
	case smokerRe.MatchString(txt):
		return findings.Smoker
	}
	return findings.Unknown
}

// quitWithinYear reads a quit time after the quit cue: "6 months ago", a year, or "at
// age 45" (within a year only when the patient's age, -1 if unknown, says so: i2b2 calls a
// quit at an age with no age to compare past).
func quitWithinYear(after string, noteDate time.Time, age int) bool {
	if len(after) > 80 {
		after = after[:80]
	}
	if m := quitAgoRe.FindStringSubmatch(after); m != nil {
		n, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			n = wordNum[m[1]]
		}
		unit := strings.ToLower(m[2])
		var days float64
		switch {
		case strings.HasPrefix(unit, "y") || strings.HasPrefix(unit, "j"):
			days = n * 365
		case strings.HasPrefix(unit, "mo"):
			days = n * 30
		case strings.HasPrefix(unit, "w"):
			days = n * 7
		default:
			days = n
		}
		return days < 365
	}
	if m := quitYearRe.FindString(after); m != "" && !noteDate.IsZero() {
		y, _ := strconv.Atoi(m)
		return noteDate.Year()-y < 1
	}
	if at := quitAtAge(after); at >= 0 {
		return age >= at && age-at < 1
	}
	return false
}

// tobaccoKeywords are literals one of which every tobacco regexp match contains: a cheap
// filter before the regexp (most sentences mention no tobacco).
var tobaccoKeywords = []string{"smok", "tobac", "cigar", "ppd", "pack", "pk", "tob", "nicotin", "nikotin", "rauch", "zigarett", "py", "pj"}

func mayMentionTobacco(lower string) bool {
	for _, k := range tobaccoKeywords {
		if strings.Contains(lower, k) {
			return true
		}
	}
	return false
}

// tobaccoSentences returns the sentences that mention tobacco at all.
func (d *doc) tobaccoSentences() []findings.Span {
	d.tobaccoOnce.Do(func() {
		for _, s := range d.sentences {
			lower := d.lowerOf(s)
			if mayMentionTobacco(lower) && tobacco.MatchString(lower) {
				d.tobacco = append(d.tobacco, s)
			}
		}
	})
	return d.tobacco
}
