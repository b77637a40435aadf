package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Document is one DocumentReference found in an input, with what is needed to cite it.
type Document struct {
	Ref       fhir.DocumentReference
	ID        string // logical id
	VersionID string // meta.versionId, "" when the sender gave none
	FullURL   string // the Bundle entry's fullUrl, when it came in a Bundle
	// Received is when the event was recorded (the Kafka record's timestamp, as a FHIR
	// instant): the date of last resort (DocumentDate), the same on every replay.
	Received string
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

// ParseEvent reads one event and returns every DocumentReference in it (ReadEvent, then
// all its documents at once). Every failure is an *InputError. ParseEvent never panics,
// whatever the bytes (see FuzzParseEvent).
func ParseEvent(raw []byte) ([]Document, error) {
	ev, err := ReadEvent(raw)
	if err != nil {
		return nil, err
	}
	return ev.Documents(0, ev.Len())
}

// Event is one input event, read and checked: the ids of its documents are known, the
// documents themselves are decoded a range at a time (Documents). A Bundle of tens of
// thousands of notes therefore never has all its decoded documents in memory at once:
// what an Event holds beyond the message's bytes is a few dozen bytes per document.
type Event struct {
	raw      []byte
	entries  []entry    // one per DocumentReference, in input order
	docs     []Document // decoded documents, kept when the event is small
	received string     // SetReceived
}

// SetReceived records when the event was received (its Kafka record's timestamp): the
// documents' date of last resort. The zero time sets none.
func (e *Event) SetReceived(t time.Time) {
	e.received = ""
	if !t.IsZero() {
		e.received = t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
}

// entry locates one DocumentReference of a Bundle in the message's bytes.
type entry struct {
	start, end int    // the resource's bytes: raw[start:end]
	fullURL    string // the Bundle entry's fullUrl
	id         string
}

// keepDecoded is the number of documents up to which an Event keeps what ReadEvent
// decoded, rather than decoding again in Documents.
const keepDecoded = 256

// ReadEvent reads one event as EHRs and FHIR servers send them:
//   - a bare DocumentReference;
//   - an R4 Subscriptions Backport notification (Bundle type history, first entry
//     Parameters, then full-resource entries);
//   - a FHIR messaging Bundle (type message, first entry MessageHeader);
//   - a collection, transaction, batch, searchset or history Bundle.
//
// Other resources inside Bundles are skipped. Every DocumentReference is checked here,
// so an event that fails does so before any of its documents is processed. Bundles are
// walked entry by entry, each entry decoded and dropped. Every failure is an *InputError.
func ReadEvent(raw []byte) (*Event, error) {
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
		return &Event{raw: raw, entries: []entry{{0, len(raw), "", d.ID}}, docs: []Document{d}}, nil
	case "Bundle":
		return readBundle(raw)
	case "":
		return nil, inputErr(ReasonWrongResourceType, "JSON object has no resourceType: expected a FHIR DocumentReference or Bundle")
	default:
		return nil, inputErr(ReasonWrongResourceType, "resourceType is neither DocumentReference nor Bundle: notecoder reads DocumentReference resources or Bundles holding them")
	}
}

// Len is the number of documents in the event.
func (e *Event) Len() int { return len(e.entries) }

// IDs are the logical ids of the event's documents, in input order.
func (e *Event) IDs() []string {
	ids := make([]string, len(e.entries))
	for i, en := range e.entries {
		ids[i] = en.id
	}
	return ids
}

// Documents decodes documents [from, to) of the event.
func (e *Event) Documents(from, to int) ([]Document, error) {
	if from < 0 || to > len(e.entries) || from > to {
		return nil, fmt.Errorf("fhir: documents %d-%d of an event of %d", from, to, len(e.entries))
	}
	if e.docs != nil {
		docs := append([]Document(nil), e.docs[from:to]...)
		for i := range docs {
			docs[i].Received = e.received
		}
		return docs, nil
	}
	docs := make([]Document, 0, to-from)
	for _, en := range e.entries[from:to] {
		d, err := parseDocumentReference(e.raw[en.start:en.end], en.fullURL)
		if err != nil { // ReadEvent decoded the same bytes without error
			return nil, fmt.Errorf("fhir: decoding a document ReadEvent accepted: %w", err)
		}
		d.Received = e.received
		docs = append(docs, d)
	}
	return docs, nil
}

func resourceType(raw []byte) (string, error) {
	var head struct {
		ResourceType json.RawMessage `json:"resourceType"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(raw, se.Offset)
			return "", inputErr(ReasonMalformedJSON, "malformed JSON: %s at line %d, column %d (byte %d)", se.Error(), line, col, se.Offset)
		}
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

// readBundle walks a Bundle's top-level fields with a streaming decoder and its entries
// one at a time, keeping only where each DocumentReference lies in raw. raw is valid
// JSON (resourceType checked that), so the decoder's errors are type mismatches.
func readBundle(raw []byte) (*Event, error) {
	bad := func(what string) error {
		return inputErr(ReasonInvalidResource, "Bundle does not match FHIR R4: %s", what)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // '{', checked by resourceType
		return nil, bad(jsonErr(err))
	}
	ev := &Event{raw: raw}
	var docs []Document
	var typ string
	entries, idOnly := 0, 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad(jsonErr(err))
		}
		switch key, _ := tok.(string); key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return nil, bad(`field "type" is not a string`)
			}
		case "entry":
			tok, err := dec.Token()
			if err != nil {
				return nil, bad(jsonErr(err))
			}
			if tok == nil {
				continue // "entry": null
			}
			if d, ok := tok.(json.Delim); !ok || d != '[' {
				return nil, bad(`field "entry" is not an array`)
			}
			for ; dec.More(); entries++ {
				var rawEntry json.RawMessage
				if err := dec.Decode(&rawEntry); err != nil {
					return nil, bad(jsonErr(err))
				}
				end := int(dec.InputOffset())
				var e struct {
					FullURL  string          `json:"fullUrl"`
					Resource json.RawMessage `json:"resource"`
				}
				if err := json.Unmarshal(rawEntry, &e); err != nil {
					return nil, prefixInputErr(fmt.Sprintf("Bundle entry %d: ", entries), bad(jsonErr(err)))
				}
				if len(e.Resource) == 0 || string(e.Resource) == "null" {
					idOnly++
					continue
				}
				rt, err := resourceType(e.Resource)
				if err != nil {
					return nil, prefixInputErr(fmt.Sprintf("Bundle entry %d: ", entries), err)
				}
				if rt != "DocumentReference" {
					continue // Parameters, MessageHeader, Patient, ...: context, not notes
				}
				d, err := parseDocumentReference(e.Resource, e.FullURL)
				if err != nil {
					return nil, prefixInputErr(fmt.Sprintf("Bundle entry %d: ", entries), err)
				}
				// The resource's bytes in raw: the entry ends at end, and the resource
				// is the one copy of those bytes inside it (fields after it are shorter
				// than the entry, so locate it from the entry's start).
				start := end - len(rawEntry)
				at := bytes.Index(raw[start:end], e.Resource)
				if at < 0 {
					return nil, fmt.Errorf("fhir: Bundle entry %d: resource not found in the message", entries)
				}
				ev.entries = append(ev.entries, entry{start + at, start + at + len(e.Resource), e.FullURL, d.ID})
				if len(ev.entries) <= keepDecoded {
					docs = append(docs, d)
				} else {
					docs = nil
				}
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, bad(jsonErr(err))
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, bad(jsonErr(err))
			}
		}
	}
	switch typ {
	case "history", "message", "collection", "transaction", "batch", "searchset", "document",
		"transaction-response", "batch-response":
	case "":
		return nil, inputErr(ReasonInvalidResource, "Bundle has no type")
	default:
		return nil, inputErr(ReasonInvalidResource, "Bundle.type is not a FHIR R4 bundle type")
	}
	if len(ev.entries) == 0 {
		if idOnly > 0 {
			return nil, inputErr(ReasonNoDocument, "Bundle has %d entries without a resource (id-only notification): configure the subscription for full-resource payloads", idOnly)
		}
		return nil, inputErr(ReasonNoDocument, "Bundle with %d entries holds no DocumentReference", entries)
	}
	if len(ev.entries) <= keepDecoded {
		ev.docs = docs
	}
	return ev, nil
}

func parseDocumentReference(raw []byte, fullURL string) (Document, error) {
	ref, err := fhir.UnmarshalDocumentReference(raw)
	if err != nil {
		return Document{}, inputErr(ReasonInvalidResource, "DocumentReference does not match FHIR R4: %s", jsonErr(err))
	}
	d := Document{Ref: ref, FullURL: fullURL}
	if ref.Id != nil {
		d.ID = *ref.Id
	} else if id, _ := documentRefParts(fullURL); id != "" {
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

// documentRefParts takes the id and version from ".../DocumentReference/<id>[/_history/<v>]"
// (a fullUrl or a reference, absolute or not); they are not checked here.
func documentRefParts(ref string) (id, version string) {
	parts := strings.Split(strings.TrimRight(ref, "/"), "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] == "DocumentReference" {
			id = parts[i+1]
			if i+3 < len(parts) && parts[i+2] == "_history" {
				version = parts[i+3]
			}
			return id, version
		}
	}
	return "", ""
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

// position is the line and column (1-based, in bytes) of byte offset off of raw, as
// encoding/json counts it (the offset after the byte it stopped at).
func position(raw []byte, off int64) (line, col int) {
	off = min(max(off, 1), int64(len(raw)))
	before := raw[:off-1]
	line = bytes.Count(before, []byte("\n")) + 1
	return line, len(before) - bytes.LastIndexByte(before, '\n')
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
