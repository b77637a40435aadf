package rules

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/notecoder/notecoder/nlp/findings"
)

// The patterns below are written in lower case and matched against lower-cased text
// (cheaper than case-insensitive matching, which dominated the rules' run time).

// tobacco marks sentences that talk about smoking at all.
// EHR social-history fields name no tobacco on some lines of their own: "Quit date: 2010",
// "Years since quitting: 14.3" (Epic's Tobacco Use block).
var tobacco = regexp.MustCompile(`smok|tobacco|cigar|\bppd\b|\b(\d+|one|two|half|a|1/2)\s+packs?\s+(a|per|/)\s*day\b|pack[- ]?y|pk[- ]?yr|\btob\b|nicotin|nikotin|rauch|zigarett|\bpy\b|\bpy\.|packungsjahr|\bpj\b|quit date|years since quitting|genussmittel:\s*(keine|nein|ø|-)`)

// relativesAmount: how much a relative smokes, after their smoking ("father, who smokes 2
// packs a day", "his wife smokes about half a pack a day"), masked with it in notPatientRe.
const relativesAmount = `((\s+(in|inside|outside|around) (the |his |her )?(home|house|car)|\s+(inside|outside|at home|indoors|outdoors))?,?\s+(about|approximately|around|~)?\s*(\d+(\.\d+)?|one|two|three|half|a)(\s*-\s*\d+)?\s*(a\s+)?(ppd|packs?|cigarettes?|cigs?|cigars?)\b((\s+(a|per)|\s*/)\s*day)?)?`

// earlierAmount: how much the patient smoked before ("previously 1 ppd"): past smoking,
// unless the sentence says what the patient smokes now ("Smokes 1/2 ppd, previously 1 ppd");
// non-native "Before he was smoking 1 pack daily for 40 years" (set jp), not "Before, he
// smoked 2 packs a day; now he smokes half a pack a day".
const earlierAmount = `\b(previously|formerly|prior|past)\s*:?\s*(\d+(\.\d+)?|one|two|half|1/2|a|half a|a half)\s*(ppd|packs?)\b|(^|[.;,:]\s*)before,?\s+(he|she)\s+(was\s+smoking|smoked)\b`

var earlierAmountRe = regexp.MustCompile(earlierAmount)

// otherProductNowRe and cigarettesGivenUpRe: cigars or a pipe smoked now beside cigarettes
// given up ("Smokes a cigar a couple of times a week, stopped cigarettes in 1990", "Smokes
// cigars occasionally, used to smoke cigarettes heavily"): a current smoker.
var (
	otherProductNowRe   = regexp.MustCompile(`\bsmokes\s+(a\s+|an\s+|his\s+|her\s+|\d+\s+|one\s+|two\s+|three\s+)?(occasional\s+|rare\s+|few\s+)?(cigars?|pipes?|cigarillos?)\b`)
	cigarettesGivenUpRe = regexp.MustCompile(`\b(stopped|quit|gave up|given up)\s+(smoking\s+)?cigarettes\b|\b(used to|formerly|previously)\s+smoked?\s+cigarettes\b|\b(used|smoked)\s+cigarettes\s+in\s+the\s+past\b`)
)

var (
	nonSmokerRe = newAlternation(`never (been a |had )?smok|\b(list|lists|listed|records?|documents?|documented)\s+(tobacco|smoking)( use)? as \W{0,2}none\b|\b(smoking|tobacco) history (of )?(zero|none|nil)(\s*([.;,]|$)|\s+pack[- ]?years?\b)|never used tobacco|non-?smoker|non smoker|non-?\w+[- ]smoker|non-?tobacco (user|use)\b|nonsmoking|denies (any )?(tobacco|smoking|cigarette|nicotine|etoh, tobacco|alcohol,? tobacco|alcohol or tobacco)|\b(she|he|patient|pt) deny (any )?(tobacco|smoking|cigarettes?|nicotine)\b|denies (alcohol|etoh)( use)?,? (and |or )?(tobacco|smoking)|no (history of |hx of |h/o )?(tobacco|smoking|cigarette)|does ?n[o']t smoke|do(es)? not use tobacco|(tobacco|smoking)(/(nicotine|vaping|vape|alcohol))?( use| usage| history)?: *(none|no(\s*[.;,)/]|\s*$|\s*\t|\s+[a-z/]+\s*:|\s+(tobacco|smoking|smoker|use|history|hx|cigarettes|nicotine|never|current|past|former|ever)\b)|never|neg|denie|zero\b|nil\b|0(\s*[;,]|\s*$|\.(\s|$)))|tob: *(neg|no|none|-)|smokes none|nichtraucher|nie (tabak |zigaretten )?geraucht|niemals (tabak |zigaretten )?geraucht|kein(en)? nikotin|nikotin *(:|\.{2,}|…+) *(nein|neg|-|ø|nie\b|kein)|nikotin +(nein|nie|neg)\b|(tobacco|smoking|nicotine)( use)? *(\.{2,}|…+) *(no|none|never|neg)\b|nikotin(abusus|konsum)? (wird|wurde) verneint|verneint (nikotin|tabak|rauchen)|genussmittel: *(keine|nein|ø|-)|current(ly)? smok(er|ing)\s*[:?]\s*(no|n|none)\b|raucher(anamnese)?: *ø|raucht nicht|raucht keine (zigaretten|zigarren|zigarillos)\b|nikotinabusus: ?(nein|neg|-)|kein nikotinabusus|(tobacco|smoking|cigarettes?)\b[^.;]{0,40}\b(was|were|is|are|has been|have been) (denied|negative)\b`)
	// negatedTobaccoRe: a negation cue, then (within the clause) a tobacco word: "Denied
	// Tobacco/ETOH/illicit drug use", "does not drink or smoke", "Negative for use of
	// alcohol or tobacco", "No alcohol, drugs, or tobacco". Its gap is checked for a quit
	// ("no intention of quitting" is not a negation of smoking).
	negatedTobaccoRe = regexp.MustCompile(`\b(denie[sd]|denying|negative for|no|not|never|nor|without|none)\b([^.;:]{0,60}?)\b(tobacco|tob|smoke[sd]?|smoking|smoker|cigarettes?|cigars?|nicotine)\b`)
	pastRe           = newAlternation(`former(ly a)? smoker|\b(stopped|quit) the (cigarettes?|cigars?|pipe)\b|\b(smoking|tobacco|tobacco use|cigarettes)\s*:\s*(former|past|prior|previous|ex)\s*([.;,(]|$)|\bsmoked\b[^.;]{0,60}\bbut not (anymore|any more|now|since)\b|\bsmoker\b[^.;]{0,20},\s*(stop|stopped|quit)\s+(\d+|one|two|three|four|five|six|ten|many|several)\s+(years?|months?|weeks?)\s+ago\b|former (heavy |light |chain |long-?time |daily |pack-a-day |occasional |social |casual |intermittent )smoker|former (cigarette |tobacco |pipe |cigar )?(smoker|user)|(former|remote) (tobacco|cigarette|smoking)( use| usage| abuse| history| hx)?|remote smoker|ex-?smoker|ex smoker|quit( smoking| tobacco| cigarettes)?|stopped (the |his |her )?smoking|gave up (smoking|cigarettes|the pipe|pipes?|cigars?)|` + earlierAmount + `|\bgave (it|them|that|those) up\b|(\b(he|she)\s+|,\s*)left\s+(smoking|tobacco)\s*([.;,]|$|\s+(in|at|about|approximately|when|after|since|completely|for (good|health|(his|her) health|the sake of)|on|cold|entirely|altogether|\d|(one|two|three|four|five|six|ten|many|several)\s))|\b(smok\w*|tobacco|cigarettes?|cigars?|ppd|packs?)\b([^.;]{0,30}|[^.;]{0,30};\s*)\bgave this up\b|prior smoker|previous smoker|past smoker|(remote|prior|previous) (history|hx|h/o) of (smoking|tobacco)|(history|hx|h/o) of (smoking|tobacco),? (quit|stopped)|used to smoke|\b(states|says|reports|answers|replies|replied|said)[: ]+(that )?(she|he)?\s*['"]?not any ?more\b|(^|[,;:]\s*)(he|she) stop (the )?(smoking |cigarettes )?(completely |totally |entirely |fully )?((\d+|one|two|three|four|five|six|ten|many|several) (years?|months?|weeks?) ago\b|(after|when|in)\b)|\b(smoker|smoking|smoked|cigarettes)\b[^.;:]{0,30},\s*none (in|for) (over |more than |the (past|last) )?\d+ years\b|\b(he|she|patient|pt) (stopped|quit)\s*(\d|last\b|a |one |several|in |on |at |when|after|about|approximately|[.;,]|$)|previously (been )?(a )?(smok|tobacco)|(^\W*|[,:]\s*|\bwas\s+)previously,?\s+(about\s+)?(a|\d+(\.\d+)?|one|two|half a)\s+(packs?|ppd)\b|had (been )?previously|had smoked|\b(and|but|then|finally) stopped\b|(has|have) not smoked (for|since|in)|\b(is|has been|have been|was) (also )?not smoking (since|for)\b|\b(did not|didn't) smoke (since|for) (\d+|one|two|three|four|five|six|several|many)\b|(has|have) not used (tobacco|cigarettes|nicotine)( products)? (for|since|in)\b|no longer (smok|uses? tobacco)|\b(been|remained|stayed|remains|stays|is|was|went) off (of )?(cigarettes|tobacco|smoking|nicotine|cigars)\b|\bsmok\w*\b[^.;]{0,30}\bnot any ?(more|longer)\s*([.;,]|$)|: ?no longer\b|not smok\w* (now|any ?more|any longer)|(smoked|smoking|smoker|tobacco)( use)? in past\s*([.;,]|$)|(smok|tobacco)[^.;]{0,60};\s*(stopped|gave (it )?up)\s*(\d|on |at |in |when|after|about|approximately|[.;,]|$|(smoking|cigarettes|tobacco)\b)|(smok|tobacco)[^.;]{0,40}(in the past|until|\b(stopped|quit)\b)|(smok|tobacco)[^.;]{0,40}\bstopping\s+(in\s+|at\s+age\s+|about\s+)?(\d|one|two|three|four|five|six|ten|several|many)|\bcigarettes\b[^.;]{0,40},\s*(stopped|quit)\b|bis (\d{4}|vor [^.;]{0,20}) geraucht|seitdem nicht mehr|raucht (seit [^.;,]{1,25} )?(nicht|keine (zigaretten|zigarren|zigarillos)) mehr|nicht mehr geraucht|smoked [^.;]{0,30}(in|during) (his|her|their) (teens|youth|twenties|thirties|\d0s)|smoked [^.;]{0,30}\bas an? (teenager|teen|youth|young (man|woman|adult)|student|soldier)\b|\bsmoked\b[^.;]{0,60}\bnot (for|in) (\d+|many|several|over \d+) years\b|\bsmoked\b[^.;]{0,60}\b(none|not|nothing) since\b|ex-?raucher|ehemalige[rn]? raucher|rauchstopp\s*(am|seit|vor|im|\d)|rauchen: *(früher|ehemals|ex)\b|(nikotin\w*|rauch\w*|geraucht)[^;]{0,40}?\bbis\s+(\d{4}|zum|zur|\d{1,2}/\d{4})|seitdem [^.;]{0,30}abstinent|seit (über |mehr als |ca\. |etwa |gut )?(\d+|einem|zwei|drei|vier|fünf|vielen|jahren|langem) (jahr\w*|monat\w*)?[^.;]{0,15}\babstinent|früher (ca\. )?\d+ ?(py|pj|packyears|pack-years)|seit (jahren|\d+ jahren|langem) nicht mehr|ehem\. raucher|ehemals raucher|nikotinkarenz|z\.\s?n\. nikotin|rauchfrei seit|aufgehört|hörte .{0,30}auf|nikotinabstinent|abstinent seit`)
	// pastPhraseRe: past smoking said without a quit ("Remote 40 pack-year history of
	// cigarettes", "Former 40 pack-year smoker", "Remote pipe smoking history", "smoking
	// ..., socially, in college", "smoking 'off and on' but not currently"; sets pc-ph),
	// read only where the sentence tells no smoking now (pastNowRe).
	pastPhraseRe = regexp.MustCompile(`\b(occasional|rare)\s+(cigars?|cigarettes?|pipe)\b[^.;]{0,30}\b(as an? (teen|teenager|young man|young woman|student)|in (his|her) youth|in college|last( one)?\s+[^.;]{0,10}years ago)\b|\bremote\s+\d+[- ]?(pack[- ]?years?|py)\s+(history|hx|h/o)\s+of\s+(smoking|tobacco|cigarettes?|cigars?)\b|\bformer\s+\d+[- ]?(pack[- ]?years?|py)\s+(cigarette\s+)?(smoker|tobacco user)\b|\b(former|remote)\s+(pipe|cigar)\s+(smoking|smoker|use)\b|\bsmok\w*\b[^.;]{0,50},\s*(in|during)\s+(college|high school|the (army|military|navy|marines|service))\b|\bsmoked\s+((only|briefly|socially|occasionally|a little|a bit)\s+)?(in|during)\s+(college|high school|the (army|military|navy|marines|service))\b|\bsmok\w*\b[^.;]{0,40}\bbut\s+not\s+(currently|now|at present|presently|anymore|any more|recently)\s*([.;,)]|$)`)
	pastNowRe    = regexp.MustCompile(`\b(currently|now|still)\s+((rarely|occasionally|is|a)\s+)?(smok\w*|uses?|using|\d|one|a|half|about|occasional|back|daily)\b|\bstill\s+has\b|\bcontinues\b|\b(restarted|resumed)\b|\bagain\s+(smok\w*|since)\b|\b(smok\w*|started|back)\s+again\b`)
	notNowRe     = regexp.MustCompile(`\bnot\s+(currently|now)\b`)
	// stillSmokesRe: a quit that has not happened ("trying to quit", "no intention of
	// quitting", "has not quit", "still not stopped smoking", "quitting is the single most
	// important thing"), or smoking that goes on beside one ("he still smokes his pipe ...,
	// though he gave up cigarettes years ago"): the patient smokes.
	// whetherStillRe: whether the patient still smokes is not known ("did not say whether
	// she still smokes"); notSaidWhetherRe: the whole clause, which says nothing of the
	// smoking (a pack-year history before it still says a smoker).
	whetherStillRe      = regexp.MustCompile(`\b(whether|if)\s+(he|she|the patient|pt|they)\s+(still|currently)\s+smok`)
	quitWordRe          = regexp.MustCompile(`\b(quit|stopped|former|gave up)\b`)
	smokesNowWordRe     = regexp.MustCompile(`\b(smokes|smoking|cigars?|cigarettes?|pipes?|ppd|packs?)\b`)
	notConsiderSmokerRe = regexp.MustCompile(`\b(does not|doesn't|did not|didn't|do not|don't)\s+(consider|call|regard|see|think of)\s+(himself|herself|themselves)\s+(to be\s+|as\s+)?an?\s+(real\s+|regular\s+|true\s+)?smoker\b`)
	// relativeSneaksRe: a relative who still sneaks cigarettes ("His wife still sneaks
	// cigarettes"), not the patient ("his wife reports he still sneaks a few cigarettes a day").
	relativeSneaksRe = regexp.MustCompile(`\b((his|her|their)\s+(\w+-in-law|grand\w+|step\w+|caregiver|aide|neighbou?r|roommate|friend|nephew|niece|cousin|uncle|aunt|fianc\w*|co-?worker|boss)|wife|husband|spouse|partner|son|daughter|mother|father|mom|dad|brother|sister|boyfriend|girlfriend|roommate|friend|caregiver|neighbou?r|grandson|granddaughter|nephew|niece|uncle|aunt|fianc[eé]e?|co-?worker|step-?(son|daughter|father|mother|brother|sister|dad|mom)|\w+-in-law)(,?\s*who\b[^,;.]*,?)?(\s+(also|too))?\s+(still sneaks|(has been|had been|is|was) ["'“]?sneaking)\b`)
	// sayingRe: a relative telling that the patient sneaks them ("His wife who brought him
	// in says he still sneaks cigarettes"; not "His wife, who states she quit years ago,
	// still sneaks cigarettes").
	sayingRe = regexp.MustCompile(`\b(says|said|reports|reported|states|stated|notes|noted|admits|tells|told|thinks|believes|worries|suspects)\s+(that\s+)?(he|she|the patient|pt|(her|his)\s+(husband|wife|spouse|partner))\s+(still sneaks|(has been|had been|is|was)\s+(still\s+)?["'“]?sneaking)\b`)
	// otherQuitRe: a quit of another habit ("She wishes to quit drinking").
	otherQuitRe = regexp.MustCompile(`\b(quit|stop)(ping)?\s+(drinking|alcohol|etoh|beer|drugs?|marijuana|cannabis|cocaine|heroin|vaping|gambling|eating)\b`)
	// unclearWhetherRe: the note does not know whether ("unclear amount and whether he has
	// quit", "not sure if she ever smoked"), the clause from the doubt on.
	// smokingQuitRe: a quit of smoking itself.
	smokingQuitRe = regexp.MustCompile(`\b(quit|stopped|gave up)\s+(smoking|cigarettes|tobacco|cigars?)\b`)
	// patientQuitTooRe: after a relative's smoking, the patient's own bare quit ("Husband
	// smokes, she quit in 1998"), read as a quit of smoking.
	patientQuitTooRe = regexp.MustCompile(`(^|[,;]\s*|\b(?:and|but)\s+)((?:he|she|the patient|patient|pt)\s+(?:himself\s+|herself\s+)?(?:quit|stopped))(\s+(?:in\s+(?:(?:19|20)\d\d|the\s+(?:19|20)?\d0s|(?:her|his)\s+\d0s|[a-z]+\s+(?:19|20)\d\d|\d{1,2}/(?:\d{1,2}/)?(?:19|20)?\d\d)|at\s+(?:age\s+|the\s+age\s+of\s+)?\d+|about|approximately|around|over|\d+|one|two|three|four|five|six|seven|eight|nine|ten|many|several|years|when|after|last)\b|\s*[.;,]|\s*$)`)
	// patientNotEitherRe: after a relative's smoking, the patient's own short denial of it.
	patientNotEitherRe = regexp.MustCompile(`(^|[,;]\s*|\bbut\s+)(he|she|the patient|patient|pt)\s+(himself\s+|herself\s+)?(never did|never has|has never|never had|does not|doesn't|did not|didn't|has not|hasn't)\s*([.;,]|$)`)
	// unclearWhenRe: the doubt is only when ("at 40 or 45", "before or after her pregnancy");
	// otherHabitRe: the doubt is another habit's.
	unclearWhenRe    = regexp.MustCompile(`\b(at (age )?\d+|age \d+|\d+ years|before|after|in (19|20)\d\d)\b[^.;]{0,20}\bor\b`)
	otherHabitRe     = regexp.MustCompile(`\b(drink\w*|drank|alcohol|etoh|beer|wine|liquor|drugs?|marijuana|cannabis|cocaine)\b`)
	unclearWhetherRe = regexp.MustCompile(`\b(unclear|unknown|uncertain|not sure|unsure|not known|not clear)\b[^.;]{0,30}?\b(whether|if)\b[^.;,]*|\b(vague|evasive|noncommittal|equivocal)\s+(about|regarding|as to|when asked)\s+whether\s+(he|she)\s+((still|currently)\s+smok\w*|smokes|(has\s+)?quit\s+smoking)\s*([.;,]|$)`)
	notSaidWhetherRe = regexp.MustCompile(`\b(did not|does not|didn't|doesn't|would not|wouldn't|could not|couldn't|cannot|can't|unable to)\s+(say|state|tell|know|report|specify|mention|clarify|recall|remember)\s+whether\b[^.;,]*`)
	// toldThenQuitRe: advice to quit that was then followed ("she was told to quit smoking
	// and quit in 2002", "he quit smoking in 2005 after his doctor told him to quit"): a
	// quit, not one still to come.
	toldThenQuitRe = regexp.MustCompile(`\b(and|then|but|so)\s+((he|she|the patient|pt)\s+)?(quit|stopped|did)\b|\b(quit|stopped)\b[^.;]{0,40}\b((in\s+)?(19|20)\d\d|ago)\b|\b(quit|stopped)\s+(smoking\s+)?[^.;]{0,40}\btold\b`)
	stillSmokesRe  = newAlternation(`(nikotinkarenz|rauchstopp|rauchverzicht|nikotinverzicht) ab sofort|quitting( (smoking|cigarettes|tobacco))? (is|would be|remains) the (single )?(most important|most effective|best|biggest)|\bstill smok(es|ing)\b|\bstill sneaks\b|\b(has been|have been|is|was|been|admits to|admitted to)\s+["'“]?sneaking\s+(in\s+)?(an?\s+|a few\s+|some\s+|the occasional\s+|an occasional\s+|\d+\s+)?(cigarettes?|cigs?|smokes?|cigars?|puffs?)\b|\bsmoked (his|her) last (cigarette|cigar|cig)\b[^.;]{0,20}\b(the (morning|day|night|evening) of (admission|presentation|surgery)|this morning|yesterday|last night|today)\b|\b(smoke|smokes|smoking|smoker|cigarettes?|packs?)\b[^.;]{0,30}\b(per day|a day|daily|ppd)\s+until (now|today|the present)\b|\bstill has\s+(a few|a couple( of)?|several|\d+|one|two|three|four|five)\s+((cigarettes|cigs|cigars)\s+(on weekends|a (day|week|weekend)|per (day|week)|daily|each day|every day|when|with|at (night|bedtime|work|parties|the bar|lunch|dinner|breakfast|meals|home (in|at) (the )?(evening|night|weekend)s?))\b|(a day|per day|daily)\b)|(^|[^-\w]|\b(chain|pipe|cigar|cigarette)-)(smoked|smoking)\s+[^.;]{0,30}?\bfrom (age|the age of)\s+\d+\s+(up\s+)?until (now|today)\b|\b(is|now|currently)\s+(down to|cut (back|down) to)\s+(\d+|a few|half|one|two|three|four|five)(\s+or\s+\d+)?\s+(cigarettes?|cigs?|packs?|a day|per day|daily)\b|\b(but|though|yet|and)\s+((he|she)\s+)?(now|currently)\s+(smokes|is smoking)\b|\bbut\s+(is\s+)?smoking again\b|\bcontinues to smoke\b|not ready to (set a )?quit|\b(he|she|patient|pt)\s+(is\s+)?(not willing|unwilling|not interested|not motivated) (to quit|in quitting)(\s+(smoking|cigarettes|tobacco))?\s*([.;,]|$)|\bnot (had|smoked) (a |any )?(cigarettes?|cigars?) since (his |her |this |the )?(admission|hospitali[sz]ation|surgery)\b|relapsed|resumed smoking|\b(one|a|two|several|a few|occasional|brief)\s+(slips?|lapses?)\s+(last|this)\s+(week|month)\b|started smoking again|restarted smoking|\b(then|and|but|later|since) (restarted|resumed|started again)\b|back to smoking|quitting (her|his|their) smoking|(should|needs? to|must) (quit|stop)( smoking)?\b|\b(has not been able|hasn't been able|has been unable|is unable|not able|unable|failed) to (quit|stop)( smoking| cigarettes)?(\s*([.;,]|$)|\s+(despite|in spite of|so far|yet|on (his|her) own))|\b(got to|gotta) (quit|stop)(\s+(smoking|cigarettes|these cigarettes|the cigarettes|tobacco)\b|\s*([.;,!"'”]|$))|\b(i|he|she) (have|has) to (quit|stop)( smoking| cigarettes| tobacco)?\s*([.;,'"]|$)|\b(he|she|i) (can't|cannot|can not) quit\s*([.;,'"]|$)|\b(can't|cannot|can not) (quit|stop) (smoking|cigarettes|tobacco|cigars)\b|\b(knows?|realizes?|feels?|thinks?|admits?|understands?|agrees?) (that )?(he|she|i) (has|have|needs?) to (quit|stop)( smoking| cigarettes| tobacco| cigars)?\s*([.;,'"]|$|\band\b|\bbut\b)|\b(must|needs? to|has to|will have to) (be|get) (completely |totally )?off (cigarettes|tobacco|smoking|nicotine)\b|\btold\b[^.;]{0,30}\bto (quit|stop)\b|(trying|working on|wants?|wish(es)?|would like|plans?|planning|thinking (about|of)|ready|determined|attempting|considering|interested in|intention of|has not|hasn't|have not|not yet|unable|advised|encouraged|counseled|counselled|urged|desire) (to )?(quit|stop)|\b(is|are)\s+(willing|motivated|eager)\s+to\s+(quit|stop)\b|\b(advised|encouraged|counsell?ed|urged) (strongly|again|repeatedly|firmly) (to )?(quit|stop)|\b(after|on|at|wants|want|wanted|asked|asks|urges|urged|begging|begged|pushing|pushed|nagging) (him|her) to (quit|stop)( smoking| cigarettes| tobacco)?\s*([.;,]|$)|\bsmoked (up )?until the (morning|day|night|evening) of (his |her |the )?(mi|heart attack|infarct|stroke|surgery|admission)\s*([.;,]|$)|\b(advised|encouraged|counsell?ed|urged)\b[^.;]{0,25}\b(about|on|regarding) (quitting|stopping)( smoking| tobacco| cigarettes)?\s*([.;,]|$)|not (quit|stopped)|no (attempts?|intention|plans?|desire|interest|wish) (to |of |in )?(quit|stop)|until (the (morning|day|night|evening) of )?(this |her |his |the )?(admission|presentation|hospitali[sz]ation)|(smok\w*|cigarettes?|ppd|packs?|tobacco)\b[^.;]{0,30}\buntil (today|yesterday|this morning|last night|last week)\b|(tried|attempted) (to )?(quit|stop)[^.;]{0,80}\b(without success|unsuccessful(ly)?|failed|but (relapsed|resumed|restarted))`)
	currentRe      = newAlternation(`current(ly)? (smoker|smokes|smoking|every day|some day|tobacco|uses)|\bsmoked\b[^.;]{0,30}\b(on the (morning|day|night|evening) of (admission|presentation|surgery)|this morning|today|yesterday|last night|\d+ (hours?|minutes?) (prior|before|ago))\b|\b(he|she) smoke (\d+|one|two|a|half|cigarettes|cigars|a pipe|the pipe|the water pipe|hookah)\b|\b(has|have) (been )?smok(ed|ing) ((a|the) pipe |pipes |cigars )?(since|for)\b|\b(tobacco|smoking)\s*:\s*(cigarettes?|cigars?|pipes?)\s*,\s*(\d+|one|two|a few)\b[^.;]{0,12}\b(per|a|/)\s*(day|week|month)\b|\b(tobacco|smoking)\s*:\s*(occasional|daily|social|light|heavy)\s+(cigarettes?|cigars?|pipes?|smoker|smoking)\b|(^|[:,;]\s*)(occasional|social|casual|intermittent|light|daily) (cigarette |cigar |pipe )?smoker\b|(^|:\s*)(an\s+)?(occasional|rare|daily)\s+(cigars?|pipe|cigarettes?|cigarillos?)\b|\bsocial (cigarette|cigar|tobacco) use\b|\bcurrent (everyday|every-day) smoker\b|currently [^.;]{0,30}(tobacco|smok)|active smoker|continues to (smoke|use tobacco)|still smok|still (a|an) (\w+ )?(smoker|tobacco)|smokes|\bis smoking|smoking \d|smoking (one|a|half|two)\b|\d+(\.\d+)? ?ppd|packs? (per|a|/) ?day|packs? of( [a-z]+){1,3} (per|a|/) ?day|cigarettes? (a|per|/) ?day|\b(\d+(-\d+)?|one|two|three|a few|several) (cigars?|cigarettes?|cigs?|cigarillos?|pipes?|pipefuls?) ?(a|per|/|each) ?(day|wk|week)\b|cigarettes? \d+(-\d+)? (a|per|/) ?day|cig/d|\bis (a|an) (\w+ )?(smoker|tobacco user|tobacco chewer)|\bis (smoker|tobacco user)\s*([.;,]|$|\s+(since|for|of|and|with|who|currently|now|x|\d))|does (smoke|use [^.;]{0,25}tobacco)|\buses? [^.;]{0,25}(tobacco|cigarettes)|(ongoing|continued|continuing|active) (tobacco|cigarette|smoking)|raucht|aktive[rn]? raucher|aktuelle[rn]? raucher|zig\.?/d|zig\.?/tag|zigaretten ?(pro|am|/|je) ?tag|zigaretten täglich|smoking: ?current|tobacco: ?current|gelegenheitsraucher\w*|nikotinabusus,? (aktiv|aktuell|weiterhin|fortgesetzt|fortbestehend)|schachtel\w*\s*(/|pro|am|je)\s*tag|packung\w*\s*(/|pro|am|je)\s*tag|admits to (current |daily |occasional )?(smoking|using tobacco|tobacco use|cigarette)`)
	smokerRe       = regexp.MustCompile(`smoker|smoking history|nikotin-\s*(und|u\.|&|/)\s*\w*(abusus|konsum)|tobacco (and|&|/) ?(alcohol|etoh) (use|abuse)|(tobacco|smoking|cigarette)( use)? (history|hx)\b|\brisk factors?\b[^.;]{0,120}(:|,|\band)\s*(tobacco|smoking|cigarettes)\s*(,|\.|;|$|\band\b)|(history|hx|h/o) of [^.;]{0,25}(smoking|tobacco|cigarette)|h/o (smoking|tobacco)|\d+ ?(pack[- ]?years?|pk[- ]?yrs?|py|pj|packungsjahre)|pack[- ]?(years?|yrs?)|pk[- ]?yrs?|(year|yr)[- ]?(smoking|tobacco) history|tobacco (use|usage|abuse|dependency|dependence|disorder|user)|smoking disorder|nicotine (use|dependence|abuse|addiction)|cigarette (use|smoking)|heavy (smoking|tobacco)|smoked [^.;]{0,40}for [^.;]{0,20}years|raucher|nikotinabusus|nikotinkonsum|tabakkonsum`)
	// notPatientRe: tobacco that is not the patient's own smoking, masked before the
	// sentence is read: household and second-hand smoke, relatives who smoke, smoking
	// drugs other than tobacco, the PPD skin test, an unknown history, a relative advised
	// to quit ("Avoid secondhand smoke exposure; advised husband to quit", set ja).
	notPatientRe = newAlternation(`\b(step|grand)?(father|mother|dad|mom|wife|husband|spouse|parents?|brother|sister|son|daughter|boyfriend|girlfriend|partner|roommate)\s*\([^()]*\b(smok\w*|tobacco|cigar\w*|cigs?)\b[^()]*\)|\b(step|grand)?(father|mother|dad|mom|wife|husband|spouse|parents?|brother|sister|son|daughter|child|boyfriend|girlfriend|partner|roommate)(\s+of\s+[^,.;]{1,20})?\s*,\s*who ((is|was|are|were) )?(a |also |still |both )?((heavy|light|chain|daily|current|former|active|occasional) )?(smok\w*|uses tobacco)` + relativesAmount + `|(no |any )?smok\w* (is )?(allowed )?(in|at|around|inside|outside) (the |his |her )?(home|house|household|car)|(indoor|workplace) smoking|smoking (was |is |were )?(permitted|allowed|banned)|smokers?( (or|and) (no )?\w+)? (at|in) (the )?(home|house|household)|(second[- ]?hand|passive|environmental) (tobacco |cigarette )?(smoke|smoking|exposure)|((tobacco|cigarette) )?(smoke|smoking|tobacco) exposure|quit ?lines?|quit(ting)? (resources|information|materials|aids?|kits?|programs?)|exposed to [^.;]{0,20}smoke|\b(step)?(father|mother|dad|mom|wife|husband|spouse|parents?|grand(father|mother|parents?|sons?|daughters?|child|children)|brother|sister|son|daughter|boyfriend|girlfriend|partner|roommate|family members?|caregivers?)\b[^.;,]{0,40}?\b(smok\w*|tobacco)(\s+(use|abuse|user|cigarettes?|cigars?|a pipe|pipes?))?(\s*\((former |never |current )?smoker\))?` + relativesAmount + `|\b(of|among) (whom|them) (\w+ )?(smoke|smokes|smoked|is a smoker|are smokers|uses tobacco)\b|smok\w* (of )?(marijuana|cocaine|crack|pot|weed|meth\w*|heroin|cannabis)|(marijuana|cocaine|crack|cannabis) (smok\w*|use)|unknown (history|hx) of [^.;]{0,40}|no one (should |may |can |must |is to |is allowed to |is permitted to )?smok\w*|\b(tochter|sohn|vater|mutter|ehemann|ehefrau|lebensgefährt\w*|partner(in)?|bruder|schwester|eltern|enkel\w*|angehörige\w*)\b[^.;,:)]{0,30}?\b(raucht|rauchen|raucher\w*)\b|passivrauch\w*|rauchfreie\w* (wohn|umgebung|haushalt)\w*|smoke detectors?|\b(asked|asks|told|tells|wants|made|makes) (him|her|them) (not )?to smoke (outside|outdoors|elsewhere|on the porch|away from [^.;,]{0,20})|\b(caffeine|nicotine|tobacco|smoking)(\s*(/|,|or|and)\s*(caffeine|nicotine|tobacco|smoking|exercise))*\s+(within|in the)\s+(\d+|last)\s*(min|minutes?|hours?|hrs?)\b|smoke-? ?free (home|house|household|environment|car)|smoky urine|(placed|repeat\w*|check\w*|place a|negative|positive|reactive|nonreactive|and a|a|the|annual) ppd|ppd (test|skin|placed|was|is|negative|positive|reactive|nonreactive|if)|\b(advised|asked|urged|encouraged|counsell?ed|told)\s+(her |his |the |their )?(step|grand)?(husband|wife|spouse|partner|son|daughter|father|mother|dad|mom|brother|sister|boyfriend|girlfriend|roommate|parents?)\s+to (quit|stop)( smoking| cigarettes| tobacco)?\b`)
	// "quit 6 months ago", "quit in 2010", "seit 2015", "vor 3 Jahren"
	quitAgoRe  = regexp.MustCompile(`(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a few|several)\s*(years?|yrs?|months?|mos?|weeks?|wks?|days?|jahren?|monaten?|wochen?|tagen?)\s*(ago|prior)?`)
	quitYearRe = regexp.MustCompile(`\b(19[5-9]\d|20[0-4]\d)\b`)
	someDayRe  = regexp.MustCompile(`some days?\b|occasional(ly)?|social(ly)? smok|intermittent(ly)?|gelegentlich|ab und zu`)
	heavyRe    = regexp.MustCompile(`heavy smoker|heavily|starke[rn]? raucher|\b([1-9]\d*(\.\d+)?|one|two) ?ppd|\b([2-9]|one|two) packs?|\b([2-9]\d) (cigarettes|zigaretten|zig)`)
	lightRe    = regexp.MustCompile(`light smoker|leichte[rn]? raucher|few cigarettes|(half|1/2) (a )?pack|0?\.5 ?ppd|\b[1-9] (cigarettes|zigaretten|zig)\b|wenige zigaretten`)
)

// quitDateRe: a quit date with its month, as EHR fields print it: 12/15/2023, 06/2020,
// 2023-12-15.
var quitDateRe = regexp.MustCompile(`\b(?:(\d{1,2})/(?:(\d{1,2})/)?((?:19|20)\d\d)|((?:19|20)\d\d)-(\d{1,2})(?:-(\d{1,2}))?)\b`)

// quitDate reads the first quitDateRe date in txt (a missing day is the month's first)
// and where it starts.
func quitDate(txt string) (time.Time, int, bool) {
	loc := quitDateRe.FindStringSubmatchIndex(txt)
	if n := monthYearRe.FindStringSubmatchIndex(txt); n != nil && (loc == nil || n[0] < loc[0]) {
		y, _ := strconv.Atoi(txt[n[4]:n[5]])
		return time.Date(y, time.Month(monthNumber[monthNames[txt[n[2]:n[3]]]]), 1, 0, 0, 0, 0, time.UTC), n[0], true // "quit in August 2003"
	}
	if loc == nil {
		return time.Time{}, 0, false
	}
	m := make([]string, len(loc)/2)
	for k := range m {
		if loc[2*k] >= 0 {
			m[k] = txt[loc[2*k]:loc[2*k+1]]
		}
	}
	num := func(s string, def int) int {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return def
	}
	y, mo, d := num(m[3], 0), num(m[1], 0), 1
	if m[2] != "" {
		d = num(m[2], 1)
	}
	if m[4] != "" {
		y, mo, d = num(m[4], 0), num(m[5], 0), num(m[6], 1)
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, 0, false
	}
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), loc[0], true
}

// monthAlt: the months' full names, as a regular expression's alternation.
const monthAlt = `january|february|march|april|may|june|july|august|september|october|november|december`

// monthYearRe: a month named with its year ("in August 2003", "Sept. of 2010"); monthNames
// gives each spelling's full name.
var (
	monthYearRe = regexp.MustCompile(`\b(` + monthAlt + `|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?,? (?:of )?((?:19|20)\d\d)\b`)
	monthNames  = map[string]string{"january": "january", "february": "february", "march": "march", "april": "april", "may": "may", "june": "june", "july": "july", "august": "august", "september": "september", "october": "october", "november": "november", "december": "december",
		"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december"}
)

// moreThanRe: a lower bound right before a time ago ("more than 30 days ago").
var moreThanRe = regexp.MustCompile(`(more than|over|greater than|>)\s*$`)

var wordNum = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a few": 3, "several": 5}

// Structured social history as EHRs print it (Epic's Tobacco Use block, Cerner's social
// history; the values are the US Core smoking status value set's):
//
//	Tobacco Use
//	• Smoking status: Former Smoker
//	  Quit date: 2010
//	• Smokeless tobacco: Current User

// smokelessAlt: smokeless tobacco named, with a quit of it before ("quit chewing tobacco"):
// smokelessRe, and smokelessQuitRe with the smokeless use's own quit after it.
const smokelessAlt = `((quit(ting)?|stop(ping)?|cessation of)\s+)?((nicotine dependence,? |tobacco use disorder,? )?(other tobacco product,?\s*\(smokeless\)|chewing tobacco|\(smokeless\))|smokeless( tobacco)?( use| user| status)?(\s*:\s*[a-z]+( [a-z]+){0,2})?|chew(s|ing|ed)? tobacco|tobacco chew(er|ing)|\b(snuff|snus)\b)`

var (
	// statusFieldRe: the smoking status field and its value (group 1), after a colon or, in
	// a table row (C-CDA's and HTML exports' social history tables), a tab: "Smoking
	// status: Former Smoker", "Tobacco Use\tNever Assessed". "Tobacco use: never" has no
	// value of the value set and is read as prose.
	statusFieldRe = regexp.MustCompile(`(?:smoking|tobacco)(?: use)?(?: status)?[ ]*(?::|\t|\|)\s*([a-z][a-z ,'-]*)`)
	// labelOnlyRe: a sentence that is only a label ("Tobacco Use", "Smoking History:"; not
	// "Tobacco use." with its full stop, an item of a list): no
	// status of its own (it had read as "tobacco use", a smoker). Not a list item: "- Tobacco
	// use" among a patient's problems is a smoker.
	labelOnlyRe = regexp.MustCompile(`^\s*(tobacco|smoking|nicotine|cigarette)( use| usage| history| status| use topics| and alcohol( use)?)?( screening| screen| update| review| reviewed)?\s*:?(\s*[\d/:_*?-][\d/.:_*?-]*)*\s*$`)
	// noInfoRe: what says there is no smoking information (UNKNOWN), masked before the
	// rest is read: the value set's "Unknown if ever smoked" and "Never assessed" in any
	// layout (a C-CDA table cell "Unknown if ever smoked" had read as a never-smoker), "No
	// smoking status data is applicable" (not a "no smoking"), and EHR templates' empty
	// "Started:"/"Stopped:" fields ("Never smoked Started: Stopped: Recorded Sept 10, 2014"
	// had read as a quit), boxes left blank ('Boxes for "currently smokes" / "quit date"
	// left blank'), Epic's "Tobacco use: Not on file", "Smoking history not obtained",
	// "Alcohol and tobacco history unknown" and "The patient's own tobacco history was not
	// obtainable from the patient because of aphasia" (set iq).
	noInfoRe = regexp.MustCompile(`unknown if ever smoked|\bno (tobacco|smoking)( (or|and) (alcohol|etoh|drugs?|substance))?( use)?( history)?\s+((of (his|her) own|on file|currently|found)\s+)?((is|was|has been|have been)\s+)?(documented|listed|recorded)\b|\bno (tobacco|smoking) history on file\b|\b(do|does|did) not (otherwise |further |specifically )?(comment on|mention|document|address|say anything about|say much about|talk about)\b[^.;]{0,30}\b(tobacco|smoking)\b|\b(tobacco|smoking)( use| status| history)?\s*:\s*not (asked|addressed|discussed|reviewed)\b|\b(tobacco|smoking)( use| status| history)?\s*:\s*(the )?(patient |pt )?(declined|refused) to (answer|respond)\b|\b(tobacco|smoking)( use| status)?\s*:\s*not on file\b|never assessed|\b(did not|does not|didn't|doesn't|do not|don't) know (of |about )?(any |his |her |their |the patient's |patient's )?(cigarette|tobacco|smoking)\b|\bno (smoking|tobacco)( use)? history known to\b[^.]{0,60}\b(not sure|unsure|uncertain)\b|\bno (details|information|info|data)\s+(regarding|about|on|of|concerning|as to)\s+(his\s+|her\s+|the patient's\s+|patient's\s+)?(tobacco|smoking)\b[^.;]{0,40}?\b(available|known|obtained|obtainable|given|provided)\b|\b(could not|couldn't|were unable to|was unable to|unable to) (find out|determine|ascertain|establish|clarify)\s+(about\s+|whether\s+)?(the extent of\s+)?(his\s+|her\s+|the\s+|patient's\s+|any\s+)?(own\s+|current\s+|prior\s+|past\s+|previous\s+)?(tobacco|smoking)\b|(smoking|tobacco)( use)? status\s*:?\s*unknown\b|no (smoking|tobacco)( use)?( status| history)? (data|information|info)\b|\b(started|stopped):\s*(recorded\b|$|[a-z]+:)|\b(box(es)?|fields?|questions?)\b[^.;]{0,60}\b(left (blank|empty|unanswered)|not (filled|completed|answered))|\b(does|did|do) not (otherwise |further |specifically )?(address|mention|document|record|include|list)\b[^.;]{0,30}|((smoking|tobacco)( (and|or|,) (alcohol|etoh|drug|substance))?( use)?( history| status| hx)?\s*:?\s*)?\b(unable to (obtain|provide|assess)|(unable to|could not) be (obtained|assessed))\b[^.;,]*(,[^.;,]*\b(does not know|do not know|doesn't know|not sure|unsure|unknown)\b[^.;,]*)?|\b(smoking|tobacco)( use)?( history| status)?\s*:?\s*_{2,}(\s*(packs?\s*(/|per)\s*day|ppd|pack-?years?|years?|cigarettes?\s*(/|per)\s*day))?(\s*,\s*_{2,}(\s*(packs?\s*(/|per)\s*day|ppd|pack-?years?|years?|cigarettes?\s*(/|per)\s*day))?|\s*,\s*(quit|start|stop)( date)?\s*:?\s*_{2,})*\s*(\((\w+ )?not (completed|filled( in)?|answered)\))?\s*([.;]|$|,\s*(medications?|meds|allergies|alcohol|etoh|drugs?|drug|illicit drugs?|recreational drugs?|substance|substances|marijuana|caffeine|sexually active|sexual history|marital|marital status|lives|living situation|occupation|employment|exercise|diet|family history|review of systems|ros|physical exam\w*|exam|social history|past [a-z]+ history|psh|pmh|fh|sh)( use| history| status)?\s*:)|\b(smoking|tobacco|cigarettes?)( (and|or|,) (alcohol|etoh|drugs?|substance))?( use)?( history| status| hx)?\s*:?\s*((is|was|were|are) )?not (documented|recorded|provided|given|stated|specified|obtained|elicited|assessed|available|discussed|asked|addressed)\b|\b(smoking|tobacco)( (and|or|,) (alcohol|etoh|drug|substance))?( use)?( history| status)?\s*:?\s*((is|was) )?(not (obtained|obtainable|available)|unobtainable|unavailable|unknown)\b([^.;,]*?\s+but\b|[^.;,]*)(,[^.;,]*\b(does not know|do not know|doesn't know|not sure|unsure|unable to provide)\b[^.;,]*)?`)
	// smokelessRe: tobacco that is not smoked: UNKNOWN on its own (../shared/LABELLING.md),
	// masked as notPatientRe is. (Nicotine replacement, UNKNOWN as well, names no smoking
	// status for the rules either; its sentences stay the model's candidates: they often
	// say more, "nicotine patch prescribed; she is thinking about quitting".)
	smokelessRe = regexp.MustCompile(smokelessAlt)
	// smokelessQuitRe: smokeless tobacco and its own quit, in a sentence that tells of no
	// smoking ("Tobacco: chewed tobacco for years, quit in 1985", set hs); not "He smoked
	// cigarettes and chewed tobacco for years, quit in 1985"
	smokelessQuitRe = regexp.MustCompile(smokelessAlt + `(\s+for (years|decades|(\d+|many|several) years))?(\s*[,;]\s*(and\s+)?(quit|stopped)(\s+in\s+(19|20)\d\d|\s+(\d+|many|several) years ago)?\s*([.;]|$))?`)
	smokedTooRe     = regexp.MustCompile(`smok|cigar|pipe|ppd|packs?\b`)
	// vapingRe: e-cigarettes, masked in the rules' reading only: their sentences stay the
	// model's candidates (dropping them from its training notes cost the encoder teacher
	// 0.04 on the real dev notes).
	vapingRe = regexp.MustCompile(`\bnicotine\s+vap(e|es|ed|ing)\b|\bvap(e|es|ed|ing)\s+nicotine\b|\be-?cig(arette)?s?\b|e-zigarett\w*|\bvap(e|es|ed|ing)\b|\bdampft\b|nikotinhaltige[nr]? liquids?`)
)

// The regexps below run on every tobacco sentence, several times a note: each is asked
// only of a sentence holding the words it needs.

// maskSmokeless blanks smokeless tobacco (smokelessRe) out of lower.
func maskSmokeless(lower string) string {
	if !hasAny(lower, smokelessWords) {
		return lower
	}
	if !smokedTooRe.MatchString(lower) {
		return smokelessQuitRe.ReplaceAllString(lower, " ")
	}
	return smokelessRe.ReplaceAllString(lower, " ")
}

// vaping: lower may name an e-cigarette (vapingRe).
func vaping(lower string) bool {
	return hasAny(lower, vapingWords)
}

// noInfo: lower may hold noInfoRe (a cheap pre-check).
func noInfo(lower string) bool {
	return hasAny(lower, noInfoWords)
}

// withoutNoInfo is lower with what says there is no smoking information masked ("Unknown if
// ever smoked", "No smoking status data is applicable"); not when that takes the only
// tobacco word from what an informant says after it ("Tobacco and alcohol history
// unavailable from patient, but per wife he quit in 1990"): then lower as it is.
func withoutNoInfo(lower string) string {
	if !noInfo(lower) {
		return lower
	}
	if m := noInfoRe.ReplaceAllString(lower, " "); tobacco.MatchString(m) || !selfCueRe.MatchString(m) {
		return m
	}
	return lower
}

// The words each regexp above needs (hasAny).
var (
	smokelessWords = []string{"smokeless", "chew", "snu"}
	vapingWords    = []string{"cig", "vap", "dampf", "zigarett", "liquid"}
	noInfoWords    = []string{"__", "not documented", "not recorded", "history recorded", "not provided", "not given", "not stated", "not specified", "not on file", "not comment", "unknown", "never assessed", " data", " info", "started:", "stopped:", "left ", "not filled", "not completed", "not answered", "not address", "not mention", "not document", "not say", "not talk", "documented", "listed", "on file", "not otherwise", "not further", "not specifically", "declined to answer", "refused to answer", "declined to respond", "not asked", "not addressed", "not discussed", "not reviewed", "not elicited", "not assessed", "not record", "not include", "not list", "unable to", "could not be", "known to", "know of", "know about", "not know", "n't know", "no details", "could not find", "could not determine", "could not ascertain", "could not establish", "could not clarify", "couldn't", "not obtain", "unobtainable", "not available", "unavailable"}
	// statusFieldRe reads a field after a colon only in these (a tab is a table row's cell)
	statusFieldWords = []string{"status", "\t", "never assessed", "unknown", "|"}
)

// labelOnly: lower is a label and nothing else (labelOnlyRe).
func labelOnly(lower string) bool {
	if len(lower) > 48 {
		return false
	}
	if strings.Contains(lower, ":") {
		lower = strings.TrimLeft(lower, " \t*•-") // a field's bullet: "* Smoking status: ***" (not "- Tobacco use", a problem list's item)
	}
	return labelOnlyRe.MatchString(lower)
}

// statusDashRe: a status field after a dash, read only where its value ends the sentence
// ("Smoking status - Light tobacco smoker."; not "Smoking status - never assessed; smokes
// 1 ppd", whose prose goes on).
var statusDashRe = regexp.MustCompile(`(?:smoking|tobacco)(?: use)?(?: status)?\s*[-–]+\s*([a-z][a-z '-]*?)\s*([.]|$)`)

// statusField reads the smoking status field's value; ok is false when the sentence has
// none or its value is not one of the value set's.
func statusField(txt string) (st findings.SmokingStatus, ok bool) {
	if !hasAny(txt, statusFieldWords) {
		return "", false
	}
	m := statusFieldRe.FindStringSubmatch(txt)
	if m == nil {
		m = statusDashRe.FindStringSubmatch(txt)
	}
	if m == nil {
		return "", false
	}
	v := strings.TrimSpace(m[1])
	switch {
	case strings.HasPrefix(v, "current non") || strings.HasPrefix(v, "non"):
		return findings.NonSmoker, true // "current non-smoker"
	case strings.HasPrefix(v, "never assessed") || strings.HasPrefix(v, "unknown"):
		return findings.Unknown, true
	case strings.HasPrefix(v, "smoker, current status unknown") || strings.HasPrefix(v, "smoker current status unknown"):
		return findings.Smoker, true
	case strings.HasPrefix(v, "never"):
		return findings.NonSmoker, true
	case strings.HasPrefix(v, "former"):
		return findings.Past, true
	case strings.HasPrefix(v, "every day") || strings.HasPrefix(v, "some day") || strings.HasPrefix(v, "current") ||
		strings.HasPrefix(v, "heavy tobacco smoker") || strings.HasPrefix(v, "light tobacco smoker"):
		return findings.Current, true
	}
	return "", false
}

// pronounSmokesRe: a sentence that opens with a pronoun that smokes ("He smokes.");
// relativeLedRe: a sentence that opens with a relative ("Husband reports she has never
// smoked").
var (
	pronounSmokesRe = regexp.MustCompile(`^\W*(he|she)\s+(also\s+|still\s+)?(smokes|smoked|is a (heavy |daily )?smoker)\b`)
	heWordRe        = regexp.MustCompile(`\bhe\b`)
	sheWordRe       = regexp.MustCompile(`\bshe\b`)
	relativeLedRe   = regexp.MustCompile(`^\W*(her |his |the patient's |patient's )?(husband|wife|father|mother|son|daughter|brother|sister|boyfriend|girlfriend)\b`)
)

// relativesPronoun reports whether sentence k only says that "he" or "she" smokes, right
// after a sentence that a relative of that sex opens and in which the patient is the other
// pronoun: the relative's smoking ("Husband reports she has never smoked. He smokes.", set
// ko), no tobacco sentence of the patient's.
func (d *doc) relativesPronoun(k int, lower string) bool {
	m := pronounSmokesRe.FindStringSubmatch(lower)
	if m == nil || k == 0 {
		return false
	}
	prev := d.lowerOf(d.sentences[k-1])
	r := relativeLedRe.FindStringSubmatch(prev)
	if r == nil {
		return false
	}
	female := femaleRelative[r[2]]
	patient := sheWordRe // the patient is the other pronoun
	if female {
		patient = heWordRe
	}
	return (m[1] == "she") == female && patient.MatchString(prev[len(r[0]):])
}

// smoking classifies the document's smoking status from its tobacco sentences, with the
// i2b2 rule that quitting within a year of the note still counts as current.
func smoking(d *doc, noteDate time.Time) findings.Smoking {
	if noteDate.IsZero() {
		noteDate = d.statedDate()
	}
	best := findings.Smoking{Status: findings.Unknown, Score: 0.5}
	rank := map[findings.SmokingStatus]int{findings.Unknown: 0, findings.NonSmoker: 1, findings.Smoker: 2, findings.Past: 3, findings.Current: 4}
	for _, s := range d.tobaccoSentences() {
		lower := d.lowerOf(s)
		st := sentenceStatus(lower, noteDate, d.age())
		if st == findings.Past && d.quitAtRecentMI(lower, noteDate) {
			st = findings.Current // "Quit the day of his heart attack", in a note 6 weeks after it
		}
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

// statedDate: the date the note gives itself in its first lines ("DATE OF SERVICE:
// 11/18/2009"), for a note that comes without one; zero if none. The date after the label
// is read as quitDate reads one.
func statedDate(lower string) time.Time {
	head := lower[:min(len(lower), 400)]
	loc := statedDateRe.FindStringSubmatchIndex(head)
	if loc == nil {
		if m := statedWordDateRe.FindStringSubmatch(head); m != nil { // a letter's "April 15, 2008." opening the note, after a letterhead's name ("Cardiology Associates of Westfield,April 12, 1995,", set jx)
			day, _ := strconv.Atoi(m[2])
			year, _ := strconv.Atoi(m[3])
			if day >= 1 && day <= 31 {
				return time.Date(year, time.Month(monthNumber[m[1]]), day, 0, 0, 0, 0, time.UTC)
			}
		}
		return time.Time{}
	}
	if loc[2] >= 0 { // German: "Datum: 14.03.2023", a letterhead's "Bad Krozingen, 15.12.2021"
		day, _ := strconv.Atoi(head[loc[2]:loc[3]])
		month, _ := strconv.Atoi(head[loc[4]:loc[5]])
		year, _ := strconv.Atoi(head[loc[6]:loc[7]])
		if month < 1 || month > 12 || day < 1 || day > 31 {
			return time.Time{}
		}
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	}
	from := loc[10]
	if from < 0 {
		from = loc[16] // a bare "DATE: 11/14/2002" heading the note
	}
	t, _, _ := quitDate(head[from:loc[1]])
	return t
}

var statedDateRe = regexp.MustCompile(`(?m)(?:\bdatum\s*:?\s*|^[^\n,:]{2,40},\s*)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\s*$|\b(date of (?:service|visit|exam|examination|admission|discharge|consultation|consult|procedure|report|encounter|evaluation|surgery|operation)|(?:admission|discharge) date|admitted:|discharged:)\s*:?[\s,]*(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b|(?:^|[\n,.]\s*)date\s*:[\s,]*(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b`)

// statedWordDateRe: the note opens with its date in words, as a letter does ("April 15,
// 2008.,Anil Patel, M.D.,Dear Dr. Patel:"), or a "DATE:" label gives it so.
var statedWordDateRe = regexp.MustCompile(`^(?:[^\d.,:;]{0,40}\b(?:associates|clinic|cardiology|medical|center|centre|hospital|group|practice|health|physicians|department|institute|university|office)\b[^\d.,:;]{0,30},\s*)?\W*(?:date\s*:[\s,]*)?(` + monthAlt + `)\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b`)

// nicotineReplacementRe: nicotine replacement, which alone says nothing of smoking
// (LABELLING.md). The rules read no status in it anyway; it is masked only to tell a
// sentence that says nothing else ("nicotine 21 mg/24 hr transdermal patch - apply daily"
// on a medication list), so that the model does not read it as a smoker's.
var nicotineReplacementRe = regexp.MustCompile(`\bnicotine\b[^.;,]{0,30}?\b(patch(es)?|gum|lozenges?|inhaler|nasal spray|replacement( therapy)?|transdermal)\b|\bnrt\b|nicoderm( cq)?|nicorette|habitrol|nicotrol|nikotinpflaster|nikotinkaugummi|nikotinersatz\w*`)

// maskReplacement blanks nicotine replacement out of lower.
func maskReplacement(lower string) string {
	if !strings.Contains(lower, "nicot") && !strings.Contains(lower, "nrt") && !strings.Contains(lower, "nikotin") && !strings.Contains(lower, "habitrol") {
		return lower
	}
	return nicotineReplacementRe.ReplaceAllString(lower, " ")
}

// statusLabelRe: a status field's label left with no value once its value is masked
// ("Tobacco smoking status | Unknown if ever smoked | 2022-05-04").
// bareTobaccoItemRe: "tobacco" alone as an item of a list (under a risk-factor heading).
var bareTobaccoItemRe = regexp.MustCompile(`(^|,|\band)\s*tobacco\s*(,|\.|;|$|\band\b)`)

// statusLabelPrefixRe: a field's label before a value that is masked, asked only when
// something was ("Tobacco: Smokeless tobacco cessation discussed", "Tobacco cessation
// counseling: DONE - counseled on smokeless tobacco cessation"; not "Tobacco: yes").
var statusLabelPrefixRe = regexp.MustCompile(`^\W*(tobacco\s+)?(smoking|tobacco)(\s+use|\s+cessation)?(\s+status|\s+counsel(l)?ing)?\s*[:|\t]`)

var statusLabelRe = regexp.MustCompile(`^\W*(tobacco\s+)?(smoking|tobacco)(\s+use)?(\s+status)?\s*[:|\t][\s|\d/.:-]*$`)

// selfCueRe: words of the patient's own smoking that stand without a tobacco word ("his
// wife smokes; he quit in 2010").
var selfCueRe = regexp.MustCompile(`\b(quit|quits|quitting|stopped|stop|never|former|formerly|ex|used to|gave up|denie[sd]|no longer|aufgehört|nie)\b`)

// otherProductRe: tobacco smoked other than as cigarettes, which a cigarettes field's "none"
// does not deny ("Cigarettes: none; cigars 2-3 per week").
var otherProductRe = regexp.MustCompile(`\b(cigars?|pipes?|cigarillos?|hookah)\b`)

// bareSmokedRe: "she smoked", with nothing of when (a smoker); not a question of whether
// she did ("Family unsure whether she smoked", "When asked if he smoked, he said no").
var (
	bareSmokedRe = regexp.MustCompile(`\b(he|she|patient|pt) (has )?smoked\b`)
	whetherIfRe  = regexp.MustCompile(`\b(whether|if|asked)\b`)
)

// exRelativeRe: a former spouse or partner, whose "ex" says nothing of the patient's
// smoking ("Her ex-husband smoked in the house for years"), also once notPatientRe has
// masked the relative ("ex- ").
var exRelativeRe = regexp.MustCompile(`\bex-?(husband|wife|spouse|boyfriend|girlfriend|partner)\b|\bex-(\s|$)`)

var quoteMarks = strings.NewReplacer(`"`, "", "“", "", "”", "")

// SentenceReading is SentenceStatus, and whether it was read from a form's field (an EHR
// status field such as "Smoking status: Never Smoker", a ticked box, a question's
// answer), or is unknown because every tobacco word in it is someone else's, another
// drug's, smokeless, nicotine replacement, an instruction or no information ("He smokes
// marijuana daily",
// "Father smokes 1 ppd"): readings the model, which learns from prose, has nothing to add to.
func SentenceReading(sentence string) (findings.SmokingStatus, bool) {
	return sentenceReading(strings.ToLower(sentence), time.Time{}, -1)
}

// Counselling reports whether a tobacco sentence advises, counsels, encourages or praises
// ("Strongly advised smoking cessation", "Continued abstinence from tobacco is
// encouraged", "Congratulated on staying off cigarettes", "Rauchverzicht empfohlen"): what
// a clinician did about the smoking, not what the patient does (LABELLING.md: counselling
// alone says nothing). The smoking model reads it only where no other sentence says.
func Counselling(sentence string) bool {
	lower := strings.ToLower(sentence)
	if strings.Contains(lower, "if ") {
		lower = ifStillRe.ReplaceAllString(lower, " ") // "... recommended if the patient is still smoking"
	}
	return counsellingRe.MatchString(lower) && !ownUseRe.MatchString(lower)
}

// ownUseRe: words of the patient's own smoking now that the rules may not read ("he lights
// up a cigarette every morning", "she is still using tobacco daily", "goes through a carton
// a week", "sneaking cigarettes"): such a sentence is more than counselling.
var ownUseRe = regexp.MustCompile(`\b(still|currently)\b[^.;]{0,20}\b(smok|using|uses|tobacco|cigarette)|\b(cigarettes?|cigars?|packs?|tobacco|pipe)\b[^.;]{0,30}\b(daily|a day|per day|a week|per week|every (day|morning|night|evening))\b|\b(daily|every (day|morning|night|evening))\b[^.;]{0,30}\b(cigarettes?|cigars?|tobacco)\b|\bcartons?\b|\bppd\b|\blights? up\b|\bsneak\w*|\bsmokes\b|\bbuys\b`)

var counsellingRe = regexp.MustCompile(`\b(counsell?(ed|ing)|advis(ed|ing)|advice|discuss(ed|ing|ion)|risk reduction|encourag(ed|ing)|recommend(ed|ing|s)?|urged|cessation|abstinence|quit ?line|congratulat\w*|praised|empfohlen|angeraten|angehalten|rauchverzicht|rauchstopp|nikotinkarenz empfohlen)\b`)

// SentenceStatus is what the rules read in one tobacco sentence on its own (no note date,
// no age): a feature the smoking model learns to weigh.
func SentenceStatus(sentence string) findings.SmokingStatus {
	return sentenceStatus(strings.ToLower(sentence), time.Time{}, -1)
}

// sentenceStatus classifies one tobacco sentence; age is the patient's (-1: not stated).
// It reads the sentence without its section heading ("SOCIAL HISTORY: ,"), and without
// the tobacco that is not the patient's own (notPatientRe); what is left is read in this
// order: a quit that has not happened, a past, a negation, a current smoker, a smoker (a
// negation comes before use, because a negation mostly comes with words that also read as
// use: "denies use of tobacco").
func sentenceStatus(txt string, noteDate time.Time, age int) findings.SmokingStatus {
	st, _ := sentenceReading(txt, noteDate, age)
	return st
}

// sentenceReading is sentenceStatus, and whether the status was read from a form's field
// (an EHR status field, a ticked box, a question's answer) or is unknown because every
// tobacco word in it is not the patient's smoking: readings the model cannot improve on.
func sentenceReading(txt string, noteDate time.Time, age int) (findings.SmokingStatus, bool) {
	if strings.Contains(txt, ":,") {
		txt = fieldCommaRe.ReplaceAllString(txt, "$1: ") // "TOBACCO:, Denies.": a field whose value a dictated line break follows
	}
	txt, heading := stripHeading(txt)
	if strings.Contains(heading, "family") && !strings.Contains(heading, "social") {
		return findings.Unknown, false // "FAMILY HISTORY:, Father smoked ...", not "FAMILY AND SOCIAL HISTORY:, He smokes 1 ppd"
	}
	if strings.ContainsAny(txt, "\"“”") {
		txt = quoteMarks.Replace(txt) // the patient's words quoted: 'she is "thinking about" quitting'
	}
	if strings.Contains(txt, "pregnan") && motherPregnancyRe.MatchString(txt) && !patientPronounRe.MatchString(txt) {
		return findings.Unknown, true // "The use of drugs, alcohol, tobacco during the pregnancy were denied": a child's birth history
	}
	own := tobacco.MatchString(txt)
	if strings.Contains(txt, "states") || strings.Contains(txt, "says") || strings.Contains(txt, "reports") {
		txt = informantParentRe.ReplaceAllString(txt, "$1 the patient") // "The daughter states her mother has never smoked": the mother is the patient
	}
	if strings.Contains(txt, "self") {
		txt = informantSelfRe.ReplaceAllString(txt, " ") // "His wife states that she herself smokes" (set pg): the informant's own
	}
	txt = historyGiver(txt) // before unmasked: naming who told it masks no tobacco word ("Tobacco: Yes (per daughter, ...)")
	if strings.Contains(txt, "quit") || strings.Contains(txt, "stop") {
		txt = maskOtherQuit(txt) // "She wishes to quit drinking; quit smoking in 1998": the drinking's quit
	}
	if strings.Contains(txt, "whether") {
		txt = notSaidWhetherRe.ReplaceAllString(txt, " ") // "did not say whether she still smokes": neither a negation nor a current smoker
	}
	if strings.Contains(txt, "whether") || strings.Contains(txt, " if ") {
		txt = unclearWhetherRe.ReplaceAllStringFunc(txt, func(c string) string {
			switch {
			case unclearWhenRe.MatchString(c):
				return c // "not sure if he stopped smoking at 40 or 45": only when is in doubt
			case otherHabitRe.MatchString(c) && !tobacco.MatchString(c):
				return " " // "unclear if he quit drinking"
			case quitWordRe.MatchString(c):
				return " smoker " // "a tobacco history, unclear amount and whether he has quit" (set mw): smoked, when not known
			}
			return " " // "unclear whether she ever smoked": nothing said
		})
	}
	if strings.Contains(txt, "consider") {
		if masked := notConsiderSmokerRe.ReplaceAllString(txt, " "); masked != txt {
			if !smokesNowWordRe.MatchString(masked) && quitWordRe.MatchString(masked) {
				masked = notConsiderSmokerRe.ReplaceAllString(txt, " smoker ") // "He does not consider himself a smoker, as he quit 10 years ago": a quit smoker
			}
			txt = masked // "Smokes cigars on weekends ... and does not consider himself a smoker" (set mg): his view, no negation
		}
	}
	unmasked := txt
	if strings.Contains(txt, "smok") && strings.Contains(txt, "not") {
		txt = ellipsisNotRe.ReplaceAllString(txt, "$1$2 does not smoke$3") // "The husband smokes; she does not."
	}
	if strings.Contains(txt, "smok") && hasAny(txt, drugWords) {
		txt = drugAndTobaccoRe.ReplaceAllString(txt, "smokes $4") // "He smokes marijuana and cigarettes": the cigarettes are tobacco
	}
	if strings.Contains(txt, "who") && !selfCueRe.MatchString(txt) && !asDoesRe.MatchString(txt) {
		txt = relativeWhoSmokesRe.ReplaceAllString(txt, " ") // "his son, who visits on weekends, smokes": the son's (not "..., smokes; she quit in 1990", which notPatientRe reads)
	}
	if strings.Contains(txt, "if ") {
		txt = ifStillRe.ReplaceAllString(txt, " ") // "recommended if the patient is still smoking": a condition
	}
	if strings.Contains(txt, "relapse") {
		txt = notRelapsedRe.ReplaceAllString(txt, " ") // "Quit smoking 2 years ago, in 1993, ...; she has not relapsed" (set jq)
	}
	if strings.Contains(txt, "abstinen") {
		txt = continuedAbstinenceRe.ReplaceAllString(txt, "$1 abstinence from $2") // "Recommend continued smoking abstinence" after a quit (set ow): no "continued smoking"
	}
	if strings.Contains(txt, ";") || strings.Contains(txt, "however") {
		txt = relativeClauseSmokesRe.ReplaceAllStringFunc(txt, func(c string) string {
			if patientWordRe.MatchString(c) || relativeClauseSelfRe.MatchString(c) {
				return c // "her husband smoked for 30 years and she quit with him in 2001"
			}
			return "; "
		}) // "She has never smoked; however, her husband smoked 2 packs per day ... before quitting in 2001" (set kg)
	}
	txt = maskSmokeless(notPatientRe.ReplaceAllString(otherGenderSmoking(txt), " "))
	if own && !tobacco.MatchString(txt) && patientNotEitherRe.MatchString(txt) && !smokingQuitRe.MatchString(unmasked) { // not "His wife quit smoking last year; he did not." (but "she has tried to quit; he does not")
		return findings.NonSmoker, false // "His wife smokes, he never did." (set ng): the relative's smoking masked, the patient's "never" about it
	}
	if own && (strings.Contains(txt, "quit") || strings.Contains(txt, "stopped")) && !tobacco.MatchString(txt) && !sameGenderRelative(unmasked) {
		txt = patientQuitTooRe.ReplaceAllString(txt, "${1}${2} smoking${3}") // "Lives with husband who still smokes, she quit in 1998" (set nu): the relative's smoking masked, the patient's quit of it
	}
	if (strings.Contains(txt, "smok") || strings.Contains(txt, "tobacco") || strings.Contains(txt, "cigar") || strings.Contains(txt, "rauchen")) && hasAny(txt, instructionWords) && !(inLifeRe.MatchString(txt) && !toldToRe.MatchString(txt)) {
		txt = instructionRe.ReplaceAllString(txt, " ") // "Do not smoke ... near the oxygen", "Advised no smoking the morning of surgery"
	}
	masked := withoutNoInfo(txt)
	noInfoField := masked != txt // a field that says there is no information ("SMOKING HISTORY: Tobacco use: ______ (questionnaire not completed)")
	txt = masked
	if strings.Contains(txt, "nicotine") {
		txt = counselTopicRe.ReplaceAllString(txt, " ") // "Counseled about oral cancer and nicotine dependence": a topic, not a diagnosis
	}
	rest := statusLabelRe.ReplaceAllString(maskReplacement(txt), " ")
	if rest != unmasked && statusLabelPrefixRe.MatchString(unmasked) {
		rest = statusLabelPrefixRe.ReplaceAllString(rest, " ") // "Tobacco: Smokeless tobacco cessation discussed": the field's label, its value masked
	}
	if own && !tobacco.MatchString(rest) && !selfCueRe.MatchString(exRelativeRe.ReplaceAllString(txt, " ")) {
		// Every tobacco word was someone else's, another drug's, smokeless, an
		// instruction or no information, and nothing of the patient's own smoking is left
		// ("He smokes marijuana daily", "Father smokes 1 ppd"): nothing, from the words.
		return findings.Unknown, true
	}
	if vaping(txt) {
		txt = vapingRe.ReplaceAllString(txt, " ") // "dampft E-Zigaretten, hat aber nie Tabak geraucht": a never-smoker
	}
	if !tobacco.MatchString(txt) || labelOnly(txt) || uncheckedBoxRe.MatchString(txt) || onlyUncheckedBoxes(txt) {
		// "[ ] Former tobacco user": a box not ticked says nothing; under a heading that
		// names smoking, a field with no information left only the heading, which the
		// model cannot read better
		return findings.Unknown, noInfoField && labelOnly(strings.TrimSpace(txt))
	}
	if strings.Contains(txt, "[") {
		at := tobacco.FindStringIndex(txt)[0] // the options after the tobacco word, not "Alcohol: [x] None" before it
		if m := checkedOptionRe.FindStringSubmatch(txt[at:]); m != nil {
			return checkedOption(m[2]), true // "Tobacco: [ ] Never [x] Former [ ] Current"
		}
	}
	if tickedTobaccoRe.MatchString(txt) {
		return findings.Smoker, true // "[X] Alcohol [X] Tobacco [ ] Opioids" (LABELLING.md: a ticked tobacco box)
	}
	if q := strings.IndexByte(txt, '?'); q > 0 && (isWordRune(rune(txt[q-1])) || txt[q-1] == ')') && tobacco.MatchString(txt[:q]) { // also "Tobacco use (per patient)? No"
		if qu := strings.IndexByte(unmasked, '?'); qu > 0 && smokelessAnswer(unmasked[qu+1:]) {
			return findings.Unknown, true // "Tobacco use? Yes, smokeless tobacco daily" (LABELLING.md: smokeless tobacco alone)
		}
		if st := answeredQuestion(txt[:q], txt[q+1:]); st != findings.Unknown {
			return st, true // "Do you currently use tobacco? No"
		}
		if strings.TrimSpace(txt[q+1:]) == "" {
			return findings.Unknown, false // a question with no answer says nothing
		}
	}
	if st, ok := statusField(txt); ok {
		if st == findings.Past && quitRecently(txt, noteDate, age) {
			return findings.Current, true // "Smoking status: Former Smoker, quit 2 months ago"
		}
		return st, true
	}
	if strings.Contains(txt, "help") {
		if m := helpQuitRe.FindStringSubmatchIndex(txt); m != nil {
			if samePerson(txt[:m[0]], txt[m[2]:m[3]]) {
				return findings.Current, false // "she states the bupropion was started in part to help her quit": a quit still to come
			}
			txt = txt[:m[0]] + " " + txt[m[1]:] // "She found cigarettes in his room and wants advice on how to help him stop": his, not hers
		}
	}
	occasional := findings.Unknown
	if strings.Contains(txt, "occasional") {
		occasional = occasionalSmoker(unmasked, noteDate) // unmasked: the relative a mask hides ("Her husband smokes, has the occasional cigar")
	}
	negated := (nonSmokerRe.MatchString(txt) || negatedTobacco(txt) || nonSmokerFieldRe.MatchString(txt) && !otherProductRe.MatchString(txt)) && !cigarettesOnlyNegated(txt) // "Smoked a pipe for years; no cigarettes." (set lg)
	switch {
	case strings.Contains(txt, "continues") && continuesSmoking(unmasked): // unmasked: what txt masks ("vaping") is no smoking
		return findings.Current, false // "She couldn't quit cigarettes and continues about 5 per day", "He reduced his smoking but continues about 10 a day"
	case strings.Contains(txt, "still do") && stillDoes(unmasked): // unmasked: what txt masks ("chewing tobacco") may be what still goes on
		return findings.Current, false // 'Smoked cigars "a few a week" for many years, still does.' (set ks), "He started smoking at age 14 and still does."
	case strings.Contains(txt, "cessation") && cessationFirstRe.MatchString(txt) && (!cessationNotOwnRe.MatchString(txt) || cessationNowRe.MatchString(txt)):
		return findings.Current, false // "Smoking cessation would be the most effective intervention to slow further decline" (set kg): wording that implies it (LABELLING.md)
	case stillSmokesRe.MatchString(relativeSneaksRe.ReplaceAllStringFunc(txt, maskUnlessSaying)) && !(strings.Contains(txt, "whether") && whetherStillRe.MatchString(txt)) && !(strings.Contains(txt, "told") && toldThenQuitRe.MatchString(txt)) && !(strings.Contains(txt, "still has") && relativeStillHasRe.MatchString(txt)):
		return findings.Current, false
	case occasional != findings.Unknown:
		return occasional, false // "Has the occasional cigarette socially" (set md)
	case strings.Contains(txt, "quit") && unwillingToQuit(unmasked): // unmasked: what txt masks ("now smokes an e-cigarette") is no smoking
		return findings.Current, false // "Long history of smoking, not willing to quit"
	case smokerFieldRe.MatchString(txt) && !(currentRe.MatchString(txt) && !pastAmountOnly(txt)):
		return findings.Smoker, false // "Tobacco: yes" (../shared/LABELLING.md); not "Rauchen: ja, ca. 1 Schachtel/Tag"
	case negated && (butCurrent(txt) || otherProductOnly(txt)):
		return findings.Current, false // "Never a cigarette smoker, but smokes an occasional cigar"; "He smokes an occasional cigar; no cigarettes"
	case strings.Contains(txt, "to quit") && (triedToQuitRe.MatchString(txt) || bareTriedRe.MatchString(txt) && bareNowRe.MatchString(txt) && !bareQuitDoneRe.MatchString(txt)) && currentRe.MatchString(txt) && !quitDoneRe.MatchString(txt):
		return findings.Current, false // "He smokes about 10 cigarettes a day and has tried to quit twice."
	case strings.Contains(txt, "cigarettes") && otherProductNowRe.MatchString(txt) && cigarettesGivenUpRe.MatchString(txt):
		return findings.Current, false // "Smokes a cigar a couple of times a week, stopped cigarettes in 1990"
	case earlierAmountRe.MatchString(txt) && nowBesideEarlierAmount(earlierAmountRe.ReplaceAllString(txt, " ")):
		return findings.Current, false // "Smokes 1/2 ppd, previously 1 ppd": less than before, not quit
	case pastRe.MatchString(txt) || strings.Contains(txt, "smoked") && smokedInRe.MatchString(txt) && !(smokedMoreRe.MatchString(txt) && strings.Contains(txt, "smokes")) || pastPhraseRe.MatchString(txt) && !pastNowRe.MatchString(notNowRe.ReplaceAllString(txt, " ")):
		if quitRecently(txt, noteDate, age) || strings.Contains(txt, "recent") && recentlyQuitRe.MatchString(txt) && !statedWhenRe.MatchString(txt) {
			return findings.Current, false // "Tobacco use, recently quit": within the year (every writer of the blind sets)
		}
		return findings.Past, false
	case !negated && hasAny(txt, quitToComeWords) && quitToComeRe.MatchString(txt):
		return findings.Current, false // "Smoking cessation counseled at length; he is willing to try Zyban": the quit is still to come (every one of the 29 written notes that say it is a current smoker's)
	case negated:
		return findings.NonSmoker, false
	case currentRe.MatchString(txt) && !pastAmountOnly(txt):
		return findings.Current, false
	case smokerRe.MatchString(txt) || currentRe.MatchString(txt) || bareSmokedRe.MatchString(txt) && !whetherIfRe.MatchString(txt):
		return findings.Smoker, false
	case strings.Contains(heading, "risk") && bareTobaccoItemRe.MatchString(txt):
		return findings.Smoker, false // "Risk factors:  diabetes, hypertension, tobacco."
	}
	return findings.Unknown, false
}

// motherPregnancyRe and patientPronounRe: tobacco in "the pregnancy" a child's history
// tells of, the mother's ("Mother denied the use of drugs, alcohol, or tobacco during the
// pregnancy", "Pregnancy was not complicated by ... smoking"), unless the sentence speaks
// of the patient herself ("She quit smoking at the start of the pregnancy").
var (
	motherPregnancyRe = regexp.MustCompile(`\b(during|throughout|in|of) the pregnancy\b|\bpregnancy was (not |un)?complicated\b`)
	patientPronounRe  = regexp.MustCompile(`\b(she|her|patient|pt|i)\b`)
)

// negatedTobacco reports a negation cue before a tobacco word in one clause, unless what
// lies between them is about quitting ("no intention of quitting") or turns the clause
// ("Denies smokeless tobacco, but smokes 1 ppd").
// otherProductSmokedRe: a pipe or cigars smoked, beside which "no cigarettes" negates no
// smoking; negatedOtherProductRe: unless they are negated too ("Never smoked a pipe or
// cigars; no cigarettes").
var negatedOtherProductRe = regexp.MustCompile(`\b(never|not|denies|denied|no)\s+((been|being|ever|was|is)\s+)*(an?\s+)?((pipes?|cigars?)\s+(or|and|nor)\s+)?$`)

// otherProductSmoked: otherProductSmokedRe, not negated right before it.
func otherProductSmoked(txt string) bool {
	return otherProductSmokedAt(txt) >= 0
}

// otherProductSmokedAt: where otherProductSmoked's match starts, or -1.
func otherProductSmokedAt(txt string) int {
	m := otherProductSmokedRe.FindStringIndex(txt)
	if m == nil || negatedOtherProductRe.MatchString(txt[max(0, m[0]-40):m[0]]) {
		return -1
	}
	return m[0]
}

var otherProductSmokedRe = regexp.MustCompile(`\b(smoked|smokes|smoking)\s+(a\s+|the\s+)?(pipes?|cigars?|cigarillos?)\b|\b(pipes?|cigars?)\b[^.;]{0,20}\b(daily|for years|a week|a day|per day|per week)\b|\b(pipe|cigar)\s+smoker\b`)

// noCigarettesRe: cigarettes alone negated ("no cigarettes", "never cigarettes", "never
// smoked cigarettes"), which leaves a pipe or cigars smoked beside it (set oq).
var noCigarettesRe = regexp.MustCompile(`\b(no|never)\s+(smoked\s+)?cigarettes?\b`)

// cigarettesOnlyNegated: noCigarettesRe beside a pipe or cigars smoked; "never smoked
// cigarettes" only after them ("Pipe smoker for years; never smoked cigarettes"), since one
// that opens the sentence is read with what follows ("Never smoked cigarettes, but smokes a
// pipe daily; quit cigars in 2000").
func cigarettesOnlyNegated(txt string) bool {
	n := noCigarettesRe.FindStringSubmatchIndex(txt)
	if n == nil {
		return false
	}
	o := otherProductSmokedAt(txt)
	return o >= 0 && (n[4] < 0 || o < n[0])
}

// replacementListRe: right after negated nicotine replacement, a list that goes on to
// tobacco ("No nicotine patches or cigarettes", "No nicotine gum, patches, or tobacco
// products", "nicotine gum or any tobacco products"); not "no nicotine gum, and he smokes 1
// ppd", nor "nicotine gum or other smoking cessation aids" (its last group).
var replacementListRe = regexp.MustCompile(`^(\s*,[\w\s-]{0,25}?,?\s*(or\s+|nor\s+)?|\s+or\s+|\s+nor\s+)(any\s+)?(other\s+)?(smoked\s+)?(tobacco|cigarettes?|cigars?|pipes?|smoking)\b(\s+(cessation|aids?))?`)

func negatedTobacco(txt string) bool {
	for _, m := range negatedTobaccoRe.FindAllStringSubmatchIndex(txt, -1) {
		gap := txt[m[4]:m[5]]
		if txt[m[6]:m[7]] == "nicotine" {
			if r := nicotineReplacementRe.FindStringIndex(txt[m[6]:]); r != nil && r[0] == 0 {
				if l := replacementListRe.FindStringSubmatch(txt[m[6]+r[1]:]); l != nil && l[len(l)-1] == "" {
					return true // "No nicotine patches or cigarettes", "does not use nicotine gum, cigarettes, or cigars"
				}
				continue // "He smokes two packs per day and has not had nicotine replacement ordered" (set kl)
			}
		}
		if !strings.Contains(gap, "quit") && !strings.Contains(gap, "stop") && !butRe.MatchString(gap) {
			return true
		}
	}
	return false
}

// checkedOptionRe: the ticked box of a tobacco field's options; checkedOption is its status.
var checkedOptionRe = regexp.MustCompile(`(\[\s*[x✓]\s*\]|☒)\s*(never|former|past|quit|current|daily|every day|some ?days?|yes|no|none|ja|nein|nie|früher|aktuell)\b`)

func checkedOption(o string) findings.SmokingStatus {
	switch o {
	case "never", "no", "none", "nein", "nie":
		return findings.NonSmoker
	case "former", "past", "quit", "früher":
		return findings.Past
	case "yes", "ja":
		return findings.Smoker
	}
	return findings.Current
}

// smokerFieldRe: a tobacco field answered yes, without a time: a smoker ("Tobacco: yes",
// "Tobacco - yes" as a whole field, not "Tobacco - yes, quit 1980", "Nikotin pos."). A dash's
// "no" or "never" is left unread: reading it moves an LLM-written training sentence and with
// it the shipped model (README).
// recentlyQuitRe: a quit the note calls recent ("Tobacco use, recently quit", "Tobacco:
// recently stopped"), which is within the year before it, unless the sentence says when.
var recentlyQuitRe = regexp.MustCompile(`\brecently (quit|stopped|gave up)( smoking| tobacco| cigarettes)?\s*([.;,(-]|$)|\brecently quit (heavy |light )?smoker\b|\b(quit|stopped)( smoking| tobacco| cigarettes)? recently\b`)

// statedWhenRe: a sentence that says when ("3 years ago", "in 2009"): quitRecently judges it.
var statedWhenRe = regexp.MustCompile(`\bago\b|\bprior to\b|\b(19|20)\d\d\b|\b\d+\s*(years?|yrs?|months?)\b`)

// nonSmokerFieldRe: a tobacco field after a dash, or a cigarettes field, answered never or
// none ("Social: Tobacco - never.", "Tobacco - denies ever", "Cigarettes: none.").
var nonSmokerFieldRe = regexp.MustCompile(`\b(tobacco|smoking|tob)( use| status)?\s*[-–]+\s*(never|none|denies( ever)?|no)\s*([.;]|$)|\b(tobacco|smoking)( use| status)?\s+(on|per|from)\s+(the\s+)?(nursing\s+)?(intake|questionnaire|triage|admission)(\s+form)?\s*:\s*(never|none|denies( ever)?|no)\s*([.;,]|$)|\bcigarettes\s*:\s*(none|never|no|denies)\s*([.;]|$)|\btob\s*:\s*(never|none|denies( ever)?|no)\s*([.;]|$)`)

var smokerFieldRe = regexp.MustCompile(`\b(tobacco|smoking|tob)( use)?\s*[-–]+\s*(yes|\+|pos(itive)?)\s*([.;]|$)|\b(tobacco|smoking|tob)( use)?(: *|, *)(yes|\+|pos(itive)?)\b|(^|[.;]\s*)cigarettes: *(yes|\+)\s*([.;]|$)|(^|[\s:,;(])\+(tobacco|tob|smoker)\b|\bpositive for (tobacco|smoking)\b|\bnikotin:? *(pos|\+|ja)\b`)

// butCurrent: after a negation, the sentence turns to a use now ("Never a cigarette
// smoker, but smokes an occasional cigar").
func butCurrent(txt string) bool {
	if strings.Contains(txt, "otherwise") {
		if m := otherwiseNotRe.FindStringIndex(txt); m != nil && currentRe.MatchString(txt[:m[0]]) && !pastRe.MatchString(txt[:m[0]]) && !nonSmokerRe.MatchString(txt[:m[0]]) && !negatedTobacco(txt[:m[0]]) {
			return true // "He occasionally smokes a cigar on weekends with friends, otherwise does not use tobacco" (set ht)
		}
	}
	locs := butRe.FindAllStringIndex(txt, -1)
	if len(locs) == 0 {
		return false
	}
	tail := txt[locs[len(locs)-1][1]:]
	if otherProductDeRe.MatchString(tail) && !nonSmokerRe.MatchString(tail) && !negatedTobacco(tail) {
		return true // "Er raucht keine Zigaretten, aber täglich 2 Zigarren"
	}
	if !currentRe.MatchString(tail) || nonSmokerRe.MatchString(tail) || negatedTobacco(tail) {
		return false
	}
	// not "denies tobacco use, but quit smoking 10 years ago" ("smoking 10" reads as an
	// amount) or "but is a former smoker of 1 ppd"; still "but smokes 1 ppd, quit for 2
	// weeks last year"
	return !pastRe.MatchString(tail) || smokesNowRe.MatchString(tail)
}

// smokesNowRe: a "but" clause that opens with the patient's smoking now.
var smokesNowRe = regexp.MustCompile(`^\s*((he|she|the patient|patient)\s+)?(still\s+)?smokes\b`)

// otherwiseNotRe: a negation of any other tobacco after the use it excepts.
var otherwiseNotRe = regexp.MustCompile(`[,;]\s*(but\s+|and\s+)?otherwise\s+(he |she )?(does not|doesn't|did not|no|denies|never)\b`)

var otherProductDeRe = regexp.MustCompile(`^\s*(täglich|gelegentlich|regelmäßig|ab und zu|\d+)?\s*(\d+\s+)?(zigarren|zigarillos|pfeife)\b`)

var butRe = regexp.MustCompile(`\b(but|however|although|aber|jedoch)\b`)

// otherProductOnly: the negation names only another product than the one the patient
// smokes ("He smokes an occasional cigar on weekends; no cigarettes").
func otherProductOnly(txt string) bool {
	if !strings.Contains(txt, "cig") && !strings.Contains(txt, "pipe") && !strings.Contains(txt, "zig") && !strings.Contains(txt, "pfeife") {
		return false
	}
	rest := productNegRe.ReplaceAllString(txt, " ")
	return rest != txt && !nonSmokerRe.MatchString(rest) && !negatedTobacco(rest) && currentRe.MatchString(rest) && !pastRe.MatchString(rest) // not "Quit smoking 05/2015; no cigarettes since"
}

var productNegRe = regexp.MustCompile(`\b(no|denies|denied|never( (smoked|used|been a|a))?|(does not|doesn't|do not|don't) (use|smoke)) (cigarettes?|cigars?|pipes?)( smoker)?\b|\b(has|have) not smoked (cigarettes?|cigars?|a pipe|pipes?) (since|in|for)\b[^.;,]*|\b(zigaretten|zigarren|pfeife) (habe|hat|hätte) (er|sie) (noch )?(nie|niemals) geraucht\b|\b(noch )?(nie|niemals) (zigaretten|zigarren|pfeife) geraucht\b`)

// ellipsisNotRe: a negation that leaves out the verb after another person's smoking ("The
// husband smokes; she does not."): the patient does not smoke.
var ellipsisNotRe = regexp.MustCompile(`(\bsmokes\b[^.;]{0,40}[;,]\s*(?:but\s+)?)(she|he|the patient|patient)\s+(?:does not|doesn't|does n't)\s*(\.|$)`)

// drugAndTobaccoRe: a drug smoked beside tobacco; notPatientRe masks the drug with its
// verb, so the tobacco keeps the verb ("He smokes marijuana and cigarettes, a few a day").
var (
	drugWords        = []string{"marijuana", "pot", "weed", "cannabis", "crack", "cocaine"}
	drugAndTobaccoRe = regexp.MustCompile(`\bsmok(es|ed|ing) (marijuana|pot|weed|cannabis|crack|crack cocaine|cocaine) (and|as well as|&|plus) (cigarettes|cigars|tobacco|a pipe)\b`)
)

// counselTopicRe: nicotine dependence named as what the patient was counselled about, not
// as the patient's diagnosis (LABELLING.md: counselling says nothing of the status).
var counselTopicRe = regexp.MustCompile(`\b(counsell?ed|counsell?ing|educated|education|advised|discussed|talked)\b[^.;]{0,15}\b(about|on|regarding|re)\b[^.;]{0,40}\bnicotine (dependence|addiction)\b`)

// helpQuitRe: help to quit, a quit still to come; samePerson: the one helped is the
// sentence's subject (no other "he"/"she" before, or one of the same sex).
var (
	helpQuitRe    = regexp.MustCompile(`\bto help (him|her|them|the patient) (to )?(quit|stop)\b`)
	subjectPronRe = regexp.MustCompile(`\b(he|she)\b`)
)

func samePerson(before, object string) bool {
	subj := subjectPronRe.FindString(before)
	return subj == "" || object == "him" && subj == "he" || object == "her" && subj == "she" || object != "him" && object != "her"
}

// informantSelfRe: a relative who tells of her or his own smoking ("His wife states that she
// herself smokes"), not of the patient's ("His wife states that he himself has never
// smoked").
var informantSelfRe = regexp.MustCompile(`\b(wife|mother|daughter|sister|girlfriend)\s+(states|reports|says|said|stated|reported|notes|admits)\s+(that\s+)?she\s+herself\b[^.;]{0,20}?\bsmok\w*|\b(husband|father|son|brother|boyfriend)\s+(states|reports|says|said|stated|reported|notes|admits)\s+(that\s+)?he\s+himself\b[^.;]{0,20}?\bsmok\w*`)

// historyGiverRe: the relative who gave the history, not a smoker ("Per her daughter she has
// never smoked", "per daughter pt quit smoking", "His wife reports that he quit in 2001",
// "Daughter states pt never smoked"): informant replaces it
// before notPatientRe reads relatives' smoking.
var historyGiverRe = regexp.MustCompile(`\b(per|according to) ((his|her|the patient'?s|the) )?(daughter|son|wife|husband|spouse|mother|father|family|sister|brother|caregiver|niece|nephew|granddaughter|grandson|children)\b,?|\b((his|her|the patient'?s) )?(daughter|son|wife|husband|spouse|mother|father|sister|brother|caregiver|niece|nephew|granddaughter|grandson) (reports|reported|report|states|stated|state|says|said|say|confirms|confirmed|indicates|indicated) (that )?`)

func historyGiver(txt string) string {
	if !strings.Contains(txt, "per ") && !strings.Contains(txt, "according") && !strings.Contains(txt, "stat") && !strings.Contains(txt, "said") && !strings.Contains(txt, "say") && !strings.Contains(txt, "report") && !strings.Contains(txt, "confirm") && !strings.Contains(txt, "indicat") {
		return txt
	}
	return historyGiverRe.ReplaceAllString(txt, " informant ")
}

// hisRelativeRe and herRelativeRe: a relative named with the patient's possessive, which
// says the patient's sex; otherGenderSmoking masks the smoking of a pronoun of the other
// sex in that sentence, the relative's ("Married, lives with his wife, who smokes; he
// reports she smokes outside"; "Her husband smokes, and he will not quit").
var (
	hisRelativeRe   = regexp.MustCompile(`\bhis (wife|mother|sister|daughter|girlfriend|grandmother|aunt|niece|granddaughter|stepmother)\b`)
	herRelativeRe   = regexp.MustCompile(`\bher (husband|father|brother|son|boyfriend|grandfather|uncle|nephew|grandson|stepfather)\b`)
	femaleRelative  = map[string]bool{"mother": true, "mom": true, "wife": true, "sister": true, "daughter": true, "girlfriend": true}
	relativeOpensRe = regexp.MustCompile(`^\W*(the |his |her |their |the patient's )?(step|grand)?(mother|father|mom|dad|wife|husband|spouse|brother|sister|son|daughter|boyfriend|girlfriend|partner)\b[^.;]{0,30}\bsmok\w*[^.;]{0,10}[,;]`)
	// relativeThenPronounRe: a sentence a relative opens, whose clause after a semicolon goes
	// on with the relative's pronoun and its smoking ("Father had lung cancer; he was a heavy
	// smoker", set kp; "Wife lives with him; she smokes 1 ppd in the house"); not one that
	// reports the patient's (pronounReportsRe: "Wife accompanies him today; she states he
	// smokes 1 ppd", "she herself smokes"), nor one whose pronoun the first clause gave the
	// patient ("Son drove him to clinic today; he smokes 2 ppd", samePronounObject).
	pronounClauseRe       = regexp.MustCompile(`^[^.;]*`)
	himRe                 = regexp.MustCompile(`\bhim\b`)
	herRe                 = regexp.MustCompile(`\bher\b`)
	relativeThenPronounRe = regexp.MustCompile(`^\W*(the |his |her |their |the patient's )?(step|grand)?(mother|father|mom|dad|wife|husband|spouse|brother|sister|son|daughter|boyfriend|girlfriend|partner)\b([^.;]{0,60});\s*(he|she)\b([^.;]*)`)
	pronounReportsRe      = regexp.MustCompile(`^\s*(states?|says?|said|reports?|reported|notes?|tells?|told|confirms?|denies|adds|feels?|wants?|asks?|asked|urges?|urged|begs|is begging|is worried|worries|encourag\w*)\b|\b(he|she|himself|herself)\b`)
	diedRe                = regexp.MustCompile(`\b(died|passed away|deceased)\b`)
	presentTenseRe        = regexp.MustCompile(`^\s*(is|smokes|has|continues)\b`)
	pronounSmokingRe      = regexp.MustCompile(`\b(smok\w*|quit|stopped|cigarettes?|cigars?|pipe|ppd)\b`)
	// himToQuitRe and herToQuitRe: the relative asked to quit by the patient, or helped to
	// ("she has asked him to quit and we gave her information about the quitline for him",
	// set ho); not "Her daughter, who does not smoke, has asked her to quit"
	himToQuitRe = regexp.MustCompile(`\bshe (has |had |also )?(asked|asks|urged|urges|begged|begs|wants|wanted|told|tells|encourag\w*) him to (quit|stop)\b( smoking| cigarettes| tobacco)?|\bquit ?line for him\b`)
	herToQuitRe = regexp.MustCompile(`\bhe (has |had |also )?(asked|asks|urged|urges|begged|begs|wants|wanted|told|tells|encourag\w*) her to (quit|stop)\b( smoking| cigarettes| tobacco)?|\bquit ?line for her\b`)
	sheSmokesRe = regexp.MustCompile(`\bshe\b[^.;,]{0,30}?\b(smok|tobacco|cigar|quit)[^.;,]*`)
	heSmokesRe  = regexp.MustCompile(`\bhe\b[^.;,]{0,30}?\b(smok|tobacco|cigar|quit)[^.;,]*`)
)

// relativeClauseSmokesRe: a clause after a semicolon or "however" that a relative opens
// and that tells the relative's smoking, quit included; it is masked unless it names the
// patient too ("... and she quit with him", relativeClauseSelfRe: "his wife quit with him
// in 2005").
var relativeClauseSelfRe = regexp.MustCompile(`\b(him|himself|herself|together|both)\b|\bwith her\b`)

var relativeClauseSmokesRe = regexp.MustCompile(`(;|\bhowever,?)\s*(however,?\s*)?(his|her|the patient's)\s+(step|grand)?(husband|wife|spouse|partner|father|mother|son|daughter|brother|sister|boyfriend|girlfriend|roommate)\s+(also\s+|still\s+)?(smoked|smokes|smoking|quit|stopped|used to smoke|has smoked|had smoked|is a (heavy |former )?smoker|was a (heavy )?smoker)\b[^.;]*`)

// samePronounObject: the first clause names the patient with the object pronoun of the
// clause's subject ("him" before "he").
func samePronounObject(first string, she bool) bool {
	if she {
		return herRe.MatchString(first)
	}
	return himRe.MatchString(first)
}

func otherGenderSmoking(txt string) string {
	if m := relativeOpensRe.FindStringSubmatch(txt); m != nil {
		// the sentence is about the relative it opens with: its "she"/"he" of the
		// relative's sex saying the relative smokes is the relative ("Mother smokes, reports
		// she smokes outside only"; not "His wife smokes, and he quit in 1990", nor "Mother
		// smokes; she has never smoked", the patient's contrast)
		re, toQuit := heSmokesRe, himToQuitRe
		if femaleRelative[m[3]] {
			re, toQuit = sheSmokesRe, herToQuitRe
		}
		txt = toQuit.ReplaceAllString(txt, " ") // "His wife smokes; he has asked her to quit"
		return re.ReplaceAllStringFunc(txt, func(c string) string {
			if selfCueRe.MatchString(c) || strings.Contains(c, "not") {
				return c
			}
			return " "
		})
	}
	if m := relativeThenPronounRe.FindStringSubmatchIndex(txt); m != nil {
		she := txt[m[10]:m[11]] == "she"
		first, clause := txt[m[8]:m[9]], txt[m[11]:m[13]]
		if she == femaleRelative[txt[m[6]:m[7]]] && pronounSmokingRe.MatchString(clause) && !pronounReportsRe.MatchString(clause) && !samePronounObject(first, she) && !samePronounObject(clause, !she) && !(diedRe.MatchString(first) && presentTenseRe.MatchString(clause)) {
			txt = txt[:m[10]] + " " + pronounClauseRe.ReplaceAllString(txt[m[10]:], " ") // its smoking is the relative's
		}
	}
	if strings.Contains(txt, "his ") && strings.Contains(txt, "she") && hisRelativeRe.MatchString(txt) {
		txt = herToQuitRe.ReplaceAllString(sheSmokesRe.ReplaceAllString(txt, " "), " ")
	}
	if strings.Contains(txt, "her ") && strings.Contains(txt, "he ") && herRelativeRe.MatchString(txt) {
		txt = himToQuitRe.ReplaceAllString(heSmokesRe.ReplaceAllString(txt, " "), " ")
	}
	return txt
}

// nowBesideEarlierAmount: with the earlier amount taken out, the sentence says the patient
// smokes now and nothing past.
func nowBesideEarlierAmount(rest string) bool {
	return !pastRe.MatchString(rest) && currentRe.MatchString(rest) && !pastAmountOnly(rest)
}

// pastAmountOnly: what reads as use now is only an amount in a sentence in the past tense
// ("He smoked 1 to 1-1/2 packs per day for 35 years"): how much, not whether now (a
// smoker; "has smoked a pack a day for 20 years" runs to the present).
func pastAmountOnly(txt string) bool {
	if strings.Contains(txt, "year") || strings.Contains(txt, "yr") { // what amountForYearsRe needs
		if m := amountForYearsRe.FindStringIndex(txt); m != nil && !currentRe.MatchString(txt[:m[0]]+" "+txt[m[1]:]) && !presentSmokedRe.MatchString(txt) {
			return true // "1 ppd x 35 years.": how much and how long, with no verb that says now
		}
	}
	if !strings.Contains(txt, "smoked") || presentSmokedRe.MatchString(txt) {
		return false
	}
	return !currentRe.MatchString(amountRe.ReplaceAllString(txt, " "))
}

// amountForYearsRe: an amount and how many years, with no verb ("1 ppd x 35 years", "2
// packs per day for 40 yrs").
var amountForYearsRe = regexp.MustCompile(`\b(\d+(\.\d+)?|one|two|half|1/2) ?(ppd|packs? (per|a|/) ?day|cigarettes? (a|per|/) ?day)\s*(x|for|times)\s*\d+\+?\s*(years?|yrs?)\b`)

var (
	amountRe        = regexp.MustCompile(`\d+(\.\d+)? ?ppd|packs? (per|a|/) ?day|cigarettes? (a|per|/) ?day|cig/d|smoking (\d|one|a|half|two)\b`)
	presentSmokedRe = regexp.MustCompile(`\b(has|have|'s|'ve) (been )?smok|\bsmok\w* (now|currently|still|daily|to this day)|\b(for|in|over|during) (most of )?the (past|last)\b|\bsince\b|\b(has|have) (increased|decreased|cut)\b|\b(currently|now|still)\b`)
)

// tickedTobaccoRe: a form's ticked box before a tobacco word: a smoker (LABELLING.md).
var tickedTobaccoRe = regexp.MustCompile(`(\[\s*[x✓]\s*\]|☒)\s*(tobacco|smoking|cigarettes?|smoker)\b`)

// answeredQuestion: a form's question about tobacco with its answer after the question
// mark: no or never is a never-smoker; yes is a smoker now when the question asks about
// now, else a smoker; anything else is unknown here (the sentence is read as prose).
func answeredQuestion(question, answer string) findings.SmokingStatus {
	answer = strings.TrimLeft(answer, " \t:-")
	if m := checkedOptionRe.FindStringSubmatch(answer); m != nil {
		if m[2] != "yes" {
			return checkedOption(m[2])
		}
		answer = "yes"
	}
	w, rest := answerWord(answer)
	switch {
	case answerQuitRe.MatchString(rest) && !formerQuestionRe.MatchString(question): // not "Former tobacco user? Y  Quit: about 20 years ago"
		return findings.Unknown // "Tobacco use? Yes, quit 2005", "No, quit 10 years ago": the sentence's reader dates the quit
	case (w == "yes" || w == "y") && answerNoMore(rest):
		return findings.Past // "Past tobacco use? Yes, smokes no more.", "Tobacco use? Yes, 1 ppd, no longer."
	case (w == "yes" || w == "y") && answerNowRe.MatchString(rest):
		return findings.Current // "Tobacco use (per pt.)? Yes, 1 ppd."
	}
	switch w {
	case "no", "n", "never", "none", "denies", "nein":
		return findings.NonSmoker
	case "yes", "y", "ja":
		if currentQuestionRe.MatchString(question) {
			return findings.Current
		}
		if formerQuestionRe.MatchString(question) {
			return findings.Past // "Former tobacco user? Y"
		}
		return findings.Smoker
	case "former", "past", "quit":
		return findings.Past // "Tobacco use? Former"
	case "current", "daily":
		return findings.Current
	}
	return findings.Unknown
}

// answerQuitRe and answerNowRe: an answer's words after its "yes" or "no" that tell a quit,
// or smoking now.
var (
	answerQuitRe = regexp.MustCompile(`^[^.;]*\b(quit|stopped|gave up|former|formerly|ex-?smoker|until)\b`)
	answerNowRe  = regexp.MustCompile(`^[^.;]*(\b(currently|smokes|half a pack)\b|\bdaily (cigarettes?|cigars?|pipe)\b|\d+(\.\d+)?\s*(ppd|packs?\s*(a|per|/)\s*day|cigarettes?|cigs?|cigars?)\b|\d+(\.\d+)?\s*(per|a|/)\s*day\b|\b(1/2|half a|a)\s*(ppd|pack\s*(a|per|/)\s*day)\b)`)
)

// answerNoMore: answerNoMoreRe, not "no more than", and no other habit named before it
// ("Yes, 1 ppd; alcohol, no longer" is the alcohol's).
func answerNoMore(rest string) bool {
	m := answerNoMoreRe.FindStringIndex(rest)
	return m != nil && !strings.Contains(rest, "no more than") && !otherHabitRe.MatchString(rest[:m[1]])
}

// answerNoMoreRe: an answer that its smoking is over ("smokes no more"; not "smokes 1
// ppd, no longer drinks").
var answerNoMoreRe = regexp.MustCompile(`\b(smokes|smoking|smoke|cigarettes?|cigs?|ppd)\s+(no more|any ?more|no longer)\b|\bno longer\s+smok|^[^;]*?[,;]\s*(no longer|no more|not any ?more|none any ?more)\s*([.;]|$)`)

var formerQuestionRe = regexp.MustCompile(`\b(former|past|ex-|previous)`)

var currentQuestionRe = regexp.MustCompile(`\b(current|currently|now|do you (smoke|use)|does (he|she|the patient) (smoke|use)|are you)\b`)

// stillDoesRelative: the relatives stillDoesRelativeRe and stillDoesCompanyRe name.
const stillDoesRelative = `(wife|husband|spouse|partner|son|daughter|brother|sister|mother|father|friend|friends)`

// stillDoesRe: smoking that "still does" go on; stillDoes: unless, between the smoking and
// "still does", another habit or a quit stands ("Quit smoking in 1995, but he drank heavily for
// years, and still does", "then switched to chewing tobacco and still does", "took up golf and
// still does", "until 2012 when she went on the patch, and still does", though not a quit only
// tried: "tried to quit with the patch in 2010, and still does") or a relative opens the clause
// ("He quit cigarettes in 1990 but his wife, a heavy smoker, still does", "Husband smoked since
// his teens and still does"); a relative smoked with is company ("He began smoking with his
// father at age 10, and still does").
var (
	stillDoesRe          = regexp.MustCompile(`\b(smok\w*|cigars?|cigarettes?|pipes?)\b([^.;]{0,60}?)(,\s+|\s+and\s+)still (does|do)\s*([.;,]|$)`)
	stillDoesOtherRe     = regexp.MustCompile(`\b(drank|drinks?|drinking|alcohol|beer|wine|chews?|chewing|snuff|dip|golf|marijuana|cannabis|works?|worked|vap\w*|e-?cig\w*|nicotine|gum|stopped)\b`)
	stillDoesPatchRe     = regexp.MustCompile(`\bpatch\w*\b`)
	stillDoesFailedRe    = regexp.MustCompile(`\b(did not|didn't|does not|doesn't) (help|work)\b|\bfailed\b|\bwithout success\b|\bunsuccessful\w*`)
	stillDoesSwitchRe    = regexp.MustCompile(`\b(until|then|switched|went|gone|put|placed|changed|moved)\b`)
	stillDoesQuitRe      = regexp.MustCompile(`\bquit\b`)
	stillDoesTriedRe     = regexp.MustCompile(`\b(tried|attempted|attempts?) to quit\b`)
	stillDoesRelativeRe  = regexp.MustCompile(`(^\s*|[;,:]\s*|\b(but|and)\s+)((his|her|their|the patient's|patient's)\s+(\w+\s+)?)?` + stillDoesRelative + `\b`)
	stillDoesOwnClauseRe = regexp.MustCompile(`\b(and|but)\s+(he|she|the patient|patient)\s`)
	stillDoesExposureRe  = regexp.MustCompile(`\b(around|near|with|to)\s+(her|him)\b|\bas a (child|kid|teen|teenager)\b|\bgrowing up\b|\b(in|at) (the )?home\b`)
	stillDoesCompanyRe   = regexp.MustCompile(`\bwith\s+(his|her|their)\s+` + stillDoesRelative + `\b`)
)

func stillDoes(txt string) bool {
	m := stillDoesRe.FindStringSubmatchIndex(txt)
	if m == nil {
		return false
	}
	clause := txt[strings.LastIndexAny(txt[:m[0]], ";.")+1 : m[1]]                                                                                                                             // the whole clause: "his brother, who smoked with him from age 14 until now, still does"
	between := stillDoesCompanyRe.ReplaceAllString(txt[m[4]:m[5]], " ")                                                                                                                        // "began smoking with his father at age 10": company, no subject
	tried := stillDoesTriedRe.MatchString(clause)                                                                                                                                              // "tried to quit with the patch in 2010, and still does" is smoking still
	quitDone := !tried && (stillDoesQuitRe.MatchString(between) || stillDoesPatchRe.MatchString(between) && stillDoesSwitchRe.MatchString(between) && !stillDoesFailedRe.MatchString(between)) // "until 2012 when she went on the patch, and still does"; not "despite trying the patch, still does"
	if locs := stillDoesOwnClauseRe.FindAllStringSubmatchIndex(clause, -1); len(locs) > 0 && ownClauseIsThePatients(clause[:locs[len(locs)-1][0]], clause[locs[len(locs)-1][4]:locs[len(locs)-1][5]]) {
		clause = clause[locs[len(locs)-1][0]:] // "Mother smoked around her as a child, and she started smoking at 15 and still does": the patient's own clause
	}
	return !quitDone && !stillDoesOtherRe.MatchString(between) && !stillDoesRelativeRe.MatchString(stillDoesCompanyRe.ReplaceAllString(clause, " "))
}

// occasionalRe: the patient's occasional cigarette or cigar, opening the sentence or a
// clause of the patient's ("Has the occasional cigarette socially, perhaps one or two a week",
// set md; 'Occasional cigarette at social events, "maybe a pack a month."', set mc; "She has
// the occasional cigarette with him"; "Alcohol socially; has the occasional cigar"; an
// item of a list: "caffeine 3 to 4 energy drinks daily, occasional cigarettes at parties, no
// drugs", "Social: occasional cigarette, no drugs", set mw);
// occasionalPastRe: unless it stopped ("socially until 2005", "with friends in college, none
// since", ", last one 2 years ago"); occasionalOtherRe: nor after a relative's clause ("Her son
// smokes; has the occasional cigar himself", "Her husband smokes, has the occasional cigar";
// not "Lives with her husband, has the occasional cigarette").
var (
	occasionalRe     = regexp.MustCompile(`(^\W*(social history[^:]{0,30}:\s*)?|[;,]\s*|\b(he|she|patient|pt)\s+(still\s+)?)(has|enjoys)\s+(the|an)\s+occasional\s+(cigarette|cigar)s?\b|(^\W*(social( history)?[^:]{0,30}:\s*)?|[;,]\s*)occasional (cigarette|cigar)s?(\s+(use|smoking))?(\s+(socially|at social events|at parties|on weekends|with friends|when (he|she) drinks|on holidays)\b|\s*([,;.]|$))`)
	occasionalPastRe = regexp.MustCompile(`\bnot (smoked|had (one|a cigar|a cigarette|any))\b|\bnot since\b|\bhas not smoked\b|\bhasn't smoked\b|\buntil\b|\bnone since\b|\bin (college|high school|the past|the army|the military|his youth|her youth|(his|her) (teens|twenties|\d0s))\b|\byears ago\b|\bquit\b|\bstopped\b|\bno longer\b|\blast one\b|\blast (in|on)\b|\bhimself\b|\bherself\b`)
	// occasionalRecentRe: a stop within the year ("not since his surgery", "has not had one
	// this year", "last one a month ago", "not since January").
	occasionalRecentRe = regexp.MustCompile(`\blast (in|on) (january|february|march|april|may|june|july|august|september|october|november|december)\b|\bsince (his|her|the|this) (recent )?(surgery|stents?|admission|hospitali[sz]ation|procedure|operation)\b|\b(this|last) (year|month|week)\b|\b(a|one|two|three|four|five|six|\d+|a few|several) (days?|weeks?|months?) ago\b|\bsince (january|february|march|april|may|june|july|august|september|october|november|december)\s*([.;,]|$|though\b)`)
	// occasionalStoppedWords: a stop the rest of the sentence tells, past unless recent.
	occasionalStoppedWords = []string{"not since", "not had", "not smoked", "n't smoked", "until", "years ago", "last in", "since"}
	occasionalYearRe       = regexp.MustCompile(`\b(19|20)\d\d\b`)
	// occasionalElseRe: a clause after it about another habit or another person ("stopped
	// drinking 5 years ago", "his wife quit years ago"), which says nothing of its stop.
	occasionalElseRe  = regexp.MustCompile(`\b(drink\w*|drank|alcohol|etoh|beer|wine|liquor|marijuana|cannabis|drugs?|cocaine|heroin|son|daughter|husband|wife|spouse|father|mother|brother|sister|partner|friend)\b`)
	occasionalOtherRe = regexp.MustCompile(`\b(son|daughter|husband|wife|father|mother|brother|sister|partner|friend)\b([^;]*;|[^;,]*\b(smok\w*|cigar\w*|tobacco|pipe)\b[^;,]*,)\s*$`)
)

// occasionalSmoker: occasionalRe's reading, not a relative's: current, or past where the rest
// of the sentence stops it ("Has the occasional cigar; quit completely 2 years ago"), current
// again where that stop is recent ("not since his surgery"); unknown when it does not apply.
// The rest's clauses about another habit or person say nothing of its stop.
func occasionalSmoker(txt string, noteDate time.Time) findings.SmokingStatus {
	m := occasionalRe.FindStringIndex(txt)
	if m == nil || occasionalOtherRe.MatchString(txt[:m[0]+1]) {
		return findings.Unknown
	}
	var b strings.Builder
	for _, clause := range strings.FieldsFunc(txt[m[1]:], func(r rune) bool { return r == ';' || r == ',' }) {
		if !occasionalElseRe.MatchString(clause) {
			b.WriteString(clause + ";")
		}
	}
	rest := b.String()
	switch {
	case !occasionalPastRe.MatchString(rest):
		return findings.Current
	case occasionalRecentRe.MatchString(rest) && !olderYear(rest, noteDate): // not "not since his stent in 2009" in a note of 2012
		return findings.Current
	case hasAny(rest, occasionalStoppedWords):
		return findings.Past // "Has the occasional cigarette, though not since 2015"
	}
	return findings.Unknown // "in college", "quit", "himself": the readers after it decide
}

// relativeStillHasRe: a relative who "still has a few cigarettes with his coffee", not the
// patient.
var relativeStillHasRe = regexp.MustCompile(`\b` + stillDoesRelative + `\s+(also\s+)?still has\b`)

// unwillingAfterRe: "not willing to quit" as a clause of its own after a comma, semicolon or
// colon; unwillingToQuit: when what comes before it in the sentence is the patient's smoking
// ("Long history of smoking, not willing to quit", "currently 1 ppd, not willing to quit"), not
// another habit ("Drinks a six-pack of beer daily, not willing to quit"), a quit ("Quit
// smoking in 2010; now vapes daily, ...") or a relative's smoking ("Husband smokes 1 ppd in
// the home; not willing to quit").
var (
	unwillingAfterRe    = regexp.MustCompile(`[,;:]\s*(not willing|unwilling|not interested|not motivated) (to quit|in quitting)(\s+(smoking|cigarettes|tobacco))?(\s+(at this time|now|yet|currently))?\s*([.;,]|$)`)
	unwillingSmokingRe  = regexp.MustCompile(`\b(smok\w*|cigarettes?|cigs|cigars?|ppd|packs?|pack-years?|tobacco)\b`)
	unwillingOtherRe    = regexp.MustCompile(`\b(drinks?|drinking|drank|beers?|wine|alcohol|etoh|vap\w*|e-?cig\w*|cocaine|marijuana|cannabis|methadone|opioids?|heroin|drugs?|smokeless|chew\w*|snuff|dips?|dipping)\b`)
	unwillingRelativeRe = regexp.MustCompile(`\b(roommate|` + stillDoesRelative[1:len(stillDoesRelative)-1] + `)\b`)
	unwillingQuitRe     = regexp.MustCompile(`\b(quit|former|ex-?smoker|stopped|remote|none|never|denies)\b`)
	unwillingSegRe      = regexp.MustCompile(`[,;:]`)
	unwillingNoSmokeRe  = regexp.MustCompile(`\b(smokeless|chewing|chews?|dips?|dipping|snuff)(\s+tobacco)?\b|\bsmok\w*\s+(an?\s+)?e-?cig\w*|\be-?cig\w*|\bvap\w*`)
)

func unwillingToQuit(txt string) bool {
	m := unwillingAfterRe.FindStringIndex(txt)
	if m == nil {
		return false
	}
	segs := unwillingSegRe.Split(txt[:m[0]], -1)
	for i := len(segs) - 1; i >= 0; i-- {
		// the nearest item that names a habit is what the unwillingness is about ("Long
		// history of smoking and alcohol use, not willing to quit"; "40 pack-years, never
		// tried to quit, not willing to quit": the tried quit names no habit)
		seg := segs[i]
		smoking := unwillingSmokingRe.MatchString(unwillingNoSmokeRe.ReplaceAllString(seg, " ")) // not "smokeless tobacco"
		if unwillingRelativeRe.MatchString(seg) || !smoking && unwillingOtherRe.MatchString(seg) {
			return false
		}
		if smoking {
			return !unwillingQuitRe.MatchString(seg)
		}
	}
	return false
}

// ownClauseIsThePatients: the "and she ..." after a relative's clause is the patient's own:
// the relative's clause names the patient's exposure ("Mother smoked around her as a child,
// and she started smoking at 15"), or the pronoun is not the relative's ("Her husband smokes,
// and she started smoking at 15"); not "His son was warned, but he started smoking at 16".
func ownClauseIsThePatients(before, pronoun string) bool {
	if strings.HasSuffix(pronoun, "patient") || stillDoesExposureRe.MatchString(before) {
		return true
	}
	m := stillDoesRelativeRe.FindStringSubmatch(before)
	if m == nil {
		return false
	}
	rel := m[len(m)-1]
	female := femaleRelative[rel]
	male := rel == "husband" || rel == "son" || rel == "brother" || rel == "father" // not spouse, partner or friend, who may be either
	return pronoun == "she" && male || pronoun == "he" && female
}

// cessationFirstRe: stopping smoking is the first thing the patient's care needs, which
// says he smokes; cessationNotOwnRe: unless the quit is done or kept up ("she quit 5 years
// ago", "Continued smoking cessation"), general ("for PAD patients in general") or only
// hoped for ("if he resumes smoking"), and the sentence says no smoking now nor a relapse
// (cessationNowRe: "to quit his 1 ppd habit", "before relapsing").
var (
	cessationFirstRe  = regexp.MustCompile(`\b(smoking|tobacco) cessation (is|would be|remains|will be) the (single )?(most important|most effective|best|biggest)\b`)
	cessationNotOwnRe = regexp.MustCompile(`\b(continued|continuing|ongoing|sustained|maintained|maintaining)\s+(smoking |tobacco )?cessation\b|\b(quit|stopped|gave up)\b[^.;]{0,30}\b(ago|(19|20)\d\d|since)\b|\bformer\b|\bex-?smoker\b|\bin general\b|\bif (he|she) (ever )?(resumes|restarts|relapses|starts smoking)\b|\bnon-?smoker\b`)
	cessationNowRe    = regexp.MustCompile(`\b(smokes|currently|still|habit)\b|\brelaps(ed|ing)\b|\b(has been|is) smoking\b|\bsmoking again\b|\bback to smoking\b`)
)

// triedToQuitRe: attempts to quit beside today's smoking ("Smokes one-half pack per day;
// she has tried to quit several times", 'smokes about a pack per day, ... "tried to quit a
// few times."', set kl), not a quit; quitDoneRe: one that came off ("has
// tried to quit many times and finally quit in 2010", "quit 2 years ago").
var (
	triedToQuitRe = regexp.MustCompile(`\b(has|have|had) (tried|attempted) to quit\b|\b(tried|attempted) to quit( smoking)? (a few|a couple of|several|many|multiple|numerous|\d+|two|three|four|five) times\b`)
	bareTriedRe   = regexp.MustCompile(`\b(tried|attempted) to quit\b`)
	quitDoneRe    = regexp.MustCompile(`\b(finally|eventually|successfully|ultimately)\b|\bquit (in|at|on|since)\b|\bago\b|\bsmoke-?free\b|\babstinent\b|\bsucceeded\s+(in|on|at|after)\b|\bquit for good\b|\bnot smoked since\b|\bnot had a cigarette since\b|\b(remained|stayed|been) off\b`)
	// bareQuitDoneRe: after a bare "tried to quit", what says it came off ("tried to quit
	// with Chantix in 2009 and has been smoke-free since", "... and succeeded", "has not
	// smoked since 2008", "stopped for good in 2006").
	bareQuitDoneRe = regexp.MustCompile(`\b(and|but)\s+succeeded\b|\bnot smoked since\b|\bnot had a cigarette since\b|\bfor good\b|\b(remained|stayed|been) off\b|\bwhich worked\b`)
	// bareNowRe: a bare "tried to quit" needs smoking now in words ("She smokes 10 cigarettes
	// per day and tried to quit last year", "Currently 1 ppd"), not a past amount ("Smoked 1
	// ppd for 30 years") nor another "currently" ("currently uses a nicotine patch").
	bareNowRe = regexp.MustCompile(`\b(smokes|is smoking|still smokes|currently smokes|currently smoking|back up to|back to a pack)\b|\b(currently|still using tobacco|still uses)\b[^.;]{0,25}?\b(\d+|half|a)\s*(packs?|ppd|cigarettes?|cigs?)\b`)
)

// instructionRe: an instruction about smoking, not the patient's history (LABELLING.md:
// "do not smoke near oxygen", a '"No Smoking - Oxygen in Use" sign', a visit summary's "If
// you smoke, quit."); asked only of
// sentences with one of instructionWords.
// smokedInRe: smoking in a time of life long past ("He smoked in college").
var (
	instructionWords = []string{"not", "don't", "dont", "never", "no smoking", "avoid", "nicht rauchen", "nie rauchen", "if you"}
	instructionRe    = regexp.MustCompile(`\b(nicht|nie) rauchen\b[^.;]*|\bno smoking\W{0,3}\s*[-–:]\s*oxygen\b[^.;]*|\bno smoking\b[^.;]{0,40}\bsigns?\b[^.;]*|\bif you (smoke|use tobacco|still smoke)\b[^.;]*|\b(do not|don't|dont|never|must not|should not|not to) smoke\b[^.;]{0,40}\b(near|around|while|with|in|indoors|inside|outside)\b[^.;]*|\bno smoking\b[^.;]{0,40}\b(near|around|within \d+ (feet|ft|meters|m) of)\b[^.;]*|\b(advised|instructed|told|reminded|asked|encouraged|counsell?ed)( \w+)? to avoid (alcohol,? (and|or) )?(tobacco|smoking|cigarettes|all tobacco)( (and|or) alcohol)?( entirely| completely| altogether)?\s*([.;]|$)|\b(advised|instructed|told|reminded|asked)( \w+)? (not to smoke|no smoking|to avoid smoking)\b[^.;]{0,40}\b(before|prior to|the (morning|day|night) of|near|around|while)\b[^.;]*|\b(risk factors?|topics?)\b[^.;]{0,30}\bincluding\b[^.;]{0,60}\band avoiding (cigarettes|tobacco|smoking|cigars)\b`)
	// smokedMoreRe: more then than now, no quit ("Occasionally smokes at social events ...;
	// he smoked more in college", set nb).
	smokedMoreRe = regexp.MustCompile(`\bsmoked\s+(much\s+|a lot\s+|far\s+|a bit\s+)?(more|heavier|heavily|less)\s+(in|during|when|as|back|then|before)\b`)
	smokedInRe   = regexp.MustCompile(`smoked\b[^.;]{0,40}\b(in (college|high school|the military|the army|the navy|his youth|her youth|his twenties|her twenties|his 20s|her 20s|his teens|her teens|his younger years|her younger years|his younger days|her younger days)|when (he|she) was (young|younger|a teenager|a teen|a young (man|woman)|in (college|high school|the military|the army|the navy|the service))|(many|several) (years|decades) ago)\b|smoked\s+(a little\s+|some\s+|briefly\s+|occasionally\s+)?(more than |over )?(many |several |some |\d+ )?(years|decades) ago\b`)
)

// quitToComeRe: the patient willing, ready or not yet ready to quit or to try a cessation
// aid: a smoker now.
var quitToComeWords = []string{"willing", "ready", "agreeable", "consider", "interested", "motivated", "open "}

var quitToComeRe = regexp.MustCompile(`\b(he|she|patient|pt|they)\b[^.;]{0,30}\b(willing|ready|agreeable|motivated|interested|considering|open)\s+(to\s+)?(try\s+|use\s+|start\s+|take\s+)?(to\s+)?(a\s+|the\s+)?(quit|quitting|stop|stopping|cut (down|back)|nicotine (patch|patches|gum|lozenges?|replacement)|patch|varenicline|chantix|bupropion|zyban|wellbutrin)\b`)

// ifStillRe: a condition, not a statement ("Smoking cessation counseling is recommended if
// the patient is still smoking").
var ifStillRe = regexp.MustCompile(`\bif\s+(the\s+)?(he|she|patient|pt|they)\s+(is|are)\s+still\s+smok\w*|\bif\s+(the\s+)?(he|she|patient|pt|they)\s+(has|have)\s+not\s+(already\s+)?(quit|stopped)\b`)

// asDoesRe: the patient smokes as the relative does ("who has COPD and still smokes 2 ppd as
// does she").
var asDoesRe = regexp.MustCompile(`\b(smokes|smoking|smoked|smoker)\b[^.;]{0,30}?,?\s(as|so) (does|did|is) (she|he|the patient)\b`)

// continuesSmoking: "continues N per day" said of the patient's smoking ("She couldn't quit
// cigarettes and continues about 5 per day", "Smoking continues at about 10 per day",
// "Tobacco: 1 ppd x 30 years; continues 20/day", "Smoking: 1 ppd for 20 years, tried
// nicotine patch, continues 15 per day"). What stands between the last smoking word and
// "continues" must name no other habit it could be the amount of ("Quit smoking in 2010,
// Coke continues 3 per day", "uses nicotine lozenges, continues 4 per day"); after its last
// comma only a subject ("Smoking: down from 2 packs, continues 10 per day"); across a
// semicolon only "continues" itself, or a contrast with a relative ("his wife quit 2 years
// ago but he continues 10 per day"). A relative before it is the subject unless the patient
// is named after the relative, or the relative is only an object ("with his wife's help",
// "with help from his son"): "his wife still smokes and continues 10 per day" is hers.
func continuesSmoking(txt string) bool {
	loc := continuesAmountRe.FindStringIndex(txt)
	if loc == nil {
		return false
	}
	if continuesOfOtherRe.MatchString(txt[loc[1]:]) {
		return false // "continues 5 per day of nicotine gum"
	}
	pre := txt[:loc[0]]
	pre = pre[strings.LastIndex(pre, ".")+1:]
	words := continuesSmokeWordRe.FindAllStringIndex(pre, -1)
	if len(words) == 0 {
		return false
	}
	between := pre[words[len(words)-1][1]:]
	if o := continuesOtherRe.FindStringIndex(between); o != nil && !continuesTriedRe.MatchString(between[:o[0]]) {
		return false
	}
	if i := strings.LastIndex(between, ";"); i >= 0 {
		if after := between[i+1:]; strings.TrimSpace(after) != "" && !continuesContrastRe.MatchString(after) {
			return false // "Denies tobacco; she continues 10 per day"
		}
	}
	if i := strings.LastIndexAny(between, ",;"); i >= 0 && !continuesSubjectRe.MatchString(between[i+1:]) && !continuesContrastRe.MatchString(between[i+1:]) {
		return false
	}
	for _, r := range slices.Backward(continuesRelativeRe.FindAllStringIndex(pre, -1)) {
		if !strings.HasSuffix(pre[:r[1]], "'s") && !continuesRelativeObjectRe.MatchString(pre[:r[0]]) {
			return patientWordRe.MatchString(pre[r[1]:])
		}
	}
	return true
}

// continuesAmountRe: an amount "continued" per day; continuesSmokeWordRe, continuesOtherRe
// (and continuesTriedRe, a product only tried), continuesSubjectRe, continuesContrastRe,
// continuesRelativeRe and continuesRelativeObjectRe: what continuesSmoking reads before it.
var (
	continuesAmountRe         = regexp.MustCompile(`\bcontinues\s+(at\s+)?(about\s+|approximately\s+|around\s+)?\d+\s*(cigarettes\s*|cigs\s*)?(per|a|/)\s*day\b`)
	continuesSmokeWordRe      = regexp.MustCompile(`\b(cigarettes?|cigs?|smok\w*|tobacco|packs?|ppd)\b`)
	continuesOtherRe          = regexp.MustCompile(`\b(alcohol|etoh|beer|wine|liquor|coffee|caffeine|tea|soda|coke|drinks?|snuff|dose|gum|chew\w*|dip|marijuana|cannabis|lozenges?|nicorette|patch(es)?|vap\w*|e-?cig\w*|aspirin|pills?|tablets?)\b`)
	continuesOfOtherRe        = regexp.MustCompile(`^\s*(of|in)\s+(\w+\s+)?(nicotine|gum|lozenges?|nicorette|patch(es)?|alcohol|beer|wine|coffee|vap\w*|e-?cig\w*|snuff|chew\w*|dip)\b`)
	continuesTriedRe          = regexp.MustCompile(`\b(tried|failed|attempted|despite)\b[^,;]*$`)
	continuesSubjectRe        = regexp.MustCompile(`^\s*((and|but)\s+)?((he|she|the patient|patient|pt)\s+)?(still\s+|now\s+)?$`)
	continuesContrastRe       = regexp.MustCompile(`\b(but|and|yet)\s+(he|she|the patient)\s+(still\s+|now\s+)?$`)
	continuesRelativeRe       = regexp.MustCompile(`\b(husband|wife|spouse|partner|son|daughter|mother|father|brother|sister|roommate)\b`)
	continuesRelativeObjectRe = regexp.MustCompile(`\b(from|with|by|to|for|since|of)\s+(his|her|the patient's)\s+$`)
	patientWordRe             = regexp.MustCompile(`\b(he|she|patient)\b`)
)

// notRelapsedRe: no relapse, which is no smoking now.
// continuedAbstinenceRe: abstinence from tobacco to be kept up ("continued smoking
// abstinence"), read as "continued abstinence from smoking".
var continuedAbstinenceRe = regexp.MustCompile(`\b(continued|continue|continues|continuing|ongoing|maintain|maintained|maintaining|sustained)\s+(smoking|tobacco|cigarette|nicotine)\s+abstinence\b`)

var notRelapsedRe = regexp.MustCompile(`\b(has|have|had)\s+not\s+relapsed\b|\bno\s+relapses?\b|\bwithout\s+(a\s+|any\s+)?relapses?\b|\bnever\s+relapsed\b`)

// relativeWhoSmokesRe: a relative's smoking told after a "who" clause between commas ("Her
// husband, who passed away in 1999, smoked for many years", set jb), or in it after "and"
// ("Lives with her husband, who has emphysema and is still smoking", set je).
var relativeWhoSmokesRe = regexp.MustCompile(`\b(his|her|their|the patient's)\s+(son|daughter|wife|husband|brother|sister|father|mother|partner|boyfriend|girlfriend|grandson|granddaughter|roommate|caregiver)\s*,\s*who\s+(has|had|is|was)\s+[^,.;]{1,40}?\s+and\s+(is\s+|was\s+)?(still\s+)?(smokes|smoking|smoked|a smoker)\b(\s+(about\s+)?\d+(\.\d+)?\s*(ppd|packs?( a| per)? day))?|\b(his|her|their|the patient's)\s+(son|daughter|wife|husband|brother|sister|father|mother|partner|boyfriend|girlfriend|grandson|granddaughter|roommate|caregiver)\s*,\s*who\s+[^,.;]{1,50},\s*(smokes\b|(smoked|(has|had) smoked)\b[^.;,]*|(is|was) an? (\w+ )?smoker\b)`)

// informantParentRe: a son or daughter who tells of "her mother" or "his father", the
// patient.
var informantParentRe = regexp.MustCompile(`\b((?:daughter|son)\s+(?:states|says|reports|confirms)(?:\s+that)?)\s+(?:her|his)\s+(?:mother|father)\b`)

// inLifeRe: "never smoke in her life" (non-native), a never-smoker, not the instruction
// "never smoke in the house"; toldToRe: unless it is told as one ("He was told to never
// smoke in his life again").
var (
	toldToRe = regexp.MustCompile(`\b(told|advised|instructed|asked|warned|must|should)\b|\bagain\b`)
	inLifeRe = regexp.MustCompile(`\bsmoke\s+in\s+(his|her|my|their|your)\s+(whole\s+|entire\s+)?life\b`)
)

// echoSmokeRe: an echocardiogram's "smoke" (spontaneous echo contrast), not tobacco ("No
// spontaneous echo contrast or smoke seen", set jo).
// A grade before it ("Given the dense smoke, anticoagulation ... must continue", set hi)
// or the chamber after it ("smoke in the left atrial appendage") says the same.
var echoSmokeRe = regexp.MustCompile(`(spontan\w*\s*echo\w*|spontaneous echo contrast|\bcontrast)\s*\(\W{0,3}smoke\W{0,3}\)|\b(spontaneous )?(echo )?contrast (or|nor|and|/) ["'“]?smoke\b|\b(smoke|smoky|smoke-like)[- ](effect|pattern|swirl\w*)|spontaneous echo contrast|\b(dense|moderate|mild|severe|marked|faint|prominent|swirling)\s+smoke\b|\bsmoke\s+(is\s+seen\s+)?(in|within)\s+(the\s+)?(left atri\w*|left ventric\w*|atrial appendage|la|laa|lv)\b\s*([.,;/)]|$|and\b|or\b|appendage|cavity|body)`)

// uncheckedBoxRe: a form's line whose box is empty ("[ ] Former tobacco user").
var uncheckedBoxRe = regexp.MustCompile(`^\s*(\[\s*\]|☐|□)`)

// onlyUncheckedBoxes: a form's options, none ticked ("Raucher: ☐ ja ☐ nein").
func onlyUncheckedBoxes(txt string) bool {
	if !strings.ContainsAny(txt, "[☐□") {
		return false
	}
	return !strings.ContainsAny(txt, "☒✓") && !tickedBoxRe.MatchString(txt) && emptyBoxRe.MatchString(txt)
}

var (
	tickedBoxRe = regexp.MustCompile(`\[\s*x\s*\]`)
	emptyBoxRe  = regexp.MustCompile(`\[\s*\]|☐|□`)
)

// headingRe is a section heading at the start of a sentence ("SOCIAL HISTORY: ,", "SHX:").
var headingRe = regexp.MustCompile(`^[\s,]*([a-z][a-z /&()-]{1,40}):[\s,]*`)

// stripHeading returns the sentence without a leading section heading, and the heading;
// a heading that names tobacco ("Tobacco: none", German "Genussmittel: keine") is part of
// what the sentence says.
func stripHeading(txt string) (string, string) {
	if m := headingRe.FindStringSubmatchIndex(txt); m != nil && !tobacco.MatchString(txt[m[2]:m[3]]) && txt[m[2]:m[3]] != "genussmittel" {
		return txt[m[1]:], txt[m[2]:m[3]]
	}
	return txt, ""
}

// fieldCommaRe: a tobacco field's label written as an MTSamples heading (":,").
var fieldCommaRe = regexp.MustCompile(`\b(tobacco|smoking|tobacco use|smoking history|smoking status|nicotine)\s*:,\s*`)

// quitCueRe picks, among a sentence's past cues, those that say when the smoking ended
// ("off" of "has remained off cigarettes since his heart attack in 2011", "not smoked" of
// "He has not smoked since his heart attack in January").
var quitCueRe = regexp.MustCompile(`quit|stop|until|gave up|karenz|seit|aufgeh|hörte|abstinent|\bbis\b|\boff\b|not smoked|not used|not smoking|not smoke since|not smoke for`)

// quitRecently reports whether the sentence's past cue says the patient quit less than a
// year before the note: the first cue that names the end of smoking ("had smoked for 20
// years, but quit 2 months prior" reads the quit, not the 20 years), else the first cue.
func quitRecently(lower string, noteDate time.Time, age int) bool {
	locs := pastRe.FindAllStringIndex(lower, -1)
	if len(locs) == 0 {
		return false
	}
	at, cue := locs[0], false
	for _, l := range locs {
		if quitCueRe.MatchString(lower[l[0]:l[1]]) {
			at, cue = l, true
			break
		}
	}
	if !cue && recordedDateRe.MatchString(lower[at[1]:]) {
		return false // "TOBACCO USE - FORMER SMOKER (07/10/2018)": when it was recorded, not a quit
	}
	from := at[0]
	if cue {
		// from the quit word itself: "smoked 1-1/2 packs per day for 40 years and quit at
		// the time of his diagnosis in August" (the years before it were smoked)
		if q := quitCueRe.FindAllStringIndex(lower[at[0]:at[1]], -1); len(q) > 0 {
			from += q[0][0]
		}
	}
	if cue && strings.Contains(lower[:from], "vor ") {
		if m := vorAgoRe.FindStringSubmatch(lower[:from]); m != nil {
			// German puts the time before the verb: "hat vor 4 Monaten mit dem Rauchen
			// aufgehört"
			if !strings.HasPrefix(m[2], "monat") {
				return true // weeks or days
			}
			n, err := strconv.Atoi(m[1])
			return err != nil || n < 12 // a number in words is at most "elf"
		}
	}
	return quitWithin(lower[from:], noteDate, age, cue)
}

// vorAgoRe: "vor 4 Monaten", a German time ago in the clause before its quit verb; less
// than a year unless it says 12 months or more (years are not read here: "vor 3 Jahren
// aufgehört" is a past smoker either way).
var vorAgoRe = regexp.MustCompile(`\bvor\s+(\d+|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|wenigen|einigen|ein paar)\s+(monaten|monat|wochen|woche|tagen|tag)\b[^.;,]{0,40}$`)

// recordedDateRe: a whole date in parentheses right after a status with no quit word,
// as VA health factors print the day they were entered ("TOBACCO USE - FORMER SMOKER (AUG
// 22, 2019)", "(07/10/2018)").
var recordedDateRe = regexp.MustCompile(`^\s*\(\s*([a-z]{3,9}\.? \d{1,2},? (19|20)\d\d|\d{1,2}/\d{1,2}/(19|20)\d\d|(19|20)\d\d-\d\d-\d\d)(@[\d:]+)?\s*\)`)

// cutMonthRe and cutYearRe: a month at the end of quitWithin's 80 bytes, and its year
// past them.
var (
	cutWordRe  = regexp.MustCompile(`^[a-z]+`)
	cutMonthRe = regexp.MustCompile(`\b(` + monthAlt + `),?\s?$`)
	cutYearRe  = regexp.MustCompile(`^,?\s*(of\s+)?((19|20)\d\d|'\d\d)\b`)
)

// smokedForRe: a duration without "ago" after "after"/"for"/"x" is how long the patient
// smoked, not how long ago the quit was ("quit smoking in 2009 after 30 years of a pack a
// day"; "quit in October 2018 (5 mo ago)" and "about 4-1/2 mos smoke-free" still read).
var smokedForRe = regexp.MustCompile(`\b(after|for|x)\s*$`)

// thisYearRe: a quit in the note's own year ("quit in March of this year", "earlier this
// year"): within the year.
// recentlyRe: a quit days or weeks ago, said without a number ("stopped the day of
// admission"), or in a month named "last" or "this past" ("quit last October": whatever
// the note's month, that October is less than a year before it).
var recentlyRe = regexp.MustCompile(`^[^.;]{0,25}?\b((last|this past) (` + monthAlt + `)|last (week|month)|yesterday|this (week|month)|((on )?the (day|morning|night|evening) of|on (day|morning) of|on|upon) (this |his |her |the )?(admission|presentation|hospitali[sz]ation)|(a|one) (day|week|month) ago|(a couple of|a few|several) (days|weeks|months) ago)\b`)

// eventRecentlyRe: a quit at an event the sentence dates days or weeks ago, or in a month
// named "last" ("quit smoking when he had his heart attack last week", "Quit smoking when
// she found out she was pregnant last November", "... last spring", "He quit smoking when he
// was diagnosed this past March", set iy).
var eventRecentlyRe = regexp.MustCompile(`^[^.;]{0,20}?\b(when|after|at the time)\b[^.;,]{0,40}?\b((last|this past) (week|month|spring|summer|fall|autumn|winter|` + monthAlt + `)|yesterday|this (week|month)|(a|one|two|three|four|\d) (days?|weeks?) ago)\b`)

// surgeryDayRe: a quit on the day of an operation the sentence does not date, the one of
// the note's stay ("He smoked two packs a day for 40 years and stopped on the day of his
// surgery").
var surgeryDayRe = regexp.MustCompile(`^[^.;]{0,25}?\b(the (day|morning|night|evening) (of|before)) (this |his |her |the )?(surgery|operation|procedure|bypass surgery|heart surgery)\b`)

// miQuitRe: a quit at a heart attack the sentence names without a date ("Quit the day of
// his heart attack", "He has not smoked since the day of his heart attack", "quit at the
// time of his MI"); miDatedRe: a date or time after the quit, which quitRecently reads
// instead. Whether such a quit was within the year is read from the note's own dating of
// the heart attack (quitAtRecentMI); not at a "first" one.
var (
	miQuitRe  = regexp.MustCompile(`\b(quit|stopped|stop|not smoked|not had a cigarette|until|gave up|off cigarettes)\b[^.;]{0,40}?\b(the (day|morning|night|evening) of|since|at the time of|when (he|she) had|after) (his|her|the) (heart attack|mi|myocardial infarction|stemi|nstemi|infarct|infarction)\b`)
	miTimedRe = regexp.MustCompile(`(19|20)\d\d|\b\d{1,2}/\d{1,2}/|\bago\b|\bat (the )?age\b|\bin (his|her) (\d0s|teens|twenties|thirties|forties|fifties|sixties|seventies)\b`)
	miDatedRe = regexp.MustCompile(`(19|20)\d\d|\d/\d|\bago\b|\b(` + monthAlt + `)\b|\b(last|this) (week|month|year)\b`)
)

// quitAtRecentMI reports whether the sentence's quit is at a heart attack it does not
// date, and the note dates a heart attack less than a year before noteDate ("seen 6 weeks
// after an acute anterior myocardial infarction on 09/30/1997"; "presented on 04/21/2012
// with an acute anterior ST-elevation myocardial infarction"): this stay's or a recent
// one, so the quit is within the year (every blind writer who wrote it so: ae11, bo20,
// dx10, wb23). A heart attack the note dates earlier ("stent ... in 2008 after an inferior
// wall myocardial infarction") or does not date at all leaves the quit past.
func (d *doc) quitAtRecentMI(lower string, noteDate time.Time) bool {
	m := miQuitRe.FindStringIndex(lower)
	if m == nil || miDatedRe.MatchString(lower[m[0]:]) || miTimedRe.MatchString(lower) {
		return false // "He had an inferior MI in 1999 and quit smoking after his heart attack", "... at age 55"
	}
	for _, s := range d.sentences {
		sent := d.lowerOf(s)
		if !strings.Contains(sent, "m") || !miWordRe.MatchString(sent) {
			continue // every heart attack word has an m (cheap test first)
		}
		diagnosis := miDiagnosisSectionRe.MatchString(d.section[s.Start]) // the sentence's section, once for all its heart attack words
		for _, w := range miWordRe.FindAllStringIndex(sent, -1) {
			if miRecent(sent, w, noteDate, diagnosis) {
				return true
			}
		}
	}
	return false
}

// miWordRe: a heart attack named; miNotRe: before it, a heart attack that is ruled out
// or denied; miWeeksAfterRe: before it, a time since it in days or weeks ("3 weeks after
// a non-ST elevation myocardial infarction"); miAgoRe: after it, the same told as ago;
// miRecentRe: before it, "recent"; miAcuteRe: before it, "acute" (in a section of the stay's
// diagnoses only).
var (
	miWordRe       = regexp.MustCompile(`\b(heart attack|myocardial infarction|myocardial infarct|mi|stemi|nstemi)\b`)
	miNotRe        = regexp.MustCompile(`\b(rule out|r/o|ruled out|no|without|negative for|denies|risk of|concerning for|concern for|suspicious for|suspected|possible|evaluate for|workup for|work-up for|evaluation for)\b[^.;]{0,30}$|\b(brother|sister|father|mother|son|daughter|wife|husband|uncle|aunt|cousin|grand\w+|family|relative|friend)\b[^.;]{0,40}$|\b(trace|trivial|mild|moderate|severe|minimal|\d\+)\s*(-\s*)?(to\s+\w+\s+)?$`)
	miGradeRe      = regexp.MustCompile(`\b(trace|trivial|mild|moderate|severe|minimal|\d\+)\s*(-\s*)?(to\s+\w+\s+)?$`) // a grade is mitral insufficiency's, unless a time ago follows ("a mild MI 2 weeks ago")
	miNotAfterRe   = regexp.MustCompile(`^[^.;]{0,30}?\b(was|were|has been|had been|is) (ruled out|excluded|not confirmed)\b|^\s*(ruled out|excluded)\b`)
	miWeeksAfterRe = regexp.MustCompile(`\b(\d+|one|two|three|four|five|six|seven|eight|a few|several) (days?|weeks?) (after|following|since|status post|s/p)\b[^.;]{0,40}$`)
	miAgoRe        = regexp.MustCompile(`^[^.;]{0,40}?\b((\d+|one|two|three|four|five|six|seven|eight|a few|several|a couple of) (days?|weeks?|months?) ago|last (week|month)|this (week|month))\b`)
	miRecentRe     = regexp.MustCompile(`\brecent\b[^.;,]{0,30}$`)
	// miAcuteRe: before it, "acute"; miHistoryRe: a history word before it, which makes it
	// an old one ("history of acute MI"); miYearRe: a year near it, which dates it instead.
	miAcuteRe   = regexp.MustCompile(`\b(acute|evolving)\b[^.;,]{0,40}$`)
	miHistoryRe = regexp.MustCompile(`\b(history|hx|h/o|prior|previous|old|remote|past)\b`)
	// miDiagnosisSectionRe: a stay's diagnoses or assessment, where an acute MI is this stay's.
	miDiagnosisSectionRe = regexp.MustCompile(`(?i)\b(diagnos[ie]s|impression|assessment|chief complaint|reason for (admission|consultation|referral))\b`)
	// miPresentedRe: before it, what the stay opened with ("Patient presented with acute inferior
	// myocardial infarction").
	miPresentedRe = regexp.MustCompile(`\b(presented|presents|presenting|admitted|transferred|came in)\s+(to [^.;,]{0,30}\s+)?with\s+(an?\s+)?(acute|evolving)\b[^.;,]{0,40}$`)
	miYearRe      = regexp.MustCompile(`\b(19|20)\d\d\b`)
)

// miRecent reports whether the heart attack at w in sent is less than a year before
// noteDate: "recent", days or weeks after or ago, "acute" under the stay's diagnoses
// (diagnosis), or the date nearest it (within 60 bytes either side) in the year before the
// note.
func miRecent(sent string, w []int, noteDate time.Time, diagnosis bool) bool {
	before := sent[max(0, w[0]-60):w[0]]
	if miNotRe.MatchString(before) && !(miGradeRe.MatchString(before) && miAgoRe.MatchString(sent[w[1]:])) || miNotAfterRe.MatchString(sent[w[1]:]) {
		return false // ruled out, suspected, a relative's, or a grade's mitral insufficiency ("trace MI")
	}
	if miRecentRe.MatchString(before) || miWeeksAfterRe.MatchString(before) || miAgoRe.MatchString(sent[w[1]:]) {
		return true
	}
	if (diagnosis && miAcuteRe.MatchString(before) || miPresentedRe.MatchString(before)) && !miHistoryRe.MatchString(before) && !miYearRe.MatchString(sent[max(0, w[0]-60):min(len(sent), w[1]+60)]) {
		return true // "DISCHARGE DIAGNOSES:,1. Acute inferior ST-elevation myocardial infarction" (set kr): this stay's (not an acute MI in a history: "s/p acute anterior MI at age 55")
	}
	if noteDate.IsZero() {
		return false
	}
	lo, hi := max(0, w[0]-60), min(len(sent), w[1]+60)
	window := sent[lo:hi]
	var at time.Time
	best := -1
	for _, l := range append(quitDateRe.FindAllStringIndex(window, -1), monthYearRe.FindAllStringIndex(window, -1)...) {
		t, _, ok := quitDate(window[l[0]:l[1]])
		dist := lo + l[0] - w[0]
		if dist < 0 {
			dist = w[0] - (lo + l[1])
		}
		if ok && (best < 0 || dist < best) {
			at, best = t, dist
		}
	}
	if best < 0 {
		return false
	}
	since := noteDate.Sub(at)
	return since >= 0 && since < 365*24*time.Hour
}

var thisYearRe = regexp.MustCompile(`\b(of|in|earlier|early|since) this year\b|\bthis past (spring|summer|fall|autumn|winter|year)\b`)

// bareMonthRe and yearAfterMonthRe: a quit "in August" (or smoking none "since August",
// or smoking "until July of last year", or none since an event "on March 2nd") with no year
// after the month or its day (not
// "in August 2005", "in August of 2005", "in August of last year"); lastYearAfterMonthRe:
// the year after the month is the last ("in October of last year").
var (
	bareMonthRe          = regexp.MustCompile(`\b(?:in|since|until|on) (early |late |mid-?)?(` + monthAlt + `)\b(\s+\d{1,2}(st|nd|rd|th)?\b)?`)
	lastYearRe           = regexp.MustCompile(`\b(last|previous|prior|the preceding) year\b|\byear before\b`)
	yearsAgoRe           = regexp.MustCompile(`\b(\d+|two|three|four|five|several|many) years? ago\b|\b(19|20)\d\d\b`)
	monthNumber          = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}
	lastYearAfterMonthRe = regexp.MustCompile(`^,?\s*(of\s+)?(last year|the (previous|prior|preceding) year)\b`)
	yearAfterMonthRe     = regexp.MustCompile(`^,?\s*(of\s+)?((19|20)\d\d|'\d\d|last year|the (previous|prior|preceding) year|\d)`)
)

// otherEventOnRe: before a month's day "on", a clause that is no longer the quit's ("; his
// wife passed away on January 10th", "and was admitted on April 3rd").
var otherEventOnRe = regexp.MustCompile(`[;:]|\band (was|has|is|had)\b|\bwho\b`)

// futureInRe: "in" right before a duration, a time to come ("repeat CT in 6-12 months").
var futureInRe = regexp.MustCompile(`\bin\s+[\d\s-]*$`)

// quitWithinYear reads a quit time after the quit cue: "6 months ago", a year, or "at
// age 45" (within a year only when the patient's age, -1 if unknown, says so: i2b2 calls a
// quit at an age with no age to compare past).
func quitWithinYear(after string, noteDate time.Time, age int) bool {
	return quitWithin(after, noteDate, age, true)
}

// quitWithin is quitWithinYear; after a status that names no quit ("ex-smoker", "former
// smoker") a duration must say "ago" to be the quit's ("ex-smoker, with 6 weeks of
// exertional angina" is not a quit 6 weeks ago).
func quitWithin(after string, noteDate time.Time, age int, quitCue bool) bool {
	if len(after) > 80 {
		// keep a date the cut would split: "has not had a cigarette since March| 2008" read
		// as a bare month, within the year
		cut, rest := after[:80], after[80:]
		if c := cut[len(cut)-1]; c >= 'a' && c <= 'z' {
			w := cutWordRe.FindString(rest) // the word the cut split
			cut, rest = cut+w, rest[len(w):]
		}
		if cutMonthRe.MatchString(cut) {
			cut += cutYearRe.FindString(rest) // the year after the month, past the word
		}
		after = cut
	}
	var loc []int // the first time ago that is not how long the patient smoked ("Smoked 1 ppd x 35 yrs, quit 6 weeks ago")
	for _, l := range quitAgoRe.FindAllStringSubmatchIndex(after, -1) {
		if l[6] < 0 && (!quitCue || !strings.HasPrefix(after, "off ") && smokedForRe.MatchString(after[:l[0]]) || strings.HasPrefix(after[l[1]:], " of ")) {
			continue
		}
		loc = l
		break
	}
	if thisYearRe.MatchString(after) || recentlyRe.MatchString(after) || eventRecentlyRe.MatchString(after) {
		return true // "quit in March of this year", "stopped last week when he got sick"
	}
	if surgeryDayRe.MatchString(after) && !yearsAgoRe.MatchString(after) {
		return true // "stopped on the day of his surgery" (this stay's; not "... of his bypass surgery in 2001")
	}
	if loc != nil {
		if moreThanRe.MatchString(after[:loc[0]]) {
			return false // "quit more than 30 days ago": no date that shows it was within the year
		}
		if futureInRe.MatchString(after[:loc[0]]) {
			return false // "former heavy smoker ... repeat CT in 6-12 months": a time to come
		}
		num, unit := after[loc[2]:loc[3]], strings.ToLower(after[loc[4]:loc[5]])
		n, err := strconv.ParseFloat(num, 64)
		if err != nil {
			n = wordNum[num]
		}
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
	if quitCue && !noteDate.IsZero() && (strings.Contains(after, "in ") || strings.Contains(after, "since ") || strings.Contains(after, "until ") || strings.Contains(after, "on ")) { // what bareMonthRe needs (a cheap pre-check on every quit sentence)
		m := bareMonthRe.FindStringSubmatchIndex(after)
		if m != nil && strings.HasPrefix(after[m[0]:], "on ") && otherEventOnRe.MatchString(after[:m[0]]) {
			m = nil // "quit at age 40; moved into assisted living on May 1st": another event's day
		}
		if m != nil && lastYearAfterMonthRe.MatchString(after[m[1]:]) {
			return monthNumber[after[m[4]:m[5]]] > int(noteDate.Month()) // "quit smoking in October of last year" in a note of April
		} else if m != nil && !yearAfterMonthRe.MatchString(after[m[1]:]) {
			if lastYearRe.MatchString(after[:m[0]]) {
				// "quit smoking last year in March": within the year only when that month
				// comes after the note's own
				return monthNumber[after[m[4]:m[5]]] > int(noteDate.Month())
			}
			return !yearsAgoRe.MatchString(after[:m[0]]) // "quit at the time of his diagnosis in August" in a note of November: a month with no year is within the year before the note
		}
	}
	if t, at, ok := quitDate(after); ok && !noteDate.IsZero() {
		if y := quitYearRe.FindStringIndex(after); y == nil || y[0] >= at { // the first date after the cue ("quit in 2005 ... CT 01/2024")
			return noteDate.Sub(t) < 365*24*time.Hour // "Quit date: 12/15/2023" in a note of 05/2024
		}
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

// listMarkerLen: the length of the list number a sentence opens with ("4.  ", "2) "), or 0.
func listMarkerLen(lower string) int {
	i := 0
	for i < len(lower) && i < 2 && lower[i] >= '0' && lower[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(lower) || lower[i] != '.' && lower[i] != ')' || lower[i+1] != ' ' {
		return 0
	}
	for i++; i < len(lower) && lower[i] == ' '; i++ {
	}
	return i
}

// tobaccoKeywords are literals one of which every tobacco regexp match contains: a cheap
// filter before the regexp (most sentences mention no tobacco).
var tobaccoKeywords = []string{"smok", "tobac", "cigar", "ppd", "pack", "pk", "tob", "nicotin", "nikotin", "rauch", "zigarett", "py", "pj", "quit", "genussmittel"}

func mayMentionTobacco(lower string) bool {
	for _, k := range tobaccoKeywords {
		if strings.Contains(lower, k) {
			return true
		}
	}
	return false
}

// saysTobacco: a sentence that names tobacco (its caller has matched tobacco) says
// something of it: not a label alone, not the field of the products smoked ("Types:
// Cigarettes", which the model learned from the notes it stood in as their status)
// ("Tobacco Use"), not smokeless tobacco alone, not a status field left unknown ("Smoking
// status: Never Assessed", which the model would read as "never"), not a sentence that
// only says there is no information (noInfoRe). Neither the rules nor
// the model read the others.
func saysTobacco(lower string) bool {
	if labelOnly(lower) {
		return false
	}
	if masked := maskSmokeless(lower); masked != lower && !tobacco.MatchString(masked) {
		return false // the caller matched tobacco on lower itself
	}
	if strings.Contains(lower, "smok") && !tobacco.MatchString(echoSmokeRe.ReplaceAllString(lower, " ")) {
		return false // "Smoke effect in the left atrium": an echocardiogram's, no tobacco (LABELLING.md)
	}
	if !tobacco.MatchString(withoutNoInfo(lower)) {
		return false // "Unknown if ever smoked", "No smoking status data is applicable"
	}
	if strings.Contains(lower, "type") && typesFieldRe.MatchString(lower) {
		return false // "Types: Cigarettes": which product, not whether or when
	}
	st, ok := statusField(lower)
	return !ok || st != findings.Unknown
}

// typesFieldRe: an EHR's field of the products smoked, with nothing else on its line.
var typesFieldRe = regexp.MustCompile(`^\s*(tobacco\s+)?types?\s*:\s*((cigarettes?|cigars?|cigarillos?|pipes?|e-?cigarettes?|smokeless|chew|snuff)[\s,/&]*(and\s+|or\s+)?)+\.?\s*$`)

// otherQuitDate: sentence k is a quit-date field ("Quit date: 3/1/2024") of something
// other than smoking: the field lines above it, up to a smoking one, name smokeless
// tobacco, drugs or alcohol (Epic prints a quit date under each).
func (d *doc) otherQuitDate(k int, lower string) bool {
	if !quitFieldRe.MatchString(lower) {
		return false
	}
	for j := k - 1; j >= max(0, k-3); j-- {
		prev := d.lowerOf(d.sentences[j])
		switch {
		case otherUseRe.MatchString(prev):
			return true
		case strings.Contains(prev, "smok") || strings.Contains(prev, "cigar"):
			return false
		}
	}
	return false
}

var (
	// quitFieldRe: a sentence that is only a quit-date field
	quitFieldRe = regexp.MustCompile(`^[\s•*·-]*(quit date|years since quitting)\s*:`)
	otherUseRe  = regexp.MustCompile(`smokeless|chew|snuff|snus|\bdrug|alcohol|drink|vap|e-?cig`)
	// quitNextRe: a sentence that only dates a quit, with no tobacco word, right after one
	// that tells the smoking ("Smoked 1 ppd x 30 years. Quit 5 years ago."); not "Quit
	// working in 2010" or "Stopped metoprolol".
	// Also "She states she quit 3 months ago when ...", "She quit on 01/15/2010 after the
	// diagnosis", "quit in 01/2010" (set na).
	quitNextRe = regexp.MustCompile(`^[\s•*·-]*((he|she|patient|pt|the patient)\s+)?((states|says|reports|tells me)\s+(that\s+)?(he|she)\s+)?(quit|stopped|gave up)\s+(in\s+(19|20)\d\d|(19|20)\d\d|(on\s+|in\s+)?\d{1,2}/(\d{1,2}/)?(19|20)?\d\d|in\s+(january|february|march|april|may|june|july|august|september|october|november|december)|(about |approximately |roughly |over )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few)\s+(years?|yrs?|months?|mos?|weeks?|days?)\s+ago|at (the )?age)\b`)
)

// tobaccoSentences returns the sentences that mention tobacco and say something of it.
func (d *doc) tobaccoSentences() []findings.Span {
	d.tobaccoOnce.Do(func() {
		for k, s := range d.sentences {
			lower := d.lowerOf(s)
			if n := listMarkerLen(lower); n > 0 {
				s.Start += utf8.RuneCountInString(lower[:n]) // "4.  Tobacco abuse.": the item, without its number
				lower = lower[n:]
			}
			if mayMentionTobacco(lower) && tobacco.MatchString(lower) && saysTobacco(lower) && !d.otherQuitDate(k, lower) && !d.relativesPronoun(k, lower) {
				if k+1 < len(d.sentences) {
					if next := d.lowerOf(d.sentences[k+1]); quitNextRe.MatchString(next) && !tobacco.MatchString(next) && !otherUseRe.MatchString(next) {
						s.End = d.sentences[k+1].End // "Smoked 1.5 ppd x 45 years. Quit in 2010 when diagnosed with COPD.": the smoking's quit
					}
				}
				d.tobacco = append(d.tobacco, s)
			}
		}
	})
	return d.tobacco
}

// olderYear: txt names a year more than one before the note's ("in 2009" in a note of 2012);
// without the note's date, any year.
func olderYear(txt string, noteDate time.Time) bool {
	return anyYear(txt, func(y int) bool { return noteDate.IsZero() || y < noteDate.Year()-1 })
}

// anyYear: txt names a year (19xx, 20xx) that ok accepts.
func anyYear(txt string, ok func(year int) bool) bool {
	for _, y := range occasionalYearRe.FindAllString(txt, -1) {
		if n, _ := strconv.Atoi(y); ok(n) {
			return true
		}
	}
	return false
}

// otherQuitAndTobaccoRe: after another habit's quit, in its clause, tobacco joins it as a
// second thing quit ("quit drinking and smoking", "quit drinking alcohol and tobacco in 2001",
// "quit drinking in 2000, smoking in 2005", "quit drinking/smoking"), so the quit is the
// smoking's too; not a smoking verb or an amount ("Quit drinking in 2001, smokes 1 ppd",
// "..., tobacco 1 ppd").
var otherQuitAndTobaccoRe = regexp.MustCompile(`^[^.;]{0,40}?(\band|\bor|,|&|/|\bas well as)\s*(using\s+|the\s+)?(smoking|tobacco|cigarettes?|cigars?|cigs)\b(\s+use\b)?(\s+cigarettes\b)?`)

// tobaccoQuitAfterRe: after the tobacco word, when or how it was quit ("cigarettes more than
// 40 years ago", "smoking cessation in 2008", "cigarettes were stopped in 2000").
var tobaccoQuitAfterRe = regexp.MustCompile(`^\s*((more|less)\s+than|over|about|approximately)?\s*\d+\s+(years?|months?|weeks?)\s+ago|^\s*(cessation\s+)?((was|were)\s+)?(achieved|stopped|quit)\b|^\s*cessation\s+((in|on|since)\s+)?(\d{1,2}/)?(19|20)\d\d|^\s*(has|have)\s+not\s+been\s+used|^\s*a\s+(few|couple\s+of)\s+years\s+(later|before|after|ago)`)

// stillUsed: what follows the tobacco word says it goes on, not when it was quit.
func stillUsed(after string) bool {
	return tobaccoNowAfterRe.MatchString(after) && !tobaccoQuitAfterRe.MatchString(after)
}

// tobaccoNowAfterRe: after the tobacco word, an amount or a state that says it goes on
// ("..., tobacco 1 ppd", "and smoking remains an issue", "cigarettes daily").
var tobaccoNowAfterRe = regexp.MustCompile(`^\s*((\d+(\.\d+)?|\d+/\d+|\d+\s*-\s*\d+)\s*(ppd|packs?|pk|cigs?|cigarettes?|/\s*day|a day|per day|pack-?\s*years?|py)|(about|around|approximately)\s+\d|half|one|a\s+(few|couple|pack|ppd)|remains?|continues?|daily|every day|since age|is|are|was|were|has|have|had|ongoing|still|heavily|occasionally|less|more|cessation|down|socially|rarely)\b`)

// maskOtherQuit masks a quit of another habit (otherQuitRe), unless tobacco joins it.
func maskOtherQuit(txt string) string {
	locs := otherQuitRe.FindAllStringIndex(txt, -1)
	for k := len(locs) - 1; k >= 0; k-- {
		if m := otherQuitAndTobaccoRe.FindStringIndex(txt[locs[k][1]:]); m == nil || stillUsed(txt[locs[k][1]+m[1]:]) {
			txt = txt[:locs[k][0]] + " " + txt[locs[k][1]:]
		}
	}
	return txt
}

// maskUnlessSaying masks a relative's smoking, unless the relative tells of the patient's.
func maskUnlessSaying(m string) string {
	if sayingRe.MatchString(m) {
		return m
	}
	return " "
}

// answerSmokedRe: an answer that names smoked tobacco.
var answerSmokedRe = regexp.MustCompile(`\bsmok(e|es|ed|er|ers|ing)\b|cigar|\bcigs?\b|pipe|\bppd\b|\bpacks?\b|marlboro|newport|\bcamels?\s*([.;,]|$|in\b|until\b|before\b|\d|cigarettes|filters?|lights?)|\bquit\s+(smoking|cigs?|cigarettes)\b|former smoker`)

// smokelessAnswer: a question's answer is yes, with smokeless tobacco alone ("Yes, chews
// tobacco", "Yes, snuff").
func smokelessAnswer(answer string) bool {
	w, rest := answerWord(strings.TrimLeft(answer, " \t:-"))
	return (w == "yes" || w == "y") && hasAny(rest, smokelessWords) && !answerSmokedRe.MatchString(rest)
}

// femaleKin and maleKin: relatives by gender, whose "she" or "he" a bare quit may be.
const (
	femaleKin = `mother|mom|wife|sister|daughter|aunt|grandmother|girlfriend|niece`
	maleKin   = `father|dad|husband|brother|son|uncle|grandfather|boyfriend|nephew`
)

// femaleQuitRe and maleQuitRe: a relative's smoking joined by "but"/"and" to a bare quit of
// the same gender, which is the relative's ("Her mother was a heavy smoker but she quit in
// her 40s"; not "Her daughter smokes; she stopped in 2000").
var (
	femaleQuitRe = regexp.MustCompile(`\b(` + femaleKin + `)\b[^;.]{0,40}\b(smok\w*|cigarettes?)\b[^;.,]{0,20}?\s(but|and)\s+she\s+(quit|stopped)\b`)
	maleQuitRe   = regexp.MustCompile(`\b(` + maleKin + `)\b[^;.]{0,40}\b(smok\w*|cigarettes?)\b[^;.,]{0,20}?\s(but|and)\s+he\s+(quit|stopped)\b`)
	// femalePastQuitRe and malePastQuitRe: the relative's smoking told as past ("Her mother
	// was a heavy smoker for many years, but she quit", "smoked 2 packs a day for 30 years
	// but she quit at age 60"): the quit that follows is the relative's, whatever lies
	// between; not "Her daughter smokes, but she quit" (the patient, against the daughter).
	femalePastQuitRe = regexp.MustCompile(`\b(` + femaleKin + `)\b[^;.]{0,20}\b(was\s+an?\s+(\w+\s+)?smoker|smoked|used\s+to\s+smoke)\b(?P<gap>[^;.]{0,40}?),?\s(but|and)\s+she\s+(quit|stopped)\b`)
	malePastQuitRe   = regexp.MustCompile(`\b(` + maleKin + `)\b[^;.]{0,20}\b(was\s+an?\s+(\w+\s+)?smoker|smoked|used\s+to\s+smoke)\b(?P<gap>[^;.]{0,40}?),?\s(but|and)\s+he\s+(quit|stopped)\b`)
	// ownSmokingGapRe: between the relative's smoking and the quit, the patient's own ("and
	// she started at 14", "as did she").
	ownSmokingGapRe = regexp.MustCompile(`\bas did (she|he)\b|\b(she|he) (also|too|did too)\b|\band (she|he) (started|began|smoked|also)\b|\b(she|he)\s+((herself|himself)\s+)?(also\s+)?smoked\b`)
)

// sameGenderRelative: the bare quit's pronoun could be the relative's.
func sameGenderRelative(txt string) bool {
	return femaleQuitRe.MatchString(txt) || maleQuitRe.MatchString(txt) || relativesPastQuit(femalePastQuitRe, txt) || relativesPastQuit(malePastQuitRe, txt)
}

// relativesPastQuit: re (femalePastQuitRe, malePastQuitRe) with nothing of the patient's own
// smoking between the relative's and the quit.
func relativesPastQuit(re *regexp.Regexp, txt string) bool {
	m := re.FindStringSubmatchIndex(txt)
	g := 2 * re.SubexpIndex("gap")
	return m != nil && !ownSmokingGapRe.MatchString(txt[m[g]:m[g+1]])
}

// answerWord splits an answer into its first word, without punctuation ("yes", "no",
// "former"), and the rest.
func answerWord(answer string) (w, rest string) {
	w, rest, _ = strings.Cut(answer, " ")
	return strings.Trim(w, ".,;"), rest
}
