// Package findings defines what notecoder's NLP step hands to the FHIR step: the
// clinical findings of one note with the character spans they rest on. It is plain data
// (no libtorch, no FHIR), so both sides and their tests depend on it cheaply.
package findings

import "fmt"

// Span is a half-open range [Start, End) of character (Unicode code point) offsets into
// the note text the NLP step was given.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the span's length in characters.
func (s Span) Len() int { return s.End - s.Start }

// Valid reports whether s lies inside a text of n characters and is not empty.
func (s Span) Valid(n int) bool { return s.Start >= 0 && s.Start < s.End && s.End <= n }

// SmokingStatus is the i2b2 2006 smoking-status label.
type SmokingStatus string

const (
	// Current: smoked within the year before the note.
	Current SmokingStatus = "CURRENT SMOKER"
	// Past: quit more than a year before the note.
	Past SmokingStatus = "PAST SMOKER"
	// Smoker: a smoker, but the note does not tell current from past.
	Smoker SmokingStatus = "SMOKER"
	// NonSmoker: never smoked.
	NonSmoker SmokingStatus = "NON-SMOKER"
	// Unknown: the note does not say.
	Unknown SmokingStatus = "UNKNOWN"
)

// SmokingStatuses lists the labels in a fixed order (the models' class order).
var SmokingStatuses = []SmokingStatus{Current, Past, Smoker, NonSmoker, Unknown}

// ParseSmokingStatus accepts an i2b2 label.
func ParseSmokingStatus(s string) (SmokingStatus, error) {
	for _, v := range SmokingStatuses {
		if string(v) == s {
			return v, nil
		}
	}
	return "", fmt.Errorf("unknown smoking status %q: want one of CURRENT SMOKER, PAST SMOKER, SMOKER, NON-SMOKER, UNKNOWN", s)
}

// Intensity refines a current smoker when the text says so.
type Intensity string

const (
	IntensityUnstated Intensity = ""
	SomeDay           Intensity = "some-day"
	Heavy             Intensity = "heavy"
	Light             Intensity = "light"
)

// Smoking is the document-level smoking status.
type Smoking struct {
	Status    SmokingStatus `json:"status"`
	Intensity Intensity     `json:"intensity,omitempty"`
	Evidence  []Span        `json:"evidence,omitempty"`
	Score     float64       `json:"score"` // the model's confidence in Status, 0..1
}

// Assertion says how a condition is mentioned.
type Assertion string

const (
	Asserted     Assertion = "asserted"
	Negated      Assertion = "negated"      // denied, ruled out
	Hypothetical Assertion = "hypothetical" // possible, to rule out, if...
	Family       Assertion = "family"       // family history, not the patient
)

// Condition is one cardiology concept mentioned in the note, normalized to the SNOMED CT
// concept table (fhir/codes).
type Condition struct {
	Code      string    `json:"code"` // SNOMED CT concept id
	Assertion Assertion `json:"assertion"`
	// Detail is what the note says beyond the concept, when it refines its ICD-10-CM code:
	// "old" (a myocardial infarction over 4 weeks ago: I25.2), "stemi", "nstemi", a CKD
	// stage "stage-1" ... "stage-5", "esrd" (fhir/codes/refinements.tsv).
	Detail   string  `json:"detail,omitempty"`
	Evidence []Span  `json:"evidence"`
	Score    float64 `json:"score"`
}

// LVEF is the left ventricular ejection fraction stated in the note, in percent. A range
// ("25-30%") sets Low and High; Value is then their midpoint.
type LVEF struct {
	Value    float64  `json:"value"`
	Low      *float64 `json:"low,omitempty"`
	High     *float64 `json:"high,omitempty"`
	Evidence []Span   `json:"evidence"`
}

// IsRange reports whether the note gave a range.
func (l LVEF) IsRange() bool { return l.Low != nil && l.High != nil }

// Findings is everything the NLP step found in one note.
type Findings struct {
	Smoking    *Smoking    `json:"smoking,omitempty"`
	Conditions []Condition `json:"conditions,omitempty"`
	LVEF       *LVEF       `json:"lvef,omitempty"`
	// Model, when set, is the model that read the note; an extractor whose model can
	// change while it runs (nlp.Swappable) sets it, so that results name the model that
	// made them, not the one serving when they are built.
	Model Model `json:"-"`
	// Sentences are the note's sentences that can matter to a finding the model missed
	// (its tobacco sentences), as the extractor found them: the training store keeps
	// them, so that corrections of missed findings have words to learn from.
	Sentences []Span `json:"-"`
}

// Tasks: the kinds of finding, as published findings, corrections and the training
// store name them.
const (
	TaskSmoking   = "smoking"
	TaskCondition = "condition"
	TaskLVEF      = "lvef"
)

// Actions a clinician's correction takes on a finding.
const (
	// ActionSet: the finding's value is wrong; the correction gives the right one (a
	// smoking status label, a condition's SNOMED CT id, an LVEF in percent).
	ActionSet = "set"
	// ActionConfirm: the finding is right (it still teaches the model).
	ActionConfirm = "confirm"
	// ActionRefute: the condition is not there (verificationStatus refuted).
	ActionRefute = "refute"
	// ActionEnteredInError: the finding should not exist at all.
	ActionEnteredInError = "entered-in-error"
	// ActionAdd: a finding the model missed.
	ActionAdd = "add"
)

// Model names the model (or rule set) that produced findings, for provenance.
type Model struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"` // hash of the model artifact
}
