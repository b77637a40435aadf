package integration

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/pipeline"
)

// benchNotes are notes with a real length distribution: the real transcribed reports
// of testdata/real (MTSamples, English) and the project's German letters.
func benchNotes(b testing.TB) (notes []string, german int) {
	for _, f := range []string{"../testdata/real/conditions-train.jsonl", "../testdata/real/conditions-dev.jsonl", "../testdata/train/entities-train-de.jsonl"} {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var n struct{ Text, Lang string }
			if json.Unmarshal(sc.Bytes(), &n) == nil && n.Text != "" {
				notes = append(notes, n.Text)
				if n.Lang == "de" {
					german++
				}
			}
		}
		fh.Close()
	}
	return notes, german
}

// benchMessages are documents from..to-1 cycling through notes, keyed by patient.
func benchMessages(notes []string, from, to int) []kafka.Message {
	msgs := make([]kafka.Message, 0, to-from)
	for i := from; i < to; i++ {
		msgs = append(msgs, kafka.Message{Key: []byte(fmt.Sprintf("Patient/p-%d", i%500)), Value: docRef(i, notes[i%len(notes)])})
	}
	return msgs
}

// procStat is a process's CPU seconds so far and its resident and peak resident memory.
func procStat(pid int) (cpu float64, rssMB, peakMB float64) {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		cpu = (ut + st) / 100 // USER_HZ
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			f := strings.Fields(l)
			if len(f) >= 2 && (f[0] == "VmRSS:" || f[0] == "VmHWM:") {
				kb, _ := strconv.ParseFloat(f[1], 64)
				if f[0] == "VmRSS:" {
					rssMB = kb / 1024
				} else {
					peakMB = kb / 1024
				}
			}
		}
	}
	return
}

var stageLabel = regexp.MustCompile(`stage="([^"]+)"`)

var stageLine = regexp.MustCompile(`^notecoder_(stage_duration_seconds|model_inference_duration_seconds|message_duration_seconds|model_batch_size(?:_notes?)?)_(sum|count)\{([^}]*)\} ([0-9.e+-]+)`)

// stages scrapes serve's /metrics: mean seconds per call of each pipeline stage and of
// model inference, and the mean model batch.
func stages(b testing.TB, web string) map[string]float64 {
	_, body := httpGet(b, "http://"+web+"/metrics")
	sum, count := map[string]float64{}, map[string]float64{}
	for _, l := range strings.Split(body, "\n") {
		m := stageLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		name := m[1]
		if st := stageLabel.FindStringSubmatch(m[3]); st != nil {
			name = st[1]
		}
		v, _ := strconv.ParseFloat(m[4], 64)
		if m[2] == "sum" {
			sum[name] += v
		} else {
			count[name] += v
		}
	}
	out := map[string]float64{}
	for k, s := range sum {
		if count[k] > 0 {
			out[k] = s / count[k]
		}
	}
	return out
}

// settled is serve's count of input messages settled (published or dead-lettered), from
// its /metrics: every document counts, also those without findings, which publish nothing.
func settled(b testing.TB, web string) int {
	resp, err := http.Get("http://" + web + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	n := 0.0
	for _, l := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(l, "notecoder_messages_total{") {
			if v, err := strconv.ParseFloat(l[strings.LastIndexByte(l, ' ')+1:], 64); err == nil {
				n += v
			}
		}
	}
	return int(n)
}

// rateOf polls settled until n messages are done and returns the rate from the first
// settled message to the last (start-up excluded).
func rateOf(b testing.TB, web string, n int) float64 {
	var t0 time.Time
	c0 := 0
	deadline := time.Now().Add(20 * time.Minute)
	for {
		c := settled(b, web)
		if c > 0 && t0.IsZero() {
			t0, c0 = time.Now(), c
		}
		if c >= n {
			return float64(c-c0) / time.Since(t0).Seconds()
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d messages settled", c, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// coreStep is the transport-free core step's documents per second on the same
// documents: the shipped models, as many concurrent callers as serve keeps in flight.
// It also says which documents yield results (a Provenance).
func coreStep(b testing.TB, raws [][]byte, d time.Duration) (rate float64, results []bool) {
	dir, err := models.BuiltinDir()
	if err != nil {
		b.Fatal(err)
	}
	procs := min(runtime.NumCPU(), 4)
	mex, err := models.Open(models.Options{Smoking: filepath.Join(dir, "smoking"), Device: gotch.CPU, Replicas: procs})
	if err != nil {
		b.Fatal(err)
	}
	defer mex.Close()
	ex := nlp.NewBatcher(mex, 64, 2*time.Millisecond, procs)
	defer ex.Close()
	p, err := pipeline.New(ex, fhir.NewMemoryLedger(), pipeline.Config{})
	if err != nil {
		b.Fatal(err)
	}
	for _, raw := range raws {
		res, err := p.Process(context.Background(), raw)
		if err != nil {
			b.Fatal(err)
		}
		results = append(results, len(res.Docs) == 1 && len(res.Docs[0].Resources) > 0)
	}
	var next, done atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if _, err := p.Process(context.Background(), raws[next.Add(1)%int64(len(raws))]); err != nil {
					b.Error(err)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(done.Load()) / time.Since(start).Seconds(), results
}

// throughput produces n documents first, then starts serve (extra flags) and measures
// the rate from the first result to the last, serve's CPU use and peak memory, and the
// stage times.
func throughput(b testing.TB, addr string, notes []string, n int, extra ...string) (rate, cpuCores, peakMB float64, st map[string]float64) {
	tp := newTopics(b, "e2e")
	tp.create(b, addr, partitions)
	produce(b, addr, tp.input, benchMessages(notes, 0, n))
	p := startServe(b, addr, tp, b.TempDir(), extra...)
	web := p.httpAddr(b)
	rate = rateOf(b, web, n)
	cpu, _, peak := procStat(p.cmd.Process.Pid)
	st = stages(b, web)
	p.stop(b, 30*time.Second)
	// CPU over the serve process's life (start-up included), per second of work.
	cpuCores = cpu / (float64(n) / rate)
	return rate, cpuCores, peak, st
}

// latency offers documents at rate per second for d to a running serve and returns
// each document's latency: from handing it to the producer to serve producing its
// Provenance (record timestamps, one clock).
func latency(b testing.TB, addr string, notes []string, rate float64, d time.Duration) (lat []time.Duration, inServe [3]float64) {
	tp := newTopics(b, "lat")
	tp.create(b, addr, partitions)
	// A light reader of the Provenance topic only (no JSON decoding, nothing kept but one
	// time per document), so that the measuring process takes little of the CPU serve
	// and the broker share.
	var mu sync.Mutex
	produced := map[string]time.Time{}
	rctx, stopReader := context.WithCancel(context.Background())
	defer stopReader()
	rd := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{addr}, GroupID: tp.prefix + ".lat", Topic: tp.prov, StartOffset: kafka.FirstOffset,
		MinBytes: 1, MaxBytes: 16 << 20, MaxWait: 100 * time.Millisecond, CommitInterval: time.Second})
	defer rd.Close()
	go func() {
		for {
			m, err := rd.FetchMessage(rctx)
			if err != nil {
				if rctx.Err() != nil {
					return
				}
				continue
			}
			for _, h := range m.Headers {
				if h.Key == "notecoder.resource" && strings.HasPrefix(string(h.Value), "Provenance/") {
					for _, d := range m.Headers {
						if d.Key == "notecoder.document" {
							mu.Lock()
							if _, ok := produced[string(d.Value)]; !ok {
								produced[string(d.Value)] = m.Time
							}
							mu.Unlock()
						}
					}
				}
			}
		}
	}()
	var sent map[string]time.Time // document id -> when it was handed to the producer
	done := func() int {          // documents sent whose Provenance was read
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for id := range sent {
			if _, ok := produced[id]; ok {
				n++
			}
		}
		return n
	}
	p := startServe(b, addr, tp, b.TempDir())
	web := p.httpAddr(b)
	waitFor(b, time.Minute, "serve to be ready", func() bool { code, _ := httpGet(b, "http://"+web+"/readyz"); return code == 200 })
	// and to hold every partition (the group's first join waits out the broker's initial
	// rebalance delay): latency is measured in steady state.
	waitFor(b, time.Minute, "every partition assigned", func() bool {
		log, _ := os.ReadFile(p.log.Name())
		return strings.Count(string(log), "state restored from the changelog") >= partitions
	})
	w := &kafka.Writer{Addr: kafka.TCP(addr), Topic: tp.input, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	// Warm the producer up (topic metadata) before the clock runs: one extra document.
	warm := benchMessages(notes, 1_000_000, 1_000_001)
	for try := 0; ; try++ {
		if err := w.WriteMessages(context.Background(), warm...); err == nil {
			break
		} else if try == 50 {
			b.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	sent = map[string]time.Time{}
	// offer sends n documents from the from'th at the rate, each timed from when it was
	// handed to the producer.
	offer := func(from, n int) {
		start := time.Now()
		var wg sync.WaitGroup
		var failed atomic.Int64
		var firstErr atomic.Value
		for i := from; i < from+n; i++ {
			due := start.Add(time.Duration(float64(i-from) / rate * float64(time.Second)))
			time.Sleep(time.Until(due))
			m := benchMessages(notes, i, i+1)[0]
			m.Time = time.Now()
			mu.Lock()
			sent[fmt.Sprintf("doc-%d", i)] = m.Time
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				for try := 0; try < 20; try++ { // the clock started when it was first handed over
					if err = w.WriteMessages(context.Background(), m); err == nil {
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err)
			}()
		}
		wg.Wait()
		if k := failed.Load(); k > 0 {
			b.Fatalf("the benchmark's producer failed to send %d of %d documents, e.g.: %v", k, n, firstErr.Load())
		}
	}
	// Steady state: a first stretch at the same rate (a tenth of d, at least 5 s) warms
	// the broker's JIT, serve's model batches and the producers up, and is not counted.
	warmN := int(rate * max(d.Seconds()/10, 5))
	offer(0, warmN)
	waitFor(b, 5*time.Minute, "results for the warm-up documents", func() bool { return done() >= warmN })
	mu.Lock()
	clear(sent)
	clear(produced)
	mu.Unlock()
	total := int(rate * d.Seconds())
	offer(warmN, total)
	waitFor(b, 5*time.Minute, "results for every offered document", func() bool { return done() >= total })
	inServe = quantiles(b, web, "notecoder_message_duration_seconds")
	if os.Getenv("NOTECODER_BENCH_ONLY") != "" {
		for _, m := range []string{"notecoder_model_inference_duration_seconds", "notecoder_stage_duration_seconds"} {
			fmt.Printf("e2e bench: %s p50/p95/p99 <= %v s\n", m, quantiles(b, web, m))
		}
	}
	p.stop(b, 30*time.Second)
	mu.Lock()
	for id, t := range sent {
		lat = append(lat, produced[id].Sub(t))
	}
	mu.Unlock()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, inServe
}

// quantiles reads a histogram from serve's /metrics (summed over its labels): the upper
// bucket bounds under which 50, 95 and 99 % of observations fall. For
// notecoder_message_duration_seconds (serve's own fetch-to-settled time per message),
// set beside the end-to-end figures, it says whether a tail is serve's.
func quantiles(b testing.TB, web, name string) (q [3]float64) {
	bucketLine := regexp.MustCompile(`^` + name + `_bucket\{.*le="([^"]+)".*\} ([0-9.e+]+)`)
	_, body := httpGet(b, "http://"+web+"/metrics")
	type bucket struct{ le, n float64 }
	var bs []bucket
	sums := map[float64]float64{}
	for _, l := range strings.Split(body, "\n") {
		m := bucketLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		le, _ := strconv.ParseFloat(m[1], 64)
		if m[1] == "+Inf" {
			le = 1e9
		}
		n, _ := strconv.ParseFloat(m[2], 64)
		sums[le] += n // summed over outcomes
	}
	for le, n := range sums {
		bs = append(bs, bucket{le, n})
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].le < bs[j].le })
	if len(bs) == 0 {
		return q
	}
	total := bs[len(bs)-1].n
	for k, f := range []float64{.5, .95, .99} {
		for _, x := range bs {
			if x.n >= f*total {
				q[k] = x.le
				break
			}
		}
	}
	return q
}

func pct(l []time.Duration, q float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	return l[min(len(l)-1, int(q*float64(len(l))))]
}

// soak feeds n documents through one serve process and reads its resident memory when
// marks[i] documents have results.
func soak(b testing.TB, addr string, notes []string, n int, marks []int) (rss, anon []float64) {
	tp := newTopics(b, "soak")
	tp.create(b, addr, partitions)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := startServe(b, addr, tp, b.TempDir())
	web := p.httpAddr(b)
	var count atomic.Int64
	go func() {
		for ctx.Err() == nil {
			if c := settled(b, web); c >= 0 {
				count.Store(int64(c))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	go func() {
		for i := 0; i < n && ctx.Err() == nil; i += 5000 {
			produce(b, addr, tp.input, benchMessages(notes, i, min(n, i+5000)))
			for int(count.Load()) < i-20000 && ctx.Err() == nil { // keep the backlog bounded
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()

	for _, mk := range marks {
		waitFor(b, 30*time.Minute, fmt.Sprintf("%d documents", mk), func() bool { return int(count.Load()) >= mk })
		_, r, _ := procStat(p.cmd.Process.Pid)
		a := rssAnon(p.cmd.Process.Pid)
		rss, anon = append(rss, r), append(anon, a)
		fmt.Printf("e2e bench soak: %d documents, resident %.0f MB (%.0f MB anonymous: heap and libtorch; the rest file pages: the binary, libtorch and what the state cache mapped since its last release)\n", mk, r, a)
	}
	p.stop(b, 30*time.Second)
	return rss, anon
}

// rssAnon is a process's anonymous resident memory (heap, libtorch), without the file
// pages of its mmapped state cache, which the kernel can drop at will.
func rssAnon(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "RssAnon:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkEndToEnd is `make bench`'s end-to-end report: on a real broker and real-length
// notes, the transport-free core step, a no-op baseline through the same consumer and
// producer, the sustained rate of serve, its latency at half that rate and a memory soak;
// it writes docs/benchmarks-e2e.json and the matching section of docs/benchmarks.md.
// NOTECODER_BENCH_SOAK sets the soak's documents (default 100000; 0 skips it).
// NOTECODER_BENCH_ONLY=latency (at NOTECODER_BENCH_RATE), =rate (core step and serve) or
// =soak runs that part alone and writes no report.
func BenchmarkEndToEnd(b *testing.B) {
	addr := kafkaAddr(b)
	notes, german := benchNotes(b)
	soakN := 100_000
	if v := os.Getenv("NOTECODER_BENCH_SOAK"); v != "" {
		soakN, _ = strconv.Atoi(v)
	}
	if os.Getenv("NOTECODER_BENCH_ONLY") == "rate" { // a quick look at the serve / core step ratio, no report
		var raws [][]byte
		for _, m := range benchMessages(notes, 0, len(notes)) {
			raws = append(raws, m.Value)
		}
		core, _ := coreStep(b, raws, 20*time.Second)
		rate, cpu, _, _ := throughput(b, addr, notes, 8000)
		fmt.Printf("e2e bench: core step %.0f docs/s; serve %.0f docs/s (%.2f cores): %.0f%% of the core step\n", core, rate, cpu, 100*rate/core)
		return
	}
	if os.Getenv("NOTECODER_BENCH_ONLY") == "soak" { // a quick look at the soak alone, no report
		rss, anon := soak(b, addr, notes, soakN, []int{min(10_000, soakN), soakN})
		fmt.Printf("e2e bench: soak growth %.1f%% resident, %.1f%% anonymous\n", 100*(rss[1]-rss[0])/rss[0], 100*(anon[1]-anon[0])/anon[0])
		return
	}
	if os.Getenv("NOTECODER_BENCH_ONLY") == "latency" { // a quick look at latency alone, no report
		rate, _ := strconv.ParseFloat(os.Getenv("NOTECODER_BENCH_RATE"), 64)
		var raws [][]byte
		for _, m := range benchMessages(notes, 0, len(notes)) {
			raws = append(raws, m.Value)
		}
		_, results := coreStep(b, raws, 0)
		var withResults []string
		for i, ok := range results {
			if ok {
				withResults = append(withResults, notes[i])
			}
		}
		lat, in := latency(b, addr, withResults, max(rate, 100), 30*time.Second)
		fmt.Printf("e2e bench: latency at %.0f docs/s: p50 %s p95 %s p99 %s; inside serve (fetch to settled, bucket bounds) p50 <= %gs p95 <= %gs p99 <= %gs\n",
			max(rate, 100), pct(lat, .5), pct(lat, .95), pct(lat, .99), in[0], in[1], in[2])
		return
	}
	for r := 0; r < b.N; r++ {
		rep := map[string]any{"date": time.Now().UTC().Format(time.RFC3339), "machine": machine(), "notes": len(notes), "german_notes": german,
			"median_note_bytes": median(notes)}
		var raws [][]byte
		for _, m := range benchMessages(notes, 0, len(notes)) {
			raws = append(raws, m.Value)
		}
		core, results := coreStep(b, raws, 20*time.Second)
		var withResults []string
		for i, ok := range results {
			if ok {
				withResults = append(withResults, notes[i])
			}
		}
		rep["notes_with_results"] = len(withResults)
		fmt.Printf("e2e bench: core step %.0f docs/s\n", core)
		base, baseCPU, _, _ := throughput(b, addr, notes, 20000, "--baseline")
		fmt.Printf("e2e bench: no-op baseline %.0f docs/s (%.2f cores)\n", base, baseCPU)
		rate, cpu, peak, st := throughput(b, addr, notes, 8000)
		fmt.Printf("e2e bench: serve %.0f docs/s (%.2f cores, peak %.0f MB); %.0f%% of the core step\n", rate, cpu, peak, 100*rate/core)
		lat, in := latency(b, addr, withResults, rate/2, 30*time.Second)
		fmt.Printf("e2e bench: latency at %.0f docs/s: p50 %s p95 %s p99 %s; inside serve (fetch to settled, bucket bounds) p50 <= %gs p95 <= %gs p99 <= %gs\n",
			rate/2, pct(lat, .5), pct(lat, .95), pct(lat, .99), in[0], in[1], in[2])
		rep["latency_in_serve_bucket_s"] = map[string]float64{"p50": in[0], "p95": in[1], "p99": in[2]}
		rep["core_docs_per_s"] = core
		rep["baseline_docs_per_s"] = base
		rep["serve_docs_per_s"] = rate
		rep["serve_cpu_cores"] = cpu
		rep["serve_peak_mb"] = peak
		rep["ratio_serve_to_core"] = rate / core
		rep["ratio_serve_to_baseline"] = rate / base
		rep["stage_mean_s"] = st
		rep["latency_offered_docs_per_s"] = rate / 2
		rep["latency_ms"] = map[string]float64{"p50": ms(pct(lat, .5)), "p95": ms(pct(lat, .95)), "p99": ms(pct(lat, .99))}
		if soakN > 0 {
			marks := []int{min(10_000, soakN), soakN}
			rss, anon := soak(b, addr, notes, soakN, marks)
			rep["soak"] = map[string]any{"documents": marks, "resident_mb": rss, "growth_pct": 100 * (rss[1] - rss[0]) / rss[0],
				"anonymous_mb": anon, "anonymous_growth_pct": 100 * (anon[1] - anon[0]) / anon[0]}
		}
		writeReport(b, rep)
		b.ReportMetric(rate, "docs/s")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(notes []string) int {
	l := make([]int, len(notes))
	for i, n := range notes {
		l[i] = len(n)
	}
	sort.Ints(l)
	return l[len(l)/2]
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(strings.Split(string(b), "\n")[0])
		if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
			mem = fmt.Sprintf(", %.0f GiB", kb/1024/1024)
		}
	}
	return fmt.Sprintf("%d cores (%s)%s, no GPU", runtime.NumCPU(), cpu, mem)
}

// writeReport writes the JSON and replaces the generated section of docs/benchmarks.md.
func writeReport(b testing.TB, rep map[string]any) {
	js, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile("../docs/benchmarks-e2e.json", append(js, '\n'), 0o644); err != nil {
		b.Fatal(err)
	}
	lat := rep["latency_ms"].(map[string]float64)
	var s strings.Builder
	fmt.Fprintf(&s, "<!-- make bench: begin (generated by BenchmarkEndToEnd; do not edit) -->\n")
	fmt.Fprintf(&s, "### End to end through a real broker (`make bench`, %s)\n\n", rep["date"])
	fmt.Fprintf(&s, "Machine: %s; the broker and the benchmark's producer share it. Notes: %d real-length notes (%d German), median %d bytes, cycled; 6 partitions; default settings. Rates count settled input messages (serve's `notecoder_messages_total`) from the first to the last, start-up excluded. Latency: from handing a document to the producer to serve producing its Provenance (record timestamps, one clock), over the %d notes that have findings (the others publish only the Provenance that says nothing was found), after a first stretch at the same rate that is not counted (a tenth of the time, at least 5 s: the broker, the producers and the model batches warm up).\n\n",
		rep["machine"], rep["notes"], rep["german_notes"], rep["median_note_bytes"], rep["notes_with_results"])
	fmt.Fprintf(&s, "| measure | figure |\n|---|---|\n")
	fmt.Fprintf(&s, "| core step, transport-free (documents/s) | %.0f |\n", rep["core_docs_per_s"])
	fmt.Fprintf(&s, "| no-op baseline: same consumer and producer, pass-through processing (documents/s) | %.0f |\n", rep["baseline_docs_per_s"])
	fmt.Fprintf(&s, "| serve, sustained (documents/s) | %.0f |\n", rep["serve_docs_per_s"])
	fmt.Fprintf(&s, "| serve / core step | %.0f%% (target >= 70%%) |\n", 100*rep["ratio_serve_to_core"].(float64))
	fmt.Fprintf(&s, "| serve / no-op baseline | %.0f%% |\n", 100*rep["ratio_serve_to_baseline"].(float64))
	fmt.Fprintf(&s, "| serve CPU (cores busy) / peak resident memory | %.2f / %.0f MB |\n", rep["serve_cpu_cores"], rep["serve_peak_mb"])
	fmt.Fprintf(&s, "| latency at %.0f documents/s offered: p50 / p95 / p99 | %.0f / %.0f / %.0f ms (target p99 <= 500 ms) |\n",
		rep["latency_offered_docs_per_s"], lat["p50"], lat["p95"], lat["p99"])
	in := rep["latency_in_serve_bucket_s"].(map[string]float64)
	fmt.Fprintf(&s, "| of which inside serve, fetch to settled (histogram bucket bounds): p50 / p95 / p99 | <= %g / %g / %g s |\n", in["p50"], in["p95"], in["p99"])
	if so, ok := rep["soak"].(map[string]any); ok {
		d, r := so["documents"].([]int), so["resident_mb"].([]float64)
		a := so["anonymous_mb"].([]float64)
		fmt.Fprintf(&s, "| memory soak: resident after %d / %d documents | %.0f / %.0f MB (%+.1f%%; target < 5%%) |\n", d[0], d[1], r[0], r[1], so["growth_pct"])
		fmt.Fprintf(&s, "| of which anonymous (heap, libtorch; without the mmapped state cache's file pages) | %.0f / %.0f MB (%+.1f%%) |\n", a[0], a[1], so["anonymous_growth_pct"])
	}
	st := rep["stage_mean_s"].(map[string]float64)
	var names []string
	for k := range st {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(&s, "\nMean time per call, by stage (from serve's /metrics):")
	for _, k := range names {
		if strings.Contains(k, "batch_size") {
			fmt.Fprintf(&s, " %s %.1f notes;", k, st[k])
		} else {
			fmt.Fprintf(&s, " %s %.2f ms;", k, 1000*st[k])
		}
	}
	fmt.Fprintf(&s, "\n<!-- make bench: end -->\n")
	path := "../docs/benchmarks.md"
	old, _ := os.ReadFile(path)
	doc := string(old)
	i, j := strings.Index(doc, "<!-- make bench: begin"), strings.Index(doc, "<!-- make bench: end -->")
	if i >= 0 && j > i {
		doc = doc[:i] + s.String() + doc[j+len("<!-- make bench: end -->\n"):]
	} else {
		doc += "\n" + s.String()
	}
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		b.Fatal(err)
	}
	fmt.Print(s.String())
}
