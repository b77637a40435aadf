package broker

import (
	"strings"
	"testing"

	"github.com/segmentio/kafka-go"
)

func TestHeaderCarrierRoundTrip(t *testing.T) {
	h := []kafka.Header{{Key: "traceparent", Value: []byte("old")}, {Key: "other", Value: []byte("x")}}
	c := HeaderCarrier{Headers: &h}
	c.Set("traceparent", "new")
	c.Set("tracestate", "a=b")
	if c.Get("traceparent") != "new" || c.Get("tracestate") != "a=b" || c.Get("missing") != "" {
		t.Fatalf("headers %v", h)
	}
	if len(h) != 3 || strings.Join(c.Keys(), ",") != "traceparent,other,tracestate" {
		t.Fatalf("keys %v", c.Keys())
	}
}
