package main

import (
	"strings"
	"testing"
)

// --model-only scores the smoking model without the rules' share serve mixes in: on the
// real dev notes the two readings of the shipped model differ (the share is why the gate
// scores the model alone), and the rules' column stays the same. The notes each reading
// gets wrong are compared, not only the F1 (models 0.3.1 and 0.3.2 score 0.931 both ways, on
// different notes).
func TestEvalModelOnlyDropsTheRulesShare(t *testing.T) {
	read := func(args ...string) (rules string, modelErrors []string) {
		code, stdout, stderr := runCLI(t, append([]string{"eval", "smoking", "--data", "../../testdata/real/smoking-dev.xml", "--errors"}, args...)...)
		if code != 0 {
			t.Fatalf("eval %v: exit %d\n%s\n%s", args, code, stdout, stderr)
		}
		for _, l := range strings.Split(stdout, "\n") {
			if f := strings.Fields(l); len(f) == 4 && f[0] == "micro" && f[1] == "F1" {
				rules = f[2]
			}
			if f := strings.Fields(l); len(f) > 2 && f[1] == "model" {
				modelErrors = append(modelErrors, f[0])
			}
		}
		if rules == "" {
			t.Fatalf("no micro F1 line:\n%s", stdout)
		}
		return rules, modelErrors
	}
	r1, served := read()
	r2, alone := read("--model-only")
	if r1 != r2 {
		t.Errorf("the rules' column changed: %s -> %s", r1, r2)
	}
	if strings.Join(served, " ") == strings.Join(alone, " ") {
		t.Errorf("served and model-only readings miss the same dev notes (%v): the rules' share did nothing", served)
	}
}

// Structured social history as EHRs print it (testdata/ehr/smoking-layouts.xml: Epic's
// Tobacco Use block, Cerner's one-liners, the US Core status values): the rules and the
// shipped model read every note right. Before rules 0.6.4 they read 6 and 8 of the first 22.
func TestEvalReadsEHRSocialHistoryLayouts(t *testing.T) {
	code, stdout, stderr := runCLI(t, "eval", "smoking", "--data", "../../testdata/ehr/smoking-layouts.xml", "--errors")
	if code != 0 {
		t.Fatalf("eval: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, ": 35 notes") {
		t.Fatalf("want the 35 notes of the set:\n%s", stdout)
	}
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); len(f) == 4 && f[0] == "micro" && f[1] == "F1" {
			if f[2] != "1.000" || f[3] != "1.000" {
				t.Errorf("micro F1 rules %s, model %s; want 1.000 for both:\n%s", f[2], f[3], stdout)
			}
			return
		}
	}
	t.Fatalf("no micro F1 line:\n%s", stdout)
}

// The smoking status of 120 notes other writers wrote (testdata/written/smoking-jkm.xml,
// labelled blind), notes written for smoking status (sets n and s) and 40 German letters
// (set t): the rules and the shipped model (0.3.9) read no fewer of them right than now;
// the ones left are listed by `notecoder eval smoking --errors` (quits "at the time of" an
// event weeks before the note, which needs the event's date; a correction later in the
// note; a "Nichtraucherschulung" the model reads as a never-smoker's).
func TestEvalReadsOtherWritersSmoking(t *testing.T) {
	for _, set := range []struct {
		file, notes, rules, model string
	}{
		{"smoking-jkm.xml", ": 120 notes", "0.975", "0.975"},
		// 80 short transcriptions written for smoking status (set n): rules 0.6.25 and model
		// 0.3.1 read 0.762 and 0.738 of them right blind
		{"smoking-n.xml", ": 80 notes", "0.950", "0.950"},
		// 80 dated notes written for smoking status as real notes state it (set s), half
		// transcriptions, half EHR forms: rules 0.6.26 and model 0.3.3 read 0.887 blind
		{"smoking-s.xml", ": 80 notes", "1.000", "0.988"},
		// 40 German letters by a third German writer (set t): rules 0.6.29 and model 0.3.4
		// read 0.725 and 0.825 of them right blind
		{"smoking-t.xml", ": 40 notes", "1.000", "0.950"},
		// set u's 40 community-hospital transcriptions: rules 0.6.30 and model 0.3.5 read
		// 0.925 and 0.925 of them right blind
		{"smoking-u.xml", ": 40 notes", "1.000", "1.000"},
		// set v's 40 EHR exports (C-CDA tables, vendor templates, generated records): rules
		// 0.6.31 and model 0.3.5 read 0.925 and 0.925 of them right blind
		{"smoking-v.xml", ": 40 notes", "1.000", "1.000"},
		// sets y and z, 40 EHR exports each by two more writers (VA CPRS health factors, Epic,
		// Cerner, NextGen, athenahealth, Allscripts): rules 0.6.34 and model 0.3.5 read 0.900
		// and 0.900 (y), 0.875 and 0.800 (z) of them right blind
		{"smoking-y.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-z.xml", ": 40 notes", "1.000", "0.925"},
		// sets w, wb, x and xb, one-line transcriptions by four more writers (two briefs, two
		// writers each): rules 0.6.35 and model 0.3.5 read 0.925/0.925, 0.875/0.900,
		// 0.975/1.000 and 0.950/0.950 of them right blind
		{"smoking-w.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-wb.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-x.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-xb.xml", ": 40 notes", "0.975", "0.975"},
		// set ab, a private practice's one-line transcriptions: rules 0.6.37 and model 0.3.6
		// read 0.950 and 0.975 of them right blind
		{"smoking-ab.xml", ": 40 notes", "1.000", "1.000"},
		// set aa (the ab brief, another writer) and set ad (hospital EHR text): 1.000 and
		// 1.000 blind; set ac (a fourth German writer): rules 0.6.38 and model 0.3.6 read
		// 0.875 and 0.875 of them right blind
		{"smoking-aa.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ac.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-ad.xml", ": 40 notes", "1.000", "1.000"},
		// sets ae (cardiac surgery and EP transcriptions) and af (outpatient EHR text), and
		// set ag, 80 short notes written for smoking status: rules 0.6.40 and model 0.3.7
		// read 0.975 / 1.000, 0.950 / 0.900 and 0.875 / 0.887 of them right blind
		{"smoking-ae.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-af.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-ag.xml", ": 80 notes", "0.988", "0.938"},
		// sets aj (transcriptions), ak (transcriptions of other specialties) and al (EHR
		// exports): rules 0.6.44 and model 0.3.8 read 0.950 / 0.950, 0.950 / 0.975 and
		// 0.975 / 0.975 of them right blind
		{"smoking-aj.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ak.xml", ": 40 notes", "0.975", "1.000"},
		{"smoking-al.xml", ": 40 notes", "1.000", "1.000"},
		// set ap, a fifth German writer: rules 0.6.44 and model 0.3.8 read 0.850 and 0.975
		// of them right blind
		{"smoking-ap.xml", ": 40 notes", "1.000", "0.975"},
		// set ao, hospital and clinic EHR text: rules 0.6.44 and model 0.3.8 read 0.975
		// and 0.925 of them right blind
		{"smoking-ao.xml", ": 40 notes", "1.000", "0.975"},
		// set an, transcriptions: rules 0.6.44 and model 0.3.8 read 0.950 and 0.950 of
		// them right blind
		{"smoking-an.xml", ": 40 notes", "1.000", "1.000"},
		// set as, short and medium clinic and hospital documents: rules 0.6.44 and model
		// 0.3.8 read 0.925 and 0.925 of them right blind
		{"smoking-as.xml", ": 40 notes", "1.000", "1.000"},
		// set aq, transcriptions: rules 0.6.44 and model 0.3.8 read 0.975 and 0.975 of
		// them right blind
		{"smoking-aq.xml", ": 40 notes", "1.000", "1.000"},
		// set ar, long discharge summaries and consults: rules 0.6.44 and model 0.3.8 read
		// 1.000 and 0.975 of them right blind
		{"smoking-ar.xml", ": 40 notes", "1.000", "0.975"},
		// set aw, surgical, procedure and device reports: rules 0.6.51 and model 0.3.9 read
		// 1.000 and 0.975 of them right blind
		{"smoking-aw.xml", ": 40 notes", "1.000", "1.000"},
		// set au, cardiovascular and pulmonary transcriptions: rules 0.6.51 and model 0.3.9
		// read all of them right blind
		{"smoking-au.xml", ": 40 notes", "1.000", "1.000"},
		// set av, EHR text with after-visit summaries: rules 0.6.51 and model 0.3.9 read
		// 0.975 and 0.950 of them right blind
		{"smoking-av.xml", ": 40 notes", "1.000", "0.975"},
		// set at, long discharge summaries: rules 0.6.51 and model 0.3.9 read 0.975 and
		// 1.000 of them right blind
		{"smoking-at.xml", ": 40 notes", "1.000", "1.000"},
		// set ax, office practice transcriptions: rules 0.6.51 and model 0.3.9 read 0.950
		// and 1.000 of them right blind
		{"smoking-ax.xml", ": 40 notes", "1.000", "0.975"},
		// sets az, ba, ay (20 notes each): rules 0.6.51 and model 0.3.9 read 0.950 and
		// 1.000, 1.000 and 1.000, 0.950 and 0.950 of them right blind
		{"smoking-az.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ba.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ay.xml", ": 20 notes", "1.000", "1.000"},
		// sets bd, bb, bc (20 notes each): rules 0.6.51 and model 0.3.9 read 0.950 and
		// 0.950, 0.900 and 0.900, 0.950 and 0.900 of them right blind
		{"smoking-bd.xml", ": 20 notes", "1.000", "0.950"},
		{"smoking-bb.xml", ": 20 notes", "1.000", "0.950"},
		{"smoking-bc.xml", ": 20 notes", "1.000", "1.000"},
		// sets be, bf (40 notes each) and bg, bh, bi, bj (20 each): rules 0.6.57 and model
		// 0.3.9 read 1.000 and 1.000, 1.000 and 1.000, 0.950 and 0.950, 1.000 and 1.000,
		// 0.900 and 0.850, 1.000 and 0.950 of them right blind
		{"smoking-be.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-bf.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-bg.xml", ": 20 notes", "1.000", "0.950"},
		{"smoking-bh.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bi.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bj.xml", ": 20 notes", "1.000", "1.000"},
		// sets bk, bl (40 notes each) and bm, bn, bo (20 each): rules 0.6.58 and model
		// 0.3.10 read 0.950 and 0.975, 0.975 and 0.925, 0.950 and 1.000, 1.000 and 1.000,
		// 0.950 and 1.000 of them right blind. Left: set bo's quit "since the day of his
		// heart attack", an infarction the note dates six weeks before
		{"smoking-bk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-bl.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-bm.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bn.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bo.xml", ": 20 notes", "1.000", "1.000"}, // "quit the day of his heart attack" (undated) is within the year when the note dates that heart attack within it (rules 0.6.91; the model had read it current only while a counselling sentence outweighed the quit)
		// sets bp, bq (40 notes each) and br, bs, bt (20 each): rules 0.6.59 and model
		// 0.3.11 read 1.000 and 0.975, 1.000 and 0.975, 1.000 and 1.000, 0.950 and 1.000,
		// 0.850 and 0.800 of them right blind
		{"smoking-bp.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-bq.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-br.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bs.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bt.xml", ": 20 notes", "1.000", "0.950"},
		// sets bu (40 notes) and bv, bw, bx (20 each): rules 0.6.60 and model 0.3.12 read
		// 1.000 and 1.000, 0.950 and 0.950, 0.950 and 0.900, 1.000 and 1.000 of them right
		// blind
		{"smoking-bu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-bv.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bw.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bx.xml", ": 20 notes", "1.000", "1.000"},
		// sets by, bz (20 each): rules 0.6.61 and model 0.3.12 read 1.000 and 1.000, 0.850
		// and 0.900 of them right blind
		{"smoking-by.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-bz.xml", ": 20 notes", "1.000", "1.000"},
		// sets ca, cc (40 each) and cb, cd (20 each): rules 0.6.62 and model 0.3.12 read
		// 0.950 and 0.975, 0.950 and 0.975, 1.000 and 1.000, 0.950 and 0.900 of them right
		// blind; model 0.3.13 (rules 0.6.63) moved al, ao and bp down a note each and ac,
		// bg and z up one
		{"smoking-ca.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cb.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-cc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cd.xml", ": 20 notes", "1.000", "1.000"},
		// sets ce, cf, ch (40 each) and cg (20): rules 0.6.63 and model 0.3.13 read 0.950 and
		// 0.950, 0.950 and 0.975, 1.000 and 1.000, 1.000 and 0.950 right blind; sets ci, ck
		// (40 each) and cj, cl (20 each): rules 0.6.64 and model 0.3.14 read 1.000 and 1.000,
		// 0.950 and 0.950, 1.000 and 1.000, 1.000 and 1.000. Model 0.3.14 (rules 0.6.64)
		// reads a note fewer right on ac, ap, ax, bg, s and z and one more on ae, aw, bj, bp
		// and wb
		{"smoking-ce.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cf.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cg.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ch.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ci.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cj.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ck.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cl.xml", ": 20 notes", "1.000", "1.000"},
		// sets cm, cn (40 each) and co, cp (20 each): rules 0.6.65 and model 0.3.14 read
		// 0.950 and 0.975, 0.975 and 0.950, 0.950 and 0.950, 1.000 and 1.000 right blind
		{"smoking-cm.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cn.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-co.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-cp.xml", ": 20 notes", "1.000", "1.000"},
		// sets cq, cr, ct (40 each) and cs (20): rules 0.6.67 and model 0.3.14 read 0.975
		// and 1.000, 0.975 and 0.975, 0.950 and 0.950, 1.000 and 1.000 right blind
		{"smoking-cq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cr.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-cs.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ct.xml", ": 40 notes", "1.000", "0.975"},
		// sets cu, cv (40 each), cw, cx (20 each): rules 0.6.68 and model 0.3.14 read 0.925
		// and 0.975, 0.975 and 1.000, 1.000 and 0.950, 1.000 and 0.950 right blind
		{"smoking-cu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cv.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cw.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-cx.xml", ": 20 notes", "1.000", "0.950"},
		// sets cy, cz (40 each), da, db (20 each): rules 0.6.69 and model 0.3.14 read 0.975
		// and 0.975, 0.950 and 1.000, 1.000 and 1.000, 1.000 and 1.000 right blind
		{"smoking-cy.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-cz.xml", ": 40 notes", "1.000", "1.000"}, // "Tobacco - denies ever" read since rules 0.6.83 (README, stretch 36)
		{"smoking-da.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-db.xml", ": 20 notes", "1.000", "1.000"},
		// sets dc, dd (40 each), de, df (20 each): the rules of 0.6.70 as they stood and a
		// candidate model 0.3.15 (not shipped) read 1.000 and 1.000, 0.975 and 0.975, 0.950
		// and 0.950, 1.000 and 1.000 right blind
		{"smoking-dc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dd.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-de.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-df.xml", ": 20 notes", "1.000", "1.000"},
		// sets dg, dh (40 each), di, dj (20 each): rules 0.6.70 and model 0.3.14 read 1.000
		// and 1.000, 0.975 and 1.000, 0.950 and 0.950, 1.000 and 0.950 right blind
		{"smoking-dg.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dh.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-di.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-dj.xml", ": 20 notes", "1.000", "1.000"},
		// sets dk, dl (40 each), dm, dn (20 each): rules 0.6.71 as it then stood and model
		// 0.3.14 read 0.950 and 0.975, 1.000 and 1.000, 1.000 and 1.000, 0.950 and 0.950
		// right blind; "Cigarettes: none" is read since rules 0.6.83 (with model 0.3.15,
		// README); left in dk: "SH: 1-2 ppd x 35 yrs." (an amount and years with no verb reads
		// smoker here; this writer reads current)
		{"smoking-dk.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-dl.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dm.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-dn.xml", ": 20 notes", "1.000", "1.000"},
		// sets do, dp (40 each), dq, dr (20 each): rules 0.6.72 and model 0.3.14 read 0.975
		// and 0.975, 1.000 and 0.975, 1.000 and 1.000, 1.000 and 1.000 right blind
		{"smoking-do.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dp.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dq.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-dr.xml", ": 20 notes", "1.000", "1.000"},
		// sets ds, dt (40 each), blind with rules 0.6.73 and model 0.3.14, not fixed: 0.975
		// and 0.950, 0.975 and 0.975 ("80 pack-years" labelled current by this writer; "She
		// smoked in her younger years"; an empty "Tobacco: ____" read by the model); the last
		// two read since rules 0.6.81
		{"smoking-ds.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-dt.xml", ": 40 notes", "1.000", "1.000"},
		// sets du, dv, dw (40 each), dx, dy, dz (20 each): rules 0.6.74 and model 0.3.14
		// read 0.975 and 1.000, 0.950 and 0.950, 0.975 and 1.000, 0.950 and 1.000, 1.000
		// and 1.000, 1.000 and 1.000 right blind; fixed in rules 0.6.75: "until today",
		// "Smoke cigarettes 5 per day", cigars now beside cigarettes "used to" be smoked.
		// Left: a quit "the day of his heart attack" three weeks before (dx10), "until her
		// last admission" three weeks before (dv13)
		{"smoking-du.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dv.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-dw.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-dx.xml", ": 20 notes", "1.000", "1.000"}, // "quit the day of his heart attack" (undated) is within the year when the note dates that heart attack within it (rules 0.6.91; the model had read it current only while a counselling sentence outweighed the quit)
		{"smoking-dy.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-dz.xml", ": 20 notes", "1.000", "1.000"},
		// sets ea, eb, ec (40 each), ed, ee, ef (20 each): rules 0.6.75 and model 0.3.14 read
		// 0.975 and 1.000, then 1.000 and 1.000 for the other five, right blind; fixed in
		// rules 0.6.76: "has not smoked since his heart attack on March 2nd" (a month's day
		// with no year, within the year before the note)
		{"smoking-ea.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-eb.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ec.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ed.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ee.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ef.xml", ": 20 notes", "1.000", "1.000"},
		// sets eg, eh, ei (40 each), ej, ek, el (20 each): rules 0.6.76 and model 0.3.14 read
		// 0.950 and 0.950, 1.000 and 0.950, 1.000 and 0.975, 0.950 and 1.000, 1.000 and 0.950,
		// 1.000 and 1.000 right blind; fixed in rules 0.6.77: "Tobacco - yes" (a dash field
		// answered yes; the model had read it non-smoker). "Tobacco use, recently quit" is read
		// since rules 0.6.83 (with model 0.3.15, README). Left: "quit when this chest pain
		// started", and the model's readings of counselling ("Keep up nonsmoking", "Advised
		// smoking cessation")
		{"smoking-eg.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-eh.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-ei.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ej.xml", ": 20 notes", "0.950", "1.000"},
		{"smoking-ek.xml", ": 20 notes", "1.000", "0.950"},
		{"smoking-el.xml", ": 20 notes", "1.000", "1.000"},
		// sets em, en, eo (40 each), ep, eq, er (20 each): rules 0.6.77 and model 0.3.14 read
		// 0.975 and 0.975, 0.850 and 0.925, 0.950 and 1.000, then 1.000 and 1.000, 1.000 and
		// 1.000, 1.000 and 0.950 right blind; fixed in rules 0.6.78: "Smoking history unknown",
		// "Tobacco: cigars, 2-3 per week", cigars smoked beside cigarettes "never", "determined
		// to quit". Left: "Denies smoking for the past several years" (this writer: past),
		// "smokers" in a consent's risk list, "She don't smoke, never", "quit 2013 in January"
		{"smoking-em.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-en.xml", ": 40 notes", "0.900", "0.950"},
		{"smoking-eo.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ep.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-eq.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-er.xml", ": 20 notes", "1.000", "1.000"},
		// sets es, et, eu (40 each), ev, ew, ex (20 each): rules 0.6.78 and model 0.3.14 read
		// 1.000 and 1.000, 0.975 and 0.975, then 1.000 and 1.000 for the other four, right
		// blind; fixed in rules 0.6.79: "he knows he must quit" (current)
		{"smoking-es.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-et.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-eu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ev.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ew.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ex.xml", ": 20 notes", "1.000", "1.000"},
		// sets ey, ez, fa (40 each), fb, fc, fd (20 each): rules 0.6.79 and model 0.3.14 read
		// 1.000 and 1.000, 0.950 and 0.975, 1.000 and 1.000, 1.000 and 0.950, 1.000 and 1.000,
		// 1.000 and 1.000 right blind. Left: "He has stopped smoking completely as of his MI"
		// read current from the note's other sentences, and "Smoker, 1 ppd x 30 years" (this
		// writer: current)
		{"smoking-ey.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ez.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-fa.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fb.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fc.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fd.xml", ": 20 notes", "1.000", "1.000"},
		// sets fe, ff, fg (40 each), fh, fi, fj (20 each): rules 0.6.80 and model 0.3.14 read
		// 0.925 and 0.900, 0.950 and 0.950, 1.000 and 1.000, 1.000 and 1.000, 1.000 and
		// 0.950, 1.000 and 1.000 right blind; fixed in rules 0.6.81: a blank "Tobacco use:
		// ____", a history "not documented", "unable to be obtained" or "unable to obtain",
		// "Tobacco and alcohol history unknown", "he stop 5 years ago" (non-native), "Son
		// says she smoked a little when she was young"
		{"smoking-fe.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ff.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fg.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fh.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fi.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fj.xml", ": 20 notes", "1.000", "1.000"},
		// sets fk, fl, fm (40 each), fn, fo, fp (20 each): rules 0.6.81 and model 0.3.14 read
		// 1.000 and 1.000, 0.975 and 0.950, 1.000 and 1.000, 1.000 and 0.950, then 1.000 and
		// 1.000 twice, right blind; fixed in rules 0.6.82: a pipe smoked now beside cigarettes
		// "used ... in the past", "Smoking status not documented", an ex-husband's smoking
		{"smoking-fk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fl.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fm.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fn.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fo.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fp.xml", ": 20 notes", "1.000", "1.000"},
		// sets fq, fr, fs (40 each), ft, fu, fv (20 each): rules 0.6.82 and model 0.3.14 read
		// 1.000 and 1.000, 0.875 and 0.875, 0.950 and 0.950, 1.000 and 0.950, 1.000 and
		// 0.950, 1.000 and 1.000 right blind; fixed in rules 0.6.83: "Son say she was smoking
		// ... but stopped about 10 years ago", "smoked \"a little\" years ago, none now", "he
		// stop after the heart attack in 1995", "Social smoker in college, none in over 20
		// years", "stopped on day of admission", "Smoking status: not recorded", a relative
		// asked "to smoke outside", "advised him to avoid alcohol and tobacco". Left: "a
		// remote history of tobacco abuse" (this writer: a smoker), and the model's "She is
		// a non-smoker" (the patient's wife, named in the sentence before)
		{"smoking-fq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fr.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-fs.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-ft.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fu.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-fv.xml", ": 20 notes", "1.000", "1.000"},
		// sets fw, fx, fy (40 each), fz, ga, gb (20 each): rules 0.6.83 and model 0.3.15 read
		// 0.975 and 0.975, 1.000 and 1.000, 0.975 and 0.975, 0.950 and 0.950, 1.000 and
		// 0.950, 0.950 and 1.000 right blind; fixed in rules 0.6.84: "smoked up until the
		// morning of MI", "she has been after him to quit", "her husband of 60 years, who
		// smokes", "counseled at length about quitting". Left: the model's "Strongly advised
		// smoking cessation" as current (the rules read counselling as nothing)
		{"smoking-fw.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fx.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fy.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-fz.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ga.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gb.xml", ": 20 notes", "1.000", "1.000"},
		// sets gc, gd, ge (40 each), gf, gg, gh (20 each): rules 0.6.84 and model 0.3.15 read
		// 1.000 and 1.000, 1.000 and 1.000, 1.000 and 0.950, 1.000 and 1.000, 1.000 and 1.000,
		// 1.000 and 0.950 right blind. Left (the model): "Continued abstinence from tobacco is
		// strongly encouraged" and "... including smoking cessation is recommended" read as
		// current, "She has not had a cigarette since and is using nicotine gum" as a never-smoker
		{"smoking-gc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gd.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ge.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gf.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gg.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gh.xml", ": 20 notes", "1.000", "0.950"},
		// the first wave of stretch 37 (gi-gn), blind with rules 0.6.85 and model 0.3.15:
		// gj 0.975 ("smoking history: not provided on requisition"), gk 0.975 ("Cigarettes:
		// yes."), the rest 1.000
		{"smoking-gi.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gj.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gl.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gm.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gn.xml", ": 20 notes", "1.000", "1.000"},
		// the second wave of stretch 37 (go-gt), blind with rules 0.6.86: go 0.975 for the
		// model ("Discussed cardiovascular risk reduction, including tobacco", counselling);
		// gp 0.950 ("never smoke in her life", "He was smoker before, stop 20 years ago"); gr
		// 0.950 ("Strongly encouraged him to stop smoking; he is willing to try nicotine
		// patches": a smoker now); now all 1.000
		{"smoking-go.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gp.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gr.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gs.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gt.xml", ": 20 notes", "1.000", "1.000"},
		// the third wave of stretch 37 (gu-gz), blind with rules 0.6.87: gu 0.975 ("Smoking
		// cessation counseling is recommended if the patient is still smoking"), gx 0.950
		// ("She smoked during her first pregnancy but not anymore"), gy 0.950 (a son's smoking
		// "and they have asked him not to smoke indoors"); now all 1.000
		{"smoking-gu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gv.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gw.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-gx.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gy.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-gz.xml", ": 20 notes", "1.000", "1.000"},
		// the fourth wave of stretch 37 (ha-hf), blind with rules 0.6.88: hb 0.925 ("The
		// daughter states her mother has never smoked", "he did not smoke since 3 months",
		// left: a pipe now beside cigarettes quit in the 1980s, which this writer calls past, and
		// since rules 0.6.132 hb18 "Occasional cigar at weddings" after cigarettes quit at 45, the
		// same call); the rest 1.000
		{"smoking-ha.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hb.xml", ": 40 notes", "0.950", "0.950"},
		{"smoking-hc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hd.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-he.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hf.xml", ": 20 notes", "1.000", "1.000"},
		// the first wave of stretch 38 (hg-hl), blind with rules 0.6.90: hh 0.950 ("Cigar
		// smoker, 2-3 cigars/wk" is a current smoker; "Smoking: former." is past), hi 0.975
		// and 0.950 ("the admission history does not otherwise document her tobacco history"
		// says nothing; the model read a TEE's "Given the dense smoke, ..." as a smoker);
		// now 1.000, as the rest were
		{"smoking-hg.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hh.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hi.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hj.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hk.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hl.xml", ": 20 notes", "1.000", "1.000"},
		// the second wave of stretch 38 (hm-hr), blind with rules 0.6.90 and the first
		// wave's fixes: hm 0.975 ("Tobacco use: ______ (questionnaire not completed)" says
		// nothing), ho 0.975 for the model ("Lives with her husband, who smokes on the
		// porch; she has asked him to quit ..."),
		// hr 0.950 for the rules (a smoker's own "I know, I know, I have to quit"); now
		// 1.000, as the rest were
		{"smoking-hm.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hn.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ho.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hp.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hq.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hr.xml", ": 20 notes", "1.000", "1.000"},
		// the third wave of stretch 38 (hs-hx), blind with rules 0.6.91: hs 0.950 ("He
		// stopped the cigarette in 1990, before he was smoking 2 packs per day"; "chewed
		// tobacco for years, quit in 1985" is smokeless only), ht 0.975 ("occasionally smokes
		// a cigar ..., otherwise does not use tobacco"), hu 0.975 ("Smoking history was not
		// obtained"); now 1.000, as the rest were
		{"smoking-hs.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ht.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hv.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hw.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-hx.xml", ": 20 notes", "1.000", "1.000"},
		// the fourth wave of stretch 38 (hy-id), blind with rules 0.6.92: ia 0.975 for the
		// model ("Tobacco: not asked at this visit." says nothing); now 1.000, as the rest
		// were
		{"smoking-hy.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-hz.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ia.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ib.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ic.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-id.xml", ": 20 notes", "1.000", "1.000"},
		// the fifth wave of stretch 38 (ie-ij), blind with rules 0.6.93 less its last
		// narrowing: ie 0.975 ("His daughter says he chewed tobacco for many years; cigarette
		// use was not discussed" says nothing of smoking); now 1.000, as the rest were
		{"smoking-ie.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-if.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ig.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ih.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ii.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ij.xml", ": 20 notes", "1.000", "1.000"},
		// the sixth wave of stretch 38 (ik-ip), blind with rules 0.6.93: ik 0.950 ("smoking
		// cessation if he has not already stopped", a condition; "her husband of 50 years,
		// who is a heavy smoker"), il 0.975 / 0.950 (the model read "tobacco use ____." as a
		// smoker; left: "gave up tobacco entirely in early 2011", which the learning-loop test
		// keeps as the phrasing the rules and the base model do not know), im 0.950 ("Social cigarette
		// use", "Current everyday smoker, 1 ppd x 45 yrs"; the model read "Smoking: patient
		// declined to answer." as current); now 1.000 but il (0.975), as the rest were
		{"smoking-ik.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-il.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-im.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-in.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-io.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ip.xml", ": 20 notes", "1.000", "1.000"},
		// waves 29-30 (rules 0.6.94-0.6.95), blind: iq 0.950 ("tobacco history was not
		// obtainable"; left iq32, "he has no tobacco use of his own listed", labelled unknown),
		// ir 0.975 (left ir10, "Long history of tobacco abuse, about 2 packs per day for many
		// years per the wife", labelled smoker), ja 1.000 / model 0.950 ("advised husband to
		// quit"), jb 0.950 ("Her husband, who passed away in 1999, smoked for many years"),
		// ix 0.975 ("she deny tobacco"), iy 0.950 ("gave this up", "this past March"), iz
		// 0.950 ("knows he has to quit"); the rest 1.000
		{"smoking-iq.xml", ": 40 notes", "1.000", "1.000"}, // iq32's "no tobacco use of his own listed" says nothing since rules 0.6.100
		{"smoking-ir.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-is.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-it.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-iu.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-iv.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-iw.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ix.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-iy.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-iz.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ja.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jb.xml", ": 20 notes", "1.000", "1.000"},
		// wave 31 (rules 0.6.95), blind: je 0.950 / model 0.975 ("who has emphysema and is
		// still smoking", "does not say anything about smoking"), jg 0.950 ("states he
		// "can't" quit"), jh model 0.950 ("including quitting smokeless tobacco and avoiding
		// cigarettes" says nothing, also to the model); now all 1.000
		{"smoking-jc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jd.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-je.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jf.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jg.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jh.xml", ": 20 notes", "1.000", "1.000"},
		// wave 32 (rules 0.6.96), blind: ji 0.975 ("Smoking history zero."); the rest 1.000
		{"smoking-ji.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jj.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jl.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jm.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jn.xml", ": 20 notes", "1.000", "1.000"},
		// wave 33 (rules 0.6.97), blind: jo 0.975 ("No spontaneous echo contrast or smoke
		// seen"), jp 0.975 / model 0.950 (non-native "Before he was smoking 1 pack daily";
		// the model read "tobacco and alcohol history not documented" as a smoker), jq 0.975
		// ("Quit smoking 2 years ago ...; she has not relapsed"); now all 1.000
		{"smoking-jo.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jp.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jr.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-js.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jt.xml", ": 20 notes", "1.000", "1.000"},
		// wave 34 (rules 0.6.98), blind: jw 0.950 ("He quit smoking at the time of his
		// infarction", dated 3 months before the note; non-native "left smoking 10 years
		// back"), now 1.000; left: jv09, where the model reads "Prior 60 pack-year history."
		// over "She continues to smoke about half a pack per day" (the rules read it right)
		{"smoking-ju.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jv.xml", ": 20 notes", "1.000", "0.950"},
		{"smoking-jw.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-jx.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jy.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-jz.xml", ": 20 notes", "1.000", "1.000"},
		// wave 35 (rules 0.6.99), blind: ka 0.950 / model 0.975 ("No tobacco or alcohol use
		// documented by facility" says nothing, also to the model; left: "Occasional cigar,
		// maybe once a month", read as nothing: reading "occasional/rare cigar(ette)" as current
		// moved a real and an LLM-written training sentence, and with them the shipped model)
		{"smoking-ka.xml", ": 40 notes", "0.975", "1.000"},
		{"smoking-kb.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kd.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ke.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kf.xml", ": 20 notes", "1.000", "1.000"},
		// wave 36 (rules 0.6.103), blind: kg 0.925 ("Smoking cessation would be the most
		// effective intervention", a husband's quit, a blank form's "____ packs/day"), kh 0.975,
		// kl 0.900 / model 0.950 ('smokes about a pack per day, ... "tried to quit a few
		// times."'); kh35 stays: its writer labels "He is a smoker." a smoker with no time,
		// where this project's sets and a real training note read it current
		{"smoking-kg.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kh.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-ki.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kj.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kk.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kl.xml", ": 20 notes", "1.000", "1.000"},
		// wave 37 (rules 0.6.104), blind: km 0.975 / model 0.925 ("we could not find out about
		// her own tobacco use"; the model reads "He smoked cigars in his 30s. Does not smoke
		// cigarettes." as a never-smoker and "Tobacco use: 35 pack-years. He is not sure exactly
		// when he last smoked" too, where the rules are right), ko 0.950 ('list tobacco use as
		// "none."', "Husband reports she has never smoked. He smokes."), kp 0.950 ("Father had
		// lung cancer; he was a heavy smoker."), kr 0.950 / model 1.000 (a quit "on the day of
		// his heart attack" in its discharge summary)
		{"smoking-km.xml", ": 40 notes", "1.000", "0.950"},
		{"smoking-kn.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ko.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kp.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kq.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kr.xml", ": 20 notes", "1.000", "1.000"},
		// wave 38 (rules 0.6.105), blind: ks 0.925 ('Smoked cigars "a few a week" for many
		// years, still does.', "remote smoker, details unknown", "Smoking hx unable to be
		// obtained"); the rest 1.000
		{"smoking-ks.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kt.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ku.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kv.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kw.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-kx.xml", ": 20 notes", "1.000", "1.000"},
		// wave 39 (rules 0.6.106), blind: kz 0.875 ('still has "a few a day."', 'he is "down
		// to 3 or 4 a day"', "Tob: denies.", "no smoking history known to daughter; daughter not
		// sure"; kz29 stays: "He is a smoker." labelled a smoker with no time), la 0.925 / model
		// 0.950 ("She smoke cigarettes half pack per day until now", "she did not know of any
		// cigarette use"; la21 stays for the rules: a social history opened by "Obtained from
		// his daughter at bedside:", which the model reads right)
		{"smoking-ky.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-kz.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-la.xml", ": 40 notes", "0.975", "1.000"},
		{"smoking-lb.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-lc.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ld.xml", ": 20 notes", "1.000", "1.000"},
		// wave 40 (rules 0.6.107), blind: lg 0.975 ("Smoked a pipe for years; no cigarettes.");
		// the rest 1.000
		{"smoking-le.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lf.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lg.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lh.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-li.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-lj.xml", ": 20 notes", "1.000", "1.000"},
		// wave 41 (rules 0.6.108), blind: ll 0.975 ("he is not willing to quit"), lm 0.975
		// ("Previously a pack a day for 25 years."); the rest 1.000
		{"smoking-lk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ll.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lm.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ln.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-lo.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-lp.xml", ": 20 notes", "1.000", "1.000"},
		// wave 42 (rules 0.6.111), blind: lr 0.975 / model 0.950 ("He is smoker." read as a
		// smoker with no time; the model's lr14 "Congratulated her on not smoking." over a
		// quit 5 months before the note, which the rules read right: left, a retrain's), ls
		// 0.950 (echo '"smoke"' in quotes; a blank "TOBACCO USE: ____,MEDICATIONS:"), lu 0.950
		// ("The niece does not know his tobacco or alcohol history."); the rest 1.000
		{"smoking-lq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lr.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-ls.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lt.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-lu.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-lv.xml", ": 20 notes", "1.000", "1.000"},
		// wave 43 (rules 0.6.112), blind: lw 0.975 ("no details regarding tobacco or alcohol
		// use are available"), lx 0.925 ("Nicotine vaping: counseled to quit" of a never-smoker;
		// 'Smoked a few cigarettes a day when young, "not for 50 years."'; "Smoking hx not
		// obtained"), ma 0.950 ('"I know, I know, I've got to quit."'); left: the model's ly30,
		// "Counseled again never to smoke near oxygen." over a past smoker (the rules read it
		// right; a retrain's)
		{"smoking-lw.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-lx.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ly.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-lz.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ma.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mb.xml", ": 20 notes", "1.000", "1.000"},
		// wave 44 (rules 0.6.113), blind: mc 0.975 / model 0.975 ('Occasional cigarette at
		// social events, "maybe a pack a month."'), md 0.950 ("Has the occasional cigarette
		// socially"), mg 0.975 for the rules ("does not consider himself a smoker"); left:
		// md39 "Patient is a smoker.", labelled a smoker with no time (this project reads it as
		// current, as sets kh and kz's writers did not)
		{"smoking-mc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-md.xml", ": 40 notes", "0.975", "0.975"},
		{"smoking-me.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mf.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mg.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mh.xml", ": 20 notes", "1.000", "1.000"},
		// wave 45 (rules 0.6.114), blind: mj 0.975 ("He smoked for 25 years, stopping in
		// 1985."), mk 0.975 ("has not been able to quit despite several attempts"); the rest
		// 1.000
		{"smoking-mi.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mj.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ml.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mm.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mn.xml", ": 20 notes", "1.000", "1.000"},
		// wave 46 (rules 0.6.116), blind: mq 0.975 ("his wife reports he still sneaks a few
		// cigarettes a day"); left: the model's mo38 "Tobacco: Yes" in a run-in field list, and
		// mt08 "quit the week of his stroke" three months before the note (a quit under a year
		// is current, but the rules date a quit by a heart attack only)
		{"smoking-mo.xml", ": 40 notes", "1.000", "0.975"},
		{"smoking-mp.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mr.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ms.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mt.xml", ": 20 notes", "0.950", "0.950"},
		{"smoking-mu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mv.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-mw.xml", ": 40 notes", "1.000", "0.975"}, // mw40 "Congratulated on not smoking." after a quit three months before: the model's (a retrain's)
		{"smoking-mx.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-my.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-mz.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-na.xml", ": 40 notes", "0.975", "0.975"}, // na21 "Smoker." then "Tobacco: advised to quit.", labelled a smoker of no time (read as current: the advice implies smoking now)
		{"smoking-nb.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nd.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ne.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nf.xml", ": 20 notes", "1.000", "0.950"}, // nf20 "Tobacco: see nursing intake.": the model's (a retrain's)
		{"smoking-ng.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nh.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ni.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nj.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nk.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nl.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nm.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nn.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-no.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-np.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nq.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nr.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ns.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nt.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nu.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nv.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nw.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-nx.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ny.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-nz.xml", ": 40 notes", "1.000", "0.975"}, // nz24 "Advised to stop smokeless tobacco as nicotine impairs fusion rates.": the model's (a retrain's)
		{"smoking-oa.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ob.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-oc.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-od.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-oe.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-of.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-og.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-oh.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-oi.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-oj.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ok.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ol.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-om.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-on.xml", ": 20 notes", "1.000", "0.950"}, // on19 "Confirm smoking status next visit (not documented in transferred records)": the model's (a retrain's)
		{"smoking-oo.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-op.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-oq.xml", ": 40 notes", "1.000", "0.975"}, // oq32 "Smoking history unobtainable; the transfer sheet is blank under tobacco.": the model's (a retrain's)
		{"smoking-or.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-os.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ot.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ou.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ov.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ow.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-ox.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-oy.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-oz.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-pa.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-pb.xml", ": 20 notes", "1.000", "0.950"}, // pb19 "He is to stay away from cigarettes.": the model's (a retrain's)
		{"smoking-pc.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pd.xml", ": 40 notes", "1.000", "0.975"}, // pd06 "No cigarette use." beside a past smoker's history: the model's (a retrain's)
		{"smoking-pe.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pf.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-pg.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ph.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-pi.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pj.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pk.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pl.xml", ": 20 notes", "1.000", "0.950"}, // pl18 "Tobacco cessation counseling offered regarding the smokeless tobacco; he is ambivalent.": the model's (a retrain's)
		{"smoking-pm.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-pn.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-po.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pp.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pq.xml", ": 40 notes", "1.000", "1.000"},
		{"smoking-pr.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-ps.xml", ": 20 notes", "1.000", "1.000"},
		{"smoking-pt.xml", ": 20 notes", "1.000", "1.000"},
	} {
		code, stdout, stderr := runCLI(t, "eval", "smoking", "--data", "../../testdata/written/"+set.file, "--errors")
		if code != 0 {
			t.Fatalf("eval %s: exit %d\n%s\n%s", set.file, code, stdout, stderr)
		}
		if !strings.Contains(stdout, set.notes) {
			t.Fatalf("%s: want%s:\n%s", set.file, set.notes, stdout)
		}
		found := false
		for _, l := range strings.Split(stdout, "\n") {
			if f := strings.Fields(l); len(f) == 4 && f[0] == "micro" && f[1] == "F1" {
				found = true
				if f[2] < set.rules || f[3] < set.model {
					t.Errorf("%s: micro F1 rules %s, model %s; want at least %s and %s:\n%s", set.file, f[2], f[3], set.rules, set.model, stdout)
				}
				break
			}
		}
		if !found {
			t.Fatalf("%s: no micro F1 line:\n%s", set.file, stdout)
		}
	}
}
