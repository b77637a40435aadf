module github.com/notecoder/notecoder

go 1.26.0

require (
	github.com/samply/golang-fhir-models/fhir-models v0.3.2
	github.com/segmentio/kafka-go v0.4.51
	github.com/sugarme/gotch v0.9.1
	github.com/twmb/franz-go/pkg/kfake v0.0.0-20260918054303-01f206a7e32c
	go.etcd.io/bbolt v1.4.3
	golang.org/x/text v0.44.0
)

require (
	github.com/klauspost/compress v1.20.3 // indirect
	github.com/pierrec/lz4/v4 v4.1.33 // indirect
	github.com/twmb/franz-go v1.22.3 // indirect
	github.com/twmb/franz-go/pkg/kmsg v1.15.1 // indirect
	golang.org/x/sys v0.29.0 // indirect
)
