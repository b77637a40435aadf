// Package broker holds what notecoder needs of a Kafka cluster besides reading and
// writing records: creating its topics at start, and the embedded Kafka-protocol broker
// (franz-go's kfake) that lets one try notecoder with nothing else installed.
package broker

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/twmb/franz-go/pkg/kfake"
)

// Embedded is an in-process Kafka-protocol broker: for trying notecoder, not for
// production (one process, no replication).
type Embedded struct {
	c *kfake.Cluster
}

// StartEmbedded starts the embedded broker on a free loopback port (port 0) or the
// given port. With dataDir set, its log survives restarts.
func StartEmbedded(port int, dataDir string) (*Embedded, error) {
	opts := []kfake.Opt{kfake.NumBrokers(1), kfake.Ports(port), kfake.DefaultNumPartitions(4),
		kfake.BrokerConfigs(map[string]string{"message.max.bytes": strconv.Itoa(32 << 20)})}
	if dataDir != "" {
		opts = append(opts, kfake.DataDir(dataDir))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("starting the embedded broker: %w", err)
	}
	return &Embedded{c: c}, nil
}

// Addr is the broker's bootstrap address.
func (e *Embedded) Addr() string { return e.c.ListenAddrs()[0] }

// Close stops the broker.
func (e *Embedded) Close() { e.c.Close() }

// Conn holds how to reach the cluster: the one client configuration that the consumer,
// the producers, the state store, the admin calls and the lag monitor are all built from.
type Conn struct {
	Brokers []string
	TLS     *tls.Config
	SASL    sasl.Mechanism
}

// Transport is a kafka-go transport (for Writers and Clients) named clientID.
func (c Conn) Transport(clientID string) *kafka.Transport {
	return &kafka.Transport{TLS: c.TLS, SASL: c.SASL, DialTimeout: 10 * time.Second, ClientID: clientID}
}

// Dialer is a kafka-go dialer (for Readers and consumer groups) named clientID.
func (c Conn) Dialer(clientID string) *kafka.Dialer {
	return &kafka.Dialer{Timeout: 10 * time.Second, DualStack: true, TLS: c.TLS, SASLMechanism: c.SASL, ClientID: clientID}
}

// Client is a kafka-go client for admin requests, each bounded by timeout.
func (c Conn) Client(timeout time.Duration, clientID string) *kafka.Client {
	return &kafka.Client{Addr: kafka.TCP(c.Brokers...), Timeout: timeout, Transport: c.Transport(clientID)}
}

func (c Conn) client(timeout time.Duration) *kafka.Client {
	return c.Client(timeout, "notecoder-admin")
}

// Ping asks the cluster for its metadata: nil when a broker answers.
func Ping(ctx context.Context, c Conn) error {
	_, err := c.client(10*time.Second).Metadata(ctx, &kafka.MetadataRequest{})
	if err != nil {
		return fmt.Errorf("no Kafka broker answers at %v: %w", c.Brokers, err)
	}
	return nil
}

// Topic is a topic notecoder needs.
type Topic struct {
	Name       string
	Partitions int
	// MaxMessageBytes raises the topic's record size limit (0: broker default), for the
	// input and dead-letter topics, which carry whole documents.
	MaxMessageBytes int
	// Compact makes a compacted topic (the state changelog): the latest record per key is
	// kept; with Retention > 0, records older than that are deleted as well.
	Compact   bool
	Retention time.Duration
}

func (t Topic) configs() []kafka.ConfigEntry {
	var c []kafka.ConfigEntry
	if t.MaxMessageBytes > 0 {
		c = append(c, kafka.ConfigEntry{ConfigName: "max.message.bytes", ConfigValue: strconv.Itoa(t.MaxMessageBytes)})
	}
	if t.Compact {
		policy := "compact"
		if t.Retention > 0 {
			policy = "compact,delete"
			c = append(c, kafka.ConfigEntry{ConfigName: "retention.ms", ConfigValue: strconv.FormatInt(t.Retention.Milliseconds(), 10)})
		}
		c = append(c, kafka.ConfigEntry{ConfigName: "cleanup.policy", ConfigValue: policy})
	}
	return c
}

// Partitions returns how many partitions topic has.
func Partitions(ctx context.Context, c Conn, topic string) (int, error) {
	md, err := c.client(30*time.Second).Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return 0, fmt.Errorf("reading the metadata of %q: %w", topic, err)
	}
	if len(md.Topics) != 1 || md.Topics[0].Error != nil {
		return 0, fmt.Errorf("topic %q does not exist", topic)
	}
	return len(md.Topics[0].Partitions), nil
}

// EnsureTopics creates the missing topics with replication factor rf (-1: the broker's
// default). When create is false it only checks that they exist.
func EnsureTopics(ctx context.Context, c Conn, topics []Topic, rf int, create bool) (created []string, err error) {
	cl := c.client(30 * time.Second)
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	md, err := cl.Metadata(ctx, &kafka.MetadataRequest{Topics: names})
	if err != nil {
		return nil, fmt.Errorf("reading topic metadata from %v: %w", c.Brokers, err)
	}
	exists := map[string]bool{}
	for _, t := range md.Topics {
		if t.Error == nil {
			exists[t.Name] = true
		}
	}
	var req kafka.CreateTopicsRequest
	for _, t := range topics {
		if exists[t.Name] {
			continue
		}
		if !create {
			return nil, fmt.Errorf("topic %q does not exist: create it, or let notecoder create it (--create-topics)", t.Name)
		}
		tc := kafka.TopicConfig{Topic: t.Name, NumPartitions: t.Partitions, ReplicationFactor: rf, ConfigEntries: t.configs()}
		req.Topics = append(req.Topics, tc)
	}
	if len(req.Topics) == 0 {
		return nil, nil
	}
	resp, err := cl.CreateTopics(ctx, &req)
	if err != nil {
		return nil, fmt.Errorf("creating topics: %w", err)
	}
	for name, terr := range resp.Errors {
		if terr != nil && !errors.Is(terr, kafka.TopicAlreadyExists) {
			return created, fmt.Errorf("creating topic %q: %w", name, terr)
		}
		created = append(created, name)
	}
	// Wait until every broker knows the new topics (leaders elected).
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		md, err := cl.Metadata(ctx, &kafka.MetadataRequest{Topics: names})
		ready := err == nil
		if ready {
			for _, t := range md.Topics {
				if t.Error != nil || len(t.Partitions) == 0 {
					ready = false
				}
				for _, p := range t.Partitions {
					if p.Leader.Host == "" {
						ready = false
					}
				}
			}
		}
		if ready {
			return created, nil
		}
		select {
		case <-ctx.Done():
			return created, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return created, fmt.Errorf("topics %v were created but have no leaders after 30 s", created)
}

// FreePort returns a free TCP port on loopback.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
