package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/notecoder/notecoder/app"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/notecoder/notecoder/observability"
)

const (
	sentinelName     = "Zebulon Quattlebaum"
	sentinelSentence = "Mr Quattlebaum keeps bees on the roof of the old mill."
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// telemetryRun runs serve in-process on the embedded broker with an in-memory span
// exporter and debug logs, feeds it docs, and returns what telemetry saw.
func telemetryRun(t *testing.T, msgs []kafka.Message, wantOutputs int) (spans tracetest.SpanStubs, logs, metrics string, outputs []kafka.Message) {
	t.Helper()
	// Telemetry is process-global (as in serve): set up once, spans reset per test.
	telOnce.Do(func() {
		testExp = tracetest.NewInMemoryExporter()
		testTel, telErr = observability.Setup(context.Background(), observability.Config{ServiceVersion: "test", Instance: "test/1", SpanExporter: testExp, SyncSpans: true})
	})
	if telErr != nil {
		t.Fatal(telErr)
	}
	exp, tel := testExp, testTel
	exp.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logBuf := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newServeSettings("serve", "", io.Discard)
	if err := s.parse([]string{"--data-dir", t.TempDir(), "--partitions", "2"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := s.appConfig()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := app.Start(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	w := &kafka.Writer{Addr: kafka.TCP(svc.Brokers()...), Topic: s.InputTopic, Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: svc.Brokers(), GroupID: "telemetry-test", GroupTopics: []string{s.ObservationTopic, s.ConditionTopic, s.ProvenanceTopic, s.DLQTopic},
		StartOffset: kafka.FirstOffset, MaxWait: 100 * time.Millisecond})
	rctx, rcancel := context.WithTimeout(ctx, 60*time.Second)
	for len(outputs) < wantOutputs {
		m, err := r.ReadMessage(rctx)
		if err != nil {
			t.Fatalf("after %d of %d outputs: %v", len(outputs), wantOutputs, err)
		}
		outputs = append(outputs, m)
	}
	rcancel()
	r.Close()
	// Scrape /metrics as Prometheus would.
	rec := httptest.NewRecorder()
	tel.Handler(svc.Ready, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	metrics = rec.Body.String()
	cancel()
	<-done
	svc.Close()
	return exp.GetSpans(), logBuf.String(), metrics, outputs
}

var (
	telOnce sync.Once
	testExp *tracetest.InMemoryExporter
	testTel *observability.Telemetry
	telErr  error
)

func docJSON(id, contentType, text string) []byte {
	d := map[string]any{
		"resourceType": "DocumentReference", "id": id, "meta": map[string]any{"versionId": "1"}, "status": "current",
		"subject": map[string]any{"reference": "Patient/p-9"}, "date": "2024-03-05",
		"description": sentinelName + "'s note",
		"content": []any{map[string]any{"attachment": map[string]any{"contentType": contentType, "title": sentinelName,
			"data": base64.StdEncoding.EncodeToString([]byte(text))}}},
	}
	b, _ := json.Marshal(d)
	return b
}

// The span tree of one document: the consume span continues the producer's trace from
// the message headers, follows the messaging conventions, has children for each stage
// and each produce, and the trace goes on in the output records' headers.
func TestSpanTreeFollowsOneDocument(t *testing.T) {
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	const parentSpan = "00f067aa0ba902b7"
	msg := kafka.Message{Key: []byte("Patient/p-9"), Value: docJSON("trace-1", "text/plain", "Current smoker. Atrial fibrillation. LVEF 35%."),
		Headers: []kafka.Header{{Key: "traceparent", Value: []byte("00-" + traceID + "-" + parentSpan + "-01")}}}
	// smoking + LVEF Observations, 1 Condition, Device + Provenance
	spans, _, _, outputs := telemetryRun(t, []kafka.Message{msg}, 5)

	var process tracetest.SpanStub
	for _, s := range spans {
		if strings.HasPrefix(s.Name, "process ") {
			process = s
		}
	}
	if process.Name != "process fhir.documentreference" {
		t.Fatalf("no consume span; spans: %v", names(spans))
	}
	if process.SpanContext.TraceID().String() != traceID || process.Parent.SpanID().String() != parentSpan || !process.Parent.IsRemote() {
		t.Errorf("consume span does not continue the incoming trace: trace %s parent %s", process.SpanContext.TraceID(), process.Parent.SpanID())
	}
	if process.SpanKind != trace.SpanKindConsumer {
		t.Errorf("consume span kind %v", process.SpanKind)
	}
	attrs := map[string]string{}
	for _, a := range process.Attributes {
		attrs[string(a.Key)] = a.Value.Emit()
	}
	for k, want := range map[string]string{
		"messaging.system": "kafka", "messaging.destination.name": "fhir.documentreference",
		"messaging.consumer.group.name": "notecoder", "messaging.kafka.message.key": "Patient/p-9",
		"messaging.kafka.offset": "0",
	} {
		if attrs[k] != want {
			t.Errorf("consume span attribute %s = %q, want %q", k, attrs[k], want)
		}
	}
	if _, ok := attrs["messaging.destination.partition.id"]; !ok {
		t.Error("consume span lacks messaging.destination.partition.id")
	}
	children := map[string]bool{}
	for _, s := range spans {
		if s.Parent.SpanID() == process.SpanContext.SpanID() {
			children[s.Name] = true
		}
	}
	for _, want := range []string{"parse event", "extract text", "nlp notecoder-smoking+rules", "build fhir", "produce fhir.observation", "produce fhir.condition", "produce fhir.provenance", "write state"} {
		if !children[want] {
			t.Errorf("consume span lacks child %q; children: %v", want, children)
		}
	}
	for _, m := range outputs {
		tp := ""
		for _, h := range m.Headers {
			if h.Key == "traceparent" {
				tp = string(h.Value)
			}
		}
		if !strings.Contains(tp, traceID) {
			t.Errorf("output on %s carries traceparent %q, not the document's trace", m.Topic, tp)
		}
	}
}

// No patient data in telemetry: a sentinel name and sentence, in the note text, the
// document's description and attachment title, in a dead-lettered document and in a
// malformed message, never appear in logs, span names, attributes, events, statuses or
// metric labels.
func TestSentinelNeverReachesTelemetry(t *testing.T) {
	text := fmt.Sprintf("%s is a current smoker. %s Atrial fibrillation. LVEF 35%%.", sentinelName, sentinelSentence)
	msgs := []kafka.Message{
		{Key: []byte("Patient/p-9"), Value: docJSON("sentinel-1", "text/plain", text)},
		{Key: []byte("Patient/p-9"), Value: docJSON("sentinel-2", "application/pdf", text)},
		{Key: []byte("Patient/p-9"), Value: []byte(`{"resourceType":"DocumentReference","id":"x","note":"` + sentinelName + ` ` + sentinelSentence)},
	}
	spans, logs, metrics, _ := telemetryRun(t, msgs, 7) // 5 results + 2 dead letters
	var dump strings.Builder
	for _, s := range spans {
		dump.WriteString(s.Name + " " + s.Status.Description + "\n")
		for _, a := range s.Attributes {
			dump.WriteString(string(a.Key) + "=" + a.Value.Emit() + "\n")
		}
		for _, e := range s.Events {
			dump.WriteString(e.Name + "\n")
			for _, a := range e.Attributes {
				dump.WriteString(string(a.Key) + "=" + a.Value.Emit() + "\n")
			}
		}
	}
	if len(spans) < 10 || !strings.Contains(logs, "dead-lettered") || !strings.Contains(metrics, "notecoder_documents_total") {
		t.Fatalf("telemetry too thin to judge: %d spans, logs %d bytes, metrics %d bytes", len(spans), len(logs), len(metrics))
	}
	for where, text := range map[string]string{"logs": logs, "spans": dump.String(), "metrics": metrics} {
		for _, sentinel := range []string{sentinelName, "Quattlebaum", sentinelSentence, "keeps bees"} {
			if strings.Contains(text, sentinel) {
				t.Errorf("%s contain the sentinel %q", where, sentinel)
			}
		}
	}
}

func names(spans tracetest.SpanStubs) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}
