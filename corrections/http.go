package corrections

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/notecoder/notecoder/fhir"
)

// MaxBodyBytes bounds a correction sent over HTTP.
const MaxBodyBytes = 1 << 20

// Handler serves POST /corrections: a correction in either form (a FHIR Observation or
// Condition, or notecoder's JSON correction) with "Authorization: Bearer <token>". It
// answers 201 with {"id": ..., "created": true} for a new correction, 200 with created
// false for one stored before, 400 with an OperationOutcome naming the reason code for
// a correction that cannot be taken (also dead-lettered, when DeadLetter is set), 401
// without the right token, 503 when the store cannot be reached (send it again).
type Handler struct {
	Intake *Intake
	// Token is the bearer token callers must present; the handler refuses every request
	// when it is empty.
	Token string
	// DeadLetter, if set, records a correction that cannot be taken (the dead-letter
	// topic), so that rejected corrections are visible where the Kafka ones are.
	DeadLetter func(ctx context.Context, raw []byte, cause error) error
	Log        *slog.Logger
}

// CreatedResponse is the answer to a correction taken.
type CreatedResponse struct {
	ID      string `json:"id"`
	Created bool   `json:"created"`
	Task    string `json:"task"`
	Action  string `json:"action"`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "POST a correction", http.StatusMethodNotAllowed)
		return
	}
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="notecoder corrections"`)
		http.Error(w, "missing or wrong bearer token (Authorization: Bearer <the corrections token from notecoder's configuration>)", http.StatusUnauthorized)
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "a correction is at most 1 MiB", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	sender := r.Header.Get("X-Notecoder-Sender")
	if sender == "" {
		sender = "http"
	}
	c, created, err := h.Intake.Take(r.Context(), raw, SourceHTTP, sender)
	if err != nil {
		var ie *fhir.InputError
		if !errors.As(err, &ie) {
			h.log().Warn("a correction could not be stored; the caller is told to send it again", "error", err.Error())
			w.Header().Set("Retry-After", "5")
			http.Error(w, "the training store cannot be reached; send the correction again", http.StatusServiceUnavailable)
			return
		}
		if h.DeadLetter != nil {
			if dlErr := h.DeadLetter(r.Context(), raw, err); dlErr != nil {
				h.log().Warn("a rejected correction could not be dead-lettered", "error", dlErr.Error())
			}
		}
		h.log().Info("correction rejected", "reason", string(ie.Reason))
		out, _ := fhir.Outcome("POST /corrections", "", ie.Reason, ie.Detail, true)
		w.Header().Set("Content-Type", "application/fhir+json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write(append(out, '\n'))
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(CreatedResponse{ID: c.ID, Created: created, Task: c.Task, Action: c.Action})
}

// authorized compares the bearer token in constant time.
func (h *Handler) authorized(r *http.Request) bool {
	if h.Token == "" {
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(h.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}
