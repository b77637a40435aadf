package fhir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HTTPFetcher fetches attachment urls from one FHIR server with a bearer token. Relative
// urls ("Binary/123") resolve against BaseURL; absolute urls must lie under it, so a
// document cannot make notecoder send its token elsewhere.
type HTTPFetcher struct {
	BaseURL  *url.URL
	Token    string
	Client   *http.Client
	MaxBytes int64 // response size limit; <= 0 means 16 MiB
}

// NewHTTPFetcher checks the base URL and returns a fetcher with a 30 s timeout.
func NewHTTPFetcher(base, token string) (*HTTPFetcher, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("FHIR base URL %q: want an absolute http(s) URL such as https://ehr.example.org/fhir", base)
	}
	if token == "" {
		return nil, fmt.Errorf("FHIR base URL set but no token: give --fhir-token-file (or NOTECODER_FHIR_TOKEN)")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return &HTTPFetcher{BaseURL: u, Token: token, Client: &http.Client{Timeout: 30 * time.Second}}, nil
}

// TransientError is a failure worth retrying (network, 5xx, 429).
type TransientError struct{ Err error }

func (e *TransientError) Error() string { return e.Err.Error() }
func (e *TransientError) Unwrap() error { return e.Err }

// Fetch GETs the attachment. 4xx answers are permanent (*InputError); network errors,
// 429 and 5xx are transient (*TransientError).
func (f *HTTPFetcher) Fetch(ctx context.Context, raw string) ([]byte, string, error) {
	ref, err := url.Parse(raw)
	if err != nil {
		return nil, "", inputErr(ReasonURLFetchFailed, "attachment url is not a URL")
	}
	u := f.BaseURL.ResolveReference(ref)
	if u.Scheme != f.BaseURL.Scheme || u.Host != f.BaseURL.Host || !strings.HasPrefix(u.Path, f.BaseURL.Path) {
		return nil, "", inputErr(ReasonURLFetchFailed, "attachment url points outside the configured FHIR server %s: not fetched", f.BaseURL.Redacted())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", inputErr(ReasonURLFetchFailed, "attachment url: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+f.Token)
	req.Header.Set("Accept", "text/plain, text/html;q=0.9, */*;q=0.1")
	resp, err := f.Client.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, "", err
		}
		return nil, "", &TransientError{fmt.Errorf("fetching attachment from %s: %w", u.Host, err)}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, "", &TransientError{fmt.Errorf("fetching attachment from %s: HTTP %d", u.Host, resp.StatusCode)}
	case resp.StatusCode != http.StatusOK:
		return nil, "", inputErr(ReasonURLFetchFailed, "fetching attachment from %s: HTTP %d", u.Host, resp.StatusCode)
	}
	limit := f.MaxBytes
	if limit <= 0 {
		limit = 16 << 20
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", &TransientError{fmt.Errorf("reading attachment from %s: %w", u.Host, err)}
	}
	if int64(len(body)) > limit {
		return nil, "", inputErr(ReasonTooLarge, "attachment at %s is over %d bytes", u.Host, limit)
	}
	return body, resp.Header.Get("Content-Type"), nil
}
