// Package consumers holds notecoder's Kafka consumer-group loops (DocumentReference
// intake, corrections intake): fetch, hand to the pure processing step, commit only after
// every output is acknowledged. It owns no clinical logic.
package consumers
