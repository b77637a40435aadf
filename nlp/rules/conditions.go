package rules

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// brainInfarctRe names an infarct by the part of the brain it lies in ("right parietal
// infarct", "left frontal cortical infarct", "basal ganglia lacunar infarction", and in
// "Acute left cerebellar and right parietal embolic infarcts" the last of two, set lo): only a
// stroke has these sites. "Cortical" alone is not among them (a renal cortical infarct is
// not a stroke), nor "anterior", "inferior" or "lateral", which name a heart's wall; a
// cerebral artery's branch or territory names one too ("Acute right MCA branch infarction",
// "infarcts in the right MCA territory", set nd); a
// watershed infarct counts only in a sentence about the brain (brainContext). One expression, asked only of a note
// that says "infarct", rather than some 900 lexicon terms each searched for in every note.
// brainBleedRe: a bleed named by its site deep in the brain ("22 mL left putaminal
// hemorrhage", set lo; "hypertensive hemorrhage in the right basal ganglia"), a hemorrhagic
// stroke; secondaryBleed: unless its clause gives it a cause other than a stroke's
// (secondaryBleedRe: trauma, a fall, an accident, a head injury, a tumour or malformation,
// herniation; not "cerebrovascular accident", "acute kidney injury" or "anoxic brain
// injury"), not negated ("no history of trauma", "no herniation", "rather than tumor").
var (
	brainBleedRe        = regexp.MustCompile(`\b(putaminal|thalamic|basal ganglia|pontine|caudate|cerebellar)\s+(intracerebral\s+|intraparenchymal\s+)?(hemorrhage|hematoma|bleed)\b|\bhypertensive\s+((right|left)\s+)?((putaminal|thalamic|basal ganglia|pontine|caudate|cerebellar|lobar|intracerebral|intraparenchymal)\s+)?hemorrhage\b`)
	secondaryBleedRe    = regexp.MustCompile(`\btraum(a|atic)\b|\b(after|from|following|during|in)\s+(a|the|his|her)\s+(\w+\s+)?(fall|mvc|motor vehicle)|\b(s/p|status post|after|following)\s+(a\s+)?(mechanical\s+|ground[- ]level\s+)?fall\b|\bfall(ing)?\s+(from|down|off|at home)\b|\bafter falling\b|\b(motor vehicle|car|auto|bicycle|bike|motorcycle|traffic|work|skiing|ski|industrial|farm|an?|the|his|her)\s+accident\b|\b(head|closed head|traumatic brain)\s+injur(y|ies)\b|\b(after|from|following|s/p|status post)\s+(an?\s+|the\s+|his\s+|her\s+)?(\w+\s+)?injury\b|\bfell\b|\bmvc\b|\bmva\b|motor vehicle (accident|collision)|contusion|metasta\w*|tumou?r|neoplasm|\bavm\b|arteriovenous|cavernous|malformation|duret|herniation`)
	secondaryNegatedRe  = regexp.MustCompile(`\b(no|without|not|rather than|denies|denied|ruled out|negative for|unrelated)\b[^,;.]{0,25}$`)
	hypertensiveBleedRe = regexp.MustCompile(`\b(thalam\w*|putam\w*|pons|pontine|basal ganglia|caudate|cerebr\w*|cerebell\w*|lobar|brain|intracranial|intracerebral|stroke)\b`)
)

// clauseStop: where s's clause ends, at a semicolon or a full stop that is no doctor's
// title ("felt unrelated by Dr. Smith to his warfarin"), or len(s).
func clauseStop(s string) int {
	for k := 0; k < len(s); k++ {
		if s[k] == ';' || s[k] == '.' && !strings.HasSuffix(s[:k], " dr") {
			return k
		}
	}
	return len(s)
}

// secondaryBleed: the bleed's clause (up to a semicolon) gives it another cause.
func secondaryBleed(clause string) bool {
	for _, m := range secondaryBleedRe.FindAllStringIndex(clause, -1) {
		if !secondaryNegatedRe.MatchString(clause[:m[0]]) && !seasonFallRe.MatchString(clause[m[1]:]) && !remoteCauseRe.MatchString(clause[m[1]:]) && !remoteBeforeRe.MatchString(clause[:m[0]]) {
			return true
		}
	}
	return false
}

// remoteCauseRe and remoteBeforeRe: a cause long before the bleed ("MVA 20 years ago", "MVA in
// 2001 unrelated", "remote MVA").
var (
	remoteCauseRe  = regexp.MustCompile(`^\s*((\d+|many|several|ten|twenty)\s+years\s+ago|((in\s+)?(19|20)\d\d|(\d+|many|several)\s+years\s+ago|last\s+year|years\s+ago|[-,(]|but|clearly|was|is|felt|thought|deemed|to\s+be|\s)*unrelated(\s*[-).,;]|\s*$|\s+(and|but|as per|per|according)\b|\s+by\s+(the\s+)?(neuro\w*|dr\.?\s+\w+|team|service|cardiology|\w+\s+(service|team))\s*([.,;)]|$|\s+(and|but|as per|per|according)\b)|\s+to\s+((the|this|her|his|its|current|present|acute)\s+)*(bleed|bleeding|hemorrhage|ich|hematoma|event|presentation|admission|illness|(current|present|this)\s+episode)\s*([.,;)(]|$|\s+(per|according|by)\b)))`)
	remoteBeforeRe = regexp.MustCompile(`\b(remote|old|prior|previous|history of)\s+(an?\s+)?$`)
)

// seasonFallRe: "in the fall of 2019" is the season, not a fall.
var seasonFallRe = regexp.MustCompile(`^(\s+of\s+((19|20)\d\d|last year|this year|'\d\d)|\s*,\s*(19|20)\d\d)\b`)

var brainInfarctRe = newAlternation(`\b(frontal|parietal|occipital|temporal|fronto-?parietal|temporo-?parietal|parieto-?occipital|fronto-?temporal|temporo-?occipital|insular|basal ganglia|internal capsule|capsular|thalamocapsular|striatocapsular|corona radiata|periventricular|hemispheric|subcortical|centrum semiovale|watershed|borderzone|border zone|cerebellar|pontine|thalamic|brainstem)\s+((lobe|cortical|lacunar|embolic|ischemic|cardioembolic|borderzone|watershed)\s+){0,2}infarct(s|ions?)?\b|\b(acute|subacute|new|small|embolic|ischemic)\s+infarct(s|ions?)?\s+in\s+the\s+((right|left|bilateral)\s+)?(frontal|parietal|occipital|temporal|insular|cerebellar|basal ganglia|internal capsule|corona radiata|thalamus|pons|cerebellum|subcortical|periventricular|centrum semiovale)\b|\b(mca|aca|pca|middle cerebral artery|anterior cerebral artery|posterior cerebral artery)\s+(branch|territory|distribution)\s+infarct(s|ions?)?\b|\binfarct(s|ions?)?\s+in\s+the\s+((right|left|bilateral)\s+)?(mca|aca|pca)\s+(territory|distribution)\b`)

// explainedByOldInfarct: a finding's cause named as an earlier infarct ("consistent with
// prior", "due to old"), which the infarct's own word follows.
const explainedByOldInfarct = `(consistent with|compatible with|representing|from|due to)\s+(an?\s+)?(old|prior|previous|remote)\s+`

// wallFindingItemRe: the last comma item before the mention, a wall finding that an
// infarct explains ("..., fixed inferior defect consistent with old"), where a negation
// before it does not reach.
var wallFindingItemRe = regexp.MustCompile(`,\s*[^,;]{0,40}\b(akinesis|akinetic|hypokinesis|hypokinetic|dyskinesis|dyskinetic|defects?|scar|wall motion abnormalit(y|ies))\b[^,;]{0,40}\b` + explainedByOldInfarct + `(\w+\s+)?$`)

// negatedListItemRe: a comma item that goes on a list ("..., or scar consistent with",
// "..., scar or defects consistent with"), which the list's negation reaches.
var negatedListItemRe = regexp.MustCompile(`^,\s*(or|and|nor)\b|^,[^,;]*\s(or|nor)\s`)

// wallInfarctRe: a wall-motion finding or a heart wall's scar that an earlier infarct
// explains ("inferior akinesis consistent with prior infarct", set ol; "inferolateral scar
// consistent with prior infarction"): the heart's; not "renal scar", nor "not due to" or a
// differential ("... or attenuation artifact").
var wallInfarctRe = regexp.MustCompile(`\b(akinesis|akinetic|hypokinesis|hypokinetic|dyskinesis|dyskinetic|fixed\s+((inferior|anterior|lateral|posterior|apical|septal|inferolateral|anterolateral|anteroseptal|inferoposterior|basal|small|large|moderate|mild|severe|medium)\s+){0,2}(perfusion\s+)?defects?|wall motion abnormalit(y|ies)|(inferior|anterior|lateral|posterior|apical|septal|inferolateral|anterolateral|anteroseptal|inferoposterior|myocardial|subendocardial|transmural)\s+scar|scar\s+(in|of|involving)\s+the\s+(\w+\s+)?(inferior|anterior|lateral|posterior|apical|septal|inferolateral|anterolateral|anteroseptal|inferoposterior)\b)\b(?P<gap>[^.;]{0,40}?)\s` + explainedByOldInfarct + `((inferior|anterior|lateral|posterior|septal|apical|inferolateral|anterolateral|anteroseptal|inferoposterior)\s+)?(?P<inf>infarct(ion)?)\b`)

// attenuationAfterRe and attenuationExcludedRe: after a heart wall's infarct, a hedge that
// names attenuation or an artifact ("possibly related to diaphragmatic attenuation", "though
// this may represent attenuation artifact"), unless it rules them out ("but breast
// attenuation was excluded", "but no evidence of attenuation artifact").
var (
	attenuationAfterRe    = regexp.MustCompile(`^\s*,\s*(possibly|probably|likely|may|might|could|though|although|but|versus|vs\.?)\b[^.;]{0,40}\b(attenuation|artifact)\b`)
	attenuationExcludedRe = regexp.MustCompile(`\b(no|without)\b|\b(was|were|been)\s+(excluded|ruled out)\b`)
)

// infarctDifferentialRe: after a heart wall's infarct, another explanation beside it
// ("(versus attenuation artifact)", "or attenuation", "/ischemia") or a doubt ("in
// question"): no infarction.
var infarctDifferentialRe = regexp.MustCompile(`^\s*,?\s*(\(\s*)?(versus|vs\.?|or|and/or)\b|^\s*/\s*(ischemia|ischemic|attenuation|artifact)\b|^\s+in\s+question\b|^\s*\?`)

// brainConfirmedRe: an image of the brain or head that confirms it ("; MRI brain
// confirmed"), not one ordered or pending.
var brainConfirmedRe = regexp.MustCompile(`(\b(mri|ct|cta|mra|imaging)\s+(of\s+the\s+)?(brain|head)|\b(brain|head|cerebral)\s+(mri|ct|cta|mra|imaging))\b[^;.]{0,40}?\b(confirmed|confirms|consistent with|showed\s+(an?\s+)?(acute\s+|new\s+)?infarcts?)\b|\bconfirmed\s+(by|on)\s+(mri|ct)\s+(of\s+the\s+)?(brain|head)\b`)

// organEarlierInSentence: the sentence names another organ or its study before the watershed
// infarct, in the infarct's own item ("Spinal cord MRI: watershed infarct at T8", "Placenta:
// watershed infarct", "Pathology: ischemic colitis with watershed infarct"); not one after
// it ("Watershed infarcts and ischemic colitis after cardiogenic shock"), another item's
// ("He has chronic kidney disease and had a left watershed infarct"), or where the sentence
// names the brain.
func organEarlierInSentence(d *doc, at int) bool {
	words := sentenceBefore(d, at)
	if k := strings.LastIndexAny(words, ".;"); k >= 0 {
		words = words[k+1:]
	}
	locs := watershedOrganRe.FindAllStringIndex(words, -1)
	if locs == nil {
		return false
	}
	from := d.lowerRune[at]
	rest := sentenceRest(d, d.sentenceOf(from), findings.Span{Start: from, End: from})
	if k := strings.IndexByte(rest, ';'); k >= 0 {
		if brainConfirmedRe.MatchString(rest[k:]) && !strings.Contains(rest[k:], "not consistent") {
			return false // "Kidney transplant with watershed infarct; MRI brain confirmed."
		}
		rest = rest[:k] // the infarct's own clause: not "...; cerebrovascular disease noted in history"
	}
	if brainNamed(words + rest) {
		return false // "Hepatic encephalopathy was considered, but MRI brain showed bilateral watershed infarcts"
	}
	between := words[locs[len(locs)-1][1]:]
	return !strings.ContainsAny(between, ",;") && !strings.Contains(between, " and ") // not "Acute renal failure and bilateral watershed infarcts after cardiac arrest"
}

// brainWordRe: the sentence names the brain or a part of it.
var brainWordRe = regexp.MustCompile(`\b(brain|cerebral|cerebrum|cerebrovascular|cerebell\w*|head ct|ct head|ct of the head|frontal|parietal|occipital|temporal lobe|hemispher\w*)\b`)

// brainNegatedRe: a brain word said to be normal or spared ("brain MRI normal", "no
// cerebral involvement"): no brain infarct.
var brainNegatedRe = regexp.MustCompile(`\bno\s+(\w+\s+)?$|^[^.;,]{0,15}\b(normal|negative|unremarkable|spared|intact|not involved)\b`)

// brainNamed: the sentence names the brain, not as normal.
func brainNamed(sent string) bool {
	for _, m := range brainWordRe.FindAllStringIndex(sent, -1) {
		if !brainNegatedRe.MatchString(sent[max(0, m[0]-20):m[0]]) && !brainNegatedRe.MatchString(sent[m[1]:]) {
			return true
		}
	}
	return false
}

var watershedOrganRe = regexp.MustCompile(`\b(spinal cord|spleen|splenic|placenta\w*|colon\w*|colitis|bowel|intestin\w*|kidneys?|renal|liver|hepatic|mesenter\w*|pathology)\b`)

// otherOrganAfterRe and otherOrganBeforeRe: a watershed infarct of another organ ("of the
// splenic flexure of the colon", "in the distribution of the SMA", ", splenic flexure",
// "Thoracic spinal cord watershed infarct", "bowel watershed infarction"); otherOrganRe: a
// hypertensive hemorrhage of another organ ("of the retina").
var (
	otherOrganAfterRe  = regexp.MustCompile(`^\s*(,\s*|(of|in|involving|at|along|within)\s+(the\s+)?([\w-]+\s+){0,4})(colon|bowel|splenic flexure|intestines?|sigmoid|rectosigmoid|cecum|ileum|jejunum|stomach|kidneys?|spleen|liver|spinal cord|cord|placenta|sma|superior mesenteric|mesentery|celiac)\b`)
	otherOrganBeforeRe = regexp.MustCompile(`\b(bowel|colonic|colon|intestinal|mesenteric|renal|splenic|hepatic|spinal cord|spinal|placental|gastric)\s+$`)
)

var otherOrganRe = regexp.MustCompile(`\b(retina\w*|fundi|fundus|fundoscop\w*|eyes?|duodenal|ulcer|gastric|variceal|colon|bowel|kidneys?|renal|spleen|liver)\b`)

// lexicon maps each concept of the concept table (fhir/codes/conditions.tsv) to English
// and German names and abbreviations. Short upper-case abbreviations match
// case-sensitively (see doc.findAll).
var lexicon = map[string][]string{
	"49436004": {"atrial fibrillation", "atrial fibrilation", "afib", "a-fib", "a fib", "AF", "AFib", "paroxysmal AF", "Vorhofflimmern", "Vorhofflimern", "VHF", "VH-Flimmern", "Vorhofflimmerns", "Tachyarrhythmia absoluta", "Tachyarrhythmie absoluta", "Bradyarrhythmia absoluta", "absolute Arrhythmie", "absoluter Arrhythmie", "pVHF", "pAF", "PAF"},
	"5370000":  {"atrial flutter", "aflutter", "a-flutter", "AFL", "Vorhofflattern", "Vorhofflatterns"},
	"84114007": {"heart failure", "cardiac failure", "left ventricular failure", "LV failure", "right ventricular failure", "congestive heart failure", "CHF", "HFrEF", "HFpEF", "HFmrEF", "HFimpEF",
		// "HF" alone is other things too; with a type or course it is heart failure
		"systolic HF", "diastolic HF", "chronic HF", "acute HF", "decompensated HF", "congestive HF", "HF exacerbation", "HF with reduced", "HF with preserved", "HF with mildly reduced", "heart failure with preserved ejection fraction", "heart failure with reduced ejection fraction", "heart failure with mildly reduced ejection fraction", "heart failure with improved ejection fraction", "heart failure with recovered ejection fraction", "heart failure with preserved EF", "heart failure with reduced EF", "ADHF", "Herzinsuffizienz", "Linksherzinsuffizienz", "Rechtsherzinsuffizienz", "Globalherzinsuffizienz", "Herzinsuff.", "kardiale Dekompensation", "kardialer Dekompensation", "kardial dekompensiert", "cardiac decompensation"},
	"38341003": {"hypertension", "hypertention", "HTN", "high blood pressure", "high BP", "arterial hypertension", "is hypertensive", "is also hypertensive", "was also hypertensive", "been hypertensive", "known hypertensive", "Hypertonie", "arterielle Hypertonie", "art. Hypertonie", "Bluthochdruck", "aHT", "HT",
		"arterieller Hypertonus", "arteriellen Hypertonus", "art. Hypertonus", "hypertensive crisis", "hypertensive urgency", "hypertensive emergency", "hypertensive heart disease", "hypertensive cardiovascular disease", "hypertensive Krise", "hypertensiver Krise", "hypertensive Entgleisung", "hypertensiver Entgleisung", "hypertensiven Entgleisung"},
	// Bypass grafting and coronary stents imply coronary artery disease (LABELLING.md).
	"53741008": {"coronary artery disease", "coronary heart disease", "CAD", "CHD", "coronary atherosclerosis", "coronary arteriosclerosis", "ischemic heart disease",
		"atherosclerotic heart disease", "arteriosclerotic heart disease", "ASHD", "atherosclerotic cardiovascular disease", "ASCVD", "arteriosclerotic cardiovascular disease",
		"coronary artery bypass", "coronary artery bypass graft", "coronary artery bypass grafting", "CABG", "coronary stent", "coronary stents", "coronary artery stent", "cardiac stent", "cardiac stents", "coronary stenting", "in-stent restenosis", "coronary bypass", "coronary bypass graft", "coronary bypass grafting", "two-vessel bypass", "three-vessel bypass", "four-vessel bypass", "single-vessel bypass", "2-vessel bypass", "3-vessel bypass", "4-vessel bypass", "two vessel bypass", "three vessel bypass", "four vessel bypass", "triple bypass", "quadruple bypass", "double bypass", "multivessel coronary artery disease", "three-vessel coronary artery disease",
		"coronary disease", "coronary artery stenosis", "coronary stenosis", "coronary plaque", "coronary artery plaque", "coronary calcification", "coronary artery calcification", "coronary artery calcifications", "coronary calcifications", "coronary arterial calcification", "coronary arterial calcifications", "PTCA",
		"LAD stenosis", "RCA stenosis", "circumflex stenosis", "left main stenosis",
		"LAD stent", "LAD stents", "RCA stent", "RCA stents", "LCx stent", "circumflex stent", "LAD stenting", "RCA stenting", "stenting of the LAD", "stenting of the RCA", "stenting of LAD", "stenting of RCA",
		"stent to the LAD", "stent to the RCA", "stent to LAD", "stent to RCA", "stent in the LAD", "stent in the RCA", "stents to the LAD", "stents to the RCA", "stents in the LAD", "stents in the RCA", "stent to the circumflex", "stent in the circumflex",
		"DES to LAD", "DES to RCA", "DES to LCx", "DES to the LAD", "DES to the RCA", "DES to the LCx", "DES to OM1", "DES to the circumflex", "two-vessel disease", "three-vessel disease", "triple-vessel disease", "multivessel disease", "KHK", "Koronarsklerose", "koronare Herzkrankheit", "koronare Herzerkrankung", "1-Gefäß-KHK", "2-Gefäß-KHK", "3-Gefäß-KHK",
		"ACVB", "aortokoronarer Bypass", "aortokoronaren Bypass", "aortokoronare Bypassoperation", "aortokoronarer Bypassoperation", "aortokoronarer Venenbypass", "koronarer Herzkrankheit", "koronaren Herzkrankheit", "koronarer Herzerkrankung", "koronaren Herzerkrankung", "1-Gefäßerkrankung", "2-Gefäßerkrankung", "3-Gefäßerkrankung", "Eingefäßerkrankung", "Zweigefäßerkrankung", "Dreigefäßerkrankung", "koronare 1-Gefäßerkrankung", "koronare 2-Gefäßerkrankung", "koronare 3-Gefäßerkrankung",
		"Koronarstent", "Koronarstents", "Koronarstentimplantation", "RIVA-Stent", "RCA-Stent", "RCX-Stent", "LAD-Stent", "RIVA-Stenting", "RCA-Stenting",
		"Stentimplantation in die RCA", "Stentimplantation in den RIVA", "Stentimplantation in den RCX", "Stentimplantation in die LAD", "Stentimplantation in die LCX",
		"DES-Implantation in die RCA", "DES-Implantation in den RIVA", "DES-Implantation in den RCX", "Stent in die RCA", "Stent in den RIVA", "Stent in den RCX"},
	"22298006": {"myocardial infarction", "myocardial infarctions", "heart attack", "heart attacks", "MI", "MIs", "STEMI", "NSTEMI", "Myokardinfarkt", "Myokardinfarkts", "Myokardinfarktes", "Herzinfarkt", "Herzinfarkts", "Herzinfarktes", "Hinterwandinfarkt", "Vorderwandinfarkt", "Seitenwandinfarkt", "Nicht-ST-Hebungsinfarkt", "ST-Hebungsinfarkt", "Myokardinfarkte", "Myokardinfarkten", "Herzinfarkte", "Herzinfarkten", "myocardial infarct", "myocardial infarcts", "inferior wall infarct", "inferior wall infarction", "inferior wall myocardial infarction", "anterior wall infarct", "anterior wall infarction", "anteroseptal infarct", "anteroseptal infarction", "inferolateral infarct", "inferolateral infarction", "inferoposterior infarct", "inferoposterior infarction", "anterolateral infarct", "anterolateral infarction", "posterolateral infarct", "posterolateral infarction", "subendocardial infarct", "subendocardial infarction", "transmural infarct", "transmural infarction", "non-Q-wave infarction", "non-Q wave infarction", "Q-wave infarction"},
	// Diabetes with no type stated is type 2 (ICD-10-CM's default, ../shared/LABELLING.md);
	// type 1, gestational and insipidus are blocked below.
	"44054006": {"type 2 diabetes", "type 2 diabetes mellitus", "type II diabetes", "diabetes mellitus type 2", "diabetes mellitus type II", "diabetes type 2", "diabetes type II", "T2DM", "DM2", "DM II", "DM type 2", "NIDDM",
		"diabetes", "diabetes mellitus", "DM", "non-insulin dependent diabetes", "non-insulin-dependent diabetes", "noninsulin-dependent diabetes", "is a diabetic", "is diabetic", "is also diabetic", "is also a diabetic", "to be a diabetic", "to be diabetic", "insulin-dependent diabetic", "insulin dependent diabetic", "insulin-dependant diabetic", "known diabetic", "type II diabetic", "type 2 diabetic", "brittle diabetic", "diabetic management", "diabetic control", "diabetic female", "diabetic male", "diabetic woman", "diabetic man", "diabetic patient", "diabetic history",
		"year-old diabetic", "diabetic retinopathy", "diabetic nephropathy", "diabetic neuropathy", "diabetic gastroparesis", "diabetic foot ulcer",
		"Diabetes mellitus Typ 2", "Diabetes mellitus Typ II", "Typ-2-Diabetes", "Typ 2 Diabetes", "DM Typ 2", "DM Typ II", "Diabetes mellitus", "Diabetiker", "Diabetikerin", "D.m. Typ 2", "D.m. Typ II"},
	"55822004":  {"high cholesterol", "elevated cholesterol", "elevated lipids", "hypertriglyceridemia", "hyperlipidemia", "hyperlipidaemia", "hypercholesterolemia", "hypercholesterolaemia", "dyslipidemia", "dyslipidaemia", "HLD", "Hyperlipidämie", "Hypercholesterinämie", "Dyslipidämie", "Hyperlipoproteinämie", "HLP", "Fettstoffwechselstörung", "erhöhtes Cholesterin"},
	"60573004":  {"aortic stenosis", "aortic valve stenosis", "AV stenosis", "Aortenklappenstenose", "Aortenstenose", "AS"},
	"48724000":  {"mitral regurgitation", "mitral valve regurgitation", "mitral and tricuspid regurgitation", "mitral and tricuspid valve regurgitation", "mitral and aortic regurgitation", "mitral and tricuspid insufficiency", "mitral insufficiency", "mitral valve insufficiency", "Mitralinsuffizienz", "Mitralklappeninsuffizienz", "MR", "leichte MI", "leichtgradige MI", "geringe MI", "geringgradige MI", "mittelgradige MI", "hochgradige MI", "MI I°", "MI II°", "MI III°", "MI I.°", "MI II.°", "MI I-II°", "MI II-III°", "MI I–II°", "MI II–III°", "MV regurgitation", "MV insufficiency", "mitral regurgitant", "mitral incompetence", "regurgitation of the mitral valve", "mitral valve incompetence"},
	"85898001":  {"cardiomyopathy", "dilated cardiomyopathy", "hypertrophic cardiomyopathy", "ischemic cardiomyopathy", "DCM", "HCM", "HOCM", "Kardiomyopathie", "dilatative Kardiomyopathie", "hypertrophe Kardiomyopathie", "ischämische Kardiomyopathie", "Cardiomyopathie", "dilatative CMP", "ischämische CMP", "hypertrophe CMP", "hypertroph-obstruktive CMP", "DCMP", "ischämische KMP", "ischämischer KMP", "dilatative KMP", "dilatativer KMP", "hypertrophe KMP", "ischämischer CMP", "dilatativer CMP", "ischämischer Kardiomyopathie", "dilatativer Kardiomyopathie", "ARVC", "ARVCM", "Tachykardiomyopathie", "Tachymyopathie", "tachycardiomyopathy", "tachycardia-induced cardiomyopathy", "tachycardia-mediated cardiomyopathy", "NICM", "ischemic CM", "nonischemic CM", "non-ischemic CM", "dilated CM", "hypertrophic CM", "ischemic CMP", "nonischemic CMP", "non-ischemic CMP", "dilated CMP", "hypertrophic CMP", "ICMP", "NICMP"},
	"233917008": {"AV block", "atrioventricular block", "heart block", "Mobitz type I block", "Mobitz type II block", "Mobitz I", "Mobitz II", "Wenckebach", "AV-Block", "AVB", "complete heart block", "AV-Blockierung", "AV Block", "CHB"},
	"59282003":  {"pulmonary embolism", "pulmonary embolus", "pulmonary emboli", "PE", "Lungenembolie", "Lungenarterienembolie", "LAE", "Lungenembolien", "Lungenarterienembolien"},
	"230690007": {"stroke", "strokes", "cerebrovascular accident", "cerebrovascular accidents", "CVAs", "MCA syndrome", "MCA infarct", "MCA infarction", "MCA infarcts", "MCA territory infarct", "MCA territory infarction", "ACA territory infarct", "PCA territory infarct", "cerebral artery infarct", "cerebral artery infarction", "cerebral artery infarcts", "cerebral artery territory infarct", "cerebral artery territory infarction", "ACA infarct", "ACA infarction", "PCA infarct", "PCA infarction", "lacunar infarct", "lacunar infarcts", "lacunar infarction", "cerebral infarcts", "cerebrovascular event", "CVA", "cerebral infarct", "cerebral infarction", "cerebellar infarct", "cerebellar infarction", "cerebellar infarcts", "cerebral artery branch infarct", "cerebral artery branch infarction", "pontine infarct", "pontine infarction", "pontine infarcts", "lateral medullary infarct", "lateral medullary infarction", "Wallenberg infarct", "Wallenberg infarction", "Wallenberg syndrome", "medullary (Wallenberg) infarction", "medullary (Wallenberg) infarct", "brainstem infarct", "brainstem infarction", "brain stem infarct", "brain stem infarction", "thalamic infarct", "thalamic infarction", "Schlaganfall", "Schlaganfalls", "Schlaganfälle", "Apoplex", "Hirninfarkt", "Hirninfarkts", "ischemic stroke", "ischämischer Insult", "apoplektischer Insult", "cerebraler Insult", "zerebraler Insult", "Hirninsult", "Mediainfarkt", "Media-Infarkt", "Mediateilinfarkt", "Mediastrominfarkt", "Kleinhirninfarkt", "Hirnstamminfarkt", "Thalamusinfarkt", "Posteriorinfarkt", "Territorialinfarkt", "lakunärer Infarkt", "lakunäre Infarkte", "Hirninfarkte", "ischämischem Insult", "ischämischen Insult", "ischämischen Insults", "Hirninfarkten",
		// a spontaneous bleed into the brain is a hemorrhagic stroke (sets lo, mf); not a bare
		// "intracerebral hemorrhage", which the corpus writes of a lesion's bleed and beside a
		// skull fracture (a bleed named by its site: brainBleedRe)
		"hypertensive intracerebral hemorrhage", "hypertensive intraparenchymal hemorrhage", "hypertensive ICH", "spontaneous intracerebral hemorrhage", "spontaneous ICH"},
	"709044004": {"chronic kidney disease", "CKD", "chronic renal insufficiency", "chronic renal failure", "chronic renal disease", "chronic kidney failure", "end-stage renal disease", "end stage renal disease", "endstage renal disease", "end-stage kidney disease", "end stage kidney disease", "ESRD", "chronische Niereninsuffizienz", "chronische Nierenerkrankung", "chronische Nierenkrankheit", "CNI", "terminale Niereninsuffizienz", "dialysepflichtige Niereninsuffizienz", "chronisches Nierenversagen", "chron. Niereninsuffizienz", "chronischer Niereninsuffizienz", "chronischen Niereninsuffizienz", "terminaler Niereninsuffizienz"},
}

// chronicRenal: the note says its kidney failure is chronic (chronicRenalRe), where the
// words are not negated or acute ("keine Hämodialyse notwendig", "keine bekannte
// Niereninsuffizienz", "Acute renal failure, stage 3 by AKIN criteria"), in question or a
// relative's (whetherBeforeRe, relativeBeforeRe, a family-history section).
func chronicRenal(d *doc) bool {
	lower := d.lower
	return matchWhere(lower, chronicRenalRe, func(at int) bool {
		near := lower[max(0, at-40):at]
		return !notChronicBeforeRe.MatchString(lower[max(0, at-16):at]) && !whetherBeforeRe.MatchString(near) && !chronicHedgedRe.MatchString(near) &&
			!relativeBeforeRe.MatchString(near) && !strings.Contains(d.section[d.lowerRune[at]], "family")
	})
}

// whetherBeforeRe: chronic kidney disease still in question ("Whether she has underlying
// chronic kidney disease will need to be determined"); relativeBeforeRe: a relative's
// ("FAMILY HISTORY:, Mother with hypertension and chronic kidney disease on dialysis").
// Neither makes the note's bare renal failure chronic.
// chronicHedgedRe: chronic kidney disease to be looked for ("he will be evaluated as an
// outpatient for chronic kidney disease", set ph).
var chronicHedgedRe = regexp.MustCompile(`\b(evaluat\w*|work-?up|rule out|r/o|assess\w*|screen\w*|possible|possibly|suspected|question of|concern for)\b[^.;]*$`)

var (
	whetherBeforeRe  = regexp.MustCompile(`\b(whether|if)\b[^.;,]*$`)
	relativeBeforeRe = regexp.MustCompile(`\b` + relative + `\b[^.;]*$`)
)

// matchNotAfter: re matches lower somewhere that the window bytes before it do not match
// notBefore (a negation, "acute").
func matchNotAfter(lower string, re, notBefore *regexp.Regexp, window int) bool {
	return matchWhere(lower, re, func(at int) bool { return !notBefore.MatchString(lower[max(0, at-window):at]) })
}

// matchWhere: re matches lower somewhere that ok accepts (given the match's start).
func matchWhere(lower string, re *regexp.Regexp, ok func(at int) bool) bool {
	for _, loc := range re.FindAllStringIndex(lower, -1) {
		if ok(loc[0]) {
			return true
		}
	}
	return false
}

var notChronicBeforeRe = regexp.MustCompile(`\b(no|not|without|kein|keine|keiner|nicht|ohne|acute|akute[rsnm]?|passager)\b[^.]*$`)

// bareRenalFailure names kidney failure without saying chronic: chronic kidney disease
// only where the note says chronic, ESRD or dialysis somewhere (testdata/real/README.md,
// "Bare renal insufficiency/failure"); "acute renal failure" is blocked below either way.
var bareRenalFailure = []string{"renal failure", "renal insufficiency", "kidney failure", "Niereninsuffizienz", "Nierenversagen"}

// dialysisNames name a dialysis (of the kidneys: "retinal dialysis" and "cyclodialysis" are
// eye surgery, blocked or no word of their own).
var dialysisNames = []string{"dialysis", "hemodialysis", "haemodialysis", "peritoneal dialysis", "renal dialysis", "Dialyse", "Hämodialyse", "Peritonealdialyse"}

// acuteRenalRe: the note is about acute kidney failure.
var acuteRenalRe = regexp.MustCompile(`acute (renal|kidney) (failure|injury|insufficiency)|\baki\b|\barf\b|\batn\b|acute tubular necrosis|\banv\b|akute[sn]? (nierenversagen|niereninsuffizienz)|akuter niereninsuffizienz|akutem nierenversagen`)

// acuteRenal: the note says acute kidney failure, not negated ("No AKI").
func acuteRenal(lower string) bool {
	return matchNotAfter(lower, acuteRenalRe, negatedWordBeforeRe, 12)
}

var negatedWordBeforeRe = regexp.MustCompile(`\b(no|not|without|kein|keine|keiner|ohne)\s*$`)

// patientsDialysis: the dialysis at s is one the patient receives as a treatment of
// kidney failure, not a dialysis for a poisoning or given once in an emergency
// ("emergent hemodialysis for lithium toxicity", "temporary hemodialysis", "passagere
// Hämodialyse"), not one only discussed or offered, not a workplace ("works as a dialysis nurse"), not a laboratory method
// ("Free T4 by equilibrium dialysis").
func patientsDialysis(d *doc, s findings.Span) bool {
	sent := d.sentenceOf(s.Start)
	before := strings.ToLower(string(d.runes[max(sent.Start, s.Start-30):s.Start]))
	after := strings.ToLower(string(d.runes[s.End:min(max(sent.End, s.End), s.End+40)]))
	clause := strings.ToLower(string(d.runes[sent.Start:s.Start]))
	return !notKidneyDialysisBeforeRe.MatchString(before) && !notKidneyDialysisAfterRe.MatchString(after) && !workplaceRe.MatchString(clause)
}

var (
	notKidneyDialysisBeforeRe = regexp.MustCompile(`\b(temporary|temporarily|emergent|emergently|emergency|urgent|acute|one-time|single|equilibrium|passagere?|notfallmäßige?|akute|discussed|offered|options? of|candidate for|evaluation for|planning)\s+(\w+\s+)?$`)
	notKidneyDialysisAfterRe  = regexp.MustCompile(`^\W{0,3}(nurse|nurses|technician|tech|staff|unit staff|for (rhabdo|lithium|toxic|poison|overdose|intoxic|ingestion|methanol|ethylene|salicylate|metformin))`)
	workplaceRe               = regexp.MustCompile(`\b(works?|worked|working|employed|employment|job|occupation|beruf|arbeitet)\b`)
)

// chronicRenalRe: the note says somewhere that its kidney failure is chronic.
// A dialysis the patient is on, was advised or has access for counts; one ruled out or set
// against another treatment in acute renal failure ("no indication for hemodialysis", "as
// opposed to conventional hemodialysis") does not.
var chronicRenalRe = regexp.MustCompile(`\besrd\b|end[- ]?stage (renal|kidney)|chronic (renal|kidney)|(renal|kidney) transplant|` +
	`(renal insufficiency|renal failure|kidney disease|niereninsuffizienz),? \(?(stage|stadium|st\.|grad|g) ?[1-5]|chronische[nr]? nieren|chron\. nieren|terminale[nr]? nieren|(vorbestehende[nr]?|bekannte[nr]?) niereninsuffizienz|dialysepflichtig|hämodialyse|peritonealdialyse|nierentransplant|` +
	`(on|requiring|requires|require|started|start|dependent on|history of|receives|receiving|go on|initiat\w+|began) (hemo|peritoneal |chronic )?dialysis|` +
	`dialysis[- ]dependent|dialysis (patient|shunt|access|catheter|fistula|three|3|twice|days)|(hemodialysis|peritoneal dialysis) (patient|three|3|on)`)

var type1Re = regexp.MustCompile(`type (1|i) diabet|diabetes mellitus,? type (1|i)\b|\bt1dm\b|\bdm ?1\b|juvenile diabetes|typ[- ]1[- ]diabet|diabetes mellitus[ .]*(ja|yes)?\s*[-–:]?\s*typ[e]? (1|i)\b`)

// untypedDiabetes are the diabetes terms that state no type: type 2 in an adult, nothing
// in a child (a stated age under 18).
var untypedDiabetes = map[string]bool{"diabetes": true, "diabetes mellitus": true, "DM": true, "is a diabetic": true, "is diabetic": true, "is also diabetic": true, "is also a diabetic": true, "to be a diabetic": true, "to be diabetic": true, "insulin-dependent diabetic": true, "insulin dependent diabetic": true, "insulin-dependant diabetic": true, "known diabetic": true, "diabetic control": true,
	"diabetic female": true, "diabetic male": true, "diabetic woman": true, "diabetic man": true, "diabetic patient": true, "diabetic history": true,
	"Diabetes mellitus": true, "Diabetiker": true, "Diabetikerin": true,
	"year-old diabetic": true, "diabetic retinopathy": true, "diabetic nephropathy": true, "diabetic neuropathy": true, "diabetic gastroparesis": true, "diabetic foot ulcer": true}

// coronaryStenosisAfterRe: a coronary artery, then its graded stenosis (group 1, the
// mention); coronaryStenosisBeforeRe: the graded stenosis (group 1), then the artery.
var (
	coronaryArtery           = `(lad|left anterior descending|rca|right coronary|lcx|circumflex|left main|lmca|diagonal|d1|d2|obtuse marginal|om1|om2|pda|posterior descending|ramus|ramus intermedius)`
	gradedStenosis           = `(\d{1,3}\s*(%|percent)?(\s*(to|-|–)\s*\d{1,3})?\s*(%|percent)\s+((focal|diffuse|ostial|proximal|mid|distal|tubular|eccentric|concentric|discrete|calcific|calcified|segmental|tight|severe|moderate|mild|significant)\s+)*(stenosis|stenoses|narrowing|lesion|occlusion|blockage|obstruction))`
	coronaryStenosisAfterRe  = regexp.MustCompile(`\b` + coronaryArtery + `\b[^.;:]{0,40}?\b` + gradedStenosis)
	coronaryStenosisBeforeRe = regexp.MustCompile(`\b` + gradedStenosis + `\s+(of|in|at|within|involving)\s+(the\s+)?((proximal|mid|distal|ostial|first|second|large|small)\s+)*` + coronaryArtery + `\b`)
	zeroPercentRe            = regexp.MustCompile(`^0\s*(%|percent|to|-|–)`)
	notCoronaryRe            = regexp.MustCompile(`bronch|renal|pulmonary|femoral|iliac|pubic|spinal|carotid|vertebral|subclavian|popliteal|tibial|mesenteric|celiac|in-stent|residual`)
)

// stentRe, coronaryContextRe and notCoronaryStentRe: a stent, a sentence about the
// coronary arteries or an infarction, and one about another organ's stent.
var (
	stentRe            = regexp.MustCompile(`\b(stent(s|ed|ing)?|des)\b`) // "des" only as written "DES" (drug-eluting stent; German "des" is a word)
	coronaryContextRe  = regexp.MustCompile(`\b` + coronaryArtery + `\b|coronar|heart attack|myocardial infarction|\b(n?stemi|mi|pci|ptca|des|bms)\b|drug[- ]eluting|bare[- ]metal|cardiac cath|heart cath|cardiolog`)
	notCoronaryStentRe = regexp.MustCompile(`ureter|biliary|\bbile\b|\bcbd\b|esophag|pancrea|trache|airway|bronch|renal artery|femoral|iliac|carotid|vertebral|subclavian|popliteal|tibial|mesenteric|\bsfa\b|peripheral|endograft|\bevar\b|\btips\b|venous|\bjj\b|double[- ]j|nasolacrimal|pulmonary (arter|angioplast|vein|valve)|branch pulmonary`)
)

// mayNameCoronaryStenosis: the words coronaryStenosis*Re need are all in the note.
func mayNameCoronaryStenosis(lower string) bool {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	return has("%", "percent") && has("stenos", "lesion", "narrowing", "occlu", "blockage", "obstruct") && has("coronary", "cath", "angiogra") &&
		has("lad", "rca", "circumflex", "coronary", "descending", "diagonal", "marginal", "left main", "lcx", "lmca", "pda", "ramus", "om1", "om2", "d1", "d2")
}

// vesselBypass: the coronary disease terms that name a bypass by its count of vessels
// ("two-vessel bypass", "triple bypass"), which a leg's bypass can share.
var vesselBypass = map[string]bool{"two-vessel bypass": true, "three-vessel bypass": true, "four-vessel bypass": true, "single-vessel bypass": true, "2-vessel bypass": true, "3-vessel bypass": true, "4-vessel bypass": true, "two vessel bypass": true, "three vessel bypass": true, "four vessel bypass": true, "triple bypass": true, "quadruple bypass": true, "double bypass": true}

// peripheralBypass: the bypass at s is a peripheral one by the words right around it ("a
// 4-vessel bypass of the leg arteries", "femoral ... double bypass"), not by a leg named
// elsewhere in its sentence ("triple bypass with vein from the left leg").
func peripheralBypass(d *doc, s findings.Span) bool {
	return bypassOfLimbRe.MatchString(lowerAfter(d, sort.SearchInts(d.lowerRune, s.End), 60))
}

// bypassOfLimbRe: right after a bypass, the limb or artery it is of ("of his left leg
// arteries", "in his right leg", "(femoral-popliteal)", ", left femoral to popliteal", "for
// peripheral vascular disease", "with vein graft to the popliteal artery"); not a vein
// harvested from the leg.
var bypassOfLimbRe = regexp.MustCompile(`^[^.;]{0,15}?\b(of|to|in|on|for)\s+(the\s+|his\s+|her\s+)?(\w+\s+){0,2}?(femoral|popliteal|iliac|tibial|peroneal|leg|legs|lower extremit\w*|limb|peripheral)\b|^\s*(surgery\s*)?[(,]\s*((left|right)\s+)?(femoral|femoro\w*|fem-?pop|fem-?tib|popliteal|tibial|iliac|leg)\b|^\s*with\s+(a\s+)?vein\s+graft\s+to\s+the\s+(popliteal|tibial|femoral)\b`)

// blockers are phrases that contain a concept's name but are not the concept: matched like
// the lexicon, the longest match wins, and they yield nothing ("type 1 diabetes" is not
// the type 2 that bare "diabetes" means; "PE:" is the physical exam; "CVA tenderness" is
// the costovertebral angle).
var blockers = []string{
	// cough syrups whose "DM" is dextromethorphan
	"Robitussin DM", "Robitussin-DM", "Mucinex DM", "Mucinex-DM", "guaifenesin DM", "guaifenesin-DM", "Tussin DM", "Benylin DM", "Dimetapp DM", "Triaminic DM", "Humibid DM", "Duraphen II DM", "Duraphen DM", "Delsym DM", "Coricidin DM", "Tussi-Organidin DM",
	// the Doctorate of Medicine after a physician's name ("Dr. S. Raghunathan, MD, DM (Cardiology)")
	"DM (Cardiology)", "DM(Cardiology)", "DM (Cardio)", "DM (Neurology)", "DM (Nephrology)", "DM (Endocrinology)", "DM (Gastroenterology)", "DM (Pulmonology)", "DM (Medical Oncology)",
	"type 1 diabetes", "type I diabetes", "type 1 diabetes mellitus", "type I diabetes mellitus", "diabetes mellitus type 1", "diabetes mellitus type I", "diabetes type 1", "diabetes type I",
	"pancreatogenic diabetes", "pancreatic diabetes", "type 3c diabetes", "juvenile diabetes", "T1DM", "DM1", "DM type 1", "gestational diabetes", "gestational diabetes mellitus", "steroid induced diabetes", "steroid-induced diabetes", "steroid induced diabetes mellitus", "steroid-induced diabetes mellitus", "drug induced diabetes", "drug-induced diabetes", "diabetes during pregnancy", "diabetes in pregnancy", "diabetes insipidus", "pre-diabetes", "prediabetes",
	"Typ-1-Diabetes", "Typ 1 Diabetes", "Diabetes mellitus Typ 1", "Gestationsdiabetes",
	"pulm HTN", "pulmonary HTN", "pulm. HTN", "ocular HTN", "portal HTN",
	"pulmonary hypertension", "pulmonary arterial hypertension", "portal hypertension", "portopulmonary hypertension", "intracranial hypertension", "ocular hypertension",
	"permissive hypertension", "permissive HTN", // a blood-pressure target after a stroke ("Permissive hypertension."), not the patient's diagnosis
	"pulmonary hypertention", "pulmonary arterial hypertention", "portal hypertention", "intracranial hypertention", "ocular hypertention", "venous hypertention", "pulmonale Hypertonie",
	"PE/kg", "mg PE", "PE/ kg", // phenytoin equivalents ("Fosphenytoin 20 mg PE/kg IV")
	"CVA tenderness", "CVA or flank tenderness", "CVA/flank tenderness", "CVAT",
	"PE:", "PE FINDINGS:", "PE findings:", "PE EXAM:", "PE exam:", "PE tube", "PE tubes", "doing PE", "in PE", "PE class", "off of PE", "of PE.", "MR scan", "MR imaging", "MR angiography", "MR angiogram", "MR of", "MR myelogram", "MR venogram", "MR spectroscopy", "MR signal", "MR#", "MR #", "MR number", "Lotrimin AF",
	"mini stroke", "mini-stroke", "ministroke", "mini strokes", "mini-strokes", // a TIA (LABELLING.md: TIA is not stroke)
	"ocular stroke", "eye stroke", "retinal stroke", "stroke equivalent", "stroke-equivalent", // a retinal artery occlusion, not a cerebrovascular accident
	"NIH Stroke Scale", "NIH stroke scale", "stroke scale", "Stroke Scale", "stroke scale score",
	"Stroke-Alarm", "Stroke Alarm", "stroke volume", "stroke volumes", "stroke volume index", "stroke index", "stroke work", "stroke distance", "Schlagvolumen", "stroke mimic", "Stroke-Mimic", "stroke-mimic",
	"stroke/bleeding risk", "stroke / bleeding risk", "gestational DM", "GDM",
	"stroke neurology", "stroke service", "stroke fellow", "stroke nurse", "stroke coordinator", "stroke center", "stroke centre",
	"CKD-EPI", "CKD EPI", "STEMI-Alarm", "STEMI Alarm", "STEMI-Alarmierung", "STEMI alert", "STEMI activation", "code STEMI", "code stroke", "stroke unit", "stroke-unit", "Stroke/Chest Pain Unit", "Stroke-/Chest-Pain-Unit", "Stroke Unit/Chest Pain Unit", "stroke team", "stroke protocol", "stroke alert",
	"mild LAE", "moderate LAE", "severe LAE", "marked LAE", // left atrial enlargement, not Lungenarterienembolie
	"acute renal failure", "acute kidney failure", "acute renal insufficiency", "acute kidney injury", "akute Niereninsuffizienz", "akutes Nierenversagen", "akuten Nierenversagen", "akuter Niereninsuffizienz", "akutem Nierenversagen", "akuten Nierenversagens", "akuten Niereninsuffizienz", "prärenales Nierenversagen", "prärenalem Nierenversagen",
	"retinal dialysis", "pre-dialysis", "predialysis", "Prädialyse",
	// a dialysis catheter placed is not yet a dialysis the patient receives (the real notes'
	// gold: a Tesio catheter's insertion, a neonate's peritoneal catheter after heart surgery)
	"dialysis catheter", "dialysis catheters", "hemodialysis catheter", "hemodialysis catheters", "peritoneal dialysis catheter", "peritoneal dialysis catheters",
	"non-diabetic", "non diabetic", "non-hypertensive", "non hypertensive",
	"PE study", "right ventricular hypertension", "RV hypertension", "venous hypertension", "pregnancy-induced hypertension", "any PE", "from PE",
}

// Cues that change a mention's assertion, within its clause. Pre-cues stand before the
// mention (up to preWindow runes), post-cues after it.
var (
	negPre = []string{"unaware of any", "unaware of a", "not aware of any", "no", "not", "denies", "denied", "ruled out for", "without", "negative for", "no evidence of", "no evidence for", "w/o evidence of", "w/o evidence for", "w/o signs of", "w/o any", "did not", "does not have", "never had", "never having", "was never having", "no history of", "no hx of", "free of", "absence of",
		// ConText's (Chapman et al. 2007; medspaCy's English list) negation triggers the
		// ones above lacked (TestContextCues)
		"fails to reveal", "failed to reveal", "never developed", "doesnt have", "dont have", "doesnt appear to have", "doesn't appear to have", "does not appear to have", "didnt appear to have", "did not appear to have", "didnt have", "isnt", "wasnt", "werent", "arent",
		// and cTAKES's (ctakes-assertion-res 4.0.0)
		"neither", "unassociated with", "neg for", "excludes", "rules out", "unremarkable for", "negative on", "not known to have", "not associated with",
		"ruled him out", "ruled her out", "ruled them out", "ruled the patient out", "rules him out", "rules her out", "negative history of", "negative history for", "negative past history of", "negative past medical history of", "negative past medical history for",
		// and NegEx's (negspaCy 1.1.0's en_clinical_sensitive) and a third review's
		"deny", "denying", "never told of", "never been told of", "there has never been", "there have never been", "there was never", "never been found to have", "never been hospitalized for", "never been treated for", "never treated for", "argue against", "argues against", "argued against", "arguing against", "speaks against", "speak against", "never hospitalized for", "never been admitted for", "never admitted for", "has know history of", "know history of",
		"kein", "keine", "keinen", "keiner", "keinem", "ohne", "frei von", "kein hinweis auf", "keine hinweise auf", "nicht", "verneint"}
	negPost = []string{"ruled out", "was excluded", "was ruled out", "has been ruled out", "excluded", "absent", "negative", "not present", "not seen", "not felt to be", "was not felt",
		"nicht dokumentiert", "nicht belegt", "all of which he denied", "all of which she denied", "all of which he denies", "all of which she denies", "all of which were denied", "all of which are denied", "all of which were negative", "kein anhalt", "keine anhalt", "ausgeschlossen", "nicht anzunehmen", "nicht nachweisbar", "nicht nachgewiesen", "nicht bekannt"}
	// negPostNear: post-cues that reach like hypoPostNear ("AF was not detected", "Eine
	// Lungenembolie besteht nicht", but not the infarction in '"kleinen Herzinfarkt"
	// gehabt, Unterlagen nicht vorhanden'); ConText's and German NegEx's (Cotik et al.
	// 2016) the lists above lacked (TestContextCues). "verneint" is one only as "wird
	// verneint" here or as an answer (negNextRe), not anywhere after the mention
	// ("Arterielle Hypertonie, verneint Kopfschmerzen").
	negPostNear = []string{"not a consideration", "is not the cause", "was not the cause", "is not the etiology", "was not the etiology", "are not suggested", "is not suggested", "were not suggested", "was not suggested", "could not be induced", "was not inducible", "not inducible", "was noninducible", "not detected", "not been detected", "was not observed", "were not observed", "not been seen so far", "not been seen on", "not been observed on", "not been found", "not been identified", "not supported", "not suspected", "not contributing", "was not contributing", "not identified", "not demonstrated", "not found", "not evident", "not appreciated", "not visualized",
		"not yet overt", "not overt", "nie gehabt", "niemals gehabt", "nie bestanden", "nie diagnostiziert", "nicht bestätigen", "nicht bestätigt werden", "not documented",
		"nicht bestätigt", "sich nicht bestätigt", "bestätigte sich nicht", "wird verneint", "wurde verneint", "werden verneint", "wurden verneint", "nicht vorhanden", "besteht nicht", "bestand nicht", "liegt nicht vor", "lag nicht vor", "zeigte sich nicht", "zeigt sich nicht", "nicht zu sehen", "nicht gesehen", "ausschließen", "auszuschließen", "ausschliessen", "auszuschliessen"}
	hypoPre = []string{"watched for development of", "be watched for", "watched for", "monitored for development of", "to look for", "to check for", "wondered about", "wondered whether", "wondering about", "wonders about", "what is a", "what is an", "can have", "can also have", "could have", "could also have", "may have", "may also have", "might have", "might also have", "may also develop", "may develop", "can develop", "could develop", "could also develop", "might develop", "can result in", "may result in", "could result in", "can lead to", "may lead to", "can cause", "may cause", "could signal", "may signal", "can signal", "might signal", "can present with", "may present with", "can present as", "may present as", "can manifest as", "may manifest as", "can be complicated by", "may be complicated by",
		"may be associated with", "people with", "patients with", "those with", "ob eine", "ob ein", "ob einer", "score for", "is associated with", "are associated with", "is linked to", "are linked to", "associated with worsening", "associated with an increased risk of", "associated with increased risk of", "patients develop", "patients will develop", "patients go on to develop", "people develop", "patients later develop", "patients eventually develop", "pts develop", "pts later develop", "pts eventually develop", "person with", "persons with", "someone with", "anyone with", "considered for", "candidate for", "such as", "regardless of", "at picking up", "at detecting", "suspicion for", "fahndung nach", "suche nach", "may mean", "might mean", "could mean", "research shows", "research has shown", "research suggests", "research indicates", "new research", "studies have shown", "studies have demonstrated", "it is well known that",
		"versus", "vs", "vs.", "probably", "likely", "maybe", "perhaps", "borderline", "labile", "suggestive of", "suggests", "suggesting", "concerning for", "worrisome for", "questionable", "differential diagnosis", "differential included", "differential includes", "differential considered", "differential considers", "differential include", "differential was", "differential is", "probability for", "probability of", "likelihood of", "raises the chance of", "raise the chance of", "increases the chance of", "increase the chance of", "lowers the chance of", "lower the chance of", "reduces the chance of", "reduce the chance of", "chance of developing", "chance of having", "higher chance of a", "greater chance of a", "higher chance of an", "greater chance of an", "can happen with", "can occur with", "may happen with", "may occur with", "to exclude", "assess for", "rule him out", "rule her out", "rule them out", "rule the patient out", "rule patient out", "as a warning of", "screen for", "screening for", "screening her for", "screening him for", "screening them for", "screening the patient for", "screened her for", "screened him for", "possible", "possibly", "poss", "suspected", "rather than", "suspicion of", "suspicious for", "rule out", "r/o", "risk of", "risk for", "risks of", "risks include", "risks including", "risks and benefits", "complications such as", "complications including", "at risk for", "risk factor for", "risk factors for", "evaluate for", "evaluation for", "concern for", "concerned re", "concern re", "concerned about", "concerned for", "concerned regarding", "if", "whether", "in case of", "in which case", "high-risk findings for", "high risk findings for", "high-risk features for", "high risk features for", "concern about", "concerns about", "alternative explanation would include", "alternative explanations would include", "alternative explanations include", "alternative explanation includes", "alternative explanations", "alternative explanation", "question of", "probable",
		"either", "unlikely", "doubtful", "likely represents", "likely reflects", "probably represents", "probably reflects", "to prevent", "prevention of", "monitor for", "watch for",
		"when a person", "when someone", "further classification of", "further evaluation of", "further assessment of", "further workup of", "further work-up of",
		"ruling out", "rule - out", "r / o", "differential diagnoses", "ddx", "concerned that", "worried that", "afraid that", "initial concern", "initial concerns", "initially concerned", "initial worry", "initial suspicion",
		"zur prophylaxe", "prophylaxe von", "prophylaxe einer", "prophylaxe eines", "risiko (", "risk (", "v.a.", "verdacht auf", "zur frage", "frage nach", "frage einer", "frage eines", "mögliche", "möglicher", "mögliches", "zum ausschluss", "ausschluss einer", "ausschluss eines", "ausschluss", "risiko für", "fraglich", "fragliche", "fraglicher", "bei verdacht",
		"dd:", "differentialdiagnostisch", "differenzialdiagnostisch", "differentialdiagnose", "differenzialdiagnose", "differentialdiagnosen", "differenzialdiagnosen", "unklar, ob", "unklar ob", "fraglich, ob", "nicht sicher, ob"}
	// hypoNear: hypothetical cues (ConText's, cTAKES's, German NegEx's, TestContextCues) that
	// qualify only a mention at most nearReach words after them, with no comma and no
	// nearStop word between ("concerned about pulmonary embolism", "Should he develop signs
	// of stroke", "zur Abklärung einer KHK", but not "Consider increasing lisinopril for
	// hypertension", "Abklärung einer Dyspnoe bei bekannter KHK", "He may be restarted on
	// warfarin for atrial fibrillation").
	hypoNear = []string{"risk study for", "initially read as", "initially interpreted as", "originally read as", "read initially as", "interpreted initially as", "originally interpreted as", "first read as", "initially thought to be", "initially thought to have", "originally thought to have", "initially felt to have", "initially suspected to have", "similar to", "comparable to", "same as for", "same as in", "atypical for", "checked for", "check for", "checking for", "monitoring for", "assessment for", "eval for", "unless", "return with",
		"entertain", "entertained", "entertaining", "risk stratification for", "preliminary diagnosis", "t/c", "equivocal for", "test for", "tested for", "testing for", "look for", "looking for", "screened for", "workup for", "work-up for", "work up for", "evaluated for", "evaluating for", "assessed for", "evaluate further for", "evaluated further for", "evaluating further for",
		"concern about", "concerned about", "concerns about", "concerned for", "worried about", "worried for", "screen again for", "rescreen for", "risk situation for", "low probability for", "low probability of", "survivorship follow-up for", "re-screen for", "keep an eye out for", "watch out for", "worried he", "worried she", "concerned he", "concerned she", "afraid of", "fear of", "exclude", "possibility of", "possibility for", "suspicion for",
		"for detecting", "to detect", "zur detektion", "detektion von", "zum nachweis von", "zur erfassung von", "supposed", "unconfirmed", "suspect", "indeterminate for", "sounds like", "sounded like", "what appears to be", "can be signs of", "may be signs of", "could be signs of", "can be a sign of", "may be a sign of", "could be a sign of", "can be symptoms of", "may be symptoms of", "nondiagnostic for", "non-diagnostic for", "non diagnostic for", "detection of", "come back for", "return for", "call for any", "call with any", "call if", "in the event of", "should he", "should she", "should the patient", "should there", "should you", "should this", "should any",
		"findings suggest", "may suggest", "might suggest", "could suggest", "would suggest", "could indicate", "may indicate", "might indicate", "can indicate", "questioned", "ro", "differential also includes", "differential also included", "differential would include", "differential could include", "favor", "favors", "favored", "favoring", "question", "predispose to", "predisposes to", "predisposing to", "predispose him to", "predispose her to", "suspicous for", "more sensitive for",
		"presumed", "presumed to have", "presumed to be", "suspected to have", "suspected to be", "presumptive", "presumably", "query", "doubt", "consider", "considering", "may be", "might be", "could be", "may need", "might need", "could need", "may require", "might require", "may eventually need", "may eventually require", "may represent", "might represent", "could represent", "uncertain", "unsure", "potential", "putative", "to avoid", "avoidance of", "preventing",
		"thought about", "thinking about", "think about", "may reflect", "could reflect", "might reflect", "may be compatible with", "could be compatible with", "may be consistent with", "could be consistent with", "might be consistent with", "correlate clinically for", "clinical correlation for", "clinical correlation for symptoms of", "correlation for symptoms of", "and/or", "annual chance of", "looks like", "looks more like", "look like", "looked like", "may predict", "might predict", "predicts", "predictive of", "predict the later development of", "predict the development of", "predicts the development of", "predict the future development of", "predicts the later development of", "future", "before any diagnosis of", "before a diagnosis of", "before making a diagnosis of", "before diagnosing", "abklärung", "warnsymptome für", "warnsymptome eines", "warnsymptome einer", "warnzeichen für", "warnzeichen eines", "warnzeichen einer", "angst vor", "sorge vor", "befürchtet", "wenn", "dd", "bei bestätigung", "bei nachweis", "im falle", "falls sich", "vermeidung", "prophylaxe", "bei auftreten", "wiedervorstellung bei", "vorstellung bei", "wahrscheinlich", "vermutlich", "möglicherweise", "am ehesten", "a.e."}
	hypoPost = []string{"?", "precautions", "was considered", "were considered", "was suspected", "was entertained", "were entertained", "unlikely", "is doubtful", "less likely", "cannot be excluded", "not excluded", "not been excluded", "not yet been excluded", "not yet excluded", "not been ruled out", "not yet been ruled out", "not yet ruled out", "to be ruled out", "is possible", "remains possible", "remain possible", "is still possible",
		"nicht ausgeschlossen", "nicht auszuschließen", "möglich", "fraglich"}
	// hypoPostNear: hypothetical cues after the mention, at most nearReach words after it with
	// no comma between, and not after a possessive, "known" or "bei"/"given" ("Eine
	// Lungenembolie ist unwahrscheinlich", but not "Bei Herzinsuffizienz ist eine
	// Volumenüberladung zu vermeiden", "Given her atrial fibrillation, anticoagulation should
	// be considered").
	hypoPostNear = []string{"not yet evaluated", "not yet been evaluated", "yet to be evaluated", "not yet assessed", "not yet been assessed", "yet to be excluded", "not yet excluded", "not yet been excluded", "-type workup", "type workup", "workup", "work-up", "can be missed", "may be missed", "could be missed", "is often missed", "increases your risk", "increase your risk", "raises your risk", "raise your risk", "question", "prophylaxis", "in future", "in the future", "will be assessed", "will be investigated", "will be excluded", "will be ruled out", "was raised as a possibility", "was raised as a concern", "was considered a possibility", "is not likely", "was not likely", "not felt likely", "not considered likely", "not thought likely", "is a risk he", "is a risk she", "is a risk to watch", "is a risk for him", "is a risk for her", "felt unlikely", "thought unlikely", "considered unlikely", "deemed unlikely", "felt to be unlikely", "thought to be unlikely", "can develop in", "may develop in", "can develop at", "may develop at", "can develop later", "may develop later", "is low probability", "is of low probability", "was low probability", "has not been suggested", "had not been suggested", "was not suggested", "but this is not supported", "but this was not supported", "but this is not supported by", "may coexist", "might coexist", "could coexist", "may be coexisting", "may also be present", "might also be present", "could also be present", "happens when", "occurs when", "is the most common cause", "is a common cause", "is the leading cause", "was briefly considered", "considered briefly", "was considered briefly", "was initially considered", "was also considered", "were briefly considered", "had been a consideration", "was a consideration", "was initially a consideration", "frequently develops", "often develops", "commonly develops", "frequently occurs", "often occurs", "commonly occurs", "is common after", "is common following", "is frequent after", "is a common complication", "is a frequent complication", "are common after", "occurs commonly", "is common in patients", "is common in", "are common in", "is common among", "must be considered", "must be excluded", "must be ruled out", "has been suggested", "had been suggested", "was suggested", "is doubted", "was doubted", "doubted given", "doubted because", "doubted as", "are doubted", "were doubted", "is suspected", "is strongly suspected", "are suspected", "remains suspected", "is a consideration", "remains a consideration", "to be evaluated", "to be assessed", "to be checked", "may have this appearance", "can have this appearance", "could have this appearance", "would be expected", "and/or", "can manifest", "may manifest", "can present", "can occur", "may occur", "remains in the differential", "cannot be evaluated", "could not be evaluated", "can not be evaluated", "not well evaluated", "incompletely evaluated", "will need to be evaluated", "needs to be evaluated", "need to be evaluated", "should be evaluated", "will be evaluated", "needs evaluation", "needs further evaluation", "in the differential", "in differential", "in the ed differential", "in the er differential", "in the emergency department differential", "in the initial differential", "mentioned in the differential", "should be considered", "to be considered", "to be excluded", "not ruled out", "cannot be ruled out", "could not be excluded", "could not be ruled out", "can not be excluded", "can not be ruled out",
		"nicht sicher auszuschließen", "nicht sicher ausgeschlossen", "nicht auszuschliessen", "nicht sicher auszuschliessen", "nicht ausschließen", "nicht ausschliessen", "unwahrscheinlich", "nicht wahrscheinlich", "vermutet", "in betracht", "zu verhindern", "zu vermeiden"}
	family = []string{"family history", "family hx", "fh:", "fhx", "family h/o", "mother", "father", "brother", "sister", "sibling", "parents", "grandmother", "grandfather", "aunt", "uncle", "maternal", "paternal", "son", "daughter", "friend", "friends", "neighbor", "coworker", "co-worker",
		"a parent with", "one parent with", "either parent", "dad", "mom", "mum", "grandma", "grandpa", "grandparents", "cousin", "nephew", "niece", "brothers", "sisters", "siblings", "sons", "daughters", "familial history", "familial medical history", "family medical history",
		"relatives", "first-degree relative", "first degree relative", "relative of a patient", "in your family", "in the family", "in his family", "in her family", "family is positive", "family is significant", "mgm", "mgf", "pgm", "pgf", "family member", "family members", "twin", "stepfather", "stepmother", "aunts", "uncles", "cousins", "nieces", "nephews", "grandmothers", "grandfathers", "fam hx", "f/h",
		"familienanamnese", "fa:", "fa positiv", "fa bzgl", "fa bezüglich", "fa für", "mutter", "vater", "bruder", "schwester", "eltern", "großmutter", "großvater", "tante", "onkel", "sohn", "tochter", "familiär"}
	// negItem: negation cues that reach like hypoNear ("Lungs clear of any signs of heart
	// failure", but not the diabetes in "pertinent for shortness of breath, lack of energy,
	// diabetes", nor "Lack of follow-up for atrial fibrillation").
	// "as opposed to", "rather than", "instead of": the alternative not taken ("I would suggest
	// hemodiafiltration as opposed to conventional hemodialysis"); "excluding" what a normal
	// study ruled out ("A ventilation-perfusion scan was normal, excluding pulmonary embolism").
	negItem = []string{"clear of", "don't sound like", "doesn't sound like", "didn't sound like", "don't look like", "doesn't look like", "dont sound like", "doesnt sound like", "do not sound like", "does not sound like", "didnt sound like", "did not sound like", "dont look like", "doesnt look like", "do not look like", "does not look like", "nothing convincing for", "nothing to suggest", "cannot see", "can not see", "could not see", "do not see", "don't see", "did not see", "didn't see", "inconsistent with", "lack of", "lacks", "lacking", "as opposed to", "rather than", "instead of", "lacked", "excluding", "free from", "ruled out", "was ruled out for", "couldn't find", "could not find", "didn't find", "did not find", "cannot find", "can't find", "never been diagnosed with", "never diagnosed with", "never been told", "never was told about", "never told she had", "never told he had", "never told he has", "never told she has", "never told that he has", "never told that she has", "never told that she had", "never told that he had", "never been told she had", "never been told he had", "never been told that she had", "never been told that he had", "was never told about", "never been told about", "was never told of", "never was told of", "erroneously listed as", "erroneously documented as", "incorrectly listed as", "mistakenly listed as", "declined", "declines", "refused", "refuses", "lehnt"}
	// Words that end a cue's scope inside a sentence; also a SNOMED CT semantic tag, which
	// closes an item of a list that EHR exports print by fully specified names (Synthea:
	// "history of not in labor force (finding), myocardial infarction (disorder)", "risk
	// activity involvement (finding), ..., essential hypertension (disorder)").
	scopeBreak    = regexp.MustCompile(`\b(but|however|although|though|yet|except|aside from|apart from|which|who|presents|presented|presenting|reports|reported|complains|secondary to|due to|because|beyond|(comes|came|coming) in with|prior to\s+(the\s+|his\s+|her\s+|planned\s+|elective\s+)?(cardioversion|dccv|ablation|surgery|procedure|catheterization|cath|pci|cabg|tavr|operation|initiation|starting)\b|since\s+(the\s+)?(placement|insertion|implantation|deployment)\b|with only|nevertheless|aber|jedoch|sondern|allerdings|sowie)\b|;|,\s*so\b|,\s*still\s+in\b|\b(befund|findings?|results?|ergebnis)\s*:|\.,\s*\d{1,2}[.)]\s|\.,\s*[-•*]\s|\.,\s+\b`) // ".,2.  ", "., - HTN.", "yr., 1st degree AV block": a transcription's next numbered, bulleted or plain item ("no coronary artery disease, normal coronaries., - HTN., - Hyperlipidemia.", "on apixaban, no episodes x 1 yr., 1st degree AV block on ECG."; not after "etc.," "e.g.," or "i.e.,", which cueText takes out, and the next item's first word is its own: "., No history of DVT"); andBreakRe and inBreakRe hold the breaks after "and" and "in"
	semanticTagRe = regexp.MustCompile(`\((finding|disorder|situation|procedure|morphologic abnormality|regime/therapy|person|substance|observable entity|record artifact|event|organism|qualifier value)\)`)
	// tagListOpenerRe: what opens a list of names with semantic tags, the first item after it
	tagListOpenerRe = regexp.MustCompile(`(history of|presenting with|diagnos[ie]s:?|problems:?|problem list:?)\s*`)
)

// preWindow is how far before a mention a cue may stand: far enough for a negated list
// ("He denies chest pain, heart attack, ..., pulmonary embolism, or CVA."), bounded by
// the sentence and by scopeBreak.
const preWindow = 160

type mention struct {
	code string
	span findings.Span
}

// secondaryDiabetesRe: right after a diabetes of no stated type, in its item, the cause
// that makes it secondary ("DM, new-onset 2009 (pancreatogenic)", "Diabetes, pancreatogenic",
// "diabetes secondary to chronic pancreatitis", "Diabetes, new-onset 2016, likely
// pancreatogenic (type 3c)", set lx) or its type 1 ("Diabetes (type 1) since childhood"; not
// another item's word, "History of DM, HTN and pancreatic adenocarcinoma"): not type 2
// (ICD-10-CM E08/E09/E13, E10).
var secondaryDiabetesRe = regexp.MustCompile(`^\s*((,\s*[^.;,()]{0,25}){0,2}(,\s*|\(\s*)|[^.;,()]{0,20}\(\s*)?((likely|probably|presumed|possibly|thought to be)\s+)?(pancreatogenic|type\s*3c)\b|^\s*(,\s*)?([^.;,()]{0,20}\(\s*)?(post-?pancreatectomy|cystic fibrosis[- ]related|steroid[- ]induced|drug[- ]induced|(secondary|due) to (chronic )?pancreatitis)\b|^\s*(,\s*(` + diabetesAttr + `)){0,2}(,\s*|\(\s*)((likely|probably|presumed|possibly)\s+)?(type\s*(1|i)|juvenile(\s+onset)?|steroid[- ]induced|drug[- ]induced)\s*([,.;)]|$|\s+(onset|since|diagnosed|dm|diabetes)\b)`)

// diabetesAttr: an item of a diabetes's own list (its treatment, control or onset), which
// secondaryDiabetesRe reads past ("Diabetes mellitus, insulin-dependent, type 1").
const diabetesAttr = `insulin[- ]\w+|on insulin( pump)?|poorly controlled|uncontrolled|well[- ]controlled|controlled|new[- ]onset( \d{4})?|diagnosed [^,.;()]{0,20}|since [^,.;()]{0,20}|long-?standing|brittle`

// secondaryDiabetesAfter: secondaryDiabetesRe after the mention at s.
func secondaryDiabetesAfter(d *doc, s findings.Span) bool {
	return secondaryDiabetesRe.MatchString(strings.ToLower(string(d.runes[s.End:min(len(d.runes), s.End+80)])))
}

// candidates finds every concept mention: lexicon matches, the longest winning where they
// overlap ("congestive heart failure" over "heart failure"), blockers yielding nothing.
func candidates(d *doc) []mention {
	var ms []mention
	// In a child (stated age under 18) or a note that names type 1 diabetes, diabetes of no
	// stated type is not type 2. Asked only of a note that names untyped diabetes, as
	// chronicRenalRe only of one that names bare renal failure: both scan the whole note
	// (they were a third of the core step's time on real notes).
	childKnown, child := false, false
	for code, terms := range lexicon {
		for _, t := range terms {
			spans := d.findAll(t)
			if len(spans) == 0 {
				continue
			}
			c := code
			if code == "22298006" && (t == "MI" || t == "MIs") && d.german() {
				c = "48724000" // German "MI" is Mitralinsuffizienz ("Minimale MI, keine AS", "MI II° (ischämisch)")
			}
			if code == "44054006" && untypedDiabetes[t] {
				if !childKnown {
					child, childKnown = d.age() >= 0 && d.age() < 18 || type1Re.MatchString(d.lower), true
				}
				if child {
					c = "" // blocks, as a blocker does
				}
			}
			for _, s := range spans {
				if c == "44054006" && untypedDiabetes[t] && secondaryDiabetesAfter(d, s) {
					ms = append(ms, mention{"", s}) // "DM, new-onset 2009 (pancreatogenic)": a secondary diabetes, not type 2
					continue
				}
				if c == "53741008" && vesselBypass[t] && peripheralBypass(d, s) {
					ms = append(ms, mention{"", s}) // "a 4-vessel bypass of the leg arteries": no coronary bypass
					continue
				}
				ms = append(ms, mention{c, s})
			}
		}
	}
	if strings.Contains(d.lower, "infarct") {
		for _, m := range wallInfarctRe.FindAllStringSubmatchIndex(d.lower, -1) {
			if g := 2 * wallInfarctRe.SubexpIndex("gap"); strings.HasSuffix(d.lower[m[g]:m[g+1]], " not") || strings.HasSuffix(d.lower[m[g]:m[g+1]], "n't") {
				continue // "hypokinesis, not due to prior infarct"
			}
			k := 2 * wallInfarctRe.SubexpIndex("inf") // the infarct itself
			if infarctDifferentialRe.MatchString(d.lower[m[k+1]:]) || attenuationAfterRe.MatchString(d.lower[m[k+1]:]) && !attenuationExcludedRe.MatchString(clauseOf(lowerAfter(d, m[k+1], 100))) {
				continue // "consistent with prior infarct (versus attenuation artifact)"
			}
			ms = append(ms, mention{"22298006", findings.Span{Start: d.lowerRune[m[k]], End: d.lowerRune[m[k+1]]}})
		}
		for _, m := range brainInfarctRe.FindAllStringIndex(d.lower, -1) {
			if strings.HasPrefix(d.lower[m[0]:], "watershed") && (otherOrganAfterRe.MatchString(d.lower[m[1]:min(len(d.lower), m[1]+60)]) || otherOrganBeforeRe.MatchString(d.lower[max(0, m[0]-25):m[0]]) || organEarlierInSentence(d, m[0])) {
				continue // "Watershed infarct of the splenic flexure of the colon", "Thoracic spinal cord watershed infarct"
			}
			ms = append(ms, mention{"230690007", findings.Span{Start: d.lowerRune[m[0]], End: d.lowerRune[m[1]]}})
		}
	}
	if strings.Contains(d.lower, "hemorrhage") || strings.Contains(d.lower, "hematoma") || strings.Contains(d.lower, "bleed") {
		for _, m := range brainBleedRe.FindAllStringIndex(d.lower, -1) {
			from, to := max(0, m[0]-150), min(len(d.lower), m[1]+150)
			if k := strings.LastIndexAny(d.lower[from:m[0]], ".;"); k >= 0 {
				from += k + 1
			}
			to = m[1] + clauseStop(d.lower[m[1]:to])
			clause := d.lower[from:to] // the bleed's clause, up to a semicolon or a full stop
			if secondaryBleed(clause) {
				continue // "Traumatic thalamic hemorrhage after a fall", "within a known metastasis"
			}
			if strings.HasPrefix(d.lower[m[0]:], "hypertensive") && (!hypertensiveBleedRe.MatchString(clause) || otherOrganRe.MatchString(clause)) {
				continue // "Hypertensive hemorrhage of the retina", "from a duodenal ulcer"
			}
			ms = append(ms, mention{"230690007", findings.Span{Start: d.lowerRune[m[0]], End: d.lowerRune[m[1]]}})
		}
	}
	var renal []findings.Span
	for _, t := range bareRenalFailure {
		renal = append(renal, d.findAll(t)...)
	}
	if len(renal) > 0 {
		ckd := ""
		if chronicRenal(d) {
			ckd = "709044004"
		}
		for _, s := range renal {
			ms = append(ms, mention{ckd, s})
		}
	}
	// Dialysis the patient receives is chronic kidney disease (the conventions; a
	// transcribed "given hemodialysis" the night before surgery, Synthea's "renal dialysis
	// (procedure)" among a note's procedures), except in a note about acute kidney failure
	// (one that also says chronic names the disease in those words) or in a child; a
	// dialysis catheter is a blocker. Negated and hypothetical dialysis reads as any
	// mention does ("no indication for hemodialysis", "may need dialysis").
	var dialysis []findings.Span
	for _, t := range dialysisNames {
		dialysis = append(dialysis, d.findAll(t)...)
	}
	if len(dialysis) > 0 {
		ckd := "709044004"
		if acuteRenal(d.lower) || d.age() >= 0 && d.age() < 18 {
			ckd = ""
		}
		for _, s := range dialysis {
			c := ckd
			if !patientsDialysis(d, s) {
				c = "" // blocks, as a blocker does
			}
			ms = append(ms, mention{c, s})
		}
	}
	// A graded stenosis of a named coronary artery is coronary artery disease (the
	// conventions' coronary stenoses): "LAD has 20% to 30% stenosis at the origin", "90%
	// stenosis of the proximal RCA". Cheap pre-check: a percent, a narrowing and an artery's
	// name in the note (the regexps cost a tenth of the rules' time run on every note).
	if mayNameCoronaryStenosis(d.lower) {
		for g, re := range []*regexp.Regexp{coronaryStenosisBeforeRe, coronaryStenosisAfterRe} {
			for _, m := range re.FindAllStringSubmatchIndex(d.lower, -1) {
				bs, be := m[2+2*g], m[3+2*g] // the graded stenosis: group 1 before the artery, group 2 after it
				if zeroPercentRe.MatchString(d.lower[bs:be]) || notCoronaryRe.MatchString(d.lower[m[0]:m[1]]) {
					continue
				}
				ms = append(ms, mention{"53741008", findings.Span{Start: d.lowerRune[bs], End: d.lowerRune[be]}})
			}
		}
	}
	// A stent in a sentence about the heart's arteries or an infarction is a coronary stent,
	// so coronary artery disease (LABELLING.md): "hx of heart attack in 2011 with 2 stents",
	// "You had a stent placed in the right coronary artery", "stenting of the proximal LAD",
	// "NSTEMI 8/29 s/p PCI (DES x2, LCx and OM1)";
	// not a ureteral, biliary, carotid or peripheral one.
	if strings.Contains(d.lower, "stent") || strings.Contains(d.text, "DES") {
		for _, m := range stentRe.FindAllStringIndex(d.lower, -1) {
			if d.lower[m[0]] == 'd' && string(d.runes[d.lowerRune[m[0]]:d.lowerRune[m[1]]]) != "DES" {
				continue
			}
			sent := d.sentenceOf(d.lowerRune[m[0]])
			words := strings.ToLower(string(d.runes[sent.Start:max(sent.End, d.lowerRune[m[1]])]))
			if !coronaryContextRe.MatchString(words) || notCoronaryStentRe.MatchString(words) {
				continue
			}
			ms = append(ms, mention{"53741008", findings.Span{Start: d.lowerRune[m[0]], End: d.lowerRune[m[1]]}})
		}
	}
	for _, t := range blockers {
		for _, s := range d.findBlocker(t) {
			ms = append(ms, mention{"", s})
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].span.Start != ms[j].span.Start {
			return ms[i].span.Start < ms[j].span.Start
		}
		return ms[i].span.Len() > ms[j].span.Len()
	})
	var out []mention
	lastEnd := -1
	for _, m := range ms {
		if m.span.Start < lastEnd {
			continue
		}
		lastEnd = m.span.End
		if m.code != "" { // not a blocker
			out = append(out, m)
		}
	}
	return out
}

// conditions finds every concept mention and its assertion.
func conditions(d *doc) []findings.Condition {
	ms, as := readAll(d)
	out := make([]findings.Condition, 0, len(ms))
	for i, m := range ms {
		out = append(out, findings.Condition{Code: m.code, Assertion: as[i], Detail: detail(d, m.code, m.span), Evidence: []findings.Span{m.span}, Score: 1})
	}
	return out
}

// readAll reads every candidate mention that says something (read), then lets a note's
// explicit correction of a diagnosis overrule the places that only report it (refuteReports).
func readAll(d *doc) ([]mention, []findings.Assertion) {
	var ms []mention
	var as []findings.Assertion
	for _, m := range candidates(d) {
		a, ok := read(d, m)
		if !ok {
			continue
		}
		ms = append(ms, m)
		as = append(as, a)
	}
	refuteReports(d, ms, as)
	provisionalRevised(d, ms, as)
	return ms, as
}

// provisionalRevised: a concept asserted only under a provisional diagnosis heading
// ("ADMISSION DIAGNOSIS:, Acute anterior ST-elevation myocardial infarction.") that the
// final diagnoses negate ("FINAL DIAGNOSES:, ... Acute anterior myocardial infarction,
// excluded by coronary angiography.") was revised: it is negated too.
func provisionalRevised(d *doc, ms []mention, as []findings.Assertion) {
	for i, m := range ms {
		if as[i] != findings.Negated || !finalDiagnosisRe.MatchString(d.section[m.span.Start]) {
			continue
		}
		negateWhereAll(ms, as, m.code, func(o mention) bool { return provisionalDiagnosisRe.MatchString(d.section[o.span.Start]) })
	}
}

// negateWhereAll reads every asserted mention of code as negated when each of them is ok
// (a report, a provisional diagnosis), and none when one is not: a concept the note also
// states in its own words stays asserted.
func negateWhereAll(ms []mention, as []findings.Assertion, code string, ok func(mention) bool) {
	var these []int
	for i, m := range ms {
		if m.code != code || as[i] != findings.Asserted {
			continue
		}
		if !ok(m) {
			return
		}
		these = append(these, i)
	}
	for _, i := range these {
		as[i] = findings.Negated
	}
}

var (
	provisionalDiagnosisRe = regexp.MustCompile(`^(admission|admitting|admit|preoperative|pre-operative|provisional|working|initial|presumptive|referring|referral) (diagnosis|diagnoses|dx|impression)$`)
	finalDiagnosisRe       = regexp.MustCompile(`^(final|discharge|postoperative|post-operative) (diagnosis|diagnoses|dx)$|^diagnos[ie]s (at|on) discharge$`)
)

// refuteReports: where the note corrects a diagnosis ("Die vorbeschriebene KHK ließ sich
// nicht bestätigen", "Reported remote myocardial infarction, not substantiated by records",
// "Atrial fibrillation - erroneous diagnosis, removed from problem list", a second
// opinion's "I find no evidence that he had a myocardial infarction", a study's "no
// evidence of prior myocardial infarction on ventriculography", "Elevated BP without
// diagnosis of hypertension") and every
// sentence that asserts it only reports it from elsewhere ('The referring team lists
// "chronic kidney disease"', "bei in Ihren Unterlagen geführter koronarer Herzkrankheit",
// 'told he had a "mild heart attack"', 'told ... that he was "having a heart attack."',
// "the initial read of the rhythm was atrial fibrillation" then "On review ... the rhythm
// was multifocal atrial tachycardia rather than atrial fibrillation"; "was admitted with a
// diagnosis of", and an ADMITTING DIAGNOSIS heading's item), the concept is the
// corrected one: those reports are read as negated too. A concept the note also states in
// its own words stays asserted.
func refuteReports(d *doc, ms []mention, as []findings.Assertion) {
	var refutedCodes map[string]bool
	for i, m := range ms {
		if as[i] == findings.Asserted || as[i] == findings.Family {
			continue
		}
		if sent := d.lowerOf(d.sentenceOf(m.span.Start)); (as[i] == findings.Negated || strings.Contains(sent, "rather than")) && refutingRe.MatchString(sent) {
			if refutedCodes == nil {
				refutedCodes = map[string]bool{}
			}
			refutedCodes[m.code] = true
		}
	}
	reported := func(m mention) bool {
		return reportedRe.MatchString(d.lowerOf(d.sentenceOf(m.span.Start))) || provisionalDiagnosisRe.MatchString(d.section[m.span.Start])
	}
	for code := range refutedCodes {
		negateWhereAll(ms, as, code, reported)
	}
}

var (
	refutingRe = regexp.MustCompile(`not (been )?substantiated|\b(on|after|upon) review\b[^;]{0,220}\brather than\b|\bwithout (a |any )?(formal |established |prior )?diagnosis of\b|\bno (evidence|signs?) of (an? )?(prior|previous|old) (myocardial infarction|infarct|infarction|mi|heart attack)\b|\bno evidence (that|to suggest that) (he|she|the patient) (ever )?(had|has had|suffered)\b|could not be (confirmed|substantiated|verified)|not (been )?confirmed|nicht (zu )?bestätig|ließ sich nicht|entered in error|erroneous|\bin error\b|incorrect|misdiagnos|(should be|was|been) removed from (his|her|the) problem list|widerlegt|disproven|nicht nachvollziehbar|(have|has) removed (that|this|the) diagnosis|removed from (his|her|the) problem list|not supported by (the |his |her )?(records?|chart|work-?up|echo\w*|bnp|testing|imaging|cath\w*|studies)|\b(i|we) do not believe (that )?(he|she|the patient) (has|had|has ever had|ever had)\b|\bin (my|our) opinion\b[^.;]{0,80}\b(and )?not an? `)
	reportedRe = regexp.MustCompile(`\b(was told|been told|told (him|her|them)?|lists|listed|added to (his |her |the )?problem list|read by (the )?(computer|machine)|per (the )?(outside|referring|old) (records?|notes?|hospital)|outside records|reportedly|vorbeschrieben\w*|in (ihren|den|seinen) unterlagen|geführt\w*|fremdbefund\w*|activated as|initially (presenting|presented|thought|diagnosed|treated) as|initial (read|reading|interpretation)( of [^.;]{0,30})? (was|is)|admitted with (a|the) (working |presumptive )?diagnosis of|(was|were) read as|labell?ed (with|as)|carried a diagnosis|tells me|told me|(he|she) (reports|states|says) (that )?(he|she) had)\b|["“]`)
)

// read is how the mention m is meant, and whether it says anything at all: a diabetic
// complication that is not asserted says nothing against the diabetes ("no diabetic
// retinopathy").
func read(d *doc, m mention) (findings.Assertion, bool) {
	a := assertion(d, m.span)
	return a, a == findings.Asserted || !diabeticComplication[d.lowerOf(m.span)]
}

// diabeticComplication: terms that name diabetes through one of its complications; they
// assert the diabetes, and their negation or doubt is the complication's, not the
// diabetes', so only the asserted ones are read.
var diabeticComplication = map[string]bool{"diabetic retinopathy": true, "diabetic nephropathy": true, "diabetic neuropathy": true, "diabetic gastroparesis": true, "diabetic foot ulcer": true}

// Mention is a candidate concept mention with what an assertion model reads around it.
type Mention struct {
	Code    string
	Span    findings.Span
	Rule    findings.Assertion // what the rules' cues and sections say
	Detail  string             // what the note adds that refines the code (findings.Condition.Detail)
	Section string             // lower-cased header of its section ("" if none)
	Left    []string           // lower-cased words of its sentence before it, nearest last
	Words   []string           // its own words, lower-cased
	Right   []string           // lower-cased words of its sentence after it, nearest first
	// The raw text (case and punctuation kept) of its sentence before it, its own, and
	// of its sentence after it: what a model that reads text, not words, is given.
	Before, Text, After string
}

// Mentions lists the note's candidate concept mentions with their context.
func (n Note) Mentions() []Mention {
	d := n.d
	ms, as := readAll(d)
	out := make([]Mention, 0, len(ms))
	for i, m := range ms {
		sent := d.sentenceOf(m.span.Start)
		rule := as[i]
		out = append(out, Mention{
			Code: m.code, Span: m.span, Rule: rule, Detail: detail(d, m.code, m.span), Section: d.section[m.span.Start],
			Left:   lowerWords(d.runes[min(sent.Start, m.span.Start):m.span.Start]),
			Words:  lowerWords(d.runes[m.span.Start:m.span.End]),
			Right:  lowerWords(d.runes[m.span.End:max(sent.End, m.span.End)]),
			Before: string(d.runes[min(sent.Start, m.span.Start):m.span.Start]),
			Text:   string(d.runes[m.span.Start:m.span.End]),
			After:  string(d.runes[m.span.End:max(sent.End, m.span.End)]),
		})
	}
	return out
}

// LowerWords splits text into lower-cased words, as Mention's word lists are.
func LowerWords(text string) []string { return lowerWords([]rune(text)) }

// lowerWords splits runes into lower-cased words (letters and digits; "?" kept as a word).
func lowerWords(r []rune) []string {
	var out []string
	start := -1
	for i := 0; i <= len(r); i++ {
		if i < len(r) && isWordRune(r[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, strings.ToLower(string(r[start:i])))
			start = -1
		}
		if i < len(r) && r[i] == '?' {
			out = append(out, "?")
		}
	}
	return out
}

// refutedBeforeRe and refutedAfterRe: a diagnosis first made and then disproved in the
// same sentence ("Initially thought to be a STEMI, but cath showed normal coronaries",
// "Earlier strips read by the night team as 'complete heart block' actually show atrial
// fibrillation", "The initial rhythm strip was read by the ER physician as atrial flutter
// with variable block, but review by cardiology confirmed coarse atrial fibrillation",
// "Presumed to have heart failure, but echo was normal"); not one that stood ("Initially
// treated for CHF but did not improve", "first diagnosed with AF in 2010, but ...").
var (
	refutedBeforeRe = regexp.MustCompile(`\b(initially|originally|at first|first|previously|earlier)\s+(\w+\s+)?(thought|felt|believed|suspected|presumed|diagnosed|read|called|labell?ed|treated|worked up)\b[^.;:]{0,30}$|\b(thought|felt|believed|suspected|presumed)\s+(initially|originally|at first)\s+to\s+(be|have)\s+(an?\s+)?$|\b(presumed|thought|suspected|believed)\s+to\s+(be|have)\s+(an?\s+)?$|\bcarr(y|ies|ied) a (diagnosis|label) of\s+$|` +
		`\btold\b[^.;]{0,60}?\b(that\s+)?(he|she|they)\s+(had|has|had had|has had|may have|might have)\s+["']?(an?\s+)?["']?$|\bread\s+(by\s+(the\s+)?[a-z][a-z/ -]{0,30}?\s+)?as\s+(an?\s+)?$`)
	refutedAfterRe = regexp.MustCompile(`^\W{0,3}\s*(actually|in fact|in reality)\s+(shows?|showed|is|was|were|are|represents?|represented|demonstrates?|demonstrated|reveals?|revealed)\b|^[^.;]{0,80}?\bbut\s+(a\s+|the\s+)?((further|closer|careful|second|formal|cardiology|expert|my|our)\s+)?(review|re-?review|over-?read|re-?read|reinterpretation)\b[^.;]{0,40}?\b(confirmed|showed|revealed|demonstrated)\s+(an?\s+|the\s+)?((coarse|fine|true|only|underlying)\s+)?(atrial|sinus|ventricular|junctional|complete|first|second|third|normal|no)\b|^[^.;]{0,80}?\b(but|however|though|although)\b[^.;]{0,80}?(\b(normal|negative|unremarkable|ruled out|excluded|no evidence|not confirmed|not consistent|inconsistent|actually|instead|rather|turned out|proved to be|only showed|showed only|did not show|didn't show|no significant|no (echo|echocardiogram|documentation|records?|confirmation|workup|work-up)|never (confirmed|documented))\b|\b(showed|shows|revealed|reveals|demonstrated|demonstrates)\s+(only\s+)?(no|normal|sinus)\b|\b(showed|shows|revealed|reveals|demonstrated|demonstrates|was|is)\b[^.;]{0,100},\s*not\s+(an?\s+)?[a-z])`)
	refuteWords    = []string{"carries", "carried", "carry", "initially", "originally", "first", "previously", "earlier", "presumed", "thought", "suspected", "believed", "told", "read"}
	// refutedLaterRe: the sentence goes on to disprove the mention, whatever stood before
	// it ("Previously diagnosed with heart failure, this was later felt to be incorrect",
	// "Afib was looked for after the last stroke with a 30-day monitor and not found",
	// "CHF, which was later disproven by a normal echocardiogram", "Telemetry alarm for AF
	// was artifact", "reported by the patient, but not confirmed on any ECG", '"HTN" listed
	// on outside records but pt states he has never been told that', "he has had one stent
	// put in, but he is not sure"); not "on the
	// wrong dose" nor "AF on ECG, not confirmed by cardiology read". At most one comma
	// between, and what follows it refers back: not the earlier items of a list whose last
	// is disproved ("CAD, CHF which was later found to be incorrect").
	refutedLaterRe = regexp.MustCompile(`^[^.;,]{0,60}?(,\s*(this|it|which|that|however|though|although|the diagnosis|a diagnosis|later|subsequently)\b[^.;,]{0,60}?|,\s*)?(\b(was|were|is|been|being)\s+((later|subsequently|ultimately|eventually)\s+)?((felt|found|thought|deemed|determined|shown|proven|proved)\s+(to\s+be\s+)?)?(incorrect|erroneous|wrong|a misdiagnosis|misdiagnosed|unfounded|spurious|artifact|artefact|disproven|disproved|refuted)\b|` +
		`\b(later|subsequently|ultimately)\s+(disproven|disproved|refuted)\b|\b(but|which|that)\s+((this|it)\s+)?((was|has|had|is)\s+)?(never|not)\s+(been\s+)?(confirmed|substantiated|corroborated)\b|` +
		`\b(listed|documented|noted|charted|recorded)\b[^.;]{0,40}\bbut\s+(the\s+)?(pt|patient|he|she)\s+(states|says|reports|denies|has never|never)\b|` +
		`\bbut\s+(the\s+)?(pt|patient|he|she|they)\s+(is|was|are|were)\s+(not sure|unsure|uncertain)\s*([.;,]|$)|` +
		`^\s*(was|were|has been|have been|had been)\s+(looked for|sought|searched for|screened for)\b[^.;]{0,80}?\b(and|but)\s+(was\s+|were\s+)?(not found|never found|none found|not seen|not detected|not identified)\b|` +
		`^(\s+(and|or)\s+[^.;,]{1,40}?)?\s*,\s*(not|never)\s+(substantiated|confirmed|corroborated|documented|supported)\s+(by|on|in)\b)`)
	// onReviewRe: after a first reading (refutedBeforeRe), a review later in the sentence
	// that settled it otherwise ("initially read by the monitor tech as atrial flutter;
	// irregularly irregular without flutter waves on review", "initially read as atrial
	// flutter, on over-read sinus tachycardia"; not a review that confirmed it).
	onReviewRe = regexp.MustCompile(`^[^.]{0,120}?\b(on|after|with|at)\s+` + reviewPhrase + `|^[^.]{0,120}?\bover-?read\s+(as|by)\b`)
	// removedFromRe: after a "removed" before the mention, where it was removed from.
	removedFromRe = regexp.MustCompile(`^\s*from\s+(his|her|the|their)\s+(problem list|active problems|diagnoses|diagnosis list)\b`)
	// doubtedDiagnosisRe: the writer doubts the diagnosis later in the sentence ('was told
	// ... that she had "a touch of heart failure"; those records show a normal
	// echocardiogram ..., and I doubt that diagnosis').
	doubtedDiagnosisRe = regexp.MustCompile(`\b(i|we)\s+(doubt|question|do not believe|don't believe|am not convinced of|are not convinced of)\s+(that|this|the|this)\s+diagnosis\b`)
	refuteLaterWords   = []string{"but", "diagnosis", "not found", "never found", "none found", "not seen", "not detected", "not identified", "sure", "supported", "uncertain", "documented", "incorrect", "erroneous", "wrong", "misdiagnos", "unfounded", "spurious", "artifact", "artefact", "disprov", "refuted", "confirmed", "substantiated", "corroborated"}
)

// thoughtBeforeRe: the first reading was a belief, not a diagnosis made; noSinceRe: a later
// "no X" that tells a course, not a refutation ("has had no atrial fibrillation since her
// ablation", "no heart failure symptoms", "no atrial fibrillation on today's ECG").
var (
	thoughtBeforeRe = regexp.MustCompile(`\b(thought|felt|believed|suspected|presumed)\b`)
	noSinceRe       = regexp.MustCompile(`^\s*(since|symptoms|on|anymore|for|recurrence|episodes)\b|^\s*in\s+(\d+|two|three|several|many|the (past|last))\s+(years?|months?)\b`)
)

// refuted: the mention's sentence first makes and then disproves it (refutedBeforeRe,
// refutedAfterRe), or disproves it later on (refutedLaterRe); what follows a "but" is
// past the clause clauseAfter gives.
func refuted(d *doc, sent, s findings.Span, before string) bool {
	// the rest of the sentence, lower-cased once when a check needs all of it
	var whole string
	sentenceRest := func() string {
		if whole == "" {
			whole = strings.ToLower(string(d.runes[s.End:max(sent.End, s.End)]))
		}
		return whole
	}
	if strings.HasSuffix(strings.TrimRight(before, " "), " removed") && removedFromRe.MatchString(string(d.runes[s.End:min(max(sent.End, s.End), s.End+40)])) {
		return true // "I have removed myocardial infarction from his problem list"
	}
	rest := ""
	if hasAny(before, refuteWords) && refutedBeforeRe.MatchString(before) {
		rest = sentenceRest()
		if refutedAfterRe.MatchString(rest) || onReviewRe.MatchString(rest) && !strings.Contains(rest, "confirm") {
			return true
		}
		if reviewedNext(d, sent, s) {
			return true
		}
		if i := strings.IndexByte(rest, '.'); i > 0 && thoughtBeforeRe.MatchString(before) {
			if j := strings.Index(rest[:i], "no "+d.lowerOf(s)); j >= 0 && !noSinceRe.MatchString(rest[j+3+len(d.lowerOf(s)):i]) {
				return true // "She was thought initially to have a pulmonary embolism; CT angiogram showed no pulmonary embolism" (set le)
			}
		}
		if m := butReviewedRe.FindStringSubmatch(rest); m != nil && otherRhythm(d.lowerOf(s), m[len(m)-1]) {
			return true // "The nursing staff initially called this atrial flutter, but I have reviewed the telemetry strips and 12-lead EKG, which show coarse atrial fibrillation"
		}
	}
	if rest == "" {
		rest = strings.ToLower(string(d.runes[s.End:min(max(sent.End, s.End), s.End+160)]))
	}
	if revisedAfterRe.MatchString(rest) && revisedBeforeRe.MatchString(before) {
		return true // "The initial diagnosis of acute myocardial infarction was therefore revised."
	}
	if loc := revisedToAfterRe.FindStringIndex(rest); loc != nil && revisedToBeforeRe.MatchString(before) && !revisedGradeRe.MatchString(rest[loc[1]:]) {
		return true // "Initially the diagnosis was anterior STEMI, revised to Takotsubo cardiomyopathy"
	}
	if !hasAny(rest, refuteLaterWords) {
		return false
	}
	if refutedLaterRe.MatchString(rest) {
		return true
	}
	return strings.Contains(rest, "diagnosis") && (doubtedDiagnosisRe.MatchString(sentenceRest()) || notCarriedRe.MatchString(sentenceRest()))
}

// notCarriedRe: the writer will not carry the diagnosis the sentence reports ("Hx of
// hypertension is listed in OSH records but ... BP was always normal - will not carry this
// diagnosis").
var notCarriedRe = regexp.MustCompile(`\b(will|do|does|did|would|shall)\s+not\s+carry\s+(this|that|the|a)\s+(diagnosis|dx|label)\b`)

// nextReviewRe: the next sentence opens with a review that read the rhythm ("Initial ECG
// showed a narrow complex tachycardia, initially read in the ER as atrial flutter. On
// review by cardiology the rhythm was irregularly irregular with coarse fibrillatory
// waves, consistent with atrial fibrillation"); its last group is the rhythm it read.
var nextReviewRe = regexp.MustCompile(`^\W*(?:on|after|with|at|upon)\s+` + reviewPhrase + `[^.;]{0,160}?\b(` + rhythmNames + `|supraventricular tachycardia)\b`)

// reviewedNext: after a first reading (refutedBeforeRe), the next sentence's review
// (nextReviewRe) read another rhythm than the mention, and confirmed nothing.
func reviewedNext(d *doc, sent, s findings.Span) bool {
	if sent.End >= len(d.runes) {
		return false
	}
	next := strings.ToLower(string(d.runes[sent.End:min(len(d.runes), sent.End+240)]))
	m := nextReviewRe.FindStringSubmatch(next)
	if m == nil || strings.Contains(m[0], "confirm") {
		return false
	}
	return otherRhythm(d.lowerOf(s), m[len(m)-1]) // the last group: reviewPhrase holds groups of its own
}

// otherRhythm: a review read another rhythm than the mention's (not flutter for flutter,
// fibrillation for fibrillation).
func otherRhythm(mention, rhythm string) bool {
	flutter := func(t string) bool { return strings.Contains(t, "flutter") || t == "afl" }
	fib := func(t string) bool { return strings.Contains(t, "fib") || t == "af" }
	return !(flutter(mention) && flutter(rhythm) || fib(mention) && fib(rhythm))
}

// butReviewedRe: after a first reading, the writer's own review names the rhythm ("but I
// have reviewed the telemetry strips and 12-lead EKG, which show coarse atrial
// fibrillation"); its last group is the rhythm, which otherRhythm compares.
var butReviewedRe = regexp.MustCompile(`\bbut\s+(i|we)\s+(have\s+)?(personally\s+)?(reviewed|re-?read|over-?read|re-?reviewed|looked at)\b[^.;]{0,80}?\b(show|shows|showed|reveal|reveals|revealed|demonstrate|demonstrates|demonstrated)\s+(an?\s+|the\s+)?((coarse|fine|true|only|underlying|normal)\s+)?(` + rhythmNames + `)\b`)

// revisedBeforeRe and revisedAfterRe: a diagnosis of the mention, then that it was revised
// or withdrawn ("The initial diagnosis of acute myocardial infarction was therefore
// revised"); not a treatment revised ("Her diabetes regimen was revised").
var (
	revisedBeforeRe = regexp.MustCompile(`\b(diagnosis|impression|label)\s+of\s+(an?\s+|the\s+)?([a-z-]+\s+){0,3}$`)
	revisedAfterRe  = regexp.MustCompile(`^\s*(was|were|has been|had been)\s+` + revisionAdverb + `(revised|withdrawn|abandoned|discarded|retracted|removed)\b`)
	// revisedToBeforeRe and revisedToAfterRe: a first diagnosis, then what it was revised
	// to ("Initially the diagnosis was anterior STEMI, revised to Takotsubo cardiomyopathy");
	// not the diagnosis it was revised to ("... was revised to Takotsubo cardiomyopathy").
	revisedToBeforeRe = regexp.MustCompile(`\b(initial|initially|admitting|admission|original|originally|working|presumptive|provisional|first)\b[^.;]{0,30}?\b(diagnosis|impression|dx)\s+(was|of)\s+(an?\s+|the\s+)?([a-z-]+\s+){0,3}$`)
	// revisedGradeRe: what it was revised to is only its grade, stage or type ("Initial
	// diagnosis was moderate aortic stenosis, revised to severe"): the condition stays.
	revisedGradeRe   = regexp.MustCompile(`^\s*(a\s+|an\s+)?(more\s+|less\s+)?(mild|moderate|severe|critical|significant|stage|class|nyha|grade|persistent|permanent|paroxysmal|longstanding|long-standing|chronic|acute|subacute|type|high-grade|low-grade|complete|first-degree|second-degree|third-degree|mobitz)\b`)
	revisedToAfterRe = regexp.MustCompile(`^\s*,?\s*((and|but)\s+)?((was|has been|had been|it was)\s+)?` + revisionAdverb + `(revised|changed|corrected|amended)\s+to\b`)
)

// rhythmNames: the rhythms a review names (nextReviewRe, butReviewedRe), for otherRhythm.
const rhythmNames = `atrial fibrillation|afib|a-fib|atrial flutter|flutter|sinus (?:rhythm|tachycardia|bradycardia)|junctional|multifocal atrial tachycardia|svt`

// revisionAdverb: how a revision is told ("was therefore revised", "later changed to").
const revisionAdverb = `((therefore|thus|then|later|subsequently|ultimately|eventually|accordingly)\s+)?`

// reviewPhrase: a review that reads a strip again ("review", "cardiology review",
// "over-read"), in onReviewRe and nextReviewRe.
const reviewPhrase = `((further|closer|careful|second|formal|cardiology|expert|my|our)\s+)?(review|re-?review|inspection|over-?read|re-?read|reinterpretation)\b`

// answeredYesRe: a question about the mention answered yes right after its question mark
// ("Have you ever been told you have high blood pressure? Yes", "Diabetes? [x] Yes");
// not a blank form's choices ("Diabetes? Yes / No", "? Yes [ ] No [ ]", "Yes (  ) No (  )");
// a remark in parentheses after the answer is not a choice ("Hx of atrial fibrillation? Y
// (on warfarin)").
var (
	answeredYesRe = regexp.MustCompile(`^\s*\?(\s*(\.{2,}|_{2,}|…+))?\s*[:-]?\s*(\[\s*[x✓]\s*\]\s*)?(yes|y)\b`)
	choicesNextRe = regexp.MustCompile(`^\s*(/|or\b|no\b|n\b|\[|\(\s*[x✓]?\s*\))`)
)

// answeredYes: answeredYesRe right after the mention, no other choice after the yes.
func answeredYes(d *doc, s findings.Span) bool {
	if s.End >= len(d.runes) || !strings.HasPrefix(strings.TrimLeft(string(d.runes[s.End:min(len(d.runes), s.End+4)]), " "), "?") {
		return false
	}
	rest := strings.ToLower(string(d.runes[s.End:min(len(d.runes), s.End+40)]))
	loc := answeredYesRe.FindStringIndex(rest)
	return loc != nil && !choicesNextRe.MatchString(rest[loc[1]:])
}

// itemOpensRe and gradedMentionRe: a mention that names its own grade ("leichte MI", "MI
// I°", German lexicon terms) opening a new item of a list: as gradedItemRe, a negation of an
// earlier item does not reach it ("keine paravalvuläre Leckage, LVEF 55 %, leichte MI").
var (
	itemOpensRe     = regexp.MustCompile(`[,;]\s*$`)
	gradedMentionRe = regexp.MustCompile(`^(trace|trivial|minimal|mild|moderate|severe|leichte[rsnm]?|leichtgradige[rsnm]?|geringe[rsnm]?|geringgradige[rsnm]?|mittelgradige[rsnm]?|hochgradige[rsnm]?|schwere[rsnm]?|minimale[rsnm]?)\b|°$`)
)

// afterAbbreviation is whole with the sentence before it in front when that one ends on an
// abbreviation that ends no sentence but is read as one ("Aufklärung über Risiken inkl."
// / "Blutung, ..., Herzinfarkt"; the smoking model's sentences are split there too, so
// the split stays).
func afterAbbreviation(d *doc, sent findings.Span, whole string) string {
	if sent.Start < 6 {
		return whole
	}
	prev := d.sentenceOf(sent.Start - 2)
	p := strings.ToLower(string(d.runes[prev.Start:min(prev.End, sent.Start)]))
	if t := strings.TrimSpace(p); strings.HasSuffix(t, " inkl.") || strings.HasSuffix(t, " incl.") || strings.HasSuffix(t, "(lt.") || strings.HasSuffix(t, " lt.") {
		return t + " " + whole
	}
	return whole
}

// asideRe: a parenthetical aside closed before the mention; a negation inside it is the
// aside's ("CAD s/p PCI/DES to LAD 2019 (no angina since), HTN, HLD, DM2").
var asideRe = regexp.MustCompile(`\([^()]*\)`)

// uncheckedRe: an empty checkbox right before the mention, one name of a box's item
// ("[ ] Diabetes", "[ ] CAD/MI", "☐ Stroke"): a form's item not ticked.
// checkedAfterRe: a box ticked right after the mention ("Diabetes [ ] history of stroke
// [X]"): where the line opens with an item, the box before it is the previous item's;
// boxFirstRe: the line opens with a box, after a label or a number if any, so each box
// stands before its item ("[x] Hypertension  [ ] Diabetes  [x] Atrial fibrillation", "PMH:
// [ ] HTN [x] DM [ ] CAD", "1. [ ] Diabetes [x] Hypertension"); uncheckedAfterRe: where
// the line opens with an item, an empty box right after the mention is its own ("Hypertension
// [x]  Diabetes [ ]  Atrial fibrillation [x]").
var (
	checkedAfterRe   = regexp.MustCompile(boxQualifier + `(\[\s*[x✓]\s*\]|☒)`)
	uncheckedAfterRe = regexp.MustCompile(boxQualifier + `(\[\s*\]|☐|□)`)
	boxFirstRe       = regexp.MustCompile(`^\W*([\w /&'()-]{1,40}:[\s,]*|\d{1,2}[.)]\s*)?(\[\s*[x✓]?\s*\]|☐|☒|□)`)
)

// boxQualifier: what may stand between an item and its box ("Diabetes (type 2) [ ]",
// "Diabetes on insulin [x]", "Chronic kidney disease stage 3 [ ]").
const boxQualifier = `^\s*(\([^()]{0,30}\)\s*|(stage\s+\w+|type\s+\w+|on\s+\w+)\s*)?`

// boxesAfterItems: the mention's line puts each box after its item.
func boxesAfterItems(c *mentionSetting) bool {
	return !boxFirstRe.MatchString(c.whole)
}

// boxOptionRe: a box before one of an item's options ("[ ] No", "[x] paroxysmal").
var boxOptionRe = regexp.MustCompile(`^\s*(\[\s*([x✓]?)\s*\]|(☐|□)|(☒))\s*(no|yes|n|y|controlled|uncontrolled|paroxysmal|persistent|permanent|stable|unstable|diet|insulin|oral|orals|pills|hfref|hfpef|mild|moderate|severe|current|past|present|absent|new|old|acute|chronic)\b`)

// boxOptions reads the options after the mention, each a box before its word ("Hypertension
// [ ] No [x] Yes", "Atrial fibrillation [ ] paroxysmal [x] persistent"): ok when there are two
// or more; no when none is ticked or the ticked one says no ("Diabetes [ ] No [ ] Yes",
// "Hypertension [x] No [ ] Yes").
func boxOptions(after string) (ok, no bool) {
	n, ticked := 0, ""
	for rest := after; ; n++ {
		m := boxOptionRe.FindStringSubmatchIndex(rest)
		if m == nil {
			break
		}
		if ticked == "" && (m[5] > m[4] || m[8] >= 0) {
			ticked = rest[m[10]:m[11]]
		}
		rest = rest[m[1]:]
	}
	if n < 2 {
		return false, false
	}
	return true, ticked == "" || ticked == "no" || ticked == "n" || ticked == "absent"
}

var uncheckedRe = regexp.MustCompile(`(\[\s*\]|☐|□)\s*((prior|previous|history of|hx of|h/o|known|old)\s+)?([\w-]+\s*/\s*)?$`)

// ownItem is the text after a mention up to a comma that opens another concept's item of
// a list: a post-cue after that is the other item's ("Dilatative Kardiomyopathie (ED
// 2019), KHK ausgeschlossen", "Diabetes mellitus Typ 2, eine KHK wurde ausgeschlossen"), or
// an item that opens with its own cue ("negative bubble study"); not "Chest pain w/o MI,
// troponins negative x3".
func ownItem(after string) string {
	for from := 0; ; {
		k := strings.IndexByte(after[from:], '(')
		if k < 0 {
			break
		}
		k += from
		if strings.TrimSpace(after[:k]) != "" && startsWithConcept(withoutArticle(strings.TrimSpace(after[k+1:]))) {
			after = after[:k] // "Dilatative Kardiomyopathie (ED 04/2023), nicht-ischämisch (KHK 2023 ausgeschlossen)": another concept's parenthesis
			break
		}
		from = k + 1
	}
	if loc := andOwnCueItemRe.FindStringIndex(after); loc != nil {
		after = after[:loc[0]] // "mild mitral regurgitation, no intracardiac thrombus seen and a negative bubble study"
	}
	for from := 0; ; {
		k := strings.IndexByte(after[from:], ',')
		if k < 0 {
			return after
		}
		k += from
		next := withoutArticle(strings.TrimSpace(after[k+1:]))
		if startsWithConcept(next) || ownCueItemRe.MatchString(next) {
			return after[:k]
		}
		from = k + 1
	}
}

// ownFindingCut: the text up to a comma item with a subject and a cue of its own, where the
// mention is a finding of its own: graded, measured or qualified ("Moderate mitral
// regurgitation, vegetation, thrombus not seen", "Atrial fibrillation (rate 110), ...",
// "first-degree AV block (PR 232 ms), old anterior Q waves, left bundle branch block pattern
// not present", set ls), or bare and first of two ("Dilated cardiomyopathy, LV thrombus not
// seen", "Atrial fibrillation, P waves absent"). A bare list the last item's cue negates
// stays negated: the mention first of three or more bare items ("Atrial fibrillation,
// ventricular tachycardia, significant pauses not seen") or within it (midList:
// "Vegetation, mitral regurgitation, thrombus not seen").
func ownFindingCut(after string, qualified, midList bool) string {
	first := -1 // the first comma after the mention
	for from := 0; ; {
		k := strings.IndexByte(after[from:], ',')
		if k < 0 {
			return after
		}
		k += from
		if first < 0 {
			first = k
		}
		if m := ownFindingItemRe.FindString(withoutArticle(strings.TrimSpace(after[k+1:]))); m != "" && !orAndRe.MatchString(m) {
			if qualified || !midList && (k == first || !bareItems(after[first+1:k])) {
				return after[:k]
			}
			return after
		}
		from = k + 1
	}
}

// bareItems: the items between are bare names ("ventricular tachycardia", "vegetation", "ST
// changes", "sustained ventricular tachycardia"), not findings with a value, a state or a
// qualifier ("ventricular rate 112", "P waves dissociated", "with 2:1 block").
func bareItems(items string) bool {
	for _, it := range strings.Split(items, ",") {
		f := strings.Fields(it)
		if len(f) == 0 || len(f) > 6 || strings.ContainsAny(it, "0123456789:()") || stateWordRe.MatchString(it) {
			return false
		}
	}
	return true
}

// stateWordRe: a word that gives an item a state or a value.
var stateWordRe = regexp.MustCompile(`\b(with|dissociated|noted|present|seen|elevated|depressed|prolonged|widened|inverted|dilated|reduced|increased|decreased|enlarged|normal|abnormal)\b`)

// positiveItemBefore: the list item before the mention is a concept's name or a rhythm
// ("Aortic stenosis, mitral regurgitation, vegetations absent", "sinus rhythm, atrial
// fibrillation, pauses not seen"): a list of findings found, then a separate negative; not
// "Vegetation, mitral regurgitation, thrombus not seen".
func positiveItemBefore(before string) bool {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(before), ","))
	if k := strings.LastIndexAny(t, ",;:"); k >= 0 {
		t = t[k+1:]
	}
	t = strings.TrimSpace(t)
	return t == "" || startsWithConcept(withoutArticle(qualifiedWordsRe.ReplaceAllString(t, ""))) || strings.Contains(t, "rhythm")
}

// qualifiedWordsRe: a grade or a course that opens a list item ("Severe aortic stenosis").
var qualifiedWordsRe = regexp.MustCompile(`^((first|second|third)[- ]degree|trace|trivial|mild|moderate|severe|acute|chronic|paroxysmal|persistent|permanent|complete)\s+`)

// qualifiedBeforeRe: a grade or a course right before the mention ("first-degree",
// "moderate", "Acute bilateral pulmonary embolism, submassive features absent", set au);
// bareListBeforeRe: the mention after a bare item of a list ("Vegetation, ").
var (
	qualifiedBeforeRe = regexp.MustCompile(`\b((first|second|third|1st|2nd|3rd)[- ]degree|trace|trivial|mild|moderate|severe|moderate-to-severe|mild-to-moderate|acute|subacute|chronic|bilateral|saddle|massive|submassive|segmental|subsegmental|persistent|paroxysmal|permanent|complete|high-grade|high grade)\s+$`)
	bareListBeforeRe  = regexp.MustCompile(`^\s*,\s*$|(^|[:;])\s*([a-z][a-z-]*\s+){0,4}[a-z][a-z-]*\s*,\s*$|[a-z-]+\s*,\s*([a-z][a-z-]*\s+){0,4}[a-z][a-z-]*\s*,\s*$`)
)

// withoutBeforeRe: "w/o" right before the mention, at most its modifiers between ("30-day
// event monitor w/o AFib or flutter", "cath 2011 w/o obstructive CAD"); not a "w/o" that
// negates something else first ("w/o P waves c/w AF", "w/o ECG changes in pt w/ ESRD").
var withoutBeforeRe = regexp.MustCompile(`\bw/o(ut)?\s+((obstructive|significant|any|further|recurrent|known|active|acute|critical|flow-limiting|hemodynamically|evidence of|signs of)\s+){0,3}$`)

// ownCueItemRe: an item that opens with its own post-cue word as an adjective ("..., mild
// mitral regurgitation, no LV thrombus, negative bubble study"), or a family history that
// its post-cue answers ("Risk factors: hypertension, diabetes mellitus on glyburide, current
// smoker, family history negative"), or an echo's contrast study ("mild mitral
// regurgitation, no LV thrombus, agitated saline negative"), or a finding of its own that
// a finding's cue follows ("first-degree AV block (PR 232 ms), old anterior Q waves, left
// bundle branch block pattern not present", set ls): that cue is the item's. Not any
// item opening with "no": "Myocardial infarction, no troponin elevation on serial testing,
// was ruled out"; nor a test's result ("troponins negative x3").
var orAndRe = regexp.MustCompile(`\b(or|and|nor)\b`)

var (
	ownCueItemRe = regexp.MustCompile(`^(negative|absent)\s+[a-z]|^(family (history|hx)|fhx?)\b|^(agitated saline|saline contrast|saline|bubble study|bubble)\b`)
	// ownFindingItemRe: a finding of its own that its cue follows, no "or" or "and" joining
	// it to the items before ("atrial fibrillation, pauses or heart block not seen" negates
	// the list); see ownFindingCut
	ownFindingItemRe = regexp.MustCompile(`^([a-z0-9-]+\s+){1,5}(not present|absent|not seen)\b`)
	andOwnCueItemRe  = regexp.MustCompile(`\s(and|with)\s+(an?\s+)?(negative|absent)\s+[a-z]`)
)

// withoutArticle: item without the article it opens with ("eine KHK wurde ausgeschlossen").
func withoutArticle(item string) string {
	if k := strings.IndexByte(item, ' '); k > 0 && article[item[:k]] || k > 0 && (item[:k] == "der" || item[:k] == "die" || item[:k] == "das") {
		return strings.TrimSpace(item[k+1:])
	}
	return item
}

// answeredNo: the mention's row or question is answered no: a "Yes No" table's second box
// ticked ("Heart attack        [ ]   [X]"), a question on its line answered no ("Stroke
// symptoms (face drooping, ...)?\tNo"; not a later line's question, "Hypertension.,Heart
// failure? - no": no question crosses a transcribed line break ".," nor a sentence's end,
// "Hypertension. Hyperlipidemia. ESRD? - no", set mo; "Diabetes (e.g. type 1 or type 2)? No"
// is one), a burden of 0% ("AF burden 0%"), or an entry
// called wrong ("Atrial fibrillation - erroneous diagnosis, removed from problem list").
func answeredNo(d *doc, s findings.Span) bool {
	end := s.End
	for end < len(d.runes) && end-s.End < 120 && d.runes[end] != '\n' {
		end++
	}
	rest := strings.ToLower(string(d.runes[s.End:end]))
	switch {
	case strings.Contains(rest, "[") && labelledNoRe.MatchString(rest):
		return true // "KHK  [ ] ja  [x] nein"
	case strings.Contains(rest, "[") && noColumnRe.MatchString(rest):
		return !noFirstHeader(d, s.Start)
	case strings.Contains(rest, "[") && yesColumnRe.MatchString(rest):
		return noFirstHeader(d, s.Start)
	}
	if strings.Contains(rest, "|") && rowStatusRe.MatchString(rest) {
		return true // a problem list's row: "Pulmonary embolism | 59282003 | Entered in error | 2021-03-03"
	}
	if strings.Contains(rest, ":") && questionLineNoRe.MatchString(rest) && lineHead(d, s) {
		return true // a questionnaire's line: "Stroke or paralysis: No"
	}
	return strings.Contains(rest, "?") && questionNoRe.MatchString(rest) || strings.Contains(rest, "burden") && zeroBurdenRe.MatchString(rest) ||
		calledWrongRe.MatchString(rest)
}

// noFirstHeader: the table above the mention heads its columns "No Yes" (then the first
// box is no).
func noFirstHeader(d *doc, at int) bool {
	start := lineStart(d.runes, at)
	for n := 0; n < 20 && start > 0; n++ {
		end := start - 1
		start = lineStart(d.runes, end)
		line := strings.ToLower(string(d.runes[start:end]))
		if yesNoHeaderRe.MatchString(line) {
			return false
		}
		if noYesHeaderRe.MatchString(line) {
			return true
		}
	}
	return false
}

var (
	rowStatusRe      = regexp.MustCompile(`^\s*(\|[^|\n]{0,20}){0,2}\|\s*(entered in error|ruled out|refuted|erroneous|resolved - entered in error)\s*(\||$)`)
	questionLineNoRe = regexp.MustCompile(`^[^:\n]{0,40}:\s*(no|none|denies|n)\s*$`)
	labelledNoRe     = regexp.MustCompile(`^[^\[\n]{0,80}\[\s*\]\s*(ja|yes|y)\s+\[\s*[x✓]\s*\]\s*(nein|no|n)\b`)
	noColumnRe       = regexp.MustCompile(`^[^\[\n]{0,80}\[\s*\]\s+\[\s*[x✓]\s*\]`)
	yesColumnRe      = regexp.MustCompile(`^[^\[\n]{0,80}\[\s*[x✓]\s*\]\s+\[\s*\]`)
	yesNoHeaderRe    = regexp.MustCompile(`\byes\s+no\b|\bja\s+nein\b`)
	noYesHeaderRe    = regexp.MustCompile(`\bno\s+yes\b|\bnein\s+ja\b`)
	questionNoRe     = regexp.MustCompile(`^([^?\n.]|e\.g\.|i\.e\.|vs\.|etc\.|incl\.|approx\.|a\.k\.a\.|h\.o\.|dr\.|pt\.[),]|mr\.|mrs\.|ms\.|no\.\s*\d|\.[^,\s]){0,100}(pt\.)?\?\s*(\.{2,}|_{2,}|…+)?\s*[:-]?\s*(no|n|nein|denies)\b`)
	zeroBurdenRe     = regexp.MustCompile(`^\s*burden\s*(of\s*)?:?\s*0(\.0+)?\s*%`)
	calledWrongRe    = regexp.MustCompile(`^\s*[-–:,]?\s*((erroneous|incorrect|wrong|mistaken)\s+(diagnosis|entry|dx)|entered in error|removed from (the\s+)?problem list)|^\W{0,3}\s*(entry\s+)?(placed|documented|entered|recorded)\s+(on|in)\s+(the\s+)?wrong\s+(chart|patient|record)`)
)

// liegtNichtVorRe: German "X liegt ... nicht vor" with words between ("Eine vorbestehende
// chronische Niereninsuffizienz liegt nach Ihren Vorwerten nicht vor").
var liegtNichtVorRe = regexp.MustCompile(`^\s*(liegt|lag|besteht|bestand)\b[^.;]{0,100}?\bnicht(\s+mehr)?\s+(vor|nachweisbar)\b`)

// zeroScoreRe: a risk score's item scored zero right after the mention ("RCRI: ... CHF 0,
// CVA 0, insulin 0"); not a measurement ("MR 0.3 cm").
var zeroScoreRe = regexp.MustCompile(`^\s*[:=]?\s*0\s*(pts?|points?)?\s*([;,)]|$|\.(\s|$)|\s[-–]\s)`)

// gradedItemRe: the mention opens a new item of a list, its grade right before it ("no
// aortic stenosis, mild mitral regurgitation", "No pericardial effusion, trace MR",
// "keine Aortenklappenstenose, leichte Mitralinsuffizienz", "ohne relevante Vitien,
// Spur-Mitralinsuffizienz"): the grade says the finding
// is there, and a negation of an earlier item does not reach it ("No severe MR", one
// item; "no effusion or mild MR" and "Negative for stroke and severe hypertension", one
// negated list; "Denies fever, severe fatigue, stroke", the grade another item's: all
// stay negated). A mild grade after "and" opens an item without a comma too ("no left
// ventricular thrombus and mild mitral regurgitation": an absent finding, then a present
// one), but not "severe" ("Negative for stroke and severe hypertension"). So does a graded
// finding "with" which a later item of the list comes ("no left atrial appendage thrombus,
// structurally normal valves with trace mitral regurgitation").
var gradedItemRe = regexp.MustCompile(`\s(and|und)\s+(trace|trivial|minimal|mild|moderate|mild[- ]to[- ]moderate|leichte[rsnm]?|geringe[rsnm]?|geringgradige[rsnm]?)\s+$|[,;]\s*[^,;()]{0,50}\bwith\s+(trace|trivial|minimal|mild|moderate|severe|mild[- ]to[- ]moderate|moderate[- ]to[- ]severe|[1-4]\+)(\s+|-)$|(^|[,;(])\s*(and\s+|und\s+)?(trace|trivial|spur|spurweise|minimal|mild|moderate|severe|mild[- ]to[- ]moderate|moderate[- ]to[- ]severe|[1-4]\+|` +
	`leichte[rsnm]?|leichtgradige[rsnm]?|geringe[rsnm]?|geringgradige[rsnm]?|mittelgradige[rsnm]?|hochgradige[rsnm]?|schwere[rsnm]?|minimale[rsnm]?)(\s+|-)(\([1-4]\+\)\s+)?$`)

// hypoSectionRe: a section whose every concept is a possibility, not the patient's
// ("DIFFERENTIAL DIAGNOSES:,1.  Pulmonary embolism.", "Differential for new AF:", "RULE
// OUT:", "RISKS AND COMPLICATIONS:", an education sheet's "What increases your risk?"); the
// whole heading, so "COMPLICATIONS:" (what happened) is not one.
var hypoSectionRe = regexp.MustCompile(`^(` + riskQuestion + `.*|differential diagnos[ie]s|differential (diagnos[ie]s |dx )?for [^:]{1,40}|ddx( for [^:]{1,40})?|differentialdiagnosen?|differenzialdiagnosen?|rule out|r/o|risks? and complications|potential (risks|complications))$`)

// hypoSection: the mention's sentence opens a hypoSectionRe section or is an item of its
// list ("DIFFERENTIAL DIAGNOSES:,1.  Pulmonary embolism.,2.  Pneumonia."), not prose that
// follows it ("... The patient has hypertension and diabetes on metformin.").
func hypoSection(d *doc, sec string, sent findings.Span) bool {
	return hypoSectionRe.MatchString(sec) && sectionItem(d, sec, sent)
}

// negSection: an item of a section that lists what was excluded ("Ausgeschlossen:
// Diabetes mellitus (HbA1c 5,6 %), relevante Stenosen ...", "Ruled out: ...").
func negSection(d *doc, sec string, sent findings.Span) bool {
	return negSectionRe.MatchString(sec) && sectionItem(d, sec, sent)
}

var negSectionRe = regexp.MustCompile(`^(ausgeschlossen|ausgeschlossene diagnosen|ausschluss|ruled out|excluded|excluded diagnoses|diagnoses ruled out)$`)

// sectionItem: the sentence opens its section or is an item of its list.
func sectionItem(d *doc, sec string, sent findings.Span) bool {
	return sent.Start == 0 || d.section[sent.Start-1] != sec || listItemStartRe.MatchString(string(d.runes[sent.Start:min(sent.End, sent.Start+6)])) ||
		listItemEndRe.MatchString(string(d.runes[max(0, sent.Start-6):sent.Start]))
}

// listItemStartRe: a sentence that opens with a list marker; listItemEndRe: text that ends
// with one (the marker "1." ended the sentence before the item).
var (
	listItemStartRe = regexp.MustCompile(`^\s*(\d{1,2}[.)]|[-*•])`)
	listItemEndRe   = regexp.MustCompile(`(^|[\s,])(\d{1,2}[.)]|[-*•])\s*$`)
)

// familySection: the family history, not a heading that runs it together with the
// patient's own ("SOCIAL HISTORY, FAMILY HISTORY, PAST MEDICAL HISTORY AND SURGICAL
// HISTORY:").
func familySection(sec string) bool {
	if strings.Contains(sec, "past medical history") {
		return false
	}
	return strings.Contains(sec, "family") || strings.Contains(sec, "familie") || strings.Contains(sec, "fhx") || sec == "fh" || sec == "fa"
}

// familyCues is the clause a family cue is looked for in, without a heading that runs the
// family history together with the patient's own (a heading with commas is no section).
// After a relative, "the patient" takes the sentence back ("Based on the sister-in-law's
// report, the patient had a stroke"); "maternal age" is the patient's.
func familyCues(before string) string {
	if strings.Contains(before, "past medical history") {
		before = strings.ReplaceAll(before, "family history", "")
	}
	if k := max(strings.LastIndex(before, "the patient "), strings.LastIndex(before, "the patient's ")); k >= 0 && !strings.HasSuffix(before[:k], "of ") {
		before = before[k:] // but "the mother of the patient has diabetes" is the mother's; "Dad called about the patient's heart block"
	}
	if !strings.Contains(before, ",") && !hasAny(before, tellWords) && !(strings.Contains(before, ":") && informantRe.MatchString(before)) {
		return strings.ReplaceAll(before, "maternal age", "")
	}
	if strings.Contains(before, "risk factor") {
		if m := riskFactorFamilyItemRe.FindStringIndex(before); m != nil {
			before = before[m[1]:] // "Risk factors: family history of premature coronary artery disease (brother with MI at 44), dyslipidemia": the family item is one of the patient's risk factors
		}
	}
	if locs := informantRe.FindAllStringIndex(before, -1); len(locs) > 0 {
		if l := locs[len(locs)-1]; !((strings.HasSuffix(before[l[0]:l[1]], ":") || strings.HasSuffix(before[l[0]:l[1]], ")")) && familyHeadRe.MatchString(before[:l[0]])) {
			before = before[l[1]:] // "Per his daughter, he had a stroke"; not "Family history, per daughter: coronary artery disease"
		}
	}
	if locs := informantOtherRe.FindAllStringIndex(before, -1); len(locs) > 0 {
		before = before[locs[len(locs)-1][1]:] // "The patient's mother states that he has had high cholesterol"
	}
	return strings.ReplaceAll(before, "maternal age", "")
}

// riskFactorFamilyItemRe: a risk factor list's family-history item, up to the comma that
// ends it.
var riskFactorFamilyItemRe = regexp.MustCompile(`\brisk factors?\b[^.;]*\b(family history|fhx|fh)\b[^,;.]*(\([^()]*\)|\bpremature\b[^,;.]*)\s*,`)

// mothersPregnancy: in a newborn's note, what complicated the pregnancy is the mother's
// ("The baby is an ex-32 weeks ... infant. ... Prenatal course was complicated by low
// amniotic fluid index and hypertension"); in the mother's own note it is hers.
func mothersPregnancy(d *doc, whole string) bool {
	if !strings.Contains(whole, "pregnan") && !strings.Contains(whole, "natal") {
		return false
	}
	return pregnancyCourseRe.MatchString(whole) && newbornRe.MatchString(d.lower[:min(len(d.lower), 800)])
}

var (
	pregnancyCourseRe = regexp.MustCompile(`\b(prenatal|antenatal|pregnancy)\s+((course|history)\s+)?((was|were)\s+)?(complicated|significant|notable|remarkable)\b|\bcomplicated pregnancy\b|\bduring (the |her )?pregnancy\b`)
	// newbornRe: the note's patient is a newborn or an infant
	newbornRe = regexp.MustCompile(`\b(baby|infant|newborn|neonate)\s+((boy|girl)\s+)?(is|was)\s+(an?\s+)?(ex-?\s*)?\d|\b\d+[- ](day|week|month)[- ]old\b|\bex-\d+[- ]week`)
)

// lipidMentionRe: a hyperlipidemia mention.
var lipidMentionRe = regexp.MustCompile(`^(hyperlipid|dyslipid|hypercholesterol|mixed hyperlipid)`)

// mayReflectFromRe: a finding that may reflect a cause, the mention that cause ("Mildly
// reduced diffusing capacity, which may reflect pulmonary vascular congestion from heart
// failure or anemia", set iy): only with another cause offered after it, which makes the
// mention one candidate; not "Mild troponin elevation may reflect demand ischemia from
// atrial fibrillation with RVR", whose cause the note owns.
var mayReflectFromRe = regexp.MustCompile(`\b(may|might|could|can)\s+(reflect|represent)\b[^.;,]{0,50}\bfrom\s+$`)

// notEstablishedRe: a diagnosis not (yet) established ("cardiomyopathy not established",
// set ki; "CVA is not established"); not care not established with someone ("Diabetes not
// established with endocrinology").
// toAssessRe: a study ordered to look for the mention ("TEE to assess for left atrial
// appendage thrombus", "Echocardiography to assess LV function and mitral regurgitation", set
// kn). A condition the patient has is assessed too ("Echocardiogram to assess mitral
// regurgitation, which was moderate on the prior study", "Holter to assess atrial
// fibrillation rate control"), so only "to assess for", or the mention beside LV function.
var toAssessRe = regexp.MustCompile(`\bto assess\s+(for\s+(possible\s+|any\s+)?([\w/-]+(\s+[\w/-]+)?\s+(and|or)\s+)?|([\w/-]+\s+function|lv function|wall motion)\s+(and|or)\s+)$`)

// assessedOfRe: after the mention, what is assessed of it ("to assess AS severity").
var assessedOfRe = regexp.MustCompile(`^\s*(severity|grade|degree|burden|progression|control|status|mechanism|etiology)\b`)

// toAssessGivenRe: "to assess X" for a reason the note gives ("Echo to assess mitral
// regurgitation given new murmur", "Stress test to assess coronary artery disease given
// atypical chest pain"): a work-up.
var (
	toAssessBareRe  = regexp.MustCompile(`\bto assess\s+(possible\s+)?$`)
	toAssessGivenRe = regexp.MustCompile(`^\s*(,\s*)?(given|in (this|a) patient with (atypical|new|suspected))\b`)
	toAssessOwnRe   = regexp.MustCompile(`\b(history of|it was|known|last year|its severity|on the (previous|prior|last) (study|echo\w*)|prior echo findings)\b|\b(moderate|mild|severe)\s+(regurgitation|stenosis|mr|as)\b`)
)

// notEstablishedForRe: what is not established is the mention's cause or a service, not
// the diagnosis ("Cause of his cardiomyopathy not established", "Outpatient hemodialysis not
// yet established").
var notEstablishedForRe = regexp.MustCompile(`\b(cause|causes|etiology|aetiology|source|mechanism|origin|basis|outpatient)\b[^.;,]{0,25}$`)

var notEstablishedRe = regexp.MustCompile(`^\s*((is|was|has|had)\s+)?(not|never)\s+((yet|been)\s+){0,2}established\s*([.;,)]|$|(by|on|at this time|yet|clinically|definitively)\b)`)

// seenWithRe: a finding that can be seen with the mention, among others ("A decline of
// DLCO of 15% or more ... may also be seen with anemia, pulmonary vascular disease or heart
// failure", set kg): a general statement; not the patient's own ("as seen with her
// atrial fibrillation").
// gestationalBeforeRe: "gestational" itself before the mention, not "pregestational type 2
// diabetes" (set bt).
var gestationalBeforeRe = regexp.MustCompile(`(^|[^\w-])gestational\s+$`)

// gestationalStayedRe: a pregnancy's hypertension that stayed.
// The persisting or recurring is the hypertension's: in the mention's own clause or the next
// ("Gestational hypertension in 2014 that has persisted", "..., which persisted postpartum"),
// or said of the hypertension, not of another finding ("with headaches that have persisted
// ever since", "proteinuria that has persisted").
var gestationalStayedRe = regexp.MustCompile(`\b(never resolved|did not resolve|didn't resolve|not resolved|became chronic|now chronic|now on|still on|now treated)\b|^((\s+|,\s*)(in|with|during|after|at|age|of|her|the|first|second|third|fourth|last|pregnancy|pregnancies|weeks?|wks?|gestation|diagnosed|preeclampsia|pre-eclampsia|eclampsia|\d+|\([^)]*\)))*\s*(,\s*)?\b((which|that|and)\s+(has\s+)?persisted\b|((which|that|and)\s+)?(has\s+)?(persist(ed|ent|ing|s)?\s+((ever\s+)?since|postpartum|after delivery|beyond)|recurred\s+(after|since|postpartum))\b)|\b(hypertension|htn|blood pressure|it)\s+(has\s+)?(persist(ed|ent|ing|s)?\s+((ever\s+)?since|postpartum|after delivery|beyond)|recurred\s+(after|since|postpartum))\b|\brecurred\b[^.;]{0,40}\bnow\b`)

// gestationalRecurredResolvedRe: a recurrence that resolved too ("recurred postpartum for 2
// weeks, then resolved").
var gestationalExplicitRe = regexp.MustCompile(`\b(never resolved|did not resolve|didn't resolve|not resolved|became chronic|now chronic)\b|\b(now|still) on ((one|two|three|\d)\s+)?(antihypertensives?|blood pressure medications?|bp medications?|labetalol|nifedipine|amlodipine|hctz|hydrochlorothiazide|carvedilol|\w+pril|\w+sartan|\w+olol)\b`)

var gestationalRecurredResolvedRe = regexp.MustCompile(`\brecurred\b[^;]*(,\s*|\b(then|and|but)\s+)(then\s+)?resolved\b`)

// gestationalStillOnRe: a clause after a semicolon that the treatment goes on in ("Gestational
// hypertension 2012; still on labetalol").
var gestationalStillOnRe = regexp.MustCompile(`^\s*(still|now)\s+on\b`)

// fearedRe: what someone fears or thinks is happening now ('Says "my boss thinks I'm having a
// heart attack."', set lc; "worried she was having a stroke"): a fear, not a diagnosis.
var fearedRe = regexp.MustCompile(`\b(think|thinks|thought|worried|worries|afraid|fears?|feared|scared|convinced|concerned)\b[^.;]{0,40}\b(having|is having|was having|am having|i'm having|were having)\s+(an?\s+)?$`)

// fearConfirmedRe: the fear came true ("... and this was confirmed in the ED with troponin
// of 5", "cath showed 100% RCA occlusion").
var fearConfirmedRe = regexp.MustCompile(`\b(this|which|it|that)\s+was\s+(later\s+|subsequently\s+|then\s+|eventually\s+)?confirmed\b|\bconfirm(ed|s)\s+(it|this|that)\b|\bconfirmed\s*([.;,]|$)|\bconfirmed\s+(in|on|by|with|at)\b|\bocclusion\b|\bdiagnosed with\b|\bunderwent (pci|stent\w*|thrombectomy|cabg|thrombolysis)\b`)

// fearNotRe: the fear did not come true ("but ECG showed sinus rhythm and troponins were normal").
var fearNotRe = regexp.MustCompile(`\b(normal|no acute|negative|unremarkable|ruled out|not confirmed|not be confirmed|unable to (be )?confirm(ed)?|never confirmed)\b`)

// parenHedgedRe: a mention in parentheses that name what a hedged finding may be ("This may
// represent demand ischemia (type 2 myocardial infarction) versus underlying coronary artery
// disease", set kt); not a parenthesis of the patient's history ("This may represent
// progression of disease (prior CABG 2008)", parenClosesRe).
var parenHedgedRe = regexp.MustCompile(`\b(may|might|could)\s+(represent|reflect|indicate)\b[^.;()]{0,60}\(\s*([\w-]+\s+){0,3}$`)

// parenClosesRe: the parenthesis holds the mention alone, or its alternatives ("(type 2
// myocardial infarction or myocarditis)").
var parenClosesRe = regexp.MustCompile(`^\s*(\)|(or|versus|vs\.?)\s+[^()]{0,40}\))`)

// relativeParenRe: a parenthesis that opens with a relative ("family history of premature
// coronary artery disease (father, MI at 48)", set ku).
var relativeParenRe = regexp.MustCompile(`\(\s*(his\s+|her\s+)?(father|mother|brother|sister|son|daughter|paternal \w+|maternal \w+|uncle|aunt|grandfather|grandmother|parents?|siblings?)\s*[,:-]\s*([\w-]+\s+){0,2}$`)

// shouldDevelopRe: a condition that may yet come ("the stroke risk should atrial fibrillation
// develop, which is common after flutter ablation", set le); not "Should AF recur", the
// patient's own again.
var (
	shouldBeforeRe  = regexp.MustCompile(`\bshould\s+(an?\s+)?$`)
	shouldDevelopRe = regexp.MustCompile(`^\s*(develop|occur|arise|appear)\b`)
	shouldAgainRe   = regexp.MustCompile(`^\s*(develop|occur|arise|appear)\s+again\b`)
)

// suspectedVersusRe: a diagnosis suspected against another right after it ("peripartum
// cardiomyopathy suspected vs unmasked familial dilated cardiomyopathy", set lg);
// suspectedKnownRe: not one the note knows ("Acute on chronic systolic heart failure suspected
// vs pneumonia").
var (
	suspectedVersusRe = regexp.MustCompile(`^\s*suspected\s+(vs\.?|versus)\s`)
	suspectedKnownRe  = regexp.MustCompile(`\b(chronic|known|history|h/o)\b|\b(his|her|their)\s+([\w-]+\s+){0,2}$`)
)

// symptomsCareRe: the second item of a symptoms list is the patient's own care ("symptoms of
// heart failure and diabetes management with her husband").
var symptomsCareRe = regexp.MustCompile(`\b(management|plan|medications?|log|restriction|goals?|care|anticoagulation|control|diet|weights?|regimen)\b`)

// seenWithOwnRe: unless the patient has it ("can be seen with his known left ventricular
// hypertrophy and hypertension", "..., both of which he has").
var seenWithOwnRe = regexp.MustCompile(`\b(his|her|their)\s+[^.;]*$|\b(which|both of which|all of which|each of which)\s+(he|she|the patient)\s+(has|had|does)\b`)

var seenWithRe = regexp.MustCompile(`\b(can|may|might|could)\s+(also\s+|often\s+|sometimes\s+|commonly\s+)?be\s+seen\s+(with|in)\s+([^.;]{0,60}?(,|\bor|\band)\s+)?(an?\s+|the\s+)?([\w-]+\s+){0,2}$`)

// participleBreakRe: a participle after a comma that tells what set the problem off; no
// negation before it reaches past it, unless a comma after it goes on with the negated list
// ("He denies any chest pain, precipitated by exertion or at rest, or symptoms of heart
// failure").
var participleBreakRe = regexp.MustCompile(`,\s*(exacerbated|precipitated|triggered|aggravated|complicated)\s+(in|by|after|following)\b`)

// verbLed: a mention whose synonym opens with its verb ("is hypertensive", "is also a
// diabetic"), whose subject stands right before it; relativeSubjectRe: a relative there.
// bpReadingNextRe: a blood pressure after "was hypertensive", a reading ("In the emergency
// department, he was also hypertensive to 210/115"); not "He is hypertensive, with blood
// pressures well controlled".
func verbLed(m string) bool {
	return strings.HasPrefix(m, "is ") || strings.HasPrefix(m, "was ") || strings.HasPrefix(m, "been ")
}

var (
	informantTailRe   = regexp.MustCompile(`\b(per|according to|from|by)\s+(his\s+|her\s+|the\s+)?\w+\s*$`)
	relativeSubjectRe = regexp.MustCompile(`\b(wife|husband|spouse|partner|mother|father|mom|dad|son|daughter|brother|sister|parents?|boyfriend|girlfriend)\s*$`)
	bpReadingNextRe   = regexp.MustCompile(`^\s*(to|at)\s+\d{2,3}\b|^\s*,?\s*(with|w/)\s+(a\s+)?(blood pressures?|bp|systolic|sbp)\s+(of\s+|to\s+|up to\s+)?\d{2,3}\b`)
)

// cathEvaluationRe: a catheterization to evaluate the coronary disease it names.
var cathEvaluationRe = regexp.MustCompile(`\b(catheterization|cath)\s+and\s+evaluation\s+of\s+$`)

// consideredBeforeRe and consideredButNotRe: a diagnosis someone considered, then set
// aside in the same sentence.
var (
	consideredBeforeRe = regexp.MustCompile(`\b(had|have|has|we|team|they)\s+(also\s+|initially\s+|briefly\s+)?considered\s+(an?\s+)?$`)
	// consideredTheRe and consideredTestNotRe: "considered the X" is set aside only by a
	// test ("We considered the pulmonary embolism, but the CT was negative"), not "We have
	// considered the hypertension, but her home readings are normal, so no change was made".
	consideredTheRe     = regexp.MustCompile(`\b(had|we|team|they)\s+(also\s+|initially\s+)?considered\s+the\s+$`)
	consideredTestNotRe = regexp.MustCompile(`^\s*,?\s*(but|however)\s+(the\s+|his\s+|her\s+)?(mri|ct|cta|ct angiogram|echo\w*|troponins?|d-dimer|biopsy|cath\w*|angiogram|holter|monitor|scan|work-?up|ecg|ekg)\b[^.]{0,40}\b(was|were)\s+(normal|negative|unremarkable)\b`)
	consideredButNotRe  = regexp.MustCompile(`^\s*,?\s*(but|however)\b[^.]{0,80}?\b(negative|normal|unremarkable|not\s+(supported|likely|felt (to be )?likely|the case|confirmed|found|seen)|unlikely|doubtful|ruled out|excluded)\b`)
)

// signsCompanion: whom signs are taught with besides the patient (not a clinician: "Reviewed
// signs of ischemia and atrial fibrillation with his cardiologist" is no teaching).
const signsCompanion = `(husband|wife|spouse|partner|son|daughter|sons|daughters|children|family|caregivers?|mother|father|mom|dad|parents?|brother|sister|niece|nephew|grand\w+|friend|girlfriend|boyfriend|fianc\w+|significant other|interpreter|(home health )?aide)`

// symptomsListFirstRe and symptomsListRestRe: the first item of a list of symptoms reviewed,
// which the list's end makes teaching ("Discussed symptoms of MI and stroke and when to call
// 911", set lg).
var (
	symptomsListFirstRe = regexp.MustCompile(`\b(reviewed|discussed|went over)\s+(the\s+)?(warning\s+)?symptoms\s+of\s+(an?\s+|the\s+)?$`)
	symptomsListRestRe  = regexp.MustCompile(`^\s*(,\s*[^,.;]{1,30})*,?\s*(and|or)\s+[^.;]{1,40}?\s+(to report|and when to|with (him|her|them|the patient|patient|the family|family))\b`)
)

// signsListRe and signsListEndRe: the last item of the signs reviewed, the sentence ending
// with it.
var (
	signsListRe    = regexp.MustCompile(`\b(reviewed|discussed|went over)\s+(the\s+)?(warning\s+)?(signs|symptoms)\s+of\s+[^.;:]{1,40}?\s(and|or)\s+(an?\s+|the\s+)?$`)
	signsListEndRe = regexp.MustCompile(`^\s*(to report\b[^.;]{0,40}|with\s+(him|her|them|the patient's ` + signsCompanion + `|the patient|patient|the family|family|his ` + signsCompanion + `|her ` + signsCompanion + `)(\s+and\s+(his\s+|her\s+|the\s+)?` + signsCompanion + `)?(\s*,\s*(all\s+)?(questions|he verbalized|she verbalized|verbalized)[^.;]{0,30})?|and when to [^.;,]{0,30})?\s*([.;]|$)`)
)

// hedgedByRe: a mention that opens its clause and that someone only suspected, considered
// or questioned; confirmedLaterRe: unless the sentence then confirms it or says what it is
// for ("Pulmonary embolism suspected by the ED physician was confirmed by CT angiography",
// "Coronary artery disease has been considered by cardiothoracic surgery as not amenable to
// bypass grafting"). concernRaisedRe and concernObjectRe: a concern raised for the mention,
// not for something of a disease the patient has ("Concern raised for CAD progression").
var (
	clauseOpensAdjRe = regexp.MustCompile(`(^|[.;:,]\s*|\b(and|but|while|so)\s+)(([\w-]+)\s+){0,2}$`)
	hedgedByRe       = regexp.MustCompile(`^\s*((has been|had been|was)\s+)?(suspected|considered|questioned)\s+(by|at\s+(her|his|the|a)|given)\b`)
	confirmedLaterRe = regexp.MustCompile(`\bconfirm\w*|\bamenable\b|\bcandidate\b|\bto be\b`)
	concernRaisedRe  = regexp.MustCompile(`\bconcerns?\s+(was\s+|were\s+|has been\s+|have been\s+)?raised\s+for\s+(an?\s+|possible\s+)?$`)
	concernObjectRe  = regexp.MustCompile(`^\s*-?\s*(related|progression|exacerbations?|decompensation|flare|complications?|end-organ|worsening|recurrence|control|management|self-management|self-care|readmissions?|admissions?|hospitali[sz]ations?|care|adherence|medications?|treatment|therapy|burden|severity|symptoms|follow-up)\b`)
	// concernKeptRe: the rest of the sentence goes on to find it ("Concerns were raised
	// for atrial fibrillation, confirmed on Holter", "Concerns have been raised for CAD, s/p
	// PCI to the LAD in 2019", "... and he was diagnosed with HFrEF"); a work-up or a
	// treatment begun on the suspicion keeps the hedge ("and a Holter monitor was placed",
	// "started on a heparin drip pending troponins"), and so does a study that found nothing
	// (concernNotFoundRe: "but CT angiogram showed no clot").
	concernKeptRe     = regexp.MustCompile(`\bconfirm(ed|s|ation)\b|\bdiagnosed\b|\bwhich was\s+(subsequently\s+|later\s+)?(captured|found|documented|noted|seen)\b|\b(captured|found|documented|seen)\s+(on|in|at)\b|\b(echo\w*|ecg|ekg|holter|monitor|telemetry|mri|ct|angiogram|cath\w*)\s+(found|documented|captured)\b`)
	concernShowedRe   = regexp.MustCompile(`\b(showed|shows|revealed|reveals|demonstrated|demonstrates)\b`)
	concernSpRe       = regexp.MustCompile(`^\s*,?\s*(s/p|status post)\b|^\s*,?\s*and\s+(he|she)\s+is\s+(s/p|status post)\s+(pci|ptca|percutaneous|stent\w*|cabg|bypass|angioplasty|ablation|cardioversion|dccv|pvi|pulmonary vein|watchman|left atrial appendage|laa|(single|one|two|three|four|quadruple|triple|double|\d)-?vessel|coronary|rca|lad|lcx|circumflex|thrombectomy|thrombolysis|tpa)\b`)
	concernNotFoundRe = regexp.MustCompile(`\b(showed|shows|revealed|reveals|demonstrated|demonstrates|found)\s+(no|normal|negative|unremarkable|nothing|only\s+(sinus|normal))\b|\bnot\s+(been\s+)?(confirmed|seen|documented|found|captured)\b|\bnone\s+(was|were)\s+(seen|found|documented|captured)\b|\bto confirm\b`)
)

// notFavoredRe: a diagnosis not favored; notBeingPresentRe: one absent, a comma closing the
// absolute clause ("diabetes not being present, surgical revascularization is favored"; not
// "not being present on the prior study").
var (
	notFavoredRe      = regexp.MustCompile(`^\s*(is|was)\s+not\s+favou?red\b`)
	notBeingPresentRe = regexp.MustCompile(`^\s+not\s+being\s+present\s*,`)
)

// noHistoryOfItRe: "was not an issue; he has no history of it" right after the mention (set
// ji); not "New-onset atrial fibrillation; he has no prior history of this".
var noHistoryOfItRe = regexp.MustCompile(`^\s*(was|is|has not been)\s+not\s+an\s+issue\s*[;,]\s*(he|she|the patient|patient)\s+(has|had)\s+no\s+(known\s+|prior\s+|previous\s+)?history\s+of\s+(it|this|that)\b`)

// stillDevelopRe: the mention itself may (still) develop, said right after it ("after
// flutter ablation atrial fibrillation can appear.", set jo; not "may appear intermittently
// on his monitor strips"); whichCanOccurRe: a complication that can occur, after a watch
// for it ("monitored for atrial arrhythmias and heart block, which can occur after valve
// surgery"), not "the patient had atrial fibrillation, which can occur after CABG".
var (
	stillDevelopRe  = regexp.MustCompile(`^\s*(can|may|could|might)\s+(still\s+|also\s+)?(develop|occur)\b|^\s*(can|may|could|might)\s+(still\s+|also\s+)?appear\s*([.;,]|$|\s+(after|following|later)\b)`)
	whichCanOccurRe = regexp.MustCompile(`^\s*,\s*which\s+(can|may|could|might)\s+(occur|develop|happen)\s+(after|following)\b`)
	watchedForRe    = regexp.MustCompile(`\b(monitor(ed)?|watch(ed)?|observe(d)?)\s+(closely\s+)?for\b`)
)

// familyHeadRe: a family history heading before an informant ("Family history, per
// daughter:"), not "History obtained from family, per daughter:".
var familyHeadRe = regexp.MustCompile(`\bfamily (and social |& social |medical )?(history|hx|illnesses)\b|\bfamilial history\b|\bfhx\b|familienanamnese`)

// fieldYesRe: a form's "yes" right after the mention, its answer, where the mention opens
// its item (fieldItemOpensRe: nothing but the list's punctuation before it); not "Rule out MI:
// yes", "At risk for pulmonary embolism: yes", "No history of stroke: yes".
var (
	fieldYesRe       = regexp.MustCompile(`^\s*[:-]?\s*yes\s*([,.;]|$)`)
	fieldItemOpensRe = regexp.MustCompile(`(^|[,:;(])\s*$`)
)

// excludedParticularlyRe: what is to be excluded, the mention named after it as the case in
// point ("a cardioembolic source needs to be excluded, particularly paroxysmal atrial
// fibrillation", set jb); only a clinical adjective may stand between, not the reason for
// the search ("must be excluded, especially given known atrial fibrillation").
var excludedParticularlyRe = regexp.MustCompile(`\b(be|been) (excluded|ruled out)\s*,\s*(particularly|especially|in particular|specifically|namely|such as|including)\s+(for\s+)?((paroxysmal|persistent|acute|chronic|occult|recurrent|new|silent|subclinical|obstructive|underlying|an?)\s+){0,2}$`)

// informantRe: a relative named as the source of what follows, with a comma after ("Per
// his daughter, he had a stroke", "According to her son, ..."), or a colon, with the
// records beside ("Per son and old chart: hypertension; congestive heart failure", set
// is), or in parentheses after a heading ("PAST MEDICAL HISTORY (per facility records and
// son):", set jo), or another person with a comma ("Per pharmacy records and the neighbor, she
// has atrial fibrillation", set nd); a relative named after it is still family ("Per the
// patient, her mother had a stroke").
var informantRe = regexp.MustCompile(`\(\s*(per|according to|obtained from|from)\s+[^()]{0,40}\b` + relative + `\s*\)|\b(per|according to|as reported by|as told by|obtained from|provided by)\s+(the\s+)?(patient's\s+|his\s+|her\s+|their\s+)?(\w+\s+)?` + relative + `(\s*,|(\s+(and|&)\s+(the\s+)?(old|outside|prior|previous|available|hospital|clinic|medical|facility|nursing home|snf|pharmacy|ems)?\s*(chart|charts|records?|notes?))?\s*:)|\b(per|according to|as reported by|as told by|obtained from|provided by)\s+[^,.;:()]{0,40}\b(neighbou?rs?|friends?|caregivers?|roommates?|wife|husband|spouse|partner)\s*,`)

// patientSubjectRe: a sentence about the patient, named as its subject, in a family
// history section (a pronoun only with "himself"/"herself": "He had diabetes" there is
// the relative's).
var patientSubjectRe = regexp.MustCompile(`^\W*((the\s+)?(patient|pt)(\s+(himself|herself))?|(he|she)\s+(himself|herself))\s+(also\s+)?(has|had|is|was|does have|did have|carries|suffers from)\b`)

// tellWords: what informantOtherRe needs one of.
var tellWords = []string{"state", "said", "says", "report", "note", "believe", "feel", "think"}

// informantOtherRe: a relative who tells about someone of the other sex, the patient
// ("His mother states that he has had high cholesterol since his teens").
var informantOtherRe = regexp.MustCompile(`\b(mother|mom|sister|daughter|aunt|grandmother|wife)\s+(\w+\s+)?(states|stated|says|said|reports|reported|notes|noted|believes|feels|thinks)\s+(that\s+)?(he|his)\b|\b(father|dad|brother|son|uncle|grandfather|husband)\s+(\w+\s+)?(states|stated|says|said|reports|reported|notes|noted|believes|feels|thinks)\s+(that\s+)?(she|her)\b`)

// hedgeText is the clause a hypothetical cue is looked for in: "complications including"
// opens a list of risks, unless the patient had them ("he also developed cardiac
// complications including atrial fibrillation").
func hedgeText(before, whole string) string {
	if strings.Contains(before, "complications") && hadComplicationsRe.MatchString(whole) {
		before = strings.ReplaceAll(before, "complications", "")
	}
	if locs := foundRe.FindAllStringIndex(before, -1); len(locs) > 0 && !conditionalRe.MatchString(before[:locs[len(locs)-1][0]]) {
		before = before[locs[len(locs)-1][1]:]
	}
	if strings.Contains(before, ":") {
		if locs := studyColonRe.FindAllStringIndex(before, -1); len(locs) > 0 {
			if l := locs[len(locs)-1]; !cueEndRe.MatchString(before[:l[1]-2]) && !conditionalRe.MatchString(before[:l[0]]) {
				before = before[l[1]:] // "echocardiogram obtained to rule out endocarditis: no vegetations, mild mitral regurgitation": the study's findings
			}
		}
	}
	return before
}

// negatedExamEndsRe: a negated finding that ends with the exam or study it was looked for
// on, then ", and" a new item ("diabetic retinopathy and no macular edema on the most recent
// exam, and hypertension", set lw).
var negatedExamEndsRe = regexp.MustCompile(`\b(no|without)\s[^,;]{1,60}\s(on|at|in|during|by)\s+(the\s+|his\s+|her\s+)?(most recent|last|latest|recent|current|prior|previous|today's|this|annual)\s+[\w-]+(\s+[\w-]+)?\s*,\s*and\s+`)

// observedOnStudyRe: right after the mention, a study that found it ("seen on last echo");
// likelyRightBeforeRe: where the hedge before it only names it as the likely cause of what
// came before ("Murmur likely mild mitral regurgitation"), not "Possible mitral
// regurgitation seen on prior echo".
var toBeConfirmedRe = regexp.MustCompile(`\bto be confirmed\b|\bconfirm(ed)? (with|by) (a |an )?(tee|tte|echo|cath\w*|mri|ct)\b`)

var likelyRightBeforeRe = regexp.MustCompile(`\b(likely|probably)\s+([\w-]+\s+){0,3}$`)

var observedOnStudyRe = regexp.MustCompile(`^\s*,?\s*(was\s+|as\s+)?(seen|noted|shown|found|documented|demonstrated|confirmed)\s+on\s+(the\s+|her\s+|his\s+)?(last|prior|previous|recent|most recent|latest)\s+(echo\w*|tte|tee|cath\w*|imaging|mri|ct|study)\b`)

// withGradeBeforeRe: a graded finding "with" another ("aortic sclerosis without significant
// stenosis and mild mitral annular calcification with trace mitral regurgitation", set mn):
// a finding of its own, which the negation before does not reach.
var withGradeBeforeRe = regexp.MustCompile(`\bwith\s+(trace|trivial|minimal|mild|moderate|severe|moderate-to-severe|mild-to-moderate)\s+$`)

// withFindingRe: the mention as a finding that ", with" adds to what came before ("...,
// possibly post-viral versus familial, with acute systolic heart failure"); causeHedgeRe:
// a hedge of what came before, its cause or kind; searchHedgeRe: not a search or a risk,
// whose reach goes on ("Evaluate for endocarditis, with mitral regurgitation").
var (
	withFindingRe = regexp.MustCompile(`,\s*with\s+(an?\s+)?((acute|chronic|new|new-onset|severe|moderate|mild|systolic|diastolic|decompensated|congestive|combined|worsening|associated|resultant|secondary|biventricular|left-sided|right-sided|on)\s+){0,4}$`)
	causeHedgeRe  = regexp.MustCompile(`\b(possibly|probably|likely|versus|vs\.?|presumed|presumably|suspected|possible|probable)\b`)
	searchHedgeRe = regexp.MustCompile(`\b(rule out|r/o|evaluat(e|ed|ing)|evaluation for|assess(ed|ing)?|concern\w*|risks?|if|whether|screen\w*|query|question\w*|worried|worry|suspicion|suspicious|to exclude|exclude)\b|\?`)
)

// gradedAfterCommaRe: a graded finding that opens a list item of its own ("suspicious for
// nonbacterial thrombotic endocarditis, trace mitral regurgitation", set kx), where the
// list does not go on with "or" right after it (gradedListOnRe: "Rule out endocarditis, severe
// mitral regurgitation, or ring abscess"; not "..., severe mitral regurgitation with flail
// leaflet, no abscess or fistula").
var gradedListOnRe = regexp.MustCompile(`^(\s+with\s+[^,.;]{1,30})?((,\s*[^,.;]{1,30}?){0,4}),?\s*(or|versus|vs\.?)\b`)

// gradedListGoesOn: gradedListOnRe, unless the item before the "or" is a negation of its own.
func gradedListGoesOn(after string) bool {
	m := gradedListOnRe.FindStringSubmatch(after)
	if m == nil {
		return false
	}
	items := strings.Split(m[2], ",")
	if negatedItemRe.MatchString(items[len(items)-1]) {
		return false // the item right before the "or" is a negation of its own
	}
	// after further graded items, an "or" with no comma before it joins alternatives within
	// the last item ("mild TR, small PFO or ASD"), not the list ("..., dehiscence, or ring
	// abscess"; "rule out endocarditis, severe mitral regurgitation, perivalvular leak or ring
	// abscess")
	return m[2] == "" || !gradedItemsRe.MatchString(m[2]) || strings.HasSuffix(strings.TrimRight(m[0][:len(m[0])-len(m[4])], " "), ",")

}

// gradedItemsRe: a graded item in the list after the mention.
var gradedItemsRe = regexp.MustCompile(`,\s*(and\s+)?((trace|trivial|minimal|mild|moderate|severe)\b|(small|tiny|large)\s+(pfo|asd|patent foramen ovale|(pericardial\s+)?effusion)\b)`)

// negatedItemRe: a list item that is a negation of its own (", no pericardial effusion or
// thrombus"), whose "or" is its own.
var negatedItemRe = regexp.MustCompile(`^\s*(and\s+)?(no|without|negative)\b`)

var gradedAfterCommaRe = regexp.MustCompile(`[,;]\s*(trace|trivial|minimal|mild|moderate|severe)(\s*(to|-)\s*(mild|moderate|severe))?\s+$`)

// studyColonRe: a study named before a colon, whose findings the colon introduces;
// cueEndRe: unless the colon follows the cue itself ("CT to rule out: PE").
var (
	studyColonRe = regexp.MustCompile(`\b(echocardiogram|echo|tee|tte|ct|cta|mri|ultrasound|duplex|angiogram|angiography|catheterization|cath|study|scan|x-rays?)\b[^:.;]{0,120}:\s`)
	cueEndRe     = regexp.MustCompile(`\b(out|for|of|possible|r/o|exclude|excluding|evaluate|assess|query|question|following|such as|specifically|including|include|includes|namely)\s*$`)
)

// nearReach is how many words may stand between a near cue and the mention; nearStop
// words between them end the cue's reach (the cue is about what they introduce).
const nearReach = 3

var nearStop = map[string]bool{"for": true, "since": true, "on": true, "once": true, "with": true, "to": true, "after": true, "regarding": true, "given": true, "in": true, "at": true,
	"follow": true, "follow-up": true, "followup": true, "recheck": true, "bei": true, "mit": true, "für": true, "wegen": true, "nach": true, "unter": true}

// near reports whether the words between a cue and the mention are few enough (articles
// not counted) and none of them a stop word or a comma.
func near(between string) bool { return nearWithin(between, nearReach) }

// nearWithin is near with reach words instead of nearReach.
func nearWithin(between string, reach int) bool {
	if strings.Contains(between, ",") {
		return false
	}
	n := 0
	for _, w := range strings.Fields(between) {
		w = strings.Trim(w, ".:;()")
		if nearStop[w] {
			return false
		}
		if !article[w] {
			n++
		}
	}
	return n <= reach
}

// article: words that do not count towards nearReach.
var article = map[string]bool{"a": true, "an": true, "the": true, "any": true, "ein": true, "eine": true, "einer": true, "eines": true, "einen": true, "einem": true}

// nearCue: one of cues stands in before (the clause before the mention), near it.
func nearCue(before string, cues []string) bool {
	for _, c := range cues {
		if k := lastWord(before, c); k >= 0 && near(before[k+len(c):]) {
			return true
		}
	}
	return false
}

// nearOrCue: one of cues reaches the first item of an "or" that ends right before the
// mention ("He has never been told he has diabetes or high cholesterol": a negation
// reaches every item of what it denies with "or"); the first item may run to a few words
// more than nearReach ("coronary artery disease"). A cue of what the patient was never
// told also reaches the items of a list of short ones that goes on with "or" ("He has
// never been told he has coronary disease, diabetes or high blood pressure"); others do
// not ("pertinent for shortness of breath, lack of energy, diabetes"), nor does a clause
// after the list ("She has never been told she has diabetes, hypertension was diagnosed
// in 2010").
func nearOrCue(before, after string, cues []string) bool {
	t := strings.TrimRight(before, " ")
	for _, article := range []string{" a", " an"} {
		if strings.HasSuffix(t, " or"+article) || strings.HasSuffix(t, " nor"+article) {
			t = strings.TrimSuffix(t, article) // "heart failure or a heart attack"
		}
	}
	inner := false
	switch {
	case strings.HasSuffix(t, ", or"):
		t, inner = t[:strings.LastIndexByte(t, ',')], true
	case strings.HasSuffix(t, " or"), strings.HasSuffix(t, " nor"):
		t = t[:strings.LastIndexByte(t, ' ')]
	case strings.HasSuffix(t, ",") && listGoesOnRe.MatchString(after):
		t, inner = t[:len(t)-1], true
	default:
		return false
	}
	for _, c := range cues {
		if k := lastWord(t, c); k >= 0 {
			items := strings.Split(t[k+len(c):], ",") // articles count here, unlike near's count
			between := items[0]
			if (inner || len(items) > 1) && (!strings.Contains(c, "told") || untilLaterRe.MatchString(after)) || strings.Contains(between, " or ") || len(strings.Fields(between)) > nearReach+3 || !nearWithin(between, nearReach+3) || len(items) > 5 {
				return false
			}
			for _, it := range items[1:] {
				if f := strings.Fields(it); len(f) == 0 || len(f) > 4 || strings.Contains(it, " or ") || !nearWithin(it, 4) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// untilLaterRe: the list was not known only until later ("... or kidney disease until this
// year", "before this admission").
var untilLaterRe = regexp.MustCompile(`^[^.;]*\b(until|before this|before his|before her)\b`)

// listGoesOnRe: right after a mention, its list goes on ("diabetes or high blood pressure",
// "diabetes, stroke or").
var listGoesOnRe = regexp.MustCompile(`^\s*(,\s*([\w-]+\s+){0,3}[\w-]+\s*)*(,\s*)?\b(or|nor)\b`)

// nearPostCue: one of cues follows the mention in after, near it.
func nearPostCue(after string, cues []string) bool {
	for _, c := range cues {
		if k := firstWord(after, c); k >= 0 && near(after[:k]) {
			return true
		}
	}
	return false
}

// firstWord and lastWord are where w first and last occurs in txt as whole words, or -1.
func firstWord(txt, w string) int {
	for from := 0; ; {
		k := strings.Index(txt[from:], w)
		if k < 0 {
			return -1
		}
		if s := from + k; wordAt(txt, w, s) {
			return s
		}
		from += k + 1
	}
}

func lastWord(txt, w string) int {
	for end := len(txt); ; {
		k := strings.LastIndex(txt[:end], w)
		if k < 0 {
			return -1
		}
		if wordAt(txt, w, k) {
			return k
		}
		end = k + len(w) - 1
	}
}

// wordAt: w at txt[s:] is whole words (a cue's edge that is no letter needs no boundary).
func wordAt(txt, w string, s int) bool {
	e := s + len(w)
	return (s == 0 || !isWordByte(txt[s-1]) || !isWordByte(w[0])) && (e == len(txt) || !isWordByte(txt[e]) || !isWordByte(w[len(w)-1]))
}

// exceptionCut: the clause after an exception that names the mention ("No past medical
// history other than hypertension", "Keine Vorerkrankungen außer einer arteriellen
// Hypertonie") or after the cause looked for ("No reversible cause of the AV block was
// found"; FastContext's terminations) or after a new clause that states it ("Although
// he denies angina, he has known coronary artery disease"), so a negation before the exception does not reach it; not when the
// exception is about something else ("no risk factors other than age for coronary
// artery disease").
func exceptionCut(before string) string {
	locs := exceptionRe.FindAllStringIndex(before, -1)
	if len(locs) == 0 {
		return before
	}
	if rest := before[locs[len(locs)-1][1]:]; near(rest) {
		return rest
	}
	return before
}

var exceptionRe = regexp.MustCompile(`\b(other than|besides|außer|ausser|bis auf|abgesehen von|(cause|causes|source|sources|origin|etiology|reason|reasons|explanation)\s+(of|for)|,\s*(he|she|the patient|patient|pt)\s+(also\s+)?(has|had)\s+(known|a known|a history of|history of|a past history of|documented))\b`) // "No clear origin of the PE was found"

// spouse: a spouse or household member who has the mention ("His wife has hypertension",
// "Ehefrau mit Hypertonie", "her husband died suddenly of heart attack"); not one who only brings or reports ("brought in by his wife
// ... CT showed an acute stroke", "According to his wife, he has had atrial
// fibrillation", "in Begleitung seiner Ehefrau mit Vorhofflimmern").
func spouse(before string) bool {
	if strings.Contains(before, "'s") && spousePossessiveRe.MatchString(before) {
		return true // "quit in January after her husband's heart attack"
	}
	loc := spouseRe.FindStringIndex(before)
	return loc != nil && !strings.Contains(before[max(0, loc[0]-25):loc[0]], "begleitung") && !informantBeforeRe.MatchString(before[max(0, loc[0]-20):loc[0]])
}

// informantBeforeRe: the spouse who tells, not who has it ("Per wife was recently diagnosed
// with atrial fibrillation").
var informantBeforeRe = regexp.MustCompile(`\b(per|according to)\s+((his|her|the)\s+)?$`)

var spouseRe = regexp.MustCompile(`\b(` + household + `\s*\(?\s*|(wife|girlfriend|ehefrau|partnerin|lebensgefährtin)\s+(states|says|reports)\s+(that\s+)?she\s+|(husband|boyfriend|ehemann|lebensgefährte)\s+(states|says|reports)\s+(that\s+)?he\s+)(also\s+)?(\w+ly\s+)?(has|had|have|has had|is an?|is on|with|(recently\s+)?(dx'?d|diagnosed) with|suffers from|suffered|is recovering from|was recovering from|(died|passed away)(\s+\w+ly)?(\s+(in|on|at|last)\s+\w+(\s+\d+)?)?\s+(of|from)|(was|has been)\s+(just\s+|recently\s+|newly\s+)?diagnosed with|hat|hatte|mit|leidet an|litt an|verstarb an)\s+["']?((\S+\s+){0,2}|(\S+\s+){0,2}(for|from|because of|due to)\s+["']?|[^.;:()]{0,40}\s(and|also)\s+(h/o|hx of|history of|a history of)\s+|(([\w-]+\s+){0,3}[\w-]+(\s*,\s*(and\s+)?|\s+and\s+)){1,3}((is|was)\s+on\s+)?|(([\w-]+\s+){0,3}[\w-]+\s*,\s*){0,2}([\w-]+\s+){0,3}[\w-]+,?\s+and\s+((an?\s+|the\s+)?[\w-]+|(takes|is on|uses|wears)\s+[\w-]+)\s+(for|from|because of|due to)\s+)$`)

// spousePossessiveRe: a spouse's own event, right before the mention ("after her husband's
// heart attack").
var spousePossessiveRe = regexp.MustCompile(`\b(her|his|the patient's|patient's)\s+` + household + `'s\s+([\w-]+\s+){0,2}$`)

// household: a spouse, partner or housemate (spouseRe, householdWhoRe).
const household = `(wife|husband|spouse|partner|roommate|boyfriend|girlfriend|ehemann|ehefrau|ehepartner|partnerin|lebensgefährtin|lebensgefährte)`

// householdWhoRe: a household member who has the mention ("lives with her partner, who
// recently had an MI"), not one who only helps ("Lives with wife who assists with insulin
// injections for diabetes", "Lives with her partner who is supportive, history of
// hypertension").
var householdWhoRe = regexp.MustCompile(`\b` + household + `,?\s+who\s+(died|passed away)(\s+\w+ly)?\s+after\s+(an?\s+|complications\s+of\s+(an?\s+)?)(\S+\s+){0,1}$|\b` + household + `\s+of\s+(\d+|many|several)\s+years,?\s+who\s+((herself|himself|also|too)\s+)?(has|had|has had|suffers from)\s+(an?\s+)?$|\b` + household + `,?\s+who\s+(as\s+(you|we)\s+know\s+)?(also\s+)?(\w+ly\s+)?(has|had|has had|is on|is an?|suffers from|suffered|was diagnosed with|(died|passed away)(\s+\w+ly)?\s+(of|from))\s+((\S+\s+){0,2}|[^.;:(),]{0,60}\s(and|also)\s+(\w+ly\s+)?(has|had|has had|was diagnosed with|suffered)\s+(\S+\s+){0,2})$`)

// fhBeforeRe: a dictated "FH" right before the mention, with at most "of" or "positive for"
// and a qualifier between ("FH premature MI", "FH of CAD"): the family's history. Not "FH"
// further back, which may be the patient's familial hypercholesterolemia ("FH on a statin,
// CAD").
var fhBeforeRe = regexp.MustCompile(`\bfh\s*\+?\s*(of|positive for|significant for|notable for|for)?\s*((premature|early|sudden)\s+)?$`)

// Anchors of the cues above. knownRe: "known" or German "bekannt" right before the mention,
// or before its "underlying" or "prior" ("no known underlying CKD", "No known prior MI"),
// presupposes it against a hedge but not against a negation. givenRe: a mention the
// sentence takes as given. neverDeRe: German "nie" right before the mention, as "never"
// ("hatte nie eine Hypertonie", but not "hat nie geraucht und leidet ... an einer
// arteriellen Hypertonie").
var (
	ownKnownRe = regexp.MustCompile(`\b(his|her|their|the patient's|patient's)\s+(known|bekannte[mnrs]?)(\s+(underlying|prior|previous))?\s*$`)
	knownRe    = regexp.MustCompile(`\b(known|bekannte[mnrs]?)(\s+(underlying|prior|previous))?\s*$`)
	givenRe    = regexp.MustCompile(`\b(bei|given|in view of)\s*$`)
	neverDeRe  = regexp.MustCompile(`\b(nie|niemals)\s+((eine?[mnrs]?|an einer)\s+)?$`)
)

// afterComma is the text after the last comma of txt.
func afterComma(txt string) string {
	return txt[strings.LastIndex(txt, ",")+1:]
}

// foundRe: what a work-up found ends its purpose's scope ("evaluated for chest pain and
// found to have a non-ST elevation MI", "an echo to evaluate for MR showed moderate MR"),
// unless the finding is a condition's ("if EKG showed atrial fibrillation", "if he is
// confirmed to have diabetes": conditionalRe before it). Only for the hypothetical cues: a
// relative's finding is still the relative's.
var (
	foundRe       = regexp.MustCompile(`\b(found to have|found to be in|diagnosed with|revealed|showed|demonstrated|confirmed|zeigte sich|fand sich|ergab sich)\b`)
	conditionalRe = regexp.MustCompile(`\b(if|whether|unless|wenn|falls|ob|concerned that|worried that|afraid that)\b`)
)

// queried: a question mark or "potentially" right before the mention ("chest pain, ?
// CAD", "?PE", "this is potentially CAD", but not "his potentially paroxysmal atrial
// fibrillation"); a first clause that opens with a condition or a differential ("Should
// coronary artery disease be found, ...", "Falls ein Schlaganfall auftritt", "DD
// Lungenembolie"; not past its comma: "Sollte es erneut zu Thoraxschmerzen kommen, ist
// bei bekannter KHK ...", nor a mention right after "bei"/"given": "Wenn möglich
// Fortführung der Antikoagulation bei Vorhofflimmern"); or return precautions ("Return to the ER for any signs of
// stroke", "Call 911 if ..."; not "Return for follow up of hypertension").
func queried(before, whole string) bool {
	b := strings.TrimSpace(before)
	return strings.HasSuffix(b, "?") || strings.HasSuffix(b, " potentially") || b == "potentially" ||
		openerRe.MatchString(whole) && !strings.Contains(whole, ",") && !givenRe.MatchString(before) || returnRe.MatchString(whole)
}

var (
	openerRe = regexp.MustCompile(`^[\s\W\d]*(should|sollte|sollten|dd|falls|wenn)\s`)
	returnRe = regexp.MustCompile(`^[\s\W\d]*([a-z ]{3,40}:[\s,]*)?(please\s+)?((return|come back|go|call)\b[^.]{0,40}?\b(er|emergency|ed|911|immediately|right away|if|for any|with any)\b|seek\s+((immediate|urgent|emergency)\s+)?(medical\s+)?(care|attention|help))`)
)

// Cues that must follow the mention directly. negNextRe: a negative answer after a list
// item or heading ("Diabetes: no.", "HTN: (-)", "Hypertension, denied.", "Heart failure:
// denies"); an answer that goes on is about something else ("Hypertension, denies
// headaches", "Hypertension, no medications"). hedgedNextRe: "CAD is likely.", "PE might be
// present", a list item "Diabetes - borderline, diet only", but not "hypertension is likely the cause of ...", nor "diabetes and
// hypertension (other co-morbidities may be present ...)". relativeOfRe: "CAD in father", "diabetes on
// the mother's side".
// relative: a relative's name, as relativeOfRe reads it after the mention.
const relative = `(mother|father|brothers?|sisters?|siblings?|parents|grandmother|grandfather|aunts?|uncles?|sons?|daughters?|mom|dad|cousins?|mgm|mgf|pgm|pgf)`

var (
	negNextRe    = regexp.MustCompile(`^(\s*/\s*[a-z]+( [a-z]+)?\b){0,3}(\s*\?)?(\s*(\.{2,}|_{2,}|…+))?\s*[:,\-–—]?\s*(\[\s*\]\s*(yes|y)\s*)?(\[\s*[x✓]\s*\]\s*)?(no|n|none|denies|denied|neg|negative|\( ?- ?\)|absent|nein|keine|keiner|keines|kein nachweis|kein anhalt|verneint|negativ)(\s+(known|bekannt))?\s*([.;,)]|\s[-–]\s|\s+\(|\s*/\s*(nein|no|n|neg)\b|\t|$|\s+(on|per|by)\s)`)
	hedgedNextRe = regexp.MustCompile(`^\s*[-–:]\s*borderline\s*([,.;(]|$)|^(\s*/\s*[a-z]+){0,3}\s*[:-]?\s*_{2,}|^\s*(((is|are|was|were)\s+)?(likely|probable|possible|suspected)|(may|might|could)\s+be\s+present|questionable)\s*([.;,:]|$|given|based|in view|considering|but\b)|` +
		`^\s*((is|was|has\s+not\s+been|remains)\s+)?(not\s+(yet\s+)?confirmed|unconfirmed)\s*(yet\b|[.;,]|$)|` +
		// a parenthesis right after that weighs it low ("PE (no hypoxia, obvious alternate
		// trigger - low suspicion, not pursued)"); screening for it ("HCM family screening")
		`^\s*\([^()]{0,80}\b(low\s+(clinical\s+)?(suspicion|probability|likelihood)|unlikely|doubtful)\s*([,;)]|-|$)|^\s*(family\s+)?screening\b`)
	relativeOfRe = regexp.MustCompile(`^\s*(in|of)\s+(his |her |the patient's |a |both |one |two )?((maternal|paternal) )?` + relative + `\b|` +
		// after "(", ":" or "-" only a list of relatives that closes there ("Diabetes
		// (mother)", "Hypertension: mother and father"), not an informant or carer
		// ("Diabetes - daughter administers insulin"); not the clause's end, which a scope
		// break may make ("Atrial fibrillation: daughter reports ...").
		`^\s*[(:-]\s*(his |her |both |two )?` + relative + `((\s*,\s*|\s+and\s+|\s*&\s*)(his |her )?` + relative + `)*\s*(\)|[,.;]|at age|with|side)|` +
		`\b(mother's|father's|maternal|paternal) side\b|\bsides? of (the|his|her) family\b|^\s*in (multiple |several |many |two |three |both )?((first|second|third)[- ]degree( and (first|second|third)[- ]degree)? |(first|second)- and (second|third)-degree |close )?(family members|relatives)\b|` +
		`^\s*(bei|beim)\s+(der |dem |seiner |ihrer )?(mutter|vater|bruder|schwester|eltern|großmutter|großvater|geschwistern|tante|onkel|sohn|tochter)\b|\bin der familie\b`)
)

// genericCauseRe and genericArticleRe: a condition named with "a"/"an" as what could
// cause a finding ("A pulmonary embolism could also cause a unilateral effusion, but there
// are no features to suggest this"): a possibility, not the patient's.
var (
	genericCauseRe   = regexp.MustCompile(`^\s*(could|can|may|might) (also |sometimes |occasionally )?(cause|produce|explain|present with|lead to|result in|mimic)\b`)
	genericArticleRe = regexp.MustCompile(`(^|[.;:,]\s*|\W)(an?)\s+$`)
)

// testResultOnly: the only post-negation after a chronic condition is another test's
// result ("63-year-old male with diabetes mellitus, hypertension and chronic renal
// insufficiency (creatinine 1.9) admitted with unstable angina, troponin negative"): a
// troponin does not rule out hypertension.
func testResultOnly(d *doc, s findings.Span, after string) bool {
	if !strings.Contains(after, "negative") || !chronicMentionRe.MatchString(d.lowerOf(s)) {
		return false
	}
	rest := testNegativeRe.ReplaceAllString(ownItem(after), " ")
	return !hasPostCue(rest, negPost)
}

var (
	chronicMentionRe = regexp.MustCompile(`hypertens|\bhtn\b|blood pressure|diabet|\bdm|hyperlipid|\bhld\b|cholesterol|dyslipid|renal insufficiency|kidney disease|\bckd\b`)
	testNegativeRe   = regexp.MustCompile(`\b(troponins?|trop|enzymes|cardiac enzymes|ck-?mb|ck|cpk|bnp|d-?dimer|cultures?|blood cultures|urinalysis|ua|tox(icology)? screen|biomarkers?|markers|ekg|ecg)\s+(was |were |is |are |x ?\d |times \w+ )?negative\b`)
)

// suspectedItemRe: a list item qualified after a comma, at its end ("2. Tachycardia-induced
// cardiomyopathy, suspected.").
var suspectedItemRe = regexp.MustCompile(`^,\s*(suspected|possible|probable|presumed|questionable|query|rule out|r/o|to be ruled out)\s*([.;)]|$)`)

// likelyAfterRe: right after the mention, that it is very likely, ending the clause ("CAD
// highly likely; r/o LAD disease"): a suspicion; not a cause called likely ("cardiomyopathy,
// likely viral").
var likelyAfterRe = regexp.MustCompile(`^\s*(is\s+|was\s+|remains\s+)?(highly|very|most|quite)\s+likely\s*([.;,]|$)`)

// notDocumentedRe: right after the mention, its subject, that it has not been documented
// or captured, at the clause's end or on a monitor ("Paroxysmal atrial fibrillation has not
// been documented but remains possible"); not what has not been seen by someone ("Heart
// failure has not been seen by cardiology since 2019").
// causeDeniedAfterRe: right after the mention, that a cause of it is denied, not the
// mention ("He has heart failure, not felt to be due to ischemia").
var causeDeniedAfterRe = regexp.MustCompile(`^[^.;]{0,10}\bnot\s+(felt|thought|believed|considered)\s+to\s+be\s+(due to|secondary to|caused by|related to|from)\b`)

// notListedRe: right after the mention, that a record does not list it ("Diabetes is not
// listed", set oq; "... not listed on the transfer sheet"), not what it is not listed as.
var notListedRe = regexp.MustCompile(`^\s*(is|was|are|were|has been|have been)\s+not\s+(listed|noted)\s*([.;,]|$|\b(on|in|during|among|by)\b|\bas\s+(an?\s+)?diagnos[ie]s\b)`)

// notListedButRe: after "not listed / not noted", the sentence goes on to find it ("... in
// 2015 but was found on a Holter", "... as a diagnosis until 2015", "..., although he
// takes warfarin for it").
var notListedButRe = regexp.MustCompile(`\b(until|although|though)\b|\b(but|and)\s+(was|is|has been|had been|were)\s+(later\s+|subsequently\s+|then\s+|recently\s+)?(found|diagnosed|documented|present|noted|seen|detected|confirmed)\b|\b(but|however)\b[^.]*\b(it|one|developed|diagnosed|found|seen|detected|documented|has had|for it)\b`)

var notDocumentedRe = regexp.MustCompile(`^\s*(has|have|had)\s+(not|never)\s+been\s+(documented|captured|recorded|observed)\s*([.;,]|$|\bbut\b|\b(on|during|by)\s+(telemetry|tele|monitoring|the monitor|holter|ecg|ekg|event monitor|loop recorder)\b|\b(so far|to date|yet|despite)\b)`)

// notNeededRe: right after the mention, that it is not needed ("Coronary bypass is not
// needed"): a procedure not done, not a finding; not when the mention is what a treatment
// was for (forBeforeRe: "Anticoagulation for atrial fibrillation is not needed").
var (
	notNeededRe = regexp.MustCompile(`^\s*(is|was|are|were|will be) not (needed|indicated|required|necessary|warranted)\b`)
	// notNeededBareRe and procedureMentionRe: a procedure "not needed" with no verb ("No
	// obstructive CAD; CABG not needed", set hy); not "Stenting of the CAD not indicated"
	notNeededBareRe    = regexp.MustCompile(`^\s*not (needed|indicated|required|necessary|warranted)\b`)
	procedureMentionRe = regexp.MustCompile(`bypass|cabg|graft|stent|pci|angioplasty`)
	// notPursuedRe and pursuedOpensRe: a diagnosis not worked up ("and pulmonary embolism
	// was not pursued given the clear precipitant"): the mention opens its clause, or a
	// work-up "of"/"for" it does; not a treatment of it ("Anticoagulation for paroxysmal
	// atrial fibrillation was not pursued", "Cardioversion of atrial flutter was not
	// pursued", "Repeat catheterization in the setting of known CAD was not pursued").
	notPursuedRe   = regexp.MustCompile(`^\s*(was|were|is)\s+(then\s+)?not\s+(further\s+)?pursued\b`)
	pursuedOpensRe = regexp.MustCompile(`(^|[,;:]|\b(and|but|so)\b)\s*((the|a|an|possible|suspected|acute|further|diagnosis of)\s+)*$|\b(work-?up|evaluation|testing|investigation)\s+(of|for)\s+(the\s+|a\s+|an\s+|possible\s+)?$`)
	forBeforeRe    = regexp.MustCompile(`\bfor\s+(his|her|their|the)?\s*$`)
)

// relativesAutopsy: an autopsy's finding told right after a relative's death ("His
// 21-year-old brother collapsed and died during a soccer game. Autopsy showed ... hypertrophic
// cardiomyopathy"): the relative's, as a living patient has no autopsy.
func relativesAutopsy(d *doc, sent findings.Span) bool {
	txt := d.lowerOf(sent)
	if !strings.Contains(txt, "autops") && !strings.Contains(txt, "mortem") && !strings.Contains(txt, "examiner") || !autopsyOpensRe.MatchString(txt) {
		return false
	}
	k := sort.Search(len(d.sentences), func(k int) bool { return d.sentences[k].Start >= sent.Start })
	if k == 0 {
		return false
	}
	p := d.lowerOf(d.sentences[k-1])
	return hasCue(p, family) && relativeDiedRe.MatchString(p)
}

var (
	autopsyOpensRe = regexp.MustCompile(`^\W*(an? |the |his |her )?(autopsy|post-?mortem( examination)?|medical examiner)\b`)
	relativeDiedRe = regexp.MustCompile(`\b(died|death|collapsed|passed away|deceased|expired)\b`)
)

// discussedList: the mention is an item of a list that a consent discussion names
// without saying "risks" ("We discussed deep vein thrombosis, pulmonary embolism, skin
// slough, infection, and need for second surgery"): only short list items stand between
// "discussed" or "explained" and the mention, and one item of the list is an outcome of
// surgery itself (bleeding, infection, death), not the patient's problems ("We discussed
// her atrial fibrillation, hypertension, diabetes, and the bleeding risk of warfarin").
func discussedList(d *doc, sent findings.Span, whole string) bool {
	if !strings.Contains(whole, "discussed") && !strings.Contains(whole, "explained") {
		return false
	}
	locs := discussedRe.FindAllStringIndex(whole, -1)
	if len(locs) == 0 {
		return false
	}
	from := locs[len(locs)-1][1]
	for _, it := range listSep.Split(strings.TrimSpace(whole[from:]), -1) {
		if it = strings.TrimSpace(it); it != "" && !listItem.MatchString(it) {
			return false
		}
	}
	full := strings.ToLower(string(d.runes[sent.Start:sent.End]))
	start := strings.Index(full, whole[from:])
	if start < 0 {
		return false
	}
	for _, it := range listSep.Split(strings.TrimRight(full[start:], ". "), -1) {
		if surgicalOutcomeRe.MatchString(strings.TrimSpace(it)) {
			return true
		}
	}
	return false
}

var (
	discussedRe       = regexp.MustCompile(`\b(we|i|he|she|they|was|were|been)\s+(have\s+|had\s+)?(discussed|explained)\s`)
	surgicalOutcomeRe = regexp.MustCompile(`^(bleeding|infection|death|necrosis|skin necrosis|scarring|hematoma|wound infection)$`)
)

// relativeWho: a relative, then a clause about them that names the mention ("she has a
// brother who has diabetes", "a brother who died of heart failure"); "who" ends a cue's
// scope, so the relative is looked for in the words before it. Not when the clause goes
// back to the patient: a relative who reports, or a pronoun ("her daughter who states she
// has diabetes", "her friend who she lives with manages her CHF").
// emphaticRelative: the sentence opens with "He himself" or "She herself" right after a
// sentence that opens with the patient's relative of that sex, the patient being of the other
// ("Her son, who accompanies her, notes she has been more confused. He himself had a
// stroke last year", set if): the relative's. Not "... her mother had a blood clot. She
// herself has no previous history of ... pulmonary embolism" (the patient's).
func emphaticRelative(d *doc, sent findings.Span, whole string) bool {
	m := emphaticOpensRe.FindStringSubmatch(whole)
	if m == nil {
		return false
	}
	var prev string
	for _, p := range d.sentences {
		if p.End <= sent.Start {
			prev = d.lowerOf(p)
		} else {
			break
		}
	}
	if m[1] == "he" {
		return maleRelativeRe.MatchString(prev)
	}
	return femaleRelativeRe.MatchString(prev)
}

var (
	emphaticOpensRe  = regexp.MustCompile(`^\W*(he) himself\b|^\W*(she) herself\b`)
	maleRelativeRe   = regexp.MustCompile(`^\W*her (son|husband|father|brother|grandson|nephew|uncle|boyfriend)\b`)
	femaleRelativeRe = regexp.MustCompile(`^\W*his (daughter|wife|mother|sister|granddaughter|niece|aunt|girlfriend)\b`)
)

func relativeWho(before string) bool {
	if !strings.Contains(before, "who") {
		return false // the regexp scans the whole sentence: most have no "who"
	}
	loc := relativeWhoRe.FindStringSubmatchIndex(before)
	if loc == nil || backToPatientRe.MatchString(before[loc[0]:]) {
		return false
	}
	words := strings.Fields(before[:loc[0]])
	return hasCue(strings.Join(words[max(0, len(words)-4):], " "), family)
}

var (
	relativeWhoRe   = regexp.MustCompile(`\bwho\s+(?:[a-z0-9',-]+\s+){0,5}$`)
	backToPatientRe = regexp.MustCompile(`\b(he|she|his|her|him|patient|states|stated|says|said|reports|reported|notes|noted|manages|helps|gives|brought|told|thinks|feels|believes)\b`)
)

// hedgedCauseRe: a hedged cause right before the mention ("maybe secondary to
// hypertension"), which "secondary to" would otherwise cut from the clause.
func hedgedCause(whole string) bool {
	if strings.Contains(whole, "bei") || strings.Contains(whole, "durch") || strings.Contains(whole, "infolge") || strings.Contains(whole, "rahmen") {
		if hedgedCauseDeRe.MatchString(whole) {
			return true // "inferiore Akinesie, a.e. bei stattgehabtem, klinisch stummem Hinterwandinfarkt"
		}
	}
	if !strings.Contains(whole, "to") && !strings.Contains(whole, "by") {
		return false
	}
	tail := whole[max(0, len(whole)-160):] // the longest if/whether match is about 110 bytes
	if hedgedCauseRe.MatchString(tail) {
		return true
	}
	locs := hedgedCauseOpenRe.FindAllStringIndex(tail, -1)
	return len(locs) > 0 && near(tail[locs[len(locs)-1][1]:]) // "may be secondary to an alcoholic cardiomyopathy", not "possibly related to insulin for type 2 diabetes"
}

// notifyAnyRe: an instruction to report any episode to come ("will notify cardiology of any
// atrial fibrillation", "call for any").
var notifyAnyRe = regexp.MustCompile(`\b(notify|alert|call|report|inform|page|contact)\b[^.;]{0,60}\b(of|for|about|with)\s+any\s+$`)

// notConcludedRe and soBeforeRe: a conclusion that the mention is not there ("troponins
// were negative, so myocardial infarction was not a concern", "MRI negative for
// infarction, so CVA is not established"); not "Atrial fibrillation is not a concern for
// surgery" or "Diabetes not established with endocrinology".
// symptomsNoneRe: a form's field "Heart failure symptoms: none." closed at once; not
// "Atrial fibrillation symptoms: none; continue apixaban" or "... none on metoprolol".
func symptomsNone(d *doc, sent, s findings.Span) bool {
	return symptomsNoneRe.MatchString(sentenceRest(d, sent, s))
}

// sentenceRest is the mention's sentence after it, lower case, past the clause breaks that
// clauseAfter stops at.
func sentenceRest(d *doc, sent, s findings.Span) string {
	return d.lowerOf(findings.Span{Start: s.End, End: max(s.End, sent.End)})
}

var (
	notConcludedRe = regexp.MustCompile(`^\s+(was|is)\s+not\s+(a concern|established|present)\s*([.;]|$)`)
	soBeforeRe     = regexp.MustCompile(`\b(so|thus|therefore|hence)\s+(an?\s+|the\s+)?(acute\s+|new\s+)?$`)
	symptomsNoneRe = regexp.MustCompile(`^\s+(symptoms|sx)\s*:\s*(none|no|negative|denied|denies)\s*\.?\s*$`)
)

// deniedCauseRe: a cause judged not to be the mention, right before it ("Her dyspnea was
// not felt to be due to pulmonary embolism"), which "due to" would otherwise cut from the
// negation; not the patient's own condition named as not the cause ("not thought to be
// due to her heart failure": she has it), and only for an acute event (acuteEvent): a
// chronic condition named so mostly stays ("not felt to be due to atrial fibrillation,
// which remained rate controlled").
var deniedCauseRe = regexp.MustCompile(`\b(not (felt|thought|believed|considered|judged|deemed) to be|(felt|thought|believed|considered|judged|deemed) not to be)\s+(secondary to|due to|related to|caused by|from)\s+(an?\s+|acute\s+|new\s+|recurrent\s+)*$`)

var (
	hedgedCauseOpenRe = regexp.MustCompile(`\b(maybe|perhaps|possibly|probably|likely|presumably|may be|might be|could be|can be)\s+(secondary to|due to|related to|caused by)\b`)
	hedgedCauseDeRe   = regexp.MustCompile(`\b(a\.e\.|am ehesten|wahrscheinlich|vermutlich|möglicherweise|ggf\.)\s+(bei|durch|infolge|im rahmen (eines|einer|von))\s+([\wäöüß.-]+,?\s+){0,4}$`)
	hedgedCauseRe     = regexp.MustCompile(`\b(if|whether)\b[^.;,]{0,60}\b(due to|secondary to|related to|caused by)\s*$`)
)

// insignificantRe: "Insignificant coronary disease": like an item hedge, it reaches the
// few words right after it, not past a comma ("Hemodynamically insignificant stenosis,
// history of CABG" has the CABG).
var insignificantRe = regexp.MustCompile(`\binsignificant\s+(?:[a-z-]+\s+){0,3}$`)

// unlikelyDifferential: a differential's item that the sentence then calls unlikely or
// excluded after a dash: what its "bei" presupposed is part of the differential ("DD:
// kardiale Dekompensation bei Herzinsuffizienz – bei normwertigem NT-proBNP
// unwahrscheinlich").
func unlikelyDifferential(d *doc, sent, s findings.Span) bool {
	return ddStartRe.MatchString(d.lowerOf(sent)) && dashUnlikelyRe.MatchString(d.lowerOf(findings.Span{Start: s.End, End: max(sent.End, s.End)}))
}

var (
	ddStartRe      = regexp.MustCompile(`^\W*(dd|ddx|differential\w*|differenzial\w*)\b`)
	dashUnlikelyRe = regexp.MustCompile(`\s[-–—]\s[^.;]*\b(unwahrscheinlich|ausgeschlossen|unlikely|excluded|ruled out)\b`)
)

// notOnRe: "not on" a treatment, closed by a comma before the mention: the negation is
// the treatment's, not the next item's.
var notOnRe = regexp.MustCompile(`\bnot\s+(currently\s+|yet\s+)?on\s+[a-z0-9/-]+(\s+[a-z0-9/-]+)?(\s*\([^()]*\))?\s*,`)

// closedNotRe: a negation after the item it negates, closed by a comma ("thrombus not
// seen, moderate mitral regurgitation"): it does not reach the next item.
var closedNotRe = regexp.MustCompile(`\b(was |were |is |are )?not (seen|visualized|present|identified|demonstrated|appreciated|detected|evident)\s*,`)

// notTreatedRe: "has not been treated for", "not on medication for": the negation is of
// the treatment; the patient has what follows.
var notTreatedRe = regexp.MustCompile(`\bnot\s+(?:been\s+|being\s+)?(?:treated|(?:on|take|taking|compliant with|adherent to)\s+(?:any\s+|his\s+|her\s+|the\s+|their\s+)?(?:medications?|meds|medicines?|treatment|therapy))\s+for\s+(?:his|her|the|any|this)?\s*$`)

// recurBeforeRe and recurAfterRe: the mention is another episode of what the patient had
// ("risk of another heart attack", "prevent recurrent stroke", "chance of recurrence of
// atrial fibrillation", "could lead to worsening of atrial fibrillation", "Should AF
// recur", "if heart failure returns"; not "repeat PE protocol", "Stroke return
// precautions"). onDrugForRe: the patient takes a drug for the mention; a
// negation before it is about something else ("Denies myalgias on rosuvastatin for
// HLD"). statusAfterRe: a status right after the mention ("CHF stable", "HTN well
// controlled") makes it a new item, past an earlier item's negation.
var (
	recurBeforeRe = regexp.MustCompile(`\b(another|recurrent|a second|a further|recurrence of|worsening( of)?|exacerbation of|progression of)\s+$`)
	// signsOfBeforeRe: the symptoms recur, not the disease ("call 911 immediately if any
	// symptoms of stroke recur", set ik)
	signsOfBeforeRe = regexp.MustCompile(`\b(symptoms?|signs?|warning signs)\s+of\s+(an?\s+|a\s+new\s+)?$`)
	recurAfterRe    = regexp.MustCompile(`^\s*(recurs|recur|recurred|recurring|recurrences?|returns|returning|comes back|coming back)\b`)
	onDrugForRe     = regexp.MustCompile(`\b(on|for|takes|taking|started|starting|continue|continued|resumed|restarted)\s+((his|her|their)\s+)?([a-z-]+)(\s+\d+(\.\d+)?\s*(mg|mcg|units?))?\s+for\s+(his|her|their|the)?\s*$`)
	notDrugRe       = regexp.MustCompile(`^(meds|medications?|medicines?|anything|treatment|therapy|drugs|exertion|admission|arrival|exam|examination|presentation|review|evaluation|eval|workup|work-up|testing|screening|assessment|evidence|signs?|symptoms?|history|risk|criteria|concern|suspicion|need|reason|basis|time|now|hold|him|her|them|it|the|a|an|this|that|any)$`)
	// treatedForRe: a treatment or procedure the patient had for the mention; a negation
	// before it is about its outcome ("No residual gradient after SAVR for AS", "no
	// recurrence since ablation for AF", "No bleeding after tPA for her stroke").
	treatedForRe = regexp.MustCompile(`\b(after|s/p|status post|following|post|since)\s+([a-z/-]+\s+){0,2}?(savr|tavr|tavi|avr|mvr|replacement|repair|ablation|cardioversion|dccv|pci|ptca|stenting|stents?|stent placement|cabg|bypass|thrombectomy|thrombolysis|tpa|surgery|mitraclip|watchman|treatment|therapy|anticoagulation)\s+for\s+(his|her|their|the)?\s*$`)
	// listOrChangeRe: what a "no change/progression of" runs over is a list or a change
	// into something else ("No worsening of dyspnea or heart failure symptoms", "No
	// progression of prediabetes to diabetes"): the negation stands.
	listOrChangeRe = regexp.MustCompile(`\s(to|into|or|and|nor)\s`)
	statusAfterRe  = regexp.MustCompile(`^\s*(is\s+|remains\s+|has been\s+)?(stable|controlled|well[- ]controlled|compensated|improved|improving|unchanged)\b`)
)

// taughtSignsRe, signsOfRe and reviewedAfterRe: the signs or symptoms of a condition
// that the patient is taught to recognise, the teaching a few words before them ("Educated
// the patient on the symptoms of heart failure", "Learn the signs of a stroke", "Know the signs
// of a stroke - BE FAST", "warned about danger signs of heart attack and to report to
// emergency"), warning signs reviewed with the patient ("Reviewed the warning
// signs of stroke with him and his wife", "Discussed signs of diabetes", "I discussed with
// him the symptoms of stroke to report after surgery", "I reviewed the symptoms of stroke
// with him and his wife") or the sentence opening with them ("Signs and
// symptoms of stroke were reviewed with the patient"): patient-education text. Not signs the patient has ("He has signs of heart
// failure and was advised to ...", "Counseled on diet and exercise, symptoms of diabetes
// well controlled").
var (
	signsOf       = `(\b((warning|danger|alarm)\s+)?(signs?|symptoms?)(\s+(and|or|&)\s+(signs?|symptoms?))?|\bs/sx|\bs/s|\bs&s)\s+of\s+([^.;:]{0,40}?(,|\band|\bor|&)\s+)?(a\s+|an\s+|the\s+)?$`
	signsOfRe     = regexp.MustCompile(`^\W*` + signsOf)
	taughtSignsRe = regexp.MustCompile(`\bexplained\s+(to\s+(him|her|them|the patient)\s+)?(the\s+)?` + signsOf + `|\b(educat(e|ed|ing|ion)|teach|teaching|taught|instruct(ed|ions?)?|counsel(l?ed|l?ing)?|learn(s|ed)?|know|recogni[sz](e|es|ing)|warned)\b(\s+[^\s,;]+){0,7}?\s+` + signsOf + `|\bknows\s+(the\s+)?(warning|danger|alarm)\s+(signs?|symptoms?)(\s+(and|or|&)\s+(signs?|symptoms?))?\s+of\s+(an?\s+|the\s+)?$|\b(reviewed|discussed|went over|gone over)\s+with\s+(him|her|them|the patient|the family|patient|family|his \w+|her \w+)\s+(the\s+)?` + signsOf + `|\b(reviewed|discussed|went over|gone over)\s+(the\s+)?(warning\s+(signs?|symptoms?)|signs?)` + `(\s+(and|or|&)\s+(signs?|symptoms?))?\s+of\s+(an?\s+|the\s+)?$`)
	// reviewedSymptomsRe and withPatientNextRe: "I reviewed the symptoms of stroke with him
	// and his wife", "Reviewed symptoms of recurrent arrhythmia and of stroke to report": the
	// symptoms reviewed with the patient or for the patient to report, not "We discussed the
	// symptoms of atrial fibrillation, which he notes mainly at night".
	reviewedSymptomsRe = regexp.MustCompile(`\b(reviewed|discussed|went over|gone over)\s+the\s+symptoms\s+of\s+(an?\s+)?$`)
	// symptomsToReportRe and toReportNextRe: symptoms reviewed for the patient to report
	// ("Reviewed symptoms of recurrent arrhythmia and of stroke to report")
	symptomsToReportRe = regexp.MustCompile(`\b(reviewed|discussed|went over|gone over)\s+(the\s+)?symptoms\s+of\s+([^.;:]{0,40}?\s+and\s+of\s+)?(an?\s+)?$`)
	toReportNextRe     = regexp.MustCompile(`^\s*to\s+(report|watch\s+for|call\s+about)\b`)
	withPatientNextRe  = regexp.MustCompile(`^\s*with\s+(him|her|them|the patient|patient|the family|family|his|her)\b`)
	reviewedAfterRe    = regexp.MustCompile(`^\s*((were|was|are)\s+)?(reviewed|discussed|explained|taught)\b`)
)

// absentBeforeRe: "absent" or "excluded" right before the mention ("Absent mitral
// regurgitation"; not "Absent P waves and atrial fibrillation"). listedInErrorRe: a
// diagnosis recorded in error ("CHF was listed on her problem list in error"; not
// "lisinopril was held in error"). untilAfterRe: what the patient never had until a time
// ("never diagnosed with diabetes until 2019", "before age 50", "never diagnosed with AF
// before her stroke"): the never does not hold (only a never: "No history of CHF prior to
// this admission" and "Never had an MI prior to this admission" stay negated).
var (
	absentBeforeRe   = regexp.MustCompile(`\b(absent|excluded)\s+$`)
	listedInErrorRe  = regexp.MustCompile(`^\s*(was|is|were|had been|has been)?\s*(previously\s+)?(listed|entered|documented|charted|coded|recorded|placed)\b[^.;,]{0,40}\bin error\b`)
	untilAfterRe     = regexp.MustCompile(`^((\s*,\s*|\s+(or|and)\s+)(\w+[ -]){0,3}\w+)*\s*,?\s*(until|before (age|the age of|\d{4}))\b`)
	diagnosedLaterRe = regexp.MustCompile(`^\s*,?\s*(before|prior to)\b`)
	neverToldRe      = regexp.MustCompile(`\bnever\s+(been\s+)?(diagnosed|told)\b`)
)

// Words the regexps above need, asked first (they run on every mention; a tenth of the
// rules' time on findings-dense notes before these checks).
var (
	recurWords  = []string{"another", "a second", "a further", "worsening", "exacerbation", "progression", "recur", "return", "comes back"}
	signWords   = []string{"sign", "symptom", "s/s", "s&s"}
	absentWords = []string{"absent", "excluded"}
	changeWords = []string{"chang", "increas", "decreas", "progress", "worsen", "improv"}
)

// notChanged is notChangedRe's match in txt, asked only of text with a word of change.
func notChanged(txt string) []int {
	if !hasAny(txt, changeWords) {
		return nil
	}
	return notChangedRe.FindStringIndex(txt)
}

// forDrug is onDrugForRe's match in txt and its drug's word ([2:4]), asked only of
// text with " for".
func forDrug(txt string) []int {
	if !strings.Contains(txt, " for") {
		return nil
	}
	loc := onDrugForRe.FindStringSubmatchIndex(txt)
	if loc == nil {
		return nil
	}
	return []int{loc[0], loc[1], loc[8], loc[9]}
}

// forTreatment is treatedForRe's match in txt, asked only of text with " for".
func forTreatment(txt string) []int {
	if !strings.Contains(txt, " for") {
		return nil
	}
	return treatedForRe.FindStringIndex(txt)
}

// hasAny: txt holds one of words.
func hasAny(txt string, words []string) bool {
	for _, w := range words {
		if strings.Contains(txt, w) {
			return true
		}
	}
	return false
}

// underIfList: the mention's line is an item of a list that a line ending in "if:" opens
// ("Call 911 right away if:" / "- You have signs of a stroke (face drooping, ...)"), as
// after-visit summaries write warning signs.
func underIfList(d *doc, sent findings.Span) bool {
	start := lineStart(d.runes, sent.Start)
	if !listItemStartRe.MatchString(string(d.runes[start:min(len(d.runes), start+6)])) {
		return false
	}
	for n := 0; n < 25 && start > 0; n++ {
		end := start - 1 // the newline before this line
		start = lineStart(d.runes, end)
		raw := string(d.runes[start:end])
		line := strings.TrimSpace(strings.ToLower(raw))
		switch {
		case ifListOpenerRe.MatchString(line) || strings.HasSuffix(line, ":") && consentRe.MatchString(line):
			return true // "Call 911 if:", "Risks discussed included but not limited to:"
		case line != "" && strings.HasPrefix(raw, "  ") && !listItemStartRe.MatchString(line):
			// an item's wrapped continuation ("3. Bile leak ... possibly requiring further\n
			//      procedures such as ERCP")
		case line == "" || !listItemStartRe.MatchString(line):
			return false
		}
	}
	return false
}

// lineStart is where the line holding r[i] starts.
func lineStart(r []rune, i int) int {
	for i > 0 && r[i-1] != '\n' {
		i--
	}
	return i
}

// ifListOpenerRe: a line that opens a list of conditions ("Call 911 right away if:",
// "Return to the ER if you have any of the following:", "When to call 911:", "Warning
// signs:").
var ifListOpenerRe = regexp.MustCompile(`\b(if|when)( you( have| notice| experience| develop| get)?)?( any of the following( symptoms)?)?\s*:$|` +
	`\bwhen to (call|seek|go|get|return)\b[^:]{0,40}:$|^(warning signs|red flags|emergency signs|danger signs)( to watch for)?\s*:$`)

// consideredAfterRe: "PE considered but Wells low": the mention was a consideration;
// consideredStatusRe: "CHF was considered stable": a status, not a consideration.
var consideredStatusRe = regexp.MustCompile(`^\s*(was|were|is)\s+considered\s+(stable|controlled|well[- ]controlled|compensated|resolved|chronic|mild|moderate|severe|significant)\b`)

// An example named after the mention, or "had been", comes before "considered" ("an
// infiltrative cardiomyopathy such as cardiac amyloidosis had been considered, but ...",
// set hx; "Pulmonary embolism considered with the tachycardia but felt unlikely", set hu).
var consideredAfterRe = regexp.MustCompile(`^\s*(is|are|was) being considered\s*(but\b|and\b|,|;|\.|$|given\b|because\b|due\b|in view\b)|^\s*(was |were |is )?(also )?considered\s*(but|and|,|;|\.|$|on\b|for\b|initially\b|early\b|given\b|because\b|due\b|in view\b|as (a |the )?(possible |potential |likely |probable )?(cause|etiology|source|explanation|contributor)\b)|^\s*((such as|e\.g\.,?|including|like) [^,.;]{1,40}?\s+)?(had been |has been )?(also |initially |briefly )?considered\s*(but\b|,|;|\.|$|with\b)`)

// wouldPromptRe and incidenceRe: the mention as a condition that would set off a step
// ("the development of atrial fibrillation ... would prompt referral") or as a rate ("Post-op
// atrial fibrillation occurs in ~30% of CABG patients", "occurs in 10-20% of patients after
// lobectomy").
// populationDevelopRe: what patients in general go on to develop ("a significant proportion
// of patients with flutter go on to develop atrial fibrillation", "Some people who have
// atrial flutter go on to develop atrial fibrillation later": asked of the whole sentence,
// as "who" ends the clause), the cue's subject longer than the fixed "patients develop"
// allows.
var populationDevelopRe = regexp.MustCompile(`\b(patients|people|pts|persons|individuals)\b[^.;]{0,50}\b(go on to|later|eventually|will|may|can|often|commonly)?\s*develop\s+(an?\s+)?$`)

// canAndLeadRe: a modal's second verb that leads to the mention ("Over time, it can damage
// your blood vessels and lead to heart attack, stroke ...", "A clot can travel to the brain
// and cause a stroke", "the new valve can press on the heart's electrical system and cause
// heart block"), or names it in parentheses ("can weaken the heart muscle (cardiomyopathy)"):
// what may follow, as "can lead to" is.
var canAndLeadRe = regexp.MustCompile(`\b(can|may|could|might)\s+([a-z/'’()-]+\s+){1,6}?and\s+(then\s+)?(lead to|cause|result in)\s+[^.;:]*$|\b(can|may|could|might)\s+(weaken|damage|injure|harm|stiffen|narrow|thicken|enlarge)\s+([a-z/'’-]+\s+){1,4}?\(\s*$`)

// openQuestion: the mention stands in a question the writer asks ("2. Is his exertional
// chest pressure from CAD, AS, or both?"), not one answered on its line ("Hx of stroke? N").
func openQuestion(d *doc, sent findings.Span) bool {
	if sent.End <= sent.Start || d.runes[sent.End-1] != '?' {
		return false
	}
	return openQuestionRe.MatchString(strings.ToLower(string(d.runes[sent.Start:min(sent.End, sent.Start+24)])))
}

var openQuestionRe = regexp.MustCompile(`^(\d{1,2}[.)]\s+)?(is|are|does|do|did|could|can|should|would|was|were|has|have|will|might)\s`)

// differentialListed: the sentence before the mention is a differential that lists it
// (differentialIncludesRe) and has not turned to what the patient has.
// listedAsCandidate: the mention stands in a differential's list, or in a list of possible
// sources that does not tell it as the patient's own (diagnosedAfterRe).
func listedAsCandidate(d *doc, sent, s findings.Span, whole string) bool {
	if strings.Contains(whole, "differential") {
		return differentialListed(whole)
	}
	if !strings.Contains(whole, "possible") && !strings.Contains(whole, "potential") {
		return false
	}
	return !diagnosedAfterRe.MatchString(sentenceRest(d, sent, s)) && differentialListed(whole)
}

func differentialListed(whole string) bool {
	loc := differentialIncludesRe.FindStringSubmatchIndex(whole)
	return loc != nil && !differentialTurnRe.MatchString(whole[loc[3]:])
}

// diagnosedAfterRe: a listed source told as the patient's own ("atrial fibrillation,
// which was newly diagnosed on this admission").
var diagnosedAfterRe = regexp.MustCompile(`^[^.;]{0,20}\b(which|that)\s+(was|is|has been|had been)\b|\b(documented|diagnosed|confirmed|known)\b`)

// differentialTurnRe: the sentence turns from the differential to what the patient has
// ("Differential includes PE, but she clearly has heart failure").
var differentialTurnRe = regexp.MustCompile(`\b(but|however|although|though|whereas|while)\b`)

// whichDoubted: the mention is doubted in a "which" clause right after it ("left-sided
// congestive heart failure, which seems less likely with a normal LV ejection fraction"),
// past the scope break that "which" is for other cues.
func whichDoubted(d *doc, sent, s findings.Span) bool {
	rest := strings.ToLower(string(d.runes[s.End:min(max(sent.End, s.End), s.End+60)]))
	return strings.Contains(rest, "which") && whichDoubtRe.MatchString(rest)
}

var (
	whichDoubtRe = regexp.MustCompile(`^[^.;,]{0,30},?\s*which\s+(seems|is|appears|was|seemed|appeared)\s+(much\s+|far\s+)?(less likely|unlikely|doubtful|not likely|very unlikely)\b`)
	// differentialIncludesRe: a differential that lists the mention
	// ("Differential for the dyspnea and edema also includes left-sided congestive heart
	// failure", however long the list), read over the whole sentence before it.
	// Also the possible (embolic) sources a sentence lists ("Possible sources include
	// calcific emboli from the aortic valve, paroxysmal atrial fibrillation, or carotid
	// disease"), unless the mention is told as diagnosed ("..., which was newly diagnosed").
	differentialIncludesRe = regexp.MustCompile(`\b(?:differential(?: diagnosis| diagnoses| dx)?|(?:possible|potential) (?:embolic |cardioembolic )?sources?)\b[^.;:]{0,60}\b(includes?|including|included|consists of|would include)\b[^.;:]{0,250}$`)
	// deClauseEndHypoRe: a German clause whose predicate, at its end, doubts its subject
	// ("Ein Myokardinfarkt erscheint bei typischem Befund und niedrigem Troponin
	// unwahrscheinlich", "ein Vorhofflattern als Differentialdiagnose ist damit nicht
	// wahrscheinlich"): the verb comes last, past hypoPostNear's reach.
	deClauseEndHypoRe = regexp.MustCompile(`^[^,;:]{0,100}\b(erscheint|ist|scheint|war|wäre|bleibt)\b[^,;:]{0,80}\b(unwahrscheinlich|nicht wahrscheinlich|wenig wahrscheinlich|eher unwahrscheinlich)\s*([.!)]\s*$|,|$)`)
	// appositiveRe: an appositive right after the mention, which a post-cue reaches past
	// ("infiltrative cardiomyopathy, specifically transthyretin cardiac amyloidosis, should
	// be considered").
	appositiveRe  = regexp.MustCompile(`^\s*,\s*(specifically|namely|i\.e\.|particularly|especially|e\.g\.)\s[^,;.]{0,60},`)
	wouldPromptRe = regexp.MustCompile(`^[^.;]{0,80}\bwould (prompt|trigger)\b`)
	incidenceRe   = regexp.MustCompile(`^\s*(occurs?|develops?|is seen|happens?)\s+in\s+(about |approximately |up to |roughly |~\s*)?\d+(\.\d+)?(\s*(-|–|to)\s*\d+(\.\d+)?)?\s*%`)
)

// notChangedRe: "no change in", "no significant interval change in", "no progression of"
// (not "no changes of", which an ECG writes for "no signs of"):
// what did not change is there (NegEx's pseudo-negations). Not "no further" or "no
// recurrence of", which the labels read as negated mentions (the note asserts the
// earlier episode where it names it).
var notChangedRe = regexp.MustCompile(`\b(?:no|without)\s+(?:(?:significant|definite|interval|suspicious|appreciable|substantial|major|obvious|real|further)\s+)*(?:(?:change|changes)\s+in|(?:increase|decrease|progression|worsening|improvement)\s+(?:in|of))\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[a-z-]+\s+){0,2}$`)

// riskAfter: a risk, rates, a work-up or prevention of the concept right after it ("stroke
// risk", "DVT, PE rates", "stroke prevention"), not the concept, unless the prevention is
// secondary (after the event: "Aggrenox for secondary stroke prevention").
func riskAfter(before, after string, event bool) bool {
	if t := strings.TrimSpace(after); strings.HasPrefix(t, "(") {
		after = abbrevParenRe.ReplaceAllString(after, " ") // "atherosclerotic cardiovascular disease (ASCVD) risk: 4.1%"
	} else if strings.HasPrefix(t, ")") {
		after = t[1:] // the abbreviation itself: "(ASCVD) risk"
	}
	if startsWithWord(after, []string{"prevention"}) {
		return !strings.HasSuffix(strings.TrimSpace(before), "secondary")
	}
	return startsWithWord(after, riskNext) || strings.Contains(after, "risk") && (sharedRiskRe.MatchString(after) && weighedBeforeRe.MatchString(before) || event && eventRiskRe.MatchString(after) && (taughtBeforeRe.MatchString(before) || weighedBeforeRe.MatchString(before)))
}

// sharedRiskRe: a risk the mention shares with a harm no concept names ("balancing stroke
// and bleeding risk", set hs); not "atrial fibrillation and stroke risk factors".
// eventRiskRe and taughtBeforeRe: an event's risk taught with another harm's ("Counseled on
// stroke and MI risk", set lq; "We discussed stroke and bleeding risk"); not a condition the
// patient has, taught with the harm it brings ("Discussed atrial fibrillation and stroke
// risk", "Educated on heart failure and fall risk").
var (
	sharedRiskRe   = regexp.MustCompile(`^\s*(and|or|/|versus|vs\.?)\s*(bleeding|hemorrhage|hemorrhagic|mortality|death)\s+risks?\b`)
	eventRiskRe    = regexp.MustCompile(`^\s*(and|or|/)\s*(bleeding|hemorrhage|hemorrhagic|mortality|death|mi|heart attack|myocardial infarction|stroke|cardiovascular|cardiac|falls?)\s+risks?\b`)
	taughtBeforeRe = regexp.MustCompile(`\b(discuss\w*|counsel\w*|educat\w*|explain\w*|review\w*)(\s+(him|her|them|the patient|patient))?(\s+(on|about|regarding|re))?(\s+(the|his|her|their))?\s+$`)
)

// weighedBeforeRe: right before the mention, a word that weighs or quotes the risk
// ("balancing stroke and bleeding risk", "Perioperative stroke and death risk"); not "Hx
// of stroke and fall risk" or "Heart failure and mortality risk were discussed".
var weighedBeforeRe = regexp.MustCompile(`\b(balanc\w*|weigh\w*|perioperative|periprocedural|procedural|quoted|estimated|annual)\s+$`)

// ownWorkup: the work-up of the patient's own cardiomyopathy ("his cardiomyopathy workup
// in 2007 included a catheterization", set hg): a possessive before it presupposes the
// disease, and what is worked up is its cause. Not a risk, and not other concepts: "her
// PE workup" and "His heart failure evaluation was negative" are searches for one.
func ownWorkup(mention, after string, presupposed bool) bool {
	return presupposed && strings.Contains(mention, "cardiomyopath") &&
		startsWithWord(after, []string{"workup", "work-up", "work up", "evaluation"})
}

// neverDocumentedRe: "never documented" right before the mention denies it ("never
// documented atrial fibrillation per his cardiology records", set hn); not "He has never
// documented a blood pressure below 160 ... for hypertension" or "Although it was never
// documented on ECG, she describes paroxysmal atrial fibrillation".
// raisedPossibleRe and clauseOpensRe: the mention opens its clause and "was raised as a
// possible" cause follows it ("Pulmonary embolism was raised as a possible contributor",
// set hj); unlikelyCauseRe and thinkOpensRe: the same with "is unlikely to be the cause",
// also after "I think" (set ht); scoreAsForRe: a stroke score used "as for" the
// mention, for another arrhythmia (set hi).
var (
	neverDocumentedRe = regexp.MustCompile(`\bnever (been )?documented\s+(to have (had )?|to be in\s+)?((an?|any)\s+)?((paroxysmal|persistent|permanent|chronic|acute)\s+)?$`)
	// excludedARe: "MRI ... excluded a stroke" (set hw), right before the mention
	excludedARe = regexp.MustCompile(`\bexcluded\s+(an?|any)\s+((acute|new|recent|hemorrhagic|ischemic)\s+)?$`)
	// asCommonRe and isCommonRe: a reason given as "as X is common." (set hz); not
	// "Postoperative atrial fibrillation is common. He developed it on day 3"
	asCommonRe = regexp.MustCompile(`\b(as|since|because)\s+((postoperative|post-operative|perioperative|post-cabg|new)\s+)?$`)
	isCommonRe = regexp.MustCompile(`^\s*(is|are) (very )?common\s*([.;]|$)`)
	// egGenericBeforeRe and egGenericAfterRe: an example in parentheses in a general
	// statement ("Pulmonary vascular disease (e.g., chronic pulmonary emboli) can also
	// reduce DLCO", set hm); not "risk factors (e.g., hypertension and hyperlipidemia)"
	egGenericBeforeRe = regexp.MustCompile(`\(\s*(e\.g\.|eg|for example),?\s*[^()]{0,30}$`)
	egGenericAfterRe  = regexp.MustCompile(`^[^()]{0,40}\)\s*(can|may|might|could|would)\b`)
	scoreAsForRe      = regexp.MustCompile(`\b(based on|per|by|using)\s+(the\s+|his\s+|her\s+)?(chads2?|cha2ds2-?vasc)\s+score\s+as for\s+((nonvalvular|non-valvular|paroxysmal)\s+)?$`)
	unlikelyCauseRe   = regexp.MustCompile(`^\s*(is|was|seems|appears)\s+(very |highly |quite )?unlikely to be the (cause|etiology|explanation|source|culprit|reason)\b`)
	thinkOpensRe      = regexp.MustCompile(`\b(i|we) (think|feel|believe|suspect)( that)?\s+$`)
	raisedPossibleRe  = regexp.MustCompile(`^\s*(was|were|had been|has been) (raised|considered|entertained) as (a |an )?(possible|potential)\b`)
	clauseOpensRe     = regexp.MustCompile(`(^|[.;:,]\s*|\b(and|but|while)\s+)((the|a|an|acute|possible)\s+){0,2}$`)
)

// lineHead: the mention stands in the first words of its line, after nothing that ends
// a label or a sentence ("  Heart disease or heart attack: No").
func lineHead(d *doc, s findings.Span) bool {
	ls := lineStart(d.runes, s.Start)
	return s.Start-ls <= 40 && !strings.ContainsAny(string(d.runes[ls:s.Start]), ":.;|")
}

var abbrevParenRe = regexp.MustCompile(`^\s*\([a-z0-9-]{1,10}\)`)

// clauseBefore is the lower-cased text between the start of the clause and the mention.
func clauseBefore(d *doc, sent, s findings.Span) string {
	from := max(sent.Start, s.Start-preWindow)
	if from > s.Start {
		from = s.Start
	}
	txt := tagListItems(cueText(string(d.runes[from:s.Start])))
	cut := -1
	for _, re := range breaksIn(txt) {
		if locs := re.FindAllStringIndex(txt, -1); len(locs) > 0 {
			cut = max(cut, locs[len(locs)-1][1])
		}
	}
	if cut >= 0 {
		txt = txt[cut:]
	}
	return txt
}

// andBreakRe and inBreakRe: more of scopeBreak. A new clause about the patient or a test's
// result after "and" ("Denied lightheadedness and he had intermittent Mobitz II", "No
// dizziness, and ECG shows atrial flutter"); the patient named after "in" ("to rule out
// obstruction in a patient with CKD stage 3", "line infection in this hemodialysis patient").
var (
	andBreakRe = regexp.MustCompile(`\band\s+(he|she|the patient|patient|pt)\s+(had|has|was|is|does|did)\b|\band\s+(the\s+|an?\s+|repeat\s+)?(ecg|ekg|echo|echocardiogram|telemetry|monitor|ct|cta|mri|cath|catheterization|cxr|x-ray)\s+(shows?|showed|revealed?|reveals|demonstrated?|demonstrates)\b`)
	// normalBreakRe: a normal finding is an item no negation before it reaches past ("no
	// left atrial appendage thrombus, normal left ventricular systolic function and trace
	// mitral regurgitation").
	normalBreakRe = regexp.MustCompile(`,\s*(normal|preserved)\s+(left|right|lv|rv|biventricular|global|overall|systolic|diastolic|regional|wall|valve|valvular|atrial|ventricular|aortic|mitral|sinus)\b`)
	// testClauseBreakRe: after a comma, a new clause that names a test and what it showed
	// ("Cath in 2000 showed no CAD, his last echocardiogram in 06/2002 showed an ejection
	// fraction of 35% with mild to moderate mitral regurgitation").
	testClauseBreakRe = regexp.MustCompile(`,\s*(his|her|the|a|an|their)?\s*((last|latest|most recent|recent|repeat|prior|follow-up|subsequent|transthoracic|transesophageal)\s+)*(ecg|ekg|echo|echocardiogram|tte|tee|telemetry|monitor|holter|ct|cta|mri|cath|catheterization|angiogram|cxr|x-ray|stress test|nuclear study)\b[^,;]{0,30}?\b(shows?|showed|revealed?|reveals|demonstrated?|demonstrates)\b`)
	inBreakRe         = regexp.MustCompile(`\bin\s+(a|an|this|the)\s+(\S+\s+){0,3}?(patient|man|woman|gentleman|lady|female|male)\s+with\b|\bin\s+(this|our)\s+([a-z-]+\s+)?$`)
)

// breaksIn: the scope-break expressions txt can match: scopeBreak always, andBreakRe and
// inBreakRe only where their first word occurs (each alternative of one expression costs
// on every mention's clause).
func breaksIn(txt string) []*regexp.Regexp {
	res := []*regexp.Regexp{scopeBreak}
	if strings.Contains(txt, "and") {
		res = append(res, andBreakRe)
	}
	if strings.Contains(txt, "in") {
		res = append(res, inBreakRe)
	}
	if strings.Contains(txt, ", normal") || strings.Contains(txt, ", preserved") {
		res = append(res, normalBreakRe)
	}
	if strings.Contains(txt, "show") || strings.Contains(txt, "reveal") || strings.Contains(txt, "demonstrat") {
		res = append(res, testClauseBreakRe)
	}
	return res
}

// tagListItems drops the earlier items of a list that EHR exports print by SNOMED CT
// fully specified names, each closed by its semantic tag, from the text before a mention:
// a cue inside an item is that item's ("Patient has a history of not in labor force
// (finding), myocardial infarction (disorder)", "risk activity involvement (finding), ...,
// essential hypertension (disorder)"), while what stands before the list reaches every
// item ("Family history of myocardial infarction (disorder), stroke (disorder)"). Only a
// list after an opener (tagListOpenerRe) is cut: where the first item begins is known
// only there ("Patient denies myocardial infarction (disorder), stroke (disorder)" keeps
// its negation).
func tagListItems(before string) string {
	if !strings.Contains(before, ")") { // no tag: most sentences, asked of every mention twice
		return before
	}
	tags := semanticTagRe.FindAllStringIndex(before, -1)
	if len(tags) == 0 {
		return before
	}
	openers := tagListOpenerRe.FindAllStringIndex(before[:tags[0][0]], -1)
	if len(openers) == 0 {
		return before
	}
	return before[:openers[len(openers)-1][1]] + " " + before[tags[len(tags)-1][1]:]
}

// cueText is txt lower-cased as the cues read it: the contractions that negate what
// follows spelt out ("doesn't have", "wasn't seen", but not "doesn't remember when she was
// diagnosed with diabetes"), and what negates nothing taken out: "not only", German
// "nicht-ischämische" (as "non-ischemic"), "previously unknown" (a new finding; not the
// German "bislang nicht bekannt", which letters write for "no known"), and the comma after
// "etc.", "e.g." and "i.e.", which would read as a transcribed line break. The curly apostrophe reads as the straight one.
func cueText(txt string) string {
	return cueTextReplacer.Replace(strings.ReplaceAll(strings.ToLower(txt), "\u2019", "'"))
}

var (
	cueTextPairs = []string{"nicht-", "non", "not previously known", "new", "previously unknown", "new", "n't have", " not have", "n't had", " not had", "n't show", " not show", "n't reveal", " not reveal", "n't see", " not see", "n't think", " not think",
		"isn't", "is not", "wasn't", "was not", "weren't", "were not", "aren't", "are not", "not only", "only", "nicht nur", "nur",
		"not yet", "not", // "has not yet been excluded": no "yet" that opens a clause
		"etc.,", "etc,", "e.g.,", "e.g.", "i.e.,", "i.e.", "a.m.,", "am,", "p.m.,", "pm,", "vs.,", "vs,", "approx.,", "approx,", "dr.,", "dr,", "jr.,", "jr,", "sr.,", "sr,"} // no transcribed line break (scopeBreak): "a stroke, subdural hematoma, etc., should be ruled out", "since 8 a.m., palpitations"
	cueTextReplacer = strings.NewReplacer(cueTextPairs...)
)

// clauseAfter is the lower-cased text after the mention up to the clause's end.
func clauseAfter(d *doc, sent, s findings.Span) string {
	to := min(sent.End, s.End+preWindow)
	if to < s.End {
		to = s.End
	}
	txt := cueText(string(d.runes[s.End:to]))
	cut := len(txt)
	for _, re := range breaksIn(txt) {
		if loc := re.FindStringIndex(txt); loc != nil {
			cut = min(cut, loc[0])
		}
	}
	txt = txt[:cut]
	if loc := semanticTagRe.FindStringIndex(txt); loc != nil {
		txt = txt[:loc[0]] // the tag closes the mention's item
	}
	return txt
}

// listCue opens a negated list; listItem is one short item of it ("weight loss",
// "upper extremity trauma"), listSep what separates two.
var (
	listCue  = regexp.MustCompile(`\b(denies|denied|negative for|no history of|no)\s+(any\s+)?`)
	listSep  = regexp.MustCompile(`\s*,\s*(and |or |nor )?|\s+(and|or|nor)\s+|\s*/\s*`)
	listItem = regexp.MustCompile(`^[a-z0-9'-]+( [a-z0-9'-]+){0,3}$`)
)

// sentenceOpenRe and canBeConsideredRe: the mention opens its sentence, which says what it
// would not do but that it can be considered ("Pulmonary embolism would not explain the restriction but can be
// considered if clinical picture suggests", set nh).
var (
	sentenceOpenRe    = regexp.MustCompile(`^[\s\W]*(\d{1,2}[.)]\s*)?$`)
	canBeConsideredRe = regexp.MustCompile(`^\s+(would|does|did|will|is|was|could)\s+not\s+(explain|account for|be the cause|cause)\b[^.;]{0,60}\bbut\s+(it\s+)?(can|could|should|may|might)\s+(still\s+|also\s+)?be\s+(considered|entertained)\s*([.;,]|$|\s+(if|when|in|as a possibility|further)\b)`)
)

// listGradeRe: the mention's own list item opens with a grade, as gradedItemRe reads one.
var listGradeRe = regexp.MustCompile(`^(and\s+)?(trace|trivial|minimal|mild|moderate|mild[- ]to[- ]moderate|moderate[- ]to[- ]severe|[1-4]\+)$`)

// negatedList: a negation that opens a list of short items reaches every item of it,
// however long the list runs past preWindow ("She denies fevers, chills, weight loss,
// ..., PND, coronary artery disease, ..."), as long as nothing but items and separators
// stands between the cue and the mention.
func negatedList(d *doc, sent, s findings.Span) bool {
	if s.Start-sent.Start <= preWindow {
		return false // clauseBefore saw it all
	}
	txt := cueText(string(d.runes[sent.Start:s.Start])) // as clauseBefore reads it ("etc.," is no line break)
	locs := listCue.FindAllStringIndex(txt, -1)
	if len(locs) == 0 {
		return false
	}
	rest := strings.TrimSpace(txt[locs[len(locs)-1][1]:])
	for _, re := range breaksIn(rest) {
		if re.MatchString(rest) {
			return false
		}
	}
	items := listSep.Split(rest, -1)
	if len(items) < 3 {
		return false // not a list: the window was the whole scope
	}
	if listGradeRe.MatchString(strings.TrimSpace(items[len(items)-1])) {
		return false // "no regional wall motion abnormalities, grade II diastolic dysfunction, mild mitral regurgitation" (set nh): a finding with its grade
	}
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" && !listItem.MatchString(it) {
			return false
		}
	}
	return true
}

// hasCue reports whether any cue occurs as whole words in txt.
func hasCue(txt string, cues []string) bool {
	for _, c := range cues {
		if containsWord(txt, c) {
			return true
		}
	}
	return false
}

// hedgeItem are hypothetical cues that qualify one item of a list, not the items after it:
// "Seasonal allergies, possible food allergies, chronic sinusitis, hypertension" (the
// hypertension is not possible), unlike "risk of" or "rule out", which open the list.
var hedgeItem = []string{"possible", "possibly", "poss", "probable", "probably", "likely", "suspected", "questionable", "borderline", "labile", "maybe", "perhaps"}

// hedged reports whether a hypothetical cue reaches the mention from txt (the clause
// before it). An item hedge qualifies only the words right after it ("borderline first
// degree AV block", but not the mitral regurgitation in "Borderline normal overall
// ejection fraction with mild mitral regurgitation") and not past a comma; the other
// cues reach the whole clause.
func hedged(txt string) bool {
	txt = scoreItems(txt)
	for _, c := range hypoPre {
		if !slices.Contains(hedgeItem, c) && containsWord(txt, c) {
			return true
		}
	}
	words := strings.Fields(afterComma(txt))
	tail := strings.Join(words[max(0, len(words)-hedgeReach):], " ")
	for _, c := range hedgeItem {
		if k := lastWord(tail, c); k >= 0 && !strings.Contains(tail[k:]+" ", " for ") && !strings.Contains(tail[k:], ":") { // not "possibly related to insulin for type 2 diabetes", "Dyspnea, likely multifactorial: decompensated heart failure"
			return true
		}
	}
	return false
}

// riskScoreParenRe: a risk score's items after "risk (" are the patient's ("High
// perioperative cardiac risk (RCRI 4: ischemic heart disease, CHF, insulin"), not the risks
// the cue "risk (" opens ("erhöhtes kardiovaskuläres Risiko (Myokardinfarkt, Schlaganfall)").
var riskScoreParenRe = regexp.MustCompile(`\b(risk|risiko)\s*\(\s*(rcri|revised cardiac risk index|lee|cha2ds2-?vasc|chads2?|has-?bled|timi|grace|stop-?bang|caprini)(\s+(score|index))?(\s+(of|=))?\s*:?\s*\d+(\s*(points?|pts?|/\d+))?\s*[:;,-]`)

// scoreItems: txt with a risk score's opening (riskScoreParenRe) taken out of the cues.
func scoreItems(txt string) string {
	if !strings.Contains(txt, "(") {
		return txt
	}
	return riskScoreParenRe.ReplaceAllString(txt, "score:")
}

// hedgeReach is how many words before the mention an item hedge may stand.
const hedgeReach = 6

// alsoThePatientRe: after a relative's mention, the patient had it too ("her father had a
// heart attack at 55, as did she in 2015").
var alsoThePatientRe = regexp.MustCompile(`^[^.;]{0,40}?,?\s*as (did|does|has|had) (she|he|the patient|our patient)\b`)

// relativeAppositiveRe: a relative, then a relative clause between commas, then the
// relative's predicate ("Her mother, who had diabetes for 20 years, died of a heart attack
// at age 66", "His brother, although he is a vegetarian, has elevated cholesterol"): "who"
// ends a cue's scope, but the subject is still the relative.
// appositiveWords: a word each of relativeAppositiveRe's clause openers holds (hasAny).
var appositiveWords = []string{"who", "though", "while", "despite"}

var relativeAppositiveRe = regexp.MustCompile(`\b` + relative + `\s*,\s*(who|although|though|even though|while|despite)\b[^,;.]{0,80},\s*(later\s+|also\s+|then\s+)?(died|passed away|had|has|suffered|developed|was diagnosed|is|was)\b[^,;.]{0,60}$`)

// symptomsNextRe and symptomsOnly: the signs of a stroke or a heart attack are not one
// ("Return for ... chest pain, or stroke symptoms", "heart attack warning signs").
// taughtAboutRe: teaching right before the mention ("Counseled on heart failure symptoms").
var taughtAboutRe = regexp.MustCompile(`\b(counsell?ed|educated|taught|instructed|reviewed)\s+(him\s+|her\s+|patient\s+|the patient\s+)?(on|about|regarding)\s+(the\s+)?$`)

var symptomsNextRe = regexp.MustCompile(`^\s*(-like\s+|like\s+|warning\s+)?(symptoms?|signs?)\b`)

// symptomsOfRe: the same before the mention ("Return for chest pain, racing heart, fainting
// or symptoms of stroke such as weakness"), with the word before it (symptomsOf).
var symptomsOfRe = regexp.MustCompile(`(^|\s)(\S*)\s+(warning\s+)?(symptoms?|signs?)\s+of\s+(an?\s+)?$`)

// symptomsOf: symptomsOfRe, the word before not the patient's ("his", "the").
func symptomsOf(before string) bool {
	m := symptomsOfRe.FindStringSubmatch(" " + before)
	return m != nil && precautionWords[strings.Trim(m[2], ",:;(")]
}

// precautionWords: what stands before "symptoms of" in a precaution or a list of them
// ("return for ... or symptoms of stroke", "any signs of"), not a finding a test shows ("ECG
// with signs of MI", "showing signs of a stroke") nor the patient's own ("his symptoms of").
var precautionWords = map[string]bool{"": true, "or": true, "and": true, "any": true, "for": true, "if": true, "new": true, "about": true, "regarding": true}

// Not the symptoms of one the note names as the patient's ("The stroke symptoms/signs
// resolved", "his stroke symptoms").
func symptomsOnly(d *doc, s findings.Span, before, after string) bool {
	if !(symptomsNextRe.MatchString(after) && !strings.HasSuffix(strings.TrimSpace(before), "the") || strings.Contains(before, " of") && symptomsOf(before)) {
		return false
	}
	m := d.lowerOf(s)
	return strings.Contains(m, "stroke") || strings.Contains(m, "heart attack") || m == "mi" || m == "cva"
}

// quotedAndCorrected: a diagnosis quoted from another record ('lists "history of myocardial
// infarction"', 'includes "CVA."') that the next sentence corrects ("Both entries are
// incorrect", "On review of the outside neurology note, this was a transient ischemic
// attack").
func quotedAndCorrected(d *doc, sent findings.Span, whole string) bool {
	if !strings.ContainsAny(whole, "\"“") || !quotingRe.MatchString(whole) {
		return false
	}
	for _, next := range d.sentences {
		if next.Start >= sent.End {
			return correctedRe.MatchString(d.lowerOf(next))
		}
	}
	return false
}

var (
	quotingRe   = regexp.MustCompile(`\b(lists|listed|includes|included|documents|documented|carries|carried|states|stated|reads)\b[^.;]*["“][^"”]*$`)
	correctedRe = regexp.MustCompile(`^\W*((both|these|this|that|the|each|all)\s+(entries|entry|diagnos[ie]s|listings?|items?)\s+(are|is|was|were)\s+(incorrect|erroneous|wrong|inaccurate|not accurate|in error|mistaken)|(on|after)\s+(further\s+)?review\b[^.]*\b(this|it)\s+was\s+(actually\s+|really\s+|in fact\s+)?(an?|only)\b|(this|that|it)\s+(is|was)\s+(incorrect|erroneous|wrong|inaccurate|not accurate|in error|mistaken))`)
)

// educationNext: teaching about the mention follows it ("Stroke education provided",
// "Referred to diabetes education"), which does not say the patient has it; a care plan's
// "Heart failure education (procedure)" (Synthea) does.
func educationNext(d *doc, s findings.Span) bool {
	next := d.lowerOf(findings.Span{Start: s.End, End: min(len(d.runes), s.End+40)})
	return educationNextRe.MatchString(next) && !functionalClassRe.MatchString(next)
}

// functionalClassRe: a functional class after the mention ("Heart failure class II,
// stable"), not a class the patient attends.
var functionalClassRe = regexp.MustCompile(`^\s*class\s+(i{1,3}|iv|[1-4])[ab]?\b`)

var educationNextRe = regexp.MustCompile(`^\s*(self-management\s+|self-care\s+|prevention\s+)?(education|teaching|counseling|counselling|classes|class|educator)\b\s*([^\s(]|$)`)

// propertyHedgeCut: after without a hedge on a property of the mention ("Mixed
// hyperlipidemia, highly unlikely to be familial").
func propertyHedgeCut(after string) string {
	if !strings.Contains(after, "likely to be") {
		return after
	}
	return likelyToBeRe.ReplaceAllString(after, " ")
}

var likelyToBeRe = regexp.MustCompile(`\b(un|less |more |highly un|very un)?likely to be [\w-]+`)

// allDenied: a list the patient was asked about and denied as a whole, after the list
// ("Asked about prior myocardial infarction, stroke, or TIA, all of which he denied");
// "which" ends the clause the post-cues are looked for in, so the sentence's rest is read.
func allDenied(d *doc, sent, s findings.Span) bool {
	after := d.lowerOf(findings.Span{Start: s.End, End: max(sent.End, s.End)})
	return allDeniedRe.MatchString(after) && !unrecognizedRe.MatchString(after)
}

// unrecognizedRe: "none of which" had been noticed, not that there was none ("multiple
// episodes of paroxysmal atrial fibrillation ..., none of which had been recognized").
var unrecognizedRe = regexp.MustCompile(`\b(none|neither) of which (had|have|has|were|was) (been )?(previously )?(recognized|noticed|felt|symptomatic|known|diagnosed|documented|treated)\b`)

var allDeniedRe = regexp.MustCompile(`^[^.;]{0,120}?,\s*((all|both|each) of which (he|she|the patient|were|was|are|is) (denied|denies|negative|absent|ruled out)|(none|neither) of which)\b`)

// newClauseRe: a new clause about the patient after a comma, which a negation before it
// does not reach (the hedges do: "Unclear if, at baseline, the patient has CKD").
var newClauseRe = regexp.MustCompile(`,\s*(and\s+)?(he|she|the patient|patient|pt)\s+(also\s+)?(has|had|does have|did have|is|was)\b`)

// addsUpToRe: what the findings before a comma add up to ("intracerebral hemorrhage without
// intraventricular extension, consistent with a hypertensive hemorrhagic stroke", set ki),
// which a negation before it does not reach; only where the mention ends that phrase, not an
// aside in a negated list ("No history of stroke, compatible with the normal MRI, or
// myocardial infarction").
var addsUpToRe = regexp.MustCompile(`,\s*(which is\s+|most\s+|findings\s+)?(consistent with|compatible with|diagnostic of|in keeping with)\s`)

// noDoubtRe: certainty, not a negation.
var noDoubtRe = regexp.MustCompile(`\bno (question|doubt)( that| about)?\b`)

// neverDiagnosisRe: never met what a diagnosis needs ("Her blood pressures have never been
// high enough to carry a diagnosis of hypertension").
var neverDiagnosisRe = regexp.MustCompile(`\bnever\b[^,;]{0,60}\b(a |the )?diagnosis of\s+$`)

// telemetryForRe: a plan item that puts the patient on a monitor for what may come ("5.
// Telemetry for atrial fibrillation or flutter", set mf): only with a watch's words (any,
// recurrent, signs of) or an "or" after the mention, not "Bed: Telemetry for atrial
// fibrillation with RVR" nor "admitted to telemetry for atrial fibrillation".
var (
	telemetryForRe   = regexp.MustCompile(`(^|[.;:,]\s*|\d+[.)]\s*)(continuous\s+)?(cardiac\s+)?(telemetry|tele|holter( monitor(ing)?)?|event monitor(ing)?)\s+(monitoring\s+)?for\s+(((any|signs of|recurrent|further|possible)\s+)?([\w/-]+\s+){1,3}or\s+)?((any|signs of|recurrent|further|possible)\s+)?$`)
	telemetryWatchRe = regexp.MustCompile(`\bfor\s+(any|signs of|recurrent|further|possible)\b|\bor\s+$`)
	orNextRe         = regexp.MustCompile(`^\s*(or|and/or|/)\s`)
)

// monitorForRe: watching for what may come ("Will monitor him on telemetry for heart
// block"; FastContext's "monitor \w+ for"), the mention right after "for" or a later item
// of its list ("Monitor on tele for VT and for AV block", "monitor PR for conduction
// abnormality/heart block", set mc), or a monitor's plan item ("5. Telemetry for atrial
// fibrillation or flutter", set mf; not "admitted to telemetry for atrial fibrillation").
var monitorForRe = regexp.MustCompile(`\b(monitor|observe|watch)\s+(him|her|them|the patient|patient|closely)?\s*([\w-]+\s+){0,3}?for\s+(any\s+|signs of\s+|evidence of\s+|recurrent\s+)?(([\w/-]+\s+){1,3}(and|or)\s+(for\s+)?(any\s+)?|([\w-]+\s+){0,2}[\w-]+\s*/\s*)?$`)

// ambulatoryForRe: a monitor worn outside hospital to find a condition that comes and goes
// ("30-day monitor as outpatient for paroxysmal AFib" after a stroke, set oy).
var ambulatoryForRe = regexp.MustCompile(`\b(\d+[- ]?(day|week)|event|loop|ambulatory|outpatient|mobile)\s+(cardiac\s+)?(monitor(ing)?|recorder|patch)\b[^.;]{0,30}?\bfor\s+(occult|paroxysmal|possible|silent|subclinical|undetected|intermittent)\s+$`)

// ambulatoryKnownRe: after the mention, that the monitor is for a condition already found
// ("... placed in 2019, on apixaban", "... was positive").
var ambulatoryKnownRe = regexp.MustCompile(`\b(placed|implanted|diagnosed|known|positive|captured|showed|revealed|detected|documented|since|on\s+(warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|anticoagula\w*)|(19|20)\d\d)\b`)

// negativeTestRe: a test negative for the mention ("She had a negative CTA for PE").
var negativeTestRe = regexp.MustCompile(`\bnegative\s+([\w/-]+\s+){1,3}for\s+(an?\s+|any\s+|acute\s+)?$`)

// equivalentToRe: a risk the same as the mention's ("his diabetes confers risk equivalent to
// known coronary disease"), "known" there the comparison's, not the patient's, or what
// another finding is the equivalent of ("Retinal artery occlusion is an ocular equivalent of
// a stroke", set ko); and
// equivalentNextRe: coronary disease's risk equivalent ("Diabetes is a CAD equivalent"),
// not an ECG's "posterior STEMI equivalent".
var equivalentNextRe = regexp.MustCompile(`^\s*(risk\s+)?equivalent\b`)

var equivalentToRe = regexp.MustCompile(`\brisk\s+equivalent\s+to\s+(that\s+of\s+)?(having\s+)?(known\s+|established\s+|existing\s+|prior\s+|previous\s+)?(an?\s+)?$|\bequivalent\s+of\s+(an?\s+)?$`)

// eventConcernRe and eventConcern: an acute event or coronary disease the note calls "a
// concern" right after it ("Given his immobility, pulmonary embolism was a concern",
// "Pulmonary embolism is the leading concern given his recent orthopedic surgery",
// "Unstable angina due to coronary artery disease remains the main concern"): a suspicion.
// Not a chronic condition called one, a problem the patient has ("Uncontrolled diabetes was
// a major concern", "Severe aortic stenosis is the leading concern"); not an event the note
// names as established (establishedEventRe: "Acute anterior STEMI", "recent NSTEMI",
// "Submassive PE", "Right MCA stroke", "transformation of the infarct") or goes on to
// confirm or treat (eventConfirmedRe: "... and he was taken emergently to the cath lab
// where the LAD was stented").
var (
	eventConcernRe     = regexp.MustCompile(`^\s*(was|is|remained|remains|became)\s+(a|the|an)\s+((main|major|primary|leading|significant|real|serious|initial|strong|particular|clinical)\s+)?concern\b`)
	establishedEventRe = regexp.MustCompile(`\b(recent|prior|previous|old|remote|known|documented|established|confirmed|submassive|massive|saddle|bilateral|severe|multivessel|multi-vessel|three-vessel|two-vessel|chronic|his|her|their|anterior|inferior|lateral|posterior|septal|right|left|mca|pca|aca|cerebellar|lacunar|hemorrhagic|embolic|thrombotic|cardioembolic)\s+([\w-]+\s+){0,2}$|\bof\s+(the|his|her|a|an)\s+([\w-]+\s+){0,2}$`)
	eventConfirmedRe   = regexp.MustCompile(`\b(confirmed|stented|stent|pci|angioplasty|thromboly\w*|tpa|alteplase|tenecteplase|taken (emergently |urgently )?to|underwent|peaked|showed an? acute|revealed an? acute|cardioverted|cardioversion|anticoagula\w*|apixaban|rivaroxaban|dabigatran|edoxaban|warfarin|diltiazem|amiodarone|rate[- ]controlled|responded)\b`)
)

// coronaryMention: a mention of coronary disease by its name.
func coronaryMention(m string) bool {
	return strings.Contains(m, "coronary") || m == "cad" || m == "chd" || m == "ascvd"
}

func eventConcern(d *doc, sent, s findings.Span, before, after string) bool {
	if !eventConcernRe.MatchString(after) {
		return false
	}
	m := d.lowerOf(s)
	if strings.Contains(m, "stemi") || !(acuteEvent(m) || strings.Contains(m, "coronary") || m == "cad" || newRhythmRe.MatchString(before) && (strings.Contains(m, "fibrillation") || strings.Contains(m, "flutter") || m == "af" || m == "afib")) {
		return false
	}
	// the sentence's rest, past the clause: "...; she was cardioverted"
	return !establishedEventRe.MatchString(before) && !eventConfirmedRe.MatchString(sentenceRest(d, sent, s))
}

// acuteEvent: the mention m (lower case) names an acute event: an embolism, an infarct, a
// stroke or a heart attack.
func acuteEvent(m string) bool {
	return strings.Contains(m, "embol") || strings.Contains(m, "infarct") || strings.Contains(m, "stroke") || strings.Contains(m, "heart attack") || m == "pe" || m == "mi" || m == "cva"
}

// fieldUnknownRe: a questionnaire's field answered unknown ("Hyperlipidemia: unknown."), which
// says neither.
var fieldUnknownRe = regexp.MustCompile(`^\s*[:-]\s*unknown\s*([.;,]|$)`)

// concernIsForRe: "the concern is for" right before an acute event or a cardiomyopathy
// ("the concern is for tachycardia-mediated cardiomyopathy"), a suspicion; not a chronic
// condition or a rhythm the patient has ("The main concern was for atrial fibrillation with
// RVR, which responded to diltiazem", "Her main concern is for heart failure follow-up").
var concernIsForRe = regexp.MustCompile(`\bthe concern (is|was) for\s+(an?\s+|the\s+)?(possible\s+)?$`)

func concernIsFor(d *doc, s findings.Span, before string) bool {
	if !concernIsForRe.MatchString(before) {
		return false
	}
	m := d.lowerOf(s)
	return strings.Contains(m, "cardiomyopathy") || acuteEvent(m)
}

// newRhythmRe: a rhythm named as a new or recurring event ("Recurrent atrial flutter or new
// atrial fibrillation is the leading concern"), which a concern makes a suspicion.
var newRhythmRe = regexp.MustCompile(`\b(new|new-onset|new onset|recurrent)\s+$`)

// suspectRe: "I suspect mitral regurgitation" right before the mention, or "I suspect that
// the patient has had strokes"; not "I suspect that we can improve ..., as well as
// hypertension", where the suspicion is not about the disease; and a concern whose holder
// stands between "concern" and "for" ("There was some concern on the surgical team's part
// for heart failure", "Concern from family for a stroke", "Concern raised by ED for PE", which the cue "concern for"
// misses; not "His main concern on today's visit is follow-up for hypertension").
var suspectRe = regexp.MustCompile(`\bsuspects?( an?)?\s*$|\bsuspects? that (the patient|he|she) (has|had|has had|may have|might have)\b[^,;]*$|\bconcern\s+on\s+(the\s+)?([\w'-]+\s+){0,3}?(part|team|service)\s+for\s+(an?\s+|the\s+)?((chronic|acute|recurrent)\s+)?$|\bconcern\s+((was\s+)?raised\s+)?(from|by|among)\s+(the\s+|his\s+|her\s+)?([\w'-]+\s+){0,2}?for\s+(an?\s+|the\s+)?$`)

// presupposedRe: a possessive or "known" right before the mention presupposes the
// disease whatever the clause does with it ("for further evaluation of his congestive
// heart failure", "whether ... an agent added to treat his hypertriglyceridemia", "if
// her diabetes worsens"), so a hypothetical cue before it does not apply.
var presupposedRe = regexp.MustCompile(`\b(from|due to|secondary to|related to|in the setting of)\s+(his\s+|her\s+)?(longstanding|long-standing|known|poorly controlled|uncontrolled|long-term)\s+((type\s+(2|ii|two|1|i|one)|insulin-dependent|non-insulin-dependent|systolic|diastolic|congestive)\s+)?$|\b(despite|in spite of)\s+((critical|longstanding|long-standing|known|chronic|permanent|persistent|paroxysmal|severe|moderate|mild|uncontrolled|documented|established)\s+)?$|\b(his|her|their|your|known|the patient's|patient's|bekannte[mnrs]?|seine[mnrs]?|ihre[mnrs]?)\s+((prior|previous|recent|old|remote|last|first|critical|severe|moderate|mild|significant|underlying|chronic|longstanding|long-standing|frühere[mnrs]?|(first|second|third)[- ]degree|complete|hemorrhagic|ischemic|embolic|lacunar|thrombotic|inferior|anterior|lateral|posterior|septal|diastolic|systolic|congestive|dilated|hypertrophic|nonischemic|non-ischemic|paroxysmal|persistent|permanent|new|new-onset|known|cryptogenic|\d{4}|\d{1,2}/\d{2,4}|stage\s+[0-9iv]+[ab]?)\s+){0,2}$`)

// consentRe: a sentence that lists the risks or complications of a procedure; every
// concept after it in the sentence is a possible outcome, whatever separates the list
// ("risks to include bleeding; infection; heart attack; stroke"; "His wife was informed
// that the mortality of this operation is high and that myocardial infarction, renal
// failure and prolonged ventilation are frequent"; a plan's "- Consent: recurrence, mesh
// infection, seroma, bowel injury, MI, pneumonia, DVT/PE discussed", a list, not "Consent:
// obtained from wife; patient unable to consent due to dementia and prior stroke").
var consentRe = regexp.MustCompile(`\brisks?\s*\(|\bconsent\s*:\s*[a-z/ -]{0,40},|\brisiken\b|\baufklärung\b[^.]{0,40}\b(über|zu|inkl\.|u\.a\.)|\baufgeklärt\b|\bkomplikationen\s*(:|wie|inkl\.|u\.a\.|einschließlich)|\brisks( and (benefits|complications))?\s*:|\b(risks?|complications?)\b[^.]{0,80}\b(include|includes|included|including|incl|such as|of|are|were|discussed|explained|reviewed)\b|\b(discussed|explained|reviewed)\b[^.]{0,40}\b(risks?|complications?)\b|\b(informed|told|explained|counsell?ed)\b[^.;]{0,40}\bmortality\b[^.;]{0,60}\band that\b`)

// familyPost: "DM and Htn in family".
var familyPost = []string{"in family", "in the family", "in his family", "in her family", "runs in the family", "run in the family"}

// riskNext: "stroke risk", "DVT, PE rates", "DVT prophylaxis", "CHF workup", a device's
// "Atrial fibrillation detection on", "Pulmonary embolism evaluation:": a risk, rates, a
// work-up or a device's watch for the concept, not the concept; it must follow the mention
// directly ("AF rate control" is the patient's, so not the singular "rate"; nor is the CHF in
// "history of CHF ... and recently had some workup done").
var riskNext = []string{"risk", "risks", "rates", "prophylaxis", "precautions", "workup", "work-up", "work up", "warning", "screening", "screen", "mimic", "mimics", "mimicker", "detection", "evaluation"}

// consentList: the sentence before the mention opens a list of a procedure's risks or
// complications (consentRe); "risk factors" and a "risk assessment" are no risks, and complications the patient
// had ("He did have complications of deep vein thrombosis and pulmonary embolism") are
// history.
func consentList(before string) bool {
	if !hasAny(before, consentWords) { // every mention asks; most sentences name no risk
		return false
	}
	before = scoreItems(riskNotConsent.Replace(before))
	return consentRe.MatchString(before) && !hadComplicationsRe.MatchString(before)
}

// riskNotConsent: risk words that open no list of a procedure's risks ("risk factors",
// "preoperative risk assessment given his history of coronary artery disease").
var riskNotConsent = strings.NewReplacer("risk factor", "riskfactor", "risk assessment", "riskassessment", "risk stratification", "riskstratification", "risk evaluation", "riskevaluation")

// consentWords: a word each of consentRe's alternatives holds.
var consentWords = []string{"risk", "complication", "mortality", "consent", "aufkl", "aufgekl", "risiken", "komplikation"}

var hadComplicationsRe = regexp.MustCompile(`\b(had|has had|did have|developed|suffered|experienced)( \w+){0,2} complications?\b`)

// differentialNext: "X versus Y" makes X one of a differential (Y gets "versus" as a
// pre-cue); it must follow X directly, or after X's own qualifier
// (qualifiedDifferentialNextRe).
var differentialNext = []string{"versus", "vs", "vs."}

// serviceAfterRe and serviceBeforeRe: "stroke" or "heart failure" naming a
// service, clinic or unit ("Neurology stroke clinic", "SERVICE: Neurology (Stroke)", "the
// ordering heart failure clinic physician"), not the patient's stroke or heart failure.
var (
	serviceAfterRe  = regexp.MustCompile(`(?i)^\s*(clinic|unit|service|team|program|programme|center|centre|coordinator|nurse|neurologist|fellow|rounds|alert|code|pathway|protocol)\b`)
	serviceBeforeRe = regexp.MustCompile(`(?i)\b(neurology|service|department)\s*\(\s*$`)
)

// serviceNamed: the mention is of a condition that clinics and services are named after.
func serviceNamed(mention string) bool {
	return strings.Contains(mention, "stroke") || mention == "heart failure" || mention == "chf"
}

// protocolNextRe: a test protocol named after the mention ("PE protocol CT", "CT chest with
// PE protocol"); not a treatment given "per protocol" later in the mention's clause ("AFib -
// on warfarin, bridged with enoxaparin per protocol").
var protocolNextRe = regexp.MustCompile(`^\s*(ct\s+|cta\s+|study\s+)?protocol\b`)

// qualifiedDifferentialNextRe: "versus" after the mention's own qualifier ("atrial flutter
// with variable block versus atrial fibrillation", "AF (RVR) vs. sinus tachycardia").
var qualifiedDifferentialNextRe = regexp.MustCompile(`(?i)^\s*((with|w/)\s+[\w:/-]+(\s+[\w:/-]+){0,3}|\([^()]{1,30}\))\s+(versus|vs\.?)\s`)

// hasPostCue looks for cues right after the mention: '?' must follow directly, word cues
// within the clause.
func hasPostCue(txt string, cues []string) bool {
	t := strings.TrimSpace(txt)
	for _, c := range cues {
		if c == "?" {
			if strings.HasPrefix(t, "?") || strings.HasPrefix(t, "(?)") {
				return true
			}
			continue
		}
		if containsWord(t, c) {
			return true
		}
	}
	return false
}

// startsWithWord reports whether txt (after spaces) starts with one of words as a word.
func startsWithWord(txt string, words []string) bool {
	t := strings.TrimSpace(txt)
	for _, w := range words {
		if strings.HasPrefix(t, w) && (len(t) == len(w) || !isWordByte(t[len(w)]) || !isWordByte(w[len(w)-1])) {
			return true
		}
	}
	return false
}

func containsWord(txt, w string) bool { return firstWord(txt, w) >= 0 }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// unawareFoundRe: after a mention the patient was unaware of, the finding of it
// (unawareButFound).
var unawareFoundRe = regexp.MustCompile(`^[^.;]{0,30}?\b(which|that|this|it)\s+(was|were|is|has been)\s+(found|seen|noted|detected|documented|diagnosed|confirmed|shown|identified|discovered)\b|^[^.]{0,60}?\b(however|but)\b[^.]{0,40}?\b(ecg|ekg|echo\w*|cath\w*|mri|ct|telemetry|holter|monitor|records?|chart)\b[^.]{0,20}?\b(shows?|showed|revealed?|demonstrat\w*|found|confirm\w*|documents?|documented)\s+(an?\s+|the\s+)?(old|prior|remote|previous|chronic|new|acute|silent|inferior|anterior|lateral|septal|occluded|paroxysmal|persistent|q waves|atrial|infarct\w*|lacunar|multiple|small|evidence of (an? )?(old|prior|remote|infarct)|it|this|that)\b`)

// genericSubjectRe and raisesRiskRe: a sentence that opens with the condition, after "a" or
// "an", as a generic subject of a raised risk, an education text's ("A chronic high blood pressure and
// underlying blood vessel disease increases the risk.", mts-910 of the real training notes);
// not the patient's ("His diabetes increases the risk of infection", "He has diabetes, which
// increases the risk", nor a bare "Atrial fibrillation increases the risk of stroke, so he
// was started on apixaban").
var (
	genericSubjectRe = regexp.MustCompile(`^\W*an?\s+((chronic|long-?standing|uncontrolled|poorly controlled|untreated)\s+)?$`)
	raisesRiskRe     = regexp.MustCompile(`^[^.;:,]{0,60}?\b(increases?|raises?|increasing|raising)\s+(the|your|one's|a person's|a woman's|a man's)\s+(risk|chance|likelihood)\b`)
)

// asAGenericRe and genericModalRe: a reason that speaks of the condition in general ("Repeat
// echocardiogram in 2 to 3 months to reassess LV function, as a tachycardia-induced
// cardiomyopathy may recover", set na).
var (
	asAGenericRe   = regexp.MustCompile(`\b(as|since|because)\s+an?\s+$`)
	genericModalRe = regexp.MustCompile(`^\s*(may|can|might|could|often|usually|typically|tends? to|will often)\b`)
)

// notDueToRe: the sentence denies the condition as a cause, right before it ("the murmur is
// not due to aortic stenosis", set nj; not "not due to his heart failure" or "the atrial
// fibrillation", which take it as given).
// notDueWords: what notDueToRe needs one of, so that most sentences never run it.
// populationRateRe: right after the mention, how often it comes in a population ("atrial
// fibrillation develops in a substantial proportion of patients after flutter ablation").
// populationOwnRe: the same sentence says the patient has it ("as it did in this patient").
var populationOwnRe = regexp.MustCompile(`\b(as it did|including (him|her)|in this patient|in our patient|present here|is present in (him|her))\b`)

var populationRateRe = regexp.MustCompile(`^\s+(develops|occurs|is seen|recurs|appears)\s+in\s+(a\s+|an\s+)?((substantial|significant|small|large|high|sizable|considerable)\s+)?(proportion|fraction|percentage|number|minority|majority|many|some|most|up to \d+\s*%|\d+\s*%)\s+(of\s+)?(patients|people|cases|individuals)\b`)

// notEvaluatedRe: right after the mention, that it was not evaluated yet, ending its clause
// ("coronary artery disease not yet evaluated."), not a plan line's "not assessed this
// visit, continue metformin".
var notEvaluatedRe = regexp.MustCompile(notEvaluatedHead + `(evaluated|assessed|worked up)\b`)

// notEvaluatedHead: right after the mention, "(has) not/never (yet) (been)".
const notEvaluatedHead = `^\s*:?\s*((has|have)\s+)?(not|never)\s+(yet\s+)?(been\s+)?`

// evaluatedThisVisitRe: a plan line's "not assessed this visit", which takes the condition as
// given.
var evaluatedThisVisitRe = regexp.MustCompile(notEvaluatedHead + `(evaluated|assessed)\s+(this visit|today|at this visit|during this visit|this time)\b`)

// concernAboutRe: a concern someone raised about the mention ("There is concern raised by
// the ED about pulmonary embolism given tachycardia", set pj).
var concernAboutRe = regexp.MustCompile(`\bconcerns?\s+((was|were|is|are)\s+)?(raised\s+)?(by\s+(the\s+)?[\w/]+\s+)?(about|regarding|re)\s+(possible\s+|an?\s+)?$`)

// treatedContrastRe: after "never (been) treated for" a mention, that the sentence has it
// all the same ("..., though he has had it since 2010", "despite LDL of 190"), so the words
// deny the treatment only; consideredAsRe: the mention is what something will be considered
// ("in which case this will be considered a tachycardia-mediated cardiomyopathy").
var (
	neverTreatedCueRe = regexp.MustCompile(`\bnever\s+(been\s+)?treated\s+for\b`)
	treatedContrastRe = regexp.MustCompile(`\b(though|although|despite|even though|has had it|had it|refus\w*)\b|\bbecause\s+(he|she)\s+(refuses|declined|declines|could not|cannot|can't)\b|\bbut\b[^.]*\b(diagnosed|has it|had it|has had|for years)\b|,\s*which\s+was\s+diagnosed\b|^\s*,?\s*with\s+(an?\s+)?(\w+\s+){0,3}?(medications?|medicines?|insulin|anticoagula\w*|warfarin|apixaban|rivaroxaban|dabigatran|drugs?|therapy|pills?|agents?|statins?|tpa|thrombolytics?)\b`)
	consideredAsRe    = regexp.MustCompile(`\b(will|would)\s+be\s+considered\s+(an?\s+)?$`)
)

// givenAfterRe: right after the mention, a clause that takes it as given ("not felt to be
// due to atrial fibrillation, which remained rate controlled").
var givenAfterRe = regexp.MustCompile(`^\s*,\s*which\s+(was|is|were|are|remained|remains|has|had)\b`)

var notDueWords = []string{"due to", "caused by", "secondary to", "from"}

var notDueToRe = regexp.MustCompile(`(\b(is|was|are|were|be)\s+not|\bnot\s+(felt|thought|believed|considered)\s+to\s+be)\s+(due to|caused by|secondary to|from)\s+(an?\s+)?$`)

// knownToServiceRe: the patient is known to or followed in the service the condition names
// ("well known to our heart failure service", set oc): the patient has it; not results or a
// plan "to be followed by the stroke clinic", "will be followed in".
// serviceDoubtRe: the sentence doubts or denies what the service is for ("seen by the heart
// failure team, who felt he does not have heart failure", "for evaluation of possible heart
// failure").
var serviceDoubtRe = regexp.MustCompile(`\b(not|no|rule|ruled|possible|possibly|evaluation of|suspected|suspect)\b[^.;]{0,25}\b(heart failure|hf|chf)\b|\b(questionable|question of|concern for|concern of|evaluate for|eval for)\s+(heart failure|hf|chf)\b|\bnot\s+(felt|thought|believed|considered)\s+to\s+have\b[^.;]{0,30}\b(heart failure|hf|chf)\b|\b(concern|question)\s+(that|whether|if)\b[^.;]{0,30}\b(heart failure|hf|chf)\b|\bno\s+(clear\s+|definite\s+|convincing\s+)?evidence\b[^.;]{0,40}\b(heart failure|hf|chf)\b|\b(heart failure|hf|chf)\s+((was|is|has\s+been|had\s+been)\s+)?(ruled out|excluded)`)

// hfCourseRe: the course of a heart failure the patient has ("no heart failure symptoms
// currently", "no recent HF admissions"), which doubts none.
var hfCourseRe = regexp.MustCompile(`\b(heart failure|hf|chf)\s+(symptoms?|admissions?|readmissions?|hospitali[sz]ations?|exacerbations?|decompensations?)\b|\b(admissions?|readmissions?|hospitali[sz]ations?|exacerbations?)\s+for\s+(heart failure|hf|chf)\b`)

var knownToServiceRe = regexp.MustCompile(`(\bknown to|(^\W*|,\s*|\b(cardiomyopathy|hf|failure|man|woman|patient|gentleman|lady|is|are|was|been|being|he|she)\s+(closely\s+|regularly\s+)?)followed (in|at|by)|\bpatient of|\benrolled in|\b(is|are|was|been|being)\s+seen (in|at|by))\s+(our|the)\s+$`)

// genericAssociation: the mention is one of the things an association is told between
// (associationWithRe, associationFirstRe), none of them the patient's own ("Given the
// association of his atrial fibrillation with his recent stroke").
func genericAssociation(before, after string) bool {
	if ownMentionRe.MatchString(before) {
		return false
	}
	return associationWithRe.MatchString(before) || associationFirstRe.MatchString(before) && associationNextRe.MatchString(after) && !ownNextRe.MatchString(after)
}

// ownMentionRe: the mention is the patient's own, right after a possessive ("his recent
// stroke"); ownNextRe: what the first thing is associated with is ("... with his recent
// stroke").
var (
	ownMentionRe = regexp.MustCompile(`\b(his|her|their|patient'?s)\s+([\w-]+\s+){0,3}$`)
	ownNextRe    = regexp.MustCompile(`^\s+(with|and)\s+(his|her|their|the patient'?s)\b`)
)

// associationOf: a talk about, or a sentence that opens with, the association of things.
const associationOf = `(\b(discussed|explained|reviewed|counsel\w*|educated|talked|informed|given|teaching|education|aware)\b[^.;]{0,30}|^\W*(the\s+)?)\b((known|strong|well-known|established)\s+)?associations?\s+(of|between)\s+`

// missesFractionRe: a test that misses a share of the condition ("Short-term monitoring
// misses a substantial fraction of paroxysmal atrial fibrillation", set op): what it may
// miss, not the patient's. associationWithRe: what a substance is associated with ("We
// discussed the association of cocaine with stroke, heart attack and dissection", set op).
var (
	missesFractionRe  = regexp.MustCompile(`\b(misses|(may|can|could|might|will|would|often|frequently|commonly|easily|potentially)\s+(\w+\s+){0,2}miss|(monitors|monitoring|tests|ecgs|ekgs|holters|studies|recorders|they)\s+(\w+\s+)?miss)\s+(a\s+(substantial|significant|large|small)\s+(fraction|proportion|number|share)\s+of|many|some|most|up\s+to\s+\d+\s*%\s+of)\s+((episodes|cases|instances|runs|bouts|events|of|paroxysmal|occult|intermittent|silent|asymptomatic)\s+){0,3}$`)
	associationWithRe = regexp.MustCompile(associationOf + `[\w -]{1,30}?\s+(with|and)\s+[^.;]*$`)
	// associationFirstRe and associationNextRe: the mention is the association's first
	// thing ("Given the association of atrial fibrillation with stroke").
	associationFirstRe = regexp.MustCompile(associationOf + `$`)
	associationNextRe  = regexp.MustCompile(`^\s+(with|and)\s`)
)

// warningSignRe: "a warning sign for stroke" (set ni): what may come, not "a warning sign for
// his subsequent stroke in 2010".
var warningSignRe = regexp.MustCompile(`\bwarning signs? for\b([^.;]*)$`)

// possibilityNextRe: right after the mention, that it is a possibility ("stroke is a real
// possibility"), and notPossibilityNextRe that it is not; not a possibility told later in
// the sentence ("He has diabetes, and heart failure is a possibility").
var possibilityNextRe = regexp.MustCompile(`^(\s+or\s+[^,;.]{1,30}?|\s+[a-z]+|\s+with\s+[^,;.]{1,40}?|\s*,[^,;.]{1,40},)?\s+(is|remains|was|would be|seems)\s+(also\s+|still\s+|certainly\s+|thus\s+)?(considered\s+|thought\s+to\s+be\s+|felt\s+to\s+be\s+)?(a|an|less\s+of\s+a)\s+(real\s+|distinct\s+|strong\s+|definite\s+|likely\s+|remote\s+)?possibility\b`)

// notConfirmedWords: what notConfirmedNextRe needs one of.
var notConfirmedWords = []string{"confirmed", "substantiated", "verified"}

// notConfirmedNextRe: right after the mention, that it was not confirmed ("atrial
// fibrillation was not confirmed on review of the 12-lead EKG", set nu); not a detail of it
// ("CKD stage not confirmed"). questionedNextRe: that it is questioned on a study ("old
// lacunar infarct is questioned in the left basal ganglia", set nx), not a person questioned.
var (
	notConfirmedNextRe = regexp.MustCompile(`^\s*((was|were|is|are)\s+not|has not been|had not been|was never|were never)\s+(confirmed|substantiated|verified)\s*([.,;]|$|\s+(on|by|at|with|in|per|during|after|despite)\b)`)
	questionedNextRe   = regexp.MustCompile(`^\s*((is|are)\s+questioned\s*([.,;]|$)|(is|are|was|were)\s+questioned\s+(in|within|on|at)\s+(the\s+)?(region|left|right|bilateral|pons|prior|head|brain|ct|mri|imaging|scan|study|film|x-ray|echo|basal|thalam\w*|cerebell\w*|frontal|parietal|occipital|temporal|periventricular)\b)`)
	questionedEndRe    = regexp.MustCompile(`^\s*(was|were)\s+questioned\s*([.;]|$)`)
	personBeforeRe     = regexp.MustCompile(`\b(with|patient|man|woman|he|she|who|pt)\b`)
)

// subjectPossibilityRe: the sentence the mention opens says it is a possibility, with no
// comma between ("Stroke in the setting of atrial fibrillation remains a possibility").
var subjectPossibilityRe = regexp.MustCompile(`^[^.;,]{0,80}?\s(is|remains|was|would be|seems)\s+(also\s+|still\s+|certainly\s+)?(considered\s+|thought\s+to\s+be\s+|felt\s+to\s+be\s+)?(a|an|less\s+of\s+a)\s+(real\s+|distinct\s+|strong\s+|definite\s+|likely\s+|remote\s+)?possibility\b`)

// subjectPossibility: subjectPossibilityRe, with no second clause ("and", "but") between
// ("Diabetes is well controlled and heart failure is a possibility": not the diabetes).
func subjectPossibility(rest string) bool {
	m := subjectPossibilityRe.FindStringIndex(rest)
	if m == nil {
		return false
	}
	seg := rest[:m[1]]
	for _, conj := range []string{" and ", " but "} {
		if k := strings.Index(seg, conj); k >= 0 && ownClause(seg[:k]) {
			return false // the mention has its own clause before the conjunction
		}
	}
	return true
}

// clauseVerbRe: a clause's own verb or state ("is well controlled", "on warfarin", "s/p
// CABG", "well controlled", "persists"), not a coordinated subject ("Stroke and TIA is a
// possibility").
var clauseVerbRe = regexp.MustCompile(`\b(is|was|are|were|has|have|had|on|s/p|noted|present|controlled|uncontrolled|improved|improving|stable|persists|persistent|remains|resolved|treated|managed|worse|worsened|worsening|better)\b`)

// ownClause: clauseVerbRe in the mention's clause, with no "or" before it ("Heart failure
// exacerbation or worsening renal failure and pneumonia is a possibility": a differential).
func ownClause(clause string) bool {
	m := clauseVerbRe.FindStringIndex(clause)
	return m != nil && !strings.Contains(clause[:m[0]], " or ")
}

var notPossibilityNextRe = regexp.MustCompile(`^(\s+or\s+[^,;.]{1,30}?)?\s*((is|was)\s+|,\s*)?(not|no longer)\s+(a|an)\s+(real\s+|likely\s+)?possibility\b`)

// warnBreakRe: between "warning signs for" and a mention, a new clause ("Educated on warning
// signs for stroke given his atrial fibrillation"): the mention is not what the sign is for.
// ownWordsRe: the patient's own event ("for his subsequent stroke", "for worsening of her
// heart failure"); ownAfterRe: after "for the" mention, that the patient had it ("for the
// stroke she had in 2011"), not "for the development of heart failure".
var (
	warnBreakRe = regexp.MustCompile(`\b(given|as|since|because|due|in light of|who|which|that|were|was|is|are|reviewed|discussed|taught|has|had|have)\b`)
	ownWordsRe  = regexp.MustCompile(`\b(his|her|their|patient'?s|subsequent|later|eventual|ensuing)\b`)
	// warnAsideRe: an aside or item about the patient ("(on warfarin for atrial
	// fibrillation)", ", patient with atrial fibrillation", ", history of stroke in 2010");
	// warnItemEndRe and patientItemAfterRe: a new item that opens with the mention and tells
	// the patient's state ("..., CKD stage 3 noted", "..., cardiomyopathy with EF 25%").
	warnAsideRe        = regexp.MustCompile(`^[,(]\s*((patient|pt)\s+(with|on|s/p)|(she|he|patient|pt)\s+(has|had|is)\s+(a\s+)?(history of|known|chronic|longstanding|s/p|on)|history of|hx of|h/o|known|on\s+(warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|insulin|metformin|dialysis|hemodialysis|anticoagula\w*|aspirin|clopidogrel|plavix|statins?|\w+\s+for)|s/p)\b|^\(\s*(patient|pt|noted|with)\b`)
	knownToRe          = regexp.MustCompile(`^[,(]\s*known\s+to\b`)
	warnItemEndRe      = regexp.MustCompile(`[,(]\s*(with\s+)?$`)
	patientItemAfterRe = regexp.MustCompile(`^\s*(is|was|are|were|s/p|since|in\s+(19|20)\d\d|stage\s+(\d|i{1,3}|iv|v)\b|with\s+(an?\s+)?(ef|lvef|ejection fraction|neuropathy|nephropathy|retinopathy|rvr|rapid ventricular response)\b|on\s+(warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|pradaxa|insulin|metformin|anticoagula\w*|dialysis|hemodialysis)\b|[^,;.()]{0,30}\bnoted\s*([.,;)]|$|(on|in|since)\s|\d))`)
	notNotedAfterRe    = regexp.MustCompile(`^[^,;.()]{0,30}\bnot\s+noted\b`)
	ownAfterRe         = regexp.MustCompile(`^\s*(that\s+|which\s+)?(she|he|the patient)\s+(had|suffered|sustained|experienced)\b|^\s+(in|on)\s+((19|20)\d\d|\d{1,2}/)`)
)

// warnedOf: the mention is what a warning sign is for, one that may come.
func warnedOf(before, after string) bool {
	m := warningSignRe.FindStringSubmatchIndex(before)
	if m == nil {
		return false
	}
	between := before[m[2]:m[3]] // from "for" to the mention
	switch {
	case warnBreakRe.MatchString(between), ownWordsRe.MatchString(between), patientAside(between):
		return false
	case warnItemEndRe.MatchString(between) && patientItemAfterRe.MatchString(after) && !notNotedAfterRe.MatchString(after):
		return false // "Warning signs for hypoglycemia, diabetes is well controlled"
	case strings.HasSuffix(strings.TrimSpace(between), "the") && ownAfterRe.MatchString(after):
		return false
	}
	return true
}

// patientAside: between "warning signs for" and the mention, an aside or item about the
// patient that the mention stands in: a parenthesis still open ("(pt with atrial
// fibrillation, hypertension"), or a comma item about the patient ("..., on warfarin for
// atrial fibrillation", "..., patient with hypertension, diabetes and hyperlipidemia",
// "..., s/p CABG, atrial fibrillation") that the items after it continue bare; not one
// closed before ("(on warfarin) and stroke") nor one the list leaves (", on warfarin, and
// stroke", "..., patient understands, and heart failure").
func patientAside(between string) bool {
	if k := strings.LastIndexByte(between, '('); k >= 0 && !strings.Contains(between[k:], ")") && opensAside(between[k:]) {
		return true
	}
	for k := strings.LastIndexByte(between, ','); k >= 0; k = strings.LastIndexByte(between[:k], ',') {
		item := between[k:]
		if strings.Contains(item, ")") {
			return false
		}
		if opensAside(item) {
			return true
		}
		if listResumesRe.MatchString(item) {
			return false // the outer list goes on
		}
	}
	return false
}

// opensAside: item (from its "," or "(") opens an aside about the patient (warnAsideRe), not
// "known to".
func opensAside(item string) bool {
	return warnAsideRe.MatchString(item) && !knownToRe.MatchString(item)
}

// listResumesRe: a comma item that goes back to the outer list (", and stroke").
var listResumesRe = regexp.MustCompile(`^,?\s*(and|or)\b`)

// tickedBeforeRe: a ticked box right before the mention.
var tickedBeforeRe = regexp.MustCompile(`(\[\s*[x✓]\s*\]|☒)\s*$`)
