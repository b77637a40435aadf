package fhir

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHTTPFetcherSendsTheTokenOnlyToItsServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/fhir/Binary/1":
			w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
			w.Write([]byte("Gr\xf6\xdfe"))
		case "/fhir/Binary/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	f, err := NewHTTPFetcher(srv.URL+"/fhir", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d := mustDoc(t, "documentreference-url.json")
	rel := "Binary/1"
	d.Ref.Content[0].Attachment.Url = &rel
	txt, err := ExtractText(ctx, d, TextOptions{Fetcher: f})
	if err != nil || txt.Plain != "Größe" {
		t.Fatalf("relative url: %q, %v", txt.Plain, err)
	}
	if _, _, err := f.Fetch(ctx, srv.URL+"/fhir/Binary/404"); ReasonOf(err) != ReasonURLFetchFailed {
		t.Errorf("404: %v, want a permanent url-fetch-failed", err)
	}
	var te *TransientError
	if _, _, err := f.Fetch(ctx, "Binary/busy"); !errors.As(err, &te) {
		t.Errorf("503: %v, want transient", err)
	}
	if _, _, err := f.Fetch(ctx, "https://evil.example.com/fhir/Binary/1"); ReasonOf(err) != ReasonURLFetchFailed {
		t.Errorf("foreign host: %v, want refused", err)
	}
	if _, err := NewHTTPFetcher("ftp://x", "t"); err == nil {
		t.Error("ftp base URL accepted")
	}
	if _, err := NewHTTPFetcher(srv.URL, ""); err == nil {
		t.Error("missing token accepted")
	}
}
