module github.com/notecoder/notecoder

go 1.26.0

require (
	github.com/samply/golang-fhir-models/fhir-models v0.3.2
	github.com/sugarme/gotch v0.9.1
	go.etcd.io/bbolt v1.4.3
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.29.0 // indirect
