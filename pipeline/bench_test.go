package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/training"
)

// realNotes returns the texts of the real dev notes in testdata/real, each once.
func realNotes(b *testing.B) []string {
	texts, err := training.NoteTexts([]string{"../testdata/real/conditions-dev.jsonl", "../testdata/real/smoking-dev.xml"})
	if err != nil {
		b.Fatal(err)
	}
	return texts
}

// benchNote is a realistic 1-8 KB note: the discharge-summary shape repeated.
func benchNote(kb int) string {
	base := "HISTORY: 67-year-old man with palpitations. ECG: atrial fibrillation with RVR. " +
		"PMH: hypertension, type 2 diabetes mellitus, hyperlipidemia. No prior myocardial infarction. " +
		"SOCIAL: former smoker, quit in 2001, 30 pack-years. FAMILY: mother had a stroke. " +
		"ECHO: LVEF 35%, moderate mitral regurgitation, no aortic stenosis. PLAN: apixaban, metoprolol.\n"
	var b strings.Builder
	for b.Len() < kb*1024 {
		b.WriteString(base)
	}
	return b.String()
}

// BenchmarkProcess measures the core step (parse, text, rule extractor, FHIR build,
// reconcile) on one core, without Kafka: documents per second by note size.
func BenchmarkProcess(b *testing.B) {
	for _, kb := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			p, err := New(rules.New(), fhir.NewMemoryLedger(), Config{})
			if err != nil {
				b.Fatal(err)
			}
			raws := make([][]byte, 64)
			for i := range raws {
				raws[i] = eventB(fmt.Sprintf("bench-%d", i), benchNote(kb))
			}
			ctx := context.Background()
			b.SetBytes(int64(len(raws[0])))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := p.Process(ctx, raws[i%len(raws)])
				if err != nil || len(res.Docs) != 1 || res.Docs[0].Err != nil {
					b.Fatalf("%v %+v", err, res)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkProcessWithModels is the end-to-end figure for the speed target (everything
// but Kafka): the shipped smoking model (one replica per core) behind the batcher that
// serve uses, rules for conditions and LVEF, FHIR build and reconcile, with 3 callers
// per core standing in for the consumer's partition workers. Run with -cpu 2 for the
// 2-core figure. NOTECODER_BENCH_MODELS=DIR measures the models in DIR instead (DIR/smoking
// and, if present, the entity tagger in DIR/entities or the assertion model in
// DIR/assertion).
func BenchmarkProcessWithModels(b *testing.B) {
	dir, err := models.BuiltinDir()
	if err != nil {
		b.Fatal(err)
	}
	entities, assertion := "", ""
	if d := os.Getenv("NOTECODER_BENCH_MODELS"); d != "" {
		dir = d
		if _, err := os.Stat(filepath.Join(d, "entities")); err == nil {
			entities = filepath.Join(d, "entities")
		}
		if _, err := os.Stat(filepath.Join(d, "assertion")); err == nil {
			assertion = filepath.Join(d, "assertion")
		}
	}
	if os.Getenv("GOGC") == "" { // as serve runs
		defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	}
	procs := runtime.GOMAXPROCS(0)
	mex, err := models.Open(models.Options{Smoking: filepath.Join(dir, "smoking"), Entities: entities, Assertion: assertion, Device: gotch.CPU, Replicas: procs})
	if err != nil {
		b.Fatal(err)
	}
	defer mex.Close()
	ex := nlp.NewBatcher(mex, 64, 2*time.Millisecond, procs)
	defer ex.Close()
	type set struct {
		name  string
		texts []string
	}
	var sets []set
	for _, kb := range []int{1, 4, 8} {
		var texts []string
		for range 64 {
			texts = append(texts, benchNote(kb))
		}
		sets = append(sets, set{fmt.Sprintf("%dKB", kb), texts})
	}
	// Real transcribed reports as they come: the real dev notes (MTSamples), those of 1-4 KB
	// and all of them (0.2-14 KB; median 2.9 KB).
	real := realNotes(b)
	var mid []string
	for _, t := range real {
		if len(t) >= 1024 && len(t) <= 4096 {
			mid = append(mid, t)
		}
	}
	sets = append(sets, set{"mtsamples-1-4KB", mid}, set{"mtsamples-all", real})
	for _, st := range sets {
		b.Run(st.name, func(b *testing.B) {
			p, err := New(ex, fhir.NewMemoryLedger(), Config{})
			if err != nil {
				b.Fatal(err)
			}
			raws := make([][]byte, len(st.texts))
			for i, t := range st.texts {
				raws[i] = eventB(fmt.Sprintf("bench-%d", i), t)
			}
			var next atomic.Int64
			b.SetParallelism(3)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					res, err := p.Process(ctx, raws[next.Add(1)%int64(len(raws))])
					if err != nil || len(res.Docs) != 1 || res.Docs[0].Err != nil {
						b.Errorf("%v %+v", err, res)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
