package fhir

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Kind is the FHIR resource type of an output resource. Output is routed by Kind
// (producers.Routes): a new kind of output is one constant here, one entry in that table
// and its builder.
type Kind string

// The kinds notecoder publishes.
const (
	KindObservation Kind = "Observation"
	KindCondition   Kind = "Condition"
	KindProvenance  Kind = "Provenance"
	KindDevice      Kind = "Device"
)

// Resource is one FHIR resource of a result set, serialized as it is published.
type Resource struct {
	Type Kind
	ID   string
	JSON []byte
	// Finding is the kind of finding behind an Observation/Condition ("smoking",
	// "lvef", "condition:<snomed>"); empty for Provenance and Device.
	Finding string
}

// Reference is "<Type>/<ID>".
func (r Resource) Reference() string { return string(r.Type) + "/" + r.ID }

// ResultSet is everything published for one version of one document.
type ResultSet struct {
	DocumentID string
	VersionID  string
	Subject    string // the patient reference, e.g. Patient/123: the Kafka key
	Resources  []Resource
	Choice     string // which attachment was read
	// NothingFound: the note was read and gave no result; Resources are the Device and
	// a Provenance (activity READ) whose target is the document itself, so that
	// downstream can tell "read, nothing found" from "lost".
	NothingFound bool
}

// BuildOptions are the publishing settings of the FHIR issue.
type BuildOptions struct {
	// ConditionCategory is problem-list-item (default) or encounter-diagnosis.
	ConditionCategory string
	// PublishUnknownSmoking publishes UNKNOWN as 266927001 instead of nothing.
	PublishUnknownSmoking bool
	// PublishRefuted publishes negated conditions with verificationStatus refuted.
	PublishRefuted bool
	// Software is notecoder's version, named with the model's in every result's
	// meta.source (see Source).
	Software string
}

// Source is the meta.source of a result: the software and the model that made it, as a
// URN that survives a round trip through a FHIR server (meta.source is kept; the
// Provenance and Device that say the same live on another topic):
// urn:notecoder:<notecoder version>:<model name>:<model version>.
func Source(software string, m findings.Model) string {
	part := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return url.PathEscape(s)
	}
	return "urn:notecoder:" + part(software) + ":" + part(m.Name) + ":" + part(m.Version)
}

// Validate checks the options and fills defaults.
func (o *BuildOptions) Validate() error {
	switch o.ConditionCategory {
	case "":
		o.ConditionCategory = "problem-list-item"
	case "problem-list-item", "encounter-diagnosis":
	default:
		return fmt.Errorf("condition category %q: use problem-list-item or encounter-diagnosis", o.ConditionCategory)
	}
	return nil
}

// ResourceID derives a resource id from the document's logical id and the finding, so
// that reprocessing (and a new version with the same finding) yields the same id.
func ResourceID(docID, finding string) string {
	h := sha256.Sum256([]byte(docID + "\x00" + finding))
	return "nc-" + hex.EncodeToString(h[:16])
}

// DeviceID is the id of the Device that names a model.
func DeviceID(m findings.Model) string {
	h := sha256.Sum256([]byte("device\x00" + m.Name + "\x00" + m.Version + "\x00" + m.SHA256))
	return "nc-dev-" + hex.EncodeToString(h[:12])
}

func provenanceID(docID, version string, m findings.Model, activity string) string {
	return ResourceID(docID, "provenance\x00"+version+"\x00"+DeviceID(m)+"\x00"+activity)
}

// Build turns one document's findings into its result set: the smoking-status and LVEF
// Observations, one Condition per asserted concept, the Device naming the model and a
// Provenance tying them to the document version. Output bytes depend only on the inputs.
func Build(doc Document, text NoteText, f findings.Findings, model findings.Model, opt BuildOptions) (ResultSet, error) {
	if err := opt.Validate(); err != nil {
		return ResultSet{}, err
	}
	b, err := newBuilder(doc, text, model)
	if err != nil {
		return ResultSet{}, err
	}
	b.source = Source(opt.Software, model)
	rs := ResultSet{DocumentID: doc.ID, VersionID: doc.VersionID, Subject: *b.subject.Reference, Choice: text.Choice}
	var findingsOut []Resource

	if s := f.Smoking; s != nil && (s.Status != findings.Unknown || opt.PublishUnknownSmoking) {
		r, err := b.smoking(*s)
		if err != nil {
			return ResultSet{}, err
		}
		findingsOut = append(findingsOut, r)
	}
	if f.LVEF != nil {
		r, err := b.lvef(*f.LVEF)
		if err != nil {
			return ResultSet{}, err
		}
		findingsOut = append(findingsOut, r)
	}
	conds := mergeConditions(f.Conditions)
	for _, c := range conds {
		verification := ""
		switch c.Assertion {
		case findings.Asserted:
			verification = "unconfirmed"
		case findings.Negated:
			if opt.PublishRefuted {
				verification = "refuted"
			}
		}
		if verification == "" {
			continue // hypothetical, family history, or negated without PublishRefuted
		}
		r, err := b.condition(c, verification, opt.ConditionCategory)
		if err != nil {
			return ResultSet{}, err
		}
		findingsOut = append(findingsOut, r)
	}
	rs.Resources = append(rs.Resources, findingsOut...)
	dev, err := b.device()
	if err != nil {
		return ResultSet{}, err
	}
	if len(findingsOut) == 0 {
		prov, err := b.readProvenance()
		if err != nil {
			return ResultSet{}, err
		}
		rs.Resources, rs.NothingFound = []Resource{dev, prov}, true
		return rs, nil
	}
	prov, err := b.provenance(findingsOut, "CREATE")
	if err != nil {
		return ResultSet{}, err
	}
	rs.Resources = append(rs.Resources, dev, prov)
	return rs, nil
}

// mergeConditions keeps one finding per concept: asserted wins over negated wins over
// the rest, and the evidence of every mention of the winning kind is kept, with the
// highest-ranked detail among them (fhir/codes/refinements.tsv).
func mergeConditions(cs []findings.Condition) []findings.Condition {
	rank := map[findings.Assertion]int{findings.Asserted: 3, findings.Negated: 2, findings.Hypothetical: 1, findings.Family: 0}
	byCode := map[string]*findings.Condition{}
	var order []string
	for _, c := range cs {
		cur, ok := byCode[c.Code]
		switch {
		case !ok:
			cc := c
			cc.Evidence = append([]findings.Span(nil), c.Evidence...)
			byCode[c.Code] = &cc
			order = append(order, c.Code)
		case rank[c.Assertion] > rank[cur.Assertion]:
			cc := c
			cc.Evidence = append([]findings.Span(nil), c.Evidence...)
			*cur = cc
		case c.Assertion == cur.Assertion:
			cur.Evidence = append(cur.Evidence, c.Evidence...)
			if c.Score > cur.Score {
				cur.Score = c.Score
			}
			if detailRank(c.Code, c.Detail) > detailRank(cur.Code, cur.Detail) {
				cur.Detail = c.Detail
			}
		}
	}
	sort.Strings(order)
	out := make([]findings.Condition, 0, len(order))
	for _, code := range order {
		out = append(out, *byCode[code])
	}
	return out
}

type builder struct {
	doc       Document
	text      NoteText
	model     findings.Model
	subject   fhir.Reference
	encounter *fhir.Reference
	effective string // FHIR dateTime of the document, "" if it has none
	source    string // meta.source of the results
	docRef    fhir.Reference
}

func newBuilder(doc Document, text NoteText, model findings.Model) (*builder, error) {
	if doc.Ref.Subject == nil || doc.Ref.Subject.Reference == nil || *doc.Ref.Subject.Reference == "" {
		return nil, inputErr(ReasonNoSubject, "DocumentReference %s has no subject reference: results must name the patient", doc.ID)
	}
	b := &builder{doc: doc, text: text, model: model}
	b.subject = fhir.Reference{Reference: doc.Ref.Subject.Reference}
	if c := doc.Ref.Context; c != nil && len(c.Encounter) > 0 && c.Encounter[0].Reference != nil {
		b.encounter = &fhir.Reference{Reference: c.Encounter[0].Reference}
	}
	b.effective = DocumentDate(doc)
	if asInstant(b.effective) == "" {
		// US Core requires the smoking-status Observation's effective[x], and
		// Provenance.recorded is required: without a date there is no valid result.
		return nil, inputErr(ReasonNoDate, "DocumentReference %s has no usable date (date, context.period, attachment creation, meta.lastUpdated) and its event no record time: results need one", doc.ID)
	}
	b.docRef = fhir.Reference{Reference: ptr(doc.Reference())}
	return b, nil
}

// DocumentDate picks the clinically meaningful date of the document: its date, else
// the start (or end) of its context period, else the attachment's creation, else
// meta.lastUpdated, else when its event was received (the Kafka record's timestamp: the
// same on every replay). "" when there is none of these.
func DocumentDate(doc Document) string {
	r := doc.Ref
	switch {
	case r.Date != nil && *r.Date != "":
		return *r.Date
	case r.Context != nil && r.Context.Period != nil && r.Context.Period.Start != nil:
		return *r.Context.Period.Start
	case r.Context != nil && r.Context.Period != nil && r.Context.Period.End != nil:
		return *r.Context.Period.End
	}
	for _, c := range r.Content {
		if c.Attachment.Creation != nil && *c.Attachment.Creation != "" {
			return *c.Attachment.Creation
		}
	}
	if r.Meta != nil && r.Meta.LastUpdated != nil {
		return *r.Meta.LastUpdated
	}
	return doc.Received
}

// asInstant turns a FHIR dateTime into an instant (Provenance.recorded needs one).
func asInstant(dt string) string {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, dt); err == nil {
			if layout == time.RFC3339Nano {
				return dt
			}
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

func (b *builder) meta(profile string) *fhir.Meta {
	m := &fhir.Meta{Source: ptr(b.source), Security: []fhir.Coding{{
		System: ptr(SystemObsValue), Code: ptr("AIAST"), Display: ptr("Artificial Intelligence asserted"),
	}}}
	if profile != "" {
		m.Profile = []string{profile}
	}
	return m
}

// MaxEvidence bounds the evidence spans one resource carries: the first ones in the
// text. A note that repeats one condition thousands of times would otherwise make a
// Condition of over a megabyte, larger than a topic's default record limit.
const MaxEvidence = 20

// evidence builds one derivation-reference extension per span (at most MaxEvidence, the
// first in the text), with offsets mapped into the decoded attachment (NoteText.Source).
func (b *builder) evidence(spans []findings.Span) ([]fhir.Extension, error) {
	n := len([]rune(b.text.Plain))
	seen := map[findings.Span]bool{}
	var sorted []findings.Span
	for _, s := range spans {
		if !s.Valid(n) {
			return nil, inputErr(ReasonInvalidFinding, "finding span [%d,%d) lies outside the %d-character note: the NLP step returned a bad span", s.Start, s.End, n)
		}
		if !seen[s] {
			seen[s] = true
			sorted = append(sorted, s)
		}
	}
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End
	})
	if len(sorted) > MaxEvidence {
		sorted = sorted[:MaxEvidence]
	}
	exts := make([]fhir.Extension, 0, len(sorted))
	for _, s := range sorted {
		start, end := b.text.SourceSpan(s.Start, s.End)
		length := end - start
		exts = append(exts, fhir.Extension{
			Url: ExtDerivationReference,
			Extension: []fhir.Extension{
				{Url: "reference", ValueReference: &fhir.Reference{Reference: b.docRef.Reference}},
				{Url: "offset", ValueInteger: &start},
				{Url: "length", ValueInteger: &length},
			},
		})
	}
	return exts, nil
}

func (b *builder) observation(finding string, profile string, category fhir.CodeableConcept, code fhir.CodeableConcept, spans []findings.Span) (fhir.Observation, error) {
	ext, err := b.evidence(spans)
	if err != nil {
		return fhir.Observation{}, err
	}
	o := fhir.Observation{
		Id:          ptr(ResourceID(b.doc.ID, finding)),
		Meta:        b.meta(profile),
		Extension:   ext,
		Status:      fhir.ObservationStatusFinal,
		Category:    []fhir.CodeableConcept{category},
		Code:        code,
		Subject:     &b.subject,
		Encounter:   b.encounter,
		DerivedFrom: []fhir.Reference{b.docRef},
	}
	if b.effective != "" {
		o.EffectiveDateTime = ptr(b.effective)
	}
	return o, nil
}

func (b *builder) smoking(s findings.Smoking) (Resource, error) {
	code, display := smokingCode(s)
	o, err := b.observation("smoking", ProfileSmokingStatus,
		concept(SystemObsCategory, "social-history", "Social History", ""),
		concept(SystemLOINC, LOINCSmokingStatus, "Tobacco smoking status", "Tobacco smoking status"),
		s.Evidence)
	if err != nil {
		return Resource{}, err
	}
	v := concept(SystemSNOMED, code, display, display)
	o.ValueCodeableConcept = &v
	return marshalResource(KindObservation, *o.Id, "smoking", o)
}

func percent(v float64) *fhir.Quantity {
	n := json.Number(strconv.FormatFloat(v, 'f', -1, 64))
	return &fhir.Quantity{Value: &n, Unit: ptr("%"), System: ptr(SystemUCUM), Code: ptr("%")}
}

func (b *builder) lvef(l findings.LVEF) (Resource, error) {
	if l.Value < 0 || l.Value > 100 || (l.IsRange() && (*l.Low > *l.High || *l.Low < 0 || *l.High > 100)) {
		return Resource{}, inputErr(ReasonInvalidFinding, "LVEF %v is not a percentage: the NLP step returned a bad value", l.Value)
	}
	o, err := b.observation("lvef", "",
		concept(SystemObsCategory, "imaging", "Imaging", ""),
		concept(SystemLOINC, LOINCLVEF, "Left ventricular Ejection fraction", "Left ventricular ejection fraction"),
		l.Evidence)
	if err != nil {
		return Resource{}, err
	}
	if l.IsRange() {
		o.ValueRange = &fhir.Range{Low: percent(*l.Low), High: percent(*l.High)}
	} else {
		o.ValueQuantity = percent(l.Value)
	}
	return marshalResource(KindObservation, *o.Id, "lvef", o)
}

func (b *builder) condition(c findings.Condition, verification, category string) (Resource, error) {
	con, ok := LookupConcept(c.Code)
	if !ok {
		return Resource{}, inputErr(ReasonInvalidFinding, "condition code %q is not in the concept table (fhir/codes/conditions.tsv): the NLP step and the table disagree", c.Code)
	}
	finding := "condition:" + c.Code
	icd, icdDisplay := Refine(con, c.Detail)
	ext, err := b.evidence(c.Evidence)
	if err != nil {
		return Resource{}, err
	}
	profile, catDisplay := ProfileConditionPHC, "Problem List Item"
	if category == "encounter-diagnosis" {
		profile, catDisplay = ProfileConditionED, "Encounter Diagnosis"
	}
	cond := fhir.Condition{
		Id:        ptr(ResourceID(b.doc.ID, finding)),
		Meta:      b.meta(profile),
		Extension: ext,
		Category:  []fhir.CodeableConcept{concept(SystemCondCategory, category, catDisplay, "")},
		Code: &fhir.CodeableConcept{
			Coding: []fhir.Coding{
				{System: ptr(SystemSNOMED), Code: ptr(con.SNOMED), Display: ptr(con.SNOMEDDisplay)},
				{System: ptr(SystemICD10CM), Code: ptr(icd), Display: ptr(icdDisplay)},
			},
			Text: ptr(con.SNOMEDDisplay),
		},
		Subject:   b.subject,
		Encounter: b.encounter,
		Evidence:  []fhir.ConditionEvidence{{Detail: []fhir.Reference{b.docRef}}},
	}
	switch verification {
	case "unconfirmed":
		cs := concept(SystemCondClinical, "active", "Active", "")
		cond.ClinicalStatus = &cs
		vs := concept(SystemCondVerify, "unconfirmed", "Unconfirmed", "")
		cond.VerificationStatus = &vs
	case "refuted":
		vs := concept(SystemCondVerify, "refuted", "Refuted", "")
		cond.VerificationStatus = &vs
	}
	if b.effective != "" {
		cond.RecordedDate = ptr(b.effective)
	}
	return marshalResource(KindCondition, *cond.Id, finding, cond)
}

func (b *builder) device() (Resource, error) {
	id := DeviceID(b.model)
	d := fhir.Device{
		Id: ptr(id),
		Identifier: []fhir.Identifier{{
			System: ptr("urn:notecoder:model-sha256"), Value: ptr(b.model.SHA256),
		}},
		DeviceName: []fhir.DeviceDeviceName{{Name: b.model.Name, Type: fhir.DeviceNameTypeModelName}},
		Type:       &fhir.CodeableConcept{Text: ptr("notecoder clinical NLP model")},
		Version:    []fhir.DeviceVersion{{Value: b.model.Version}},
	}
	return marshalResource(KindDevice, id, "", d)
}

// readProvenance says that the model read the document version and found nothing to
// publish: a Provenance needs a target, and the only resource there is is the document,
// so the document version is target and source; activity v3-DataOperation READ.
func (b *builder) readProvenance() (Resource, error) {
	return b.provenance([]Resource{{Type: "DocumentReference", ID: strings.TrimPrefix(*b.docRef.Reference, "DocumentReference/")}}, "READ")
}

// provenance ties the findings to the document version and the model. activity is a
// v3-DataOperation code: CREATE for results, NULLIFY for withdrawn ones, READ for a
// document read with nothing found.
func (b *builder) provenance(targets []Resource, activity string) (Resource, error) {
	id := provenanceID(b.doc.ID, b.doc.VersionID, b.model, activity)
	p := fhir.Provenance{
		Id:       ptr(id),
		Target:   make([]fhir.Reference, 0, len(targets)),
		Recorded: asInstant(b.effective),
		Activity: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: ptr(SystemDataOp), Code: ptr(activity), Display: ptr(map[string]string{"CREATE": "create", "NULLIFY": "nullify", "READ": "read"}[activity])}}},
		Agent: []fhir.ProvenanceAgent{{
			Type: &fhir.CodeableConcept{Coding: []fhir.Coding{{System: ptr(SystemParticipant), Code: ptr("assembler"), Display: ptr("Assembler")}}},
			Who:  fhir.Reference{Reference: ptr("Device/" + DeviceID(b.model)), Display: ptr(b.model.Name + " " + b.model.Version)},
		}},
		Entity: []fhir.ProvenanceEntity{{
			Role: fhir.ProvenanceEntityRoleSource,
			What: fhir.Reference{Reference: b.docRef.Reference, Display: ptr(strings.TrimSpace(b.text.Choice))},
		}},
	}
	if p.Recorded == "" {
		// The document carries no date at all: fall back to a fixed, honest marker
		// rather than the wall clock, which would break byte-identical reprocessing.
		p.Recorded = "1970-01-01T00:00:00Z"
	}
	if b.text.Choice == "" {
		p.Entity[0].What.Display = nil
	}
	for _, t := range targets {
		p.Target = append(p.Target, fhir.Reference{Reference: ptr(t.Reference())})
	}
	return marshalResource(KindProvenance, id, "", p)
}

func concept(system, code, display, text string) fhir.CodeableConcept {
	c := fhir.CodeableConcept{Coding: []fhir.Coding{{System: ptr(system), Code: ptr(code), Display: ptr(display)}}}
	if text != "" {
		c.Text = ptr(text)
	}
	return c
}

func marshalResource(typ Kind, id, finding string, v any) (Resource, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Resource{}, fmt.Errorf("serializing %s/%s: %w", typ, id, err)
	}
	return Resource{Type: typ, ID: id, JSON: b, Finding: finding}, nil
}

func ptr[T any](v T) *T { return &v }
