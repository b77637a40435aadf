package rules

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
)

// Whole notes other writers wrote and labelled from ../shared/LABELLING.md alone, without
// seeing the rules or the corpus (testdata/written/README.md): four hundred and thirty-five sets (two hundred and thirty-seven of 40 notes, one hundred and ninety-eight of 20; five in German), each scored
// blind before any of its errors was read, then read and fixed. Generated text, so a check
// of the rules on layouts and phrasings the transcribed corpus lacks, not a figure for
// hospitals. The budgets are what the rules read wrong now, said in the README; a rules
// change that reads more of them wrong fails here.
func TestRulesReadNotesOtherWritersWrote(t *testing.T) {
	type budget struct{ published, missed, extra, lvef int }
	sets := []struct {
		file string
		max  budget
	}{
		{"a.jsonl", budget{0, 0, 0, 0}},
		{"b.jsonl", budget{0, 0, 0, 0}},
		{"c.jsonl", budget{1, 0, 0, 0}},
		{"d.jsonl", budget{0, 0, 0, 0}},
		{"e.jsonl", budget{0, 0, 0, 1}},
		{"f.jsonl", budget{2, 0, 0, 0}},
		{"g.jsonl", budget{0, 0, 0, 3}},
		{"h.jsonl", budget{1, 0, 0, 0}},
		{"i.jsonl", budget{1, 0, 0, 1}},
		{"j.jsonl", budget{0, 0, 0, 0}},
		{"k.jsonl", budget{2, 0, 0, 0}},
		{"l.jsonl", budget{0, 0, 0, 1}},
		{"m.jsonl", budget{0, 2, 0, 0}},
		{"o.jsonl", budget{0, 1, 0, 1}},
		{"p.jsonl", budget{0, 0, 0, 0}},
		{"q.jsonl", budget{0, 0, 0, 0}},
		{"r.jsonl", budget{0, 0, 0, 0}},
		{"t.jsonl", budget{0, 0, 0, 0}},
		{"u.jsonl", budget{0, 0, 0, 0}},
		{"v.jsonl", budget{0, 0, 0, 0}},
		{"y.jsonl", budget{0, 0, 0, 0}},
		{"z.jsonl", budget{0, 0, 0, 0}},
		{"w.jsonl", budget{0, 0, 0, 0}},
		{"wb.jsonl", budget{0, 0, 0, 0}},
		{"x.jsonl", budget{0, 0, 0, 0}},
		{"xb.jsonl", budget{0, 0, 0, 0}},
		{"ab.jsonl", budget{0, 0, 0, 0}},
		{"aa.jsonl", budget{1, 0, 0, 0}},
		{"ac.jsonl", budget{0, 0, 0, 0}},
		{"ad.jsonl", budget{0, 0, 0, 0}},
		{"ae.jsonl", budget{1, 0, 0, 0}},
		{"af.jsonl", budget{1, 0, 0, 0}},
		{"ah.jsonl", budget{0, 0, 0, 0}},
		{"ai.jsonl", budget{0, 0, 0, 0}},
		// four more writers (rules 0.6.45): aj and am, one-line transcriptions of
		// cardiovascular and pulmonary consults and discharge summaries and of a cardiology
		// practice; ak, of other specialties; al, EHR exports (Synthea-style records, Cerner,
		// Epic, MEDITECH, athenahealth). Left: am's only LVEF an earlier year's (the
		// conventions' open call)
		{"aj.jsonl", budget{0, 0, 0, 0}},
		{"ak.jsonl", budget{0, 0, 0, 0}},
		{"al.jsonl", budget{0, 0, 0, 0}},
		{"am.jsonl", budget{0, 0, 0, 1}},
		// a fifth German writer (rules 0.6.47): blind 2.5 per 100, F1 0.992, LVEF 27 of 28
		{"ap.jsonl", budget{0, 0, 0, 0}},
		// hospital and clinic EHR text, a twenty-fifth writer: blind 0 per 100, LVEF 22 of 23
		{"ao.jsonl", budget{0, 0, 0, 0}},
		// transcriptions of cardiology, pulmonology, nephrology and internal medicine, a
		// twenty-sixth writer: blind 0 per 100, LVEF 25 of 27 (rules 0.6.44), 26 of 27 (0.6.47)
		{"an.jsonl", budget{0, 0, 0, 0}},
		// short and medium clinic and hospital documents, a twenty-seventh writer: blind 5.0
		// per 100, LVEF 23 of 24 (rules 0.6.44 and 0.6.48 alike)
		{"as.jsonl", budget{0, 0, 0, 0}},
		// transcriptions, a twenty-eighth writer: blind 2.5 per 100, LVEF 26 of 27 (rules
		// 0.6.44 and 0.6.49 alike)
		{"aq.jsonl", budget{0, 0, 0, 0}},
		// long discharge summaries and inpatient consults, a twenty-ninth writer: blind 12.5
		// per 100 (rules 0.6.44 and 0.6.50 alike), LVEF 27 and 29 of 30. Left: a mitral
		// regurgitation inside a quoted consultant's note, an LVEF whose only value is an
		// earlier year's (labelled none), and a second study's value
		{"ar.jsonl", budget{0, 1, 0, 2}},
		// surgical, procedure and device reports and the consults around them, a thirtieth
		// writer: blind 2.5 per 100 (rules 0.6.51), LVEF 31 of 31
		{"aw.jsonl", budget{0, 0, 0, 0}},
		// one-line cardiovascular and pulmonary transcriptions, a thirty-first writer: blind
		// 7.5 per 100 (rules 0.6.51 and 0.6.52 alike), LVEF 29 of 29
		{"au.jsonl", budget{0, 0, 0, 0}},
		// EHR primary-care, specialist, hospital and after-visit-summary text, a thirty-second
		// writer: blind 12.5 per 100 (rules 0.6.51), LVEF 18 of 18
		{"av.jsonl", budget{0, 0, 0, 0}},
		// long discharge and transfer summaries and inpatient consults, a thirty-third writer:
		// blind 5.0 per 100 (rules 0.6.51), LVEF 30 of 32
		{"at.jsonl", budget{0, 0, 0, 0}},
		// office practice transcriptions (consults, SOAP follow-ups, letters, IMEs), a
		// thirty-fourth writer: blind 7.5 per 100 (rules 0.6.51), LVEF 20 of 22; its last
		// LVEF (a stress echo's resting value in a results section, against an undated
		// post-infarction value of two years before in the history) read since rules 0.6.76
		{"ax.jsonl", budget{0, 0, 0, 0}},
		// twenty cardiology and pulmonary transcriptions, a thirty-fifth writer: blind 0 per
		// 100 (rules 0.6.51), LVEF 13 of 14
		{"az.jsonl", budget{0, 0, 0, 0}},
		// twenty hospital EHR notes (ED, hospitalist, rapid response, consults), a
		// thirty-sixth writer: blind 10.0 per 100 (rules 0.6.51)
		{"ba.jsonl", budget{0, 0, 0, 0}},
		// twenty patient-facing documents (after-visit summaries, discharge instructions,
		// portal messages, result letters, home health), a thirty-seventh writer: blind 35.0
		// per 100 (rules 0.6.51). Left: a portal reply's topic label "Heart failure:" above
		// "you do not have heart failure"
		{"ay.jsonl", budget{1, 0, 0, 0}},
		// twenty more hospital EHR notes, a thirty-eighth writer: blind 5.0 per 100 (rules
		// 0.6.51)
		{"bd.jsonl", budget{0, 0, 0, 0}},
		// twenty more patient-facing documents, a thirty-ninth writer: blind 65.0 per 100
		// (rules 0.6.51). Left: a son's hypertrophic cardiomyopathy and his ejection fraction
		// after "(he is 31)", "You do not have high blood pressure" beside a risk list's "high
		// blood pressure ... raise it more"
		{"bb.jsonl", budget{3, 0, 0, 1}},
		// twenty more cardiology and pulmonary transcriptions, a fortieth writer: blind 10.0
		// per 100 (rules 0.6.51); "never been told he has diabetes or high cholesterol" read
		// right since rules 0.6.58
		{"bc.jsonl", budget{0, 0, 0, 0}},
		// transcriptions from departments other than cardiology, a forty-first writer: blind
		// 0 per 100 (rules 0.6.57), LVEF 16 of 17
		{"be.jsonl", budget{0, 0, 0, 0}},
		// cardiovascular and pulmonary transcriptions, a forty-second writer: blind 7.5 per
		// 100 (rules 0.6.57), LVEF 25 of 25 with 2 extra. Left: two old values as the only
		// ones ("last echo 2002 showed EF 55%" in a 2003 note), which this writer labelled
		// none and set be's labelled the LVEF (a call the conventions leave open)
		{"bf.jsonl", budget{0, 0, 0, 2}},
		// twenty pulmonology, sleep and critical care transcriptions, a forty-third writer:
		// blind 5.0 per 100 (rules 0.6.57)
		{"bg.jsonl", budget{0, 0, 0, 0}},
		// twenty long discharge, death and transfer summaries, a forty-fourth writer: blind 0
		// per 100 (rules 0.6.57)
		{"bh.jsonl", budget{0, 0, 0, 0}},
		// twenty transcriptions about older patients, a forty-fifth writer: blind 0 per 100
		// (rules 0.6.57)
		{"bi.jsonl", budget{0, 0, 0, 0}},
		// twenty more cardiology and pulmonary transcriptions, a forty-sixth writer: blind 5.0
		// per 100 (rules 0.6.57)
		{"bj.jsonl", budget{0, 0, 0, 0}},
		// cardiovascular and pulmonary transcriptions (the au brief), a forty-seventh writer:
		// blind 2.5 per 100 (rules 0.6.58), LVEF 27 of 27
		{"bk.jsonl", budget{0, 0, 0, 0}},
		// consultations of many specialties, discharge summaries and H&Ps, a forty-eighth
		// writer: blind 0 per 100 (rules 0.6.58), LVEF 31 of 32
		{"bl.jsonl", budget{0, 0, 0, 0}},
		// twenty emergency department and observation reports, a forty-ninth writer: blind 0
		// per 100 (rules 0.6.58)
		{"bm.jsonl", budget{0, 0, 0, 0}},
		// twenty cardiothoracic and vascular surgery transcriptions, a fiftieth writer: blind
		// 10.0 per 100 (rules 0.6.58), LVEF 13 of 14
		{"bn.jsonl", budget{0, 0, 0, 0}},
		// twenty outpatient internal medicine, nephrology, endocrinology and cardiology
		// visits, a fifty-first writer: blind 0 per 100 (rules 0.6.58)
		{"bo.jsonl", budget{0, 0, 0, 0}},
		// the bf brief again (cardiovascular and pulmonary transcriptions by many kinds of
		// dictating doctor), a fifty-second writer: blind 5.0 per 100 (rules 0.6.59), LVEF 25
		// of 26. Left: an echo of two years before as the only value, which this writer
		// labelled none (a call the conventions leave open)
		{"bp.jsonl", budget{0, 0, 0, 1}},
		// terse general medicine H&Ps and consultations with dictated abbreviations, a
		// fifty-third writer: blind 0 per 100 (rules 0.6.59), LVEF 21 of 21
		{"bq.jsonl", budget{0, 0, 0, 0}},
		// twenty cardiac test and procedure reports, a fifty-fourth writer: blind 0 per 100
		// (rules 0.6.59), LVEF 13 of 13
		{"br.jsonl", budget{0, 0, 0, 0}},
		// twenty neurology and stroke transcriptions, a fifty-fifth writer: blind 0 per 100
		// (rules 0.6.59), LVEF 14 of 14
		{"bs.jsonl", budget{0, 0, 0, 0}},
		// twenty notes about younger patients and families (obstetric, adolescent
		// cardiology, lipid and genetic clinics), a fifty-sixth writer: blind 15.0 per 100
		// (rules 0.6.59)
		{"bt.jsonl", budget{0, 0, 0, 0}},
		// the au brief again, a fifty-seventh writer: blind 5.0 per 100 (rules 0.6.60), LVEF
		// 27 of 28. Left: two old values with a new echo pending, which this writer labelled
		// none (the conventions leave it open)
		{"bu.jsonl", budget{0, 0, 0, 2}},
		// the az brief again (twenty), a fifty-eighth writer: blind 5.0 per 100 (rules 0.6.60)
		{"bv.jsonl", budget{0, 0, 0, 0}},
		// the bt brief again (twenty notes about younger patients and families), a
		// fifty-ninth writer: blind 20.0 per 100 (rules 0.6.60). Left (3): a sports form's
		// "answered no to chest pain ..., or having been told he has a murmur or high blood
		// pressure" (the negation does not reach past the list's commas and "he has"); a
		// brother's "idiopathic dilated cardiomyopathy, diagnosed 3 years earlier when he
		// presented in heart failure" after "whose 34-year-old brother died" (the "he" is
		// the brother's); "No known chronic hypertension before pregnancy" ("before" undoes a
		// negation: it came later; the writer holds a pregnancy's hypertension not the concept)
		{"bw.jsonl", budget{3, 0, 0, 0}},
		// consultations of many specialties (the bl brief, twenty), a sixtieth writer: blind
		// 0 per 100 (rules 0.6.60)
		{"bx.jsonl", budget{0, 0, 0, 0}},
		// the az brief again (twenty), a sixty-first writer: blind 0 per 100 (rules 0.6.61),
		// LVEF 14 of 14
		{"by.jsonl", budget{0, 0, 0, 0}},
		// the bh brief again (twenty long discharge, death and transfer summaries), a
		// sixty-second writer: blind 5.0 per 100 (rules 0.6.61), LVEF 16 of 19. Left: "EF
		// greater than 55% (visually 60%)" (a bound; the rules take none), and a
		// post-operative or later value that loses to the pre-operative one in the whole
		// note (another is read since rules 0.6.77: the stay's course is after the history;
		// "hypertensive heart disease" is hypertension since rules 0.6.63; one more since
		// 0.6.82: an echo told after the cath's ventriculogram in one section is the later study)
		{"bz.jsonl", budget{0, 0, 0, 1}},
		// the au brief again (forty), a sixty-third writer: blind 0 per 100 (rules 0.6.62),
		// LVEF 28 of 28; a trace MR "with" a later list item after a negated one now reads
		{"ca.jsonl", budget{0, 0, 0, 0}},
		// the az brief again (twenty), a sixty-fourth writer: blind 0 per 100, F1 1.000,
		// LVEF 15 of 15 (rules 0.6.62)
		{"cb.jsonl", budget{0, 0, 0, 0}},
		// the bf brief again (forty), a sixty-fifth writer: blind 10.0 per 100 (rules
		// 0.6.62: a rhythm strip read as flutter "but review by cardiology confirmed" AF,
		// "Discussed signs of diabetes", "must be considered", "is common in this
		// population", an ordering "heart failure clinic physician"), now 0. Left: two notes
		// whose only EF is years old, labelled none (other writers take such a value)
		{"cc.jsonl", budget{0, 0, 0, 2}},
		// the bl brief again (twenty), a sixty-sixth writer: blind 0 per 100 (rules 0.6.62).
		// "acute right ventricular failure" from a massive PE, labelled heart failure
		// (ICD-10-CM I50.81), is read since rules 0.6.83, with "left ventricular failure"
		{"cd.jsonl", budget{0, 0, 0, 0}},
		// the second wave of stretch 33, blind with rules 0.6.63 and model 0.3.13: 0 meaning
		// errors in 140 notes. ce, the bf brief again (forty), a sixty-seventh writer: F1
		// 0.997, LVEF 28 of 28; left: "PTCA" alone, which this writer holds no coronary
		// disease (LABELLING.md names bypass grafts and stents; set xb's writer took it)
		{"ce.jsonl", budget{0, 0, 1, 0}},
		// cf, the au brief again (forty), a sixty-eighth writer: F1 1.000, LVEF 30 of 30
		{"cf.jsonl", budget{0, 0, 0, 0}},
		// cg, the az brief again (twenty), a sixty-ninth writer: F1 1.000, LVEF 13 of 13
		{"cg.jsonl", budget{0, 0, 0, 0}},
		// ch, the bq brief again (forty terse general medicine H&Ps), a seventieth writer:
		// F1 1.000, LVEF 24 of 24
		{"ch.jsonl", budget{0, 0, 0, 0}},
		// the third wave of stretch 33, blind with rules 0.6.64 and model 0.3.14: 5 meaning
		// errors in 120 notes, now 0. ci, the be brief again (forty consults and H&Ps of
		// many departments), a seventy-first writer: blind 5.0 per 100 ("is equivalent to an
		// ocular stroke", "Afib was looked for ... and not found"; missed "Heart failure
		// class II", read as a class the patient attends)
		{"ci.jsonl", budget{0, 0, 0, 0}},
		// cj, the bh brief again (twenty long summaries), a seventy-second writer: blind 5.0
		// per 100 (a bare "renal failure" made chronic by a mother's chronic kidney disease
		// and a "whether she has underlying chronic kidney disease")
		{"cj.jsonl", budget{0, 0, 0, 0}},
		// ck, the bf brief again (forty), a seventy-third writer: blind 2.5 per 100 ("Monitor
		// on tele for VT and for AV block"). Left: one note whose only EF is two years old,
		// labelled none
		{"ck.jsonl", budget{0, 0, 0, 1}},
		// cl, the bs brief again (twenty neurology and stroke notes), a seventy-fourth
		// writer: blind 5.0 per 100 ("Atrial fibrillation has not been detected"; missed
		// "Large left middle cerebral artery infarct")
		{"cl.jsonl", budget{0, 0, 0, 0}},
		// the fourth wave of stretch 33, blind with rules 0.6.65 and model 0.3.14: 4 meaning
		// errors in 120 notes, now 0. cm, the au brief again (forty), a seventy-fifth
		// writer: blind 2.5 per 100 ("Never told she had a heart attack")
		{"cm.jsonl", budget{0, 0, 0, 0}},
		// cn, the bf brief again (forty), a seventy-sixth writer: blind 2.5 per 100
		// ("Pulmonary embolism also in differential")
		{"cn.jsonl", budget{0, 0, 0, 0}},
		// co, the az brief again (twenty), a seventy-seventh writer: blind 0 per 100
		{"co.jsonl", budget{0, 0, 0, 0}},
		// cp, the bl brief again (twenty), a seventy-eighth writer: blind 10.0 per 100 ("The
		// floor team wondered about pulmonary embolism", "Pulmonary embolism was mentioned in
		// the ED differential"), LVEF 16 of 17 ("Echocardiogram today shows ..., ejection
		// fraction 40-45%" had lost to a 1993 ventriculogram)
		{"cp.jsonl", budget{0, 0, 0, 0}},
		// the fifth wave of stretch 33, blind with rules 0.6.67 and model 0.3.14: 2 meaning
		// errors in 120 notes. cq, the au brief again (forty), a seventy-ninth writer: blind
		// 0 per 100; left: two missed (an MR and a cardiomyopathy) not read this stretch
		{"cq.jsonl", budget{0, 0, 0, 0}},
		// cr, the bf brief again (forty), an eightieth writer: blind 2.5 per 100: an admission
		// diagnosis of atrial fibrillation the hospital course revises to flutter ("On review
		// ... rather than atrial fibrillation", many sentences later), read since rules 0.6.80
		// (an ADMITTING DIAGNOSIS item and "admitted with a diagnosis of" are reports)
		{"cr.jsonl", budget{0, 0, 0, 0}},
		// cs, the bh brief again (twenty long summaries), an eighty-first writer: blind 0
		// per 100, F1 1.000, LVEF 17 of 17
		{"cs.jsonl", budget{0, 0, 0, 0}},
		// ct, the be brief again (forty), an eighty-second writer: blind 2.5 per 100 ("a
		// stroke equivalent"; "HTN., AFib - on warfarin, bridged with enoxaparin per
		// protocol" had made a whole history list hypothetical, and "no coronary artery
		// disease, normal coronaries., - HTN." negated the bulleted items after it); left: a
		// missed AV block and one LVEF
		{"ct.jsonl", budget{0, 0, 0, 0}},
		// the first wave of stretch 34, blind with rules 0.6.68 and model 0.3.14: 3 meaning
		// errors in 120 notes. cu, the bf brief again (forty), an eighty-third writer: blind
		// 5.0 per 100 ("Dr. S. Raghunathan, MD, DM (Cardiology)", a degree; "warned about
		// danger signs of heart attack")
		{"cu.jsonl", budget{0, 0, 0, 0}},
		// cv, the bq brief again (forty terse H&Ps), an eighty-fourth writer: blind 0 per 100,
		// F1 1.000
		{"cv.jsonl", budget{0, 0, 0, 0}},
		// cw, the az brief again (twenty), an eighty-fifth writer: blind 5.0 per 100 (a
		// strip "initially read in the ER as atrial flutter", the next sentence's cardiology
		// review reading atrial fibrillation); LVEF 15 of 16 blind (a dobutamine peak after
		// a semicolon)
		{"cw.jsonl", budget{0, 0, 0, 0}},
		// cx, the bl brief again (twenty), an eighty-sixth writer: blind 0 per 100, F1 1.000
		{"cx.jsonl", budget{0, 0, 0, 0}},
		// the second wave of stretch 34, blind with rules 0.6.69 and model 0.3.14: 2 meaning
		// errors in 120 notes. cy, the be brief again (forty, departments other than
		// cardiology), an eighty-seventh writer: blind 0 per 100; missed "mild mitral
		// regurgitation, no LV thrombus, agitated saline negative" (the negative was the
		// saline's)
		{"cy.jsonl", budget{0, 0, 0, 0}},
		// cz, the au brief again (forty), an eighty-eighth writer: blind 0 per 100; missed
		// three items of a history list answered by a later line's question ("Hypertension.,
		// Hyperlipidemia.,...,Heart failure? - no"); LVEF 26 of 27 ("At discharge his EF
		// was 35%" in an office follow-up). Left: "told his cholesterol was high"
		{"cz.jsonl", budget{0, 1, 0, 0}},
		// da, the bs brief again (twenty, neurology), an eighty-ninth writer: blind 5.0 per
		// 100 ("Paroxysmal atrial fibrillation has not been documented but remains possible")
		{"da.jsonl", budget{0, 0, 0, 0}},
		// db, the bh brief again (twenty long summaries), a ninetieth writer: blind 5.0 per
		// 100 ("Acute anterior myocardial infarction, rule out." and "The initial diagnosis of
		// acute myocardial infarction was therefore revised")
		{"db.jsonl", budget{0, 0, 0, 0}},
		// the third wave of stretch 34, blind with rules 0.6.70 as it stood: 1 meaning error in
		// 120 notes. dc, the au brief again (forty), a ninety-first writer: blind 0 per 100, F1
		// 1.000; left: two notes whose only EF is an earlier study, which this writer labels
		// none (others label such a value)
		{"dc.jsonl", budget{0, 0, 0, 2}},
		// dd, the bf brief again (forty), a ninety-second writer: blind 0 per 100, F1 1.000,
		// LVEF 23 of 23
		{"dd.jsonl", budget{0, 0, 0, 0}},
		// de, the az brief again (twenty), a ninety-third writer: blind 5.0 per 100 ("her
		// primary physician has been screening her for diabetes"); left: "most likely
		// ischemic cardiomyopathy", which this writer asserts as a working diagnosis
		{"de.jsonl", budget{0, 1, 0, 0}},
		// df, the bl brief again (twenty), a ninety-fourth writer: blind 0 per 100, F1 1.000
		{"df.jsonl", budget{0, 0, 0, 0}},
		// the fourth wave of stretch 34, blind with rules 0.6.70 (as committed) and model
		// 0.3.14: 4 meaning errors in 120 notes. dg, the bq brief again (forty terse H&Ps), a
		// ninety-fifth writer: blind 0 per 100, F1 1.000
		{"dg.jsonl", budget{0, 0, 0, 0}},
		// dh, the be brief again (forty), a ninety-sixth writer: blind 2.5 per 100
		// ("Diabetic neuropathy is not likely given normal A1c")
		{"dh.jsonl", budget{0, 0, 0, 0}},
		// di, the bh brief again (twenty long summaries), a ninety-seventh writer: blind 5.0
		// per 100 ("pulmonary embolism was a primary concern and CT angiogram of the chest
		// was obtained"); LVEF 18 of 20 blind (two dated echoes of one stay, the later far from
		// its value in the sentence; "45 percent, mildly reduced from preoperatively")
		{"di.jsonl", budget{0, 0, 0, 0}},
		// dj, the bs brief again (twenty, neurology), a ninety-eighth writer: blind 10.0 per
		// 100 ("a TIA as a warning of stroke"; "I discussed with him the symptoms of stroke to
		// report after surgery")
		{"dj.jsonl", budget{0, 0, 0, 0}},
		// the fifth wave of stretch 34, blind with rules 0.6.71 as it then stood and model
		// 0.3.14: 5 meaning errors in 120 notes. dk, the bf brief again (forty), a
		// ninety-ninth writer: blind 2.5 per 100 ("She was initially thought to have a
		// pulmonary embolism", the next sentence's CT negative)
		{"dk.jsonl", budget{0, 0, 0, 0}},
		// dl, the bq brief again (forty terse H&Ps), a hundredth writer: blind 7.5 per 100 ("DM,
		// new-onset 2009 (pancreatogenic)", a secondary diabetes; "CAD highly likely; r/o LAD
		// disease"); left: "Gestational hypertension", which this writer reads by analogy with
		// gestational diabetes and the real training notes label hypertension (mts-2423)
		{"dl.jsonl", budget{1, 0, 0, 0}},
		// dm, the az brief again (twenty), a hundred-and-first writer: blind 5.0 per 100
		// ("heart failure with preserved ejection fraction will be evaluated by the wedge
		// pressure")
		{"dm.jsonl", budget{0, 0, 0, 0}},
		// dn, the bl brief again (twenty), a hundred-and-second writer: blind 0 per 100;
		// "Borderline hyperlipidemia, diet controlled" read since rules 0.6.95 (set iy)
		{"dn.jsonl", budget{0, 0, 0, 0}},
		// the sixth wave of stretch 34, blind with rules 0.6.72 and model 0.3.14: 1 meaning
		// error in 120 notes. do, the au brief again (forty), a hundred-and-third writer:
		// blind 2.5 per 100 ("Pulmonary embolism not considered likely"); LVEF 31 of 32 blind
		// (a COMPARISON section's two dated studies had outranked the report's own value);
		// left: "Borderline hypertension, never treated" (asserted by this writer and by dn's;
		// the real training and dev notes label borderline diagnoses not asserted) and an
		// old-only EF this writer labels none
		{"do.jsonl", budget{0, 1, 0, 1}},
		// dp, the be brief again (forty), a hundred-and-fourth writer: blind 0 per 100, F1
		// 1.000, LVEF 17 of 17
		{"dp.jsonl", budget{0, 0, 0, 0}},
		// dq, the bh brief again (twenty long summaries), a hundred-and-fifth writer: blind 0
		// per 100, F1 1.000; LVEF 17 of 18 blind ("Intraoperative transesophageal
		// echocardiogram after bypass showed ... ejection fraction of 55%"); left: an EF of
		// 1995 where the current echo is described in words, labelled none
		{"dq.jsonl", budget{0, 0, 0, 1}},
		// dr, the bs brief again (twenty, neurology), a hundred-and-sixth writer: blind 0 per
		// 100; missed "Large left MCA territory infarct"; left: "most likely cardioembolic
		// stroke", which this writer asserts (the stroke is certain, its mechanism likely)
		{"dr.jsonl", budget{0, 1, 0, 0}},
		// the seventh wave of stretch 34, blind with rules 0.6.73 and model 0.3.14, a
		// measurement of the stretch's last rules, its condition errors not fixed: 2 meaning
		// errors in 80 notes. ds, the bf brief again (forty), a hundred-and-seventh writer:
		// blind 5.0 per 100 (a pulmonary embolism to rule out; "Initially the diagnosis was
		// anterior STEMI, revised to Takotsubo cardiomyopathy"), both read since rules 0.6.75
		// ("is the leading concern"; a first diagnosis "revised to" another); an old-only EF
		// labelled none, left
		{"ds.jsonl", budget{0, 0, 0, 1}},
		// dt, the be brief again (forty), a hundred-and-eighth writer: blind 0 per 100; a
		// heart failure missed ("CHF" among risk factors); LVEF 11 of 12 blind ("resting EF
		// 55%, peak EF 70%", the one fix of this wave, rules 0.6.74); the heart failure found
		// since rules 0.6.75 (a risk score's items after "risk (" are the patient's)
		{"dt.jsonl", budget{0, 0, 0, 0}},
		// the first wave of stretch 35, blind with rules 0.6.74 and model 0.3.14: 5 meaning
		// errors in 180 notes (2.8 per 100), fixed in rules 0.6.75. du, the au brief again
		// (forty), a hundred-and-ninth writer: blind 2.5 per 100 (the same "Pulmonary
		// embolism is the leading concern" as set ds); "akinesis, consistent with prior
		// infarct" is read since rules 0.6.127 (a wall-motion finding makes the infarct the
		// heart's); left: an EF given as a bound ("EF greater than 70%"), which this writer
		// labels 70 and the real notes' call none
		{"du.jsonl", budget{0, 0, 0, 1}},
		// dv, the bq brief again (forty), a hundred-and-tenth writer: blind 0 per 100
		{"dv.jsonl", budget{0, 0, 0, 0}},
		// dw, the be brief again (forty), a hundred-and-eleventh writer: blind 2.5 per 100
		// ("doubt acute coronary syndrome or MI": a near cue reaches the items of its "or")
		{"dw.jsonl", budget{0, 0, 0, 0}},
		// dx, the az brief again (twenty), a hundred-and-twelfth writer: blind 5.0 per 100 (a
		// "heart attack" only reported, then "no evidence of prior myocardial infarction on
		// ventriculography")
		{"dx.jsonl", budget{0, 0, 0, 0}},
		// dy, the bl brief again (twenty), a hundred-and-thirteenth writer: blind 10.0 per 100
		// ("concern on the surgical team's part for heart failure"; "coronary artery disease
		// remains the main concern")
		{"dy.jsonl", budget{0, 0, 0, 0}},
		// dz, the bh brief again (twenty), a hundred-and-fourteenth writer: blind 0 per 100;
		// an old-only EF ("Echocardiogram in 2004 showed an ejection fraction of 40%. No
		// echocardiogram was performed this admission") labelled none, left as the others
		{"dz.jsonl", budget{0, 0, 0, 1}},
		// the second wave of stretch 35, blind with rules 0.6.75 and model 0.3.14: 3 meaning
		// errors in 180 notes (1.7 per 100), fixed in rules 0.6.76. ea, the bf brief again
		// (forty), a hundred-and-fifteenth writer: blind 0 per 100; LVEF 25 of 27, left: a
		// gated stress study's post-stress EF, the note's only one, which this writer takes
		// (read since rules 0.6.86: a gated SPECT's post-stress EF is the study's EF, not a
		// peak). A ventriculogram's 45% at the cath, then "Echocardiogram on day 3 showed ...
		// 50%", is read since rules 0.6.82
		{"ea.jsonl", budget{0, 0, 0, 0}},
		// eb, the bq brief again (forty), a hundred-and-sixteenth writer: blind 0 per 100
		{"eb.jsonl", budget{0, 0, 0, 0}},
		// ec, the be brief again (forty), a hundred-and-seventeenth writer: blind 5.0 per 100
		// ("- Consent: recurrence, mesh infection, seroma, bowel injury, MI, pneumonia, DVT/PE
		// discussed": a consent list)
		{"ec.jsonl", budget{0, 0, 0, 0}},
		// ed, the bs brief again (twenty), a hundred-and-eighteenth writer: blind 0 per 100
		{"ed.jsonl", budget{0, 0, 0, 0}},
		// ee, the bl brief again (twenty), a hundred-and-nineteenth writer: blind 0 per 100
		{"ee.jsonl", budget{0, 0, 0, 0}},
		// ef, the az brief again (twenty), a hundred-and-twentieth writer: blind 5.0 per 100
		// ("pulmonary embolism was not pursued given the clear precipitant"); LVEF 15 of 16,
		// now 16 (a plain value in a results section over one the history told first)
		{"ef.jsonl", budget{0, 0, 0, 0}},
		// the third wave of stretch 35, blind with rules 0.6.76 and model 0.3.14: 4 meaning
		// errors in 180 notes (2.2 per 100), fixed in rules 0.6.77. eg, the au brief again
		// (forty), a hundred-and-twenty-first writer: blind 0 per 100
		{"eg.jsonl", budget{0, 0, 0, 0}},
		// eh, the bf brief again (forty), a hundred-and-twenty-second writer: blind 2.5 per
		// 100 ("his diabetes confers risk equivalent to known coronary disease"); left:
		// "tachycardia-induced versus idiopathic dilated cardiomyopathy", which this writer
		// asserts (the cardiomyopathy is certain, its cause in a differential)
		{"eh.jsonl", budget{0, 1, 0, 0}},
		// ei, the be brief again (forty), a hundred-and-twenty-third writer: blind 0 per 100
		{"ei.jsonl", budget{0, 0, 0, 0}},
		// ej, the bh brief again (twenty), a hundred-and-twenty-fourth writer: blind 10.0 per
		// 100 ("pulmonary embolism was a concern", "pulmonary embolism was raised as a
		// possibility"); LVEF 17 of 20, now 18 (a cath's ventriculogram in the stay's course
		// over a nuclear study the history dated), 19 since rules 0.6.82 (an echo told after
		// the cath's ventriculogram in one section is the later study)
		{"ej.jsonl", budget{0, 0, 0, 1}},
		// ek, the bs brief again (twenty), a hundred-and-twenty-fifth writer: blind 5.0 per
		// 100 ("I reviewed the symptoms of stroke with him and his wife")
		{"ek.jsonl", budget{0, 0, 0, 0}},
		// el, the bl brief again (twenty), a hundred-and-twenty-sixth writer: blind 0 per 100
		{"el.jsonl", budget{0, 0, 0, 0}},
		// the fourth wave of stretch 35, blind with rules 0.6.77 and model 0.3.14: 5 meaning
		// errors in 180 notes (2.8 per 100), 4 fixed in rules 0.6.78. em, the bq brief again
		// (forty), a hundred-and-twenty-seventh writer: blind 0 per 100
		{"em.jsonl", budget{0, 0, 0, 0}},
		// en, the be brief again (forty), a hundred-and-twenty-eighth writer: blind 5.0 per
		// 100 ("quit ... after her husband's heart attack"; "Was told he had high blood
		// pressure once at a health fair", then "Elevated BP without diagnosis of
		// hypertension")
		{"en.jsonl", budget{0, 0, 0, 0}},
		// eo, the au brief again (forty), a hundred-and-twenty-ninth writer: blind 5.0 per 100
		// ("Low risk study for coronary artery disease"); left: "Blood pressure has been
		// normal he says, he is not on treatment for hypertension", which this writer reads as
		// no hypertension
		{"eo.jsonl", budget{1, 0, 0, 0}},
		// ep, the az brief again (twenty), a hundred-and-thirtieth writer: blind 5.0 per 100
		// ("There has never been a myocardial infarction")
		{"ep.jsonl", budget{0, 0, 0, 0}},
		// eq, the bh brief again (twenty), a hundred-and-thirty-first writer: blind 0 per 100
		{"eq.jsonl", budget{0, 0, 0, 0}},
		// er, the bs brief again (twenty), a hundred-and-thirty-second writer: blind 0 per 100;
		// one stroke missed
		{"er.jsonl", budget{0, 1, 0, 0}},
		// the fifth wave of stretch 35, blind with rules 0.6.78 and model 0.3.14: 2 meaning
		// errors in 180 notes (1.1 per 100), fixed in rules 0.6.79. es, the bf brief again
		// (forty), a hundred-and-thirty-third writer: blind 2.5 per 100 ("initially called
		// this atrial flutter, but I have reviewed the telemetry strips ..., which show coarse
		// atrial fibrillation"); an old-only EF labelled none, left
		{"es.jsonl", budget{0, 0, 0, 1}},
		// et, the au brief again (forty), a hundred-and-thirty-fourth writer: blind 2.5 per 100
		// ("Hx of hypertension is listed in OSH records but ... - will not carry this
		// diagnosis")
		{"et.jsonl", budget{0, 0, 0, 0}},
		// eu, the bq brief again (forty), a hundred-and-thirty-fifth writer: blind 0 per 100
		{"eu.jsonl", budget{0, 0, 0, 0}},
		// ev, the bl brief again (twenty), a hundred-and-thirty-sixth writer: blind 0 per 100
		{"ev.jsonl", budget{0, 0, 0, 0}},
		// ew, the az brief again (twenty), a hundred-and-thirty-seventh writer: blind 0 per 100
		{"ew.jsonl", budget{0, 0, 0, 0}},
		// ex, the bh brief again (twenty), a hundred-and-thirty-eighth writer: blind 0 per 100;
		// LVEF 15 of 17, now 16 ("Resting ... ejection fraction was 60% and increased to 75%
		// at peak stress"); an old-only EF labelled none, left
		{"ex.jsonl", budget{0, 0, 0, 1}},
		// the sixth wave of stretch 35, blind with rules 0.6.79 and model 0.3.14: 4 meaning
		// errors in 180 notes (2.2 per 100), fixed in rules 0.6.80. ey, the be brief again
		// (forty), a hundred-and-thirty-ninth writer: blind 0 per 100; missed "Hyperchol."
		{"ey.jsonl", budget{0, 1, 0, 0}},
		// ez, the bf brief again (forty), a hundred-and-fortieth writer: blind 2.5 per 100
		// ("Diabetes - borderline, diet only"); an old-only EF labelled none, left
		{"ez.jsonl", budget{0, 0, 0, 1}},
		// fa, the au brief again (forty), a hundred-and-forty-first writer: blind 2.5 per 100
		// ("Right heart failure not yet overt")
		{"fa.jsonl", budget{0, 0, 0, 0}},
		// fb, the bs brief again (twenty), a hundred-and-forty-second writer: blind 0 per 100
		{"fb.jsonl", budget{0, 0, 0, 0}},
		// fc, the bh brief again (twenty), a hundred-and-forty-third writer: blind 10.0 per
		// 100 ("the initial read of the rhythm was atrial fibrillation", then "On review ...
		// multifocal atrial tachycardia rather than atrial fibrillation"; an admission
		// diagnosis of STEMI the final diagnoses exclude); a ventriculogram's 30% then a later
		// echo's 45%, read since rules 0.6.82
		{"fc.jsonl", budget{0, 0, 0, 0}},
		// fd, the az brief again (twenty), a hundred-and-forty-fourth writer: blind 0 per 100;
		// one LVEF of a stay read from its earlier study, left
		{"fd.jsonl", budget{0, 0, 0, 1}},
		// the first wave of stretch 36, blind with rules 0.6.80 and model 0.3.14: 5 meaning
		// errors in 180 notes (2.8 per 100), 4 fixed in rules 0.6.81. fe, the au brief again
		// (forty), a hundred-and-forty-fifth writer: blind 0 per 100
		{"fe.jsonl", budget{0, 0, 0, 0}},
		// ff, the bf brief again (forty), a hundred-and-forty-sixth writer: blind 2.5 per 100
		// ("She knows the warning signs of stroke"); missed "Risk factors: family history of
		// premature coronary artery disease (brother with MI at 44), dyslipidemia" and "No DM
		// (A1c 5.4). Hyperlipidemia per chart." (the parenthesis had hidden the sentence end)
		{"ff.jsonl", budget{0, 0, 0, 0}},
		// fg, the be brief again (forty), a hundred-and-forty-seventh writer: blind 0 per 100;
		// LVEF 20 of 21, now 21 ("his function has improved; echocardiogram in May 2009
		// showed an ejection fraction of 30-35%" after a first 20%)
		{"fg.jsonl", budget{0, 0, 0, 0}},
		// fh, the az brief again (twenty), a hundred-and-forty-eighth writer: blind 5.0 per
		// 100: "Heart failure was felt unlikely to be contributing" (after "congestive heart
		// failure was considered"), which this writer reads as no heart failure, read since
		// rules 0.6.86 ("felt unlikely" is a judgement on the diagnosis; "her heart failure
		// ..." is still hers). Left: an old-only EF labelled none
		{"fh.jsonl", budget{0, 0, 0, 1}},
		// fi, the bh brief again (twenty), a hundred-and-forty-ninth writer: blind 5.0 per
		// 100 ("the concern is for tachycardia-mediated cardiomyopathy")
		{"fi.jsonl", budget{0, 0, 0, 0}},
		// fj, the bs brief again (twenty), a hundred-and-fiftieth writer: blind 10.0 per 100
		// ("He knows the warning signs of stroke", "she has a higher chance of a stroke in
		// the coming months")
		{"fj.jsonl", budget{0, 0, 0, 0}},
		// the second wave of stretch 36, blind with rules 0.6.81 and model 0.3.14: 5 meaning
		// errors in 180 notes (2.8 per 100), fixed in rules 0.6.82. fk, the bf brief again
		// (forty), a hundred-and-fifty-first writer: blind 2.5 per 100 ("Reviewed symptoms of
		// recurrent arrhythmia and of stroke to report")
		{"fk.jsonl", budget{0, 0, 0, 0}},
		// fl, the bq brief again (forty), a hundred-and-fifty-second writer: blind 2.5 per 100
		// ("Concern raised by ED for PE"); three old-only EFs labelled none, left as the others
		{"fl.jsonl", budget{0, 0, 0, 3}},
		// fm, the au brief again (forty), a hundred-and-fifty-third writer: blind 2.5 per 100
		// ("We explained him that this disease can give atrial fibrillation in future")
		{"fm.jsonl", budget{0, 0, 0, 0}},
		// fn, the bl brief again (twenty), a hundred-and-fifty-fourth writer: blind 0 per 100
		{"fn.jsonl", budget{0, 0, 0, 0}},
		// fo, the az brief again (twenty), a hundred-and-fifty-fifth writer: blind 10.0 per 100
		// ("He has never been told he has coronary disease, diabetes or high blood pressure":
		// the last two items)
		{"fo.jsonl", budget{0, 0, 0, 0}},
		// fp, the bh brief again (twenty), a hundred-and-fifty-sixth writer: blind 0 per 100;
		// LVEF 16 of 17, now 17 ("Left ventriculogram ... 20%", then "Echocardiogram on
		// 02/27/2009 showed an ejection fraction of 15%")
		{"fp.jsonl", budget{0, 0, 0, 0}},
		// the third wave of stretch 36, blind with rules 0.6.82 and model 0.3.14: 4 meaning
		// errors in 180 notes (2.2 per 100), fixed in rules 0.6.83. fq, the be brief again
		// (forty), a hundred-and-fifty-seventh writer: blind 0 per 100; LVEF 21 of 22, now 22
		// ("has improved on medical therapy to 45%")
		{"fq.jsonl", budget{0, 0, 0, 0}},
		// fr, the au brief again (forty), a hundred-and-fifty-eighth writer: blind 0 per 100,
		// F1 1.000, LVEF 32 of 32
		{"fr.jsonl", budget{0, 0, 0, 0}},
		// fs, the bf brief again (forty), a hundred-and-fifty-ninth writer: blind 2.5 per 100
		// ("Pulmonary embolism doubted given the clear alternative explanation"); missed
		// "complicated by left ventricular failure"; LVEF 28 of 30, now 29 ("LVEF has declined
		// from 60% (11/1999) to 40% today" in a COMPARISON section); an old-only EF labelled
		// none, left as the others
		{"fs.jsonl", budget{0, 0, 0, 1}},
		// ft, the bs brief again (twenty), a hundred-and-sixtieth writer: blind 10.0 per 100
		// ("Educated her and her husband about the warning signs of stroke", "new atrial
		// fibrillation is the leading concern"); missed "multiple episodes of paroxysmal atrial
		// fibrillation ..., none of which had been recognized"
		{"ft.jsonl", budget{0, 0, 0, 0}},
		// fu, the bl brief again (twenty), a hundred-and-sixty-first writer: blind 5.0 per 100
		// ("her husband, who as you know had a myocardial infarction"); LVEF 13 of 14, now 14
		// ("Baseline echocardiogram in December 2012" in a note of 2013)
		{"fu.jsonl", budget{0, 0, 0, 0}},
		// fv, the az brief again (twenty), a hundred-and-sixty-second writer: blind 0 per 100,
		// F1 1.000, LVEF 15 of 15
		{"fv.jsonl", budget{0, 0, 0, 0}},
		// the fourth wave of stretch 36, blind with rules 0.6.83 and model 0.3.15: 1 meaning
		// error in 180 notes (0.6 per 100), left. fw, the bq brief again (forty), a
		// hundred-and-sixty-third writer: blind 2.5 per 100. Left: "Gestational HTN" with "No
		// chronic HTN before pregnancy" (this writer: no hypertension; LABELLING.md is silent
		// on a pregnancy's hypertension), and an old-only EF ("EF 40% per 2005 echo")
		{"fw.jsonl", budget{1, 0, 0, 1}},
		// fx, the bf brief again (forty), a hundred-and-sixty-fourth writer: 0, F1 1.000
		{"fx.jsonl", budget{0, 0, 0, 0}},
		// fy, the be brief again (forty), a hundred-and-sixty-fifth writer: 0, F1 1.000
		{"fy.jsonl", budget{0, 0, 0, 0}},
		// fz, ga, gb: the bh, bs and az briefs again (twenty each), the hundred-and-sixty-sixth
		// to hundred-and-sixty-eighth writers: 0, F1 1.000
		{"fz.jsonl", budget{0, 0, 0, 0}},
		{"ga.jsonl", budget{0, 0, 0, 0}},
		{"gb.jsonl", budget{0, 0, 0, 0}},
		// the fifth wave of stretch 36, blind with rules 0.6.84 and model 0.3.15: 2 meaning
		// errors in 180 notes (1.1 per 100), fixed in rules 0.6.85. gc, the au brief again
		// (forty), a hundred-and-sixty-ninth writer: blind 2.5 per 100 ("Hyperlipidemia:
		// unknown." in a questionnaire); an echo report's "Prior echocardiogram of 02/2000
		// reported an ejection fraction of 20%" in its history, read as the plain value over
		// today's 25-30%, is an earlier study since rules 0.6.87
		{"gc.jsonl", budget{0, 0, 0, 0}},
		// gd, the bq brief again (forty), a hundred-and-seventieth writer: blind 2.5 per 100
		// ("His wife is recovering from a stroke last year")
		{"gd.jsonl", budget{0, 0, 0, 0}},
		// ge, the bf brief again (forty), a hundred-and-seventy-first writer: 0, F1 1.000
		{"ge.jsonl", budget{0, 0, 0, 0}},
		// gf, gg (twenty each, the bl and az briefs): 0, F1 1.000
		{"gf.jsonl", budget{0, 0, 0, 0}},
		{"gg.jsonl", budget{0, 0, 0, 0}},
		// gh, the bs brief again (twenty), a hundred-and-seventy-fourth writer: blind 0 per
		// 100; missed "Trivial mitral and tricuspid regurgitation" (read since 0.6.85). Left:
		// "intracerebral hemorrhage", which this writer counts as a stroke (LABELLING.md is
		// silent; the corpus's two, one from a lesion and one after a skull fracture, would
		// move with it), "Multiple bilateral acute embolic infarcts (bilateral MCA and right
		// PCA territories)" (a bare infarct is as often another organ's), an old-only EF
		{"gh.jsonl", budget{0, 3, 0, 1}},
		// the first wave of stretch 37, blind with rules 0.6.85 and model 0.3.15: 2 meaning
		// errors in 180 notes (1.1 per 100), fixed in rules 0.6.86. gi, the be brief again
		// (forty), a hundred-and-seventy-fifth writer: blind 0 per 100; missed "rule out
		// endocarditis given the recurrent Staphylococcus: no vegetations, ..., mild mitral
		// regurgitation" (a study's colon ends its purpose); "EF appears severely reduced,
		// approximately 15-20%" (rules 0.6.92: a graded function, then its estimate; a
		// longer reach to any number had read an RV fraction in a corpus note)
		{"gi.jsonl", budget{0, 0, 0, 0}},
		// gj, the au brief again (forty), a hundred-and-seventy-sixth writer: blind 0 per
		// 100; missed "apical thrombus not seen, moderate functional mitral regurgitation"
		{"gj.jsonl", budget{0, 0, 0, 0}},
		// gk, the bf brief again (forty), a hundred-and-seventy-seventh writer: blind 2.5 per
		// 100 ("Heart failure symptoms: none." on a requisition)
		{"gk.jsonl", budget{0, 0, 0, 0}},
		// gl, the bh brief again (twenty), a hundred-and-seventy-eighth writer: blind 5.0 per
		// 100 ("Her dyspnea was not felt to be due to pulmonary embolism")
		{"gl.jsonl", budget{0, 0, 0, 0}},
		// gm, the bl brief again (twenty), a hundred-and-seventy-ninth writer: 0, F1 1.000
		{"gm.jsonl", budget{0, 0, 0, 0}},
		// gn, the az brief again (twenty), a hundred-and-eightieth writer: blind 0 per 100;
		// missed a gated SPECT's "post-stress ejection fraction 62%". Left: an old-only EF
		// (1998, "reportedly") labelled none
		{"gn.jsonl", budget{0, 0, 0, 1}},
		// the second wave of stretch 37, blind with rules 0.6.86 and model 0.3.15: 6 meaning
		// errors in 180 notes (3.3 per 100), 5 fixed in rules 0.6.87. go, the bq brief again
		// (forty), a hundred-and-eighty-first writer: blind 2.5 per 100 ("CVA is not
		// established"); LVEF: "EF 40%, which recovered after ablation" is the earlier value
		{"go.jsonl", budget{0, 0, 0, 0}},
		// gp, the au brief again (forty), a hundred-and-eighty-second writer: blind 5.0 per
		// 100 ("myocardial infarction was not a concern"). Left: "He was told he had high
		// cholesterol but he does not have diagnosis of hyperlipidemia per his words" (which
		// this writer leaves unlabelled), "likely stress cardiomyopathy" (LABELLING.md calls
		// the uncertain false; this writer true), two old-only EFs labelled none (and three
		// others of this writer's taken as current)
		{"gp.jsonl", budget{1, 1, 0, 2}},
		// gq, the be brief again (forty), a hundred-and-eighty-third writer: 0, F1 1.000
		{"gq.jsonl", budget{0, 0, 0, 0}},
		// gr, the bs brief again (twenty), a hundred-and-eighty-fourth writer: blind 15.0 per
		// 100 ("Permissive hypertension." is a target, not a diagnosis; "Possible sources
		// include ..., paroxysmal atrial fibrillation, or carotid disease"; her husband "who
		// has congestive heart failure and had a stroke"); missed "middle cerebral artery
		// branch infarction" and "pontine infarct"
		{"gr.jsonl", budget{0, 0, 0, 0}},
		// gs, gt (twenty each, the bh and bl briefs): 0, F1 1.000
		{"gs.jsonl", budget{0, 0, 0, 0}},
		{"gt.jsonl", budget{0, 0, 0, 0}},
		// the third wave of stretch 37, blind with rules 0.6.87 and model 0.3.15: 2 meaning
		// errors in 180 notes (1.1 per 100), fixed in rules 0.6.88 with a review's
		// narrowings. gu, the bf brief again (forty), a hundred-and-eighty-seventh writer: 0;
		// smoking "Smoking cessation counseling is recommended if the patient is still
		// smoking" (a condition)
		{"gu.jsonl", budget{0, 0, 0, 0}},
		// gv, the au brief again (forty), a hundred-and-eighty-eighth writer: blind 2.5 per
		// 100 ("She was never having a heart attack", non-native)
		{"gv.jsonl", budget{0, 0, 0, 0}},
		// gw, the be brief again (forty), a hundred-and-eighty-ninth writer: 0, F1 1.000
		{"gw.jsonl", budget{0, 0, 0, 0}},
		// gx, the az brief again (twenty), a hundred-and-ninetieth writer: 0; LVEF "...; repeat
		// echocardiogram last week shows ... an LVEF of 60%" (a clause after a semicolon);
		// smoking "She smoked during her first pregnancy but not anymore"; "an LVEF of 50%
		// compared with 30% in July" after "at that time ... 30%" (a discharge summary's
		// echocardiogram "performed prior to discharge"; rules 0.6.92)
		{"gx.jsonl", budget{0, 0, 0, 0}},
		// gy, the bs brief again (twenty), a hundred-and-ninety-first writer: blind 5.0 per
		// 100 ("device clinic will notify ... of any atrial fibrillation lasting longer than 2
		// minutes"); smoking: "his son, who visits on weekends, smokes, and they have asked him
		// not to smoke indoors"
		{"gy.jsonl", budget{0, 0, 0, 0}},
		// gz, the bh brief again (twenty), a hundred-and-ninety-second writer: 0, F1 1.000
		{"gz.jsonl", budget{0, 0, 0, 0}},
		// the fourth wave of stretch 37, blind with rules 0.6.88 and model 0.3.15: 1 meaning
		// error in 180 notes (0.6 per 100), fixed in rules 0.6.89. ha, the bq brief again
		// (forty), a hundred-and-ninety-third writer: 0, F1 1.000
		{"ha.jsonl", budget{0, 0, 0, 0}},
		// hb, the au brief again (forty), a hundred-and-ninety-fourth writer: blind 2.5 per
		// 100 ("counseled that hypertension is a risk he should watch for"); LVEF "Before
		// discharge in June EF was 45%" in an office visit is the earlier value; smoking "The
		// daughter states her mother has never smoked", "he did not smoke since 3 months".
		// Left: an old-only EF labelled none; "Smokes a pipe occasionally; ... quit
		// cigarettes in the 1980s" (this writer: past)
		{"hb.jsonl", budget{0, 0, 0, 1}},
		// hc, the bf brief again (forty), a hundred-and-ninety-fifth writer: 0; left: two
		// old-only EFs labelled none
		{"hc.jsonl", budget{0, 0, 0, 2}},
		// hd, he (twenty each, the bl and az briefs): 0, F1 1.000
		{"hd.jsonl", budget{0, 0, 0, 0}},
		{"he.jsonl", budget{0, 0, 0, 0}},
		// hf, the bs brief again (twenty), a hundred-and-ninety-eighth writer: 0; "20 mg
		// PE/kg" (phenytoin equivalents) is no pulmonary embolism
		{"hf.jsonl", budget{0, 0, 0, 0}},
		// the first wave of stretch 38, blind with rules 0.6.90 and model 0.3.15: 3 meaning
		// errors in 180 notes (1.7 per 100), fixed in rules 0.6.91. hg, the be brief again
		// (forty), a hundred-and-ninety-ninth writer: "his cardiomyopathy workup in 2007" is
		// the patient's cardiomyopathy
		{"hg.jsonl", budget{0, 0, 0, 0}},
		// hh, the bq brief again (forty), the two-hundredth writer: left, "Probable new CHF,
		// decompensated" (LABELLING.md: the uncertain is not asserted; this writer: true)
		{"hh.jsonl", budget{0, 1, 0, 0}},
		// hi, the au brief again (forty), a two-hundred-and-first writer: blind 2.5 per 100
		// ("Consider anticoagulation based on CHADS2 score as for atrial fibrillation")
		{"hi.jsonl", budget{0, 0, 0, 0}},
		// hj, the bh brief again (twenty), a two-hundred-and-second writer: blind 5.0 per 100
		// ("Pulmonary embolism was raised as a possible contributor"); LVEF: a predischarge
		// echocardiogram is later than the post-bypass TEE
		{"hj.jsonl", budget{0, 0, 0, 0}},
		// hk, the bl brief again (twenty), a two-hundred-and-third writer: blind 5.0 per 100
		// ("a 30-day event monitor to evaluate further for paroxysmal atrial fibrillation")
		{"hk.jsonl", budget{0, 0, 0, 0}},
		// hl, the az brief again (twenty), a two-hundred-and-fourth writer: 0, F1 1.000
		{"hl.jsonl", budget{0, 0, 0, 0}},
		// the second wave of stretch 38, blind with rules 0.6.90 and the first wave's
		// fixes: 2 meaning errors in 180 notes (1.1 per 100), fixed in rules 0.6.91. hm, the bf brief again (forty), a
		// two-hundred-and-fifth writer: blind 2.5 per 100 ("Pulmonary vascular disease
		// (e.g., chronic pulmonary emboli) can also reduce DLCO"); LVEF "ejection fraction
		// greater than 75%, visually estimated about 80%" (the estimate after the bound);
		// left: an old-only EF ("ECHO (pre-ablation, 01/2011): LVEF 55%") labelled none
		{"hm.jsonl", budget{0, 0, 0, 1}},
		// hn, the be brief again (forty), a two-hundred-and-sixth writer: blind 2.5 per 100
		// ("never documented atrial fibrillation per his cardiology records")
		{"hn.jsonl", budget{0, 0, 0, 0}},
		// ho, hp, hq, hr (the bq brief, forty; the bs, bh and bl briefs, twenty each): 0,
		// F1 1.000
		{"ho.jsonl", budget{0, 0, 0, 0}},
		{"hp.jsonl", budget{0, 0, 0, 0}},
		{"hq.jsonl", budget{0, 0, 0, 0}},
		{"hr.jsonl", budget{0, 0, 0, 0}},
		// the third wave of stretch 38, blind with rules 0.6.91: 5 meaning errors in 180
		// notes (2.8 per 100), fixed in rules 0.6.92. hs, the au brief again (forty), a
		// two-hundred-and-eleventh writer: blind 2.5 per 100 ("balancing stroke and bleeding
		// risk"); LVEF "Prior echo 01/2006 showed ejection fraction of 20%" in an echo
		// report's history no longer dates the current value out. Left: an old-only EF
		// ("last ejection fraction 25% in 2011") labelled none
		{"hs.jsonl", budget{0, 0, 0, 1}},
		// ht, the bf brief again (forty), a two-hundred-and-twelfth writer: blind 2.5 per
		// 100 ("I think coronary artery disease is unlikely to be the cause")
		{"ht.jsonl", budget{0, 0, 0, 0}},
		// hu, the be brief again (forty), a two-hundred-and-thirteenth writer: blind 2.5 per
		// 100 ("Pulmonary embolism considered with the tachycardia but felt unlikely"). Left:
		// "his heart pumps at about 30%" (no ejection-fraction word)
		{"hu.jsonl", budget{0, 0, 0, 1}},
		// hv, the az brief again (twenty), a two-hundred-and-fourteenth writer: 0, F1 1.000
		{"hv.jsonl", budget{0, 0, 0, 0}},
		// hw, the bs brief again (twenty), a two-hundred-and-fifteenth writer: blind 5.0 per
		// 100 ("MRI of the brain with diffusion imaging excluded a stroke"); LVEF
		// "echocardiogram 2009 with EF 30%" in the history is earlier than the bedside echo
		{"hw.jsonl", budget{0, 0, 0, 0}},
		// hx, the bh brief again (twenty), a two-hundred-and-sixteenth writer: blind 5.0 per
		// 100 ("an infiltrative cardiomyopathy such as cardiac amyloidosis had been
		// considered, but ...")
		{"hx.jsonl", budget{0, 0, 0, 0}},
		// the fourth wave of stretch 38, blind with rules 0.6.92: 7 meaning errors in 180
		// notes (3.9 per 100), fixed in rules 0.6.93. hy, the bq brief again (forty), a
		// two-hundred-and-seventeenth writer: blind 5.0 per 100 ("No obstructive CAD; CABG
		// not needed", "screen again for diabetes in 3 months"); LVEF "LVEF 60-65% (70% in
		// 2006)", whose parenthesis dates the earlier value only
		{"hy.jsonl", budget{0, 0, 0, 0}},
		// hz, the au brief again (forty), a two-hundred-and-eighteenth writer: blind 5.0 per
		// 100 (non-native "the primary team was worried for the pulmonary embolism";
		// "postoperative atrial fibrillation is common")
		{"hz.jsonl", budget{0, 0, 0, 0}},
		// ia, the bf brief again (forty), a two-hundred-and-nineteenth writer: 0, F1 1.000
		{"ia.jsonl", budget{0, 0, 0, 0}},
		// ib, the bl brief again (twenty), a two-hundred-and-twentieth writer: blind 10.0 per
		// 100 ("Atrial fibrillation has not been seen so far", "keep an eye out for the
		// development of a pacing-induced cardiomyopathy")
		{"ib.jsonl", budget{0, 0, 0, 0}},
		// ic, the az brief again (twenty), a two-hundred-and-twenty-first writer: blind 5.0
		// per 100 ("coronary bypass not required at the time of valve surgery"). Left: an
		// old-only EF ("a June 2009 echo value of 40%") labelled none
		{"ic.jsonl", budget{0, 0, 0, 1}},
		// id, the bs brief again (twenty), a two-hundred-and-twenty-second writer: 0; LVEF
		// "His predischarge echo 3 weeks ago reported an LVEF of 40%" is the earlier stay's
		{"id.jsonl", budget{0, 0, 0, 0}},
		// the fifth wave of stretch 38, blind with rules 0.6.93 less its last narrowing
		// ("his known" after a negation): 3 meaning errors in 180 notes (1.7 per 100),
		// fixed in rules 0.6.93. ie, the be brief again (forty), a
		// two-hundred-and-twenty-third writer: 0; smoking "His daughter says he chewed tobacco
		// for many years; cigarette use was not discussed". Left: missed "rheumatic mitral
		// stenosis with regurgitation" and "Syncope, likely due to severe aortic stenosis";
		// two old-only EFs labelled none; "his heart was pumping at about 35 to 40 percent"
		{"ie.jsonl", budget{0, 2, 0, 3}},
		// if, the bq brief again (forty), a two-hundred-and-twenty-fourth writer: blind 5.0
		// per 100 ("PE FINDINGS:", the physical exam; "Her son ... He himself had a stroke
		// last year"); LVEF "LVEF 40% in 2002, 35% on most recent echo 11/2003"
		{"if.jsonl", budget{0, 0, 0, 0}},
		// ig, the au brief again (forty), a two-hundred-and-twenty-fifth writer: blind 2.5 per
		// 100 ("There was concern on the primary team for chronic pulmonary embolism")
		{"ig.jsonl", budget{0, 0, 0, 0}},
		// ih, ii, ij (the bh, bl and az briefs, twenty each): 0, F1 1.000
		{"ih.jsonl", budget{0, 0, 0, 0}},
		{"ii.jsonl", budget{0, 0, 0, 0}},
		{"ij.jsonl", budget{0, 0, 0, 0}},
		// the sixth wave of stretch 38, blind with rules 0.6.93: 5 meaning errors in 180
		// notes (2.8 per 100), fixed in rules 0.6.94. ik, the bf brief again (forty), a
		// two-hundred-and-twenty-ninth writer: blind 2.5 per 100 ("call 911 immediately if
		// any symptoms of stroke recur"). Left: "ejection fraction 35-40%, previously 25% in
		// 03/2010" read as the HPI's 25%
		{"ik.jsonl", budget{0, 0, 0, 1}},
		// il, the be brief again (forty), a two-hundred-and-thirtieth writer: 0, F1 1.000
		{"il.jsonl", budget{0, 0, 0, 0}},
		// im, the bq brief again (forty), a two-hundred-and-thirty-first writer: blind 7.5
		// per 100 ("Never told of high BP, DM or cholesterol", "Counseled on heart failure
		// symptoms and daily weights"). Left: a missed mitral regurgitation
		{"im.jsonl", budget{0, 1, 0, 0}},
		// in, the bs brief again (twenty), a two-hundred-and-thirty-second writer: blind 5.0
		// per 100 ("atrial fibrillation frequently develops after flutter ablation")
		{"in.jsonl", budget{0, 0, 0, 0}},
		// io, ip (the bh and bl briefs, twenty each): 0, F1 1.000; ip's "Transthoracic
		// echocardiogram 05/2013: ... LVEF 50%. Prior echo 2010 LVEF 55%" had been read as
		// 55 by rules 0.6.92's dating and is mended
		{"io.jsonl", budget{0, 0, 0, 0}},
		{"ip.jsonl", budget{0, 0, 0, 0}},
		// wave 29, blind with rules 0.6.94: no non-asserted mention published in 180 notes.
		// iq (the au brief, forty), a two-hundred-and-thirty-fifth writer: left iq12, an
		// earlier echo's 60% that the indication quotes, labelled none (the rules fall back
		// to the earlier value when the note gives no other; see the README)
		{"iq.jsonl", budget{0, 0, 0, 1}},
		// ir (the bf brief): "Post-stress left ventricular ejection fraction by gated SPECT
		// is 58%" had been dropped as a stress peak (the gated word stands after the keyword)
		{"ir.jsonl", budget{0, 0, 0, 0}},
		// is (the be brief): "Per son and old chart: hypertension; ..." had read the son's;
		// left is09, "Elevated cholesterol, she says, not treated", which the writer did not
		// label (the patient's own, so the rules are right)
		{"is.jsonl", budget{0, 0, 1, 0}},
		// it, iu, iv (the az, bs and bh briefs, twenty each): 0, F1 1.000 blind
		{"it.jsonl", budget{0, 0, 0, 0}},
		{"iu.jsonl", budget{0, 0, 0, 0}},
		{"iv.jsonl", budget{0, 0, 0, 0}},
		// wave 30, blind with wave 29's fixes: 4 non-asserted mentions published in 180
		// notes (2.2 per 100), all mended in rules 0.6.95.
		// iw (the bq brief, forty), a two-hundred-and-forty-first writer: 0; left: five
		// old-only EFs ("echo 2003 with EF 55%", "CHF with EF 30% (echo 2005)") labelled
		// none, which the rules keep as the note's only value (README)
		{"iw.jsonl", budget{0, 0, 0, 5}},
		// ix (the au brief): "this may predict the later development of resting hypertension"
		{"ix.jsonl", budget{0, 0, 0, 0}},
		// iy (the bf brief): "may reflect pulmonary vascular congestion from heart failure
		// or anemia", "Pulmonary embolism considered briefly ..."; "Borderline hyperlipidemia,
		// diet controlled" is now read
		{"iy.jsonl", budget{0, 0, 0, 0}},
		// iz (the bl brief, twenty): "without psychotic features, exacerbated in the setting
		// of acute MI with new ischemic cardiomyopathy" had negated the cardiomyopathy
		{"iz.jsonl", budget{0, 0, 0, 0}},
		{"ja.jsonl", budget{0, 0, 0, 0}},
		// jb (the bs brief): "a cardioembolic source needs to be excluded, particularly
		// paroxysmal atrial fibrillation"
		{"jb.jsonl", budget{0, 0, 0, 0}},
		// wave 31, blind with rules 0.6.95: 2 non-asserted mentions published in 180 notes
		// (1.1 per 100), both mended in rules 0.6.96. jc, jd (the be and bq briefs, forty):
		// F1 1.000 blind
		{"jc.jsonl", budget{0, 0, 0, 0}},
		{"jd.jsonl", budget{0, 0, 0, 0}},
		// je (the au brief): missed "Hypertension yes, diabetes no, hyperlipidemia yes" (a
		// form's answer after the mention); left: "CHF with last EF 20% by echo in 1999",
		// an old-only EF labelled none
		{"je.jsonl", budget{0, 0, 0, 1}},
		// jf (the bh brief, twenty): "counseled that atrial fibrillation can still develop
		// after flutter ablation"
		{"jf.jsonl", budget{0, 0, 0, 0}},
		// jg (the bl brief): "She is also hypertensive"; "TTE 11/03/1999: ... EF 40%,
		// compared with an EF of 55% on an echo in 1997" had taken the label's date for both
		{"jg.jsonl", budget{0, 0, 0, 0}},
		// jh (the az brief): "Long-term survivorship follow-up for radiation-associated
		// coronary disease"; left: an old-only EF labelled none
		{"jh.jsonl", budget{0, 0, 0, 1}},
		// wave 32, blind with rules 0.6.96: 4 non-asserted mentions published in 180 notes
		// (2.2 per 100), all mended in rules 0.6.97. ji (the bf brief, forty): "Hypertension
		// was not an issue; he has no history of it"; left: "Echocardiogram 2007 done for a
		// murmur: EF 55-60%", an old-only EF labelled none
		{"ji.jsonl", budget{0, 0, 0, 1}},
		// jj (the be brief): "Pulmonary embolism is low probability; Wells score 0"
		{"jj.jsonl", budget{0, 0, 0, 0}},
		{"jk.jsonl", budget{0, 0, 0, 0}},
		// jl (the bs brief, twenty): "pulmonary embolism has not been suggested clinically";
		// "The primary team had considered a tachycardia-mediated cardiomyopathy, but this is
		// not supported by the normal left ventricular function"
		{"jl.jsonl", budget{0, 0, 0, 0}},
		// jm, jn (the bh and bl briefs): F1 1.000 blind
		{"jm.jsonl", budget{0, 0, 0, 0}},
		{"jn.jsonl", budget{0, 0, 0, 0}},
		// wave 33, blind with rules 0.6.97: 5 non-asserted mentions published in 180 notes
		// (2.8 per 100), all mended in rules 0.6.98. jo (the au brief, forty): "after flutter
		// ablation atrial fibrillation can appear", "monitored for atrial arrhythmias and heart
		// block, which can occur after valve surgery"; missed "PAST MEDICAL HISTORY (per
		// facility records and son):, ... hypertension"
		{"jo.jsonl", budget{0, 0, 0, 0}},
		{"jp.jsonl", budget{0, 0, 0, 0}},
		// jq (the be brief): left: jq30, "without clinical heart failure; he has never
		// required diuretics or hospitalization for heart failure" (reading "never required
		// ... for" as a negation, rules 0.6.98, negated "He has never required insulin for
		// diabetes" too, and was taken back in 0.6.99); jq23, today's echo in words only and
		// an earlier 25%, labelled none
		{"jq.jsonl", budget{1, 0, 0, 1}},
		{"jr.jsonl", budget{0, 0, 0, 0}},
		// js (the bs brief, twenty): "This is a high-risk situation for stroke"; left: js08's
		// "intracerebral hemorrhage", which this writer counts as a stroke (see gh)
		{"js.jsonl", budget{0, 1, 0, 0}},
		// jt (the bh brief): "transferred for cardiac catheterization and evaluation of
		// coronary artery disease"
		{"jt.jsonl", budget{0, 0, 0, 0}},
		// wave 34, blind with rules 0.6.98: 5 non-asserted mentions published in 160 notes
		// (3.1 per 100), all mended in rules 0.6.99. ju (the bq brief, forty): "so atrial
		// flutter is not favored", "Discussed signs of heart attack and stroke to report";
		// left: ju36, "likely tachycardia-mediated cardiomyopathy", which this writer labels
		// true against LABELLING.md's uncertain-is-not-asserted
		{"ju.jsonl", budget{0, 1, 0, 0}},
		// jv (the au brief; 20 notes, the writer ran out of time): F1 1.000
		{"jv.jsonl", budget{0, 0, 0, 0}},
		// jw (the bf brief): "reduced EF and diabetes not being present"
		{"jw.jsonl", budget{0, 0, 0, 0}},
		// jx (the bl brief, twenty): "her husband, who died of a heart attack 2 years ago";
		// LVEF 60 read as a 1994 echo's 65 (a letterhead before the letter's date hid it)
		{"jx.jsonl", budget{0, 0, 0, 0}},
		{"jy.jsonl", budget{0, 0, 0, 0}},
		// jz (the bs brief): missed "lateral medullary (Wallenberg) infarction"; left: jz20,
		// "telemetry for recurrent atrial flutter or atrial fibrillation" (the patient had
		// flutter only; "telemetry for recurrent" as a hedge, rules 0.6.99, also hedged
		// "admitted to telemetry for recurrent episodes of atrial fibrillation", so it was
		// taken back in 0.6.100)
		{"jz.jsonl", budget{1, 0, 0, 0}},
		// wave 35, blind with rules 0.6.99: 4 non-asserted mentions published in 180 notes
		// (2.2 per 100), all mended in rules 0.6.100. ka (the be brief, forty): "Heart
		// failure has been considered by his cardiologist", "Alcoholic cardiomyopathy
		// suspected by cardiology"
		{"ka.jsonl", budget{0, 0, 0, 0}},
		// kb (the bq brief): "Concern raised for tachycardia-mediated cardiomyopathy"
		{"kb.jsonl", budget{0, 0, 0, 0}},
		// kc (the au brief): "Mild chronic kidney disease was questioned at her last PCP
		// visit"; LVEF "LVEF 35-40% (LVEF 50% in 2011)" had read 50 (the parenthesis dated
		// the value before it)
		{"kc.jsonl", budget{0, 0, 0, 0}},
		{"kd.jsonl", budget{0, 0, 0, 0}},
		{"ke.jsonl", budget{0, 0, 0, 0}},
		{"kf.jsonl", budget{0, 0, 0, 0}},
		{"kg.jsonl", budget{0, 0, 0, 0}},
		{"kh.jsonl", budget{0, 0, 0, 0}},
		{"ki.jsonl", budget{0, 0, 0, 0}},
		{"kj.jsonl", budget{0, 0, 0, 0}},
		{"kk.jsonl", budget{0, 0, 0, 0}},
		{"kl.jsonl", budget{0, 0, 0, 0}},
		// wave 37 (rules 0.6.104), blind: km08 "dyslipidemia", which this writer did not label
		// (another writer of the wave labels it hyperlipidemia, as ICD-10-CM indexes it), left
		{"km.jsonl", budget{0, 0, 1, 0}},
		{"kn.jsonl", budget{0, 0, 0, 0}},
		{"ko.jsonl", budget{0, 0, 0, 0}},
		{"kp.jsonl", budget{0, 0, 0, 0}},
		{"kq.jsonl", budget{0, 0, 0, 0}},
		{"kr.jsonl", budget{0, 0, 0, 0}},
		{"ks.jsonl", budget{0, 0, 0, 0}},
		// wave 38 (rules 0.6.105): kt05 "last ejection fraction 25% by MUGA in 1999" and kt33
		// "Prior ejection fraction 40% on echo 2001", ku18 "last echo in 2003 with an EF of 40%":
		// old-only values its writers label none; the rules keep the note's only value
		{"kt.jsonl", budget{0, 0, 0, 2}},
		{"ku.jsonl", budget{0, 0, 0, 1}},
		{"kv.jsonl", budget{0, 0, 0, 0}},
		{"kw.jsonl", budget{0, 0, 0, 0}},
		{"kx.jsonl", budget{0, 0, 0, 0}},
		{"ky.jsonl", budget{0, 0, 0, 0}},
		// wave 39 (rules 0.6.106): kz39 "Cor pulmonale with RV failure", which this writer
		// labels heart failure and the writers of sets cp, cz and fe do not; left. la11 "last
		// echo 2005 with ejection fraction 20%", an old-only value labelled none
		{"kz.jsonl", budget{0, 1, 0, 0}},
		{"la.jsonl", budget{0, 0, 0, 1}},
		{"lb.jsonl", budget{0, 0, 0, 0}},
		{"lc.jsonl", budget{0, 0, 0, 0}},
		{"ld.jsonl", budget{0, 0, 0, 0}},
		// wave 40 (rules 0.6.107): le31 "EF 30% on echo 03/2010", an old-only value labelled none
		{"le.jsonl", budget{0, 0, 0, 1}},
		{"lf.jsonl", budget{0, 0, 0, 0}},
		{"lg.jsonl", budget{0, 0, 0, 0}},
		{"lh.jsonl", budget{0, 0, 0, 0}},
		{"li.jsonl", budget{0, 0, 0, 0}},
		{"lj.jsonl", budget{0, 0, 0, 0}},
		// wave 41 (rules 0.6.108), left for the next stretch: lk09 "right ventricular failure",
		// which this writer (and those of sets cp, cz, fe) holds no heart failure; lk35 "takotsubo
		// cardiomyopathy versus septic myocarditis", labelled true against LABELLING.md's
		// "versus"; ll33 "25% proximal stenosis", a mild lesion this writer holds no coronary
		// disease; ln14 an old-only EF labelled none. lo06's "22 mL left putaminal hemorrhage"
		// is read since stretch 41 (a spontaneous bleed's site), as is lo18's "Acute left cerebellar and right parietal embolic
		// infarcts" is read since stretch 41 (brainRegionInfarcts)
		{"lk.jsonl", budget{0, 1, 1, 0}},
		{"ll.jsonl", budget{1, 0, 0, 0}},
		{"lm.jsonl", budget{0, 0, 0, 0}},
		{"ln.jsonl", budget{0, 0, 0, 1}},
		{"lo.jsonl", budget{0, 0, 0, 0}},
		{"lp.jsonl", budget{0, 0, 0, 0}},
		// wave 42 (rules 0.6.111): lt05 "Last cath 1989 pre-CABG, EF then reported as 35%", an old-only
		// value labelled none, is read since stretch 42 (longAgo)
		{"lq.jsonl", budget{0, 0, 0, 0}},
		{"lr.jsonl", budget{0, 0, 0, 0}},
		{"ls.jsonl", budget{0, 0, 0, 0}},
		{"lt.jsonl", budget{0, 0, 0, 0}},
		{"lu.jsonl", budget{0, 0, 0, 0}},
		{"lv.jsonl", budget{0, 0, 0, 0}},
		// wave 43 (rules 0.6.112): ly26 "murmur consistent with aortic stenosis, suspected
		// severe", before any echo, labelled not asserted (the rules read the grade as what is
		// suspected)
		{"lw.jsonl", budget{0, 0, 0, 0}},
		{"lx.jsonl", budget{0, 0, 0, 0}},
		{"ly.jsonl", budget{1, 0, 0, 0}},
		{"lz.jsonl", budget{0, 0, 0, 0}},
		{"ma.jsonl", budget{0, 0, 0, 0}},
		{"mb.jsonl", budget{0, 0, 0, 0}},
		// wave 44 (rules 0.6.113): mc25 "Exertional syncope, most likely due to severe aortic
		// stenosis" beside a bedside echo's calcified valve, labelled asserted (the rules read
		// "most likely due to" as a hedge of the cause)
		{"mc.jsonl", budget{0, 1, 0, 0}},
		{"md.jsonl", budget{0, 0, 0, 0}},
		{"me.jsonl", budget{0, 0, 0, 0}},
		{"mf.jsonl", budget{0, 0, 0, 0}},
		{"mg.jsonl", budget{0, 0, 0, 0}},
		{"mh.jsonl", budget{0, 0, 0, 0}},
		// wave 45 (rules 0.6.114): mi39 "he has never been treated for hypertension", mended in
		// rules 0.6.130 (wave 56's ox39); mj12 "Borderline hypertension" labelled asserted
		// (ICD-10-CM reads it as a finding, R03.0)
		{"mi.jsonl", budget{0, 0, 0, 0}},
		{"mj.jsonl", budget{0, 1, 0, 0}},
		{"mk.jsonl", budget{0, 0, 0, 0}},
		{"ml.jsonl", budget{0, 0, 0, 0}},
		// wave 45: mm20 "His predischarge echocardiogram showed LVEF 35-40%" three weeks after
		// that discharge, beside today's 30% (a rule for it, in 0.6.115, put the predischarge
		// value behind a much older one in a clinic note; taken back in 0.6.116)
		{"mm.jsonl", budget{0, 0, 0, 1}},
		{"mn.jsonl", budget{0, 0, 0, 0}},
		// wave 46 (rules 0.6.116): mo39 "new HF symptoms and LVEF 35%" (a bare "HF" is no heart
		// failure to the rules)
		{"mo.jsonl", budget{0, 1, 0, 0}},
		{"mp.jsonl", budget{0, 0, 0, 0}},
		{"mq.jsonl", budget{0, 0, 0, 0}},
		{"mr.jsonl", budget{0, 0, 0, 0}},
		{"ms.jsonl", budget{0, 0, 0, 0}},
		{"mt.jsonl", budget{0, 0, 0, 0}},
		// wave 47 (rules 0.6.118): my11 "Her last echocardiogram, done at an outside hospital in
		// 1992, reportedly showed an ejection fraction of 30%" in a note of 1994, labelled none
		// (the rules keep a lone value its note dates less than five years before it)
		{"mu.jsonl", budget{0, 0, 0, 0}},
		{"mv.jsonl", budget{0, 0, 0, 0}},
		{"mw.jsonl", budget{0, 0, 0, 0}},
		{"mx.jsonl", budget{0, 0, 0, 0}},
		{"my.jsonl", budget{0, 0, 0, 1}},
		{"mz.jsonl", budget{0, 0, 0, 0}},
		// wave 48 (rules 0.6.120): nc25 "Elevated BP, likely stage 2 hypertension", labelled asserted
		// (the rules read "likely" as a hedge, LABELLING.md's "possibly"); na37 "Cardiomyopathy has
		// not been an issue" labelled negated (a rule for it was taken back in 0.6.122: "has not
		// been a problem since starting amlodipine" is a controlled condition)
		{"na.jsonl", budget{1, 0, 0, 0}},
		{"nb.jsonl", budget{0, 0, 0, 0}},
		{"nc.jsonl", budget{0, 1, 0, 0}},
		{"nd.jsonl", budget{0, 0, 0, 0}},
		{"ne.jsonl", budget{0, 0, 0, 0}},
		{"nf.jsonl", budget{0, 0, 0, 0}},
		// wave 49 (rules 0.6.121): nh23 (a cath report's indication quoting an echo's 25% before the
		// ventriculogram's 30%) is read since 0.6.123; nh31 "no regional wall motion
		// abnormalities, grade II diastolic dysfunction, mild mitral regurgitation" and nh33
		// "Pulmonary embolism would not explain the restriction but can be considered if
		// clinical picture suggests" since 0.6.126
		{"ng.jsonl", budget{0, 0, 0, 0}},
		{"nh.jsonl", budget{0, 0, 0, 0}},
		{"ni.jsonl", budget{0, 0, 0, 0}},
		{"nj.jsonl", budget{0, 0, 0, 0}},
		{"nk.jsonl", budget{0, 0, 0, 0}},
		{"nl.jsonl", budget{0, 0, 0, 0}},
		// wave 50 (rules 0.6.122): nm11 "Reviewed symptoms of MI and when to call 911" and nm33 "Wife
		// with him; she has AFib herself" read as asserted; nn06 "Risk factors for coronary artery
		// disease include hyperlipidemia" labelled asserted; nq20 a lone 2001 echo's 35% in a 2003
		// note labelled none
		{"nm.jsonl", budget{2, 0, 0, 0}},
		{"nn.jsonl", budget{0, 1, 0, 0}},
		{"no.jsonl", budget{0, 0, 0, 0}},
		{"np.jsonl", budget{0, 0, 0, 0}},
		{"nq.jsonl", budget{0, 0, 0, 1}},
		{"nr.jsonl", budget{0, 0, 0, 0}},
		// wave 51 (rules 0.6.123): nu05 "last ejection fraction 25% in 2005" in a 2006 note, the
		// only value, labelled none (writers disagree on a lone earlier value: see my11, nq20);
		// nv14 "Mild mitral regurgitation was seen on the first echo and was not present on the
		// repeat study" labelled asserted (the stay's first echo found it)
		{"ns.jsonl", budget{0, 0, 0, 0}},
		{"nt.jsonl", budget{0, 0, 0, 0}},
		{"nu.jsonl", budget{0, 0, 0, 1}},
		{"nv.jsonl", budget{0, 1, 0, 0}},
		{"nw.jsonl", budget{0, 0, 0, 0}},
		{"nx.jsonl", budget{0, 0, 0, 0}},
		{"ny.jsonl", budget{0, 0, 0, 0}},
		{"nz.jsonl", budget{0, 0, 0, 0}},
		{"oa.jsonl", budget{0, 0, 0, 0}},
		{"ob.jsonl", budget{0, 0, 0, 0}},
		{"oc.jsonl", budget{0, 0, 0, 0}},
		{"od.jsonl", budget{0, 0, 0, 0}},
		// wave 53 (rules 0.6.125): writers disagree on right ventricular failure as heart
		// failure (oe19 "acute right ventricular failure" left unlabelled, as the writers of
		// sets cp, cz, fe and lk hold it; of33 "acute RV failure" labelled heart failure, as
		// most do); og05 "Borderline hypertension, not on medication" labelled asserted (see
		// mj12; set ab's writer holds it no hypertension)
		{"oe.jsonl", budget{0, 0, 1, 0}},
		{"of.jsonl", budget{0, 1, 0, 0}},
		{"og.jsonl", budget{0, 1, 0, 0}},
		{"oh.jsonl", budget{0, 0, 0, 0}},
		{"oi.jsonl", budget{0, 0, 0, 0}},
		{"oj.jsonl", budget{0, 0, 0, 0}},
		// wave 54 (rules 0.6.126): op16 "the association of cocaine with stroke, heart attack",
		// op18 "monitoring misses a substantial fraction of paroxysmal atrial fibrillation",
		// ol15 "inferior akinesis consistent with prior infarct" and ol23's "he stop completely
		// in June" are read since 0.6.127
		{"ok.jsonl", budget{0, 0, 0, 0}},
		{"ol.jsonl", budget{0, 0, 0, 0}},
		{"om.jsonl", budget{0, 0, 0, 0}},
		{"on.jsonl", budget{0, 0, 0, 0}},
		{"oo.jsonl", budget{0, 0, 0, 0}},
		{"op.jsonl", budget{0, 0, 0, 0}},
		{"oq.jsonl", budget{0, 0, 0, 0}},
		{"or.jsonl", budget{0, 0, 0, 0}},
		{"os.jsonl", budget{0, 0, 0, 0}},
		{"ot.jsonl", budget{0, 0, 0, 0}},
		{"ou.jsonl", budget{0, 0, 0, 0}},
		{"ov.jsonl", budget{0, 0, 0, 0}},
		{"ow.jsonl", budget{0, 0, 0, 0}},
		{"ox.jsonl", budget{0, 0, 0, 0}},
		{"oy.jsonl", budget{0, 0, 0, 0}},
		{"oz.jsonl", budget{0, 0, 0, 0}},
		{"pa.jsonl", budget{0, 0, 0, 0}},
		{"pb.jsonl", budget{0, 0, 0, 0}},
		{"pc.jsonl", budget{0, 0, 0, 0}},
		{"pd.jsonl", budget{0, 0, 0, 0}},
		// wave 57 (rules 0.6.131): pe32 "ejection fraction greater than 70%" labelled 70, a bound
		// to the rules (LABELLING.md: thresholds are no LVEF)
		{"pe.jsonl", budget{0, 0, 0, 1}},
		{"pf.jsonl", budget{0, 0, 0, 0}},
		{"pg.jsonl", budget{0, 0, 0, 0}},
		{"ph.jsonl", budget{0, 0, 0, 0}},
		{"pi.jsonl", budget{0, 0, 0, 0}},
		{"pj.jsonl", budget{0, 0, 0, 0}},
		// wave 58 (rules 0.6.132): pk26 "Presumed coronary artery disease, to be defined by
		// angiography" labelled asserted (a hedge to the rules and NegEx)
		{"pk.jsonl", budget{0, 1, 0, 0}},
		{"pl.jsonl", budget{0, 0, 0, 0}},
		// wave 58 (rules 0.6.132): pm13 "Last echo in 2009 reportedly showed an ejection fraction
		// of 35%" in a note of 2010 labelled no LVEF (most writers keep a lone earlier value)
		{"pm.jsonl", budget{0, 0, 0, 1}},
		{"pn.jsonl", budget{0, 0, 0, 0}},
		{"po.jsonl", budget{0, 0, 0, 0}},
		// wave 59 (rules 0.6.133): pp26 "CHF, last echo 1999 EF 45%" in a note of 2001 labelled no
		// LVEF (most writers keep a lone earlier value)
		{"pp.jsonl", budget{0, 0, 0, 1}},
		// wave 59 (rules 0.6.133): pq28 "LDL 145, started on atorvastatin for elevated
		// cardiovascular risk; diagnosis of hyperlipidemia added to problem list" read as a hedge
		// (the risk before the semicolon reaches the diagnosis)
		{"pq.jsonl", budget{0, 1, 0, 0}},
		{"pr.jsonl", budget{0, 0, 0, 0}},
		{"ps.jsonl", budget{0, 0, 0, 0}},
		{"pt.jsonl", budget{0, 0, 0, 0}},
	}
	twenty := map[string]bool{"az.jsonl": true, "ba.jsonl": true, "ay.jsonl": true, "bd.jsonl": true, "bb.jsonl": true, "bc.jsonl": true, "bg.jsonl": true, "bh.jsonl": true, "bi.jsonl": true, "bj.jsonl": true, "bm.jsonl": true, "bn.jsonl": true, "bo.jsonl": true, "br.jsonl": true, "bs.jsonl": true, "bt.jsonl": true, "bv.jsonl": true, "bw.jsonl": true, "bx.jsonl": true, "by.jsonl": true, "bz.jsonl": true, "cb.jsonl": true, "cd.jsonl": true, "cg.jsonl": true, "cj.jsonl": true, "cl.jsonl": true, "co.jsonl": true, "cp.jsonl": true, "cs.jsonl": true, "cw.jsonl": true, "cx.jsonl": true, "da.jsonl": true, "db.jsonl": true, "de.jsonl": true, "df.jsonl": true, "di.jsonl": true, "dj.jsonl": true, "dm.jsonl": true, "dn.jsonl": true, "dq.jsonl": true, "dr.jsonl": true, "dx.jsonl": true, "dy.jsonl": true, "dz.jsonl": true, "ed.jsonl": true, "ee.jsonl": true, "ef.jsonl": true, "ej.jsonl": true, "ek.jsonl": true, "el.jsonl": true, "ep.jsonl": true, "eq.jsonl": true, "er.jsonl": true, "ev.jsonl": true, "ew.jsonl": true, "ex.jsonl": true, "fb.jsonl": true, "fc.jsonl": true, "fd.jsonl": true, "fh.jsonl": true, "fi.jsonl": true, "fj.jsonl": true, "fn.jsonl": true, "fo.jsonl": true, "fp.jsonl": true, "ft.jsonl": true, "fu.jsonl": true, "fv.jsonl": true, "fz.jsonl": true, "ga.jsonl": true, "gb.jsonl": true, "gf.jsonl": true, "gg.jsonl": true, "gh.jsonl": true, "gl.jsonl": true, "gm.jsonl": true, "gn.jsonl": true, "gr.jsonl": true, "gs.jsonl": true, "gt.jsonl": true, "gx.jsonl": true, "gy.jsonl": true, "gz.jsonl": true, "hd.jsonl": true, "he.jsonl": true, "hf.jsonl": true, "hj.jsonl": true, "hk.jsonl": true, "hl.jsonl": true, "hp.jsonl": true, "hq.jsonl": true, "hr.jsonl": true, "hv.jsonl": true, "hw.jsonl": true, "hx.jsonl": true, "ib.jsonl": true, "ic.jsonl": true, "id.jsonl": true, "ih.jsonl": true, "ii.jsonl": true, "ij.jsonl": true, "in.jsonl": true, "io.jsonl": true, "ip.jsonl": true, "it.jsonl": true, "iu.jsonl": true, "iv.jsonl": true, "iz.jsonl": true, "ja.jsonl": true, "jb.jsonl": true, "jf.jsonl": true, "jg.jsonl": true, "jh.jsonl": true, "jl.jsonl": true, "jm.jsonl": true, "jn.jsonl": true, "jr.jsonl": true, "js.jsonl": true, "jt.jsonl": true, "jv.jsonl": true, "jx.jsonl": true, "jy.jsonl": true, "jz.jsonl": true, "kd.jsonl": true, "ke.jsonl": true, "kf.jsonl": true, "kj.jsonl": true, "kk.jsonl": true, "kl.jsonl": true, "kp.jsonl": true, "kq.jsonl": true, "kr.jsonl": true, "kv.jsonl": true, "kw.jsonl": true, "kx.jsonl": true, "lb.jsonl": true, "lc.jsonl": true, "ld.jsonl": true, "lh.jsonl": true, "li.jsonl": true, "lj.jsonl": true, "ln.jsonl": true, "lo.jsonl": true, "lp.jsonl": true, "lt.jsonl": true, "lu.jsonl": true, "lv.jsonl": true, "lz.jsonl": true, "ma.jsonl": true, "mb.jsonl": true, "mf.jsonl": true, "mg.jsonl": true, "mh.jsonl": true, "ml.jsonl": true, "mm.jsonl": true, "mn.jsonl": true, "mr.jsonl": true, "ms.jsonl": true, "mt.jsonl": true, "mx.jsonl": true, "my.jsonl": true, "mz.jsonl": true, "nd.jsonl": true, "ne.jsonl": true, "nf.jsonl": true, "nj.jsonl": true, "nk.jsonl": true, "nl.jsonl": true, "np.jsonl": true, "nq.jsonl": true, "nr.jsonl": true, "nv.jsonl": true, "nw.jsonl": true, "nx.jsonl": true, "ob.jsonl": true, "oc.jsonl": true, "od.jsonl": true, "oh.jsonl": true, "oi.jsonl": true, "oj.jsonl": true, "on.jsonl": true, "oo.jsonl": true, "op.jsonl": true, "ot.jsonl": true, "ou.jsonl": true, "ov.jsonl": true, "oz.jsonl": true, "pa.jsonl": true, "pb.jsonl": true, "pf.jsonl": true, "pg.jsonl": true, "ph.jsonl": true, "pl.jsonl": true, "pm.jsonl": true, "pn.jsonl": true, "pr.jsonl": true, "ps.jsonl": true, "pt.jsonl": true} // the rest hold 40 notes
	for _, set := range sets {
		var got budget
		notes, lvefs, lvefWrong := 0, 0, 0
		for _, note := range readLabelledNotes(t, filepath.Join("..", "..", "testdata", "written", set.file)) {
			notes++
			fs := ExtractOne(nlp.Input{Text: note.Text})
			asserted := map[string]bool{}
			for _, c := range fs.Conditions {
				if c.Assertion == findings.Asserted {
					asserted[c.Code] = true
				}
			}
			gold := map[string]bool{}
			for _, c := range note.Conditions {
				gold[c.Code] = true
				switch {
				case c.Asserted && !asserted[c.Code]:
					got.missed++
					t.Logf("%s %s: missed %s", set.file, note.ID, c.Code)
				case !c.Asserted && asserted[c.Code]:
					got.published++
					t.Logf("%s %s: %s published as asserted, labelled not", set.file, note.ID, c.Code)
				}
			}
			for code := range asserted {
				if !gold[code] {
					got.extra++
					t.Logf("%s %s: %s asserted, not in the note's labels", set.file, note.ID, code)
				}
			}
			if note.lvefLabelled { // sets a and b did not label the LVEF
				lvefs++
				switch {
				case note.LVEF == nil && fs.LVEF != nil, note.LVEF != nil && fs.LVEF == nil,
					note.LVEF != nil && math.Abs(*note.LVEF-fs.LVEF.Value) > 2.5:
					lvefWrong++
					t.Logf("%s %s: LVEF labelled %v, read %v", set.file, note.ID, note.LVEF, fs.LVEF)
				}
			}
		}
		want := 40
		if twenty[set.file] {
			want = 20
		}
		if notes != want {
			t.Errorf("%s: %d notes, want %d", set.file, notes, want)
		}
		t.Logf("%s: %d notes; non-asserted published as asserted %d, asserted missed %d, asserted but unlabelled %d; LVEF wrong %d of %d labelled",
			set.file, notes, got.published, got.missed, got.extra, lvefWrong, lvefs)
		if got.published > set.max.published || got.missed > set.max.missed || got.extra > set.max.extra || lvefWrong > set.max.lvef {
			t.Errorf("%s: published %d (at most %d), missed %d (at most %d), unlabelled %d (at most %d), LVEF wrong %d (at most %d)",
				set.file, got.published, set.max.published, got.missed, set.max.missed, got.extra, set.max.extra, lvefWrong, set.max.lvef)
		}
	}
}

// A stent is coronary artery disease only in a sentence about the heart's arteries or an
// infarction, and not one of another organ's (TestContextCues holds the coronary ones).
func TestStentsOfOtherOrgansAreNoCoronaryDisease(t *testing.T) {
	const cad, none = "53741008", findings.Assertion("")
	checkAssertions(t, []assertionCase{
		{"Bilateral balloon pulmonary angioplasty and stent implantation.", cad, none},
		{"Ureteral stent placed; history of MI.", cad, none},
		{"Carotid stent 2019 after a TIA; no MI.", cad, none},
		{"The superficial femoral artery was occluded. This was treated with angioplasty and a stent placement.", cad, none},
		{"Zustand nach Vorderwandinfarkt, Beurteilung des Herzens unauffällig.", cad, none},
		{"NSTEMI s/p DES to mid LAD.", cad, findings.Asserted}, // DES after an NSTEMI
	})
}

// labelledNote is a line of a labelled entity JSONL set (notecoder's format): note-level
// conditions and, where the set labels it, the LVEF.
type labelledNote struct {
	ID, Text   string
	Conditions []struct {
		Code     string
		Asserted bool
	}
	LVEF         *float64 `json:"lvef"`
	lvefLabelled bool     // the line has an "lvef" key (null: the note gives none)
}

// readLabelledNotes reads a labelled entity JSONL set.
func readLabelledNotes(t *testing.T, path string) []labelledNote {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []labelledNote
	for sc.Scan() {
		var n labelledNote
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if err := json.Unmarshal(sc.Bytes(), &keys); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		_, n.lvefLabelled = keys["lvef"]
		out = append(out, n)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// The current LVEF where a note gives several (sets e, f and g): the latest-dated study,
// a sentence labelled as today's or as an earlier finding, a value followed by what it
// changed from.
func TestLVEFOfDatedAndLabelledStudies(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"TTE 12/10/2025 (index admission): LVEF 40%, inferior hypokinesis.\nTTE 03/09/2026: LVEF 50-55%, mild inferior hypokinesis.", 52.5},
		{"Vorbefund Baseline-Echo (05/25, vor Chemo): LVEF 62 %, GLS -20 %.\nTTE heute: LV normal dimensioniert, keine regionalen WBS, LVEF (biplan) 56 %.", 56},
		{"Bekannt: HFrEF, ICD 2021. LVEF im Brief 30 %.\nPOCUS: LV dilatiert, EF visuell ca. 25 %.", 25},
		{"Presented with HF; TTE then LVEF 25%.\nRelevant Studies:\n TTE 01/20/2026: LVEF 40-45% (improved from 25% in 03/2025).", 42.5},
		{"Admitted in March with an ejection fraction of 25%. Her repeat echocardiogram this week shows a left ventricular ejection fraction of 45%, improved from 25% in March.", 45},
		{"EF improved from 25% to 30-35% on quadruple therapy.", 32.5},
		{"Diagnosed in 2022 with an LVEF of 20%.  Echocardiogram last week:  LVEF 45%.  LVEF has improved from 20% to 45% on GDMT.", 45},
		{"LVEF has improved from 20% to 45% on GDMT.", 45},
		// a sentence that opens with an earlier study, its value far from the word (set gc;
		// rules 0.6.87)
		{"PATIENT HISTORY:, 66-year-old male. Prior echocardiogram of 02/2000 reported an ejection fraction of 20%.,TECHNICAL QUALITY:, Fair.,LEFT VENTRICLE:, Overall left ventricular systolic function is severely reduced with an estimated ejection fraction of 25-30%.,IMPRESSION:, 1. Ejection fraction 25-30%, minimally improved compared to 02/2000 study.", 27.5},
		// a stress echo's post-stress value is no resting one; a gated SPECT's beside a
		// resting value neither; today's "which improved with CRT" (rules 0.6.88, a review)
		// a change's earlier value dated between it and the later one (set ly; rules 0.6.113)
		{"PROBLEMS: 2. Heart failure with reduced ejection fraction, EF improved from 30% in 2010 to 45% on echo October 2011.", 45},
		// "Since that time" is no earlier study's (the review of rules 0.6.117)
		{"Echo 2009 showed LVEF 25%. Since that time his LVEF has recovered to 55%.", 55},
		{"Echo from that time showed EF of 30%. TTE: EF 50%.", 50},
		// the review of rules 0.6.120 (rules 0.6.121): a heart study or word after a HIDA scan, a
		// series "since" a year, a dated study separated from its value by a comma
		{"Workup including HIDA scan, and ejection fraction was 35% by MUGA.", 35},
		{"He is s/p HIDA scan and LHC; ejection fraction 40%.", 40},
		{"History of biliary dyskinesia (HIDA EF 20%), cholecystectomy 2015, and ischemic cardiomyopathy with ejection fraction of 30%.", 30},
		{"DATE: 05/20/2012. She has had annual echo studies since 2004, EF 55%.", 55},
		{"DATE: 05/20/2012. Ischemic cardiomyopathy diagnosed on cath in 2003, EF 30% on medical therapy.", 30},
		{"DATE: 05/20/2012. CT scan 2003 showed coronary calcium, EF 50%.", 50},
		// the review of rules 0.6.121 (rules 0.6.122)
		{"HIDA scan: ejection fraction of 22% on cardiac monitoring.", -1},
		{"HIDA scan after coronary CTA was negative showed ejection fraction of 12%.", -1},
		{"HIDA scan showed an ejection fraction of 15% and cardiac enzymes were negative.", -1},
		{"Abdominal ultrasound and HIDA were unremarkable, ejection fraction 65% on cardiac cath.", 65},
		{"DATE: 05/20/2012. TEE in 2006, EF 25%.", -1},
		{"DATE: 05/20/2012. Last echo in 2003, ejection fraction 40%, moderate MR.", -1},
		// the review of rules 0.6.122 (rules 0.6.123); a cath report's indication (set nh)
		{"HIDA scan negative; EF 45% per cardiology.", 45},
		{"HIDA negative; EF 40% (echo 3/2012).", 40},
		{"HIDA negative; chronic systolic HF, EF 25%.", 25},
		{"DATE: 05/20/2012. Echo in 2006, EF 25%, unchanged on repeat echo this admission.", 25},
		{"CARDIAC CATHETERIZATION LABORATORY REPORT,DATE OF PROCEDURE: 03/08/2012,PROCEDURE:, Left heart catheterization.,INDICATION:, 44-year-old woman with newly diagnosed cardiomyopathy, transthoracic echo showing an ejection fraction of approximately 25%. Catheterization to exclude an ischemic etiology.,LEFT VENTRICULOGRAPHY:, The left ventricle is dilated with global hypokinesis. Calculated ejection fraction 30%.", 30},
		{"STRESS TEST REPORT,INDICATION:, Cardiomyopathy with an ejection fraction of 30% on echo.,FINDINGS:, No ischemia.", 30},
		{"Echo: LVEF 55-60%. By that time his EF had fallen to 20%.", 57.5},
		// the review of rules 0.6.123 (rules 0.6.124): "unchanged" right after the value only;
		// a parenthesis that only names a study and its date; heart failure words after a break
		{"DATE: 05/20/2012. Echo in 2003, EF 20%, he now presents with chest pain.", -1},
		{"DATE: 05/20/2012. TEE in 2005, EF 25%, since then no follow-up.", -1},
		{"DATE: 05/20/2012. Echo in 2004, EF 30%, worsened heart failure this admission.", -1},
		{"HIDA scan with CCK: ejection fraction 20% (echo 2011 showed normal LV).", -1},
		{"HIDA scan showed ejection fraction of 22% (echo pending).", -1},
		{"HIDA scan in this patient with HFrEF showed ejection fraction of 15%.", -1},
		// the review of rules 0.6.124 (rules 0.6.125); wave 52: a year after "during" dates
		// the value (set od)
		{"DATE: 05/20/1994. Last cath 1989 pre-CABG, EF then reported as 35%, essentially unchanged on echo this admission.", 35},
		{"DATE: 05/20/1994. Last cath 1989 pre-CABG, EF then reported as 35%, which has not changed since.", 35},
		{"DATE: 05/20/2012. EF 30% by echo at the VA where he has been followed since 2001.", 30},
		{"DATE: 05/20/2012. LVEF 45% by echo compared with 2001 when it was 20%.", 45},
		{"HIDA scan normal, EF 55% (echo on 3/2012).", 55},
		{"HIDA scan normal, EF 55% (TTE 3/12).", 55},
		{"HIDA scan normal, EF 55% (by echo).", 55},
		{"HIDA scan with ejection fraction 20% (MRI abdomen negative).", -1},
		{"Cholecystectomy after HIDA scan and HFrEF with EF 25%.", 25},
		{"HIDA scan (patient with diastolic HF) showed ejection fraction 10%.", -1},
		{"DATE: 12/10/2012. HOSPITAL COURSE:, 1. Heart failure: Diuresed. Echocardiogram 12/03/2012: LVEF 55%, left atrium severely dilated. Notably her EF was reported at 40% during an episode of flutter with RVR in 2010, presumed tachycardia-mediated, and has since recovered.", 55},
		// the review of rules 0.6.125 (rules 0.6.126)
		{"DATE: 05/20/2012. Echo in 2003, EF 30%, similar to the study in 2001.", -1},
		{"DATE: 05/20/1994. Last cath 1989 pre-CABG, EF then reported as 35%, confirmed on echo today.", 35},
		{"DATE: 05/20/2012. EF 30% by echo in March 2003.", -1},
		{"DATE: 05/20/2012. EF 30% on cath 2003.", -1},
		{"HIDA scan normal; HFrEF (EF 25%).", 25},
		{"HIDA scan normal; systolic HF with reduced EF of 25%.", 25},
		{"HIDA scan with ejection fraction of 15% (MRI 3/2012, sludge).", -1},
		// the review of rules 0.6.126 (rules 0.6.127)
		{"DATE: 05/20/2012. EF 35% by cath 2005, unchanged on echo this admission.", 35},
		{"DATE: 05/20/2012. EF 45% by echo 2005 and 2011.", 45},
		// the review of rules 0.6.127 (rules 0.6.128)
		{"DATE: 05/20/2012. LVEF 40% by echo 2004, similar to 2002.", -1},
		{"DATE: 05/20/2012. LVEF 35% by cath 2003, unchanged in 2005.", -1},
		// the review of rules 0.6.128 and wave 55 (rules 0.6.129)
		{"DATE: 05/20/2012. EF 30% by cath in March 2004, stable since.", 30},
		{"DATE: 05/20/2012. EF 30% by cath in March 2004, unchanged on repeat echo.", 30},
		{"DATE: 05/20/2012. EF 30% by echo in March 2004, CABG in 2009.", -1},
		{"DATE: 01/08/1995. His ejection fraction was 40% by ventriculogram at the time of his bypass surgery in 1990, again 40% on echo in 1994.", 40},
		{"DATE: 05/20/2012. The ejection fraction was 60% last year and is now estimated at 50%.", 50},
		{"DATE: 07/09/2012. Past medical history:, Hypertension. Nuclear stress test 2010 negative for ischemia, EF 58% at that time.,Echocardiogram: Normal left ventricular systolic function.", -1},
		// the review of rules 0.6.129 (rules 0.6.130)
		{"DATE: 05/20/2012. EF 30% by cath in March 2004, again noted at follow-up in 2005.", -1},
		{"DATE: 05/20/2012. EF 30% by cath in March 2004, similar to prior, no current echo.", -1},
		{"DATE: 05/20/2012. EF 30% by cath in March 2004, he has been stable since 2005 on medications.", -1},
		{"DATE: 05/20/2012. Stress test 2010, EF 58% at that time. Echocardiogram showed normal left ventricular function in 2009.", 58},
		// wave 59 (rules 0.6.133): today's study told at the sentence's opening
		{"DATE: 03/01/2013. Echocardiogram at that time showed an ejection fraction of 20%, and repeat study in 01/2012 after titration of medications showed an ejection fraction of 25%. Today's echocardiogram shows a dilated LV with LVEF 30-35%, mild functional mitral regurgitation.", 32.5},
		// the review of rules 0.6.133 (rules 0.6.134): "today's echo" opens the sentence only
		{"DATE: 05/20/2012. Compared with today's echo, the previous study showed EF 40%. Today LVEF is 55%.", 55},
		{"DATE: 05/20/2012. Prior to today's echo, EF was 30%. Today's echo shows EF 50%.", 50},
		// the review of rules 0.6.130 and wave 57 (rules 0.6.131)
		{"DATE: 05/20/2012. LVEF 30% by echo 2005, stable since, CABG 2009.", 30},
		{"DATE: 05/20/2012. LVEF 35% on echo 2006, confirmed on repeat echo.", 35},
		{"DATE: 05/20/2012. LVEF 30% by echo 2005, which has been unchanged on serial echoes.", 30},
		{"DATE: 05/20/2012. EF 25% on echo 2005, recently unchanged.", 25},
		{"DATE: 05/20/2012. EF 30% by cath in March 2004, confirmed by repeat cath in April 2004.", -1},
		// wave 51: the study's year after the value (set nx)
		{"DATE: 01/08/1995. PAST MEDICAL HISTORY:, 1. Coronary disease as above.,His last known ejection fraction was approximately 40% by ventriculogram at the time of his bypass surgery in 1990; no study since.,MEDICATIONS: Aspirin.", -1},
		{"DATE: 01/08/1995. Ejection fraction 40% by echo in 1993.", 40},
		{"During that time echo showed LVEF 35%. Echo: LVEF 55%.", 55},
		// "at that time" cut short by the context window (set mt; rules 0.6.117)
		{"He presented to an outside hospital 3 weeks ago with an anterior STEMI. Echocardiogram at that time showed apical akinesis and an ejection fraction of 35%; no thrombus was reported. ECHOCARDIOGRAM (contrast, today): Akinetic apex and distal anterior wall with apical aneurysm formation. LVEF 30%.", 30},
		// an inotrope's dose named with no stress, and a resting value after a dose (the review
		// of rules 0.6.114)
		{"ECHO: On dobutamine at 5 mcg/kg/min, LVEF 20%.", 20},
		{"He was transferred on dobutamine at 5 mcg/kg/min; bedside echo showed LVEF of 15%.", 15},
		{"Dobutamine was infused at 10 mcg/kg/min; LVEF 35% at rest.", 35},
		// a low-dose viability stage and a 60 mcg stage are stress (the review of rules 0.6.113)
		{"Low-dose dobutamine to 10 mcg/kg/min; EF increased to 40%. Resting EF 25%.", 25},
		{"Dobutamine stress echo: dobutamine up to 60 mcg/kg/min, ejection fraction increased to 70%. Resting EF 55%.", 55},
		// an inotrope's dobutamine is no stress (the review of rules 0.6.112)
		{"DATE: 05/20/2012. HPI: Started on dobutamine at 5 mcg/kg/min with improvement in urine output, and repeat echo showed LVEF 20%.", 20},
		// wave 42 (rules 0.6.112): "post-stress" after the value, a dobutamine dose earlier in
		// the sentence, an earlier value a current one is compared with, another hospital's
		// study beside today's
		{"GATED SPECT: Inferior akinesis. LVEF 41% post-stress; LVEF at rest 46%. Transient ischemic dilation ratio 1.18.", 46},
		{"GATED SPECT: Inferior akinesis, LVEF 52% post-stress.", 52},
		{"DOBUTAMINE STRESS ECHOCARDIOGRAM (01/25/2001): Resting LVEF 50%, mild concentric LVH, no resting wall motion abnormalities; dobutamine to 40 mcg/kg/min plus atropine, 88% of maximal predicted heart rate reached; no inducible wall motion abnormalities; LVEF increased to 70%.", 50},
		{"DATE: 06/01/2007. He presented in March 2005 with an ejection fraction of 20%. His echocardiogram from last week shows improvement, with a left ventricular ejection fraction of 35% to 40% compared to 20% in 2005.", 37.5},
		{"Echocardiogram on admission showed a left ventricular ejection fraction of 30% to 35%, compared with 60% on an echo in 2009. A repeat limited echocardiogram today shows improvement with a left ventricular ejection fraction of 45%.", 45},
		{"ECHOCARDIOGRAM (today, with contrast): Apical thrombus. LVEF 30%. Predischarge echo at the outside hospital reported EF 40%. Moderate mitral regurgitation.", 30},
		{"Dobutamine stress echocardiogram: post-stress LVEF 75%, no wall motion abnormalities. Resting LVEF 60%.", 60},
		{"Gated SPECT: post-stress ejection fraction 48%, rest ejection fraction 52%.", 52},
		// the gated word after the keyword (set ir; rules 0.6.95); a stress echo's stays the peak's
		{"GATED SPECT: Normal left ventricular size. Post-stress left ventricular ejection fraction by gated SPECT is 58%. Transient ischemic dilation ratio 0.98.", 58},
		{"Post-stress left ventricular ejection fraction by stress echocardiography is 70%. Resting ejection fraction 55%.", 55},
		// ... but only where the note states no other value (the review of rules 0.6.95)
		{"Post-stress ejection fraction by gated SPECT 70%. Echocardiogram: LVEF 35%.", 35},
		{"Resting ejection fraction was 60% by echocardiogram last week. Post-stress LVEF on gated SPECT was 48%.", 60},
		{"Treadmill stress echo: baseline LVEF 55%. Post-stress LVEF on gated SPECT images 70%.", 55},
		{"HIDA with CCK: gallbladder ejection fraction 15%. ASSESSMENT:, 1. Biliary dyskinesia, GB EF 15%.", -1}, // set ju
		{"s/p cholecystectomy for GB stones, EF 55%.", 55},
		{"HIDA scan with CCK: GB-EF 18% (normal greater than 35%).", -1},
		{"Ultrasound: cholelithiasis in the GB, EF 30% on recent echo.", 30},
		{"HIDA scan GB/EF 35%, echo LVEF 55%.", 55},
		{"HIDA: GB,EF 30%.", -1},
		// a study's date in parentheses heads its section; a post-operative echo's section is a
		// result's; a lone value whose study the note dates five years or more before it is an
		// earlier one (wave 47, rules 0.6.118: sets mw, lv, lt)
		{"DATE OF VISIT: 04/26/2011.,INTERVAL HISTORY: She was hospitalized for a pulmonary embolism in 01/2011. At that time her echocardiogram showed RV dilation and LVEF of 45%, likely from septal interaction.,ECHOCARDIOGRAM (04/20/2011): Normal RV size and function. Left ventricular ejection fraction 55% to 60%.,ASSESSMENT:, 1. Pulmonary embolism.", 57.5},
		{"HISTORY OF PRESENT ILLNESS:, Preoperative catheterization showed 80% LAD stenosis and an ejection fraction of 50%.,POSTOPERATIVE ECHOCARDIOGRAM (10/16/2007):, Well-seated bioprosthetic aortic valve, mean gradient 11 mmHg. LVEF 55%. Small pericardial effusion.", 55},
		{"DATE OF ADMISSION: 06/30/1994.,HPI: 69 yo M w/ CAD s/p CABG x4 in 1989. Last cath 1989 pre-CABG, EF then reported as 35%. No stress test since.", -1},
		{"DATE: 03/14/2006. The patient is a 74-year-old male with h/o CAD s/p CABG in 1998, ischemic cardiomyopathy with EF 25% to 30%, HTN.", 27.5},
		{"DATE OF ADMISSION: 06/17/2008. Echocardiogram showed left ventricular ejection fraction of 45-50%, which was felt to be partly rate-related; her prior echocardiogram in 2001 showed an EF of 60%.", 47.5},
		{"DATE: 03/14/2008. Prior echo in 2006 showed EF 30%.", 30},
		// a HIDA scan's ejection fraction named without the gallbladder (a real note, mts-1095, read in stretch 42's sweep of the unlabelled corpus)
		{"She was evaluated in the emergency department recently. Ultrasound was normal and a HIDA scan was done, which showed a low normal ejection fraction of 40%, and moderate reproduction of her pain.", -1},
		{"Hepatobiliary scan with CCK: ejection fraction 22%.", -1},
		{"Pre-op for HIDA-proven biliary dyskinesia; echo showed ejection fraction of 55%.", 55},
		{"HIDA scan showed ejection fraction of 20%; cardiac ejection fraction 60%.", 60},
		{"HIDA scan normal. Echo showed an ejection fraction of 40%.", 40},
		{"US: normal GB, EF 55% on recent echo.", 55},
		{"Gated SPECT: post-stress ejection fraction 48%; rest images: ejection fraction is 55%.", 55},
		{"Sestamibi gated SPECT: post-stress ejection fraction 58%. Rest images: EF not calculated due to gating error.", 58},
		{"Sestamibi gated SPECT: post-stress ejection fraction 64%, compared with 2009 when EF 55% at rest.", 64},
		{"Exercise Myoview: post-exercise ejection fraction 58%. Rest images: EF 50%.", 50},
		{"Exercise sestamibi: post-exercise LVEF 65%, LVEF 55% at rest.", 55},
		{"Exercise Myoview: post-exercise gated LVEF 58%.", 58},
		{"DATE OF VISIT: 04/25/2009,HPI: 58 y/o male w/ nonischemic dilated cardiomyopathy dx 2007 (EF 20% at dx, normal coronaries on cath). ECHO TODAY: LV moderately dilated. LVEF 35-40% (improved from 20% in 2007 and 25% in 2008).", 37.5},
		{"RESTING ECHO: Resting LVEF 60%. Trace mitral regurgitation.,POST-EXERCISE ECHO: Hypokinesis of the apex. Post-exercise LVEF approximately 50%, decreased from rest.", 60},
		{"Treadmill stress echo: post exercise EF 70%, resting EF 55%.", 55},
		{"DATE: 05/20/2012. Echocardiogram in January 2011 showed an ejection fraction of 55%. Cardiac catheterization on 03/02/2009 showed three-vessel disease. He was readmitted with chest pain and underwent repeat cardiac catheterization, where left ventriculogram showed an ejection fraction of 35%.", 35},
		{"DATE: 05/20/2012. Echocardiogram on 01/10/2010 showed an ejection fraction of 20%. Repeat echocardiogram, first since his ICD in 3/2011, showed an ejection fraction of 30%.", 30},
		{"Echocardiogram on 02/12/1997 showed an ejection fraction of 35%. Cardiac catheterization on 02/17/1997 showed three-vessel disease. Left ventriculogram showed an ejection fraction of 30%.", 30},
		{"Cardiac catheterization on 02/17/1997 showed three-vessel disease. Left ventriculogram showed an ejection fraction of 30%. Echocardiogram on 02/20/1997 showed an ejection fraction of 35%.", 35},
		{"DATE OF SERVICE: 01/05/2012. He has heart failure; an echo in 03/2011 showed an EF of 30%. BEDSIDE ULTRASOUND (ED): estimated EF 25%.", 25},
		{"DATE: 03/02/2013. DATA:, Echocardiogram today: new inferolateral hypokinesis, LVEF 35-40% (LVEF 50% in 2011), mild mitral regurgitation.", 37.5}, // set kc
		// a letterhead before a letter's date: the 1994 echo is earlier than today's (set jx)
		{"Cardiology Associates of Westfield,April 12, 1995,Robert Hollis, M.D.,Dear Dr. Hollis:,I had the pleasure of seeing Mrs. Vance back in the office on 04/12/1995. Her echocardiogram in March 1994 showed moderate aortic stenosis with a mean gradient of 24 mmHg and an ejection fraction of 65%. Repeat echocardiogram today shows progression: the aortic valve is heavily calcified with a calculated valve area of 0.8 cm2. Left ventricular wall thickness is mildly increased; the ejection fraction is estimated at 60%.", 60},
		// the review of rules 0.6.96: a gated study's post-stress value over an earlier one, a
		// year after the value only where it is the value's own
		{"INDICATION: Chest pain. Prior echo with EF 40%. IMPRESSION: No ischemia. Post-stress ejection fraction by gated SPECT 62%.", 62},
		{"IMPRESSION: 1. Normal myocardial perfusion. 2. Post-stress ejection fraction by gated SPECT is 58%. CLINICAL HISTORY: Ischemic cardiomyopathy, EF 35% by echo in 2011.", 58},
		{"DATE: 05/20/2014. Echo 11/2013: LVEF 40%. Echo 04/2014: LVEF 55% (up from 25% in 2012).", 55},
		{"DATE: 05/20/2014. Echo 11/2013: LVEF 40%. Echo 04/2014: LVEF 55% after CRT in 2012.", 55},
		// a year right after a value is its own study's, not the sentence label's (set jg)
		{"ADMISSION DATE: 11/02/1999. TTE 11/03/1999: LV mildly dilated with diffuse hypokinesis, EF 40%, compared with an EF of 55% on an echo in 1997. Mild MR, LA 4.5 cm.", 40},
		{"Echo 01/2020 EF 20%. Echo today: EF 45%, which improved with CRT.", 45},
		{"HPI: He was found to have a tachycardia-mediated cardiomyopathy with EF 40%, which recovered after ablation.,ECHO (01/2004):, Normal LV size. EF 50%, previously 40% in 2002.", 50},
		{"Echocardiogram in 01/2010 during flutter showed an EF of 50%; repeat echocardiogram last week shows normal LV size and function with an LVEF of 60%.", 60},
		{"OFFICE VISIT.,ECHO from 08/2005 (reviewed): Inferior hypokinesis, EF 50%. Trace mitral regurgitation. Before discharge in June EF was 45%.,LIPIDS: LDL 68.", 50},
		// a predischarge echocardiogram is later than the post-bypass TEE (set hj; rules 0.6.91)
		{"HOSPITAL COURSE:, Post-bypass transesophageal echocardiogram showed a competent repair with no residual mitral regurgitation and an LVEF of 45% to 50%. She was extubated in the operating room. Predischarge transthoracic echocardiogram on 10/09/2016 showed an intact repair with trivial residual mitral regurgitation and an LVEF of 55%.", 55},
		{"HISTORY:, Predischarge transthoracic echocardiogram showed an LVEF of 40%.,ECHOCARDIOGRAM TODAY:, LVEF 50%.", 50},
		// a discharge summary's study "performed prior to discharge", however many findings
		// stand before its value (set gx; rules 0.6.92)
		{"DISCHARGE SUMMARY.,HISTORY:, An echocardiogram at that time showed global hypokinesis with an ejection fraction of 30%.,HOSPITAL COURSE:, The transthoracic echocardiogram performed prior to discharge showed improvement in LV systolic function, with an LVEF of 50% compared with 30% in July, mild left atrial enlargement.", 50},
		// a study its words call prior dates nothing current; a history's "echocardiogram
		// 2009 with EF 30%" is earlier (sets hs, hw; rules 0.6.92)
		{"ECHOCARDIOGRAM REPORT,DATE OF STUDY: 06/22/2007,HISTORY:, Dilated cardiomyopathy diagnosed in 2005. Prior echo 01/2006 showed ejection fraction of 20%.,FINDINGS:, Left ventricle: Ejection fraction by biplane Simpson's is estimated at 30% to 35%.,CONCLUSIONS:,1. Severely dilated left ventricle, LVEF 30-35%, improved compared with the prior study in 2006 when the EF was 20%.", 32.5},
		{"PAST MEDICAL HISTORY (per transfer records):, Congestive heart failure with ischemic cardiomyopathy, echocardiogram 2009 with EF 30%.,ASSESSMENT AND PLAN:, 4. Bedside echocardiogram by the ICU team showed a dilated left ventricle with severe global hypokinesis, EF visually estimated at 20-25%.", 22.5},
		// an earlier stay's predischarge echo "3 weeks ago", and a parenthesis that dates
		// the earlier value only (sets id, hy; rules 0.6.93)
		{"NEUROLOGY CONSULTATION,ECHOCARDIOGRAM (yesterday): Anterior and apical akinesis with a mobile apical left ventricular thrombus. LVEF 20-25%. His predischarge echo 3 weeks ago reported an LVEF of 40%, but did not comment on thrombus.", 22.5},
		{"DATA:, TTE: Flail P2 segment with severe eccentric MR. LVEF 60-65% (70% in 2006). LA 5.1 cm.,ASSESSMENT:, 1. Severe degenerative mitral regurgitation, LV dilating with EF falling from 70%.", 62.5},
		// a later value listed after a dated one (set if; rules 0.6.93); not a stenosis on a
		// repeat cath, nor a history's "Echocardiogram 2008 with LVEF 40%" before a prior
		// echo (the review of rules 0.6.93); a study its words call prior is never the latest
		// (set ip; rules 0.6.94)
		{"LVEF 35% in 2008, 70% on repeat cath of the LAD.", 35},
		{"Echocardiogram 2008 with LVEF 40%. Prior echo 2006 showed LVEF 25%.", 40},
		{"HISTORY AND PHYSICAL,ADMISSION DATE: 07/08/2013,HPI:, Transthoracic echocardiogram 05/2013: aortic valve area 0.7 cm2, mean gradient 46 mmHg, LVEF 50%, mild concentric LVH. Prior echo 2010 LVEF 55%, mean gradient 28 mmHg.", 50},
		{"PAST MEDICAL HISTORY:, 3. CAD s/p CABG 1996.,4. Ischemic cardiomyopathy; LVEF 40% in 2002, 35% on most recent echo 11/2003.,5. Hypertension.", 35},
		// a bound, then a percentage of something else (the review of rules 0.6.91; -1: no
		// LVEF)
		{"Left ventriculogram: EF greater than 60%, approximately 80% stenosis in the mid RCA.", -1},
		{"Consider ICD if EF remains below 35%, about 40% of patients improve with medical therapy.", -1},
		// a graded function, then its estimate (set gi; rules 0.6.92)
		{"ECHO: EF appears severely reduced, approximately 15-20%.", 17.5},
		{"The ejection fraction is mildly reduced, estimated at 45%.", 45},
		// an estimate right after a bound is the study's value (set hm; rules 0.6.91)
		{"2-D AND M-MODE: Hyperdynamic systolic function, ejection fraction greater than 75%, visually estimated about 80%.", 80},
		// a gated SPECT's post-stress EF is the study's (sets ea, gn; rules 0.6.86)
		{"ADENOSINE STRESS MYOCARDIAL PERFUSION IMAGING (TODAY): Normal perfusion without evidence of ischemia or infarction. Gated SPECT: Normal wall motion, post-stress ejection fraction 62%.", 62},
		// this morning's echo over a dated one in the history (set be; rules 0.6.58)
		{"PAST MEDICAL HISTORY:, 3. Congestive heart failure. Echo 1997 EF 40%.,4. Hypertension.,LABS:, EKG: sinus tachycardia. Echocardiogram this morning (done for murmur question in ER): EF 35%, inferior akinesis.", 35},
		// a value the sentence says the ventricle has since recovered from (set bu; rules
		// 0.6.61)
		{"PMH:,  1. CAD as above.,2. Ischemic cardiomyopathy, EF 35% post MI, now recovered.,3. HTN.,Echo 08/2007: LVEF 50%, mild anteroapical hypokinesis.", 50},
		// "RV" before a value the keyword names as the left ventricle's (set bp; rules 0.6.60)
		{"Chest x-ray: hyperinflation.  Bedside echo: dilated hypokinetic RV, LVEF 55%.", 55},
		// a study before discharge or this admission, its cue after the study's name (sets bn,
		// bl; rules 0.6.59)
		{"HISTORY:,The patient is a 74-year-old woman with exertional angina. Echocardiogram showed aortic valve area of 0.8 sq cm and an ejection fraction of 60%.,HOSPITAL COURSE:,The patient underwent the above operation. A transthoracic echocardiogram before discharge showed a well-functioning bioprosthesis and an ejection fraction of 55%.", 55},
		{"HISTORY OF PRESENT ILLNESS: The patient is a 56-year-old man with a dilated cardiomyopathy diagnosed in 1999, when he presented with heart failure and an ejection fraction of 15%., HOSPITAL COURSE: Echocardiogram this admission showed a dilated left ventricle with severe global hypokinesis, ejection fraction 20%, moderate to severe mitral regurgitation.", 20},
		{"Preoperative transthoracic echocardiogram showed an LVEF of 35% with anterior hypokinesis.  The post-bypass transesophageal echocardiogram showed improvement with an LVEF of 40%.", 40},
		{"LVEF 25-30%, moderate MR.", 27.5},
		{"An echocardiogram at that time showed an LVEF of 40%.  A repeat transthoracic echocardiogram prior to discharge shows recovery of left ventricular function with an ejection fraction of 50% to 55%.", 52.5},
		{"LV-Angiographie mit typischem apikalem Ballooning, EF ca. 35 %.\nEchokardiographie am Entlassungstag (06.03.): deutliche Regredienz, LVEF 50 %, apikal noch leicht hypokinetisch.", 50},
		// set ae's four and set u's one (rules 0.6.45): a sentence dated before the note, a
		// change the keyword arrives at, a pre-procedure study, a sentence that opens with
		// the current study; a planned repeat's threshold is neither
		{"DATE OF VISIT:,  09/24/2012,HISTORY:,  A cardiomyopathy that was diagnosed in 2010, when he presented with heart failure and an LVEF of 15%.  His echocardiogram on 08/30/2012 shows an LVEF of 20% to 25%.", 22.5},
		{"An LVEF of 20% despite medical therapy.  Plan: LVEF improved to 35% to 40%.", 37.5},
		{"The LVEF has recovered to 50% after CRT; the prior EF was 25%.", 50},
		{"His preprocedure echocardiogram showed an LVEF of 35%.  Transthoracic echocardiogram: well-seated prosthesis and an LVEF of 40%.", 40},
		{"Echocardiography showed severe mitral regurgitation and an LVEF of 60%.  The post-repair TEE showed trace residual mitral regurgitation, a mean gradient of 3 mmHg and an LVEF of 50% to 55%.", 52.5},
		{"Echocardiogram showed an ejection fraction of 40-45%.  Repeat echocardiogram in 3 months; if the ejection fraction remains 35% or less, he will be evaluated for an ICD.", 42.5},
		{"Index TTE showed LVEF 35-40% with inferior akinesis.\nTTE (08/28/2024): LVEF 50-55% with mild inferior hypokinesis (improved).\nAssessment: recovery of LV function (LVEF 35-40% -> 50-55%).", 52.5},
		{"EF 25% -> 40% on GDMT.", 40},
		{"DATE:, 03/08/2014.,HOSPITAL DAY:, 3.,ECHO (03/06/2014):, Left ventricular ejection fraction 20-25%, inferior and posterior akinesis. Compared with 2011, when the ejection fraction was 30%.", 22.5},
		{"- Pumping function: The left ventricular ejection fraction, which measures how well your heart pumps, is 45%. Normal is 55% or higher, so this is mildly reduced.", 45},
		{"LEFT VENTRICLE:,  Ejection fraction by biplane Simpson's method 30% to 35%.,COMPARISON:,  Compared to the study of 03/10/2009, the left ventricular ejection fraction has improved from 20% to 25%.,IMPRESSION:,1.  Ejection fraction 30% to 35%, improved compared to 2009.", 32.5},
		{"Präoperatives TTE/TEE: LVEF 65 %, LVESD 38 mm.\nTTE vor Entlassung (27.10.2025): gutes Rekonstruktionsergebnis, Spur Mitralinsuffizienz, LVEF 55 %, kleiner Perikarderguss.", 55},
		// a study after the procedure, after a problem's label (set at); a change after a
		// plain value (set at); today's study over a predischarge one (set ax; rules 0.6.54)
		{"HISTORY:, Transesophageal echocardiogram showed a flail P2 segment with severe mitral regurgitation and an ejection fraction of 60%.,HOSPITAL COURSE:, 4. Left ventricular function: Postoperative transthoracic echocardiogram on 04/21/2013 showed an intact repair and an ejection fraction of 50%, an expected reduction.", 50},
		{"DISCHARGE DIAGNOSES:, 1. Stress-induced (takotsubo) cardiomyopathy, ejection fraction 30% on admission, improved to 45% on 05/16/2012.", 45},
		{"Predischarge echocardiogram showed inferior akinesis with an ejection fraction of 40%.,ECG: Sinus bradycardia.,Echocardiogram today: Mild inferior hypokinesis, improved, with left ventricular ejection fraction 50%.", 50},
		{"46M with NICM, now HF with improved EF (LVEF 20-25% -> 40%) on quadruple GDMT.", 40},
		// an appositive between the keyword and the value (set bb; rules 0.6.56)
		{"- Your ejection fraction, a measure of how well your heart pumps, is 50-55%. This is low-normal. Your echo in 2021 showed 60%.", 52.5},
		// a dobutamine dose's value is no resting LVEF (set az; rules 0.6.55)
		{"Global left ventricular hypokinesis with a resting ejection fraction of 35%.  Mild mitral regurgitation.  Dobutamine echocardiogram today:  At 20 mcg/kg/min the ejection fraction rose to 45%, stroke volume increased by 28%.", 35},
		// an echo "today" whose sentence opens with it, several findings before the value, over
		// a dated ventriculogram before it (set cp; rules 0.6.66)
		{"LABORATORY:, Potassium 4.6.,A ventriculogram from the 1993 catheterization showed inferior akinesis with an ejection fraction of 50%.  Echocardiogram today shows inferior and posterior akinesis, ejection fraction 40-45%, mild to moderate mitral regurgitation.", 42.5},
		// an echo "done today", a value "worsened from" an earlier one, a change named as a
		// noun ("recovery of the ejection fraction to 50%"), a dobutamine peak in the clause
		// after a semicolon (sets cr, ct, cw; rules 0.6.69)
		{"HPI: After that his echo showed ejection fraction of 35%. Now he is admitted.,INVESTIGATIONS:,  Echo done today shows LV dilated, akinetic anterior wall and apex, LVEF 25-30%, moderate mitral regurgitation.", 27.5},
		{"IMPRESSION:,  1. Acute decompensated heart failure.,2. Ischemic cardiomyopathy, LVEF 25-30%, worsened from 35%.,3. Since EF is less than 35%, he qualifies for an ICD.", 27.5},
		{"Date: 04/03/2012., PMH: Alcoholic cardiomyopathy diagnosed 2011 when he presented in heart failure with EF 20-25%. Abstinent from alcohol since then, with echo in February 2012 showing recovery of the ejection fraction to 50%, mild mitral regurgitation.", 50},
		{"Admission echocardiogram showed global hypokinesis, ejection fraction 30%. A limited repeat echocardiogram on 09/29/2012, in sinus rhythm, showed improvement of the ejection fraction to 45%.", 45},
		// a value "at discharge" in an office visit after the stay, a change "from" an
		// earlier value (set cz; rules 0.6.70)
		{"CARDIOLOGY OFFICE FOLLOW-UP.,DATE: 09/28/2006.,Seen after his anterior myocardial infarction in January. At discharge his EF was 35%.,Echo 09/2006: LVEF 50%, small apical hypokinetic segment.,ASSESSMENT:,1. CAD, now with recovered LV function, EF 50% from 35%.", 50},
		{"DISCHARGE SUMMARY.,HOSPITAL COURSE:, Admission echo showed an EF of 25%. At discharge his EF was 35% on repeat echocardiogram.", 35},
		// the later of two echoes dated in their sentences, however far from the value; a
		// value "mildly reduced from" an earlier one (set di; rules 0.6.71)
		{"HOSPITAL COURSE:,Transthoracic echocardiogram on 01/09/2001 showed a mildly dilated left ventricle with global hypokinesis and an ejection fraction of 35 percent, with mild mitral regurgitation. Limited echocardiogram on 01/14/2001, after 48 hours of sinus rhythm, showed improvement in left ventricular function with an ejection fraction of 50 percent.", 50},
		{"Preoperative transesophageal echocardiogram showed a flail P2 segment with severe eccentric mitral regurgitation and a left ventricular ejection fraction of 55 percent.,HOSPITAL COURSE:,Transthoracic echocardiogram showed a well-functioning repair with trace mitral regurgitation, mean gradient 3 mmHg, and left ventricular ejection fraction of 45 percent, mildly reduced from preoperatively.", 45},
		// the report's own value over a COMPARISON section's dated studies, an echo "after
		// bypass" (sets do, dq; rules 0.6.73); a comparison's date and a planned change date
		// nothing and change nothing (review of stretch 34)
		{"LEFT VENTRICLE:, Moderately dilated with diffuse hypokinesis. Biplane Simpson's ejection fraction 30-35%.,COMPARISON:, Echo 06/2011: EF 45%, mild MR. Echo 08/2013 (in flutter, rate 140s): EF 25-30%.,IMPRESSION:,1. Moderately dilated left ventricle.", 32.5},
		{"Transthoracic echocardiogram in January showed a calcified trileaflet aortic valve with ejection fraction of 60%. Intraoperative transesophageal echocardiogram after bypass showed a well-seated prosthesis, trace mitral regurgitation and ejection fraction of 55%.", 55},
		{"TTE 03/09/2013: LVEF 40%.,Compared with the study of 01/09/2011, LVEF is 55%.", 55},
		{"Echo: LVEF 25%. If there is no improvement in the ejection fraction to 40% after 3 months of therapy, an ICD will be considered.", 25},
		{"Despite treatment with maximal medical therapy, his LVEF remains 25%.", 25},
		{"Dobutamine stress echo: no wall motion abnormality at peak dose, baseline LVEF 60%.", 60},
		{"Dobutamine stress echo 6/2000: no inducible ischemia, resting EF 55%, peak EF 70%. No history of CHF.", 55}, // set dt; rules 0.6.74
		// a plain value in a results section over one the history told first (set ef; rules
		// 0.6.76); a plain value of the history alone stays
		{"DATE: 07/28/2009.,HISTORY OF PRESENT ILLNESS:, He was hospitalized in March 2009 with new congestive heart failure. Echocardiogram then showed a left ventricular ejection fraction of 35%.,DATA:, EKG today: Sinus rhythm at 64. Echocardiogram 06/10/2009: Left ventricular ejection fraction 50-55%, normal wall motion.,IMPRESSION:, Recurrent atrial flutter.", 52.5},
		{"DATE: 07/28/2009.,HISTORY OF PRESENT ILLNESS:, He was hospitalized in March 2009 with new congestive heart failure. Echocardiogram then showed a left ventricular ejection fraction of 35%.,IMPRESSION:, Recurrent atrial flutter.", 35},
		// a results section's study the note calls earlier, or a history's value of this
		// stay, keeps the history's (a review, rules 0.6.78)
		{"DATE: 05/10/2015.,HISTORY OF PRESENT ILLNESS:, Transthoracic echo on admission showed an LVEF of 20%.,DATA:, Nuclear stress test last year: ejection fraction 48%.,IMPRESSION:, Cardiomyopathy.", 20},
		{"DATE: 05/10/2015.,HISTORY OF PRESENT ILLNESS:, Echocardiogram on admission showed EF 40%.,DATA:, MUGA 2012: LVEF 55%.,IMPRESSION:, Cardiomyopathy.", 40},
		// a resting value that "increased to 75% at peak stress": the rest (set ex; rules 0.6.79)
		{"She exercised 8 minutes 30 seconds on a Bruce protocol. Resting left ventricular ejection fraction was 60% and increased to 75% at peak stress, with no inducible wall motion abnormalities.", 60},
		// the stay's course is after the history (set ej; rules 0.6.77)
		{"DATE: 08/02/2004.,HISTORY OF PRESENT ILLNESS:, A nuclear stress test on 07/28/2004 showed a moderate-sized reversible inferior defect with an ejection fraction of 50%. He was admitted for elective catheterization.,HOSPITAL COURSE:, Catheterization showed a 90% mid right coronary artery stenosis. Left ventriculography showed inferior hypokinesis with an ejection fraction of 45%.", 45},
		{"STRESS ECHOCARDIOGRAM (04/21/2011):,  Resting left ventricular ejection fraction 55% with normal wall motion. At peak dobutamine dose he achieved 91% of predicted maximal heart rate; ejection fraction increased to 70% with hyperdynamic wall motion.", 55},
		// a later value whose sentence first says the function has changed (set fg; rules
		// 0.6.81); a plain second value without it keeps the first
		{"He developed ischemic cardiomyopathy with an ejection fraction of 20% after the infarct and received an ICD in 2007. With medical therapy his function has improved; echocardiogram in May 2009 showed an ejection fraction of 30-35% with mild mitral regurgitation.", 32.5},
		{"He developed ischemic cardiomyopathy with an ejection fraction of 20% after the infarct. An echocardiogram showed an ejection fraction of 30-35%.", 20},
		// an echo told after the cath's ventriculogram in one section is the later study, not
		// one the sentence places before the stay, nor the other way round (sets fp, fc, ea,
		// ej, bz; rules 0.6.82)
		{"HOSPITAL COURSE:, Left ventriculogram showed anterior and apical akinesis with an estimated ejection fraction of 20%. In the CCU he required dopamine. Echocardiogram on 02/27/2009 showed an ejection fraction of 15%, anterior akinesis.", 15},
		{"HOSPITAL COURSE:, Left ventriculography showed inferolateral hypokinesis with an estimated ejection fraction of 40%. An echocardiogram from 1998, done for a murmur, reported a normal ejection fraction of 55%.", 40},
		{"HOSPITAL COURSE:, Left ventriculogram showed inferior hypokinesis with an ejection fraction of approximately 40%. His echocardiogram had reported an ejection fraction of 55%.", 40},
		{"HOSPITAL COURSE:, Echocardiogram showed an ejection fraction of 35%. Left ventriculogram showed an ejection fraction of 30%.", 35},
		// a change downwards "from ... to" (once read as a range, and dropped), with a date in
		// brackets or in a COMPARISON section; "improved on medical therapy to"; "in December
		// 2012" in a note of 2013 (sets fs, fq, fu; rules 0.6.83)
		{"LVEF has declined from 60% to 40% today.", 40},
		{"FINDINGS:, Biplane ejection fraction 40%.,COMPARISON: LVEF has declined from 60% (11/1999) to 40% today, an absolute decline of 20 percentage points.", 40},
		{"Ejection fraction was 25% at diagnosis and has improved on medical therapy to 45% on her latest echocardiogram of 01/2013.", 45},
		{"DATE OF CONSULTATION: 07/22/2013. Baseline echocardiogram in December 2012 showed LVEF 60%. Surveillance echocardiogram last week shows LVEF 40%, with global hypokinesis.", 40},
		// a review of the stretch's diff (rules 0.6.84): a change "with" pacing, oxygen or
		// exercise is no new LVEF; an echo told after the ventriculogram but done before the
		// stay is not the later study
		{"LVEF 35%, now with biventricular pacing 98%.", 35},
		{"EF 40%, now with oxygen saturation 92% on room air.", 40},
		{"Resting LVEF 55%, decreased with exercise to 45%.", 55},
		{"LVEF 35% at rest, increased with low dose dobutamine to 50%.", 35},
		{"HOSPITAL COURSE:, Left ventriculogram on 3/2 showed an ejection fraction of 25%. Echo at his cardiologist's office 2 weeks before admission showed an ejection fraction of 45%.", 25},
	} {
		f := ExtractOne(nlp.Input{Text: c.text})
		if c.want < 0 { // no LVEF at all
			if f.LVEF != nil {
				t.Errorf("%q: LVEF %v, want none", c.text, f.LVEF.Value)
			}
			continue
		}
		if f.LVEF == nil || math.Abs(f.LVEF.Value-c.want) > 0.01 {
			t.Errorf("%q: LVEF %v, want %v", c.text, f.LVEF, c.want)
		}
	}
}
