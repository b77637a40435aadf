package fhir

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Document is one DocumentReference found in an input, with what is needed to cite it.
type Document struct {
	Ref       fhir.DocumentReference
	ID        string // logical id
	VersionID string // meta.versionId, "" when the sender gave none
	FullURL   string // the Bundle entry's fullUrl, when it came in a Bundle
}

// Reference is the versioned reference results cite: DocumentReference/<id>[/_history/<v>].
func (d Document) Reference() string {
	if d.VersionID != "" {
		return "DocumentReference/" + d.ID + "/_history/" + d.VersionID
	}
	return "DocumentReference/" + d.ID
}

// EnteredInError reports whether the sender withdrew the document.
func (d Document) EnteredInError() bool {
	return d.Ref.Status == fhir.DocumentReferenceStatusEnteredInError
}

// ParseEvent reads one event as EHRs and FHIR servers send them and returns every
// DocumentReference in it:
//   - a bare DocumentReference;
//   - an R4 Subscriptions Backport notification (Bundle type history, first entry
//     Parameters, then full-resource entries);
//   - a FHIR messaging Bundle (type message, first entry MessageHeader);
//   - a collection, transaction, batch, searchset or history Bundle.
//
// Other resources inside Bundles are skipped. Every failure is an *InputError.
// ParseEvent never panics, whatever the bytes (see FuzzParseEvent).
func ParseEvent(raw []byte) ([]Document, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, inputErr(ReasonMalformedJSON, "empty message")
	}
	rt, err := resourceType(raw)
	if err != nil {
		return nil, err
	}
	switch rt {
	case "DocumentReference":
		d, err := parseDocumentReference(raw, "")
		if err != nil {
			return nil, err
		}
		return []Document{d}, nil
	case "Bundle":
		return parseBundle(raw)
	case "":
		return nil, inputErr(ReasonWrongResourceType, "JSON object has no resourceType: expected a FHIR DocumentReference or Bundle")
	default:
		return nil, inputErr(ReasonWrongResourceType, "resourceType is neither DocumentReference nor Bundle: notecoder reads DocumentReference resources or Bundles holding them")
	}
}

func resourceType(raw []byte) (string, error) {
	var head struct {
		ResourceType json.RawMessage `json:"resourceType"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return "", inputErr(ReasonMalformedJSON, "not a JSON object: %s", jsonErr(err))
	}
	if len(head.ResourceType) == 0 || string(head.ResourceType) == "null" {
		return "", nil
	}
	var rt string
	if err := json.Unmarshal(head.ResourceType, &rt); err != nil {
		return "", inputErr(ReasonInvalidResource, "resourceType is not a string")
	}
	return rt, nil
}

type bundleHead struct {
	Type  string `json:"type"`
	Entry []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

func parseBundle(raw []byte) ([]Document, error) {
	var b bundleHead
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, inputErr(ReasonInvalidResource, "Bundle does not match FHIR R4: %s", jsonErr(err))
	}
	switch b.Type {
	case "history", "message", "collection", "transaction", "batch", "searchset", "document",
		"transaction-response", "batch-response":
	case "":
		return nil, inputErr(ReasonInvalidResource, "Bundle has no type")
	default:
		return nil, inputErr(ReasonInvalidResource, "Bundle.type is not a FHIR R4 bundle type")
	}
	var docs []Document
	var idOnly int
	for i, e := range b.Entry {
		if len(e.Resource) == 0 || string(e.Resource) == "null" {
			idOnly++
			continue
		}
		rt, err := resourceType(e.Resource)
		if err != nil {
			return nil, fmt.Errorf("Bundle entry %d: %w", i, err)
		}
		if rt != "DocumentReference" {
			continue // Parameters, MessageHeader, Patient, ...: context, not notes
		}
		d, err := parseDocumentReference(e.Resource, e.FullURL)
		if err != nil {
			return nil, prefixInputErr(fmt.Sprintf("Bundle entry %d: ", i), err)
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		if idOnly > 0 {
			return nil, inputErr(ReasonNoDocument, "Bundle has %d entries without a resource (id-only notification): configure the subscription for full-resource payloads", idOnly)
		}
		return nil, inputErr(ReasonNoDocument, "Bundle with %d entries holds no DocumentReference", len(b.Entry))
	}
	return docs, nil
}

func parseDocumentReference(raw []byte, fullURL string) (Document, error) {
	ref, err := fhir.UnmarshalDocumentReference(raw)
	if err != nil {
		return Document{}, inputErr(ReasonInvalidResource, "DocumentReference does not match FHIR R4: %s", jsonErr(err))
	}
	d := Document{Ref: ref, FullURL: fullURL}
	if ref.Id != nil {
		d.ID = *ref.Id
	} else if id := idFromFullURL(fullURL); id != "" {
		d.ID = id
	}
	if d.ID == "" {
		return Document{}, inputErr(ReasonNoID, "DocumentReference has no id (and no fullUrl naming one): results could not cite it")
	}
	if !validID(d.ID) {
		return Document{}, inputErr(ReasonInvalidResource, "DocumentReference.id is not a FHIR id ([A-Za-z0-9-.]{1,64})")
	}
	if ref.Meta != nil && ref.Meta.VersionId != nil {
		d.VersionID = *ref.Meta.VersionId
		if !validID(d.VersionID) {
			return Document{}, inputErr(ReasonInvalidResource, "DocumentReference.meta.versionId is not a FHIR id")
		}
	}
	return d, nil
}

// idFromFullURL takes the id from ".../DocumentReference/<id>[/_history/<v>]".
func idFromFullURL(u string) string {
	parts := strings.Split(strings.TrimRight(u, "/"), "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] == "DocumentReference" {
			return parts[i+1]
		}
	}
	return ""
}

func validID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func prefixInputErr(prefix string, err error) error {
	if ie, ok := err.(*InputError); ok {
		return &InputError{Reason: ie.Reason, Detail: prefix + ie.Detail}
	}
	return fmt.Errorf("%s%w", prefix, err)
}

// jsonErr shortens encoding/json's messages to their kind and field. Messages from the
// FHIR models quote the offending value (e.g. an unknown status code): quoted parts are
// replaced, so no input value reaches a log line or a dead-letter header.
func jsonErr(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("JSON syntax error at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("field %q has the wrong JSON type (%s, want %s)", e.Field, e.Value, e.Type)
	}
	return truncate(quoted.ReplaceAllString(err.Error(), "<value>"), 200)
}

// quoted matches a quoted value in an error message.
var quoted = regexp.MustCompile("\"[^\"]*\"|'[^']*'|`[^`]*`")

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
