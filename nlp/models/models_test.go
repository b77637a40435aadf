package models

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/torch"
)

// examples: a few clear sentences per class, repeated with variations.
func examples() []Example {
	base := []Example{
		{"Current smoker, 1 ppd.", 0}, {"Smokes 10 cigarettes a day.", 0}, {"Raucht ca. 20 Zig./d.", 0}, {"Active smoker.", 0},
		{"Former smoker, quit in 1999.", 1}, {"Quit smoking 20 years ago.", 1}, {"Ex-Raucher seit 2005.", 1}, {"Nikotinkarenz seit 10 Jahren.", 1},
		{"40 pack-year smoking history.", 2}, {"Tobacco abuse.", 2}, {"Nikotinabusus (30 py).", 2}, {"History of smoking.", 2},
		{"Never smoker.", 3}, {"Denies tobacco use.", 3}, {"Nichtraucher.", 3}, {"Has never smoked.", 3},
		{"Wife smokes.", 4}, {"Vater Raucher.", 4}, {"Exposed to second-hand smoke.", 4}, {"Parents both smokers.", 4},
	}
	var out []Example
	for i := 0; i < 20; i++ {
		out = append(out, base...)
	}
	return out
}

func TestMain(m *testing.M) {
	torch.SetThreads(runtime.NumCPU())
	os.Exit(m.Run())
}

func TestTrainSaveLoadPredict(t *testing.T) {
	w := torch.NewWorker()
	defer w.Close()
	dir := filepath.Join(t.TempDir(), "smoking")
	probe := []string{"Never smoker.", "Current smoker, 1 ppd.", "Ex-Raucher seit 2005."}
	var before [][]float64
	var res TrainResult
	err := w.Do(context.Background(), func() error {
		m, r, err := TrainSmoking(DefaultSmokingConfig(), examples(), TrainOptions{Epochs: 8, Batch: 32, LR: 0.02, Patience: 3, Seed: 1, Device: gotch.CPU, ValSplit: 0.2})
		if err != nil {
			return err
		}
		res = r
		before = m.Predict(probe)
		_, err = m.Save(dir, SmokingMeta{Name: "test", Version: "0"}, map[string]any{"metrics.json": r})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ValAccuracy < 0.9 {
		t.Fatalf("validation accuracy %.2f on a separable toy set", res.ValAccuracy)
	}
	for i, want := range []int{3, 0, 1} {
		if got := argmax(before[i]); got != want {
			t.Errorf("%q: class %s, want %s", probe[i], SentenceLabels[got], SentenceLabels[want])
		}
	}
	// Reloaded, the model gives the same probabilities (deterministic in eval mode).
	err = w.Do(context.Background(), func() error {
		m, meta, sum, err := LoadSmoking(dir, gotch.CPU)
		if err != nil {
			return err
		}
		if meta.Name != "test" || len(sum) != 64 {
			t.Errorf("meta %+v sum %q", meta, sum)
		}
		after := m.Predict(probe)
		for i := range before {
			for j := range before[i] {
				if before[i][j] != after[i][j] {
					t.Errorf("probability [%d][%d] %v after reload, %v before", i, j, after[i][j], before[i][j])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A damaged model is refused.
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"task":"smoking"}`), 0o644)
	err = w.Do(context.Background(), func() error { _, _, _, err := LoadSmoking(dir, gotch.CPU); return err })
	if err == nil {
		t.Fatal("a model whose config.json no longer matches its manifest was loaded")
	}
}

func TestExtractorUsesTheModelForSmokingAndRulesForTheRest(t *testing.T) {
	w := torch.NewWorker()
	dir := filepath.Join(t.TempDir(), "smoking")
	err := w.Do(context.Background(), func() error {
		m, _, err := TrainSmoking(DefaultSmokingConfig(), examples(), TrainOptions{Epochs: 8, Batch: 32, LR: 0.02, Patience: 3, Seed: 2, Device: gotch.CPU, ValSplit: 0.2})
		if err != nil {
			return err
		}
		_, err = m.Save(dir, SmokingMeta{Name: "test", Version: "0"}, nil)
		return err
	})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(Options{Smoking: dir, Device: gotch.CPU})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	date := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	out, err := e.Extract(context.Background(), []nlp.Input{
		{Text: "Social history: Wife smokes. Never smoker. Atrial fibrillation. LVEF 35%.", Date: date},
		{Text: "Cardiology clinic. Hypertension.", Date: date},
		{Text: "Quit smoking 6 months ago.", Date: date},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Smoking.Status != findings.NonSmoker || out[0].LVEF == nil || len(out[0].Conditions) == 0 {
		t.Errorf("note 1: %+v", out[0])
	}
	if out[1].Smoking.Status != findings.Unknown {
		t.Errorf("note 2 mentions no tobacco: %s", out[1].Smoking.Status)
	}
	if s := out[0].Smoking; len(s.Evidence) != 1 || s.Evidence[0].Start == 0 {
		t.Errorf("note 1 evidence %v: want the 'Never smoker.' sentence", s.Evidence)
	}
	if m := e.Model(); m.Name != "test+rules" || len(m.SHA256) != 64 {
		t.Errorf("model identity %+v", m)
	}

	// Two replicas, called from many goroutines at once: the same answers (deterministic
	// in eval mode), and the calls really run on both.
	e2, err := Open(Options{Smoking: dir, Device: gotch.CPU, Replicas: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if e2.Replicas() != 2 {
		t.Fatalf("%d replicas", e2.Replicas())
	}
	in := []nlp.Input{{Text: "Former smoker, quit 2001. Wife smokes.", Date: date}, {Text: "Current smoker, 1 ppd.", Date: date}, {Text: "Never smoked.", Date: date}}
	want, err := e.Extract(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				got, err := e2.Extract(context.Background(), in)
				if err != nil {
					t.Error(err)
					return
				}
				for i := range want {
					if got[i].Smoking.Status != want[i].Smoking.Status || got[i].Smoking.Score != want[i].Smoking.Score {
						t.Errorf("note %d: replica says %s %.6f, single model %s %.6f", i, got[i].Smoking.Status, got[i].Smoking.Score, want[i].Smoking.Status, want[i].Smoking.Score)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestTaggerFindsTrainedMentionsAndRoundTrips(t *testing.T) {
	for _, arch := range []string{"", "bilstm"} {
		t.Run("arch="+arch, func(t *testing.T) { testTagger(t, arch) })
	}
}

func testTagger(t *testing.T, arch string) {
	notes := []TaggedNote{}
	texts := []struct {
		text, code, mention string
	}{
		{"Known atrial fibrillation on apixaban.", "49436004", "atrial fibrillation"},
		{"History of hypertension, well controlled.", "38341003", "hypertension"},
		{"Bekanntes Vorhofflimmern seit 2019.", "49436004", "Vorhofflimmern"},
		{"Arterielle Hypertonie, gut eingestellt.", "38341003", "Hypertonie"},
		{"No complaints today, walks daily.", "", ""},
	}
	for i := 0; i < 40; i++ {
		for _, x := range texts {
			m := map[string][]findings.Span{}
			if x.code != "" {
				start := len([]rune(x.text[:strings.Index(x.text, x.mention)]))
				m[x.code] = []findings.Span{{Start: start, End: start + len([]rune(x.mention))}}
			}
			notes = append(notes, TaggedNote{Text: x.text, Mentions: m})
		}
	}
	cfg := DefaultTaggerConfig([]string{"49436004", "38341003"})
	batch := 64
	if cfg.Arch = arch; arch == "bilstm" {
		cfg.Hidden, batch = 32, 8
	}
	w := torch.NewWorker()
	defer w.Close()
	dir := filepath.Join(t.TempDir(), "entities")
	err := w.Do(context.Background(), func() error {
		tg, res, err := TrainTagger(cfg, notes, TrainOptions{Epochs: 6, Batch: batch, LR: 0.02, Patience: 3, Seed: 1, Device: gotch.CPU, ValSplit: 0.1})
		if err != nil {
			return err
		}
		if res.ValAccuracy < 0.9 {
			t.Errorf("validation accuracy %.2f (loss %.4f)", res.ValAccuracy, res.TrainLoss)
		}
		got := tg.Tag("Known atrial fibrillation. No complaints today.")
		if len(got) != 1 || got[0].Code != "49436004" || got[0].Span != (findings.Span{Start: 6, End: 25}) {
			t.Errorf("mentions %+v, want atrial fibrillation at [6,25)", got)
		}
		if _, err := tg.Save(dir, TaggerMeta{Name: "t", Version: "0"}, nil); err != nil {
			return err
		}
		back, meta, _, err := LoadTagger(dir, gotch.CPU)
		if err != nil {
			return err
		}
		if meta.Task != "entities" || len(back.Tag("Bekanntes Vorhofflimmern seit 2019.")) != 1 {
			t.Errorf("reloaded tagger: %+v", meta)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestClassifyLetsTheSurestPatientSentenceDecide(t *testing.T) {
	// "Husband smokes" read uncertainly as current; "never smoked herself" read surely.
	st, idx, score := Classify([][]float64{{0.55, 0.05, 0.05, 0.05, 0.30}, {0.02, 0.01, 0.01, 0.93, 0.03}})
	if st != findings.NonSmoker || idx != 1 || score != 0.93 {
		t.Errorf("got %s from sentence %d (%.2f), want NON-SMOKER from sentence 1", st, idx, score)
	}
	if st, idx, _ := Classify([][]float64{{0.1, 0.1, 0.1, 0.1, 0.6}}); st != findings.Unknown || idx != -1 {
		t.Errorf("only OTHER sentences: %s %d, want UNKNOWN", st, idx)
	}
	if st, _, _ := Classify([][]float64{{0.5, 0.5, 0, 0, 0}}); st != findings.Current {
		t.Errorf("a tie goes to the more specific status, got %s", st)
	}
	// "Tobacco abuse." read surely as a smoker of no time; "He smokes 1 pack per day" less
	// surely as current: the sentence that says when decides.
	if st, idx, _ := Classify([][]float64{{0.02, 0.02, 0.93, 0.02, 0.01}, {0.80, 0.05, 0.10, 0.03, 0.02}}); st != findings.Current || idx != 1 {
		t.Errorf("a smoker of no time beside a current smoker: %s from sentence %d, want CURRENT SMOKER from 1", st, idx)
	}
	// A surer never-smoker still outweighs a smoker, as before.
	if st, _, _ := Classify([][]float64{{0.02, 0.02, 0.80, 0.15, 0.01}, {0.02, 0.02, 0.02, 0.93, 0.01}}); st != findings.NonSmoker {
		t.Errorf("got %s, want NON-SMOKER", st)
	}
}

func TestBuiltinModelsUnpackOnceAndLoad(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	dir, err := BuiltinDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, cache) || !BuiltinHas("smoking") {
		t.Fatalf("unpacked to %s, want under %s", dir, cache)
	}
	again, err := BuiltinDir()
	if err != nil || again != dir {
		t.Fatalf("second call: %s %v", again, err)
	}
	e, err := Open(Options{Smoking: filepath.Join(dir, "smoking"), Device: gotch.CPU})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	out, err := e.Extract(context.Background(), []nlp.Input{{Text: "Social history: current smoker, 1 ppd for 30 years."}, {Text: "Never smoked."}})
	if err != nil || out[0].Smoking.Status != findings.Current || out[1].Smoking.Status != findings.NonSmoker {
		t.Fatalf("shipped model: %v %+v", err, out)
	}
	// A cache that cannot be written (a container's read-only home): the temp folder.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", filepath.Join(blocker, "cache"))
	if dir, err := BuiltinDir(); err != nil || !strings.HasPrefix(dir, os.TempDir()) {
		t.Fatalf("with an unwritable cache: %s %v", dir, err)
	}
}

// The shipped model reads the sentences real EHR exports and transcriptions write (the
// Synthea template, "quite" typo included; MTSamples; Cerner): each of these once came out
// as a current smoker.
func TestShippedModelReadsRealFormatSocialHistory(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir, err := BuiltinDir()
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(Options{Smoking: filepath.Join(dir, "smoking"), Device: gotch.CPU})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	date := time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		text string
		want findings.SmokingStatus
	}{
		{"She is a nonsmoker.", findings.NonSmoker},
		{"Patient denies tobacco use.", findings.NonSmoker},
		{"She does not smoke, drink or use any illicit drugs.", findings.NonSmoker},
		{"No history of smoking.", findings.NonSmoker},
		{"He quit smoking in 1997.", findings.Past},
		{"Patient is a former smoker.", findings.Past},
		{"Patient quit smoking at age 45.", findings.Past},
		{"Patient is an active smoker.", findings.Current},
		{"Patient is an active smoker and is an alcoholic.", findings.Current},
		{"Patient has never smoked.", findings.NonSmoker},
		{"Patient has never smoked and is an alcoholic.", findings.NonSmoker},
		{"Patient quite smoking at age 45.", findings.Past},
		{"Jane is a 67 year-old white female.\n\n# Social History\nPatient is married. Patient quite smoking at age 45 and is an alcoholic. Patient identifies as heterosexual.", findings.Past},
		{"Jane is a 45 year-old white female.\n\n# Social History\nPatient is married. Patient quite smoking at age 45.", findings.Current}, // quit within the year
	}
	in := make([]nlp.Input, len(cases))
	for i, c := range cases {
		in[i] = nlp.Input{Text: c.text, Date: date}
	}
	out, err := e.Extract(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if out[i].Smoking.Status != c.want {
			t.Errorf("%q: %s, want %s", c.text, out[i].Smoking.Status, c.want)
		}
	}
}

func TestRulesShareMovesUnsureSentencesOnly(t *testing.T) {
	sents := []string{"Patient is a former smoker.", "She smokes occasionally at parties, she says.", "Cardiology clinic."}
	// The model: unsure on the first (reads current 0.45 / past 0.40), sure on the second
	// (current 0.9), nothing on the third; the rules read past, current, nothing.
	probs := [][]float64{{0.45, 0.40, 0.05, 0.05, 0.05}, {0.9, 0.02, 0.02, 0.04, 0.02}, {0.1, 0.1, 0.1, 0.1, 0.6}}
	read, field := rulesReading(sents)
	mixed := mixRules(probs, read, field, 0.4)
	if st, idx, _ := Classify(mixed[:1]); st != findings.Past || idx != 0 {
		t.Errorf("unsure model, rules say past: got %s", st)
	}
	if got := mixed[1][0]; math.Abs(got-(0.6*0.9+0.4)) > 1e-9 {
		t.Errorf("current share %.3f, want 0.6*0.9+0.4", got)
	}
	if &mixed[2][0] != &probs[2][0] {
		t.Error("a sentence the rules cannot read keeps the model's probabilities")
	}
	for i, p := range mixed {
		sum := 0.0
		for _, x := range p {
			sum += x
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("sentence %d: probabilities sum to %.3f", i, sum)
		}
	}
	// A model sure of another status overrules the rules: past 0.8 against the rules'
	// current for the second sentence.
	sure := mixRules([][]float64{{0.1, 0.8, 0.04, 0.04, 0.02}}, read[1:2], field[1:2], 0.4)
	if st, _, _ := Classify(sure); st != findings.Past {
		t.Errorf("a sure model should overrule the rules, got %s", st)
	}
	if off := mixRules(probs, read, field, 0); &off[0][0] != &probs[0][0] {
		t.Error("mix 0 (ModelOnly) must leave the model's probabilities as they are")
	}
	// A form's field is read outright, however sure the model is of another status.
	fread, ffield := rulesReading([]string{"Smoking status: Smoker, Current Status Unknown", "Do you currently use tobacco? No"})
	if !ffield[0] || !ffield[1] || fread[0] != findings.Smoker || fread[1] != findings.NonSmoker {
		t.Fatalf("fields read %v %v, want smoker and non-smoker from fields", fread, ffield)
	}
	forms := mixRules([][]float64{{0.9, 0.02, 0.02, 0.04, 0.02}, {0.9, 0.02, 0.02, 0.04, 0.02}}, fread, ffield, 0.4)
	if st, _, _ := Classify(forms[:1]); st != findings.Smoker {
		t.Errorf("a status field should decide its sentence, got %s", st)
	}
	if st, _, _ := Classify(forms[1:]); st != findings.NonSmoker {
		t.Errorf("an answered question should decide its sentence, got %s", st)
	}
	// A sentence whose every tobacco word is not the patient's says nothing, however sure
	// the model is; one where the patient's own quit is left keeps the model's reading.
	oread, ofield := rulesReading([]string{"He smokes marijuana daily.", "Father smokes 1 ppd.", "His wife smokes; he quit in 2010."})
	if !ofield[0] || !ofield[1] || ofield[2] || oread[0] != findings.Unknown || oread[1] != findings.Unknown {
		t.Fatalf("others' smoking read %v %v, want unknown from the words for the first two only", oread, ofield)
	}
	// Nicotine replacement alone says nothing (LABELLING.md); with a quit beside it the
	// sentence stays the model's.
	nread, nfield := rulesReading([]string{"nicotine 21 mg/24 hr transdermal patch - apply 1 patch daily", "Nicotine patch 14 mg prescribed; she is thinking about quitting."})
	if !nfield[0] || nread[0] != findings.Unknown || nfield[1] {
		t.Errorf("nicotine replacement read %v %v, want unknown from the words for the first only", nread, nfield)
	}
	sure2 := [][]float64{{0.9, 0.02, 0.02, 0.04, 0.02}, {0.9, 0.02, 0.02, 0.04, 0.02}, {0.1, 0.8, 0.04, 0.04, 0.02}}
	others := mixRules(sure2, oread, ofield, 0.4)
	if st, _, _ := Classify(others[:2]); st != findings.Unknown {
		t.Errorf("marijuana and a father's smoking should say nothing of the patient, got %s", st)
	}
	if st, _, _ := Classify(others[2:]); st != findings.Past {
		t.Errorf("the patient's own quit beside a wife's smoking should stay the model's, got %s", st)
	}
}

// A counselling sentence the rules read nothing from decides only where no other sentence
// does: the model, sure it meant a current smoker, had overruled "Tobacco use: yes" and a
// quit (sets ga, ge); alone, its reading stands.
func TestCounsellingDecidesOnlyAlone(t *testing.T) {
	sents := []string{"Strongly advised smoking cessation and avoidance of her husband's second-hand smoke.", "Former smoker, quit in 1998."}
	read, field := rulesReading(sents)
	if read[0] != findings.Unknown || field[0] || read[1] != findings.Past {
		t.Fatalf("rules read %v %v, want nothing (not final) and past", read, field)
	}
	probs := [][]float64{{0.95, 0.01, 0.01, 0.01, 0.02}, {0.2, 0.7, 0.05, 0.03, 0.02}}
	both := counselAsFallback(mixRules(probs, read, field, 0.4), sents, read, field)
	if st, idx, _ := Classify(both); st != findings.Past || idx != 1 {
		t.Errorf("counselling beside a quit: %s from sentence %d, want past from sentence 1", st, idx)
	}
	alone := counselAsFallback(mixRules(probs[:1], read[:1], field[:1], 0.4), sents[:1], read[:1], field[:1])
	if st, _, _ := Classify(alone); st != findings.Current {
		t.Errorf("counselling alone: %s, want the model's current", st)
	}
	if &alone[0][0] != &probs[0][0] {
		t.Error("counselling alone must keep the model's probabilities")
	}
	// A counselling sentence the rules read a status from is not counselling only.
	cread, cfield := rulesReading([]string{"He continues to smoke about 1 pack per day and was again counseled at length on cessation."})
	if cread[0] != findings.Current {
		t.Fatalf("rules read %v %v, want current", cread, cfield)
	}
}
