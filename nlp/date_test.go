package nlp

import "testing"

func TestDateInTextFindsTheNotesDateNotTheBirthday(t *testing.T) {
	for text, want := range map[string]string{
		"DISCHARGE SUMMARY\nDOB: 1950-02-03\nDate of service: 2023-05-14\nQuit 8 months ago.": "2023-05-14",
		"Arztbrief\nPatient, geb. 01.02.1948\nEntlassung am 12.05.2022":                       "2022-05-12",
		"Admission Date: 3/4/2019 Discharge Date: 3/9/2019":                                   "2019-03-04",
		"Ambulanz 7.3.21: raucht 10 Zig./d":                                                   "2021-03-07",
		"Seen 31.02.2020, then 01.03.2020.":                                                   "2020-03-01",
	} {
		got := DateInText(text)
		if got.Format("2006-01-02") != want {
			t.Errorf("%q: %s, want %s", text, got.Format("2006-01-02"), want)
		}
	}
	if d := DateInText("Quit smoking in 2018, LVEF 35%."); !d.IsZero() {
		t.Errorf("a bare year is not the note's date: %v", d)
	}
}
