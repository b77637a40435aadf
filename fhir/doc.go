// Package fhir reads inbound FHIR R4 resources and Bundles and builds outbound US Core
// Observation, Condition and Provenance resources with deterministic ids and standard
// codes. It is pure: no Kafka, no models, no I/O beyond what it is handed.
package fhir
