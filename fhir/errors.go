package fhir

import (
	"errors"
	"fmt"
)

// Reason is a stable, machine-readable cause of a rejected input. It travels in
// dead-letter headers and on classify's standard error, so never rename one.
type Reason string

const (
	ReasonMalformedJSON      Reason = "malformed-json"
	ReasonWrongResourceType  Reason = "wrong-resource-type"
	ReasonInvalidResource    Reason = "invalid-resource"
	ReasonNoDocument         Reason = "no-document"
	ReasonNoID               Reason = "no-document-id"
	ReasonNoText             Reason = "no-text"
	ReasonUnsupportedContent Reason = "unsupported-content-type"
	ReasonBadEncoding        Reason = "bad-encoding"
	ReasonTooLarge           Reason = "text-too-large"
	ReasonURLNotConfigured   Reason = "url-fetch-not-configured"
	ReasonURLFetchFailed     Reason = "url-fetch-failed"
	ReasonNoSubject          Reason = "no-subject"
	ReasonNoDate             Reason = "no-date"
	ReasonEnteredInError     Reason = "entered-in-error-failed"
	// ReasonInvalidFinding: the NLP step returned a finding that cannot be published
	// (a span outside the text, a code outside the concept table): a bug to report.
	ReasonInvalidFinding Reason = "invalid-finding"
	// ReasonResultTooLarge: a result record was refused by the broker as too large for
	// its topic; the document's Provenance is not published.
	ReasonResultTooLarge Reason = "result-too-large"

	// Corrections (the corrections topic and POST /corrections).

	// ReasonCorrectionInvalid: a correction that does not say what it corrects, or says
	// it wrongly (no resource id, an unknown task or action, a value of the wrong kind).
	ReasonCorrectionInvalid Reason = "correction-invalid"
	// ReasonCorrectionUnsupported: a resource or value notecoder does not learn from (an
	// Observation that is neither smoking status nor LVEF, a condition outside the
	// concept table).
	ReasonCorrectionUnsupported Reason = "correction-unsupported"
	// ReasonCorrectionUnresolved: the correction cannot be tied back: its resource was not
	// published by notecoder (or is past the store's retention) and it cites no document
	// notecoder read.
	ReasonCorrectionUnresolved Reason = "correction-unresolved"
)

// Reasons are every Reason, for documentation (asyncapi.yaml, the README's table) and
// the test that keeps them in step.
var Reasons = []Reason{
	ReasonMalformedJSON, ReasonWrongResourceType, ReasonInvalidResource, ReasonNoDocument, ReasonNoID,
	ReasonNoText, ReasonUnsupportedContent, ReasonBadEncoding, ReasonTooLarge, ReasonURLNotConfigured,
	ReasonURLFetchFailed, ReasonNoSubject, ReasonNoDate, ReasonEnteredInError, ReasonInvalidFinding,
	ReasonResultTooLarge, ReasonCorrectionInvalid, ReasonCorrectionUnsupported, ReasonCorrectionUnresolved,
}

// ReasonOther is the class of a permanent error that is no InputError, where a reason is
// reported (dead letters, classify's OperationOutcomes).
const ReasonOther Reason = "error"

// Describe is how a permanent error is reported, in a dead letter as in classify: its
// reason (ReasonOther when it has none) and its detail (an InputError's Detail; for any
// other error, wrapped input errors included, the whole message, which says where).
func Describe(err error) (Reason, string) {
	reason := ReasonOf(err)
	if reason == "" {
		reason = ReasonOther
	}
	if ie, ok := err.(*InputError); ok {
		return reason, ie.Detail
	}
	return reason, err.Error()
}

// InputError is a permanent problem with an input: retrying cannot help, so the
// pipeline dead-letters it with Reason and Detail.
type InputError struct {
	Reason Reason
	Detail string // human-readable; never contains note text
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %s", e.Reason, e.Detail) }

// Permanent marks the error as one that must not be retried.
func (e *InputError) Permanent() bool { return true }

func inputErr(r Reason, format string, args ...any) error {
	return &InputError{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// ReasonOf returns the Reason of a permanent input error, or "" for any other error.
func ReasonOf(err error) Reason {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Reason
	}
	return ""
}
