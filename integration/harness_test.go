// Package integration runs notecoder against a real Apache Kafka broker, as separate
// processes, the way an integration team would. make test starts the broker
// (scripts/kafka.sh) and sets NOTECODER_TEST_KAFKA; without it these tests skip.
package integration

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// kafkaAddr returns the test broker or skips.
func kafkaAddr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv("NOTECODER_TEST_KAFKA")
	if addr == "" {
		t.Skip("NOTECODER_TEST_KAFKA is not set: run 'make test', which starts a real Kafka broker")
	}
	return addr
}

// notecoderBin builds the binary once (or uses NOTECODER_TEST_BIN).
func notecoderBin(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if p := os.Getenv("NOTECODER_TEST_BIN"); p != "" {
			binPath = p
			return
		}
		dir, err := os.MkdirTemp("", "notecoder-it-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "notecoder")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/notecoder").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// topics is one test's set of topic names, unique per run.
type topics struct {
	prefix                                   string
	input, obs, cond, prov, dlq, corr, group string
}

func newTopics(t testing.TB, name string) topics {
	p := fmt.Sprintf("it-%s-%d", name, rand.New(rand.NewSource(time.Now().UnixNano())).Intn(1_000_000))
	return topics{prefix: p, input: p + ".in", obs: p + ".obs", cond: p + ".cond", prov: p + ".prov", dlq: p + ".dlq", corr: p + ".corr", group: p + ".group"}
}

func (tp topics) flags() []string {
	return []string{"--group", tp.group, "--input-topic", tp.input, "--observation-topic", tp.obs, "--condition-topic", tp.cond,
		"--provenance-topic", tp.prov, "--dlq-topic", tp.dlq, "--corrections-topic", tp.corr}
}

// create makes the topics up front (as serve would), so producing can start first.
func (tp topics) create(t testing.TB, addr string, partitions int) {
	t.Helper()
	big := 17 << 20
	_, err := broker.EnsureTopics(context.Background(), broker.Conn{Brokers: []string{addr}}, []broker.Topic{
		{Name: tp.input, Partitions: partitions, MaxMessageBytes: big}, {Name: tp.obs, Partitions: partitions},
		{Name: tp.cond, Partitions: partitions}, {Name: tp.prov, Partitions: partitions},
		{Name: tp.dlq, Partitions: partitions, MaxMessageBytes: big}, {Name: tp.corr, Partitions: partitions},
	}, -1, true)
	if err != nil {
		t.Fatal(err)
	}
}

// proc is a running `notecoder serve`.
type proc struct {
	cmd  *exec.Cmd
	log  *os.File
	done chan error
}

func startServe(t testing.TB, addr string, tp topics, dataDir string, extra ...string) *proc {
	t.Helper()
	logDir := os.Getenv("NOTECODER_TEST_LOGS") // keep serve logs there (default: the test's temp dir)
	if logDir == "" {
		logDir = t.TempDir()
	}
	logf, err := os.CreateTemp(logDir, "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"serve", "--brokers", addr, "--data-dir", dataDir, "--backoff-max", "2s", "--shutdown-timeout", "10s", "--http-addr", "127.0.0.1:0"}, tp.flags()...)
	args = append(args, extra...)
	cmd := exec.Command(notecoderBin(t), args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, log: logf, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			lines := strings.Split(string(b), "\n")
			if len(lines) > 40 {
				lines = lines[len(lines)-40:]
			}
			t.Logf("serve log (last lines):\n%s", strings.Join(lines, "\n"))
		}
	})
	return p
}

func (p *proc) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
		}
	}
}

// stop sends SIGTERM and returns the exit error and how long the stop took.
func (p *proc) stop(t testing.TB, within time.Duration) (error, time.Duration) {
	t.Helper()
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		return err, time.Since(start)
	case <-time.After(within):
		t.Fatalf("serve did not stop within %s of SIGTERM", within)
		return nil, 0
	}
}

// doc builds DocumentReference i: every note states a smoking status, so every input
// has a result set (a Provenance) to look for.
func doc(i int) []byte {
	smoking := []string{"Current smoker, 1 ppd.", "Former smoker, quit in 2001.", "Never smoker.", "Denies tobacco use.", "40 pack-year smoking history."}
	conds := []string{"History of hypertension.", "Atrial fibrillation on apixaban.", "No evidence of heart failure.", "Type 2 diabetes mellitus.", "Echo: LVEF 35%.", "Chronic kidney disease stage 3.", ""}
	return docRef(i, fmt.Sprintf("Clinic note %d. %s %s %s", i, smoking[i%len(smoking)], conds[i%len(conds)], conds[(i/7)%len(conds)]))
}

// docRef is DocumentReference doc-i of patient p-(i mod 500) with text as its note.
func docRef(i int, text string) []byte {
	d := map[string]any{
		"resourceType": "DocumentReference", "id": fmt.Sprintf("doc-%d", i),
		"meta":    map[string]any{"versionId": "1"},
		"status":  "current",
		"subject": map[string]any{"reference": fmt.Sprintf("Patient/p-%d", i%500)},
		"date":    "2024-03-05",
		"content": []any{map[string]any{"attachment": map[string]any{
			"contentType": "text/plain; charset=utf-8", "data": base64.StdEncoding.EncodeToString([]byte(text))}}},
	}
	b, _ := json.Marshal(d)
	return b
}

// produce writes messages to the input topic (acks=all).
func produce(t testing.TB, addr, topic string, msgs []kafka.Message) {
	t.Helper()
	w := &kafka.Writer{Addr: kafka.TCP(addr), Topic: topic, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll,
		BatchTimeout: 5 * time.Millisecond, BatchSize: 500, BatchBytes: 20 << 20}
	defer w.Close()
	for i := 0; i < len(msgs); i += 500 {
		end := min(i+500, len(msgs))
		var err error
		for try := 0; try < 20; try++ { // a just-created topic may not be known to every broker yet
			if err = w.WriteMessages(context.Background(), msgs[i:end]...); err == nil {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("producing: %v", err)
		}
	}
}

func docMessages(from, to int) []kafka.Message {
	var msgs []kafka.Message
	for i := from; i < to; i++ {
		msgs = append(msgs, kafka.Message{Key: []byte(fmt.Sprintf("Patient/p-%d", i%500)), Value: doc(i)})
	}
	return msgs
}

// record is one output record.
type record struct {
	topic   string
	key     string
	value   []byte
	headers map[string]string
}

// collector reads every output topic from the start into memory.
type collector struct {
	mu        sync.Mutex
	byID      map[string][]byte // resource id -> bytes (first seen)
	dups      int               // records whose id was seen before
	dupDiffer []string          // ids whose duplicate bytes differ
	prov      map[string]string // document id -> provenance id (first seen)
	docProvs  map[string]map[string]bool
	dlq       []record
	instances map[string]int // records per producing process
	provTimes []time.Time    // when each Provenance record was produced (its Kafka timestamp)
	docTimes  map[string]time.Time
	total     int
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

func collect(t testing.TB, addr string, tp topics) *collector {
	c := &collector{byID: map[string][]byte{}, prov: map[string]string{}, docProvs: map[string]map[string]bool{}, instances: map[string]int{}, docTimes: map[string]time.Time{}}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	for _, topic := range []string{tp.obs, tp.cond, tp.prov, tp.dlq} {
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{addr}, GroupID: tp.prefix + ".collector." + topic, Topic: topic,
			StartOffset: kafka.FirstOffset, MinBytes: 1, MaxBytes: 32 << 20, MaxWait: 200 * time.Millisecond, CommitInterval: time.Second})
		c.wg.Add(1)
		go func(topic string) {
			defer c.wg.Done()
			readUntilDone(ctx, r, func(m kafka.Message) { c.add(topic, m, topic == tp.dlq) })
		}(topic)
	}
	t.Cleanup(c.stop)
	return c
}

func (c *collector) stop() {
	c.cancel()
	c.wg.Wait()
}

func (c *collector) add(topic string, m kafka.Message, dlq bool) {
	h := map[string]string{}
	for _, x := range m.Headers {
		h[x.Key] = string(x.Value)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	c.instances[h["notecoder.instance"]]++
	if dlq {
		c.dlq = append(c.dlq, record{topic, string(m.Key), m.Value, h})
		return
	}
	var head struct {
		ResourceType string `json:"resourceType"`
		ID           string `json:"id"`
	}
	json.Unmarshal(m.Value, &head)
	if prev, ok := c.byID[head.ID]; ok {
		if head.ResourceType != "Device" { // the model's Device rides with every result set by design
			c.dups++
		}
		if string(prev) != string(m.Value) {
			c.dupDiffer = append(c.dupDiffer, head.ID)
		}
	} else {
		c.byID[head.ID] = m.Value
	}
	if head.ResourceType == "Provenance" {
		c.provTimes = append(c.provTimes, m.Time)
		docID := h["notecoder.document"]
		if _, ok := c.docTimes[docID]; !ok {
			c.docTimes[docID] = m.Time
		}
		if c.docProvs[docID] == nil {
			c.docProvs[docID] = map[string]bool{}
		}
		c.docProvs[docID][head.ID] = true
		c.prov[docID] = head.ID
	}
}

// docsDone is how many distinct documents have a Provenance.
// missingTargets counts the targets of documents 0..n-1's Provenance not read yet.
func (c *collector) missingTargets(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	missing := 0
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("doc-%d", i)
		var p struct {
			Target []struct{ Reference string } `json:"target"`
		}
		json.Unmarshal(c.byID[c.prov[id]], &p)
		for _, tg := range p.Target {
			if _, ok := c.byID[tg.Reference[strings.Index(tg.Reference, "/")+1:]]; !ok {
				missing++
			}
		}
	}
	return missing
}

func (c *collector) docsDone() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.prov)
}

// provenances is how many Provenance records were read (a document's versions each have
// one).
func (c *collector) provenances() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.provTimes)
}

func (c *collector) dlqCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.dlq)
}

// tail reads partitions 0..partitions-1 of topic from the start in the background,
// calling fn for each record (from one goroutine per partition), until the test ends.
func tail(t testing.TB, addr, topic string, partitions int, fn func(kafka.Message)) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for p := 0; p < partitions; p++ {
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{addr}, Topic: topic, Partition: p, MinBytes: 1, MaxBytes: 8 << 20, MaxWait: 200 * time.Millisecond})
		wg.Add(1)
		go func() {
			defer wg.Done()
			readUntilDone(ctx, r, fn)
		}()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// readUntilDone calls fn for each record r reads until ctx is done, then closes r; read
// errors before that (e.g. the broker restarts) are waited out.
func readUntilDone(ctx context.Context, r *kafka.Reader, fn func(kafka.Message)) {
	defer r.Close()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			time.Sleep(200 * time.Millisecond)
			continue
		}
		fn(m)
	}
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkComplete asserts every document 0..n-1 has exactly one result set whose
// Provenance targets resources that were all published, and duplicates are identical.
// The collector reads each output topic with a consumer of its own, so the Provenance
// topic's may be ahead of the others' (seen on a loaded 2-core machine: every target was
// missing): it first waits up to a minute for the targets to arrive; one never published
// still fails.
func (c *collector) checkComplete(t testing.TB, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for c.missingTargets(n) > 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	missing := 0
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("doc-%d", i)
		provs := c.docProvs[id]
		if len(provs) == 0 {
			missing++
			if missing <= 5 {
				t.Errorf("document %s has no results", id)
			}
			continue
		}
		if len(provs) != 1 {
			t.Errorf("document %s has %d distinct result sets, want 1", id, len(provs))
		}
		var p struct {
			Target []struct{ Reference string } `json:"target"`
		}
		json.Unmarshal(c.byID[c.prov[id]], &p)
		for _, tg := range p.Target {
			rid := tg.Reference[strings.Index(tg.Reference, "/")+1:]
			if _, ok := c.byID[rid]; !ok {
				t.Errorf("document %s: Provenance targets %s, which was never published", id, tg.Reference)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d documents have no results", missing, n)
	}
	if len(c.dupDiffer) > 0 {
		t.Errorf("%d duplicated resources differ in bytes, e.g. %s", len(c.dupDiffer), c.dupDiffer[0])
	}
}

// lastLines is for failure messages.
func lastLines(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		lines = append(lines, s.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// httpAddr reads the address serve logged for its HTTP endpoints.
func (p *proc) httpAddr(t testing.TB) string {
	t.Helper()
	var addr string
	waitFor(t, 30*time.Second, "serve to log its HTTP address", func() bool {
		b, _ := os.ReadFile(p.log.Name())
		for _, line := range strings.Split(string(b), "\n") {
			var l struct {
				Msg     string `json:"msg"`
				Metrics string `json:"metrics"`
			}
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "http endpoints" {
				addr = strings.TrimSuffix(strings.TrimPrefix(l.Metrics, "http://"), "/metrics")
				return true
			}
		}
		return false
	})
	return addr
}

// httpGet returns the status and body of a GET.
func httpGet(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// firstProducedAfter is the earliest Provenance produced after t (by its record
// timestamp, so the collector's own reconnection delay does not count).
func (c *collector) firstProducedAfter(t time.Time) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first time.Time
	for _, p := range c.provTimes {
		if p.After(t) && (first.IsZero() || p.Before(first)) {
			first = p
		}
	}
	return first, !first.IsZero()
}

// firstResultFor is the earliest production time of a result for documents from..to-1.
func (c *collector) firstResultFor(from, to int) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first time.Time
	for i := from; i < to; i++ {
		if t, ok := c.docTimes[fmt.Sprintf("doc-%d", i)]; ok && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first
}
