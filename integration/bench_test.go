package integration

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
)

// sizedDoc is DocumentReference i with a clinic note of about kb kilobytes: a smoking
// statement, conditions and an LVEF, then the plain narrative a long note carries.
func sizedDoc(i, kb int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "Clinic note %d, 2024-03-05.\nSocial history: %s\n", i,
		[]string{"current smoker, 1 ppd for 30 years.", "former smoker, quit in 2001.", "never smoker.", "denies tobacco use.", "40 pack-year smoking history."}[i%5])
	fmt.Fprintf(&b, "Problems: %s, %s. Echo: LVEF %d%%.\n",
		[]string{"hypertension", "atrial fibrillation on apixaban", "type 2 diabetes mellitus", "chronic kidney disease stage 3"}[i%4],
		[]string{"no heart failure", "moderate mitral regurgitation", "hyperlipidemia"}[i%3], 30+i%30)
	filler := "The patient was seen in clinic today for follow-up. She reports walking two miles a day without chest pain or shortness of breath. " +
		"Medications were reviewed with her and her daughter; adherence is good. Labs from last week were discussed, and the plan was explained. "
	for b.Len() < kb*1024 {
		b.WriteString(filler)
	}
	return docRef(i, b.String())
}

// BenchmarkServeThroughKafka is the end-to-end throughput of one `notecoder serve`
// process on a real broker: N documents of 1, 4 and 8 KB are produced first, then serve
// starts and the clock runs until every document has its results on the output topics.
// It prints documents per second (start-up included, so N should be large). Run it with
// `make bench-kafka`; NOTECODER_BENCH_MODELS=DIR serves the models in DIR instead of the
// shipped ones, NOTECODER_BENCH_DOCS sets N (default 3000).
func BenchmarkServeThroughKafka(b *testing.B) {
	addr := kafkaAddr(b)
	n := 3000
	if v, err := fmt.Sscan(os.Getenv("NOTECODER_BENCH_DOCS"), &n); v != 1 || err != nil {
		n = 3000
	}
	var extra []string
	if d := os.Getenv("NOTECODER_BENCH_MODELS"); d != "" {
		extra = append(extra, "--models", d)
	}
	for _, kb := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			var rate float64
			for r := 0; r < b.N; r++ {
				tp := newTopics(b, fmt.Sprintf("bench%d", kb))
				tp.create(b, addr, partitions)
				msgs := make([]kafka.Message, n)
				for i := range msgs {
					msgs[i] = kafka.Message{Key: []byte(fmt.Sprintf("Patient/p-%d", i%500)), Value: sizedDoc(i, kb)}
				}
				produce(b, addr, tp.input, msgs)
				c := collect(b, addr, tp)
				start := time.Now()
				p := startServe(b, addr, tp, b.TempDir(), extra...)
				waitFor(b, 10*time.Minute, "results for every document", func() bool { return c.docsDone() >= n })
				elapsed := time.Since(start)
				p.stop(b, 30*time.Second)
				c.stop()
				rate = float64(n) / elapsed.Seconds()
				steady := c.steadyRate()
				fmt.Printf("kafka bench: %d documents of %d KB in %s: %.0f docs/s with start-up, %.0f docs/s from the first result to the last\n",
					n, kb, elapsed.Round(time.Millisecond), rate, steady)
			}
			b.ReportMetric(rate, "docs/s")
		})
	}
}

// steadyRate is documents per second between the first and the last result set
// (Provenance records, by their Kafka timestamps): throughput without start-up.
func (c *collector) steadyRate() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.provTimes) < 2 {
		return 0
	}
	first, last := c.provTimes[0], c.provTimes[0]
	for _, t := range c.provTimes {
		if t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if !last.After(first) {
		return 0
	}
	return float64(len(c.provTimes)-1) / last.Sub(first).Seconds()
}
