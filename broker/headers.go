package broker

import (
	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel/propagation"
)

// HeaderCarrier (beside the rest of the Kafka layer) lets the OpenTelemetry propagator read and write trace context in
// Kafka record headers.
type HeaderCarrier struct{ Headers *[]kafka.Header }

var _ propagation.TextMapCarrier = HeaderCarrier{}

// Get returns the last value of key.
func (c HeaderCarrier) Get(key string) string {
	for i := len(*c.Headers) - 1; i >= 0; i-- {
		if (*c.Headers)[i].Key == key {
			return string((*c.Headers)[i].Value)
		}
	}
	return ""
}

// Set replaces key's value.
func (c HeaderCarrier) Set(key, value string) {
	for i := range *c.Headers {
		if (*c.Headers)[i].Key == key {
			(*c.Headers)[i].Value = []byte(value)
			return
		}
	}
	*c.Headers = append(*c.Headers, kafka.Header{Key: key, Value: []byte(value)})
}

// Keys lists the header keys.
func (c HeaderCarrier) Keys() []string {
	out := make([]string, 0, len(*c.Headers))
	for _, h := range *c.Headers {
		out = append(out, h.Key)
	}
	return out
}
