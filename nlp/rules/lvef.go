package rules

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// lvefRe: an ejection-fraction keyword, up to 40 non-digit characters (and a relative
// clause between commas: "The left ventricular ejection fraction, which measures how well
// your heart pumps, is 45%", "Your ejection fraction, a measure of how well your heart
// pumps, is 50-55%"), a number or a range, then a percent sign or word. "LVEF 35%",
// "EF 25-30%", "LV-EF 40 %", "ejection fraction was estimated at 35 to 40 percent", "Ejektionsfraktion von 45 %", and
// a results table's row with the unit in a cell of its own, "LVEF (biplane Simpson) | 55 | %".
// Farther than 40 characters only after a graded function and an estimate's word ("EF
// appears severely reduced, approximately 15-20%", set gi): any number farther away had
// read a corpus note's right-ventricular fraction.
var lvefRe = regexp.MustCompile(`\b(lvef|lv-ef|lv ef|ef|ejection fraction|ejektionsfraktion|auswurffraktion)\b(?:,\s*(?:which|a measure of|the measure of) [^0-9\n%,.;]{1,60},)?(?:[^0-9\n%]{0,40}?|\s+(?:appears|appeared|is|was|looks)\s+(?:[a-z]+\s+){0,2}(?:reduced|depressed|impaired|decreased|diminished|normal|preserved)\s*,\s*(?:approximately|about|estimated(?: at)?|roughly|around)\s+)(\d{1,2}(?:[.,]\d+)?)\s*(?:\|\s*)?(%|percent|prozent)?(?:\s*(?:-|–|to|bis)\s*(\d{1,3}(?:[.,]\d+)?)\s*(%|percent|prozent))?`)

// Cues around a stated value: an earlier measurement ("LVEF 30% in 2023", "initial
// LVEF 20 %", "vor Ablation ... 42 %"), a threshold ("ICD if LVEF < 35 %"), the
// current one ("echo today: LVEF 45%"), or not the left ventricle at all ("gallbladder
// ejection fraction", "RV EF"). Written from the training lines' misses.
var (
	lvefPriorRe   = regexp.MustCompile(`previous|prior|\b(at|from|by|around|during|about|near|of|in)\s+that time\b|^\W*that time\b|initial|\bindex (tte|tee|echo\w*|study|admission|event|hospitali[sz]ation)\b|originally|at diagnosis|diagnosed|\bwas\b|pre-?op(erative(ly)?)?\b|pre-?(bypass|cpb|pump)\b|pre-?(repair|ablation|tavr|procedur(e|al)|implant(ation)?)\b|(^|[^.\d])\b(19|20)\d\d:? *$|\bin (19|20)\d\d\b|\((19|20)\d\d\)|\b(19|20)\d\d\)|vorbefund|initial|damals|präoperativ\w*|präop\b|prä-op\b|\bvor (der |dem |\d|ablation|op|intervention)|zuvor|früher|vorher|ehemals|\bbei (erst)?diagnose|baseline|vorbekannt|zuletzt|\b(im|lt\.|laut) (arzt)?brief|\bvor (chemo|therapie|beginn|behandlung)`)
	lvefCurrentRe = regexp.MustCompile(`today|this (morning|afternoon|evening)|\bnow\b|current|improvement,? with|entlassungstag|bei entlassung|vor entlassung|at discharge|on discharge|pre-?discharge|day of discharge|prior to discharge|before discharge|repeat (transthoracic |transesophageal )?(tte|echo|echocardiogram)|post-?(bypass|operative|op|procedure|ablation|tavr|repair)\b|this (study|exam|echo|week|month|admission)|(repeat|follow-up|most recent|latest) (tte|echo|study|echocardiogram)|heute|aktuell|jetzt|nunmehr|derzeit`)
	// lvefChangedFromRe: right after a value, the earlier one it changed from ("LVEF 40-45%
	// (improved from 25% in 03/2025)"); before it, the value is the earlier one ("EF
	// improved from 25% to 30-35%"). "Ischemic cardiomyopathy, LVEF 25-30%, worsened from
	// 35%" is current too, as is "EF 50% from 35%".
	lvefChangedFromRe = regexp.MustCompile(`^\W{0,4}((mildly|slightly|significantly|markedly|moderately|further) )?(improved|recovered|up|down|decreased|increased|declined|dropped|worsened|deteriorated|fallen|reduced|gebessert|verbessert|gestiegen|gesunken|abgefallen) (from|von)\b|^\s*(from|von)\s+\d{1,2}(\.\d)?\s*%`)
	// lvefComparedAfterRe: right after a value, an earlier one it is compared with, whose date
	// dates that one, not this ("35% to 40% compared to 20% in 2005", set lt)
	lvefComparedAfterRe = regexp.MustCompile(`^\W{0,4}(as )?(compared (to|with)|versus|vs\.?)\s+(an? |the |her |his )?(\w+ )?\d{1,2}(\.\d)?\s*%`)
	lvefBoundRe         = regexp.MustCompile(`[<>≤≥]|\b(greater|less|below|above|under|over|unter|mindestens|at least)\b|über`)
	lvefBoundAfterRe    = regexp.MustCompile(`^\s*(or|and) (less|lower|below|under|greater|higher|more|above|over)\b|^\s*oder (weniger|darunter|mehr|darüber)`)
	lvefOtherRe         = regexp.MustCompile(`((gallbladder|gallenblase|\brv\b|right ventric|rechtsventrik)[^.\n]{0,12}|\bgb(\s*[:/-]\s*|,|\s+))$`)
)

// lvef returns the patient's current stated LVEF, or nil. With several values: one marked
// current wins (today's first, then one after the note's procedure), else a changed value
// stated after an earlier one ("was 25%, improved to 35%"), else the first not marked as
// earlier, else the last earlier one; thresholds and bounds never count.
// It matches the lower-cased text (the pattern is lower case), mapping byte offsets back
// to characters. Each value is read in its context (lvefPick.stated), dated (date), sorted
// into a kind (classify); best then picks among the kinds.
func lvef(d *doc) *findings.LVEF {
	p := lvefPick{dates: map[int]bool{}}
	for _, m := range lvefRe.FindAllStringSubmatchIndex(d.lower, -1) {
		if s := p.stated(d, m); s != nil {
			p.date(d, s)
			p.classify(d, s)
		}
	}
	v := p.best()
	if v != nil && p.noneCurrent() && longAgo(d, v) {
		return nil // "Last cath 1989 pre-CABG, EF then reported as 35%" in a note of 1994 (set lt): an earlier value, and no current one (LABELLING.md)
	}
	if v != nil && v == p.prior && p.noneCurrent() && p.plain == nil && datedOld(d, v) && qualitativeLater(d, v) {
		return nil // "stress test 2010, EF 58% at that time" in a note of 2012, before "Echocardiogram: Normal left ventricular systolic function" (set ou): the current study gives no number
	}
	return v
}

// lvefQualitativeRe: a study that gives the left ventricle's function in words only
// ("Echocardiogram: Normal left ventricular systolic function"); lvefQualPriorRe: one
// told as an earlier study.
var (
	lvefQualitativeRe = regexp.MustCompile(`\b(echo\w*|tte|transthoracic\s+echo\w*)\b[^.;]{0,60}?\b(normal|preserved|hyperdynamic|(mildly|moderately|severely)\s+(reduced|depressed|impaired))\s+(left ventricular|lv)\s+(systolic\s+)?function\b`)
	lvefQualPriorRe   = regexp.MustCompile(`\b(prior|previous|earlier|old|last|outside|(19|20)\d\d)\b`)
)

// datedOld: the value's sentence, up to it, names a year more than one before the note's.
func datedOld(d *doc, v *findings.LVEF) bool {
	noteDate := d.statedDate()
	return !noteDate.IsZero() && olderYear(sentenceBefore(d, sort.SearchInts(d.lowerRune, v.Evidence[0].End)), noteDate)
}

// qualitativeLater: after the earlier value v, the note tells a study with the left
// ventricle's function in words, not itself an earlier one.
func qualitativeLater(d *doc, v *findings.LVEF) bool {
	from := sort.SearchInts(d.lowerRune, v.Evidence[len(v.Evidence)-1].End)
	for _, m := range lvefQualitativeRe.FindAllStringIndex(d.lower[from:], -1) {
		if !lvefQualPriorRe.MatchString(d.lower[from+m[0]:from+m[1]] + clauseHead(lowerAfter(d, from+m[1], 60))) {
			return true
		}
	}
	return false
}

// noneCurrent: no value the note states is marked current, today's, after its procedure,
// the end of a change, or dated as the latest of several studies.
func (p *lvefPick) noneCurrent() bool {
	return p.now == nil && p.afterProcedure == nil && p.current == nil && p.latest == nil && p.changed == nil && p.gatedOnly == nil
}

// longAgo: the value's clause, up to it, dates its study, by the latest year it gives one,
// at least lvefOldYears before the note's own date ("Last cath 1989 pre-CABG, EF then
// reported as 35%"; not "s/p CABG in 1998, ischemic cardiomyopathy with EF 25% to 30%",
// where the year is the surgery's).
const lvefOldYears = 5

var studyYearRe = regexp.MustCompile(`\b(echo\w*|tte|tee|cath\w*|ventriculogra\w*|muga|angiogra\w*)\b[^.;()]{0,50}?\b(19[5-9]\d|20\d\d)\b|\b(19[5-9]\d|20\d\d)\b[^.;,()]{0,20}\b(echo\w*|tte|tee|cath\w*|ventriculogra\w*|muga|angiogra\w*)\b`)

// lvefLaterRe: after the study's year, that the value still holds today ("by cath 2005,
// unchanged on echo this admission").
var lvefLaterRe = regexp.MustCompile(`\b(unchanged|stable|similar|confirmed|again)\b[^.;]{0,40}\b(today|now|this (admission|visit|hospitali[sz]ation|month|week)|current(ly)?|recent(ly)?|repeat|serial|follow-?up|since|last (week|month)|yesterday)\b|\b(stable|unchanged)\s+since\b|\bsince\s+(then\s+)?(stable|unchanged)\b|\b(recent(ly)?|currently|now|(repeat|follow-?up)\s+(echo\w*|study|tte)[^.;]{0,20}?)\s+(unchanged|stable|similar)\b`)

// lvefLaterNotRe: before lvefLaterRe's words, a subject other than the value ("he has been
// stable since"); or in them, a study denied ("no current echo", "no repeat study").
var lvefLaterNotRe = regexp.MustCompile(`\b(he|she|patient|pt)\b|\bno\s+(current|repeat|recent|follow-?up)\b`)

// laterYearRe: a later study's year after the value ("by echo 2005 and 2011", "again 40% on
// echo in 1994"), not another event's ("CABG in 2009").
var laterYearRe = regexp.MustCompile(`(\b(echo\w*|tte|tee|cath\w*|muga|stud(y|ies)|ventriculogra\w*|mri|scan|test|follow-?up)\b[^.;,]{0,25}?|^\s*(and|,)\s*(in\s+)?|\d\s*%\s*(in\s+)?)\b((19|20)\d\d)\b`)

// laterStudy: lvefLaterRe, or a year in rest within lvefOldYears of the note ("by echo 2005
// and 2011" in a 2012 note), so that the value is not an old one only.
func laterStudy(rest string, noteDate time.Time) bool {
	recent := func(y int) bool { return y > noteDate.Year()-lvefOldYears }
	if w := lvefLaterRe.FindStringIndex(rest); w != nil && !lvefLaterNotRe.MatchString(rest[:w[1]]) {
		// words tell it ("stable since", "unchanged on repeat echo"), unless a later study
		// they name is itself old ("confirmed by repeat cath in April 2004")
		return !anyStudyYear(rest[w[0]:], func(y int) bool { return !recent(y) })
	}
	return anyStudyYear(rest, recent)
}

// anyStudyYear: txt names a study's year (laterYearRe) that ok accepts.
func anyStudyYear(txt string, ok func(year int) bool) bool {
	for _, m := range laterYearRe.FindAllStringSubmatch(txt, -1) {
		if y, _ := strconv.Atoi(m[len(m)-2]); ok(y) {
			return true
		}
	}
	return false
}

// studyYearAfterRe: right after the value, its study and the study's year ("40% by
// ventriculogram at the time of his bypass surgery in 1990", set nx).
var studyYearAfterRe = regexp.MustCompile(`^\s*(by|on|per|from|at)\s+(the\s+|a\s+|his\s+|her\s+)?(echo\w*|tte|tee|cath\w*|ventriculogra\w*|muga|angiogra\w*)\b\s*((done|performed|obtained)\s+)?(((in|on|of|dated|from)\s+)?((january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2},?\s+)?|\d{1,2}/(\d{1,2}/)?)?|at the time of [^.;,()]{0,40}?\b(in\s+|,\s*))(19[5-9]\d|20\d\d)\b`)

// lvefOldRefRe and lvefNowRefRe: after a value said to be unchanged, an earlier study it is
// compared with ("EF 30%, similar to the study in 2001", "confirmed by ventriculogram at
// that time"), or today's ("unchanged on echo this admission").
var (
	lvefOldRefRe = regexp.MustCompile(`\b(19|20)\d\d\b|\bat that time\b|\bthen\b`)
	lvefNowRefRe = regexp.MustCompile(`\b(today|now|this admission|this visit|current(ly)?|recent|repeat)\b`)
)

// clauseOf: txt up to its first full stop or semicolon.
func clauseOf(txt string) string {
	if k := strings.IndexAny(txt, ".;"); k >= 0 {
		return txt[:k]
	}
	return txt
}

// lvefStillRe: right after the value, that it still holds ("EF 25%, unchanged on repeat
// echo this admission"); not a later clause ("EF 20%, he now presents with chest pain").
var lvefStillRe = regexp.MustCompile(`^\s*[-,;(]?\s*(and\s+|which\s+|that\s+)?(is\s+|was\s+|remains\s+|remained\s+|has been\s+|have been\s+|still\s+|essentially\s+|largely\s+|basically\s+)*(unchanged|stable|no change|without change|similar|the same|not changed|has not changed|confirmed)\b`)

// longAgoGapRe: what may stand between the dated study and its value: no comma, unless
// "then" marks the value as the study's ("Last cath 1989 pre-CABG, EF then reported as
// 35%"; not "diagnosed on cath in 2003, EF 30% on medical therapy").
var longAgoGapRe = regexp.MustCompile(`^[^,]*$|\bthen\b`)

// longAgoOpensRe: the clause opens with the dated study, so a comma right after its year
// leads to its own value ("TEE in 2006, EF 25%", "Last echo in 2003, ejection fraction 40%").
var longAgoOpensRe = regexp.MustCompile(`^[\s\W]*((the|her|his|last|most recent|previous|prior|an?|\w+:)\s+)*$`)

func longAgo(d *doc, v *findings.LVEF) bool {
	if len(v.Evidence) == 0 {
		return false
	}
	noteDate := d.statedDate()
	if noteDate.IsZero() {
		return false
	}
	// the value's sentence up to it, from its clause's start: not "...; her prior
	// echocardiogram in 2001" told after it
	before := sentenceBefore(d, sort.SearchInts(d.lowerRune, v.Evidence[0].Start))
	before = before[strings.LastIndexByte(before, ';')+1:]
	latest := 0
	for _, m := range studyYearRe.FindAllStringSubmatchIndex(before, -1) {
		ys, ye := m[4], m[5] // the year: the study's group 2, or group 3 before a study
		if ys < 0 {
			ys, ye = m[6], m[7]
		}
		y := before[ys:ye]
		if strings.HasSuffix(strings.TrimSpace(before[:ys]), "since") || !(longAgoGapRe.MatchString(before[m[1]:]+" "+d.lowerOf(v.Evidence[0])) || strings.TrimSpace(before[m[1]:]) == "," && longAgoOpensRe.MatchString(before[:m[0]])) {
			continue // "serial echocardiograms since 2002, EF stable at 40%": a series to now
		}
		n, _ := strconv.Atoi(y)
		latest = max(latest, n)
	}
	end := sort.SearchInts(d.lowerRune, v.Evidence[0].End)
	after := lowerAfter(d, end, 80)
	if m := studyYearAfterRe.FindStringSubmatchIndex(after); m != nil && !laterStudy(clauseOf(lowerAfter(d, end, 200)[m[1]:]), noteDate) {
		n, _ := strconv.Atoi(after[m[len(m)-2]:m[len(m)-1]])
		latest = max(latest, n) // "40% by ventriculogram at the time of his bypass surgery in 1990"
	}
	if clause := clauseOf(after); lvefStillRe.MatchString(after) && !(lvefOldRefRe.MatchString(clause) && !lvefNowRefRe.MatchString(clause)) {
		return false // "Echo in 2006, EF 25%, unchanged on repeat echo this admission"
	}
	return latest > 0 && latest <= noteDate.Year()-lvefOldYears
}

// lvefPick gathers a note's stated values by kind, in the note's order.
type lvefPick struct {
	current, changed, plain, prior *findings.LVEF
	// A study after the note's procedure is newer than any other it calls current ("TEE
	// showed severe mitral regurgitation and an ejection fraction of 60%. ... Postoperative
	// transthoracic echocardiogram on 04/21/2013 showed ... an ejection fraction of 50%").
	afterProcedure *findings.LVEF
	// A value the note says is today's wins over any other called current ("Predischarge
	// echocardiogram showed ... 40%" in an office visit's history, then "Echocardiogram
	// today: ... ejection fraction 50%").
	now *findings.LVEF
	// Values with a study date: the latest-dated wins over undated guesses when the note
	// dates two or more studies differently ("TTE 12/10/2025 (index admission): LVEF 40%
	// ... TTE 03/09/2026: LVEF 50-55%").
	latest            *findings.LVEF
	latestDate, dated int
	dates             map[int]bool
	// A plain value in a results section (DATA, STUDIES, ECHO) is newer than a plain one the
	// history tells first ("hospitalized in March 2009 ... Echocardiogram then showed a left
	// ventricular ejection fraction of 35%" in the HPI, then "DATA:, ... Echocardiogram
	// 06/10/2009: Left ventricular ejection fraction 50-55%").
	plainResult *findings.LVEF
	// plainSec and plainGram: the plain value's section, and whether a ventriculogram gave it.
	plainSec       string
	plainGram      bool
	plainInHistory bool
	// gatedOnly: a gated SPECT's post-stress value the sentence names after its keyword,
	// the LVEF only over an earlier value ("Post-stress ejection fraction by gated SPECT
	// 70%. Echocardiogram: LVEF 35%" is 35; "Prior echo with EF 40%. ... Post-stress
	// ejection fraction by gated SPECT 62%" is 62)
	gatedOnly *findings.LVEF
}

// lvefStated is one stated value and the context its kind is read from.
type lvefStated struct {
	m        []int // lvefRe's submatch offsets in d.lower
	tail     int   // where the value's context goes on: past an earlier value's parenthesis
	v        *findings.LVEF
	hasRange bool
	// before: the clause up to the keyword; after: the clause after the value; sent: the
	// value's sentence up to it; ctx: the three together; label: the sentence's label
	// ("TTE heute:", "Vorbefund (05/25):")
	before, after, sent, ctx, label string
	boundBefore, priorSection       bool
	arrowTo                         *findings.LVEF // "LVEF 35-40% -> 50-55%": the value the arrow points to
}

// lowerAfter returns up to n bytes of d.lower after offset at.
func lowerAfter(d *doc, at, n int) string { return d.lower[at:min(len(d.lower), at+n)] }

// stated reads the value lvefRe matched at m with its context, or returns nil for what is
// no resting LVEF (no unit, another ventricle, a stress peak). A falling "range" ("LVEF has
// declined from 60% to 40%") is a change and is kept at once.
func (p *lvefPick) stated(d *doc, m []int) *lvefStated {
	hasPct := m[6] >= 0
	hasRange := m[8] >= 0
	if !hasPct && !hasRange {
		return nil // "EF 2" without a unit is not a percentage we trust
	}
	before := d.lower[max(0, m[0]-40):m[0]]
	before = clauseTail(before) // this clause only: "LVEF 30%, prior echo LVEF 25%"
	if lvefOtherRe.MatchString(d.lower[max(0, m[0]-25):m[0]]) && !lvefLeftKeywordRe.MatchString(d.lower[m[0]:]) {
		return nil // "RV EF 40%", not "dilated hypokinetic RV, LVEF 55%", which names the left ventricle
	}
	if biliaryStudy(d, m[0], m[1]) {
		return nil // "a HIDA scan was done, which showed a low normal ejection fraction of 40%": the gallbladder's (mts-1095)
	}
	after := clauseHead(lowerAfter(d, m[1], 25))
	tail := m[1] // where the value's own context goes on
	if strings.HasPrefix(strings.TrimSpace(lowerAfter(d, m[1], 3)), "(") {
		if q := lvefParenEarlierRe.FindStringIndex(lowerAfter(d, m[1], 40)); q != nil {
			tail = m[1] + q[1]
			after = clauseHead(lowerAfter(d, tail, 25)) // "LVEF 60-65% (70% in 2006)", "LVEF 35-40% (LVEF 50% in 2011)": the parenthesis dates the earlier value, not this one (sets hy, kc)
		}
	}
	sent := sentenceBefore(d, m[0]) // the value's sentence up to it
	gatedLast := false              // a post-stress value whose gated study is named after the keyword
	if lvefPostStressAfterRe.MatchString(after) {
		// "LVEF 41% post-stress; LVEF at rest 46%" (set lr): a stress value, the gated study's
		// own only where the note names no resting value
		if !lvefGatedRe.MatchString(sent) || lvefEchoRe.MatchString(sent) || lvefRestNamedRe.MatchString(d.lower) {
			return nil
		}
		gatedLast = true
	}
	stressed := lvefAtStressRe.MatchString(after) || peakEarlierInSentence(sent) && !lvefAtRestAfterRe.MatchString(after) // a stress named after the value or earlier in its sentence
	if stressed || lvefPeakBeforeRe.MatchString(before) && !gatedPostStress(before, sent, lowerAfter(d, m[1], 80)) {
		if stressed || !gatedPostStress(before, sent+" "+d.lower[m[0]:m[1]], lowerAfter(d, m[1], 80)) {
			return nil // "EF increased to 65% at peak", "At peak dobutamine dose he achieved 91% of predicted maximal heart rate; ejection fraction increased to 70%": a stress study's peak, not the resting LVEF (LABELLING.md)
		}
		// "Post-stress left ventricular ejection fraction by gated SPECT is 58%" (set ir):
		// the nuclear study's value, but only where the note states no current one and
		// names no resting value
		if lvefRestNamedRe.MatchString(d.lower) {
			return nil
		}
		gatedLast = true
	}
	v := lvefValue(d, m[4], m[5], m[8], m[9], m[0], m[1])
	if v == nil && hasRange && fromBeforeRe.MatchString(d.lower[m[3]:m[4]]) && strings.Contains(d.lower[m[5]:m[8]], "to") {
		// "LVEF has declined from 60% to 40%": no range (it runs downwards) but a change,
		// the second value the current one
		if from, to := lvefValue(d, m[4], m[5], -1, -1, m[0], m[1]), lvefValue(d, m[8], m[9], -1, -1, m[8], m[1]); from != nil && to != nil {
			p.prior, p.changed = from, to
		}
		return nil
	}
	if v == nil {
		return nil
	}
	if gatedLast {
		if p.gatedOnly == nil {
			p.gatedOnly = v
		}
		return nil
	}
	s := &lvefStated{m: m, v: v, hasRange: hasRange, before: before, after: after, sent: sent, tail: tail}
	s.ctx = before + " " + d.lower[m[0]:m[1]] + " " + after
	s.label = sentenceLabel(d, m[0]) // "TTE heute: ..., LVEF 56 %", "Vorbefund (05/25): LVEF 62 %"
	s.boundBefore = lvefBoundRe.MatchString(d.lower[m[3]:m[4]])
	s.priorSection = lvefPriorSectionRe.MatchString(d.section[d.lowerRune[m[0]]])
	if lvefArrowRe.MatchString(lowerAfter(d, m[1], 6)) {
		s.arrowTo = lvefFromTo(d, m[1])
	}
	return s
}

// datedBefore: the value's context names a year before the note's ("on repeat echo in early
// 2011" in a note of 2012); asked only of values a cue calls current.
func (s *lvefStated) datedBefore(d *doc) bool {
	return beforeNoteYear(d, s.ctx+" "+clauseHead(lowerAfter(d, s.tail, 60)))
}

// lvefDuringYearRe: right after a value, the episode it was measured in and its year.
var lvefDuringYearRe = regexp.MustCompile(`^\s*during\s+[^.;,()]{0,50}?\bin\s+((\d{1,2}/)?(19|20)\d\d)\b`)

// lvefOwnYearRe: a year right after a value, its own study's ("55% on an echo in 1997",
// "LVEF 40% in 2002"); not "55% (up from 25% in 2012)" or "55% after CRT in 2012".
var lvefOwnYearRe = regexp.MustCompile(`^\s*((on|by)\s+(an?\s+|the\s+)?(echo\w*|tte|tee|study|muga|cath\w*|ventriculogram|mri|nuclear study)\s+)?(in)\s+((\d{1,2}/)?(19|20)\d\d)\b`)

// date counts a value's study date, and keeps the latest-dated value. A COMPARISON
// section's studies date nothing current; a study its own words call prior counts among
// the dates but is never the latest ("Prior echo 01/2006 showed ejection fraction of 20%"
// in the history of an echo report whose own study is undated, set hs; "Transthoracic
// echocardiogram 05/2013: ... LVEF 50%. Prior echo 2010 LVEF 55%", set ip).
func (p *lvefPick) date(d *doc, s *lvefStated) {
	if s.boundBefore || s.priorSection {
		return
	}
	priorWorded := strings.Contains(s.ctx, "prior") && lvefPriorWordRe.MatchString(s.ctx)
	date := studyDate(s.label + " " + s.before)
	if y := lvefOwnYearRe.FindStringSubmatch(s.after); y != nil {
		date = studyDate(y[6]) // "TTE 11/03/1999: ... EF 40%, compared with an EF of 55% on an echo in 1997" (set jg): the value's own year, not the label's
	} else if y := lvefDuringYearRe.FindStringSubmatch(lowerAfter(d, s.m[1], 100)); y != nil {
		date = studyDate(y[1]) // "EF was reported at 40% during an episode of flutter with RVR in 2010" (set od)
	}
	if date == 0 && strings.Contains(s.sent, "/") && !lvefComparedRe.MatchString(s.sent) {
		if sm := sentStudyDateRe.FindString(s.sent); sm != "" {
			date = studyDate(sm) // "Limited echocardiogram on 01/14/2001, after 48 hours of sinus rhythm, showed ... an ejection fraction of 50 percent"
		}
	}
	if date == 0 && lvefGramRe.MatchString(s.sent) && !strings.Contains(s.sent, "cath") {
		// "Cardiac catheterization on 02/17/1997 showed ... Left ventriculogram showed an
		// ejection fraction of 30%" (set kg); not one whose own sentence names its
		// catheterization ("underwent repeat cardiac catheterization, where left
		// ventriculogram showed ...")
		date = cathDateBefore(d, s.m[0])
	}
	if date > 0 {
		p.dated++
		p.dates[date] = true
		if date >= p.latestDate && !priorWorded {
			p.latest, p.latestDate = s.v, date
		}
	}
}

// cathDateBeforeRe: the sentence before a ventriculogram's dates the catheterization it
// was part of; cathDateBefore reads its date, or 0 when another study is told between.
var (
	cathDateBeforeRe = regexp.MustCompile(`\bcatheteri[sz]ation\s+(on|dated)\s+(\d{1,2}/(\d{1,2}/)?(19|20)\d\d)\b[^.]*\.[\s,]*$`)
	otherStudyRe     = regexp.MustCompile(`\b(echo\w*|tte|tee|mri|muga|spect|nuclear|thallium|sestamibi)\b`)
)

func cathDateBefore(d *doc, at int) int {
	before := d.lower[max(0, at-400):at]
	if i := strings.LastIndex(before, "."); i >= 0 {
		before = before[:i+1] // up to the end of the sentence before
	}
	m := cathDateBeforeRe.FindStringSubmatchIndex(before)
	if m == nil || otherStudyRe.MatchString(before[m[1]:]) {
		return 0
	}
	return studyDate(before[m[4]:m[5]])
}

// classify sorts a value into its kind: a bound, an earlier value, a current one, a
// change's end, or a plain value.
func (p *lvefPick) classify(d *doc, s *lvefStated) {
	m, v, ctx, sent, label := s.m, s.v, s.ctx, s.sent, s.label
	// right after the value, the earlier value it changed from or is compared with
	next := lowerAfter(d, m[1], 30)
	changedFrom, comparedWith := lvefChangedFromRe.MatchString(next), lvefComparedAfterRe.MatchString(next)
	// the value was an earlier one and the sentence goes on to today's (lvefWasThenNowRe),
	// and whether the sentence opens with today's study (todayStudy)
	var wasThenNow *findings.LVEF
	if lvefWasThenNowRe.MatchString(lowerAfter(d, m[1], 60)) {
		wasThenNow = lvefChange(d, m[1])
	}
	today := todayStudy(sentenceBefore(d, m[0]))
	switch {
	case s.boundBefore || lvefBoundAfterRe.MatchString(lowerAfter(d, m[1], 20)):
		// "ICD if LVEF < 35 %", "EF greater than 50%": a threshold or a bound, not a
		// measured value, so never the LVEF (../shared/LABELLING.md); but an estimate
		// right after the bound is the study's value ("ejection fraction greater than
		// 75%, visually estimated about 80%", set hm)
		if e := lvefEstimateAfterRe.FindStringSubmatchIndex(lowerAfter(d, m[1], 50)); e != nil && p.plain == nil {
			if est := lvefValue(d, m[1]+e[10], m[1]+e[11], -1, -1, m[0], m[1]+e[1]); est != nil {
				p.plain, p.plainSec = est, d.section[d.lowerRune[m[0]]]
			}
		}
	case fromBeforeRe.MatchString(d.lower[m[3]:m[4]]) && (!s.priorSection || lvefFromTo(d, m[1]) != nil):
		// (a COMPARISON section's "LVEF has declined from 60% (11/1999) to 40% today"
		// names the change to today's value)
		// "EF improved from 25% to 30-35%": the earlier value, then the current one
		p.prior = v
		if c := lvefFromTo(d, m[1]); c != nil {
			p.changed = c
		} else if s.hasRange && strings.Contains(d.lower[m[5]:m[8]], "to") {
			// "LVEF has improved from 20% to 45%" read as one range: a change, the
			// second value the current one
			p.prior = lvefValue(d, m[4], m[5], -1, -1, m[0], m[1])
			p.changed = lvefValue(d, m[8], m[9], -1, -1, m[8], m[1])
		}
	case lvefRecoveredAfterRe.MatchString(lowerAfter(d, m[1], 40)) || lvefSinceRecoveredRe.MatchString(lowerAfter(d, m[1], 120)):
		p.prior = v // "Ischemic cardiomyopathy, EF 35% post MI, now recovered": what it was
	// a value an arrow leaves is where a change started, however the clause before it
	// reads ("now HF with improved EF (LVEF 20-25% -> 40%)")
	case strings.Contains(sent, "outside") && lvefOutsideRe.MatchString(sent) && !lvefOutsideTodayRe.MatchString(sent):
		// "Predischarge echo at the outside hospital reported EF 40%" in a consult beside
		// today's echo (set lv): another hospital's earlier study
		p.prior = v
	case strings.Contains(ctx, "discharge") && lvefDischargeWasRe.MatchString(ctx) && !dischargeNoteRe.MatchString(d.lower):
		// "At discharge his EF was 35%" in an office visit after the stay: what it was
		p.prior = v
	case wasThenNow != nil:
		// "The ejection fraction was 60% last year and is now estimated at 50%" (set ou):
		// the earlier value, then the current one
		p.prior, p.changed = v, wasThenNow
	case s.arrowTo == nil && (lvefCurrentRe.MatchString(ctx) || today || strings.Contains(sent, ";") && lvefCurrentRe.MatchString(sent[strings.LastIndex(sent, ";")+1:]) || changedFrom || comparedWith && lvefCurrentRe.MatchString(sent) || label != "" && lvefCurrentRe.MatchString(label) && !priorLabel(d, label)) && (!s.datedBefore(d) || (changedFrom || comparedWith) && !beforeNoteYear(d, label+" "+s.before)):
		// (a change's own earlier year dates the earlier value, not this one: "LVEF 35-40%
		// (improved from 20% in 2007 and 25% in 2008)" in a note of 2009, set kz)
		if p.current == nil {
			p.current = v
		}
		if p.now == nil && (lvefNowRe.MatchString(d.lower[m[0]:m[1]]+" "+s.after) || today || label != "" && lvefNowRe.MatchString(label) && !priorLabel(d, label)) {
			p.now = v
		}
		if p.afterProcedure == nil && lvefPostProcedureStudyRe.MatchString(ctx) || dischargeStudy(d, sent) {
			p.afterProcedure = v
		}
	case lvefPriorRe.MatchString(ctx) || priorLabel(d, label) || s.priorSection || lvefPriorOpensRe.MatchString(sent):
		p.prior = v
		// "was 25% in 2022 and has improved to 30-35%": the later value of the
		// sentence, named by its change, is the current one.
		if c := lvefChange(d, m[1]); c != nil {
			p.changed = c
		} else if c := lvefAfterProcedure(d, m[1]); c != nil {
			p.changed = c
		} else if l := lvefLaterListRe.FindStringSubmatchIndex(lowerAfter(d, m[1], 80)); l != nil {
			// "LVEF 40% in 2002, 35% on most recent echo 11/2003" (set if): the later value
			// the list names after the earlier one
			p.changed = lvefValue(d, m[1]+l[2], m[1]+l[3], -1, -1, m[1]+l[2], m[1]+l[1])
		}
	case s.arrowTo != nil:
		// "LVEF 35-40% -> 50-55%": the value a change started from, then the current one
		p.prior, p.changed = v, s.arrowTo
	case (lvefChangedToRe.MatchString(d.lower[m[3]:m[4]]) || lvefToOnlyRe.MatchString(d.lower[m[3]:m[4]]) && lvefChangeNounRe.MatchString(s.before) && !lvefPlannedRe.MatchString(sent)) && !s.datedBefore(d):
		// "LVEF improved to 35% to 40%", "improvement of the ejection fraction to 45%":
		// the value a change arrived at
		if p.current == nil {
			p.current = v
		}
	case lvefStudyOpensCurrentRe.MatchString(sent) && !lvefPlannedRe.MatchString(sent) && !beforeNoteYear(d, sent) && !(strings.Contains(sent, "ago") && agoRe.MatchString(sent)):
		// (not "His predischarge echo 3 weeks ago reported an LVEF of 40%", set id)
		// "The post-repair TEE showed trace residual mitral regurgitation, a mean
		// gradient of 3 mmHg and an LVEF of 50% to 55%": the sentence opens with the
		// current study, however many findings stand before the value
		if p.current == nil {
			p.current = v
		}
		if p.afterProcedure == nil && lvefPostProcedureStudyRe.MatchString(sent) || dischargeStudy(d, sent) {
			p.afterProcedure = v
		}
	case dischargeStudy(d, sent) && !lvefPlannedRe.MatchString(sent) && !beforeNoteYear(d, sent):
		// "The transthoracic echocardiogram performed prior to discharge showed
		// improvement ..., with an LVEF of 50% compared with 30% in July" in a
		// discharge summary: the stay's last study, however many findings stand
		// before the value (set gx)
		if p.current == nil {
			p.current = v
		}
		p.afterProcedure = v
	case lvefYearStudyRe.MatchString(s.before) && strings.Contains(d.lower[max(0, m[0]-300):m[0]], "past medical history"):
		// "PAST MEDICAL HISTORY (per transfer records):, ... echocardiogram 2009 with EF
		// 30%" (set hw): a history's dated study is earlier than the stay's
		p.prior = v
	case beforeNoteYear(d, sent):
		// "a cardiomyopathy diagnosed in 2010, when he presented with ... an LVEF of
		// 15%" in a note of 2012: the sentence dates what it tells before the note
		p.prior = v
	default:
		p.plainValue(d, s)
	}
}

// plainValue keeps a value no cue marks: the first, unless a change or a later study in
// the same or a results section tells a newer one.
func (p *lvefPick) plainValue(d *doc, s *lvefStated) {
	m, v, sent, label := s.m, s.v, s.sent, s.label
	if c := lvefChange(d, m[1]); c != nil {
		// "ejection fraction 30% on admission, improved to 45% on 05/16/2012": the
		// value a change started from, then the current one
		p.prior, p.changed = v, c
		return
	}
	if p.plain != nil && p.changed == nil && lvefChangedClauseRe.MatchString(sent) {
		// "... an ejection fraction of 20% after the infarct ... With medical therapy
		// his function has improved; echocardiogram in May 2009 showed an ejection
		// fraction of 30-35%": a value the change is told before, after an earlier one
		p.changed = v
		return
	}
	sec := d.section[d.lowerRune[m[0]]]
	switch {
	case p.plain == nil:
		p.plain, p.plainInHistory = v, lvefHistorySectionRe.MatchString(sec) && !lvefThisStayRe.MatchString(sent)
		p.plainSec, p.plainGram = sec, lvefGramRe.MatchString(sent)
	case p.plainGram && sec == p.plainSec && lvefEchoRe.MatchString(sent) && !lvefGramRe.MatchString(sent) && !lvefOlderEchoRe.MatchString(sent) && !lvefEarlierMarkRe.MatchString(label+" "+sent) && !beforeNoteYear(d, label+" "+sent):
		// "Left ventriculogram showed ... an estimated ejection fraction of 20%. ...
		// Echocardiogram on 02/27/2009 showed an ejection fraction of 15%": in one
		// section, an echo told after the cath's ventriculogram is the later study
		p.plain, p.plainGram = v, false
	case p.plainResult == nil && lvefResultSectionRe.MatchString(sec) && !lvefEarlierMarkRe.MatchString(label+" "+sent) && !beforeNoteYear(d, label+" "+sent):
		p.plainResult = v
	}
}

// best picks among the kinds: today's value, then one after the note's procedure, then
// any current one, the latest-dated when two or more studies are dated differently, a
// change's end, a results section's plain value over a history's, the first plain value,
// a gated study's post-stress value, and last the earlier one.
func (p *lvefPick) best() *findings.LVEF {
	switch {
	case p.now != nil:
		return p.now
	case p.afterProcedure != nil:
		return p.afterProcedure
	case p.current != nil:
		return p.current
	case p.dated >= 2 && len(p.dates) >= 2 && p.latest != nil:
		return p.latest
	case p.changed != nil:
		return p.changed
	case p.plain != nil && p.plainInHistory && p.plainResult != nil:
		return p.plainResult
	case p.plain != nil:
		return p.plain
	case p.gatedOnly != nil:
		return p.gatedOnly
	}
	return p.prior
}

// lvefPeakSentenceRe: a stress peak earlier in the value's sentence ("At peak dobutamine dose
// he achieved 91% of predicted maximal heart rate; ejection fraction increased to 70%",
// a dobutamine dose: lvefDobutamineRe), with
// no resting value named after it ("no wall motion abnormality at peak dose, baseline LVEF
// 60%"); "with maximal medical therapy" is no stress.
var (
	lvefPeakSentenceRe = regexp.MustCompile(`\b(at|during)\s+(peak|maximal|max)\b(\s+(dose|stress|exercise|dobutamine|heart rate))?|\bpeak[-\s]+(dose|stress|exercise)\b`)
	// lvefDobutamineRe: a dobutamine dose earlier in the sentence ("dobutamine to 40
	// mcg/kg/min plus atropine", set ls; "Low-dose dobutamine to 10 mcg/kg/min" of a
	// viability study), where the sentence names a stress (lvefStressWordRe): not an
	// inotrope's ("Started on dobutamine at 5 mcg/kg/min with improvement in urine output",
	// "transferred on dobutamine at 5 mcg/kg/min").
	lvefDobutamineRe = regexp.MustCompile(`\bdobutamine\b[^.;]{0,30}\b(to|at|up to)\s+\d+\s*(mcg|µg|micrograms?)\b`)
	lvefStressWordRe = regexp.MustCompile(`\b(stress|dse|viability|atropine|peak|wall motion|target heart rate|predicted|low-?\s?dose|stage)\b`)
	lvefRestingRe    = regexp.MustCompile(`\b(baseline|resting|at rest|rest)\b`)
)

// peakEarlierInSentence: lvefPeakSentenceRe in sent, no resting value named after it.
func peakEarlierInSentence(sent string) bool {
	end := -1 // where the sentence's last stress peak ends
	if locs := lvefPeakSentenceRe.FindAllStringIndex(sent, -1); len(locs) > 0 {
		end = locs[len(locs)-1][1]
	}
	if strings.Contains(sent, "dobutamine") && lvefStressWordRe.MatchString(sent) {
		if locs := lvefDobutamineRe.FindAllStringIndex(sent, -1); len(locs) > 0 {
			end = max(end, locs[len(locs)-1][1])
		}
	}
	return end >= 0 && !lvefRestingRe.MatchString(sent[end:])
}

// lvefAtStressRe and lvefPeakBeforeRe: right after a value or in its clause before it, the
// stress that raised it ("65% at peak", "70% with exercise", "at peak dose ejection fraction
// increased to 80%", a dobutamine dose's "At 20 mcg/kg/min the ejection fraction rose to
// 45%", "resting EF 55%, peak EF 70%", "post-stress LVEF 75%", "Post-exercise LVEF approximately
// 50%, decreased from rest", set kt); a gated SPECT's post-stress EF
// with no resting value beside it is the study's own (gatedPostStress).
// lvefGramRe and lvefEchoRe: a cath's ventriculogram, and an echocardiogram, named in a
// value's sentence; lvefOlderEchoRe: one that the sentence places earlier.
var (
	lvefGramRe = regexp.MustCompile(`\bventriculogra(m|phy)\b|\blv gram\b|\blv-?gram\b`)
	lvefEchoRe = regexp.MustCompile(`\b(echocardiogra(m|phy)|echo|tte|tee|transthoracic|transesophageal)\b`)
	// lvefOlderEchoRe: an echo the sentence places before the stay ("An echocardiogram from
	// 1998 ... reported", "His echocardiogram from 1999 had reported")
	lvefOlderEchoRe = regexp.MustCompile(`\b(from|in|of)\s+((early|late|mid-?)\s+)?(19|20)\d\d\b|\bhad\s+(shown|reported|demonstrated|revealed)\b|\b(before|prior to) (this |his |her |the )?(admission|presentation|hospitali[sz]ation|procedure|cath\w*)\b|\bago\b|\boutside\b|\boffice\b`)
)

// lvefPriorOpensRe: a sentence that opens with an earlier study, however far its value
// stands from the word ("Prior echocardiogram of 02/2000 reported an ejection fraction of
// 20%", in an echo report's history before today's 25-30%).
var lvefPriorOpensRe = regexp.MustCompile(`^\W*(the\s+|his\s+|her\s+|an?\s+)?(prior|previous|old|earlier|outside)\s+(trans\w+\s+)?(echo\w*|tte|tee|study|studies|cath\w*|nuclear|myocardial perfusion|mpi|muga|ventriculogra\w*|spect|stress test)\b[^.;]*$`)

// lvefChangedClauseRe: the value's sentence tells, before it, that the function changed.
var lvefChangedClauseRe = regexp.MustCompile(`\b(function|ef|lvef|ejection fraction)\s+(has\s+|had\s+)?(since\s+|subsequently\s+|gradually\s+)?(improved|recovered|normalized|declined|worsened|deteriorated)\b`)

var lvefPeakBeforeRe = regexp.MustCompile(`\b(at|with|during)\s+(peak|maximal|max)\b|\bpeak\s*$|\bat\s+\d+(\.\d+)?\s*(mcg|µg|micrograms?)\s*/\s*kg\b|\bpeak[-\s]+(dose|stress|exercise)\b|\bpost-?stress\b|\bpost[- ]?exercise\b`)

// gatedPostStress: a gated SPECT's post-stress EF, the study's own when the sentence gives
// no resting value and is no stress echo ("Gated SPECT: Normal wall motion, post-stress
// ejection fraction 62%", "Adenosine sestamibi ...: post-stress ejection fraction 33%");
// not "Dobutamine stress echocardiogram: post-stress LVEF 75%" or "Gated SPECT: post-stress
// ejection fraction 48%, rest ejection fraction 52%".
func gatedPostStress(before, sent, next string) bool {
	return (strings.Contains(before, "stress") || strings.Contains(before, "exercise")) && lvefPostStressRe.MatchString(before) && lvefGatedRe.MatchString(sent) && !lvefEchoRe.MatchString(sent) && !lvefRestNamedRe.MatchString(sent+" "+next)
}

var (
	lvefPostStressRe = regexp.MustCompile(`\bpost-?stress\b|\bpost[- ]?exercise\b`)
	lvefGatedRe      = regexp.MustCompile(`\b(gated|spect|sestamibi|myoview|tetrofosmin|thallium|nuclear|perfusion|mpi)\b`)
	lvefRestNamedRe  = regexp.MustCompile(`\brest(ing)?\s+(gated\s+)?(lv\s*)?(ef|lvef|ejection fraction)\b|\b(ef|lvef|ejection fraction)\s+(at|on)\s+rest\b|\bresting value\b|\bbaseline (ef|lvef|ejection fraction)\b|\brest images?\b[^.]{0,20}\b(ef|lvef|ejection fraction)\W{0,3}(is\s+|of\s+|was\s+)?\d|(^|[,;]\s*)(ef|lvef|ejection fraction)\s+\d{1,2}\s*%\s+(at|on)\s+rest\b`)
)

// lvefOutsideRe: a study another hospital did ("at the outside hospital", "an outside
// echo"); lvefOutsideTodayRe: unless the sentence dates it to this stay.
var (
	lvefOutsideRe      = regexp.MustCompile(`\b(at|from|by) (the |an |another )?outside (hospital|facility|institution|center)\b|\boutside (tte|tee|echo\w*|study|cath\w*)\b`)
	lvefOutsideTodayRe = regexp.MustCompile(`\b(today|this (morning|admission|stay)|on (admission|arrival)|yesterday)\b`)
)

// lvefPostStressAfterRe: "post-stress" right after the value ("LVEF 41% post-stress").
var lvefPostStressAfterRe = regexp.MustCompile(`^\s*(post-?stress|post[- ]?exercise)\b`)

// lvefAtRestAfterRe: "at rest" right after the value ("Dobutamine was infused at 10
// mcg/kg/min; LVEF 35% at rest").
var lvefAtRestAfterRe = regexp.MustCompile(`^\s*(at rest|resting|on rest)\b`)

var lvefAtStressRe = regexp.MustCompile(`^\s*(at|with|during|on)\s+(peak|maximal|max|stress|dobutamine|exercise)\b`)

// beforeNoteYearRe and beforeNoteYear: a value called current by its study ("on repeat
// echo") whose context names a year before the note's own ("her EF remained 30% on repeat
// echo in early 2011" in a note of 2012, "in December 2012" in one of 2013, "an echo in
// 03/2011" in one of 2012, set kg, "diagnosed in 03/2010 when she presented with ... an
// ejection fraction of 25%", set ik; a month and year only after a study or a diagnosis, not
// "first since his ICD in 3/2011"): an earlier study's.
var beforeNoteYearRe = regexp.MustCompile(`\bin (early |late |mid-?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? )?((19|20)\d\d)\b|\b(?:echo\w*|tte|tee|study|cath\w*|muga|mri|ventriculogram|diagnosed|presented|admitted|hospitali[sz]ed)\s+(?:done\s+|performed\s+)?in\s+\d{1,2}/((19|20)\d\d)\b`)

// lvefHistorySectionRe and lvefResultSectionRe: the sections that tell the history and
// those that report results, for plain values (lvef); lvefThisStayRe: a history's value of
// this stay, which a results section's does not outrank ("Echocardiogram on admission showed
// EF 40%"); lvefEarlierMarkRe: a results section's study the note calls earlier
// ("Nuclear stress test last year: ejection fraction 48%").
var (
	lvefThisStayRe       = regexp.MustCompile(`\b(on|at|upon) (admission|arrival|presentation)\b|\btoday\b|\bthis (admission|stay|hospitali[sz]ation)\b|\bin the (emergency|er|ed)\b`)
	lvefEarlierMarkRe    = regexp.MustCompile(`\b(last|previous|prior|the preceding) (year|month|spring|summer|fall|autumn|winter)\b|\b(prior|previous|previously|old|earlier|remote)\b|\byears? ago\b`)
	lvefHistorySectionRe = regexp.MustCompile(`^(history of present illness|history of the present illness|hpi|history|present illness|interval history|past medical history|past history|pmh|cardiac history|past cardiac history|clinical history)$`)
	lvefResultSectionRe  = regexp.MustCompile(`^((post-?operative|post-?op|repeat|follow-?up|transthoracic|transesophageal|limited|bedside|interval|current) (echo|echocardiogram|echocardiography)\b|hospital course|brief hospital course|course in hospital|data|studies|diagnostic studies|diagnostics|diagnostic data|results|test results|pertinent results|cardiac studies|investigations|imaging|echo|echocardiogram|echocardiography|objective data|laboratory data|labs and studies|labs/studies|findings|conclusions?|interpretation)\b`)
)

// lvefPriorSectionRe: a report's section that holds the earlier study it is compared with
// ("COMPARISON:  Echocardiogram of 02/2011, ejection fraction 60%."), or the indication that
// quotes the study that led to it ("INDICATION:, ... transthoracic echo showing an ejection
// fraction of approximately 25%. Catheterization to exclude an ischemic etiology." before the
// ventriculogram's 30%, set nh): the procedure's own value wins (testdata/real/README.md).
var lvefPriorSectionRe = regexp.MustCompile(`^(comparison|comparisons|compared to|compared with|prior studies|prior study|previous studies|previous study|indication|indications|clinical indication|reason for (study|exam|examination|procedure|referral|test)|vergleich|vorbefund|vorbefunde)$`)

// lvefArrowRe: an arrow right after a value, to the value it changed to.
var lvefArrowRe = regexp.MustCompile(`^\s*(->|→|=>)`)

// lvefDischargeWasRe and dischargeNoteRe: a value stated as it was at a discharge, in a
// note that is no discharge document (an office follow-up's "At discharge his EF was 35%"):
// an earlier value; in a discharge summary the value at discharge is the current one.
var (
	lvefDischargeWasRe = regexp.MustCompile(`\b((at|on|upon) (the time of )?|before |prior to )discharge\b[^.;]{0,40}\bwas\b|\bwas\b[^.;]{0,20}\b(at|on|upon|before|prior to) discharge\b`)
	dischargeNoteRe    = regexp.MustCompile(`discharge summary|hospital course|discharge diagnos|date of discharge|discharge date|discharged:|entlassungsbericht|entlassungsdiagnose`)
)

// lvefChangedToRe: between the keyword and the value, the change that arrived at it ("LVEF
// improved to 35% to 40%", "EF has recovered to 50%").
var lvefChangedToRe = regexp.MustCompile(`\b(improved|increased|recovered|risen|rose|decreased|declined|dropped|fallen|fell|normalized)( further)? to\s*$`)

// sentStudyDateRe: the value's sentence opens its study with the study's full date, however
// far before the value ("Transthoracic echocardiogram on 01/09/2001 showed a mildly dilated
// left ventricle with global hypokinesis and an ejection fraction of 35 percent").
// Not a sentence that compares with an earlier study ("Compared with the study of
// 01/09/2011, LVEF is 55%").
var (
	sentStudyDateRe = regexp.MustCompile(`\b(echo\w*|tte|tee|study|ventriculogram|muga|catheteri[sz]ation|cath)\b[^.;]{0,20}?\b(on|dated)\s+\d{1,2}/(\d{1,2}/)?(19|20)\d\d\b`)
	lvefComparedRe  = regexp.MustCompile(`\bcompar\w*|\b(prior|previous) (study|echo\w*|tte)\b`)
)

// lvefChangeNounRe: the change named as a noun before the keyword, the value after "to"
// ("showed improvement of the ejection fraction to 45%", "recovery of the ejection fraction
// to 50%").
var (
	lvefChangeNounRe = regexp.MustCompile(`\b(improvement|recovery|increase|rise|decrease|decline|drop|fall|reduction|deterioration|worsening|normali[sz]ation)\s+(in|of)\s+(the\s+|his\s+|her\s+)?(lv\s+|left ventricular\s+)?$`)
	lvefToOnlyRe     = regexp.MustCompile(`^\s*to\s*$`)
)

// lvefLeftKeywordRe: the value's keyword names the left ventricle itself ("LVEF 55%"),
// so an "RV" just before it is another finding's.
var lvefLeftKeywordRe = regexp.MustCompile(`^(lvef|lv |left ventric)`)

// lvefBiliaryRe names a gallbladder study in the sentence before a bare "ejection fraction":
// a HIDA (hepatobiliary) scan's ejection fraction is the gallbladder's.
var (
	lvefBiliaryRe = regexp.MustCompile(`\b(hida|hepatobiliary|cholescintigra\w*|cck|cholecystokinin|sincalide|kinevac)\b`)
	lvefHeartRe   = regexp.MustCompile(`\b(echo\w*|tte|tee|muga|myoview|cardiolite|sestamibi|thallium|stress|cath\w*|lhc|ventricul\w*|heart|cardiac|lv|chf|cardiomyopathy)\b|\b((systolic|diastolic) hf|hfref|hfpef)\b[\s,;:(-]*((with|and)\s+(an?\s+)?|reduced\s+|preserved\s+|last\s+|most\s+recent\s+|recent\s+)*((lv\s*)?(ef|ejection fraction|lvef)\b[^%]{0,12})?$`)
	// lvefOwnStudyRe: right after the value, the heart study that gave it ("35% by MUGA", "65%
	// on cardiac cath"); not "on cardiac monitoring".
	lvefOwnStudyRe = regexp.MustCompile(`^\s*(\(\s*(by\s+)?(echo\w*|tte|tee|muga|cath\w*|spect|cardiac\s+mri)\s*((on|from|dated|of)\s+)?(\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|(19|20)\d\d|[a-z]+\s+(19|20)\d\d)?\s*[,)]|(\([^()]*\)\s*)?(by|on|per|from)\s+(the\s+|a\s+|prior\s+|recent\s+|repeat\s+|left\s+|2d\s+|transthoracic\s+|transesophageal\s+)*(muga|\w*echo\w*|tte|tee|(cardiac\s+|left heart\s+)?cath\w*|lhc|ventriculogra\w*|myoview|sestamibi|cardiolite|nuclear stress|stress (test|echo)|cardiac mri|spect|(coronary\s+)?angiogra\w*|cardiology))`)
)

// biliaryStudy says whether the bare ejection fraction at "at" is a gallbladder study's: the
// sentence names a HIDA scan before it and no heart study after that ("HIDA-proven biliary
// dyskinesia; echo showed ejection fraction of 55%" is the heart's), nor a heart study named
// right after the value as its source ("ejection fraction was 35% by MUGA", "65% on cardiac
// cath").
func biliaryStudy(d *doc, at, end int) bool {
	if lvefLeftKeywordRe.MatchString(d.lower[at:]) {
		return false
	}
	sent := sentenceBefore(d, at)
	ms := lvefBiliaryRe.FindAllStringIndex(sent, -1)
	return ms != nil && !lvefHeartRe.MatchString(sent[ms[len(ms)-1][1]:]) && !lvefOwnStudyRe.MatchString(lowerAfter(d, end, 60))
}

// lvefRecoveredAfterRe: right after a value, that the ventricle has since recovered: the
// value is an earlier one ("EF 40%, which recovered after ablation"; not "has improved on
// medical therapy to 45%", which names the value it came to, nor today's "EF 45%, which
// improved with CRT").
var lvefRecoveredAfterRe = regexp.MustCompile(`^[^.;]{0,20}?\b((now|since|subsequently|later|has|have)\s+(recovered|improved|normali[sz]ed|resolved)|which\s+(has\s+)?(since\s+)?(recovered|normali[sz]ed|resolved))(\s+(after|with|on|following)\s+[^.;,\d%]{1,30}[.,;)]|\s*([.,;)]|$))`)

// lvefSinceRecoveredRe: later in the value's sentence, that the ventricle has since
// recovered ("her EF was reported at 40% during an episode of flutter with RVR in 2010,
// presumed tachycardia-mediated, and has since recovered", set od).
var lvefSinceRecoveredRe = regexp.MustCompile(`^[^.;]{0,100}?\b(has|have)\s+since\s+(recovered|normali[sz]ed|resolved)\s*([.;,]|$)`)

// lvefNowRe: the value is today's, said between its keyword and it, right after it or in
// its sentence's label ("ejection fraction now 50%", "Echocardiogram today: ...").
var lvefNowRe = regexp.MustCompile(`\btoday\b|\bthis (morning|afternoon|evening)\b|\bnow\b|\bcurrent(ly)?\b|\bthis (study|exam|echo)\b|\bheute\b|\baktuell\b|\bjetzt\b|\bderzeit\b|\bnunmehr\b`)

// lvefPostProcedureStudyRe: a study after the procedure.
var lvefPostProcedureStudyRe = regexp.MustCompile(`\b(` + lvefPostProcedure + `|post-?operatively)\b`)

// lvefPriorWordRe: a study its own words call earlier ("Prior echo 01/2006").
var lvefPriorWordRe = regexp.MustCompile(`\b(prior|previous) (echo\w*|tte|tee|study|studies|cath\w*|muga|ventriculogram|mri)\b`)

// lvefParenEarlierRe: right after a value, an earlier value in parentheses ("(70% in
// 2006)", "(previously 45%)").
var lvefParenEarlierRe = regexp.MustCompile(`^\s*\(\s*(lvef\s+|ef\s+)?(previously |prior |was |from |vs\.? )?\d{1,2}(\.\d)?\s*%[^()]{0,25}\)`)

// lvefYearStudyRe: a study named with its year right before the value.
var lvefYearStudyRe = regexp.MustCompile(`\b(echocardiogram|echo|tte|tee|muga|catheterization|cath) (19|20)\d\d (with|showed|showing|revealed)\s+$`)

// lvefLaterListRe: after a dated value, a second value on the latest study ("in 2002, 35%
// on most recent echo 11/2003").
var lvefLaterListRe = regexp.MustCompile(`^\s*(?:in|on|from)\s+[^,;%]{1,20},\s*(?:and\s+)?(\d{1,2})\s*%\s+(?:on|by|at)\s+(?:the\s+|his\s+|her\s+)?(?:most recent|latest|last|repeat|current|follow-up)\s+(?:echo\w*|tte|tee|study|muga|mri|ventriculogram)\b`)

// agoRe: a time ago in the value's sentence.
var agoRe = regexp.MustCompile(`\b(\d+|a|one|two|three|four|five|six|several|a few|many)\s+(days?|weeks?|months?|years?)\s+ago\b`)

// dischargeStudy: the value's sentence tells of this stay's study before discharge, in a
// discharge summary (lvefDischargeStudyRe); not "His predischarge echo 3 weeks ago
// reported an LVEF of 40%" (set id), an earlier stay's.
func dischargeStudy(d *doc, sent string) bool {
	if !lvefDischargeStudyRe.MatchString(sent) {
		return false
	}
	rest := lvefDischargeStudyRe.ReplaceAllString(sent, " ") // its "prior to discharge" marks nothing earlier
	return !lvefOlderEchoRe.MatchString(rest) && !lvefEarlierMarkRe.MatchString(rest) && dischargeNoteRe.MatchString(d.lower)
}

// lvefEstimateAfterRe: after a bound, the estimate that follows it; not a percentage of
// something else ("approximately 80% stenosis", "about 40% of patients").
var lvefEstimateAfterRe = regexp.MustCompile(`^\s*[,;]?\s*(but |and )?(visually |best )?(estimated|estimate|approximately|about|roughly)\s+(at\s+|to be\s+|about\s+|approximately\s+|around\s+)?(\d{2}(?:\.\d)?)\s*(%|percent)\s*([.;,)]|$|\s+(and|with|by|on|in)\b)`)

// lvefDischargeStudyRe: a study before discharge, later than any other after the
// procedure ("Post-bypass transesophageal echocardiogram showed ... an LVEF of 45% to
// 50%. ... Predischarge transthoracic echocardiogram on 10/09/2016 showed ... an LVEF of
// 55%", set hj).
var lvefDischargeStudyRe = regexp.MustCompile(`\b(pre-?discharge|(before|prior to|at|on the day of) discharge)\b[^.;]{0,25}?\b(tte|tee|echo|echocardiogram|echocardiography|transthoracic|transesophageal|study)\b|\b(tte|tee|echo|echocardiogram|echocardiography|study)\b[^.;]{0,15}?\b(before|prior to|at|on the day of) discharge\b`)

// lvefPostProcedure: after the procedure, in lvefPostProcedureStudyRe and
// lvefStudyOpensCurrentRe.
const lvefPostProcedure = `post-?(repair|op|operative|procedure|procedural|bypass|tavr|ablation|implant)`

// lvefStudyOpensCurrentRe: a sentence that opens with a study the note calls current (after
// the procedure, a repeat, today's, at discharge, "An echocardiogram on hospital day 4", "A
// transthoracic echocardiogram before discharge showed"),
// after a heading or a problem's label ("4. Left ventricular function: Postoperative
// transthoracic echocardiogram on 04/21/2013 showed", "Intraoperative transesophageal
// echocardiogram after bypass showed", "Echocardiogram today shows ...,
// ejection fraction 40-45%", "Echo done today shows LV dilated, ..., LVEF 25-30%").
var lvefStudyOpensCurrentRe = regexp.MustCompile(`^\W*(\d{1,2}[.)]\s+|[a-z][a-z /&-]{2,40}:\W*){0,3}(the |a |her |his |today's |today |this )?(` + lvefPostProcedure + `|repeat|follow-up|predischarge|pre-discharge|discharge)\b[^.;]{0,25}?\b(tte|tee|echo|echocardiogram|echocardiography|transthoracic|transesophageal|study)\b|^\W*(\d{1,2}[.)]\s+|[a-z][a-z /&-]{2,40}:\W*){0,3}(an? |the |her |his )?(repeat )?(intra-?operative |post-?operative )?(transthoracic |transesophageal )?(tte|tee|echo|echocardiogram|echocardiography) ((on|from) (hospital|postoperative|post-?op) day \d+|after (cardiopulmonary )?(bypass|the repair|repair|the procedure|valve replacement)\b|(before|prior to|at|on the day of) discharge\b|(during )?this (admission|hospitali[sz]ation|stay)\b|((done|performed|obtained) )?(today|this (morning|afternoon|evening)\b))`)

// lvefPlannedRe: a study still to come, or a clause that turns to something else, between
// the sentence's study and the value ("Repeat echocardiogram in 3 months; if EF remains
// 35% or less ...").
var lvefPlannedRe = regexp.MustCompile(`;|\bif\b|\bwill\b|\bin (\d+|a few|several|one|two|three|four|six)[- ](day|week|month|year)s?\b|\b(ordered|planned|scheduled|recommended|pending)\b`)

// priorLabel reports whether the label a value's sentence opens with marks an earlier
// study. The study's own date does not, when it falls within half a year before the note's
// ("ECHO (03/06/2014):" in a note of 03/08/2014, "TTE vor Entlassung (27.10.2025):").
func priorLabel(d *doc, label string) bool {
	if label == "" || !lvefPriorRe.MatchString(label) {
		return false
	}
	if date := studyDate(label); date%100 > 0 {
		if note := d.statedDate(); !note.IsZero() {
			t := time.Date(date/10000, time.Month(date/100%100), date%100, 0, 0, 0, 0, time.UTC)
			if diff := note.Sub(t); diff >= 0 && diff < 183*24*time.Hour {
				return lvefPriorRe.MatchString(studyDateRe.ReplaceAllString(label, " "))
			}
		}
	}
	return true
}

// sentenceBefore is the lower-cased text of the sentence holding byte offset at in
// d.lower, from its start to at.
func sentenceBefore(d *doc, at int) string {
	start := d.sentenceOf(d.lowerRune[at]).Start
	return d.lower[sort.SearchInts(d.lowerRune[:at], start):at] // lowerRune is sorted: the sentence's first byte, no copy
}

// clauseHead is s up to its first clause end (the mirror of clauseTail).
func clauseHead(s string) string {
	if i := strings.IndexAny(s, ".\n;,"); i >= 0 {
		return s[:i]
	}
	return s
}

func beforeNoteYear(d *doc, ctx string) bool {
	m := beforeNoteYearRe.FindStringSubmatch(ctx)
	if m == nil {
		return false
	}
	noteDate := d.statedDate()
	if noteDate.IsZero() {
		return false
	}
	y, _ := strconv.Atoi(m[2] + m[4]) // one of the two is empty
	return y < noteDate.Year()
}

// todayStudyRe: the value's sentence opens with today's study, further back than the value's
// context reaches ("Today's echocardiogram shows a dilated LV with LVEF 30-35%", set ps).
var todayStudyRe = regexp.MustCompile(`^\W*([a-z /]{2,30}:\W*)?(today'?s\s+(echo\w*|tte|tee|study|transthoracic\s+echo\w*)|(echo\w*|tte|tee)\s+((performed|done|obtained)\s+)?today)\b[^;]*$`)

// todayStudy: the value's sentence opens with today's study (todayStudyRe), with no earlier
// study named between it and the value ("Compared with today's echo, the previous study
// showed EF 40%" is no opening; "Echo done today (... prior study showing EF 30%)" names one).
func todayStudy(before string) bool {
	return todayStudyRe.MatchString(before) && !lvefEarlierWordRe.MatchString(before)
}

var lvefEarlierWordRe = regexp.MustCompile(`\b(prior|previous|earlier|old|compared|last|outside)\b`)

// lvefWasThenNowRe: right after a value, that it was an earlier one and the sentence goes on
// to today's ("60% last year and is now estimated at 50%").
var lvefWasThenNowRe = regexp.MustCompile(`^\s*(last year|previously|before|earlier|initially|at baseline|a year ago|(\d+|one|two|three|several) (months?|years?) ago|in (19|20)\d\d)\s*,?\s*(and|but)\s+((is|has been)\s+)?(now|currently)\b`)

// lvefChangeRe: a value the sentence gives after an earlier one, without repeating the
// keyword: "has improved to 30-35%", "now 45 %", "currently 40%".
var lvefChangeRe = regexp.MustCompile(`^[^.\n;]{0,60}?\b(?:improved|increased|decreased|declined|dropped|recovered|risen|fallen|now|currently|today|aktuell|jetzt|verbessert|gestiegen|gesunken)(?: (?:on|with|after) (?:(?:optimal |maximal |guideline[- ]directed )?medical (?:therapy|treatment|management)|gdmt|treatment|therapy|medications?))?(?:\s+(?:estimated|calculated|measured|visually estimated)(?:\s+to\s+be)?)?(?: to| at| is| auf)?\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:%|percent|prozent)?(?:\s*(?:-|–|to|bis)\s*(\d{1,3}(?:[.,]\d+)?))?\s*(%|percent|prozent)`)

// fromBeforeRe: "from" between the keyword and the value ("EF improved from 25%").
var fromBeforeRe = regexp.MustCompile(`\b(from|von)\s*$`)

// lvefFromToRe: the value a change went to, right after the value it came from ("from
// 25% to 30-35%", "von 25 % auf 40 %", "from 30% in 2010 to 45%", set ly).
var lvefFromToRe = regexp.MustCompile(`^\s*(?:\([^()]{1,20}\)\s*|(?:in|on)\s+(?:[a-z]+\.?\s+)?(?:\d{1,2}/)?(?:19|20)\d\d\s*,?\s*)?(?:to|->|→|auf)\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:%|percent|prozent)?(?:\s*(?:-|–|to|bis)\s*(\d{1,3}(?:[.,]\d+)?))?\s*(%|percent|prozent)`)

// lvefFromTo reads lvefFromToRe's value at byte offset from, or returns nil.
func lvefFromTo(d *doc, from int) *findings.LVEF {
	m := lvefFromToRe.FindStringSubmatchIndex(d.lower[from:])
	if m == nil {
		return nil
	}
	return changedValue(d, from, m)
}

// changedValue is the value lvefChangeRe's or lvefFromToRe's match m (indices relative
// to byte offset from) names: the number (group 1), a range's high end (group 2), the
// evidence from the number to the match's end.
func changedValue(d *doc, from int, m []int) *findings.LVEF {
	hs, he := m[4], m[5]
	if hs >= 0 {
		hs, he = from+hs, from+he
	}
	return lvefValue(d, from+m[2], from+m[3], hs, he, from+m[2], from+m[1])
}

// lvefValue is the LVEF stated by the number at d.lower[ls:le] (a range's high end at
// [hs:he], hs < 0 when none), with evidence [es:ee] (byte offsets), or nil for a
// percentage no LVEF can be (over 100, a range running backwards).
func lvefValue(d *doc, ls, le, hs, he, es, ee int) *findings.LVEF {
	low := parseNum(d.lower[ls:le])
	ev := []findings.Span{{Start: d.lowerRune[es], End: d.lowerRune[ee]}}
	if hs >= 0 {
		high := parseNum(d.lower[hs:he])
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
	if lvefAtStressRe.MatchString(d.lower[from+m[1] : min(len(d.lower), from+m[1]+30)]) {
		return nil // "Resting left ventricular ejection fraction was 60% and increased to 75% at peak stress": a peak
	}
	return changedValue(d, from, m)
}

// lvefAfterProcedureRe: the value after an earlier one that the sentence marks as after
// the procedure, without repeating the keyword ("LVEF 40% pre-bypass, 45% post-bypass").
var lvefAfterProcedureRe = regexp.MustCompile(`^[^.\n;]{0,30}?,\s*(?:and\s+)?(\d{1,2}(?:[.,]\d+)?)\s*(?:%|percent)?(?:\s*(?:-|–|to)\s*(\d{1,3}(?:[.,]\d+)?))?\s*(%|percent)\s*(?:post-?(?:bypass|op|operative(?:ly)?|procedure|repair|tavr|ablation|cpb|pump)\b|after (?:bypass|surgery|the procedure|repair|cpb))`)

// lvefAfterProcedure reads lvefAfterProcedureRe's value at byte offset from, or nil.
func lvefAfterProcedure(d *doc, from int) *findings.LVEF {
	m := lvefAfterProcedureRe.FindStringSubmatchIndex(d.lower[from:])
	if m == nil {
		return nil
	}
	return changedValue(d, from, m)
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

// sentenceLabel is the label that opens the sentence holding the byte offset at in
// d.lower, up to its colon ("tte heute", "vorbefund baseline-echo (05/25, vor chemo)"),
// or "" when the sentence opens with none before the offset.
func sentenceLabel(d *doc, at int) string {
	sent := d.sentenceOf(d.lowerRune[at])
	head := string(d.runes[sent.Start:max(sent.Start, d.lowerRune[at])])
	k := strings.IndexByte(head, ':')
	if k < 0 || k > 60 {
		return ""
	}
	return strings.ToLower(head[:k])
}

// studyDateRe: a study's date in the label or words before a value: 03/09/2026,
// 12/2025, 09.03.2026, or a year alone.
var studyDateRe = regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b|\b(\d{1,2})/((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\b`)

// studyDate is the last date in txt as yyyymmdd (missing parts 0), or 0 when none.
func studyDate(txt string) int {
	ms := studyDateRe.FindAllStringSubmatch(txt, -1)
	if len(ms) == 0 {
		return 0
	}
	m := ms[len(ms)-1]
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n } // the pattern holds digits only
	switch {
	case m[3] != "": // US month/day/year; a German day.month.year reads the same way only where both parts are <= 12
		a, b := atoi(m[1]), atoi(m[2])
		if strings.Contains(m[0], ".") {
			a, b = b, a // 09.03.2026 is 9 March
		}
		return atoi(m[3])*10000 + a*100 + b
	case m[5] != "":
		return atoi(m[5])*10000 + atoi(m[4])*100
	}
	return atoi(m[6]) * 10000
}
