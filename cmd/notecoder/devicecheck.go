package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/encoder"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "devicecheck", summary: "check the shipped models on a device (CUDA) against the CPU and measure the core step and serve there", run: runDeviceCheck})
}

// deviceReport is what devicecheck writes to OUT/devicecheck.json.
type deviceReport struct {
	Device    string             `json:"device"`
	Runtime   torch.RuntimeInfo  `json:"runtime"`
	Model     findings.Model     `json:"model"`
	Notes     int                `json:"notes"`
	NoteBytes map[string]int     `json:"note_bytes"` // min, median, max
	Parity    parityReport       `json:"parity"`
	Core      []throughputReport `json:"core_step"`
	Serve     *throughputReport  `json:"serve,omitempty"`
	Encoder   *encoderReport     `json:"encoder,omitempty"`
}

type parityReport struct {
	Tolerance        float64  `json:"tolerance"`
	MaxScoreDiff     float64  `json:"max_smoking_score_difference"`
	StatusMismatches int      `json:"smoking_status_mismatches"`
	OtherMismatches  int      `json:"condition_or_lvef_mismatches"`
	Examples         []string `json:"examples,omitempty"`
	OK               bool     `json:"ok"`
}

type throughputReport struct {
	BatchMax   int     `json:"batch_max"`
	Callers    int     `json:"callers,omitempty"`
	Docs       int     `json:"docs"`
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_second"`
	P50ms      float64 `json:"latency_p50_ms"`
	P95ms      float64 `json:"latency_p95_ms"`
	P99ms      float64 `json:"latency_p99_ms"`
}

func runDeviceCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("devicecheck", "devicecheck --notes FILE [--device cuda] [--batch-sizes 1,16,64,256] [--seconds 10] [--serve-docs 3000] [--encoder DIR [--encoder-synthetic]] [--out DIR]\n\n"+
		"For the GPU host (scripts/gpu-check.sh run calls it): loads the shipped models on the\n"+
		"device and on the CPU, checks that they find the same on every note (smoking status,\n"+
		"conditions, LVEF; smoking scores within --tolerance), then measures the core step\n"+
		"(parse, models, FHIR) through serve's batcher at each batch size, and serve itself on\n"+
		"its embedded broker: documents per second and latency. With --encoder, also the\n"+
		"pretrained encoder by itself: the same pooled sentence vectors as on the CPU, and\n"+
		"sentences per second at each batch size. Writes OUT/devicecheck.json.", stdout)
	var noteFiles stringList
	fs.Var(&noteFiles, "notes", "notes to use: i2b2 XML, entity JSONL or corpus JSONL ({\"id\",\"text\"}) (repeatable)")
	device := fs.String("device", "cuda", "the device to check against the CPU: cuda, cuda:N (or cpu, to try the command)")
	sizesF := fs.String("batch-sizes", "1,16,64,256", "serve's --batch-max values to measure the core step at")
	seconds := fs.Float64("seconds", 10, "how long to measure the core step at each batch size")
	serveDocs := fs.Int("serve-docs", 3000, "documents to send through serve on its embedded broker (0: skip)")
	tolerance := fs.Float64("tolerance", 1e-4, "largest difference allowed between a smoking score on the device and on the CPU")
	out := fs.String("out", "devicecheck", "folder for devicecheck.json")
	encDir := fs.String("encoder", "", "also check the pretrained encoder in this folder (config.json, tokenizer.json, model.safetensors; e.g. ~/.cache/notecoder/encoders/all-MiniLM-L6-v2)")
	encSynthetic := fs.Bool("encoder-synthetic", false, "the --encoder folder holds only config.json and tokenizer.json: give the encoder seeded random weights (measures speed and device parity, not accuracy)")
	encSentences := fs.Int("encoder-sentences", 2048, "sentences of the notes for the encoder check")
	encTolerance := fs.Float64("encoder-tolerance", 1e-3, "largest difference allowed between a pooled encoder value on the device and on the CPU")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(noteFiles) == 0 {
		return usageErrorf("--notes FILE is required (e.g. testdata/real/smoking-dev.xml)")
	}
	sizes, err := parseInts(*sizesF)
	if err != nil {
		return usageErrorf("--batch-sizes: %v", err)
	}
	if *seconds <= 0 || *serveDocs < 0 {
		return usageErrorf("--seconds must be positive and --serve-docs at least 0")
	}
	if *encSentences < 1 {
		return usageErrorf("--encoder-sentences must be at least 1")
	}
	if *encSynthetic && *encDir == "" {
		return usageErrorf("--encoder-synthetic needs --encoder DIR (a folder with the encoder's config.json and tokenizer.json)")
	}
	var enc *encoder.Pretrained
	if *encDir != "" {
		if enc, err = openEncoderCheck(*encDir, *encSynthetic); err != nil {
			return usageErrorf("--encoder: %v", err)
		}
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("--device: %v", err)
	}
	if dev.IsCuda() && !torch.Info().CUDAAvailable {
		return fmt.Errorf("--device %s: CUDA is not available to this binary (a CPU build, or no GPU/driver visible): build with scripts/gpu-check.sh build and check nvidia-smi", *device)
	}
	texts, err := training.NoteTexts(noteFiles)
	if err != nil {
		return err
	}
	if len(texts) == 0 {
		return usageErrorf("--notes: no notes in %s", strings.Join(noteFiles, ", "))
	}
	dir, err := models.BuiltinDir()
	if err != nil {
		return err
	}
	rep := deviceReport{Device: torch.DeviceName(dev), Runtime: torch.Info(), Notes: len(texts), NoteBytes: sizeStats(texts)}
	fmt.Fprintf(stdout, "%s\ndevice %s; %d notes (%d-%d bytes, median %d)\n", rep.Runtime, rep.Device, len(texts), rep.NoteBytes["min"], rep.NoteBytes["max"], rep.NoteBytes["median"])

	open := func(d gotch.Device) (*models.Extractor, error) {
		return models.Open(models.Options{Smoking: filepath.Join(dir, "smoking"), Device: d, Replicas: 1})
	}
	onDev, err := open(dev)
	if err != nil {
		return fmt.Errorf("loading the shipped models on %s: %w", rep.Device, err)
	}
	defer onDev.Close()
	rep.Model = onDev.Model()
	onCPU, err := open(gotch.CPU)
	if err != nil {
		return err
	}
	var withFindings []string
	rep.Parity, withFindings, err = checkParity(onDev, onCPU, texts, *tolerance)
	onCPU.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "parity with the CPU: %d smoking status and %d other mismatches, largest smoking score difference %.2g (tolerance %.0g): %s\n",
		rep.Parity.StatusMismatches, rep.Parity.OtherMismatches, rep.Parity.MaxScoreDiff, rep.Parity.Tolerance, map[bool]string{true: "ok", false: "FAILED"}[rep.Parity.OK])

	for _, b := range sizes {
		t, err := benchCoreStep(onDev, texts, b, time.Duration(*seconds*float64(time.Second)))
		if err != nil {
			return err
		}
		rep.Core = append(rep.Core, t)
		fmt.Fprintf(stdout, "core step, batch-max %4d, %3d callers: %8.1f docs/s, latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
			b, t.Callers, t.DocsPerSec, t.P50ms, t.P95ms, t.P99ms)
	}
	onDev.Close()
	if *serveDocs > 0 {
		best := rep.Core[0]
		for _, t := range rep.Core {
			if t.DocsPerSec > best.DocsPerSec {
				best = t
			}
		}
		if len(withFindings) == 0 {
			return usageErrorf("--notes: no note has a finding, so serve publishes nothing to wait for")
		}
		t, err := benchServe(withFindings, *serveDocs, best.BatchMax, *device, stderr)
		if err != nil {
			return fmt.Errorf("serve on the embedded broker: %w", err)
		}
		rep.Serve = &t
		fmt.Fprintf(stdout, "serve on its embedded broker, batch-max %d: %d documents, %.1f docs/s, latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n",
			t.BatchMax, t.Docs, t.DocsPerSec, t.P50ms, t.P95ms, t.P99ms)
	}
	var encErr error
	if enc != nil {
		e, err := checkEncoder(enc, *encSynthetic, dev, texts, *encSentences, sizes, time.Duration(*seconds*float64(time.Second)/2), *encTolerance)
		if err != nil {
			encErr = fmt.Errorf("encoder check: %w", err)
		} else {
			rep.Encoder = &e
			fmt.Fprintf(stdout, "encoder parity with the CPU: %d sentences (%d-%d tokens, median %d), largest pooled difference %.2g (tolerance %.0g): %s; weights %s\n",
				e.Sentences, e.Tokens["min"], e.Tokens["max"], e.Tokens["median"], e.MaxDiff, e.Tolerance, map[bool]string{true: "ok", false: "FAILED"}[e.OK], e.Weights)
			for _, s := range e.Speed {
				fmt.Fprintf(stdout, "encoder, batch %4d: %9.1f sentences/s, batch latency p50 %.1f ms, p99 %.1f ms\n", s.Batch, s.PerSecond, s.BatchP50ms, s.BatchP99ms)
			}
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "devicecheck.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(*out, "devicecheck.json"))
	if !rep.Parity.OK {
		return fmt.Errorf("the models find different things on %s and on the CPU (see %s)", rep.Device, filepath.Join(*out, "devicecheck.json"))
	}
	if encErr != nil {
		return encErr
	}
	if rep.Encoder != nil && !rep.Encoder.OK {
		return fmt.Errorf("the encoder's pooled vectors on %s differ from the CPU's by %.2g, over the tolerance %.0g (see %s)", rep.Device, rep.Encoder.MaxDiff, rep.Encoder.Tolerance, filepath.Join(*out, "devicecheck.json"))
	}
	return nil
}

func sizeStats(texts []string) map[string]int {
	n := make([]int, len(texts))
	for i, t := range texts {
		n[i] = len(t)
	}
	return minMedianMax(n)
}

// minMedianMax sorts n (not empty) and returns its minimum, median and maximum.
func minMedianMax(n []int) map[string]int {
	sort.Ints(n)
	return map[string]int{"min": n[0], "median": n[len(n)/2], "max": n[len(n)-1]}
}

// checkParity runs every note through both extractors in batches of 64 and compares; it
// also returns the notes in which b found something (serve publishes a result set for them).
func checkParity(a, b nlp.Extractor, texts []string, tol float64) (parityReport, []string, error) {
	rep := parityReport{Tolerance: tol}
	var withFindings []string
	ctx := context.Background()
	for start := 0; start < len(texts); start += 64 {
		in := make([]nlp.Input, 0, 64)
		for _, t := range texts[start:min(start+64, len(texts))] {
			in = append(in, nlp.Input{Text: t, Date: nlp.DateInText(t)})
		}
		fa, err := a.Extract(ctx, in)
		if err != nil {
			return rep, nil, err
		}
		fb, err := b.Extract(ctx, in)
		if err != nil {
			return rep, nil, err
		}
		for i := range in {
			if publishes(fb[i]) {
				withFindings = append(withFindings, in[i].Text)
			}
			sa, sb := fa[i].Smoking, fb[i].Smoking
			if sa.Status != sb.Status {
				rep.StatusMismatches++
				rep.Examples = append(rep.Examples, fmt.Sprintf("note %d: smoking %s here, %s on the CPU", start+i, sa.Status, sb.Status))
			}
			rep.MaxScoreDiff = math.Max(rep.MaxScoreDiff, math.Abs(sa.Score-sb.Score))
			ja, _ := json.Marshal([]any{fa[i].Conditions, fa[i].LVEF})
			jb, _ := json.Marshal([]any{fb[i].Conditions, fb[i].LVEF})
			if string(ja) != string(jb) {
				rep.OtherMismatches++
				rep.Examples = append(rep.Examples, fmt.Sprintf("note %d: conditions or LVEF differ", start+i))
			}
		}
	}
	rep.OK = rep.StatusMismatches == 0 && rep.OtherMismatches == 0 && rep.MaxScoreDiff <= tol
	return rep, withFindings, nil
}

// benchCoreStep measures the core step (parse, text, models through serve's batcher,
// FHIR build and reconcile; no Kafka) for d with batches of up to batchMax notes: 2 x
// batchMax callers (at least 4) keep the batcher fed, as serve's partition workers do.
func benchCoreStep(ex nlp.Extractor, texts []string, batchMax int, d time.Duration) (throughputReport, error) {
	b := nlp.NewBatcher(ex, batchMax, 2*time.Millisecond, 1)
	defer b.Close()
	p, err := pipeline.New(b, fhir.NewMemoryLedger(), pipeline.Config{})
	if err != nil {
		return throughputReport{}, err
	}
	raws := make([][]byte, len(texts))
	for i, t := range texts {
		raws[i] = benchDocument(fmt.Sprintf("devicecheck-%d", i), t)
	}
	callers := max(2*batchMax, 4)
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	ctx := context.Background()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				res, err := p.Process(ctx, raws[next.Add(1)%int64(len(raws))])
				if err == nil && (len(res.Docs) != 1 || res.Docs[0].Err != nil) {
					err = fmt.Errorf("a note failed: %+v", res)
				}
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return throughputReport{}, firstErr
	}
	return summarize(batchMax, callers, lat, time.Since(start)), nil
}

// publishes reports whether serve publishes a result set for f (by default: a smoking
// status other than unknown, an asserted condition or an LVEF).
func publishes(f findings.Findings) bool {
	if f.LVEF != nil || (f.Smoking != nil && f.Smoking.Status != findings.Unknown) {
		return true
	}
	for _, c := range f.Conditions {
		if c.Assertion == findings.Asserted {
			return true
		}
	}
	return false
}

func summarize(batchMax, callers int, lat []time.Duration, elapsed time.Duration) throughputReport {
	pct := percentilesMs(lat)
	return throughputReport{BatchMax: batchMax, Callers: callers, Docs: len(lat), Seconds: elapsed.Seconds(),
		DocsPerSec: float64(len(lat)) / elapsed.Seconds(), P50ms: pct(0.50), P95ms: pct(0.95), P99ms: pct(0.99)}
}

// percentilesMs sorts lat and returns its p-th percentile (0 to 1) in milliseconds; 0
// when lat is empty.
func percentilesMs(lat []time.Duration) func(p float64) float64 {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
}

// benchDocument wraps a note in a DocumentReference event.
func benchDocument(id, text string) []byte {
	b, _ := json.Marshal(map[string]any{
		"resourceType": "DocumentReference", "id": id, "status": "current", "meta": map[string]any{"versionId": "1"},
		"subject": map[string]any{"reference": "Patient/" + id}, "date": "2024-03-05",
		"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain; charset=utf-8", "data": base64.StdEncoding.EncodeToString([]byte(text))}}},
	})
	return b
}

// benchServe starts serve on its embedded broker (the shipped models on device), sends n
// documents (each with a finding, so that each gets a Provenance) as fast as the producer
// can, and waits for each one's Provenance: the rate from the first send to the last
// Provenance, and each document's latency from its send to its Provenance's arrival.
func benchServe(texts []string, n, batchMax int, device string, stderr io.Writer) (throughputReport, error) {
	s := newServeSettings("devicecheck-serve", "", io.Discard)
	if err := s.parse([]string{"--device", device, "--batch-max", fmt.Sprint(batchMax), "--partitions", "12", "--log-level", "error"}); err != nil {
		return throughputReport{}, err
	}
	dir, err := os.MkdirTemp("", "notecoder-devicecheck-")
	if err != nil {
		return throughputReport{}, err
	}
	defer os.RemoveAll(dir)
	s.DataDir = dir
	logger, err := newLogger(stderr, "error")
	if err != nil {
		return throughputReport{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sendCtx, sendFailed := context.WithCancelCause(ctx)
	defer sendFailed(nil)
	svc, stop, err := startInBackground(ctx, s, logger)
	if err != nil {
		return throughputReport{}, err
	}
	defer stop()
	sent := make([]atomic.Int64, n) // unix nanoseconds; written by the producer, read by the reader
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: svc.Brokers(), Topic: s.ProvenanceTopic, GroupID: "notecoder-devicecheck", StartOffset: kafka.FirstOffset, MaxWait: 50 * time.Millisecond})
	defer r.Close()
	w := &kafka.Writer{Addr: kafka.TCP(svc.Brokers()...), Topic: s.InputTopic, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	start := time.Now()
	go func() {
		for i := 0; i < n; i += 100 {
			var msgs []kafka.Message
			for k := i; k < min(i+100, n); k++ {
				id := fmt.Sprintf("dc-%d", k)
				sent[k].Store(time.Now().UnixNano())
				msgs = append(msgs, kafka.Message{Key: []byte(id), Value: benchDocument(id, texts[k%len(texts)])})
			}
			if err := w.WriteMessages(ctx, msgs...); err != nil {
				sendFailed(fmt.Errorf("sending the documents: %w", err))
				return
			}
		}
	}()
	var lat []time.Duration
	got := map[int]bool{}
	for len(got) < n {
		m, err := r.ReadMessage(sendCtx)
		if err != nil {
			if cause := context.Cause(sendCtx); cause != nil && cause != context.Canceled && cause != context.DeadlineExceeded {
				err = cause
			}
			return throughputReport{}, fmt.Errorf("waiting for results: %w (%d of %d documents done)", err, len(got), n)
		}
		var prov struct {
			Entity []struct {
				What struct{ Reference string } `json:"what"`
			} `json:"entity"`
		}
		if json.Unmarshal(m.Value, &prov) != nil || len(prov.Entity) == 0 {
			continue
		}
		var k int
		if _, err := fmt.Sscanf(strings.TrimPrefix(prov.Entity[0].What.Reference, "DocumentReference/"), "dc-%d/", &k); err != nil || got[k] || k < 0 || k >= n {
			continue
		}
		got[k] = true
		lat = append(lat, time.Duration(time.Now().UnixNano()-sent[k].Load()))
	}
	return summarize(batchMax, 0, lat, time.Since(start)), nil
}
