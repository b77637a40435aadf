package consumers

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/notecoder/notecoder/broker"
)

// LagMonitor polls the group's committed offsets and the partitions' end offsets, and
// reports their difference as the gauge notecoder.consumer.lag (per topic and partition).
type LagMonitor struct {
	client *kafka.Client
	group  string
	topic  string

	mu  sync.Mutex
	lag map[int]int64
}

// NewLagMonitor registers the gauge; Run polls.
func NewLagMonitor(conn broker.Conn, group, topic string) (*LagMonitor, error) {
	m := &LagMonitor{
		client: conn.Client(10*time.Second, "notecoder-lag"),
		group:  group, topic: topic, lag: map[int]int64{},
	}
	_, err := otel.Meter(scope).Int64ObservableGauge("notecoder.consumer.lag", metric.WithUnit("{message}"),
		metric.WithDescription("Messages in the input topic not yet committed by the group, per partition."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			for p, l := range m.lag {
				o.Observe(l, metric.WithAttributes(attribute.String("messaging.destination.name", m.topic),
					attribute.String("messaging.destination.partition.id", fmt.Sprint(p))))
			}
			return nil
		}))
	return m, err
}

// Lag returns the last measured lag per partition.
func (m *LagMonitor) Lag() map[int]int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[int]int64, len(m.lag))
	for p, l := range m.lag {
		out[p] = l
	}
	return out
}

// Run polls every interval until ctx ends. Failures are skipped: lag is best effort.
func (m *LagMonitor) Run(ctx context.Context, every time.Duration) {
	for {
		m.poll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func (m *LagMonitor) poll(ctx context.Context) {
	md, err := m.client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{m.topic}})
	if err != nil || len(md.Topics) != 1 || md.Topics[0].Error != nil {
		return
	}
	var parts []int
	var reqs []kafka.OffsetRequest
	for _, p := range md.Topics[0].Partitions {
		parts = append(parts, p.ID)
		reqs = append(reqs, kafka.LastOffsetOf(p.ID))
	}
	ends, err := m.client.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{m.topic: reqs}})
	if err != nil {
		return
	}
	committed, err := m.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: m.group, Topics: map[string][]int{m.topic: parts}})
	if err != nil || committed.Error != nil {
		return
	}
	done := map[int]int64{}
	for _, p := range committed.Topics[m.topic] {
		done[p.Partition] = p.CommittedOffset
	}
	lag := map[int]int64{}
	for _, p := range ends.Topics[m.topic] {
		if p.Error != nil {
			continue
		}
		c := done[p.Partition]
		if c < 0 { // nothing committed yet: everything since the start is lag
			c = p.FirstOffset
		}
		lag[p.Partition] = max(0, p.LastOffset-c)
	}
	m.mu.Lock()
	m.lag = lag
	m.mu.Unlock()
}
