package producers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/pipeline"
)

func TestPermanentIsTheOnePredicate(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("connection refused"), false},
		{kafka.LeaderNotAvailable, false},
		{&fhir.InputError{Reason: fhir.ReasonMalformedJSON}, true},
		{fmt.Errorf("wrapped: %w", &fhir.InputError{Reason: fhir.ReasonNoText}), true},
		{classify(kafka.MessageSizeTooLarge), true},
		{classify(fmt.Errorf("batch: %w", kafka.RecordListTooLarge)), true},
		{classify(kafka.NotEnoughReplicas), false},
	} {
		if got := Permanent(c.err); got != c.want {
			t.Errorf("Permanent(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// A record over the writer's limit is refused without contacting any broker, and the
// other records' fate is reported separately.
func TestSendRefusesOversizeRecordsOnTheirOwn(t *testing.T) {
	w := New(Config{Conn: broker.Conn{Brokers: []string{"127.0.0.1:1"}}, MaxMessageBytes: 1000})
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // nothing may actually be sent
	errs := w.Send(ctx, []kafka.Message{
		{Topic: "t", Value: []byte(strings.Repeat("x", 5000))},
		{Topic: "t", Value: []byte("small")},
	})
	if !errors.Is(errs[0], ErrTooLarge) || !Permanent(errs[0]) {
		t.Errorf("oversize record: %v, want a permanent ErrTooLarge", errs[0])
	}
	if errs[1] == nil || Permanent(errs[1]) {
		t.Errorf("small record with no broker: %v, want a transient error", errs[1])
	}
}

func TestTrimKeepsOnlyAReferenceAndNotecodersHeaders(t *testing.T) {
	w := New(Config{Topics: Topics{DLQ: "dlq"}, Version: "1.2.3", Instance: "h/1"})
	src := kafka.Message{Topic: "in", Partition: 3, Offset: 77, Key: []byte("Patient/1"), Value: []byte(strings.Repeat("y", 4096)),
		Headers: []kafka.Header{{Key: "big-custom", Value: []byte(strings.Repeat("z", 4096))}}}
	dl := w.DeadLetter(src, "doc-1", &fhir.InputError{Reason: fhir.ReasonMalformedJSON, Detail: "syntax error at byte 9"})
	tr := Trim(dl, src)
	var ref Trimmed
	if err := json.Unmarshal(tr.Value, &ref); err != nil {
		t.Fatal(err)
	}
	if ref != (Trimmed{Topic: "in", Partition: 3, Offset: 77, Bytes: 4096}) || tr.Topic != "dlq" || string(tr.Key) != "Patient/1" {
		t.Errorf("trimmed: %+v topic %s key %s", ref, tr.Topic, tr.Key)
	}
	h := map[string]string{}
	for _, x := range tr.Headers {
		h[x.Key] = string(x.Value)
	}
	if h[HeaderTrimmed] != "true" || h[HeaderErrorClass] != "malformed-json" || h[HeaderDocument] != "doc-1" || h[HeaderSourceOffset] != "77" {
		t.Errorf("headers %v", h)
	}
	if _, ok := h["big-custom"]; ok {
		t.Error("the source's own headers were kept")
	}
	if size(tr) > 1024 {
		t.Errorf("trimmed dead letter of %d bytes", size(tr))
	}
}

func TestMessagesPutProvenanceAfterResults(t *testing.T) {
	w := New(Config{Topics: Topics{Observation: "obs", Condition: "cond", Provenance: "prov"}})
	d := pipeline.DocResult{DocumentID: "doc-1", Subject: "Patient/1", Resources: []fhir.Resource{
		{Type: fhir.KindProvenance, ID: "p"}, {Type: fhir.KindCondition, ID: "c"}, {Type: fhir.KindDevice, ID: "d"}, {Type: fhir.KindObservation, ID: "o"},
	}}
	recs, err := w.Messages(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	var res, prov []string
	for _, m := range recs.Results {
		res = append(res, m.Topic)
	}
	for _, m := range recs.Provenance {
		prov = append(prov, m.Topic)
	}
	if strings.Join(res, ",") != "cond,obs" || strings.Join(prov, ",") != "prov,prov" {
		t.Errorf("results on %v, provenance on %v", res, prov)
	}
	if _, err := w.Messages(pipeline.DocResult{Resources: []fhir.Resource{{Type: "Patient"}}}, nil); err == nil {
		t.Error("a resource type without a topic was accepted")
	}
}
