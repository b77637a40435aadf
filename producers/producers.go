// Package producers holds notecoder's Kafka writers: result resources to their topics,
// keyed by patient, and rejected inputs to the dead-letter topic with headers that say
// where they came from and why. It owns no clinical logic.
//
// kafka-go's Writer defaults are unsafe for this job and are overridden here: it waits
// for no acknowledgement (RequireNone) and balances round-robin, ignoring keys. We wait
// for all in-sync replicas and hash keys with murmur2 (the Java client's partitioner),
// so one patient's results stay ordered on one partition.
package producers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/pipeline"
)

// Topics names the output topics.
type Topics struct {
	Observation string // Observations (smoking status, LVEF)
	Condition   string // Conditions
	Provenance  string // Provenance and the Devices they name
	DLQ         string // dead letters
}

// Config configures the writer.
type Config struct {
	Conn    broker.Conn // brokers, TLS, SASL
	Topics  Topics
	Version string // notecoder's version, stamped on dead letters
	// Instance names this process (host/pid) on every record, so operators can tell
	// which member of the group produced what.
	Instance string
	// MaxMessageBytes bounds one record (dead letters carry the original input).
	MaxMessageBytes int64
}

// Writer publishes result sets and dead letters. Safe for concurrent use.
type Writer struct {
	w        *kafka.Writer
	topics   Topics
	version  string
	instance string
}

// New returns a Writer; it connects lazily.
func New(cfg Config) *Writer {
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 16 << 20
	}
	return &Writer{
		topics:   cfg.Topics,
		version:  cfg.Version,
		instance: cfg.Instance,
		w: &kafka.Writer{
			Addr:         kafka.TCP(cfg.Conn.Brokers...),
			Balancer:     &kafka.Murmur2Balancer{}, // keyed: one patient, one partition
			RequiredAcks: kafka.RequireAll,         // kafka-go's default is RequireNone
			BatchTimeout: 5 * time.Millisecond,     // default 1 s: far too slow for synchronous writes; 2 ms gave 68-69 % of the core step in make bench, 5 ms 71-73 % (fewer, larger produce requests for the broker on the same cores)
			BatchBytes:   cfg.MaxMessageBytes + 1024,
			MaxAttempts:  3,
			WriteTimeout: 30 * time.Second,
			// Topics are created (or checked) at start; never let a typo create one.
			AllowAutoTopicCreation: false,
			Transport:              cfg.Conn.Transport("notecoder"),
		},
	}
}

// Close flushes and closes the writer.
func (w *Writer) Close() error { return w.w.Close() }

// Route says where a kind of resource goes: its topic, and whether it is provenance
// (published only after the results it points at were accepted).
type Route struct {
	Topic      func(Topics) string
	Provenance bool
}

// Routes is the one routing table of output resources: a new kind of output is one
// entry here (and its fhir.Kind and builder).
var Routes = map[fhir.Kind]Route{
	fhir.KindObservation: {Topic: func(t Topics) string { return t.Observation }},
	fhir.KindCondition:   {Topic: func(t Topics) string { return t.Condition }},
	fhir.KindProvenance:  {Topic: func(t Topics) string { return t.Provenance }, Provenance: true},
	fhir.KindDevice:      {Topic: func(t Topics) string { return t.Provenance }, Provenance: true},
}

// Records are one document's output records, keyed by the patient, in publishing order:
// Results (withdrawals, Observations, Conditions) first, then Provenance (the Provenance
// and the model's Device), which must go out only after the results it points at were
// accepted.
type Records struct {
	Results, Provenance []kafka.Message
}

// Messages turns one document's results into Kafka records. headers are added to every
// record (e.g. trace context).
func (w *Writer) Messages(d pipeline.DocResult, headers []kafka.Header) (Records, error) {
	var out Records
	for _, r := range d.Resources {
		route, ok := Routes[r.Type]
		if !ok {
			return Records{}, fmt.Errorf("no topic for %s resources (producers.Routes)", r.Type)
		}
		topic := route.Topic(w.topics)
		h := append([]kafka.Header{
			{Key: "content-type", Value: []byte("application/fhir+json")},
			{Key: "notecoder.resource", Value: []byte(r.Reference())},
			{Key: "notecoder.document", Value: []byte(d.DocumentID)},
			{Key: HeaderInstance, Value: []byte(w.instance)},
		}, headers...)
		m := kafka.Message{Topic: topic, Key: []byte(d.Subject), Value: r.JSON, Headers: h}
		if route.Provenance {
			out.Provenance = append(out.Provenance, m)
		} else {
			out.Results = append(out.Results, m)
		}
	}
	return out, nil
}

// Write publishes records and returns once every one is acknowledged by all in-sync
// replicas. Any error means some may not be: retry the whole call (ids make it safe).
func (w *Writer) Write(ctx context.Context, msgs ...kafka.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	if err := w.w.WriteMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("publishing %d record(s): %w", len(msgs), err)
	}
	return nil
}

// ErrTooLarge is a record larger than the writer or the topic accepts: retrying cannot
// help.
var ErrTooLarge = errors.New("record too large for its topic")

// Send publishes records and says, per record, whether it was acknowledged by all
// in-sync replicas (nil) or why not. A record over the writer's size limit is not sent;
// one the broker refuses as too large gets an error that wraps ErrTooLarge.
func (w *Writer) Send(ctx context.Context, msgs []kafka.Message) []error {
	errs := make([]error, len(msgs))
	var send []kafka.Message
	var idx []int
	for i, m := range msgs {
		if size(m) > w.w.BatchBytes {
			errs[i] = fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, size(m), w.w.BatchBytes)
			continue
		}
		send, idx = append(send, m), append(idx, i)
	}
	if len(send) == 0 {
		return errs
	}
	err := w.w.WriteMessages(ctx, send...)
	var werrs kafka.WriteErrors
	switch {
	case err == nil:
	case errors.As(err, &werrs) && len(werrs) == len(send):
		for k, e := range werrs {
			if e != nil {
				errs[idx[k]] = classify(e)
			}
		}
	default:
		for _, i := range idx {
			errs[i] = classify(err)
		}
	}
	return errs
}

// classify wraps the broker's record-size refusals in ErrTooLarge.
func classify(err error) error {
	if errors.Is(err, kafka.MessageSizeTooLarge) || errors.Is(err, kafka.RecordListTooLarge) {
		return fmt.Errorf("%w: %w", ErrTooLarge, err)
	}
	return err
}

// Permanent is the one predicate that says whether an error will not go away by
// retrying: a problem with the input itself (anything that says Permanent(), such as
// *fhir.InputError) or a record the broker will never accept (ErrTooLarge).
func Permanent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrTooLarge) {
		return true
	}
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// size is a record's size as kafka-go counts it against BatchBytes (roughly).
func size(m kafka.Message) int64 {
	n := len(m.Key) + len(m.Value) + 64
	for _, h := range m.Headers {
		n += len(h.Key) + len(h.Value) + 8
	}
	return int64(n)
}

// Dead-letter headers, after Kafka Connect's: where the record came from and why.
const (
	HeaderSourceTopic     = "notecoder.errors.topic"
	HeaderSourcePartition = "notecoder.errors.partition"
	HeaderSourceOffset    = "notecoder.errors.offset"
	HeaderErrorClass      = "notecoder.errors.class"   // the fhir.Reason, e.g. malformed-json
	HeaderErrorMessage    = "notecoder.errors.message" // human-readable; never quotes the note
	HeaderDocument        = "notecoder.errors.document"
	HeaderVersion         = "notecoder.version"
	HeaderInstance        = "notecoder.instance"
)

// DeadLetter builds the dead-letter record for src: its original key and value, with
// headers naming the source position, the error class and reason, the document (if the
// problem concerns one document of a Bundle) and notecoder's version.
func (w *Writer) DeadLetter(src kafka.Message, documentID string, cause error) kafka.Message {
	reason, msg := fhir.Describe(cause)
	class := string(reason)
	h := []kafka.Header{
		{Key: HeaderSourceTopic, Value: []byte(src.Topic)},
		{Key: HeaderSourcePartition, Value: []byte(strconv.Itoa(src.Partition))},
		{Key: HeaderSourceOffset, Value: []byte(strconv.FormatInt(src.Offset, 10))},
		{Key: HeaderErrorClass, Value: []byte(class)},
		{Key: HeaderErrorMessage, Value: []byte(msg)},
		{Key: HeaderVersion, Value: []byte(w.version)},
		{Key: HeaderInstance, Value: []byte(w.instance)},
	}
	if documentID != "" {
		h = append(h, kafka.Header{Key: HeaderDocument, Value: []byte(documentID)})
	}
	// Keep the source's own headers (e.g. its trace context) after ours.
	h = append(h, src.Headers...)
	return kafka.Message{Topic: w.topics.DLQ, Key: src.Key, Value: src.Value, Headers: h}
}

// HeaderTrimmed marks a dead letter whose value was dropped because the record was too
// large for the dead-letter topic: the value is then a reference to the source record
// (Trimmed), which still holds the original.
const HeaderTrimmed = "notecoder.errors.trimmed"

// Trimmed is the value of a trimmed dead letter.
type Trimmed struct {
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	Bytes     int    `json:"bytes"` // size of the original value
}

// Trim replaces a dead letter that is too large with a reference to its source record,
// keeping notecoder's headers (the source's own headers are dropped: they may be what
// made it too large).
func Trim(dl kafka.Message, src kafka.Message) kafka.Message {
	v, _ := json.Marshal(Trimmed{Topic: src.Topic, Partition: src.Partition, Offset: src.Offset, Bytes: len(src.Value)})
	var h []kafka.Header
	for _, x := range dl.Headers {
		if strings.HasPrefix(x.Key, "notecoder.") {
			h = append(h, x)
		}
	}
	h = append(h, kafka.Header{Key: HeaderTrimmed, Value: []byte("true")})
	key := src.Key
	if len(key) > 1024 {
		key = nil // an absurd key cannot be kept either
	}
	return kafka.Message{Topic: dl.Topic, Key: key, Value: v, Headers: h}
}
