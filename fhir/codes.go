package fhir

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Code systems and codes notecoder writes.
const (
	SystemSNOMED       = "http://snomed.info/sct"
	SystemICD10CM      = "http://hl7.org/fhir/sid/icd-10-cm"
	SystemLOINC        = "http://loinc.org"
	SystemUCUM         = "http://unitsofmeasure.org"
	SystemObsCategory  = "http://terminology.hl7.org/CodeSystem/observation-category"
	SystemCondCategory = "http://terminology.hl7.org/CodeSystem/condition-category"
	SystemCondClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	SystemCondVerify   = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	SystemObsValue     = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
	SystemParticipant  = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
	SystemDataOp       = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"

	ExtDerivationReference = "http://hl7.org/fhir/StructureDefinition/derivation-reference"

	ProfileSmokingStatus = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-smokingstatus"
	ProfileConditionPHC  = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition-problems-health-concerns"
	ProfileConditionED   = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition-encounter-diagnosis"

	LOINCSmokingStatus = "72166-2"
	LOINCLVEF          = "10230-1"
)

// Concept is one row of the cardiology concept table.
type Concept struct {
	SNOMED, SNOMEDDisplay, ICD10CM, ICD10CMDisplay, VerifiedAgainst string
}

//go:embed codes/conditions.tsv
var conditionsTSV string

var concepts = mustParseConcepts(conditionsTSV)

// tsvRows calls row with the 5 columns and line number of each data line of a code table
// (fhir/codes/NAME; lines starting with # are comments); a malformed table panics at start.
func tsvRows(name, tsv string, row func(n int, f []string)) {
	for n, line := range strings.Split(tsv, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			panic(fmt.Sprintf("fhir/codes/%s line %d: %d columns, want 5", name, n+1, len(f)))
		}
		row(n+1, f)
	}
}

func mustParseConcepts(tsv string) map[string]Concept {
	m := map[string]Concept{}
	tsvRows("conditions.tsv", tsv, func(_ int, f []string) { m[f[0]] = Concept{f[0], f[1], f[2], f[3], f[4]} })
	return m
}

//go:embed codes/refinements.tsv
var refinementsTSV string

// Refinement is one row of fhir/codes/refinements.tsv: the ICD-10-CM code for a concept
// when the note says more (detail "old", "stage-3b", ...). Rank orders a concept's
// details: where a note gives several, the highest wins.
type Refinement struct {
	SNOMED, Detail, ICD10CM, ICD10CMDisplay string
	Rank                                    int
}

var refinements = mustParseRefinements(refinementsTSV)

func mustParseRefinements(tsv string) map[[2]string]Refinement {
	m := map[[2]string]Refinement{}
	tsvRows("refinements.tsv", tsv, func(n int, f []string) {
		if _, ok := concepts[f[0]]; !ok {
			panic(fmt.Sprintf("fhir/codes/refinements.tsv line %d: %s is not in conditions.tsv", n, f[0]))
		}
		m[[2]string{f[0], f[1]}] = Refinement{f[0], f[1], f[2], f[3], n}
	})
	return m
}

// Refine returns the ICD-10-CM code and title for a concept with a detail: the refined
// row when there is one, else the concept table's code.
func Refine(c Concept, detail string) (code, display string) {
	if r, ok := refinements[[2]string{c.SNOMED, detail}]; ok {
		return r.ICD10CM, r.ICD10CMDisplay
	}
	return c.ICD10CM, c.ICD10CMDisplay
}

// detailRank orders a concept's details (0 for one the table does not name).
func detailRank(snomed, detail string) int {
	return refinements[[2]string{snomed, detail}].Rank
}

// LookupConcept returns the concept table row for a SNOMED CT id.
func LookupConcept(snomed string) (Concept, bool) {
	c, ok := concepts[snomed]
	return c, ok
}

// Concepts lists the concept table, ordered by SNOMED CT id.
func Concepts() []Concept {
	out := make([]Concept, 0, len(concepts))
	for _, c := range concepts {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SNOMED < out[j].SNOMED })
	return out
}

// smokingCode maps a smoking finding to the US Core Smoking Status value.
func smokingCode(s findings.Smoking) (code, display string) {
	switch s.Status {
	case findings.Current:
		switch s.Intensity {
		case findings.SomeDay:
			return "428041000124106", "Current some day smoker"
		case findings.Heavy:
			return "428071000124103", "Current Heavy tobacco smoker"
		case findings.Light:
			return "428061000124105", "Current Light tobacco smoker"
		}
		return "449868002", "Current every day smoker"
	case findings.Past:
		return "8517006", "Former smoker"
	case findings.Smoker:
		return "77176002", "Smoker, current status unknown"
	case findings.NonSmoker:
		return "266919005", "Never smoker"
	}
	return "266927001", "Unknown if ever smoked"
}
