package rules

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/notecoder/notecoder/nlp/findings"
)

// doc is a note prepared for matching: runes, a lower-cased copy with a byte-to-rune
// index (for fast strings.Index), sentences and section headers.
type doc struct {
	text      string
	runes     []rune
	lower     string
	lowerRune []int // byte offset in lower -> rune offset
	sentences []findings.Span
	section   []string // per rune: the lower-cased header of the section it lies in
	ageOnce   sync.Once
	ageYears  int // the patient's stated age, -1 if none (see age)
	// the sentences that mention tobacco, found once (smoking status, the model's
	// candidates and the training store all ask)
	tobaccoOnce sync.Once
	tobacco     []findings.Span
	germanOnce  sync.Once
	isGerman    bool
	isEnglish   bool
	// the date the note states for itself (statedDate), read once: the model asks it of
	// every tobacco sentence
	statedOnce sync.Once
	stated     time.Time
	// the note's words, lower-cased, gathered once: find asks each term's first word of it
	// before it searches the text
	wordsOnce sync.Once
	words     map[string]bool
}

// hasWord reports whether the note holds w, lower-cased, as a whole word (a run of letters
// and digits).
func (d *doc) hasWord(w string) bool {
	d.wordsOnce.Do(func() {
		d.words = map[string]bool{}
		for _, f := range strings.FieldsFunc(d.lower, func(r rune) bool { return !isWordRune(r) }) {
			d.words[f] = true
		}
	})
	return d.words[w]
}

// openingWord: the run of letters and digits that opens a lower-cased term, or "" when the
// term opens with another character.
func openingWord(term string) string {
	if k := strings.IndexFunc(term, func(r rune) bool { return !isWordRune(r) }); k >= 0 {
		return term[:k]
	}
	return term
}

// statedDate is the date the note gives itself in its first lines, or zero; read once.
func (d *doc) statedDate() time.Time {
	d.statedOnce.Do(func() { d.stated = statedDate(d.lower) })
	return d.stated
}

// german reports whether the note is written in German (more of German's commonest words
// than of English's); read once, when first asked.
func (d *doc) german() bool {
	d.germanOnce.Do(func() {
		count := func(words ...string) (n int) {
			for _, w := range words {
				n += strings.Count(d.lower, w)
			}
			return n
		}
		de, en := count(" und ", " der ", " die ", " mit ", " bei ", " nicht ", " keine ", " kein ", " eine "),
			count(" and ", " the ", " with ", " of ", " no ", " was ", " is ", " for ")
		d.isGerman, d.isEnglish = de > en, en > de
	})
	return d.isGerman
}

// english: the note is written in English (more of its common words are English than
// German); a line too short to tell is neither.
func (d *doc) english() bool {
	d.german()
	return d.isEnglish
}

// age is the patient's age as the note states it, or -1; read once, when first asked.
func (d *doc) age() int {
	d.ageOnce.Do(func() { d.ageYears = patientAge(d.lower) })
	return d.ageYears
}

func newDoc(text string) *doc {
	d := &doc{text: text, runes: []rune(text)}
	wrapped := d.split()
	var b strings.Builder
	b.Grow(len(text))
	d.lowerRune = make([]int, 0, len(text)+1)
	for i, r := range d.runes {
		lr := unicode.ToLower(r)
		if len(wrapped) > 0 && wrapped[0] == i { // a wrapped line's break reads as a space
			lr, wrapped = ' ', wrapped[1:]
		}
		n := utf8.RuneLen(lr)
		if n < 0 {
			lr, n = utf8.RuneError, 3
		}
		for k := 0; k < n; k++ {
			d.lowerRune = append(d.lowerRune, i)
		}
		b.WriteRune(lr)
	}
	d.lowerRune = append(d.lowerRune, len(d.runes))
	d.lower = b.String()
	return d
}

// split finds sentences (ended by . ! ? followed by space or a line break, or by a line
// break) and section headers ("Family history:", "Sozialanamnese:" at a line start).
// Transcriptions exported as one line (MTSamples and the CSVs built from it) write a line
// break as ".," ("...normal.,SOCIAL HISTORY: She..."): that ends the sentence and starts
// a line, so the header after it is seen. A line break inside hard-wrapped prose ends
// nothing (wrappedBreak): split returns where those breaks are, in order.
func (d *doc) split() (wrapped []int) {
	r := d.runes
	longest, cur := 0, 0 // the note's longest line: a fixed width shows in it
	for _, c := range r {
		if c == '\n' {
			longest, cur = max(longest, cur), 0
		} else {
			cur++
		}
	}
	longest = max(longest, cur)
	d.section = make([]string, len(r))
	start := 0
	flush := func(end int) {
		s, e := start, end
		for s < e && unicode.IsSpace(r[s]) {
			s++
		}
		for e > s && unicode.IsSpace(r[e-1]) {
			e--
		}
		if e > s {
			d.sentences = append(d.sentences, findings.Span{Start: s, End: e})
		}
		start = end
	}
	section := ""
	lineStart, lineBegin := 0, 0 // where a header may start (-1: none); where the line began
	for i := 0; i <= len(r); i++ {
		if i == lineStart {
			section = headerAt(r, i, section)
		}
		if i == len(r) {
			flush(i)
			return wrapped
		}
		d.section[i] = section
		c := r[i]
		next := -1 // where a line starts after a ".," line break
		if c == ',' && i > 0 && r[i-1] == '.' {
			next = lineAfterBreak(r, i+1)
		}
		switch {
		case c == '\n' && wrappedBreak(r, lineBegin, i, longest):
			wrapped = append(wrapped, i)
			lineStart, lineBegin = -1, i+1 // the sentence goes on: no header starts here
		case c == '\n':
			flush(i + 1)
			lineStart, lineBegin = i+1, i+1
		case next >= 0:
			flush(i)
			start, lineStart, lineBegin = next, next, next
		// A '?' standing alone is a query of what follows ("etiology unclear, ? CAD"), not
		// the end of a question.
		// A dot of a leader ("Diabetes ....... no") ends nothing.
		case (c == '.' && !(i > 0 && r[i-1] == '.' && i > 1 && r[i-2] == '.') || c == '!' || c == '?' && i > 0 && isWordRune(r[i-1]) && !answerFollows(r, i+1)) && i+1 < len(r) && unicode.IsSpace(r[i+1]) && !abbreviationEnds(r, i) && !(c == '.' && (listNumber(r, start, i) || germanOrdinal(r, i))):
			flush(i + 1)
		// A quotation that ends the sentence ('The outside list includes "CVA."  On review
		// ...'): the sentence ends after the closing quote.
		case (c == '.' || c == '!' || c == '?') && i+2 < len(r) && (r[i+1] == '"' || r[i+1] == '”') && unicode.IsSpace(r[i+2]) && !abbreviationEnds(r, i):
			flush(i + 2)
		}
	}
	return wrapped
}

// listNumber: the '.' at i ends a list item's number at the start of a sentence or after
// a heading ("ASSESSMENT:,  1.  Healthy adolescent.  2.  Tobacco use."; not after a bare
// comma, "1996,4. Steroid induced diabetes" in a note that writes no ".,"): the number opens
// the item's sentence rather than being one.
func listNumber(r []rune, start, i int) bool {
	j := i
	for j > start && j > i-2 && unicode.IsDigit(r[j-1]) {
		j--
	}
	if j == i || j > start && unicode.IsDigit(r[j-1]) {
		return false
	}
	for j > start && (r[j-1] == ' ' || r[j-1] == '\t') {
		j--
	}
	return j == start || r[j-1] == ':' || r[j-1] == ',' && j > 1 && (r[j-2] == ':' || r[j-2] == '.')
}

// answerFollows: a form's question is answered on its line ("Do you currently use
// tobacco? No", "Do you use tobacco in any form? [ ] Yes [X] No"): the answer is part of
// the question's sentence.
func answerFollows(r []rune, i int) bool {
	for i < len(r) && (r[i] == ' ' || r[i] == '\t') {
		i++
	}
	if i < len(r) && (r[i] == '[' || r[i] == '☐' || r[i] == '☒' || r[i] == '□') {
		return true
	}
	j := i
	for j < len(r) && unicode.IsLetter(r[j]) {
		j++
	}
	if j < len(r) && (r[j] == '/' || r[j] == '-' && j+1 < len(r) && unicode.IsLetter(r[j+1])) {
		return false // "No-show", "N/A" reads as text
	}
	return answerWords[strings.ToLower(string(r[i:j]))]
}

var answerWords = map[string]bool{"yes": true, "no": true, "y": true, "n": true, "never": true, "none": true, "denies": true, "ja": true, "nein": true, "former": true, "current": true}

// wrappedBreak: the line break at r[i] wraps prose rather than ending a line of its own
// (EHR exports and textbook histories wrapped at a fixed width: "However, she now has high
// blood\npressure and is concerned"; "Sweating average. No\nsymptoms or history of
// diabetes"). The note is written to a fixed width (no line longer than wrapMaxWidth) and
// the line before nearly fills it (a list item or a heading is short); it ends in no punctuation
// that closes a sentence or a label; the next line goes on in lower case and opens no
// label or item of its own ("pmh: hypertension", "diabetes mellitus type 2 - A1c 7.2": a
// typed note's next line, not a wrap).
func wrappedBreak(r []rune, lineStart, i, longest int) bool {
	n := i - lineStart
	if n < wrapMinLine || longest > wrapMaxWidth || 10*n < 7*longest || i+1 >= len(r) {
		return false
	}
	from, hanging := i+1, false // where the next line's text starts
	if !unicode.IsLower(r[from]) {
		// A numbered item's hanging indent ("2. Resting LVEF 50% - cannot exclude prior
		// silent inferior\n   MI."): the next line indented to the item's text goes on
		// with it, in any case.
		ind := hangingIndent(r, lineStart)
		if ind == 0 { // the item's own continuation lines keep its indent
			for ind < len(r)-lineStart && r[lineStart+ind] == ' ' {
				ind++
			}
			if ind < 2 {
				ind = 0
			}
		}
		for from < len(r) && r[from] == ' ' && from-i-1 < ind {
			from++
		}
		if ind == 0 || from-i-1 != ind || from >= len(r) || !isWordRune(r[from]) && r[from] != '(' {
			return false
		}
		hanging = true // indented to the item's text: no item of its own
	}
	e := i
	for e > lineStart && (r[e-1] == ' ' || r[e-1] == '\r' || r[e-1] == '\t') {
		e--
	}
	if e == lineStart || strings.ContainsRune(".!?:;", r[e-1]) {
		return false
	}
	next := strings.ToLower(string(r[from:min(len(r), from+60)]))
	if labelStartRe.MatchString(next) {
		return false
	}
	// A line that ends on a word that cannot end a phrase ("died of a", "no h/o") goes
	// on, whatever follows; else a next line that opens with a concept is an item of its own.
	b := e
	for b > lineStart && r[b-1] != ' ' && r[b-1] != '\t' {
		b--
	}
	return hanging || openWords[strings.ToLower(string(r[b:e]))] || !startsWithConcept(next)
}

// hangingIndent is how far the text of a numbered or bulleted item starting its line at
// lineStart stands from the line start ("2. Resting" 3, "10) Heart" 4, "  1. CAD" 5, "- Risks"
// 2), or 0 for a line that is no such item.
func hangingIndent(r []rune, lineStart int) int {
	k := lineStart
	for k < len(r) && r[k] == ' ' {
		k++
	}
	d := k
	for d < len(r) && d-k < 2 && unicode.IsDigit(r[d]) {
		d++
	}
	switch {
	case d == k && k < len(r) && (r[k] == '-' || r[k] == '*' || r[k] == '•') && k+1 < len(r) && r[k+1] == ' ':
		d = k + 1 // a bulleted item: "- Risks discussed incl. ...\n  (prone, long case), MI"
	case d == k || d >= len(r) || (r[d] != '.' && r[d] != ')') || d+1 >= len(r) || r[d+1] != ' ':
		return 0
	default:
		d++
	}
	for d < len(r) && r[d] == ' ' {
		d++
	}
	return d - lineStart
}

// openWords cannot end a phrase: a line that ends on one was wrapped.
var openWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "to": true, "with": true, "and": true, "or": true, "no": true, "her": true, "his": true,
	"has": true, "had": true, "have": true, "for": true, "in": true, "on": true, "at": true, "by": true, "from": true, "was": true, "is": true, "are": true, "were": true,
	"high": true, "any": true, "h/o": true, "s/p": true, "w/": true, "w/o": true, "c/o": true, "r/o": true, "hx": true, "dx": true, "known": true, "chronic": true, "prior": true, "possible": true, "suspected": true, "probable": true, "denies": true, "ein": true, "eine": true, "einer": true, "der": true, "die": true, "das": true, "mit": true, "bei": true, "und": true, "oder": true, "kein": true, "keine": true}

const (
	wrapMinLine  = 50  // how long a line must be to be wrapped prose
	wrapMaxWidth = 120 // the widest fixed width notes are wrapped at
)

// labelStartRe: a line that opens with a label ("pmh:", "past medical history:").
var labelStartRe = regexp.MustCompile(`^[a-z][a-z0-9 /&()#-]{0,30}:`)

// startsWithConcept: the line opens with the name of a concept of the lexicon (an item
// of its own in a typed list).
func startsWithConcept(line string) bool {
	if strings.Contains(line, "infarct") {
		if m := brainInfarctRe.FindStringIndex(line); m != nil && m[0] == 0 {
			return true
		}
	}
	for _, terms := range lexicon {
		for _, t := range terms {
			if lt := strings.ToLower(t); strings.HasPrefix(line, lt) && (len(line) == len(lt) || !isWordRune([]rune(line[len(lt):])[0])) {
				return true
			}
		}
	}
	return false
}

// lineAfterBreak: where the next line starts after a ".," at r[i-2:i], or -1 when it is
// no line break. It is one when text follows directly ("normal.,SOCIAL HISTORY"; not a
// digit, "1.,5", unless it numbers an item, ".,2.  Hypertension."), or after a space or
// two before a capital ("., IMPRESSION:"), or when spaces and a second ',' follow, an
// empty line (".., ,PAST MEDICAL HISTORY:"); then the line starts after that ','.
func lineAfterBreak(r []rune, i int) int {
	if i < len(r) && !unicode.IsSpace(r[i]) && !unicode.IsDigit(r[i]) {
		return i
	}
	if k := i; k < len(r) && unicode.IsDigit(r[k]) { // a numbered item: ".,2.  Hypertension."
		for k < len(r) && k < i+2 && unicode.IsDigit(r[k]) {
			k++
		}
		if k+1 < len(r) && (r[k] == '.' || r[k] == ')') && unicode.IsSpace(r[k+1]) {
			return i
		}
	}
	j := i
	for j < len(r) && r[j] == ' ' {
		j++
	}
	if j > i && j < len(r) && j-i <= 3 && capsHeadingAt(r, j) {
		return j // a heading line that starts with a space or two ("...no LV thrombus., IMPRESSION:, 1. ..."; not "ca. 60 J., Zuverlegung", "b.i.d., Zyban")
	}
	if j == i || j >= len(r) || r[j] != ',' {
		return -1
	}
	return j + 1
}

// datedHeadingEnd: where the name of a heading in capitals followed by its study's date
// ends ("ECHO 03/18/2014:", "LABS 09/2003:", "CXR 2011:") and where its colon is, when the
// line at i is one and the date starts at j; else 0, 0.
func datedHeadingEnd(r []rune, i, j int) (nameEnd, colon int) {
	if j-i < 3 || r[j-1] != ' ' || !unicode.IsDigit(r[j]) && !(r[j] == '(' && j+1 < len(r) && unicode.IsDigit(r[j+1])) {
		return 0, 0
	}
	for _, c := range r[i : j-1] {
		if !unicode.IsUpper(c) && c != ' ' && c != '/' {
			return 0, 0
		}
	}
	if m := datedHeadingRe.FindString(string(r[j:min(len(r), j+14)])); m != "" {
		return j - 1, j + len(m) - 1 // the date is ASCII: its bytes are its runes
	}
	return 0, 0
}

// familyItem: in a family history, a label that is a relative or whose colon a relative
// answers is an item of that history, not a new heading ("Coronary artery disease: Father
// (CABG at age 60).", "Mother: hypertension; stroke at 80", "CABG 2010: father.").
func familyItem(r []rune, i, labelEnd, colon int, cur string) bool {
	return familySection(cur) && (relativeAnswerRe.MatchString(string(r[colon+1:min(len(r), colon+40)])) || relativeLabelRe.MatchString(string(r[i:labelEnd])))
}

// datedHeadingRe: the date of a dated heading, up to its colon; it may stand in
// parentheses ("ECHOCARDIOGRAM (04/20/2011):", set mw).
var datedHeadingRe = regexp.MustCompile(`^` + headingDate + `:|^\(` + headingDate + `\):`)

const headingDate = `(\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|(19|20)\d\d)`

// capsHeadingAt: a heading in capitals starts at j ("IMPRESSION:", "PHYSICAL EXAMINATION:").
func capsHeadingAt(r []rune, j int) bool {
	k := j
	for k < len(r) && k-j < 40 && (unicode.IsUpper(r[k]) || r[k] == ' ' || r[k] == '/' || r[k] == '&' || r[k] == '-') {
		k++
	}
	return k-j >= 3 && k < len(r) && r[k] == ':'
}

// headerAt returns the section header starting at line start i, or keeps cur. A header
// is a short label ending in ':' at the start of a line.
func headerAt(r []rune, i int, cur string) string {
	j := i
	for j < len(r) && j-i < 40 && r[j] != ':' && r[j] != '\n' && r[j] != '?' {
		if !(unicode.IsLetter(r[j]) || r[j] == ' ' || r[j] == '-' || r[j] == '/' || r[j] == '&') {
			if k, colon := datedHeadingEnd(r, i, j); k > 0 {
				if familyItem(r, i, k, colon, cur) {
					return cur // "CABG 2010: father."
				}
				return strings.ToLower(string(r[i:k])) // "ECHO 03/18/2014:", "LABS 03/20/2014:"
			}
			return cur
		}
		j++
	}
	if j == i+1 && j < len(r) && r[j] == ':' && strings.ContainsRune("SOAP", r[i]) {
		return strings.ToLower(string(r[i])) // a SOAP note's "S:", "O:", "A:", "P:"
	}
	if j < len(r) && r[j] == ':' && j > i+1 {
		if familyItem(r, i, j, j, cur) {
			return cur // "Coronary artery disease: Father (CABG at age 60)." and "Mother: hypertension; stroke at 80"
		}
		return strings.ToLower(strings.TrimSpace(string(r[i:j])))
	}
	if j < len(r) && r[j] == '\n' && j > i && bareHeading(string(r[i:j])) {
		h := strings.ToLower(strings.TrimSpace(string(r[i:j])))
		if relativeHeadingRe.MatchString(h) && (strings.Contains(cur, "family") || strings.Contains(cur, "familie")) {
			return cur // "Maternal Medical History" inside the family history
		}
		return h
	}
	if j+1 < len(r) && r[j] == '?' && (r[j+1] == '\n' || r[j+1] == ',') && riskQuestionRe.MatchString(strings.ToLower(string(r[i:j]))) {
		return strings.ToLower(strings.TrimSpace(string(r[i:j]))) // "What increases your risk?" heading an education sheet's list; "WHAT CAUSES CATARACT FORMATION?,*  Aging" run in (mts-913)
	}
	if j < len(r) && r[j] == '\n' && j == i { // blank line ends a section
		return ""
	}
	return cur
}

// riskQuestion and riskQuestionRe: a patient-education sheet's question that heads a list
// of risks or causes ("What increases your risk?", "What causes atrial fibrillation?");
// hypoSectionRe, built on riskQuestion too, reads its items as possibilities.
const riskQuestion = `(what (increases|raises) (your |the )?risk|what are (the |your )?risk factors|what causes|who is at risk)\b`

var riskQuestionRe = regexp.MustCompile(`^\s*` + riskQuestion)

// relativeAnswerRe: what follows a label's colon when the label is a relative's condition
// ("Coronary artery disease: Father", "Diabetes: maternal grandmother", "KHK: Vater").
var relativeAnswerRe = regexp.MustCompile(`(?i)^\s*(his |her |the )?(` + relative + `|parent|grand\w*|maternal|paternal|mutter|vater|eltern|bruder|brüder|schwester\w*|sohn|tochter|tante|onkel|großmutter|großvater)\b`)

// relativeLabelRe: a label that is a relative and nothing else ("Mother", "Maternal
// grandfather").
var relativeLabelRe = regexp.MustCompile(`(?i)^\s*((maternal|paternal)\s+)?(` + relative + `|parents?|grand\w*|mutter|vater|eltern|bruder|brüder|schwester\w*|sohn|tochter|tante|onkel|großmutter|großvater)\s*$`)

// relativeHeadingRe: a heading that names relatives.
var relativeHeadingRe = regexp.MustCompile(`\b(maternal|paternal|mother|father|parents?|siblings?|brothers?|sisters?|grand\w*|mütterlich\w*|väterlich\w*)\b`)

// bareHeading: a line of its own, without ':', that is a section heading ("FAMILY
// HISTORY", "Review of Systems", "CURRENT HEALTH STATUS"): at most five words, all upper
// case or capitalised (small words like "of" aside), the last one a heading's word. A
// condition alone on a line ("DIABETES", "Congestive Heart Failure") is no heading: it
// would end the section it is listed in.
func bareHeading(line string) bool {
	words := strings.Fields(line)
	if len(words) == 0 || len(words) > 5 || !headingWords[strings.ToLower(words[len(words)-1])] {
		return false
	}
	for _, w := range words {
		if !unicode.IsUpper([]rune(w)[0]) && !smallWords[w] {
			return false
		}
	}
	return true
}

var (
	headingWords = map[string]bool{"history": true, "complaint": true, "illness": true, "systems": true, "exam": true, "examination": true, "medications": true, "allergies": true,
		"assessment": true, "plan": true, "impression": true, "diagnosis": true, "diagnoses": true, "findings": true, "course": true, "recommendations": true, "status": true,
		"data": true, "procedure": true, "procedures": true, "results": true, "labs": true, "vitals": true, "habits": true, "list": true,
		"anamnese": true, "familienanamnese": true, "sozialanamnese": true, "befund": true, "befunde": true, "diagnosen": true, "medikation": true, "therapie": true,
		"procedere": true, "epikrise": true, "beurteilung": true, "verlauf": true}
	smallWords = map[string]bool{"of": true, "and": true, "&": true, "the": true, "for": true, "to": true, "-": true, "/": true, "und": true}
)

// abbreviationEnds reports whether the '.' at i ends an abbreviation (Z.n., V.a., s.p.,
// Dr., approx., "(ca.") rather than a sentence.
func abbreviationEnds(r []rune, i int) bool {
	j := i
	for j > 0 && !unicode.IsSpace(r[j-1]) {
		j--
	}
	word := strings.ToLower(strings.TrimLeft(string(r[j:i+1]), "([{\"'"))
	switch word {
	case "z.n.", "v.a.", "s.p.", "dr.", "approx.", "ca.", "bzw.", "z.b.", "vs.", "u.a.", "st.", "n.", "mg.", "pt.", "hx.", "pat.", "ggf.", "evtl.", "bds.", "re.", "li.", "chron.", "art.", "sog.", "insb.", "v.", "a.e.", "inkl.", "incl.", "lt.", "rt.":
		return true
	case "j.", "jr.", "lj.": // German age: "mit 60 J. einen Schlaganfall", "im 45. Lj."
		return j >= 2 && (unicode.IsDigit(r[j-2]) || r[j-2] == '.')
	}
	// e.g. "a.m."; not a number closed by a parenthesis ("No DM (A1c 5.4). Hyperlipidemia")
	return strings.Count(word, ".") > 1 && len([]rune(word)) <= 6 && !strings.HasSuffix(word, ").")
}

// germanOrdinal reports whether the '.' at i ends a German ordinal number rather than a
// sentence: "seit dem 18. Lebensjahr", "am 2. Mai", "vom 3. bis 5. Juni", "Z.n. Infarkt 3.
// Januar 2019". It reads the word before the number (a preposition or article that takes a
// date or an ordinal) and the word after it (a month or a noun counted in ordinals).
func germanOrdinal(r []rune, i int) bool {
	j := i
	for j > 0 && i-j < 2 && unicode.IsDigit(r[j-1]) {
		j--
	}
	if j == i || j > 0 && !unicode.IsSpace(r[j-1]) && r[j-1] != '(' {
		return false // no number, or part of a longer token ("2.5.", "12.03.")
	}
	k := j
	for k > 0 && unicode.IsSpace(r[k-1]) {
		k--
	}
	w := k
	for w > 0 && unicode.IsLetter(r[w-1]) {
		w--
	}
	if germanOrdinalBefore[strings.ToLower(string(r[w:k]))] {
		return true
	}
	a := i + 1
	for a < len(r) && unicode.IsSpace(r[a]) {
		a++
	}
	b := a
	for b < len(r) && unicode.IsLetter(r[b]) {
		b++
	}
	after := strings.ToLower(string(r[a:b]))
	return germanOrdinalAfter[after] || strings.HasPrefix(after, "lebens")
}

var (
	// the words before a German ordinal: "am 2.", "vom 3.", "seit dem 18.", "bis zum 5.", "im 45."
	germanOrdinalBefore = map[string]bool{"am": true, "vom": true, "seit": true, "dem": true, "den": true, "zum": true, "im": true, "bis": true, "des": true, "zur": true, "ab": true}
	// the words after one: the months that are not English words too, and nouns counted
	// in ordinals ("18. Lebensjahr" is read by its prefix)
	germanOrdinalAfter = map[string]bool{"januar": true, "jänner": true, "februar": true, "märz": true, "mai": true, "juni": true, "juli": true, "oktober": true, "dezember": true,
		"ssw": true, "schwangerschaftswoche": true, "postoperativen": true, "postoperativer": true, "tag": true, "tage": true, "grades": true, "zyklus": true, "quartal": true}
)

// sentenceOf returns the sentence containing rune offset i (the sentences are in order
// and do not overlap: a binary search), or an empty span at i between sentences.
func (d *doc) sentenceOf(i int) findings.Span {
	k := sort.Search(len(d.sentences), func(k int) bool { return d.sentences[k].End > i })
	if k < len(d.sentences) && d.sentences[k].Start <= i {
		return d.sentences[k]
	}
	return findings.Span{Start: i, End: i}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// findAll returns the spans of every whole-word occurrence of term. Terms written with
// upper-case letters and at most 5 characters (CHF, KHK, VHF) match case-sensitively;
// others ignore case.
func (d *doc) findAll(term string) []findings.Span { return d.find(term, true) }

// findBlocker is findAll for a blocker: an abbreviation inside one ("MR#") is no concept
// whatever the note calls its patient.
func (d *doc) findBlocker(term string) []findings.Span { return d.find(term, false) }

func (d *doc) find(term string, concept bool) []findings.Span {
	if w := openingWord(strings.ToLower(term)); w != "" && !d.hasWord(w) {
		// a whole-word match opens with the term's first word as a whole word of the note
		// (TestFindAsksOnlyNotesWithTheOpeningWord): a note without it holds no match
		return nil
	}
	return d.scan(term, concept)
}

// scan is find without asking the note's words first.
func (d *doc) scan(term string, concept bool) []findings.Span {
	caseSensitive := len([]rune(term)) <= 5 && term != strings.ToLower(term)
	hay, needle := d.lower, strings.ToLower(term)
	if caseSensitive {
		hay, needle = d.text, term
	}
	var out []findings.Span
	name := 0 // 0: not asked yet, 1: no, 2: the note uses term as a person's initials
	for from := 0; from <= len(hay); {
		k := strings.Index(hay[from:], needle)
		if k < 0 {
			break
		}
		bs, be := from+k, from+k+len(needle)
		from = bs + 1
		var s, e int
		if caseSensitive {
			s, e = utf8.RuneCountInString(d.text[:bs]), utf8.RuneCountInString(d.text[:be])
		} else {
			s, e = d.lowerRune[bs], d.lowerRune[be]
		}
		if s > 0 && isWordRune(d.runes[s-1]) && isWordRune([]rune(needle)[0]) {
			continue
		}
		if e < len(d.runes) && isWordRune(d.runes[e]) && isWordRune([]rune(needle)[len([]rune(needle))-1]) {
			continue
		}
		if caseSensitive && concept && name == 0 { // asked once per term, at its first occurrence
			name = 1
			if d.isName(term) {
				name = 2
			}
		}
		if caseSensitive && (name == 2 || !abbreviationHere(d.runes, s, e)) {
			continue
		}
		if caseSensitive && needle == "LAE" && d.english() {
			continue // English LAE is left atrial enlargement ("ECG: sinus tachycardia 102, LAE"), not the German Lungenarterienembolie
		}
		out = append(out, findings.Span{Start: s, End: e})
	}
	return out
}

// abbreviationHere reports whether an upper-case abbreviation at runes[s:e] can stand for
// a concept where it is: not the word "as" in a heading in capitals ("TRANSPLANT FIRST
// MENTIONED AS TREATMENT OPTION"), not a grade in a motor exam ("AF 5-/5-": ankle flexion), not the
// tail of a capitalised compound name ("CIVI-CAD", a chemotherapy regimen).
// heartBlockNearRe: words near "CHB" that make it complete heart block.
var heartBlockNearRe = regexp.MustCompile(`pacemaker|\bppm\b|pacing|paced|heart block|av block|\bavb\b|junctional|escape rhythm|ventricular escape|mobitz|bradycard|syncope`)

func abbreviationHere(r []rune, s, e int) bool {
	capsWord := func(from, step int) bool { // the word next to the match, one space away
		i := from
		if i < 0 || i >= len(r) || r[i] != ' ' {
			return false
		}
		i += step
		n := 0
		for i >= 0 && i < len(r) && unicode.IsLetter(r[i]) {
			if !unicode.IsUpper(r[i]) {
				return false
			}
			n++
			i += step
		}
		return n >= 3
	}
	ab := string(r[s:e])
	if ab == "AS" && (capsWord(s-1, -1) && capsWord(e, 1) && !gradeBeforeRe.MatchString(string(r[max(0, s-12):s])) || asWordNextRe.MatchString(string(r[e:min(len(r), e+14)]))) {
		return false // only "AS", the English word: a note in capitals still says "HAS HTN AND CAD"; "TAKE 1 CAPSULE AS DIRECTED"
	}
	if ab == "HT" && (vitalsNearRe.MatchString(string(r[max(0, s-16):min(len(r), e+16)])) || measureNextRe.MatchString(string(r[e:min(len(r), e+12)]))) {
		return false // height in a vital-signs table ("WT\tHT\tBMI", "HT 172 cm")
	}
	if ab == "AF" && motorGradeRe.MatchString(string(r[e:min(len(r), e+8)])) {
		return false // ankle flexion; "MR 2/4" is a grade of the regurgitation
	}
	if ab == "AF" && rateNextRe.MatchString(string(r[e:min(len(r), e+14)])) {
		return false // German Atemfrequenz, a breathing rate ("SpO2 91 %, AF 24/min")
	}
	if ab == "MI" && (stateBeforeRe.MatchString(string(r[max(0, s-40):s])) || zipNextRe.MatchString(string(r[e:min(len(r), e+8)]))) {
		return false // Michigan: "Patient located at home (MI)", "Detroit, MI 48201"
	}
	if ab == "CHB" && !heartBlockNearRe.MatchString(strings.ToLower(string(r[max(0, s-300):min(len(r), e+300)]))) {
		return false // chronic hepatitis B, unless pacing or a conduction block is near ("CHB s/p dual-chamber PPM")
	}
	if ab == "LAE" && leftAtrialBeforeRe.MatchString(string(r[max(0, s-40):s])) {
		return false // "LA 46 mm, LAVI 41 ml/m² (LAE)", "Linksatriale Vergrößerung (LAE)"
	}
	if personNextRe.MatchString(string(r[e:min(len(r), e+20)])) {
		return false // "AF was born and raised in San Francisco": the patient's initials
	}
	if ab == "MR" && mrImagingNextRe.MatchString(string(r[e:min(len(r), e+20)])) {
		return false // magnetic resonance: "MR-Angiographie", "MR angiogram", "MR-conditional pacemaker"
	}
	if ab == "LAE" && sizeRe.MatchString(string(r[e:min(len(r), e+10)])) {
		return false // "LAE 4.8cm": left atrial enlargement in an echo report
	}
	if s >= 3 && r[s-1] == '-' && unicode.IsUpper(r[s-2]) && unicode.IsUpper(r[s-3]) {
		j := s - 1
		for j > 0 && unicode.IsLetter(r[j-1]) {
			j--
		}
		return conceptPrefix[string(r[j:s-1])] // "NON-STEMI", "POST-MI" in a note written in capitals
	}
	return true
}

// mrImagingNextRe: what follows "MR" when it is magnetic resonance, not mitral
// regurgitation.
var mrImagingNextRe = regexp.MustCompile(`(?i)^[- ]?(angio\w*|tomogra\w*|spe[ck]tros[ck]op\w*|imaging|scan\w*|conditional|compatible|safe|enterogra\w*|cholangio\w*|venogra\w*|perfusion|urogra\w*|arthrogra\w*|untersuchung|bildgebung)\b`)

// conceptPrefix: prefixes that keep the concept after their hyphen.
var conceptPrefix = map[string]bool{"NON": true, "POST": true, "PRE": true, "PERI": true, "ANTI": true, "HX": true, "OLD": true, "NEW": true, "PRIOR": true}

// motorGradeRe: a muscle strength grade right after a word ("5-/5-", "4+/4", "5/5").
var motorGradeRe = regexp.MustCompile(`^\s*\d[+-]?/\d`)

// stateBeforeRe and zipNextRe: an address around "MI" (Michigan), its city or place
// before, a ZIP code after.
// rateNextRe: a rate per minute right after a word ("AF 24/min", "AF: 18 /min").
// leftAtrialBeforeRe: the left atrium's size just before "LAE" (left atrial enlargement,
// not the German Lungenarterienembolie).
var (
	stateBeforeRe      = regexp.MustCompile(`(?i)\b(located|lives|living|home|residing|resides|address|city|state)\b[^.;\n]{0,25}[(,]\s*$`)
	zipNextRe          = regexp.MustCompile(`^\s*\d{5}\b`)
	rateNextRe         = regexp.MustCompile(`^\s*:?\s*\d{1,2}\s*(x\s*)?/\s*min\b`)
	leftAtrialBeforeRe = regexp.MustCompile(`(?i)(linksatrial\w*|\bLA\b|\bLAVI\b|vorhof\w*|left atri\w*)[^.;\n]{0,30}$`)
)

// isName reports whether the note uses an abbreviation as a person's initials ("Patient
// AF is a 50-year-old man", "Mr. AF"): then it is a name throughout. A possessive alone
// is not enough ("Prior MI's x2"), nor "Patient AF with RVR".
func (d *doc) isName(ab string) bool {
	for _, p := range []string{"Mr. " + ab + " ", "Mrs. " + ab + " ", "Ms. " + ab + " "} {
		if strings.Contains(d.text, p) {
			return true
		}
	}
	for _, p := range []string{"Patient " + ab + " ", "patient " + ab + " "} {
		for rest := d.text; ; {
			k := strings.Index(rest, p)
			if k < 0 {
				break
			}
			rest = rest[k+len(p):]
			if patientNameNextRe.MatchString(rest) {
				return true
			}
		}
	}
	return false
}

// patientNameNextRe: what follows "Patient AF" when AF is the patient's name.
var patientNameNextRe = regexp.MustCompile(`^(is|was|reports|states|presents|comes|came|has been)\b`)

// personNextRe: what follows a person's name or initials, never a disease.
var personNextRe = regexp.MustCompile(`^\s+(was born|is married|was married|lives|lived|works|worked)\b`)

// sizeRe: a measurement right after a word ("4.8cm", "5 cm").
// asWordNextRe: "AS" the English word before a medication direction or the like, in
// capitals ("AS DIRECTED", "AS NEEDED", "AS OF 2019"). vitalsNearRe and measureNextRe:
// "HT" as height beside other vital signs or before a measure.
var (
	gradeBeforeRe = regexp.MustCompile(`\b(MILD|MODERATE|SEVERE|CRITICAL|TRIVIAL|SIGNIFICANT)\s+$`) // "ECHO: SEVERE AS AND MR"
	asWordNextRe  = regexp.MustCompile(`^\s+(A|AN|THE|HE|SHE|IT|WE|THEY|THIS|THAT|IF|TO|PART|DIRECTED|NEEDED|TOLERATED|PRESCRIBED|INSTRUCTED|ORDERED|FOLLOWS|WELL|PER|OF|IS|NOTED|ABOVE|BELOW|BEFORE|USUAL|SOON|LONG|MUCH|FAR)\b`)
	vitalsNearRe  = regexp.MustCompile(`\b(WT|Wt|BMI|BSA|Temp|TEMP|Weight|WEIGHT|Height|HEIGHT|RR|SpO2|O2 Sat)\b`)
	measureNextRe = regexp.MustCompile(`^\s*:?\s*\d+([.,]\d+)?\s*(cm|m|in|inches|ft|'|")`)
)

var sizeRe = regexp.MustCompile(`^\s*\d+([.,]\d+)?\s*(cm|mm)\b`)

// lowerOf returns the lower-cased text of span s.
func (d *doc) lowerOf(s findings.Span) string {
	return strings.ToLower(string(d.runes[s.Start:s.End]))
}
