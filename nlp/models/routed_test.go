package models

import "testing"

func TestSimilarityIgnoresSectionHeaders(t *testing.T) {
	a := "SOCIAL HISTORY: He gave up cigarettes in 1998."
	if got := Similarity(a, "He gave up cigarettes in 1998."); got != 1 {
		t.Errorf("with and without the header: %.2f, want 1", got)
	}
	if got := Similarity(a, "SOCIAL HISTORY: She denies alcohol."); got > 0.15 {
		t.Errorf("unrelated sentences under the same header: %.2f", got)
	}
	if got := Similarity("The veteran gave up cigars at age 55.", "He gave up cigarettes at age 40."); got < DefaultRouteThreshold {
		t.Errorf("two sentences of one family: %.2f, below the routing threshold %.2f", got, DefaultRouteThreshold)
	}
}
