package training

import (
	"fmt"
	"io"
	"math"
	"math/rand"
	"sort"
	"strconv"

	"github.com/notecoder/notecoder/nlp/findings"
)

// PRF is precision, recall and F1 with the counts behind them.
type PRF struct {
	TP, FP, FN int
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	F1         float64 `json:"f1"`
}

func prf(tp, fp, fn int) PRF {
	p := PRF{TP: tp, FP: fp, FN: fn}
	if tp+fp > 0 {
		p.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		p.Recall = float64(tp) / float64(tp+fn)
	}
	if tp > 0 {
		p.F1 = 2 * float64(tp) / float64(2*tp+fp+fn)
	}
	return p
}

// SmokingReport scores smoking-status predictions.
type SmokingReport struct {
	N         int                                                       `json:"n"`
	PerClass  map[findings.SmokingStatus]PRF                            `json:"per_class"`
	MicroF1   float64                                                   `json:"micro_f1"` // = accuracy for one label per note
	MacroF1   float64                                                   `json:"macro_f1"`
	Confusion map[findings.SmokingStatus]map[findings.SmokingStatus]int `json:"confusion"` // gold -> predicted -> count
}

// ScoreSmoking compares predictions with gold labels, index by index.
func ScoreSmoking(gold, pred []findings.SmokingStatus) SmokingReport {
	r := SmokingReport{N: len(gold), PerClass: map[findings.SmokingStatus]PRF{}, Confusion: map[findings.SmokingStatus]map[findings.SmokingStatus]int{}}
	correct := 0
	for _, c := range findings.SmokingStatuses {
		r.Confusion[c] = map[findings.SmokingStatus]int{}
	}
	for i := range gold {
		r.Confusion[gold[i]][pred[i]]++
		if gold[i] == pred[i] {
			correct++
		}
	}
	present := 0
	for _, c := range findings.SmokingStatuses {
		tp, fp, fn := 0, 0, 0
		for i := range gold {
			switch {
			case gold[i] == c && pred[i] == c:
				tp++
			case pred[i] == c:
				fp++
			case gold[i] == c:
				fn++
			}
		}
		r.PerClass[c] = prf(tp, fp, fn)
		if tp+fn > 0 { // macro over the classes present in the gold data
			r.MacroF1 += r.PerClass[c].F1
			present++
		}
	}
	if present > 0 {
		r.MacroF1 /= float64(present)
	}
	if r.N > 0 {
		r.MicroF1 = float64(correct) / float64(r.N)
	}
	return r
}

// EntityReport scores asserted conditions and LVEF.
type EntityReport struct {
	N          int            `json:"n"`
	Conditions PRF            `json:"asserted_conditions"` // micro over (note, concept) pairs
	MacroF1    float64        `json:"asserted_conditions_macro_f1"`
	PerConcept map[string]PRF `json:"per_concept"`
	LVEF       PRF            `json:"lvef"` // hit: a stated value found within 2.5 points
	// MeaningErrors counts concepts published as asserted that the annotation names only as
	// negated, hypothetical or about the family: the errors a registry least forgives.
	MeaningErrors       int     `json:"meaning_errors"`
	MeaningErrorsPer100 float64 `json:"meaning_errors_per_100_notes"`
}

// LVEFTolerance is how far (in percentage points) a found LVEF may be from the stated one.
const LVEFTolerance = 2.5

// ScoreEntities compares predicted findings with the annotations, note by note.
func ScoreEntities(gold []EntityRecord, pred []findings.Findings) EntityReport {
	r := EntityReport{N: len(gold), PerConcept: map[string]PRF{}}
	per := map[string][3]int{}
	ltp, lfp, lfn := 0, 0, 0
	for i, g := range gold {
		want, named := map[string]bool{}, map[string]bool{}
		for _, c := range g.Conditions {
			named[c.Code] = true
			if c.Asserted {
				want[c.Code] = true
			}
		}
		got := map[string]bool{}
		for _, c := range pred[i].Conditions {
			if c.Assertion == findings.Asserted {
				got[c.Code] = true
			}
		}
		for code := range got {
			k := per[code]
			if want[code] {
				k[0]++
			} else {
				k[1]++
				if named[code] {
					r.MeaningErrors++
				}
			}
			per[code] = k
		}
		for code := range want {
			if !got[code] {
				k := per[code]
				k[2]++
				per[code] = k
			}
		}
		switch p := pred[i].LVEF; {
		case g.LVEF == nil && p == nil:
		case g.LVEF == nil:
			lfp++
		case p == nil:
			lfn++
		case math.Abs(p.Value-*g.LVEF) <= LVEFTolerance:
			ltp++
		default:
			lfp++
			lfn++
		}
	}
	tp, fp, fn := 0, 0, 0
	for code, k := range per {
		r.PerConcept[code] = prf(k[0], k[1], k[2])
		tp, fp, fn = tp+k[0], fp+k[1], fn+k[2]
		r.MacroF1 += r.PerConcept[code].F1
	}
	if len(per) > 0 {
		r.MacroF1 /= float64(len(per))
	}
	r.Conditions = prf(tp, fp, fn)
	r.LVEF = prf(ltp, lfp, lfn)
	if r.N > 0 {
		r.MeaningErrorsPer100 = 100 * float64(r.MeaningErrors) / float64(r.N)
	}
	return r
}

// EntityErrors describes how pred differs from the annotation: asserted conditions
// missed or found wrongly (with the words found), and a wrong, missing or extra LVEF.
func EntityErrors(g EntityRecord, pred findings.Findings) []string {
	var out []string
	want := map[string]bool{}
	for _, c := range g.Conditions {
		if c.Asserted {
			want[c.Code] = true
		}
	}
	runes := []rune(g.Text)
	got := map[string]bool{}
	for _, c := range pred.Conditions {
		if c.Assertion != findings.Asserted || got[c.Code] {
			continue
		}
		got[c.Code] = true
		if !want[c.Code] {
			words := ""
			if len(c.Evidence) > 0 && c.Evidence[0].Valid(len(runes)) {
				words = string(runes[c.Evidence[0].Start:c.Evidence[0].End])
			}
			out = append(out, fmt.Sprintf("wrongly found %s %q", c.Code, words))
		}
	}
	for _, c := range g.Conditions {
		if c.Asserted && !got[c.Code] {
			out = append(out, fmt.Sprintf("missed %s (%s)", c.Code, c.Display))
		}
	}
	f := func(v *float64) string {
		if v == nil {
			return "none"
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	var p *float64
	if pred.LVEF != nil {
		p = &pred.LVEF.Value
	}
	if (g.LVEF == nil) != (p == nil) || (p != nil && math.Abs(*p-*g.LVEF) > LVEFTolerance) {
		out = append(out, fmt.Sprintf("LVEF %s, found %s", f(g.LVEF), f(p)))
	}
	sort.Strings(out)
	return out
}

// PrintSmoking writes reports side by side (one column per system) as a table.
func PrintSmoking(w io.Writer, names []string, reps []SmokingReport) {
	fmt.Fprintf(w, "%-16s", "class (P/R/F1)")
	for _, n := range names {
		fmt.Fprintf(w, " %-22s", n)
	}
	fmt.Fprintln(w)
	for _, c := range findings.SmokingStatuses {
		fmt.Fprintf(w, "%-16s", c)
		for _, r := range reps {
			p := r.PerClass[c]
			fmt.Fprintf(w, " %-22s", fmt.Sprintf("%.2f/%.2f/%.2f", p.Precision, p.Recall, p.F1))
		}
		fmt.Fprintln(w)
	}
	for _, row := range []struct {
		name string
		f    func(SmokingReport) float64
	}{{"micro F1", func(r SmokingReport) float64 { return r.MicroF1 }}, {"macro F1", func(r SmokingReport) float64 { return r.MacroF1 }}} {
		fmt.Fprintf(w, "%-16s", row.name)
		for _, r := range reps {
			fmt.Fprintf(w, " %-22.3f", row.f(r))
		}
		fmt.Fprintln(w)
	}
	for i, r := range reps {
		fmt.Fprintf(w, "\nconfusion (%s; rows gold, columns predicted: CUR PAST SMK NON UNK)\n", names[i])
		for _, g := range findings.SmokingStatuses {
			fmt.Fprintf(w, "  %-15s", g)
			for _, p := range findings.SmokingStatuses {
				fmt.Fprintf(w, " %4d", r.Confusion[g][p])
			}
			fmt.Fprintln(w)
		}
	}
}

// PrintEntities writes reports side by side as a table.
func PrintEntities(w io.Writer, names []string, reps []EntityReport, display func(string) string) {
	fmt.Fprintf(w, "%-34s", "concept (P/R/F1)")
	for _, n := range names {
		fmt.Fprintf(w, " %-22s", n)
	}
	fmt.Fprintln(w)
	codes := map[string]bool{}
	for _, r := range reps {
		for c := range r.PerConcept {
			codes[c] = true
		}
	}
	var sorted []string
	for c := range codes {
		sorted = append(sorted, c)
	}
	sort.Slice(sorted, func(i, j int) bool { return display(sorted[i]) < display(sorted[j]) })
	for _, c := range sorted {
		fmt.Fprintf(w, "%-34s", truncate(display(c), 33))
		for _, r := range reps {
			p := r.PerConcept[c]
			fmt.Fprintf(w, " %-22s", fmt.Sprintf("%.2f/%.2f/%.2f", p.Precision, p.Recall, p.F1))
		}
		fmt.Fprintln(w)
	}
	line := func(name string, f func(EntityReport) string) {
		fmt.Fprintf(w, "%-34s", name)
		for _, r := range reps {
			fmt.Fprintf(w, " %-22s", f(r))
		}
		fmt.Fprintln(w)
	}
	line("asserted conditions micro P/R/F1", func(r EntityReport) string {
		return fmt.Sprintf("%.3f/%.3f/%.3f", r.Conditions.Precision, r.Conditions.Recall, r.Conditions.F1)
	})
	line("asserted conditions macro F1", func(r EntityReport) string { return fmt.Sprintf("%.3f", r.MacroF1) })
	line("LVEF P/R/F1 (within 2.5 points)", func(r EntityReport) string {
		return fmt.Sprintf("%.3f/%.3f/%.3f", r.LVEF.Precision, r.LVEF.Recall, r.LVEF.F1)
	})
	line("LVEF hits / false positives", func(r EntityReport) string { return fmt.Sprintf("%d / %d", r.LVEF.TP, r.LVEF.FP) })
	line("negated/hypothetical/family as asserted", func(r EntityReport) string {
		return fmt.Sprintf("%d (%.1f per 100 notes)", r.MeaningErrors, r.MeaningErrorsPer100)
	})
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Stratified picks n of the items (0..len(keys)-1), seeded, keeping each key's share (its
// rounding fixed by the largest remainders) and at least one of each key when n allows:
// the study's stratified training subsets.
func Stratified(keys []string, n int, seed int64) []int {
	if n >= len(keys) {
		out := make([]int, len(keys))
		for i := range out {
			out[i] = i
		}
		return out
	}
	r := rand.New(rand.NewSource(seed))
	groups := map[string][]int{}
	var names []string
	for i, k := range keys {
		if _, ok := groups[k]; !ok {
			names = append(names, k)
		}
		groups[k] = append(groups[k], i)
	}
	sort.Strings(names)
	take := map[string]int{}
	type rem struct {
		k string
		f float64
	}
	var rems []rem
	left := n
	for _, k := range names {
		exact := float64(n) * float64(len(groups[k])) / float64(len(keys))
		take[k] = int(exact)
		left -= take[k]
		rems = append(rems, rem{k, exact - float64(take[k])})
	}
	sort.SliceStable(rems, func(i, j int) bool { return rems[i].f > rems[j].f })
	for i := 0; left > 0; i = (i + 1) % len(rems) {
		if take[rems[i].k] < len(groups[rems[i].k]) {
			take[rems[i].k]++
			left--
		}
	}
	var out []int
	for _, k := range names {
		g := append([]int(nil), groups[k]...)
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		out = append(out, g[:take[k]]...)
	}
	sort.Ints(out)
	return out
}
