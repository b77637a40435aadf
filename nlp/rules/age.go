package rules

import (
	"regexp"
	"strconv"
)

// ageRe reads the patient's age as notes state it: "a 64-year-old man", "64 y/o",
// "64 yo", "age: 64", "aged 64" (not "at age 64": that is when something happened), "64 years of age", "64-jährige", "64 Jahre alt".
var ageRe = regexp.MustCompile(`\b(\d{1,3})[- ]?(?:years?|yrs?|yr)[- ]old\b|\b(\d{1,3}) ?(?:y/o\b|yo\b|y\.o\.)|\baged (\d{1,3})\b|\bage: ?(\d{1,3})\b|\b(\d{1,3}) years of age\b|\b(\d{1,3})[- ]?jährige|\b(\d{1,3}) jahre alt\b`)

// patientAge is the first age the note states (lower-cased text), or -1. The first is
// the patient's in notes that open with "a 64-year-old man"; relatives' ages come later.
func patientAge(lower string) int {
	m := ageRe.FindStringSubmatch(lower)
	if m == nil {
		return -1
	}
	for _, g := range m[1:] {
		if g != "" {
			n, err := strconv.Atoi(g)
			if err == nil && n <= 120 {
				return n
			}
		}
	}
	return -1
}

// quitAtAgeRe: "quit at age 45", "quit smoking at the age of 45", "stopped at 45 years of age".
var quitAtAgeRe = regexp.MustCompile(`at (?:the )?age (?:of )?(\d{1,3})\b|at (\d{1,3}) years of age|(?:at|mit) (\d{1,3}) (?:jahren)\b`)

// quitAtAge returns the age at which a sentence says the patient quit, or -1.
func quitAtAge(after string) int {
	m := quitAtAgeRe.FindStringSubmatch(after)
	if m == nil {
		return -1
	}
	for _, g := range m[1:] {
		if g != "" {
			n, _ := strconv.Atoi(g)
			return n
		}
	}
	return -1
}
