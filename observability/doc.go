// Package observability sets up OpenTelemetry traces and metrics, the Prometheus and
// health endpoints and structured logging, once, at the edge (main). Library code only
// receives providers; nothing here may record patient data.
package observability
