package integration

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
)

// The learning loop end to end, on real notes: real MTSamples reports (the real dev
// set's notes that say nothing of tobacco) each given one social-history sentence of a
// phrasing family the base model was never trained on ("X gave up Y at Z"). serve reads
// them with the base model and gets the family wrong; 30+ clinicians' corrections arrive
// over Kafka (amended Observations, and new ones for statuses the model missed); the
// scheduled retrain promotes a new version, which both serve instances (the second
// learns of it from the models topic) read every message after the swap with, while
// documents keep flowing and none is lost. A second round of deliberately
// wrong corrections is rejected by the gate. The figures are printed.
func TestLearningLoopEndToEnd(t *testing.T) {
	addr := kafkaAddr(t)
	bin := notecoderBin(t)
	work := t.TempDir()

	// A base model that has never seen the family (the training notes hold no "gave up").
	baseData := filepath.Join(work, "base-train.xml")
	writeWithout(t, "../testdata/real/smoking-train.xml", "gave up", baseData)
	data := []string{baseData, "../testdata/train/smoking-train-en-a.xml", "../testdata/train/smoking-train-en-b.xml"}
	base := filepath.Join(work, "base")
	args := []string{"train", "smoking", "--arch", "bag", "--synthetic", "1000", "--seed", "1", "--version", "1.0.0", "--out", filepath.Join(base, "smoking")}
	for _, d := range data {
		args = append(args, "--data", d)
	}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("training the base model: %v\n%s", err, out)
	}

	notes := realNotesWithoutTobacco(t)
	family := lines(t, "../testdata/families/gave-up-corrections.txt")
	heldOut := lines(t, "../testdata/families/gave-up-held-out.txt")
	wrong := lines(t, "../testdata/families/wrong-denies-tobacco.txt")
	before := familyAccuracy(t, bin, base, notes, heldOut)

	tp := newTopics(t, "learn")
	tp.create(t, addr, 2)
	modelsTopic := tp.prefix + ".models"
	dataDir := filepath.Join(work, "serve")
	gold := "../testdata/real/smoking-dev.xml,../testdata/dev/smoking-dev.xml"
	serve := startServe(t, addr, tp, dataDir, "--models", base, "--models-topic", modelsTopic, "--retrain-after", "30",
		"--base-data", strings.Join(data, ","), "--gold", gold, "--synthetic", "1000", "--corrections-token", "tok")
	// A second instance shares the training store (SQLite here; PostgreSQL across
	// machines) and learns of promotions from the models topic.
	second := startServe(t, addr, tp, filepath.Join(work, "serve-2"), "--models", base, "--models-topic", modelsTopic,
		"--store", filepath.Join(dataDir, "training-store.db"))
	obs := readSmoking(t, addr, tp.obs)
	col := collect(t, addr, tp)

	// Round 1: the family, read by the base model.
	var msgs []kafka.Message
	for i, s := range family {
		msgs = append(msgs, realDoc(fmt.Sprintf("fam-%d", i), notes[i%len(notes)], s))
	}
	produce(t, addr, tp.input, msgs)
	waitFor(t, 90*time.Second, "the family's documents to be read", func() bool { return col.docsDone() >= len(family) })
	wrongBefore := 0
	for i := range family {
		if v := obs.value(fmt.Sprintf("fam-%d", i)); v != "8517006" {
			wrongBefore++
		}
	}
	t.Logf("base model: %d of %d family documents not read as former smokers", wrongBefore, len(family))
	time.Sleep(2 * time.Second) // serve records what it published in the store every 200 ms

	// A stream of ordinary documents keeps flowing while the loop runs.
	stream := startStream(t, addr, tp.input)

	// The clinicians correct every family document: former smoker.
	var corrs []kafka.Message
	for i := range family {
		corrs = append(corrs, correction(obs, fmt.Sprintf("fam-%d", i), "8517006"))
	}
	produce(t, addr, tp.corr, corrs)

	// The scheduled retrain (--retrain-after 30) promotes a version and serve swaps it in.
	waitFor(t, 4*time.Minute, "a promoted version to serve", func() bool { return logHas(serve, "hot reload: a promoted model serves now") })
	waitFor(t, time.Minute, "the second instance to load the promoted version", func() bool { return logHas(second, "hot reload: a promoted model serves now") })
	ms := modelsList(t, bin, dataDir)
	if len(ms) != 2 || ms[1].Status != store.StatusPromoted || !ms[1].Serving {
		t.Fatalf("after round 1: %+v", ms)
	}
	promoted := ms[1]
	after := familyAccuracy(t, bin, filepath.Join(dataDir, "models", promoted.Version), notes, heldOut)

	// Documents after the swap are read by the new version; none of the stream is lost.
	sent := stream.stop()
	waitFor(t, 90*time.Second, "every streamed document to be published", func() bool { return col.docsDone() >= len(family)+sent })
	oldN, newN := col.modelCounts(promoted.Version)
	if newN == 0 || oldN == 0 {
		t.Errorf("Provenance by model: %d by the base, %d by %s; want both (the swap mid-stream)", oldN, newN, promoted.Version)
	}
	if n := col.dlqCount(); n != 0 {
		t.Errorf("%d dead letters; want none (every correction tied back, every document read)", n)
	}
	if col.dups > 0 {
		t.Logf("%d duplicate records (at-least-once; same ids, harmless)", col.dups)
	}

	// Round 2: deliberately wrong corrections (plain non-smokers marked current smokers).
	msgs = nil
	for i, s := range wrong {
		msgs = append(msgs, realDoc(fmt.Sprintf("wrong-%d", i), notes[(i+7)%len(notes)], s))
	}
	produce(t, addr, tp.input, msgs)
	waitFor(t, 90*time.Second, "the second round's documents to be read", func() bool { return obs.count("wrong-") >= len(wrong)*9/10 })
	time.Sleep(2 * time.Second)
	corrs = nil
	for i := range wrong {
		if obs.value(fmt.Sprintf("wrong-%d", i)) != "" {
			corrs = append(corrs, correction(obs, fmt.Sprintf("wrong-%d", i), "449868002"))
		}
	}
	produce(t, addr, tp.corr, corrs)
	waitFor(t, 4*time.Minute, "the gate's decision on the wrong corrections", func() bool { return len(modelsList(t, bin, dataDir)) == 3 })
	ms = modelsList(t, bin, dataDir)
	rejected := ms[2]
	if rejected.Status != store.StatusRejected || !ms[1].Serving {
		t.Errorf("after round 2: %+v; want the third version rejected and %s still serving", ms, promoted.Version)
	}
	if n := col.dlqCount(); n != 0 {
		t.Errorf("%d dead letters after round 2", n)
	}
	dlqInLoop := col.dlqCount()
	// Corrections that cannot be taken are dead-lettered with their reason, not lost.
	produce(t, addr, tp.corr, []kafka.Message{{Value: []byte(`{"resourceType":"Observation",}`)},
		{Value: []byte(`{"format":"notecoder.correction/v1","task":"smoking","action":"set","resource":"Observation/never-published","value":"NON-SMOKER"}`)}})
	waitFor(t, time.Minute, "the bad corrections to be dead-lettered", func() bool { return col.dlqCount() >= 2 })
	reasons := col.dlqReasons()
	if !reasons["malformed-json"] || !reasons["correction-unresolved"] {
		t.Errorf("dead-letter reasons %v; want malformed-json and correction-unresolved", reasons)
	}

	summary := fmt.Sprintf(`learning loop, end to end (real notes, family "gave up ..."):
  base %s: %d of %d family documents wrong as served; held-out family accuracy %.3f
  %d corrections over Kafka -> scheduled retrain -> %s %s (%s)
  held-out family accuracy %.3f -> %.3f (%+.0f points); gold macro-F1 %.3f -> %.3f (%+.1f points)
  stream during the swap: %d documents, all published (%d read by the base, %d by %s); %d dead letters in the loop
  wrong corrections (%d) -> %s %s: %s`,
		ms[0].Version, wrongBefore, len(family), before, len(family), promoted.Version, promoted.Status, promoted.Reason,
		before, after, 100*(after-before), ms[0].GoldMacroF1, promoted.GoldMacroF1, 100*(promoted.GoldMacroF1-ms[0].GoldMacroF1),
		sent, oldN, newN, promoted.Version, dlqInLoop, len(corrs), rejected.Version, rejected.Status, rejected.Reason)
	t.Log("\n" + summary)
	fmt.Println(summary)
	if after-before < 0.20 {
		t.Errorf("held-out family accuracy rose %.0f points; want at least 20", 100*(after-before))
	}
	if drop := ms[0].GoldMacroF1 - promoted.GoldMacroF1; drop >= 0.02 {
		t.Errorf("gold macro-F1 dropped %.1f points; want less than 2", 100*drop)
	}
	for _, p := range []*proc{serve, second} {
		if err, _ := p.stop(t, 30*time.Second); err != nil {
			t.Errorf("serve exited with %v", err)
		}
	}
}

// writeWithout copies an i2b2 file without the notes holding phrase.
func writeWithout(t *testing.T, from, phrase, to string) {
	t.Helper()
	recs, err := training.ReadI2B2File(from)
	if err != nil {
		t.Fatal(err)
	}
	var keep []training.SmokingRecord
	for _, r := range recs {
		if !strings.Contains(strings.ToLower(r.Text), phrase) {
			keep = append(keep, r)
		}
	}
	if err := training.WriteI2B2File(to, keep); err != nil {
		t.Fatal(err)
	}
}

// realNotesWithoutTobacco are the real dev set's notes labelled UNKNOWN.
func realNotesWithoutTobacco(t *testing.T) []string {
	t.Helper()
	recs, err := training.ReadI2B2File("../testdata/real/smoking-dev.xml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		if r.Status == "UNKNOWN" {
			out = append(out, r.Text)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d real notes without tobacco", len(out))
	}
	return out
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// withSocial is a real note with the sentence as its social history.
func withSocial(note, sentence string) string {
	return strings.TrimSpace(note) + "\n\nSOCIAL HISTORY: " + sentence + "\n"
}

// realDoc is DocumentReference id of patient Patient/<id> holding the note.
func realDoc(id, note, sentence string) kafka.Message {
	d := map[string]any{
		"resourceType": "DocumentReference", "id": id, "meta": map[string]any{"versionId": "1"}, "status": "current",
		"subject": map[string]any{"reference": "Patient/" + id}, "date": "2024-03-05",
		"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain; charset=utf-8", "data": b64(withSocial(note, sentence))}}},
	}
	b, _ := json.Marshal(d)
	return kafka.Message{Key: []byte("Patient/" + id), Value: b}
}

// familyAccuracy is the share of held-out family notes a models directory reads as a
// former smoker (notecoder classify, one line per note).
func familyAccuracy(t *testing.T, bin, models string, notes, sentences []string) float64 {
	t.Helper()
	dir := t.TempDir()
	args := []string{"classify", "--models", models, "--text", "--date", "2024-03-05"}
	for i, s := range sentences {
		p := filepath.Join(dir, fmt.Sprintf("%03d.txt", i))
		if err := os.WriteFile(p, []byte(withSocial(notes[(i+3)%len(notes)], s)), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("classify --models %s: %v", models, err)
	}
	right := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, `"code":"72166-2"`) && strings.Contains(line, `"code":"8517006"`) {
			right++
		}
	}
	return float64(right) / float64(len(sentences))
}

// smokingObs keeps the latest smoking-status Observation published per document.
type smokingObs struct {
	mu  sync.Mutex
	doc map[string]map[string]any
}

func readSmoking(t *testing.T, addr, topic string) *smokingObs {
	o := &smokingObs{doc: map[string]map[string]any{}}
	tail(t, addr, topic, 2, func(m kafka.Message) {
		var res map[string]any
		if json.Unmarshal(m.Value, &res) != nil || !strings.Contains(string(m.Value), `"72166-2"`) {
			return
		}
		docID := ""
		for _, h := range m.Headers {
			if h.Key == "notecoder.document" {
				docID = string(h.Value)
			}
		}
		o.mu.Lock()
		o.doc[docID] = res
		o.mu.Unlock()
	})
	return o
}

// value is the SNOMED code published for the document ("" when none).
func (o *smokingObs) value(docID string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	res := o.doc[docID]
	if res == nil {
		return ""
	}
	b, _ := json.Marshal(res["valueCodeableConcept"])
	var v struct {
		Coding []struct{ Code string } `json:"coding"`
	}
	json.Unmarshal(b, &v)
	if len(v.Coding) == 0 {
		return ""
	}
	return v.Coding[0].Code
}

func (o *smokingObs) count(prefix string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for d := range o.doc {
		if strings.HasPrefix(d, prefix) {
			n++
		}
	}
	return n
}

// correction is what the clinician's EHR sends for a document: the published
// Observation amended to snomed, or, where the model published none, a new one citing
// the DocumentReference (a status the model missed).
func correction(o *smokingObs, docID, snomed string) kafka.Message {
	o.mu.Lock()
	res := o.doc[docID]
	o.mu.Unlock()
	value := map[string]any{"coding": []any{map[string]any{"system": "http://snomed.info/sct", "code": snomed}}}
	if res == nil {
		res = map[string]any{"resourceType": "Observation", "id": "ehr-" + docID, "status": "final",
			"code":        map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "72166-2"}}},
			"subject":     map[string]any{"reference": "Patient/" + docID},
			"derivedFrom": []any{map[string]any{"reference": "DocumentReference/" + docID}}}
	} else {
		res["status"] = "amended"
	}
	res["valueCodeableConcept"] = value
	res["performer"] = []any{map[string]any{"reference": "Practitioner/dr-test"}}
	b, _ := json.Marshal(res)
	return kafka.Message{Key: []byte("Patient/" + docID), Value: b}
}

// logHas says whether serve logged a line with msg.
func logHas(p *proc, msg string) bool {
	b, _ := os.ReadFile(p.log.Name())
	return strings.Contains(string(b), `"msg":"`+msg)
}

// modelsList is 'notecoder models list --json' on serve's store.
func modelsList(t *testing.T, bin, dataDir string) []store.ModelVersion {
	t.Helper()
	out, err := exec.Command(bin, "models", "list", "--json", "--data-dir", dataDir).Output()
	if err != nil {
		t.Fatalf("models list: %v", err)
	}
	var ms []store.ModelVersion
	if err := json.Unmarshal(out, &ms); err != nil {
		t.Fatalf("models list: %v\n%s", err, out)
	}
	return ms
}

// streamer produces ordinary documents, one every 100 ms, until stopped.
type streamer struct {
	stopc chan struct{}
	done  chan int
}

func startStream(t *testing.T, addr, topic string) *streamer {
	s := &streamer{stopc: make(chan struct{}), done: make(chan int, 1)}
	w := &kafka.Writer{Addr: kafka.TCP(addr), Topic: topic, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	go func() {
		defer w.Close()
		n := 0
		for {
			select {
			case <-s.stopc:
				s.done <- n
				return
			case <-time.After(100 * time.Millisecond):
			}
			i := 100000 + n
			if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte(fmt.Sprint("Patient/p-", i)), Value: doc(i)}); err != nil {
				t.Errorf("streaming: %v", err)
				s.done <- n
				return
			}
			n++
		}
	}()
	return s
}

// stop ends the stream and returns how many documents it sent.
func (s *streamer) stop() int {
	close(s.stopc)
	return <-s.done
}

// modelCounts counts the streamed documents' Provenances naming the new version, and
// those that do not.
func (c *collector) modelCounts(version string) (old, updated int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for docID, provID := range c.prov {
		if !strings.HasPrefix(docID, "doc-1") {
			continue
		}
		if strings.Contains(string(c.byID[provID]), version) {
			updated++
		} else {
			old++
		}
	}
	return old, updated
}

// dlqReasons are the reason codes of the dead letters read.
func (c *collector) dlqReasons() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]bool{}
	for _, r := range c.dlq {
		out[r.headers["notecoder.errors.class"]] = true
	}
	return out
}
