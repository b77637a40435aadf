package fhir

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// SystemReason is the code system of notecoder's reason codes (Reason and the skip
// reasons) in an OperationOutcome's issue.details.
const SystemReason = "urn:notecoder:reason"

// issueTypes are the FHIR IssueType of each reason; the rest are "processing".
var issueTypes = map[Reason]fhir.IssueType{
	ReasonMalformedJSON:         fhir.IssueTypeStructure,
	ReasonWrongResourceType:     fhir.IssueTypeNotSupported,
	ReasonInvalidResource:       fhir.IssueTypeInvalid,
	ReasonNoDocument:            fhir.IssueTypeNotFound,
	ReasonNoID:                  fhir.IssueTypeRequired,
	ReasonNoText:                fhir.IssueTypeNotFound,
	ReasonUnsupportedContent:    fhir.IssueTypeNotSupported,
	ReasonBadEncoding:           fhir.IssueTypeInvalid,
	ReasonTooLarge:              fhir.IssueTypeTooLong,
	ReasonURLNotConfigured:      fhir.IssueTypeNotSupported,
	ReasonNoSubject:             fhir.IssueTypeRequired,
	ReasonNoDate:                fhir.IssueTypeRequired,
	ReasonCorrectionInvalid:     fhir.IssueTypeInvalid,
	ReasonCorrectionUnsupported: fhir.IssueTypeNotSupported,
	ReasonCorrectionUnresolved:  fhir.IssueTypeNotFound,
}

// Outcome is an OperationOutcome for one input or document that yields no results:
// classify prints it in the result stream where the document's Bundle would be, so
// that output line n stays input document n. where names the input ("file.json",
// "stdin:3"), documentID the document ("" when the whole input failed). A failure is
// an error with its reason code; a skip (reason "stale", "superseded", "preliminary")
// is information. The id is derived from where and the document: the same input gives
// the same bytes.
func Outcome(where, documentID string, reason Reason, detail string, failed bool) ([]byte, error) {
	severity, typ := fhir.IssueSeverityInformation, fhir.IssueTypeInformational
	if failed {
		severity, typ = fhir.IssueSeverityError, fhir.IssueTypeProcessing
		if t, ok := issueTypes[reason]; ok {
			typ = t
		}
	}
	diag := where
	if documentID != "" {
		diag += ": document " + documentID
	}
	h := sha256.Sum256([]byte(where + "\x00" + documentID + "\x00" + string(reason)))
	o := fhir.OperationOutcome{
		Id: ptr("nc-outcome-" + hex.EncodeToString(h[:12])),
		Issue: []fhir.OperationOutcomeIssue{{
			Severity: severity,
			Code:     typ,
			Details: &fhir.CodeableConcept{
				Coding: []fhir.Coding{{System: ptr(SystemReason), Code: ptr(string(reason))}},
				Text:   ptr(fmt.Sprintf("%s: %s", reason, detail)),
			},
			Diagnostics: ptr(diag),
		}},
	}
	b, err := json.Marshal(o)
	if err != nil {
		return nil, fmt.Errorf("serializing the OperationOutcome of %s: %w", diag, err)
	}
	return b, nil
}
