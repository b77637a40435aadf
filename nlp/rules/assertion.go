package rules

import (
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// assertion decides how the mention at s is meant, from its sentence and section. The
// readers below run in this order and the first that holds decides; a mention none of
// them reads is asserted. The family section comes first; then the readers written for
// one phrasing each (most from a blind written set, named in their comments); then the
// general hedges and negations.
func assertion(d *doc, s findings.Span) findings.Assertion {
	sec := d.section[s.Start]
	sent := d.sentenceOf(s.Start)
	whole := tagListItems(strings.ToLower(string(d.runes[sent.Start:s.Start])))
	if familySection(sec) && !(patientSubjectRe.MatchString(whole) && !hasCue(whole, family)) {
		return findings.Family // not "FAMILY HISTORY: ... The patient himself has atrial fibrillation."
	}
	c := newMentionSetting(d, s, sec, sent, whole)
	switch {
	case c.alsoThePatient():
		return findings.Asserted
	case c.relativeIsSubject():
		return findings.Family
	case c.bloodPressureReading():
		return findings.Hypothetical
	case c.familyMember():
		return findings.Family
	case c.fieldAnsweredYes():
		return findings.Asserted
	case c.disproved():
		return findings.Negated
	case c.inHypoSection():
		return findings.Hypothetical
	case c.inNegSection():
		return findings.Negated
	case c.generalStatement():
		return findings.Hypothetical
	case c.taughtSymptoms():
		return findings.Hypothetical
	case c.oneOfCauses():
		return findings.Hypothetical
	case c.suspectedVersus():
		return findings.Hypothetical
	case c.shouldDevelop():
		return findings.Hypothetical
	case c.gestational():
		return findings.Hypothetical
	case c.feared():
		return findings.Hypothetical
	case c.parenHedged():
		return findings.Hypothetical
	case c.seenWith():
		return findings.Hypothetical
	case c.toAssess():
		return findings.Hypothetical
	case c.notEstablished():
		return findings.Hypothetical
	case c.toBeExcluded():
		return findings.Hypothetical
	case c.scoreAsFor():
		return findings.Hypothetical
	case c.unlikelyCause():
		return findings.Hypothetical
	case c.raisedAsPossible():
		return findings.Hypothetical
	case c.cathEvaluation():
		return findings.Hypothetical
	case c.consideredButNot():
		return findings.Hypothetical
	case c.signsList():
		return findings.Hypothetical
	case c.hedgedBy():
		return findings.Hypothetical
	case c.concernRaised():
		return findings.Hypothetical
	case c.notFavored():
		return findings.Hypothetical
	case c.notBeingPresent():
		return findings.Negated
	case c.notAnIssue():
		return findings.Negated
	case c.canStillDevelop():
		return findings.Hypothetical
	case c.notifyAny():
		return findings.Hypothetical
	case c.hypothetical():
		return findings.Hypothetical
	case c.diagnosedLater():
		return findings.Asserted
	case c.negated():
		return findings.Negated
	}
	return findings.Asserted
}

// mentionSetting: what surrounds one mention, worked out once for the readers.
type mentionSetting struct {
	d      *doc
	s      findings.Span // the mention
	sent   findings.Span // its sentence
	sec    string        // its section heading
	whole  string        // the sentence before the mention, lower-cased, list items tagged
	before string        // the mention's clause before it (clauseBefore)
	after  string        // the mention's clause after it (clauseAfter)
	text   string        // the mention's own words, lower-cased
	hedge  string        // the hedges that reach the mention (hedgeText)
	// negCues: the clause before the mention with what cannot negate it cut away ("not
	// on anticoagulation", "no change in", "for" a drug or treatment, an aside).
	negCues     string
	presupposed bool // the sentence takes the condition as given ("her stroke", "known")
	possessive  bool // a presupposition that also holds against a negation
	givenBefore bool // presupposed, or opened with "given"
	recurs      bool // another episode of what the patient had ("risk of another heart attack")
	// restText: the rest of the sentence after the mention, lower-cased, once a reader asks
	// for it (rest)
	restText *string
}

// ownItem: the mention's own list item after it (ownItem), cut further before a finding
// with a cue of its own (ownFindingCut).
func (c *mentionSetting) ownItem() string {
	qualified := gradedMentionRe.MatchString(c.text) || qualifiedBeforeRe.MatchString(c.before) || strings.HasPrefix(strings.TrimSpace(c.after), "(") || strings.HasPrefix(strings.TrimSpace(c.after), "with ")
	return ownFindingCut(ownItem(c.after), qualified, !qualified && bareListBeforeRe.MatchString(c.before) && !positiveItemBefore(c.before))
}

// rest returns the sentence after the mention, lower-cased (sentenceRest), worked out once
// however many readers ask.
func (c *mentionSetting) rest() string {
	if c.restText == nil {
		r := sentenceRest(c.d, c.sent, c.s)
		c.restText = &r
	}
	return *c.restText
}

func newMentionSetting(d *doc, s findings.Span, sec string, sent findings.Span, whole string) mentionSetting {
	before := clauseBefore(d, sent, s)
	after := clauseAfter(d, sent, s)
	mentionText := d.lowerOf(s) // the mention's own words, lower-cased once for the checks below
	presupposed := presupposedRe.MatchString(before)
	// A possessive also presupposes against a negation ("no residual deficits from her
	// stroke", "unlike the pain of his myocardial infarction"); "known" does not ("No
	// known CAD", "kein bekannter Diabetes").
	possessive := presupposed && (!knownRe.MatchString(before) || ownKnownRe.MatchString(before)) // "no known CAD" is a negation; "not needed given his known coronary artery disease" is not
	// Cues after the mention do not reach one the sentence takes as given ("Given her
	// atrial fibrillation, ...", "Bei Herzinsuffizienz ist ... zu vermeiden").
	givenBefore := presupposed || givenRe.MatchString(before)
	hedge := hedgeText(before, whole)
	if m := gradedAfterCommaRe.FindStringIndex(hedge); m != nil && !gradedListGoesOn(after) {
		hedge = hedge[m[0]+1:] // "suspicious for nonbacterial thrombotic endocarditis, trace mitral regurgitation" (set kx): a graded finding of its own
	}
	if strings.Contains(hedge, "with") {
		if m := withFindingRe.FindStringIndex(hedge); m != nil && causeHedgeRe.MatchString(hedge[:m[0]]) && !searchHedgeRe.MatchString(hedge[:m[0]]) {
			hedge = hedge[m[0]+1:] // "Nonischemic dilated cardiomyopathy, possibly post-viral versus familial, with acute systolic heart failure" (set lu): the hedge is the cause's
		}
	}
	if strings.HasSuffix(hedge, "borderline ") && lipidMentionRe.MatchString(mentionText) {
		// "Borderline hyperlipidemia, diet controlled" (sets dn, iy): a diagnosis. Unlike
		// borderline hypertension (R03.0) and borderline diabetes (R73.03), which ICD-10-CM
		// sends to a finding, borderline hyperlipidemia has no code of its own.
		hedge = strings.TrimSuffix(hedge, "borderline ")
	}
	negCues := notTreatedRe.ReplaceAllString(exceptionCut(before), " ")
	if strings.Contains(negCues, "treated for") && neverTreatedCueRe.MatchString(negCues) && treatedContrastRe.MatchString(sentenceRest(d, sent, s)) {
		negCues = neverTreatedCueRe.ReplaceAllString(negCues, " ") // "never been treated for heart failure, though he has had it since 2010": the treatment denied, not the disease
	}
	if strings.Contains(negCues, "not ") && strings.Contains(negCues, ",") {
		negCues = closedNotRe.ReplaceAllString(negCues, " ,") // "apical thrombus not seen, moderate functional mitral regurgitation": the finding before is what was not seen
	}
	if strings.Contains(negCues, ",") {
		if locs := newClauseRe.FindAllStringIndex(negCues, -1); len(locs) > 0 {
			negCues = negCues[locs[len(locs)-1][1]:] // "Although the ECG shows no acute changes, he has Q waves from an old inferior MI"
		}
		if locs := negatedExamEndsRe.FindAllStringIndex(negCues, -1); len(locs) > 0 {
			negCues = negCues[locs[len(locs)-1][1]:] // "no macular edema on the most recent exam, and hypertension" (set lw): the negation ends with its exam
		}
		if locs := addsUpToRe.FindAllStringIndex(negCues, -1); len(locs) > 0 && !strings.Contains(negCues[locs[len(locs)-1][1]:], ",") {
			negCues = negCues[locs[len(locs)-1][1]:] // "without intraventricular extension, consistent with a hypertensive hemorrhagic stroke" (set ki)
		}
		if loc := wallFindingItemRe.FindStringIndex(negCues); loc != nil && !negatedListItemRe.MatchString(negCues[loc[0]:]) {
			negCues = negCues[loc[0]:] // "No reversible ischemia, fixed inferior defect consistent with old infarct" (set pe): the finding is the next item's
		}
	}
	if strings.Contains(negCues, "no question") || strings.Contains(negCues, "no doubt") {
		negCues = noDoubtRe.ReplaceAllString(negCues, " ") // "No question that this represents an evolving inferior STEMI"
	}
	if strings.Contains(negCues, "not on ") {
		negCues = notOnRe.ReplaceAllString(negCues, " ,") // "chronic AFib not on anticoagulation (falls), HTN": the negation is the drug's
	}
	if strings.Contains(negCues, "no longer") {
		negCues = strings.ReplaceAll(negCues, "no longer", " ") // "He is no longer in atrial fibrillation": he was
	}
	if strings.Contains(negCues, "ated ") {
		if locs := participleBreakRe.FindAllStringIndex(negCues, -1); len(locs) > 0 && !strings.Contains(negCues[locs[len(locs)-1][1]:], ",") {
			negCues = negCues[locs[len(locs)-1][1]:] // "without psychotic features, exacerbated in the setting of acute MI with new ischemic cardiomyopathy" (set iz)
		}
	}
	if strings.Contains(negCues, ")") {
		negCues = asideRe.ReplaceAllString(negCues, " ") // "s/p PCI to LAD 2019 (no angina since), HTN, HLD"
	}
	if loc := notChanged(negCues); loc != nil && !listOrChangeRe.MatchString(negCues[loc[0]:]) {
		negCues = negCues[:loc[0]] // "no change in her MR"; not "No progression of prediabetes to diabetes"
	}
	if loc := forDrug(negCues); loc != nil && !notDrugRe.MatchString(negCues[loc[2]:loc[3]]) {
		negCues = negCues[loc[1]:] // "Denies myalgias on rosuvastatin for HLD", "Insurance denied coverage for her apixaban for atrial fibrillation"
	} else if loc := forTreatment(negCues); loc != nil {
		negCues = negCues[loc[1]:] // "No residual gradient after SAVR for AS"
	}
	if m := statusAfterRe.FindStringIndex(after); m != nil && !strings.HasPrefix(strings.TrimSpace(after[m[1]:]), "?") {
		negCues = afterComma(negCues) // "Doesn't have any swelling today, CHF stable on lasix"
	}
	recurs := hasAny(before, recurWords) && recurBeforeRe.MatchString(before) || hasAny(after, recurWords) && recurAfterRe.MatchString(after) && !signsOfBeforeRe.MatchString(before)
	return mentionSetting{d: d, s: s, sent: sent, sec: sec, whole: whole, before: before, after: after, text: mentionText, hedge: hedge, negCues: negCues,
		presupposed: presupposed, possessive: possessive, givenBefore: givenBefore, recurs: recurs}
}

// alsoThePatient: "her father had a heart attack at 55, as did she in 2015"
func (c *mentionSetting) alsoThePatient() bool {
	return strings.Contains(c.after, "as ") && alsoThePatientRe.MatchString(c.after)
}

// relativeIsSubject: "His wife is also hypertensive", "Her husband is diabetic and they share meals"
func (c *mentionSetting) relativeIsSubject() bool {
	return verbLed(c.text) && relativeSubjectRe.MatchString(c.before) && !informantTailRe.MatchString(c.before)
}

// bloodPressureReading: "he was also hypertensive to 210/115 and tachycardic": a reading, not the diagnosis
func (c *mentionSetting) bloodPressureReading() bool {
	return strings.HasPrefix(c.text, "was ") && strings.Contains(c.text, "hypertensive") && bpReadingNextRe.MatchString(c.after)
}

// familyMember: a relative named before the mention or after it ("Mother had a stroke",
// "CAD in his father", "(father, MI at 48)"), a household member or an autopsy of a relative.
func (c *mentionSetting) familyMember() bool {
	return hasCue(familyCues(c.before), family) || spouse(c.before) || hasAny(c.whole, appositiveWords) && relativeAppositiveRe.MatchString(c.whole) || strings.Contains(c.whole, "who") && householdWhoRe.MatchString(c.whole) || hasPostCue(c.after, familyPost) || relativeOfRe.MatchString(c.after) || relativesAutopsy(c.d, c.sent) || relativeWho(c.whole) || strings.Contains(c.whole, "self") && emphaticRelative(c.d, c.sent, c.whole) || mothersPregnancy(c.d, c.whole) || strings.Contains(c.before, "fh") && fhBeforeRe.MatchString(c.before) || strings.Contains(c.whole, "(") && relativeParenRe.MatchString(c.whole)
}

// fieldAnsweredYes: "Hypertension yes, diabetes no, hyperlipidemia yes" (set je): the field's own answer
func (c *mentionSetting) fieldAnsweredYes() bool {
	return answeredYes(c.d, c.s) || strings.Contains(c.after, "yes") && fieldYesRe.MatchString(c.after) && fieldItemOpensRe.MatchString(c.before)
}

// disproved: a diagnosis first made and then disproved in its sentence (refuted), a
// quoted diagnosis the writer corrects, one never documented, or one excluded.
func (c *mentionSetting) disproved() bool {
	return refuted(c.d, c.sent, c.s, c.before) || quotedAndCorrected(c.d, c.sent, c.whole) || strings.Contains(c.before, "never") && neverDocumentedRe.MatchString(c.before) || strings.Contains(c.before, "excluded") && excludedARe.MatchString(c.before)
}

// inHypoSection: an item of a differential, plan or risk section (hypoSection), unless
// the sentence takes the condition as given.
func (c *mentionSetting) inHypoSection() bool {
	return hypoSection(c.d, c.sec, c.sent) && !c.presupposed
}

// inNegSection: an item of a section that lists what was excluded (negSection), unless
// the sentence takes the condition as given.
func (c *mentionSetting) inNegSection() bool {
	return negSection(c.d, c.sec, c.sent) && !c.presupposed
}

// generalStatement: "as postoperative atrial fibrillation is common." (set hz); "Pulmonary vascular disease (e.g., chronic pulmonary emboli) can also reduce DLCO" (set hm)
func (c *mentionSetting) generalStatement() bool {
	return strings.Contains(c.after, "common") && asCommonRe.MatchString(c.before) && isCommonRe.MatchString(c.after) || strings.Contains(c.before, "e") && egGenericBeforeRe.MatchString(c.before) && egGenericAfterRe.MatchString(c.after) || genericSubjectRe.MatchString(c.whole) && strings.Contains(c.rest(), "risk") && raisesRiskRe.MatchString(c.rest()) || (strings.HasSuffix(c.before, " a ") || strings.HasSuffix(c.before, " an ")) && asAGenericRe.MatchString(c.before) && genericModalRe.MatchString(c.after) || strings.Contains(c.before, "warning") && warnedOf(c.before, c.after) || strings.Contains(c.before, "miss") && missesFractionRe.MatchString(c.before) || strings.Contains(c.before, "associat") && genericAssociation(c.before, c.after)
}

// taughtSymptoms: "Counseled on heart failure symptoms and daily weights" (set im)
func (c *mentionSetting) taughtSymptoms() bool {
	return (strings.Contains(c.after, "sign") || strings.Contains(c.after, "symptom")) && taughtAboutRe.MatchString(c.before) && symptomsNextRe.MatchString(c.after)
}

// oneOfCauses: "which may reflect pulmonary vascular congestion from heart failure or anemia" (set iy)
func (c *mentionSetting) oneOfCauses() bool {
	return strings.Contains(c.before, "from") && mayReflectFromRe.MatchString(c.before) && strings.HasPrefix(strings.TrimSpace(c.after), "or ")
}

// firstItem: the text up to the first comma (the list's next item, not the ones after it).
func firstItem(rest string) string {
	if i := strings.IndexByte(rest, ','); i >= 0 {
		return rest[:i]
	}
	return rest
}

// suspectedVersus: "peripartum cardiomyopathy suspected vs unmasked familial dilated cardiomyopathy" (set lg)
func (c *mentionSetting) suspectedVersus() bool {
	return strings.Contains(c.after, "suspected") && suspectedVersusRe.MatchString(c.after) && !suspectedKnownRe.MatchString(c.before)
}

// shouldDevelop: "she understands the stroke risk should atrial fibrillation develop" (set le)
func (c *mentionSetting) shouldDevelop() bool {
	return strings.Contains(c.before, "should") && shouldBeforeRe.MatchString(c.before) && shouldDevelopRe.MatchString(c.after) && !shouldAgainRe.MatchString(c.after)
}

// gestational: "Gestational hypertension 2010, resolved" (set ks): a pregnancy's, as gestational
// diabetes is no type 2 diabetes; not one that stayed ("gestational HTN that became chronic,
// now on two agents")
func (c *mentionSetting) gestational() bool {
	if !strings.HasSuffix(c.before, "gestational ") || !gestationalBeforeRe.MatchString(c.before) {
		return false
	}
	rest, next := c.rest(), ""
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		rest, next = rest[:i], rest[i+1:] // its own clause ("Gestational hypertension in 2004, resolved after delivery; chronic kidney disease stage 3")
	}
	stayed := gestationalExplicitRe.MatchString(rest) || gestationalStayedRe.MatchString(rest) && !(strings.Contains(rest, "not persist") && !strings.Contains(rest, "recurred")) && !(strings.Contains(rest, "resolved") && gestationalRecurredResolvedRe.MatchString(rest)) || gestationalStillOnRe.MatchString(next)
	return !stayed
}

// feared: 'Says "my boss thinks I'm having a heart attack."' (set lc)
func (c *mentionSetting) feared() bool {
	if !strings.Contains(c.before, "having") || !fearedRe.MatchString(c.before) {
		return false
	}
	rest := c.rest()
	k, n := fearConfirmedRe.FindStringIndex(rest), fearNotRe.FindStringIndex(rest)
	return k == nil || n != nil && n[0] < k[0] // confirmed, unless a normal finding came first
}

// parenHedged: "This may represent demand ischemia (type 2 myocardial infarction) versus underlying coronary artery disease" (set kt)
func (c *mentionSetting) parenHedged() bool {
	return strings.Contains(c.whole, "(") && parenHedgedRe.MatchString(c.whole) && parenClosesRe.MatchString(c.after) && !c.presupposed
}

// seenWith: "may also be seen with anemia, pulmonary vascular disease or heart failure" (set kg)
func (c *mentionSetting) seenWith() bool {
	if !strings.Contains(c.before, "seen") || c.presupposed {
		return false
	}
	m := seenWithRe.FindStringIndex(c.before)
	return m != nil && !seenWithOwnRe.MatchString(c.before[m[0]:]) && !seenWithOwnRe.MatchString(c.rest())
}

// toAssess: "Echocardiography to assess LV function and mitral regurgitation" (set kn), "Echo to assess mitral regurgitation given new murmur"
func (c *mentionSetting) toAssess() bool {
	return strings.Contains(c.before, "to assess") && (toAssessRe.MatchString(c.before) || toAssessBareRe.MatchString(c.before) && toAssessGivenRe.MatchString(c.rest()) && !toAssessOwnRe.MatchString(c.rest())) && !assessedOfRe.MatchString(c.after) && !c.presupposed && !procedureMentionRe.MatchString(c.text) && !seenWithOwnRe.MatchString(c.before[strings.LastIndex(c.before, "to assess"):])
}

// notEstablished: "Meets criteria for cancer therapy-related cardiac dysfunction; cardiomyopathy not established" (set ki)
func (c *mentionSetting) notEstablished() bool {
	return strings.Contains(c.after, "established") && notEstablishedRe.MatchString(c.after) && !notEstablishedForRe.MatchString(c.before)
}

// toBeExcluded: "a cardioembolic source needs to be excluded, particularly paroxysmal atrial fibrillation" (set jb)
func (c *mentionSetting) toBeExcluded() bool {
	return strings.Contains(c.before, ", ") && excludedParticularlyRe.MatchString(c.before)
}

// scoreAsFor: "Consider anticoagulation based on CHADS2 score as for atrial fibrillation" in a flutter's report (set hi)
func (c *mentionSetting) scoreAsFor() bool {
	return strings.Contains(c.before, "as for") && scoreAsForRe.MatchString(c.before)
}

// unlikelyCause: "I think coronary artery disease is unlikely to be the cause" (not "her atrial fibrillation is unlikely to be the cause")
func (c *mentionSetting) unlikelyCause() bool {
	return strings.Contains(c.after, "unlikely") && unlikelyCauseRe.MatchString(c.after) && !c.presupposed && (clauseOpensRe.MatchString(c.before) || thinkOpensRe.MatchString(c.before))
}

// raisedAsPossible: "Pulmonary embolism was raised as a possible contributor" (not "She has paroxysmal atrial fibrillation that was raised as a possible cause")
func (c *mentionSetting) raisedAsPossible() bool {
	return strings.Contains(c.after, "raised") && raisedPossibleRe.MatchString(c.after) && clauseOpensRe.MatchString(c.before)
}

// cathEvaluation: "transferred for cardiac catheterization and evaluation of coronary artery disease" (set jt); not "... evaluation of mitral regurgitation prior to mitral valve repair"
func (c *mentionSetting) cathEvaluation() bool {
	return strings.Contains(c.before, "evaluation of") && cathEvaluationRe.MatchString(c.before) && coronaryMention(c.text)
}

// consideredButNot: "The primary team had considered a tachycardia-mediated cardiomyopathy, but this is not supported by ..." (set jl)
func (c *mentionSetting) consideredButNot() bool {
	return strings.Contains(c.before, "considered") && (consideredBeforeRe.MatchString(c.before) && consideredButNotRe.MatchString(c.rest()) || consideredTheRe.MatchString(c.before) && consideredTestNotRe.MatchString(c.rest()))
}

// signsList: "Discussed signs of heart attack and stroke to report." (set ju); not "We discussed signs of hypoglycemia and diabetes management"
func (c *mentionSetting) signsList() bool {
	return (strings.Contains(c.before, "signs") || strings.Contains(c.before, "symptoms")) && signsListRe.MatchString(c.before) && signsListEndRe.MatchString(c.after) ||
		strings.Contains(c.before, "symptoms") && symptomsListFirstRe.MatchString(c.before) && symptomsListRestRe.MatchString(c.rest()) && !symptomsCareRe.MatchString(firstItem(c.rest()))
}

// hedgedBy: "Heart failure has been considered by his cardiologist but he has never had symptoms of it", "Alcoholic cardiomyopathy suspected by cardiology", "Mild chronic kidney disease was questioned at her last PCP visit" (sets ka, kc)
func (c *mentionSetting) hedgedBy() bool {
	return !c.recurs && (strings.Contains(c.after, "by") || strings.Contains(c.after, "at") || strings.Contains(c.after, "given")) && hedgedByRe.MatchString(c.after) && (strings.TrimSpace(c.before) == "" || clauseOpensAdjRe.MatchString(c.before)) && !confirmedLaterRe.MatchString(c.rest())
}

// concernRaised: "Concern raised for tachycardia-mediated cardiomyopathy" (set kb); not "Concern raised for CAD progression", nor one the sentence goes on to find or treat (concernKeptRe)
func (c *mentionSetting) concernRaised() bool {
	if !strings.Contains(c.before, "raised") || !concernRaisedRe.MatchString(c.before) || concernObjectRe.MatchString(c.after) {
		return false
	}
	if concernSpRe.MatchString(c.rest()) {
		return false // "Concerns have been raised for CAD, s/p PCI to the LAD in 2019"
	}
	rest := c.rest()
	n := concernNotFoundRe.FindStringIndex(rest)
	if k := concernKeptRe.FindStringIndex(rest); k != nil {
		return n != nil && n[0] <= k[1]+3 // the first finding is a negative one ("MRI found no acute infarct"); a later one is another study's ("captured on Holter, though the most recent ECG showed only sinus rhythm")
	}
	return !concernShowedRe.MatchString(rest) || n != nil // a study that showed it, unless any study showed nothing ("after chest x-ray showed cardiomegaly, but echo revealed normal function")
}

// notFavored: "no flutter waves seen, so atrial flutter is not favored" (set ju); not "Anticoagulation for atrial fibrillation is not favored"
func (c *mentionSetting) notFavored() bool {
	return strings.Contains(c.after, "favo") && notFavoredRe.MatchString(c.after) && (strings.TrimSpace(c.before) == "" || clauseOpensRe.MatchString(c.before) || strings.HasSuffix(c.before, "so "))
}

// notBeingPresent: "Given three-vessel disease, reduced EF and diabetes not being present, ..." (set jw)
func (c *mentionSetting) notBeingPresent() bool {
	return strings.HasPrefix(c.after, " not being present") && notBeingPresentRe.MatchString(c.after)
}

// notAnIssue: "Hypertension was not an issue; he has no history of it" (set ji)
func (c *mentionSetting) notAnIssue() bool {
	return strings.Contains(c.after, "not an issue") && noHistoryOfItRe.MatchString(c.rest())
}

// canStillDevelop: "He was counseled that atrial fibrillation can still develop after flutter ablation" (set jf); not "He has had a stroke and could still develop further deficits"
func (c *mentionSetting) canStillDevelop() bool {
	return !c.presupposed && (stillDevelopRe.MatchString(c.after) || strings.Contains(c.whole, "for") && watchedForRe.MatchString(c.whole) && whichCanOccurRe.MatchString(c.rest()))
}

// notifyAny: "device clinic will notify the stroke team of any atrial fibrillation lasting longer than 2 minutes"
func (c *mentionSetting) notifyAny() bool {
	return strings.Contains(c.before, "any") && notifyAnyRe.MatchString(c.before)
}

// diagnosedLater: "never diagnosed with hypertension until age 60", "She was not known to be a diabetic until this admission": it came later
func (c *mentionSetting) diagnosedLater() bool {
	return strings.Contains(c.negCues, "never") && (untilAfterRe.MatchString(c.after) || diagnosedLaterRe.MatchString(c.after) && neverToldRe.MatchString(c.negCues)) ||
		strings.Contains(c.negCues, "not known") && untilAfterRe.MatchString(c.after)
}

// hypothetical: the general hedges. Another episode of what the patient had is no
// hypothesis ("risk of another heart attack", "Should AF recur"); a negation still reaches
// it ("no recurrent strokes", as "no further"/"no recurrence of").
func (c *mentionSetting) hypothetical() bool {
	return !c.recurs && (c.hedgedBefore() || c.hedgedAfter() || c.plannedService() || c.riskEquivalent() || c.hedgedFrame() || c.consented() || c.notNeededOrLikely() || c.taughtSigns())
}

// hedgedBefore: a hedge before the mention or about it ("possible", "rule out", "risk of",
// "concern for", "?"), a candidate of a list, an open question; not one the sentence
// takes as given.
func (c *mentionSetting) hedgedBefore() bool {
	if strings.Contains(c.hedge, "tele") && telemetryForRe.MatchString(c.hedge) && (telemetryWatchRe.MatchString(c.hedge) || orNextRe.MatchString(c.after)) {
		return !c.presupposed // "5. Telemetry for atrial fibrillation or flutter" (set mf)
	}
	if strings.Contains(c.after, " on ") && observedOnStudyRe.MatchString(c.after) && likelyRightBeforeRe.MatchString(c.hedge) && !toBeConfirmedRe.MatchString(c.rest()) {
		return false // "Murmur likely mild mitral regurgitation seen on last echo" (set ly): the study found it
	}
	return (hedged(c.hedge) && !givenRe.MatchString(c.before) || listedAsCandidate(c.d, c.sent, c.s, c.whole) || openQuestion(c.d, c.sent) || strings.Contains(c.whole, "develop") && populationDevelopRe.MatchString(c.whole) || (strings.Contains(c.before, "and") || strings.Contains(c.before, "(")) && canAndLeadRe.MatchString(c.before) || nearCue(c.hedge, hypoNear) || strings.Contains(c.hedge, "or") && nearOrCue(c.hedge, c.after, hypoNear) || suspectRe.MatchString(c.before) || hedgedCause(c.whole) || queried(c.before, c.whole) || strings.Contains(c.hedge, "for") && (monitorForRe.MatchString(c.hedge) || ambulatoryForRe.MatchString(c.hedge) && !ambulatoryKnownRe.MatchString(c.rest())) || strings.Contains(c.before, "considered") && consideredAsRe.MatchString(c.before) || strings.Contains(c.before, "concern") && concernAboutRe.MatchString(c.before) || (strings.Contains(c.after, "not") || strings.Contains(c.after, "never")) && notEvaluatedRe.MatchString(c.after) && !evaluatedThisVisitRe.MatchString(c.after) || strings.Contains(c.rest(), " in ") && populationRateRe.MatchString(c.rest()) && !populationOwnRe.MatchString(c.rest()) || strings.Contains(c.after, "concern") && eventConcern(c.d, c.sent, c.s, c.before, c.after) || strings.Contains(c.before, "concern") && concernIsFor(c.d, c.s, c.before) || strings.Contains(c.after, "unknown") && fieldUnknownRe.MatchString(c.after)) && !c.presupposed
}

// hedgedAfter: a hedge after the mention ("... is suspected", "would prompt",
// "incidence of 5%", "which I doubt").
func (c *mentionSetting) hedgedAfter() bool {
	return hasPostCue(propertyHedgeCut(c.after), hypoPost) && !consideredStatusRe.MatchString(c.after) || !c.givenBefore && (nearPostCue(c.after, hypoPostNear) || strings.HasPrefix(c.after, ",") && nearPostCue(appositiveRe.ReplaceAllString(c.after, ""), hypoPostNear) || strings.Contains(c.after, "would") && wouldPromptRe.MatchString(c.after) || strings.Contains(c.after, "%") && incidenceRe.MatchString(c.after) || strings.Contains(c.after, "wahrscheinlich") && deClauseEndHypoRe.MatchString(c.after) || whichDoubted(c.d, c.sent, c.s) || strings.Contains(c.after, "considered") && consideredAfterRe.MatchString(c.after) || strings.Contains(c.after, "possibility") && possibilityNextRe.MatchString(c.after) || strings.Contains(c.after, "questioned") && (questionedNextRe.MatchString(c.after) || questionedEndRe.MatchString(c.after) && !personBeforeRe.MatchString(c.before)) || strings.Contains(c.after, "possibilit") && sentenceOpenRe.MatchString(c.before) && subjectPossibility(c.rest()) || strings.Contains(c.after, "not ") && sentenceOpenRe.MatchString(c.before) && canBeConsideredRe.MatchString(c.rest()))
}

// plannedService: "stroke" or "heart failure" naming a service, clinic or unit
// ("Neurology stroke clinic", "SERVICE: Neurology (Stroke)").
func (c *mentionSetting) plannedService() bool {
	return serviceNamed(c.text) && (serviceAfterRe.MatchString(c.after) && !c.patientOfService() || serviceBeforeRe.MatchString(c.before))
}

// patientOfService: the patient is known to, followed in or seen by the heart failure
// service the mention names, and the sentence does not doubt the heart failure itself
// (knownToServiceRe, serviceDoubtRe). A stroke clinic also sees TIAs, so it says nothing.
func (c *mentionSetting) patientOfService() bool {
	return !strings.Contains(c.text, "stroke") && knownToServiceRe.MatchString(c.before) && !serviceDoubtRe.MatchString(hfCourseRe.ReplaceAllString(c.rest(), "course"))
}

// riskEquivalent: a risk equivalent ("his diabetes confers risk equivalent to known
// coronary disease", "Diabetes is a CAD equivalent").
func (c *mentionSetting) riskEquivalent() bool {
	return strings.Contains(c.before, "equivalent") && equivalentToRe.MatchString(c.before) || strings.Contains(c.after, "equivalent") && equivalentNextRe.MatchString(c.after) && coronaryMention(c.text)
}

// hedgedFrame: a frame that makes the mention hypothetical: an item of a list that "if:"
// opens, a hedge or test protocol right after it ("PE protocol CT"), teaching about it
// ("Stroke education provided"), its symptoms only, a differential, a risk after it.
func (c *mentionSetting) hedgedFrame() bool {
	return underIfList(c.d, c.sent) || hedgedNextRe.MatchString(c.after) || protocolNextRe.MatchString(c.after) || c.givenBefore && unlikelyDifferential(c.d, c.sent, c.s) || educationNext(c.d, c.s) || !c.presupposed && symptomsOnly(c.d, c.s, c.before, c.after) || startsWithWord(c.after, differentialNext) || strings.Contains(c.after, "v") && qualifiedDifferentialNextRe.MatchString(c.after) || riskAfter(c.before, c.after, acuteEvent(c.text) || strings.HasPrefix(c.text, "cerebrovascular")) && !ownWorkup(c.text, c.after, c.presupposed)
}

// consented: an item of a procedure's risks or complications as discussed or consented
// ("bleeding, infection, stroke and death", "über Blutung, Herzinfarkt und Schlaganfall
// aufgeklärt"); not "the risk would be infection because of the patient's diabetes".
func (c *mentionSetting) consented() bool {
	return (consentList(afterAbbreviation(c.d, c.sent, c.whole)) || discussedList(c.d, c.sent, c.whole) || strings.Contains(c.after, "aufgeklärt") && strings.Contains(c.whole, "über")) && !c.presupposed
}

// notNeededOrLikely: a condition named as what could cause a finding ("A pulmonary
// embolism could also cause ..."), a workup not needed or not pursued, a list item
// "suspected" ("2. Tachycardia-induced cardiomyopathy, suspected."), "CAD highly likely".
func (c *mentionSetting) notNeededOrLikely() bool {
	return genericCauseRe.MatchString(c.after) && genericArticleRe.MatchString(c.before) || (notNeededRe.MatchString(c.after) || notNeededBareRe.MatchString(c.after) && procedureMentionRe.MatchString(c.text)) && !forBeforeRe.MatchString(c.before) || strings.Contains(c.after, "pursued") && notPursuedRe.MatchString(c.after) && pursuedOpensRe.MatchString(c.before) && !c.presupposed || suspectedItemRe.MatchString(c.after) || likelyAfterRe.MatchString(c.after)
}

// taughtSigns: signs and symptoms taught or reviewed ("educated on the warning signs of
// stroke", symptoms to report).
func (c *mentionSetting) taughtSigns() bool {
	return hasAny(c.before, signWords) && (taughtSignsRe.MatchString(c.before) || reviewedSymptomsRe.MatchString(c.before) && withPatientNextRe.MatchString(c.after) || symptomsToReportRe.MatchString(c.before) && toReportNextRe.MatchString(c.after) || signsOfRe.MatchString(c.whole) && strings.TrimSpace(c.whole) == strings.TrimSpace(c.before) && reviewedAfterRe.MatchString(c.after))
}

// negated: the general negations, unless a possessive takes the condition as given ("no
// residual deficits from her stroke"): "has never been hypertensive".
func (c *mentionSetting) negated() bool {
	return (c.negatedStatement() || c.negationCue() || c.negatedOtherwise()) && !c.possessive && !c.unawareButFound()
}

// unawareButFound: the patient did not know of it, and the sentence goes on to find it
// ("unaware of a history of atrial fibrillation, which was found on ECG today", "unaware of
// any prior MI; however, ECG showed an old inferior infarct"); unaware alone negates.
func (c *mentionSetting) unawareButFound() bool {
	return strings.Contains(c.negCues, "aware") && unawareFoundRe.MatchString(c.rest())
}

// negatedStatement: the sentence denies it as a cause ("not felt to be an acute MI"),
// concludes against it, or a symptoms field answers "none".
func (c *mentionSetting) negatedStatement() bool {
	return strings.Contains(c.whole, "not ") && hasAny(c.whole, notDueWords) && notDueToRe.MatchString(c.whole) && !givenAfterRe.MatchString(c.rest()) || strings.Contains(c.whole, " to be") && deniedCauseRe.MatchString(c.whole) && acuteEvent(c.text) || strings.Contains(c.after, "not") && notConcludedRe.MatchString(c.after) && soBeforeRe.MatchString(c.whole) || strings.Contains(c.after, ":") && symptomsNone(c.d, c.sent, c.s) || strings.Contains(c.after, "possibility") && notPossibilityNextRe.MatchString(c.after) || hasAny(c.after, notConfirmedWords) && notConfirmedNextRe.MatchString(c.after)
}

// negationCue: a negation before the mention ("no", "denies", "negative for", "without")
// or after it ("... ruled out", "absent"), or an item of a negated list.
func (c *mentionSetting) negationCue() bool {
	return hasCue(c.negCues, negPre) && !gradedItemRe.MatchString(c.negCues) && !withGradeBeforeRe.MatchString(c.negCues) && !(itemOpensRe.MatchString(c.negCues) && gradedMentionRe.MatchString(c.text)) || hasAny(c.negCues, absentWords) && absentBeforeRe.MatchString(c.negCues) || strings.Contains(c.after, "error") && listedInErrorRe.MatchString(c.after) || hasPostCue(c.after, negPost) && hasPostCue(c.ownItem(), negPost) && !testResultOnly(c.d, c.s, c.after) && !causeDeniedAfterRe.MatchString(c.rest()) || !c.givenBefore && nearPostCue(c.after, negPostNear) || notDocumentedRe.MatchString(c.after) || (strings.Contains(c.after, "listed") || strings.Contains(c.after, "noted")) && notListedRe.MatchString(c.after) && !notListedButRe.MatchString(c.rest()) || negNextRe.MatchString(c.after) || nearCue(c.negCues, negItem) || (strings.Contains(c.negCues, "or") || strings.Contains(c.negCues, ",")) && nearOrCue(c.negCues, c.after, negItem) || negatedList(c.d, c.sent, c.s)
}

// negatedOtherwise: an insignificant or negative test, "never", an "all denied" review,
// an unchecked box, a zero score, a form answered "no", German "liegt nicht vor".
func (c *mentionSetting) negatedOtherwise() bool {
	return insignificantRe.MatchString(c.before) && !strings.Contains(c.before, "not insignificant") || strings.Contains(c.negCues, "negative") && negativeTestRe.MatchString(c.negCues) || strings.HasSuffix(" "+strings.TrimSpace(c.before), " never") || strings.Contains(c.negCues, "never") && neverDiagnosisRe.MatchString(c.negCues) || strings.Contains(c.after, " of") && allDenied(c.d, c.sent, c.s) || neverDeRe.MatchString(c.before) || uncheckedRe.MatchString(c.before) && !(checkedAfterRe.MatchString(c.after) && !boxFirstRe.MatchString(c.whole)) || strings.ContainsAny(c.after, "[☐□☒") && c.boxAnsweredNo() || strings.Contains(c.before, "w/") && withoutBeforeRe.MatchString(c.before) || zeroScoreRe.MatchString(c.after) || answeredNo(c.d, c.s) || strings.Contains(c.after, "nicht") && liegtNichtVorRe.MatchString(c.after)
}

// boxAnsweredNo: the boxes after the mention say no: its options with none ticked or "no"
// ticked (boxOptions), or, where boxes follow their items, its own box left empty.
func (c *mentionSetting) boxAnsweredNo() bool {
	if tickedBeforeRe.MatchString(c.before) && boxFirstRe.MatchString(c.whole) {
		return false // "[x] Diabetes [ ] insulin [ ] oral": the item is ticked, its kind not
	}
	if ok, no := boxOptions(c.after); ok {
		return no
	}
	return uncheckedAfterRe.MatchString(c.after) && boxesAfterItems(c)
}
