package fhir

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// CollectionBundle wraps one document's resources in a FHIR Bundle of type collection
// (what `notecoder classify` prints). Entries get deterministic urn:uuid fullUrls
// (name-based, RFC 4122 version 5, from "<Type>/<id>"), as FHIR requires for entries.
func CollectionBundle(documentID, versionID string, resources []Resource) ([]byte, error) {
	h := sha256.Sum256([]byte(documentID + "\x00" + versionID))
	b := fhir.Bundle{
		Id:   ptr("nc-results-" + hex.EncodeToString(h[:12])),
		Type: fhir.BundleTypeCollection,
	}
	for _, r := range resources {
		b.Entry = append(b.Entry, fhir.BundleEntry{FullUrl: ptr(URNUUID(r.Reference())), Resource: json.RawMessage(r.JSON)})
	}
	out, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("serializing the result Bundle of %s: %w", documentID, err)
	}
	return out, nil
}

// URNUUID is the version-5 UUID (URL namespace) of name, as a urn:uuid URI.
func URNUUID(name string) string {
	// RFC 4122 URL namespace 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	s := sha1.New()
	s.Write(ns)
	s.Write([]byte(name))
	u := s.Sum(nil)[:16]
	u[6] = (u[6] & 0x0f) | 0x50
	u[8] = (u[8] & 0x3f) | 0x80
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}
