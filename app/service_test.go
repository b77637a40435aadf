package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
	"github.com/segmentio/kafka-go"
)

func testConfig(t *testing.T) Config {
	return Config{
		Group: "app-test",
		Topics: Topics{Input: "in", Observation: "obs", Condition: "cond", Provenance: "prov", DLQ: "dlq",
			Corrections: "corr", State: "app-test-state-changelog"},
		Partitions: 2, ReplicationFactor: -1, CreateTopics: true, MaxMessageBytes: 1 << 20,
		InFlight: 8, StuckAfter: time.Minute, ShutdownTimeout: 10 * time.Second, BackoffMax: time.Second,
		DataDir: t.TempDir(), Models: ModelSettings{Dir: "rules"}, Version: "test", Instance: "test/1",
	}
}

func docRef(id, version, text string) []byte {
	b, _ := json.Marshal(map[string]any{
		"resourceType": "DocumentReference", "id": id, "meta": map[string]any{"versionId": version}, "status": "current",
		"subject": map[string]any{"reference": "Patient/p1"}, "date": "2024-03-05",
		"content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain", "data": base64.StdEncoding.EncodeToString([]byte(text))}}},
	})
	return b
}

// The service's life on the embedded broker: start (topics created, state changelog
// included), ready, a document in and its results out, a clean stop; a second service on
// an empty data directory sees the first one's state.
func TestServiceStartsServesAndStops(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	cfg := testConfig(t)
	svc, stop, err := StartInBackground(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for svc.Ready(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("not ready after 30 s: %v", svc.Ready(ctx))
		}
		time.Sleep(100 * time.Millisecond)
	}
	w := &kafka.Writer{Addr: kafka.TCP(svc.Brokers()...), Topic: cfg.Topics.Input, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	if err := w.WriteMessages(ctx, kafka.Message{Key: []byte("Patient/p1"), Value: docRef("d1", "1", "Current smoker. Atrial fibrillation.")}); err != nil {
		t.Fatal(err)
	}
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: svc.Brokers(), GroupID: "app-test-reader", GroupTopics: []string{cfg.Topics.Provenance, cfg.Topics.Condition},
		StartOffset: kafka.FirstOffset, MaxWait: 100 * time.Millisecond})
	defer r.Close()
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	seen := map[string]bool{}
	for !seen["Provenance"] || !seen["Condition"] {
		m, err := r.ReadMessage(rctx)
		if err != nil {
			t.Fatalf("results: %v (seen %v)", err, seen)
		}
		var head struct{ ResourceType string }
		json.Unmarshal(m.Value, &head)
		seen[head.ResourceType] = true
	}
	// Many messages in flight at once, versions of one document among them (run with
	// -race to check the pipeline's concurrency).
	var msgs []kafka.Message
	for i := 0; i < 200; i++ {
		msgs = append(msgs, kafka.Message{Key: []byte("Patient/p1"), Value: docRef(fmt.Sprintf("m%d", i%150), fmt.Sprint(1+i/150), "Never smoker. Atrial fibrillation.")})
	}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	for svc.Stats().Messages.Load() < 201 {
		if time.Now().After(deadline.Add(30 * time.Second)) {
			t.Fatalf("%d of 201 messages settled", svc.Stats().Messages.Load())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := svc.Stats().DeadLetters.Load(); n != 0 {
		t.Errorf("%d dead letters", n)
	}
	stop()
	stop = nil
	if svc.Ready(ctx) == nil {
		t.Error("a stopped service says it is ready")
	}
}

func TestOpenModels(t *testing.T) {
	mex, ex, err := OpenModels(ModelSettings{Dir: "rules"})
	if err != nil || mex != nil || ex == nil {
		t.Fatalf("rules: %v %v %v", mex, ex, err)
	}
	_, _, err = OpenModels(ModelSettings{Dir: t.TempDir(), Device: "cpu"})
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "no smoking model") {
		t.Errorf("a folder without models: %v, want a ConfigError naming the missing model", err)
	}
	mex, ex, err = OpenModels(ModelSettings{Dir: "builtin", Device: "cpu", Replicas: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer mex.Close()
	if m := ex.Model(); !strings.Contains(m.Name, "smoking") || m.Version == "" {
		t.Errorf("builtin model %+v", m)
	}
	if _, _, err := OpenModels(ModelSettings{Dir: "builtin", Device: "tpu"}); !errors.As(err, &ce) {
		t.Errorf("a bad device: %v, want a ConfigError", err)
	}
}

// A version promoted in the training store serves from the start, instead of --models,
// on an instance started afterwards.
func TestServiceStartsWithThePromotedVersion(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	cfg.Models = ModelSettings{Dir: "builtin", Replicas: 1}
	base, err := models.BuiltinDir()
	if err != nil {
		t.Fatal(err)
	}
	artifact, err := training.PackModels(base)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, cfg.Learning.StorePath(cfg.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddModel(ctx, store.ModelVersion{Version: "9.9.9-r1", Task: training.RetrainTask, Status: store.StatusCandidate, Report: "{}"}, artifact); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Promote(ctx, "9.9.9-r1", "test", "test", false); err != nil {
		t.Fatal(err)
	}
	st.Close()
	svc, err := Start(ctx, cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if v := svc.ServingVersion(); v != "9.9.9-r1" {
		t.Errorf("serving version %q; want the promoted 9.9.9-r1", v)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "models", "9.9.9-r1", "smoking")); err != nil {
		t.Errorf("the promoted artifact was not unpacked: %v", err)
	}
}
