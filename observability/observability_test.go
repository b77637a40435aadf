package observability

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTracesAreExportedOnlyWhenConfigured(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		want    string
		wantErr bool
	}{
		{map[string]string{}, "", false},
		{map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, "", false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, "otlp http/protobuf http://c:4318", false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "otlp grpc http://c:4317", false},
		{map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, "", true},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "carrier-pigeon"}, "", true},
	} {
		for _, k := range []string{"OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"} {
			t.Setenv(k, tc.env[k])
		}
		exp, where, err := spanExporterFromEnv(context.Background())
		if (err != nil) != tc.wantErr || where != tc.want {
			t.Errorf("%v: exporting %q, err %v; want %q, error %v", tc.env, where, err, tc.want, tc.wantErr)
		}
		if (exp != nil) != (tc.want != "") {
			t.Errorf("%v: exporter %v", tc.env, exp)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	tel, err := Setup(context.Background(), Config{ServiceVersion: "t", Instance: "t/1"})
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	var notReady error = errors.New("broker away")
	h := tel.Handler(func(context.Context) error { return notReady }, nil)
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz %d", code)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "broker away") {
		t.Errorf("/readyz while not ready: %d %q", code, body)
	}
	notReady = nil
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz when ready: %d", code)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, "target_info") {
		t.Errorf("/metrics: %d %q", code, body[:min(len(body), 200)])
	}
}
