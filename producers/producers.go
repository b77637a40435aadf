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
	"crypto/tls"
	"fmt"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"

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
	Brokers []string
	Topics  Topics
	Version string // notecoder's version, stamped on dead letters
	// Instance names this process (host/pid) on every record, so operators can tell
	// which member of the group produced what.
	Instance string
	// MaxMessageBytes bounds one record (dead letters carry the original input).
	MaxMessageBytes int64
	TLS             *tls.Config
	SASL            sasl.Mechanism
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
			Addr:         kafka.TCP(cfg.Brokers...),
			Balancer:     &kafka.Murmur2Balancer{}, // keyed: one patient, one partition
			RequiredAcks: kafka.RequireAll,         // kafka-go's default is RequireNone
			BatchTimeout: 2 * time.Millisecond,     // default 1 s: far too slow for synchronous writes
			BatchBytes:   cfg.MaxMessageBytes + 1024,
			MaxAttempts:  3,
			WriteTimeout: 30 * time.Second,
			// Topics are created (or checked) at start; never let a typo create one.
			AllowAutoTopicCreation: false,
			Transport: &kafka.Transport{
				TLS:         cfg.TLS,
				SASL:        cfg.SASL,
				DialTimeout: 10 * time.Second,
				ClientID:    "notecoder",
			},
		},
	}
}

// Close flushes and closes the writer.
func (w *Writer) Close() error { return w.w.Close() }

// topicFor routes a resource type to its topic.
func (w *Writer) topicFor(typ string) (string, error) {
	switch typ {
	case "Observation":
		return w.topics.Observation, nil
	case "Condition":
		return w.topics.Condition, nil
	case "Provenance", "Device":
		return w.topics.Provenance, nil
	}
	return "", fmt.Errorf("no topic for %s resources", typ)
}

// Messages turns one document's results into Kafka records, keyed by the patient, in
// publishing order. headers are added to every record (e.g. trace context).
func (w *Writer) Messages(d pipeline.DocResult, headers []kafka.Header) ([]kafka.Message, error) {
	msgs := make([]kafka.Message, 0, len(d.Resources))
	for _, r := range d.Resources {
		topic, err := w.topicFor(r.Type)
		if err != nil {
			return nil, err
		}
		h := append([]kafka.Header{
			{Key: "content-type", Value: []byte("application/fhir+json")},
			{Key: "notecoder.resource", Value: []byte(r.Reference())},
			{Key: "notecoder.document", Value: []byte(d.DocumentID)},
			{Key: HeaderInstance, Value: []byte(w.instance)},
		}, headers...)
		msgs = append(msgs, kafka.Message{Topic: topic, Key: []byte(d.Subject), Value: r.JSON, Headers: h})
	}
	return msgs, nil
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
	class := string(fhir.ReasonOf(cause))
	if class == "" {
		class = "error"
	}
	msg := cause.Error()
	if ie, ok := cause.(*fhir.InputError); ok {
		msg = ie.Detail
	}
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
