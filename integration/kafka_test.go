package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

const partitions = 6

// 1. 10,000 DocumentReferences in: every input has its results, exactly one result set
// per input after de-duplication by resource id; then a clean SIGTERM stop.
func TestTenThousandDocumentsAllHaveResults(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "all")
	tp.create(t, addr, partitions)
	const n = 10_000
	produce(t, addr, tp.input, docMessages(0, n))
	c := collect(t, addr, tp)
	start := time.Now()
	p := startServe(t, addr, tp, t.TempDir())
	waitFor(t, 5*time.Minute, "results for all 10,000 documents", func() bool { return c.docsDone() >= n })
	elapsed := time.Since(start)
	// The operating endpoints of a running serve.
	web := p.httpAddr(t)
	if code, body := httpGet(t, "http://"+web+"/readyz"); code != 200 || !strings.Contains(body, "ready") {
		t.Errorf("/readyz on a running serve: %d %q", code, body)
	}
	if code, _ := httpGet(t, "http://"+web+"/healthz"); code != 200 {
		t.Errorf("/healthz: %d", code)
	}
	// serve counts a document after its results are produced and its state recorded, so
	// the last documents' results can be read before they are counted: wait for the count
	// (a single scrape right after the last result failed once in a loaded run).
	var metrics string
	waitFor(t, 30*time.Second, "/metrics to count all 10,000 documents", func() bool {
		_, metrics = httpGet(t, "http://"+web+"/metrics")
		return strings.Contains(metrics, `outcome="published"} 10000`)
	})
	for _, want := range []string{`notecoder_documents_total{`, `outcome="published"} 10000`, `notecoder_consumer_lag{`, `notecoder_model_info{`, `notecoder_message_duration_seconds_bucket{`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	err, took := p.stop(t, 30*time.Second)
	if err != nil {
		t.Errorf("serve exited with %v after SIGTERM, want 0", err)
	}
	time.Sleep(time.Second)
	c.checkComplete(t, n)
	fmt.Printf("kafka all-results: %d documents -> %d output records (%d duplicate records) in %s (%.0f docs/s incl. start-up); SIGTERM stop took %s\n",
		n, c.total, c.dups, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), took.Round(time.Millisecond))
	if c.dlqCount() != 0 {
		t.Errorf("%d good documents were dead-lettered", c.dlqCount())
	}
}

// 2. Crash: SIGKILL midway through 10,000 messages, restart; no input lacks results;
// duplicates, if any, are byte-identical.
func TestCrashMidStreamLosesNothing(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "crash")
	tp.create(t, addr, partitions)
	const n = 10_000
	produce(t, addr, tp.input, docMessages(0, n))
	c := collect(t, addr, tp)
	data := t.TempDir()
	p := startServe(t, addr, tp, data)
	waitFor(t, 3*time.Minute, "a third of the documents", func() bool { return c.docsDone() >= n/3 })
	p.kill() // SIGKILL: no chance to commit or flush
	killedAt := c.docsDone()
	startServe(t, addr, tp, data)
	waitFor(t, 5*time.Minute, "results for all documents after the restart", func() bool { return c.docsDone() >= n })
	time.Sleep(2 * time.Second) // let redelivered duplicates arrive too
	c.checkComplete(t, n)
	fmt.Printf("kafka crash: SIGKILL after %d of %d documents had results; after restart all %d complete; %d duplicate records, all byte-identical: %v\n",
		killedAt, n, n, c.dups, len(c.dupDiffer) == 0)
}

// 3. Scale-out: two processes in one group share the partitions; one is killed, the
// other takes over; nothing is lost.
func TestScaleOutAndTakeOver(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "scale")
	tp.create(t, addr, partitions)
	const n = 6_000
	produce(t, addr, tp.input, docMessages(0, n))
	c := collect(t, addr, tp)
	a := startServe(t, addr, tp, t.TempDir())
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, 3*time.Minute, "progress with two members", func() bool { return c.docsDone() >= n/4 })
	// Both members must have produced results: the group shared the partitions.
	waitFor(t, time.Minute, "both members to produce results", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.instances) >= 2
	})
	a.kill()
	killedAt := c.docsDone()
	waitFor(t, 5*time.Minute, "the survivor to finish every document", func() bool { return c.docsDone() >= n })
	time.Sleep(2 * time.Second)
	c.checkComplete(t, n)
	c.mu.Lock()
	perInstance := fmt.Sprint(c.instances)
	c.mu.Unlock()
	fmt.Printf("kafka scale-out: 2 members (records per member %s), one SIGKILLed after %d of %d documents; the other finished all; %d duplicate records\n", perInstance, killedAt, n, c.dups)
}

// 4. Poison: bad inputs interleaved with good ones each land on the DLQ with their
// headers; every good one is processed.
func TestPoisonMessagesAreDeadLetteredAndTheRestFlows(t *testing.T) {
	addr := kafkaAddr(t)
	tp := newTopics(t, "poison")
	tp.create(t, addr, partitions)
	huge := strings.Repeat("Patient reports chest pain. ", 5<<20/28+1) // > 5 MB of text
	type poison struct {
		name  string
		value []byte
		class string
	}
	bad := []poison{
		{"malformed", []byte(`{"resourceType":"DocumentReference","id":`), "malformed-json"},
		{"patient", []byte(`{"resourceType":"Patient","id":"p-1"}`), "wrong-resource-type"},
		{"nocontent", []byte(`{"resourceType":"DocumentReference","id":"bad-nocontent","status":"current","subject":{"reference":"Patient/p-1"},"content":[]}`), "no-text"},
		{"pdf", []byte(`{"resourceType":"DocumentReference","id":"bad-pdf","status":"current","subject":{"reference":"Patient/p-1"},"content":[{"attachment":{"contentType":"application/pdf","data":"JVBERi0xLjQK"}}]}`), "unsupported-content-type"},
		{"huge", []byte(fmt.Sprintf(`{"resourceType":"DocumentReference","id":"bad-huge","status":"current","subject":{"reference":"Patient/p-1"},"content":[{"attachment":{"contentType":"text/plain","data":"%s"}}]}`, b64(huge))), "text-too-large"},
	}
	byName := map[string]poison{}
	var msgs []kafka.Message
	const good = 200
	for i := 0; i < good; i++ {
		msgs = append(msgs, docMessages(i, i+1)...)
		if k := i / 40; i%40 == 20 && k < len(bad) { // one bad message after every 40 good ones
			msgs = append(msgs, kafka.Message{Key: []byte("poison-" + bad[k].name), Value: bad[k].value})
			byName[bad[k].name] = bad[k]
		}
	}
	produce(t, addr, tp.input, msgs)
	c := collect(t, addr, tp)
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, 3*time.Minute, "good documents and dead letters", func() bool { return c.docsDone() >= good && c.dlqCount() >= 5 })
	time.Sleep(time.Second)
	c.checkComplete(t, good)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.dlq) != 5 {
		t.Fatalf("%d dead letters, want 5", len(c.dlq))
	}
	classes := map[string]bool{}
	for _, d := range c.dlq {
		name := strings.TrimPrefix(d.key, "poison-")
		want := byName[name]
		if d.headers["notecoder.errors.class"] != want.class {
			t.Errorf("dead letter %s: class %q, want %q", name, d.headers["notecoder.errors.class"], want.class)
		}
		if string(d.value) != string(want.value) {
			t.Errorf("dead letter %s does not carry the original value", name)
		}
		for _, h := range []string{"notecoder.errors.topic", "notecoder.errors.partition", "notecoder.errors.offset", "notecoder.errors.message", "notecoder.version"} {
			if d.headers[h] == "" {
				t.Errorf("dead letter %s lacks header %s", name, h)
			}
		}
		if d.headers["notecoder.errors.topic"] != tp.input {
			t.Errorf("dead letter %s names source topic %q", name, d.headers["notecoder.errors.topic"])
		}
		classes[d.headers["notecoder.errors.class"]] = true
	}
	fmt.Printf("kafka poison: %d good documents processed, %d dead letters with classes %v\n", good, len(c.dlq), keys(classes))
}

// 5. The broker is stopped for 20 s mid-stream and started again: the processor
// recovers by itself and nothing is lost. Uses its own broker.
func TestBrokerRestartMidStream(t *testing.T) {
	kafkaAddr(t) // skip unless the real-broker tests run
	if testing.Short() {
		t.Skip("takes about a minute")
	}
	port := 19392
	dir := filepath.Join(t.TempDir(), "kafka")
	script, _ := filepath.Abs("../scripts/kafka.sh")
	up := func() string {
		out, err := exec.Command(script, "up", "--port", fmt.Sprint(port), "--dir", dir).Output()
		if err != nil {
			t.Fatalf("kafka.sh up: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	addr := up()
	t.Cleanup(func() { exec.Command(script, "down", "--dir", dir).Run() })
	tp := newTopics(t, "restart")
	tp.create(t, addr, partitions)
	const n = 4_000
	produce(t, addr, tp.input, docMessages(0, n/2))
	c := collect(t, addr, tp)
	startServe(t, addr, tp, t.TempDir())
	waitFor(t, 2*time.Minute, "progress before the broker stops", func() bool { return c.docsDone() >= n/4 })

	pid, err := os.ReadFile(filepath.Join(dir, "kafka.pid"))
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("kill", "-TERM", strings.TrimSpace(string(pid))).Run(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300 && exec.Command("kill", "-0", strings.TrimSpace(string(pid))).Run() == nil; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	stoppedAt := c.docsDone()
	time.Sleep(20 * time.Second)
	restart := time.Now()
	up()
	upTook := time.Since(restart)
	produce(t, addr, tp.input, docMessages(n/2, n))
	waitFor(t, 4*time.Minute, "results for every document", func() bool { return c.docsDone() >= n })
	time.Sleep(2 * time.Second)
	c.checkComplete(t, n)
	first, ok := c.firstProducedAfter(restart)
	if !ok {
		t.Fatal("no result was produced after the restart")
	}
	ready := restart.Add(upTook)
	firstNew := c.firstResultFor(n/2, n) // documents produced after the restart: needs the group rejoined
	fmt.Printf("kafka broker restart: broker down 20 s after %d of %d documents; broker ready again in %s; after that, in-flight retries published within %s and the first document sent after the restart had results %s later (group rejoin); all %d complete, %d duplicate records\n",
		stoppedAt, n, upTook.Round(100*time.Millisecond), max(0, first.Sub(ready)).Round(100*time.Millisecond), firstNew.Sub(ready).Round(100*time.Millisecond), n, c.dups)
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
