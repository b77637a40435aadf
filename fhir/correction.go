package fhir

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// CorrectionFormat is the "format" of notecoder's JSON correction message.
const CorrectionFormat = "notecoder.correction/v1"

// Correction is what one correction message says, read from either form it arrives in:
// a FHIR Observation or Condition (an updated version of a resource notecoder published,
// or a new one citing the DocumentReference), or notecoder's JSON correction message. It
// is not yet tied back to the finding it corrects.
type Correction struct {
	Task   string // findings.TaskSmoking, findings.TaskCondition, findings.TaskLVEF
	Action string // findings.ActionSet (the value is wrong), findings.ActionConfirm, findings.ActionRefute, findings.ActionEnteredInError, findings.ActionAdd
	// ResourceID is the corrected resource's id: one notecoder published, or, in a FHIR
	// correction, a new one (then the correction is of a missed finding if the id is not
	// notecoder's).
	ResourceID      string
	DocumentID      string // the DocumentReference the finding rests on ("" when not said)
	DocumentVersion string
	// Value: a smoking status label (findings.SmokingStatus), a condition's SNOMED CT id,
	// an LVEF in percent.
	Value    string
	Span     *findings.Span // the evidence, in characters of the note ("" when not said)
	Sentence string         // the words that show it, when the sender gave them
	Subject  string
	Sender   string
}

// ReadCorrection reads a correction message. Its errors are *InputError:
// ReasonMalformedJSON, ReasonCorrectionInvalid (it does not say what to correct, or
// says it wrongly) or ReasonCorrectionUnsupported (a resource notecoder does not learn
// from).
func ReadCorrection(raw []byte) (Correction, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return Correction{}, inputErr(ReasonMalformedJSON, "empty message")
	}
	rt, err := resourceType(raw) // malformed JSON is reported with its line and column
	if err != nil {
		return Correction{}, err
	}
	var head struct {
		Format *string `json:"format"`
	}
	_ = json.Unmarshal(raw, &head) // resourceType decoded the same object
	switch {
	case rt != "":
		return readFHIRCorrection(raw, rt)
	case head.Format != nil:
		if *head.Format != CorrectionFormat {
			return Correction{}, inputErr(ReasonCorrectionInvalid, "format %q: want %q", *head.Format, CorrectionFormat)
		}
		return readJSONCorrection(raw)
	}
	return Correction{}, inputErr(ReasonCorrectionInvalid, `neither a FHIR resource ("resourceType") nor a notecoder correction ("format": %q)`, CorrectionFormat)
}

// JSONCorrection is notecoder's correction message for systems that are not
// FHIR-native (asyncapi.yaml: CorrectionMessage).
type JSONCorrection struct {
	Format string `json:"format"` // CorrectionFormat
	Task   string `json:"task"`   // smoking, condition, lvef
	Action string `json:"action"` // set, confirm, refute, entered-in-error, add
	// Resource is the finding corrected: "Observation/<id>", "Condition/<id>" or the id
	// alone (not for add).
	Resource string `json:"resource,omitempty"`
	// Document is the DocumentReference ("DocumentReference/<id>[/_history/<v>]"): for
	// add, the note the finding was missed in.
	Document string `json:"document,omitempty"`
	// Value: smoking, an i2b2 label (NON-SMOKER) or a US Core smoking-status SNOMED CT
	// code; condition, a SNOMED CT id of the concept table; lvef, a number (percent).
	Value    string         `json:"value,omitempty"`
	Evidence *findings.Span `json:"evidence,omitempty"` // characters of the note
	Sentence string         `json:"sentence,omitempty"` // the words that show it
	Sender   string         `json:"sender,omitempty"`   // who corrects (e.g. Practitioner/123)
}

func readJSONCorrection(raw []byte) (Correction, error) {
	var j JSONCorrection
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Correction{}, inputErr(ReasonCorrectionInvalid, "notecoder correction: %v", err)
	}
	c := Correction{Task: j.Task, Action: j.Action, Span: j.Evidence, Sentence: strings.TrimSpace(j.Sentence), Sender: j.Sender}
	switch c.Task {
	case findings.TaskSmoking, findings.TaskCondition, findings.TaskLVEF:
	default:
		return Correction{}, inputErr(ReasonCorrectionInvalid, `"task" %q: want smoking, condition or lvef`, j.Task)
	}
	switch c.Action {
	case findings.ActionSet, findings.ActionConfirm, findings.ActionRefute, findings.ActionEnteredInError, findings.ActionAdd:
	default:
		return Correction{}, inputErr(ReasonCorrectionInvalid, `"action" %q: want set, confirm, refute, entered-in-error or add`, j.Action)
	}
	if c.Action == findings.ActionRefute && c.Task != findings.TaskCondition {
		return Correction{}, inputErr(ReasonCorrectionInvalid, `"action" refute is for conditions; a wrong %s finding is "set" to the right value or "entered-in-error"`, c.Task)
	}
	if j.Resource != "" {
		c.ResourceID = j.Resource[strings.LastIndex(j.Resource, "/")+1:]
	}
	if j.Document != "" {
		c.DocumentID, c.DocumentVersion = validDocumentRef(j.Document)
		if c.DocumentID == "" {
			return Correction{}, inputErr(ReasonCorrectionInvalid, `"document" %q: want DocumentReference/<id>[/_history/<version>]`, j.Document)
		}
	}
	switch {
	case c.Action == findings.ActionAdd && c.DocumentID == "":
		return Correction{}, inputErr(ReasonCorrectionInvalid, `"action" add needs "document": the note the finding was missed in`)
	case c.Action != findings.ActionAdd && c.ResourceID == "":
		return Correction{}, inputErr(ReasonCorrectionInvalid, `"resource" is missing: which published finding is corrected?`)
	}
	if c.Action == findings.ActionSet || c.Action == findings.ActionAdd || j.Value != "" {
		v, err := normalValue(c.Task, j.Value)
		if err != nil {
			return Correction{}, err
		}
		c.Value = v
	}
	if c.Span != nil && !(c.Span.Start >= 0 && c.Span.Start < c.Span.End) {
		return Correction{}, inputErr(ReasonCorrectionInvalid, `"evidence" {start %d, end %d} is not a span of the note`, c.Span.Start, c.Span.End)
	}
	return c, nil
}

// normalValue checks a value for its task and writes it the way findings do.
func normalValue(task, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", inputErr(ReasonCorrectionInvalid, `"value" is missing: what is right?`)
	}
	switch task {
	case findings.TaskSmoking:
		if s, err := findings.ParseSmokingStatus(strings.ToUpper(v)); err == nil {
			return string(s), nil
		}
		if s, ok := SmokingStatusOf(v); ok {
			return string(s), nil
		}
		return "", inputErr(ReasonCorrectionInvalid, "smoking status %q: want an i2b2 label (CURRENT SMOKER, PAST SMOKER, SMOKER, NON-SMOKER, UNKNOWN) or a US Core smoking-status SNOMED CT code", v)
	case findings.TaskCondition:
		if _, ok := LookupConcept(v); !ok {
			return "", inputErr(ReasonCorrectionUnsupported, "condition %q is not a SNOMED CT id of notecoder's concept table (fhir/codes/conditions.tsv)", v)
		}
		return v, nil
	default:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 100 {
			return "", inputErr(ReasonCorrectionInvalid, "LVEF %q: want a percentage between 0 and 100", v)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
}

// SmokingStatusOf maps a US Core smoking-status SNOMED CT code to its i2b2 label.
func SmokingStatusOf(snomed string) (findings.SmokingStatus, bool) {
	switch snomed {
	case "449868002", "428041000124106", "428071000124103", "428061000124105", "65568007":
		return findings.Current, true
	case "8517006":
		return findings.Past, true
	case "77176002":
		return findings.Smoker, true
	case "266919005":
		return findings.NonSmoker, true
	case "266927001":
		return findings.Unknown, true
	}
	return "", false
}

// validDocumentRef is the id and version of a reference to a DocumentReference, ""
// when it names none or its id is not a FHIR id.
func validDocumentRef(ref string) (id, version string) {
	id, version = documentRefParts(ref)
	if !validID(id) {
		return "", ""
	}
	return id, version
}

type corrRef struct {
	Reference *string `json:"reference"`
}

type corrCoding struct {
	System *string `json:"system"`
	Code   *string `json:"code"`
}

type corrConcept struct {
	Coding []corrCoding `json:"coding"`
}

// code returns the concept's code in system.
func (c *corrConcept) code(system string) string {
	if c == nil {
		return ""
	}
	for _, x := range c.Coding {
		if x.System != nil && *x.System == system && x.Code != nil {
			return *x.Code
		}
	}
	return ""
}

type corrQuantity struct {
	Value *json.Number `json:"value"`
}

type corrExtension struct {
	URL            string          `json:"url"`
	ValueReference *corrRef        `json:"valueReference"`
	ValueInteger   *int            `json:"valueInteger"`
	Extension      []corrExtension `json:"extension"`
}

// corrResource is the part of an Observation or Condition a correction is read from.
type corrResource struct {
	ID                   string        `json:"id"`
	Status               string        `json:"status"`
	Code                 *corrConcept  `json:"code"`
	ValueCodeableConcept *corrConcept  `json:"valueCodeableConcept"`
	ValueQuantity        *corrQuantity `json:"valueQuantity"`
	ValueRange           *struct {
		Low  *corrQuantity `json:"low"`
		High *corrQuantity `json:"high"`
	} `json:"valueRange"`
	VerificationStatus *corrConcept                 `json:"verificationStatus"`
	Subject            *corrRef                     `json:"subject"`
	DerivedFrom        []corrRef                    `json:"derivedFrom"`
	Evidence           []struct{ Detail []corrRef } `json:"evidence"`
	Extension          []corrExtension              `json:"extension"`
	Performer          []corrRef                    `json:"performer"`
	Asserter           *corrRef                     `json:"asserter"`
	Recorder           *corrRef                     `json:"recorder"`
}

const derivationReferenceURL = "http://hl7.org/fhir/StructureDefinition/derivation-reference"

func readFHIRCorrection(raw []byte, resourceType string) (Correction, error) {
	var r corrResource
	if err := json.Unmarshal(raw, &r); err != nil {
		return Correction{}, inputErr(ReasonCorrectionInvalid, "%s: %v", resourceType, err)
	}
	if !validID(r.ID) {
		return Correction{}, inputErr(ReasonCorrectionInvalid, "%s.id %q is missing or not a FHIR id: a correction names the resource it corrects (or, for a missed finding, its own id)", resourceType, r.ID)
	}
	c := Correction{ResourceID: r.ID}
	if r.Subject != nil && r.Subject.Reference != nil {
		c.Subject = *r.Subject.Reference
	}
	// The document: derivedFrom, evidence.detail, or the derivation-reference extension,
	// which also gives the span.
	var refs []corrRef
	refs = append(refs, r.DerivedFrom...)
	for _, e := range r.Evidence {
		refs = append(refs, e.Detail...)
	}
	for _, x := range r.Extension {
		if x.URL != derivationReferenceURL {
			continue
		}
		var off, n *int
		for _, sub := range x.Extension {
			switch sub.URL {
			case "reference":
				if sub.ValueReference != nil {
					refs = append(refs, *sub.ValueReference)
				}
			case "offset":
				off = sub.ValueInteger
			case "length":
				n = sub.ValueInteger
			}
		}
		if off != nil && n != nil && c.Span == nil && *off >= 0 && *n > 0 {
			c.Span = &findings.Span{Start: *off, End: *off + *n}
		}
	}
	for _, ref := range refs {
		if ref.Reference == nil {
			continue
		}
		if id, v := validDocumentRef(*ref.Reference); id != "" {
			c.DocumentID, c.DocumentVersion = id, v
			break
		}
	}
	who := func(rs ...*corrRef) {
		for _, x := range rs {
			if x != nil && x.Reference != nil && c.Sender == "" {
				c.Sender = *x.Reference
			}
		}
	}
	switch resourceType {
	case "Observation":
		switch r.Code.code(SystemLOINC) {
		case LOINCSmokingStatus:
			c.Task = findings.TaskSmoking
		case LOINCLVEF:
			c.Task = findings.TaskLVEF
		default:
			return Correction{}, inputErr(ReasonCorrectionUnsupported, "Observation %s: code is neither LOINC %s (smoking status) nor %s (LVEF): notecoder learns only from those", r.ID, LOINCSmokingStatus, LOINCLVEF)
		}
		for i := range r.Performer {
			who(&r.Performer[i])
		}
		switch r.Status {
		case "entered-in-error":
			c.Action = findings.ActionEnteredInError
			return c, nil
		case "amended", "corrected", "final":
			c.Action = findings.ActionSet // findings.ActionConfirm if the value is the published one: decided where it is known
		default:
			return Correction{}, inputErr(ReasonCorrectionUnsupported, "Observation %s: status %q: a correction is amended, corrected or final (a new value), or entered-in-error", r.ID, r.Status)
		}
		var v string
		if c.Task == findings.TaskSmoking {
			v = r.ValueCodeableConcept.code(SystemSNOMED)
		} else if r.ValueQuantity != nil && r.ValueQuantity.Value != nil {
			v = r.ValueQuantity.Value.String()
		} else if rg := r.ValueRange; rg != nil && rg.Low != nil && rg.High != nil && rg.Low.Value != nil && rg.High.Value != nil {
			// an LVEF range ("30-35%") is learnt from as its middle, as notecoder reads ranges
			lo, err1 := rg.Low.Value.Float64()
			hi, err2 := rg.High.Value.Float64()
			if err1 == nil && err2 == nil {
				v = strconv.FormatFloat((lo+hi)/2, 'f', -1, 64)
			}
		}
		var err error
		if c.Value, err = normalValue(c.Task, v); err != nil {
			return Correction{}, fmt.Errorf("Observation %s: %w", r.ID, err)
		}
		return c, nil
	case "Condition":
		c.Task = findings.TaskCondition
		who(r.Asserter, r.Recorder)
		switch ver := r.VerificationStatus.code("http://terminology.hl7.org/CodeSystem/condition-ver-status"); ver {
		case "refuted":
			c.Action = findings.ActionRefute
		case "entered-in-error":
			c.Action = findings.ActionEnteredInError
		case "confirmed", "provisional", "differential", "unconfirmed", "":
			c.Action = findings.ActionSet
		default:
			return Correction{}, inputErr(ReasonCorrectionInvalid, "Condition %s: verificationStatus %q is not a condition-ver-status code", r.ID, ver)
		}
		if code := r.Code.code(SystemSNOMED); code != "" || c.Action == findings.ActionSet {
			v, err := normalValue(findings.TaskCondition, code)
			if err != nil {
				return Correction{}, fmt.Errorf("Condition %s: %w", r.ID, err)
			}
			c.Value = v
		}
		return c, nil
	}
	return Correction{}, inputErr(ReasonCorrectionUnsupported, "a %s: corrections are Observations (smoking status, LVEF) and Conditions", resourceType)
}
