// Package producers holds notecoder's Kafka writers (result resources, dead-letter
// topic) with safe settings: acks from all replicas, records keyed by patient.
// It owns no clinical logic.
package producers
