package integration

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
)

// versioned is DocumentReference id at versionId v of patient p-1 with text as its note.
func versioned(id string, v int, text string) kafka.Message {
	d := map[string]any{
		"resourceType": "DocumentReference", "id": id,
		"meta":    map[string]any{"versionId": fmt.Sprint(v)},
		"status":  "current",
		"subject": map[string]any{"reference": "Patient/p-1"},
		"date":    fmt.Sprintf("2024-03-0%d", v),
		"content": []any{map[string]any{"attachment": map[string]any{
			"contentType": "text/plain; charset=utf-8", "data": base64.StdEncoding.EncodeToString([]byte(text))}}},
	}
	b, _ := json.Marshal(d)
	return kafka.Message{Key: []byte("Patient/p-1"), Value: b}
}

// conditions reads every record of a Condition topic: resource id -> the latest
// verification status published (and how many records).
type conditions struct {
	mu     sync.Mutex
	status map[string]string // id -> verificationStatus code, latest
	codes  map[string]string // id -> SNOMED code
	n      int
}

func readConditions(t *testing.T, addr, topic string) *conditions {
	c := &conditions{status: map[string]string{}, codes: map[string]string{}}
	tail(t, addr, topic, 1, func(m kafka.Message) {
		var cond struct {
			ID                 string `json:"id"`
			VerificationStatus struct {
				Coding []struct{ Code string } `json:"coding"`
			} `json:"verificationStatus"`
			Code struct {
				Coding []struct{ System, Code string } `json:"coding"`
			} `json:"code"`
		}
		json.Unmarshal(m.Value, &cond)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.n++
		if len(cond.VerificationStatus.Coding) > 0 {
			c.status[cond.ID] = cond.VerificationStatus.Coding[0].Code
		}
		for _, cd := range cond.Code.Coding {
			if strings.Contains(cd.System, "snomed") {
				c.codes[cond.ID] = cd.Code
			}
		}
	})
	return c
}

// statusOf is the latest verification status of the Condition with SNOMED code.
func (c *conditions) statusOf(code string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, cd := range c.codes {
		if cd == code {
			return c.status[id]
		}
	}
	return ""
}

const (
	snomedAF  = "49436004" // atrial fibrillation
	snomedHTN = "38341003" // hypertension
	noteV1    = "Clinic note. Never smoker. History of hypertension. Atrial fibrillation on apixaban."
	noteV2    = "Clinic note. Never smoker. History of hypertension. Sinus rhythm today."
)

// amendment publishes version 1 through one serve process, then version 2 (without the
// atrial fibrillation) through a second process with an empty data directory, started
// by next; the second must withdraw the atrial fibrillation: the state moved with the
// partition through the changelog, not through a file.
func amendment(t *testing.T, name string, next func(addr string, tp topics, a *proc) *proc) {
	addr := kafkaAddr(t)
	tp := newTopics(t, name)
	tp.create(t, addr, 1) // one partition: the Condition topic is read from partition 0
	conds := readConditions(t, addr, tp.cond)
	c := collect(t, addr, tp)
	produce(t, addr, tp.input, []kafka.Message{versioned("amend-1", 1, noteV1)})
	a := startServe(t, addr, tp, t.TempDir())
	waitFor(t, time.Minute, "version 1's results", func() bool { return c.docsDone() >= 1 && conds.statusOf(snomedAF) == "unconfirmed" })
	b := next(addr, tp, a)
	produce(t, addr, tp.input, []kafka.Message{versioned("amend-1", 2, noteV2)})
	waitFor(t, 2*time.Minute, "the atrial fibrillation to be withdrawn by the second process", func() bool {
		return conds.statusOf(snomedAF) == "entered-in-error"
	})
	if s := conds.statusOf(snomedHTN); s != "unconfirmed" {
		t.Errorf("hypertension, present in both versions, is %q", s)
	}
	b.kill()
	fmt.Printf("kafka state %s: version 2 on a process with an empty data directory withdrew the atrial fibrillation of version 1 (%d Condition records)\n", name, conds.n)
}

// 6. Another instance takes the partition over (the first is killed with SIGKILL: no
// clean hand-over) and handles the amendment.
func TestAmendmentHandledByAnotherInstance(t *testing.T) {
	amendment(t, "takeover", func(addr string, tp topics, a *proc) *proc {
		b := startServe(t, addr, tp, t.TempDir())
		time.Sleep(2 * time.Second) // b joins the group
		a.kill()
		return b
	})
}

// 7. The same instance restarts on an empty data directory (a container without a
// volume).
func TestRestartFromAnEmptyDataDirectory(t *testing.T) {
	amendment(t, "emptydisk", func(addr string, tp topics, a *proc) *proc {
		if err, _ := a.stop(t, 30*time.Second); err != nil {
			t.Fatalf("serve exited with %v", err)
		}
		return startServe(t, addr, tp, t.TempDir())
	})
}

// createWith makes the test's topics with a record limit on one of them.
func createWith(t *testing.T, addr string, tp topics, limits map[string]int) {
	t.Helper()
	var ts []broker.Topic
	for _, name := range []string{tp.input, tp.obs, tp.cond, tp.prov, tp.dlq, tp.corr} {
		ts = append(ts, broker.Topic{Name: name, Partitions: 1, MaxMessageBytes: limits[name]})
	}
	if _, err := broker.EnsureTopics(context.Background(), broker.Conn{Brokers: []string{addr}}, ts, -1, true); err != nil {
		t.Fatal(err)
	}
}

// 8. A dead letter larger than the dead-letter topic takes is trimmed to a reference to
// its source and the partition moves on.
func TestOversizeDeadLetterSettles(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "bigdlq")
	createWith(t, addr, tp, map[string]int{tp.input: 4 << 20, tp.dlq: 100 << 10})
	bad := []byte(`{"resourceType":"DocumentReference","id":"big-bad","note":"` + strings.Repeat("x", 600<<10)) // malformed, 600 KB
	msgs := append([]kafka.Message{{Key: []byte("Patient/p-1"), Value: bad}}, docMessages(0, 20)...)
	for i := range msgs {
		msgs[i].Key = []byte("Patient/p-1")
	}
	produce(t, addr, tp.input, msgs)
	c := collect(t, addr, tp)
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, 2*time.Minute, "the documents after the oversize dead letter", func() bool { return c.docsDone() >= 20 && c.dlqCount() >= 1 })
	c.checkComplete(t, 20)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.dlq) != 1 {
		t.Fatalf("%d dead letters, want 1", len(c.dlq))
	}
	d := c.dlq[0]
	var ref struct {
		Topic     string `json:"topic"`
		Partition int    `json:"partition"`
		Offset    int64  `json:"offset"`
		Bytes     int    `json:"bytes"`
	}
	if err := json.Unmarshal(d.value, &ref); err != nil || d.headers["notecoder.errors.trimmed"] != "true" {
		t.Fatalf("dead letter not trimmed to a reference: headers %v, value %.200s", d.headers, d.value)
	}
	if ref.Topic != tp.input || ref.Offset != 0 || ref.Bytes != len(bad) || d.headers["notecoder.errors.class"] != "malformed-json" {
		t.Errorf("trimmed dead letter %+v, class %q", ref, d.headers["notecoder.errors.class"])
	}
	fmt.Printf("kafka oversize dead letter: a %d KB input refused by a %d KB dead-letter topic was trimmed to %s; the 20 documents after it were processed\n", len(bad)>>10, 100, d.value)
}

// 9. A result the broker refuses as too large dead-letters its document (reason
// result-too-large, no Provenance for it) and the partition moves on.
func TestOversizeResultSettles(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "bigresult")
	createWith(t, addr, tp, map[string]int{tp.input: 4 << 20, tp.dlq: 4 << 20, tp.cond: 600}) // no Condition fits
	var msgs []kafka.Message
	for i := 0; i < 20; i++ {
		text := "Never smoker."
		if i%2 == 0 {
			text += " Atrial fibrillation on apixaban." // a Condition: refused
		}
		msgs = append(msgs, kafka.Message{Key: []byte("Patient/p-1"), Value: docRef(i, text)})
	}
	produce(t, addr, tp.input, msgs)
	c := collect(t, addr, tp)
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, 2*time.Minute, "10 documents published and 10 dead-lettered", func() bool { return c.docsDone() >= 10 && c.dlqCount() >= 10 })
	time.Sleep(time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i < 20; i++ {
		id := fmt.Sprintf("doc-%d", i)
		_, hasProv := c.prov[id]
		if i%2 == 0 && hasProv {
			t.Errorf("%s: a Provenance was published although its Condition was refused", id)
		}
		if i%2 == 1 && !hasProv {
			t.Errorf("%s: no results", id)
		}
	}
	for _, d := range c.dlq {
		if d.headers["notecoder.errors.class"] != "result-too-large" || d.headers["notecoder.errors.document"] == "" {
			t.Errorf("dead letter class %q document %q", d.headers["notecoder.errors.class"], d.headers["notecoder.errors.document"])
		}
	}
	if len(c.dlq) != 10 {
		t.Errorf("%d dead letters, want 10", len(c.dlq))
	}
	fmt.Printf("kafka oversize result: 10 documents whose Condition exceeded the topic's 600-byte limit were dead-lettered as result-too-large without Provenance; the other 10 were published\n")
}

// 10. The broker loses the output topics while serve runs: serve creates them again,
// /readyz says so meanwhile, and results flow again.
func TestBrokerLosesItsTopics(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "lost")
	tp.create(t, addr, 2)
	produce(t, addr, tp.input, docMessages(0, 50))
	c := collect(t, addr, tp)
	p := startServe(t, addr, tp, t.TempDir())
	waitFor(t, time.Minute, "the first 50 documents", func() bool { return c.docsDone() >= 50 })
	c.stop()
	cl := &kafka.Client{Addr: kafka.TCP(addr), Timeout: 30 * time.Second}
	resp, err := cl.DeleteTopics(context.Background(), &kafka.DeleteTopicsRequest{Topics: []string{tp.obs, tp.cond, tp.prov, tp.dlq}})
	if err != nil {
		t.Fatal(err)
	}
	for topic, e := range resp.Errors {
		if e != nil {
			t.Fatalf("deleting %s: %v", topic, e)
		}
	}
	waitFor(t, time.Minute, "serve to notice and recreate the topics", func() bool {
		b, _ := os.ReadFile(p.log.Name())
		return strings.Contains(string(b), "topics had vanished and were created again")
	})
	tp2 := tp
	tp2.prefix += ".after" // a fresh collector group over the recreated topics
	c2 := collect(t, addr, tp2)
	produce(t, addr, tp.input, docMessages(50, 100))
	waitFor(t, 2*time.Minute, "results for the documents sent after the topics came back", func() bool {
		c2.mu.Lock()
		defer c2.mu.Unlock()
		n := 0
		for i := 50; i < 100; i++ {
			if _, ok := c2.prov[fmt.Sprintf("doc-%d", i)]; ok {
				n++
			}
		}
		return n == 50
	})
	web := p.httpAddr(t)
	waitFor(t, 30*time.Second, "/readyz to recover", func() bool { code, _ := httpGet(t, "http://"+web+"/readyz"); return code == 200 })
	fmt.Printf("kafka lost topics: the 4 output topics were deleted under a running serve; it recreated them and published the next 50 documents\n")
}

// 11. A Bundle of 1,000 documents goes through in chunks (pipeline.ChunkDocs) and the
// messages after it on its partition follow.
func TestLargeBundleIsProcessedInChunks(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "bigbundle")
	tp.create(t, addr, 1)
	var entries []string
	for i := 0; i < 1000; i++ {
		entries = append(entries, `{"fullUrl":"urn:uuid:e`+fmt.Sprint(i)+`","resource":`+string(docRef(i, "Never smoker. History of hypertension."))+`}`)
	}
	bundle := []byte(`{"resourceType":"Bundle","type":"collection","entry":[` + strings.Join(entries, ",") + `]}`)
	msgs := []kafka.Message{{Key: []byte("Patient/p-1"), Value: bundle}}
	for i := 1000; i < 1005; i++ {
		msgs = append(msgs, kafka.Message{Key: []byte("Patient/p-1"), Value: doc(i)})
	}
	produce(t, addr, tp.input, msgs)
	c := collect(t, addr, tp)
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, 3*time.Minute, "results for the 1,000 documents of the Bundle and the 5 after it", func() bool { return c.docsDone() >= 1005 })
	c.checkComplete(t, 1005)
	if c.dlqCount() != 0 {
		t.Errorf("%d dead letters", c.dlqCount())
	}
	fmt.Printf("kafka large bundle: a Bundle of 1,000 documents (%d KB) went through in chunks of 256; the 5 messages after it followed\n", len(bundle)>>10)
}

// 12. Versions of one document that are in flight together, among other documents,
// settle in order: the last version's state wins and the withdrawal is published last.
func TestVersionsInFlightTogetherSettleInOrder(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "inorder")
	tp.create(t, addr, 1)
	conds := readConditions(t, addr, tp.cond)
	var msgs []kafka.Message
	for i := 0; i < 30; i++ { // other documents around the versions
		msgs = append(msgs, kafka.Message{Key: []byte("Patient/p-1"), Value: docRef(i, "Never smoker. Chronic kidney disease stage 3.")})
		switch i {
		case 10:
			msgs = append(msgs, versioned("amend-1", 1, noteV1))
		case 11:
			msgs = append(msgs, versioned("amend-1", 2, noteV2))
		case 20:
			msgs = append(msgs, versioned("amend-1", 3, noteV1))
		case 21:
			msgs = append(msgs, versioned("amend-1", 4, noteV2))
		}
	}
	produce(t, addr, tp.input, msgs)
	c := collect(t, addr, tp)
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, time.Minute, "every message settled", func() bool { return c.docsDone() >= 31 })
	time.Sleep(time.Second)
	if s := conds.statusOf(snomedAF); s != "entered-in-error" {
		t.Errorf("atrial fibrillation after versions 1-4 (the last without it): %q, want entered-in-error", s)
	}
	fmt.Printf("kafka in-order versions: 4 versions of one document in flight with 30 others settled in order (%d Condition records)\n", conds.n)
}

// 13. With --state-retention, a document whose last state record is older than the
// retention is forgotten by every instance alike: an instance restoring it from the
// changelog does not withdraw what its old version published, while one restoring a
// recent record does. The old record is made by copying version 1's changelog record
// into a fresh changelog with a timestamp two days back.
func TestStateRetentionForgetsOldDocuments(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "retention")
	tp.create(t, addr, 1)
	conds := readConditions(t, addr, tp.cond)
	c := collect(t, addr, tp)
	produce(t, addr, tp.input, []kafka.Message{versioned("amend-1", 1, noteV1)})
	a := startServe(t, addr, tp, t.TempDir())
	waitFor(t, time.Minute, "version 1's results", func() bool { return c.docsDone() >= 1 && conds.statusOf(snomedAF) == "unconfirmed" })
	if err, _ := a.stop(t, 30*time.Second); err != nil {
		t.Fatalf("serve exited with %v", err)
	}
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{addr}, Topic: tp.group + "-state-changelog", Partition: 0})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	rec, err := r.ReadMessage(ctx)
	cancel()
	r.Close()
	if err != nil || string(rec.Key) != "amend-1" {
		t.Fatalf("reading version 1's state record: key %q, %v", rec.Key, err)
	}
	changelog := func(name string, at time.Time) string {
		topic := tp.prefix + "." + name
		if _, err := broker.EnsureTopics(context.Background(), broker.Conn{Brokers: []string{addr}},
			[]broker.Topic{{Name: topic, Partitions: 1, Compact: true, Retention: 24 * time.Hour}}, -1, true); err != nil {
			t.Fatal(err)
		}
		produce(t, addr, topic, []kafka.Message{{Key: rec.Key, Value: rec.Value, Time: at}})
		return topic
	}

	old := changelog("state-old", time.Now().Add(-48*time.Hour))
	b := startServe(t, addr, tp, t.TempDir(), "--state-topic", old, "--state-retention", "24h")
	produce(t, addr, tp.input, []kafka.Message{versioned("amend-1", 2, noteV2)})
	waitFor(t, 2*time.Minute, "version 2's Provenance", func() bool { return c.provenances() >= 2 })
	if s := conds.statusOf(snomedAF); s != "unconfirmed" {
		t.Errorf("atrial fibrillation after version 2 with version 1's state 48 h old and a 24 h retention: %q, want it left alone (forgotten)", s)
	}
	if err, _ := b.stop(t, 30*time.Second); err != nil {
		t.Fatalf("serve exited with %v", err)
	}

	fresh := changelog("state-fresh", time.Now())
	startServe(t, addr, tp, t.TempDir(), "--state-topic", fresh, "--state-retention", "24h")
	produce(t, addr, tp.input, []kafka.Message{versioned("amend-1", 3, noteV2)})
	waitFor(t, 2*time.Minute, "the atrial fibrillation withdrawn by version 3, whose state record is recent", func() bool {
		return conds.statusOf(snomedAF) == "entered-in-error"
	})
	fmt.Printf("kafka state retention: a 48 h old state record was forgotten with --state-retention 24h (no withdrawal); a recent one was not\n")
}
