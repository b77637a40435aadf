// Package observability sets up notecoder's telemetry once, at the edge (main):
// OpenTelemetry traces (exported over OTLP when the standard OTEL_* variables ask for it,
// otherwise kept only for propagation), OpenTelemetry metrics exposed in Prometheus
// format, the W3C trace-context propagator, and the HTTP endpoints /metrics, /healthz and
// /readyz. Library code only uses the global providers set here (otel.Tracer, otel.Meter).
// Nothing here may record patient data: no note text, no names, no identifiers beyond
// resource ids.
package observability

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Config names the service for its telemetry.
type Config struct {
	ServiceVersion string
	Instance       string // host/pid
	// SpanExporter, if set, replaces the OTLP exporter chosen from the environment
	// (tests use an in-memory one).
	SpanExporter sdktrace.SpanExporter
	// SyncSpans exports spans as they end (tests); the default batches.
	SyncSpans bool
}

// Telemetry holds the providers; Shutdown flushes them.
type Telemetry struct {
	Tracer   *sdktrace.TracerProvider
	Meter    *sdkmetric.MeterProvider
	Registry *prometheus.Registry
	// Exporting says where traces go ("" when they are not exported).
	Exporting string
}

// Setup installs the global propagator, tracer provider and meter provider.
func Setup(ctx context.Context, cfg Config) (*Telemetry, error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	name := os.Getenv("OTEL_SERVICE_NAME")
	if name == "" {
		name = "notecoder"
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		attribute.String("service.name", name),
		attribute.String("service.version", cfg.ServiceVersion),
		attribute.String("service.instance.id", cfg.Instance),
	))
	if err != nil {
		return nil, fmt.Errorf("telemetry resource: %w", err)
	}
	t := &Telemetry{}

	exp := cfg.SpanExporter
	if exp == nil {
		exp, t.Exporting, err = spanExporterFromEnv(ctx)
		if err != nil {
			return nil, err
		}
	} else {
		t.Exporting = "custom"
	}
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if exp != nil {
		if cfg.SyncSpans {
			opts = append(opts, sdktrace.WithSyncer(exp))
		} else {
			opts = append(opts, sdktrace.WithBatcher(exp))
		}
	}
	t.Tracer = sdktrace.NewTracerProvider(opts...)
	otel.SetTracerProvider(t.Tracer)

	t.Registry = prometheus.NewRegistry()
	promExp, err := otelprom.New(otelprom.WithRegisterer(t.Registry))
	if err != nil {
		return nil, fmt.Errorf("prometheus exporter: %w", err)
	}
	t.Meter = sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(promExp))
	otel.SetMeterProvider(t.Meter)
	return t, nil
}

// spanExporterFromEnv honours the standard variables: OTEL_TRACES_EXPORTER (otlp|none),
// OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT and OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL
// (grpc or http/protobuf). Traces are exported only when one of them asks for it.
func spanExporterFromEnv(ctx context.Context) (sdktrace.SpanExporter, string, error) {
	kind := strings.ToLower(os.Getenv("OTEL_TRACES_EXPORTER"))
	endpoint := firstEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
	switch {
	case kind == "none":
		return nil, "", nil
	case kind == "" && endpoint == "":
		return nil, "", nil // off unless configured
	case kind != "" && kind != "otlp":
		return nil, "", fmt.Errorf("OTEL_TRACES_EXPORTER=%q: notecoder exports traces over OTLP only (otlp or none)", kind)
	}
	proto := strings.ToLower(firstEnv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"))
	var (
		exp sdktrace.SpanExporter
		err error
	)
	switch proto {
	case "", "http/protobuf":
		proto = "http/protobuf"
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, "", fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: use grpc or http/protobuf", proto)
	}
	if err != nil {
		return nil, "", fmt.Errorf("OTLP trace exporter: %w", err)
	}
	return exp, "otlp " + proto + " " + endpoint, nil
}

func firstEnv(keys ...string) string {
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// Shutdown flushes spans and metrics.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	return errors.Join(t.Tracer.Shutdown(ctx), t.Meter.Shutdown(ctx))
}

// Handler serves /metrics, /healthz (the process is alive) and /readyz (ready answers
// nil: the broker answers and the models are loaded). extra routes (e.g. the review page)
// share the listener.
func (t *Telemetry) Handler(ready func(context.Context) error, extra map[string]http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(t.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "not ready: %v\n", err)
			return
		}
		w.Write([]byte("ready\n"))
	})
	for p, h := range extra {
		mux.Handle(p, h)
	}
	return mux
}

// Serve listens on addr until ctx ends. It returns once listening (or failing to).
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("--http-addr %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "error", err.Error())
		}
	}()
	context.AfterFunc(ctx, func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	})
	return l.Addr().String(), nil
}
