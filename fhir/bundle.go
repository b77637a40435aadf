package fhir

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// BundleBase is the base of the fullUrls in classify's result Bundles. The resources
// refer to each other relatively (Provenance.target Condition/nc-...), as they are
// published; by FHIR's Bundle rules a relative reference resolves against the base of
// the fullUrl of the entry that holds it, and only a RESTful fullUrl has one. So entries
// get [BundleBase]/<Type>/<id>: a base under the reserved .invalid domain (RFC 6761),
// which no server has, and the references between entries resolve.
const BundleBase = "https://notecoder.invalid/fhir/"

// CollectionBundle wraps one document's resources in a FHIR Bundle of type collection
// (what `notecoder classify` prints); entries' fullUrls are BundleBase + <Type>/<id>.
func CollectionBundle(documentID, versionID string, resources []Resource) ([]byte, error) {
	h := sha256.Sum256([]byte(documentID + "\x00" + versionID))
	b := fhir.Bundle{
		Id:   ptr("nc-results-" + hex.EncodeToString(h[:12])),
		Type: fhir.BundleTypeCollection,
	}
	for _, r := range resources {
		b.Entry = append(b.Entry, fhir.BundleEntry{FullUrl: ptr(BundleBase + r.Reference()), Resource: json.RawMessage(r.JSON)})
	}
	out, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("serializing the result Bundle of %s: %w", documentID, err)
	}
	return out, nil
}
