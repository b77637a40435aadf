// Package review is the review page for clinicians, served by 'notecoder serve --review':
// a worklist of recent documents with their results (lowest model confidence first), a
// document view with every evidence span highlighted beside its finding and the controls
// to confirm or correct it, and the models' progress. Saving sends the same JSON
// correction the HTTP and Kafka intake take (corrections.Intake, and the corrections
// topic). HTML from html/template, a few lines of JavaScript for keyboard shortcuts and
// word selection, no build step. Sign-in by a users file (bcrypt), sessions in secure
// cookies, a CSRF token on every form; no PHI in URLs or logs.
package review

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/notecoder/notecoder/corrections"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
)

//go:embed templates static
var assets embed.FS

// Source is the source of the corrections the page sends.
const Source = "review"

// Server serves the review page under /review/.
type Server struct {
	Store  *store.Store
	Intake *corrections.Intake
	Users  Users
	// Publish sends a correction to the corrections topic (key: the patient), with who
	// made it; nil: the page stores corrections without publishing them.
	Publish func(ctx context.Context, key, value []byte, sender string) error
	Topic   string // the corrections topic, for the page's messages
	// Insecure drops the Secure flag of the session cookie (plain-HTTP development only).
	Insecure bool
	Log      *slog.Logger

	sessions sessions
	tmpl     *template.Template
}

const cookieName = "notecoder_review"

// Handler is the page's http.Handler (mount it at /review/).
func (s *Server) Handler() (http.Handler, error) {
	if s.Store == nil || s.Intake == nil || len(s.Users) == 0 {
		return nil, errors.New("review: needs the training store and a users file")
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	s.sessions.ttl = 8 * time.Hour
	funcs := template.FuncMap{"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
		"list": func(xs ...string) []string { return xs },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		}}
	t, err := template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s.tmpl = t
	static, _ := fs.Sub(assets, "static")
	mux := http.NewServeMux()
	mux.Handle("GET /review/static/", http.StripPrefix("/review/static/", http.FileServer(http.FS(static))))
	mux.HandleFunc("GET /review/login", s.loginPage)
	mux.HandleFunc("POST /review/login", s.login)
	mux.HandleFunc("POST /review/logout", s.signedIn(s.logout))
	mux.HandleFunc("GET /review/{$}", s.signedIn(s.worklist))
	mux.HandleFunc("GET /review/doc/{id}", s.signedIn(s.document))
	mux.HandleFunc("POST /review/doc/{id}", s.signedIn(s.save))
	mux.HandleFunc("GET /review/models", s.signedIn(s.models))
	mux.HandleFunc("GET /review/models/chart.png", s.signedIn(s.chart))
	return headers(mux), nil
}

// headers sets what every page needs: no caching of PHI, no framing, scripts and styles
// only from the page's own files.
func headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

type handler func(w http.ResponseWriter, r *http.Request, sess *session)

// signedIn lets a request through with its session; without one a page goes to the
// sign-in form, and a form post is refused. Every POST must carry the session's CSRF
// token.
func (s *Server) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var sess *session
		if c, err := r.Cookie(cookieName); err == nil {
			sess = s.sessions.get(c.Value)
		}
		if sess == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/review/login", http.StatusSeeOther)
				return
			}
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		}
		if r.Method == http.MethodPost && !sameToken(r.PostFormValue("csrf"), sess.csrf) {
			s.Log.Warn("review: a form without the right CSRF token was refused", "user", sess.user, "path", r.URL.Path)
			http.Error(w, "this form has expired or did not come from the review page; reload the page and try again", http.StatusForbidden)
			return
		}
		h(w, r, sess)
	}
}

func (s *Server) render(w http.ResponseWriter, name string, data any) {
	var b bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		s.Log.Error("review: rendering a page failed", "page", name, "error", err.Error())
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, "login.html", map[string]any{"Failed": r.URL.Query().Get("failed") != ""})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	name, pw := r.PostFormValue("user"), r.PostFormValue("password")
	if !s.Users.Check(name, pw) {
		s.Log.Info("review: sign-in failed")
		http.Redirect(w, r, "/review/login?failed=1", http.StatusSeeOther)
		return
	}
	id, _ := s.sessions.start(name)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/review/", HttpOnly: true, Secure: !s.Insecure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.sessions.ttl.Seconds())})
	s.Log.Info("review: signed in", "user", name)
	http.Redirect(w, r, "/review/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sess *session) {
	if c, err := r.Cookie(cookieName); err == nil {
		s.sessions.end(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/review/", MaxAge: -1, HttpOnly: true, Secure: !s.Insecure, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/review/login", http.StatusSeeOther)
}

// Row is one finding as the pages show it.
type Row struct {
	ID       string // the resource id (anchors tie spans to findings)
	Task     string
	Label    string // what was found, readable
	Value    string
	Score    float64
	Evidence string
}

func row(f store.Finding) Row {
	r := Row{ID: f.ResourceID, Task: f.Task, Value: f.Value, Score: f.Score, Evidence: f.Sentence}
	switch f.Task {
	case findings.TaskSmoking:
		r.Label = "smoking status: " + strings.ToLower(f.Value)
	case findings.TaskLVEF:
		r.Label = "LVEF " + f.Value + " %"
	default:
		if c, ok := fhir.LookupConcept(f.Value); ok {
			r.Label = c.SNOMEDDisplay
		} else {
			r.Label = "condition " + f.Value
		}
	}
	return r
}

// resultOptions are the worklist's result filters.
func resultOptions() [][2]string {
	out := [][2]string{{"", "any result"}}
	for _, st := range findings.SmokingStatuses {
		out = append(out, [2]string{"smoking:" + string(st), "smoking: " + strings.ToLower(string(st))})
	}
	out = append(out, [2]string{"lvef:", "an LVEF"})
	for _, c := range fhir.Concepts() {
		out = append(out, [2]string{"condition:" + c.SNOMED, c.SNOMEDDisplay})
	}
	return out
}

func (s *Server) worklist(w http.ResponseWriter, r *http.Request, sess *session) {
	q := r.URL.Query()
	f := store.WorklistFilter{Unreviewed: q.Get("unreviewed") != ""}
	if res := q.Get("result"); res != "" {
		f.Task, f.Value, _ = strings.Cut(res, ":")
	}
	if v, err := strconv.ParseFloat(q.Get("maxscore"), 64); err == nil && v > 0 && v <= 1 {
		f.MaxScore = v
	}
	docs, err := s.Store.Worklist(r.Context(), f)
	if err != nil {
		s.Log.Error("review: reading the worklist failed", "error", err.Error())
		http.Error(w, "the training store cannot be read; try again", http.StatusServiceUnavailable)
		return
	}
	type item struct {
		store.DocumentSummary
		Rows []Row
	}
	items := make([]item, len(docs))
	for i, d := range docs {
		items[i].DocumentSummary = d
		for _, x := range d.Findings {
			items[i].Rows = append(items[i].Rows, row(x))
		}
	}
	s.render(w, "worklist.html", map[string]any{"Title": "Worklist", "User": sess.user, "CSRF": sess.csrf, "Items": items, "Results": resultOptions(),
		"Result": q.Get("result"), "MaxScore": q.Get("maxscore"), "Unreviewed": f.Unreviewed})
}

// segment is a piece of the note text, highlighted when it is evidence.
type segment struct {
	Text   string
	Mark   string // the finding's resource id ("" for plain text)
	Task   string
	Offset int // the segment's first character in the note
}

// segments cuts the note at the evidence spans (overlapping spans: the first wins).
func segments(text string, fs []store.Finding) []segment {
	r := []rune(text)
	spans := append([]store.Finding(nil), fs...)
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var out []segment
	at := 0
	for _, f := range spans {
		if f.Start < at || f.End > len(r) || f.Start >= f.End {
			continue
		}
		if f.Start > at {
			out = append(out, segment{Text: string(r[at:f.Start]), Offset: at})
		}
		out = append(out, segment{Text: string(r[f.Start:f.End]), Mark: f.ResourceID, Task: f.Task, Offset: f.Start})
		at = f.End
	}
	if at < len(r) {
		out = append(out, segment{Text: string(r[at:]), Offset: at})
	}
	return out
}

// loadDocument reads a document and its findings for a page or a save, answering the
// request itself (404, or 503 when the store cannot be read) when it cannot.
func (s *Server) loadDocument(w http.ResponseWriter, r *http.Request, id string) (store.Document, []store.Finding, bool) {
	d, ok, err := s.Store.DocumentByID(r.Context(), id)
	if err == nil && ok {
		var fs []store.Finding
		if fs, err = s.Store.DocumentFindings(r.Context(), id); err == nil {
			return d, fs, true
		}
	}
	if err != nil {
		http.Error(w, "the training store cannot be read; try again", http.StatusServiceUnavailable)
	} else {
		http.Error(w, "no such document (it may be past the store's retention)", http.StatusNotFound)
	}
	return store.Document{}, nil, false
}

func (s *Server) document(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	ctx := r.Context()
	d, fs, ok := s.loadDocument(w, r, id)
	if !ok {
		return
	}
	var rows []Row
	var smoking *Row
	for _, f := range fs {
		x := row(f)
		if f.Task == findings.TaskSmoking {
			smoking = &x
			continue
		}
		rows = append(rows, x)
	}
	next := ""
	if docs, err := s.Store.Worklist(ctx, store.WorklistFilter{Unreviewed: true, Limit: 50}); err == nil {
		for _, x := range docs {
			if x.DocumentID != id {
				next = x.DocumentID
				break
			}
		}
	}
	saved, _ := strconv.Atoi(r.URL.Query().Get("saved"))
	s.render(w, "document.html", map[string]any{"Title": "Document " + id, "User": sess.user, "CSRF": sess.csrf, "Doc": d, "Segments": segments(d.Text, fs),
		"Smoking": smoking, "Rows": rows, "Statuses": findings.SmokingStatuses, "Concepts": fhir.Concepts(), "Next": next,
		"Saved": saved, "Topic": s.Topic})
}

// save turns the form into corrections: the same JSON correction the HTTP and Kafka
// intake take, stored through the intake and sent to the corrections topic.
func (s *Server) save(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	ctx := r.Context()
	d, fs, ok := s.loadDocument(w, r, id)
	if !ok {
		return
	}
	var out []fhir.JSONCorrection
	c := func(task, action, resource, value string) fhir.JSONCorrection {
		return fhir.JSONCorrection{Format: fhir.CorrectionFormat, Task: task, Action: action, Resource: resource, Value: value, Sender: sess.user}
	}
	confirmAll := r.PostFormValue("action") == "confirm"
	for _, f := range fs {
		switch f.Task {
		case findings.TaskSmoking:
			v := r.PostFormValue("smoking")
			switch {
			case v != "" && v != f.Value:
				out = append(out, c(f.Task, findings.ActionSet, f.ResourceID, v))
			case confirmAll:
				out = append(out, c(f.Task, findings.ActionConfirm, f.ResourceID, f.Value))
			}
		case findings.TaskLVEF:
			v := strings.TrimSpace(r.PostFormValue("lvef"))
			switch {
			case v != "" && v != f.Value:
				out = append(out, c(f.Task, findings.ActionSet, f.ResourceID, v))
			case confirmAll:
				out = append(out, c(f.Task, findings.ActionConfirm, f.ResourceID, f.Value))
			}
		case findings.TaskCondition:
			switch r.PostFormValue("cond-" + f.ResourceID) {
			case "refute":
				out = append(out, c(f.Task, findings.ActionRefute, f.ResourceID, ""))
			case "entered-in-error":
				out = append(out, c(f.Task, findings.ActionEnteredInError, f.ResourceID, ""))
			default:
				if confirmAll {
					out = append(out, c(f.Task, findings.ActionConfirm, f.ResourceID, f.Value))
				}
			}
		}
	}
	if code := r.PostFormValue("add-code"); code != "" {
		a := c(findings.TaskCondition, findings.ActionAdd, "", code)
		a.Document = "DocumentReference/" + d.DocumentID + "/_history/" + d.DocumentVersion
		start, err1 := strconv.Atoi(r.PostFormValue("add-start"))
		end, err2 := strconv.Atoi(r.PostFormValue("add-end"))
		if err1 == nil && err2 == nil && 0 <= start && start < end && end <= len([]rune(d.Text)) {
			a.Evidence = &findings.Span{Start: start, End: end}
			a.Sentence = string([]rune(d.Text)[start:end])
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		http.Redirect(w, r, "/review/doc/"+url.PathEscape(id)+"?saved=0", http.StatusSeeOther)
		return
	}
	sent := 0
	for _, x := range out {
		raw, _ := json.Marshal(x)
		if _, _, err := s.Intake.Take(ctx, raw, Source, sess.user); err != nil {
			var ie *fhir.InputError
			if errors.As(err, &ie) {
				http.Error(w, "this correction cannot be taken: "+ie.Detail, http.StatusBadRequest)
				return
			}
			http.Error(w, "the training store cannot be reached; nothing after the first "+strconv.Itoa(sent)+" correction(s) was saved: try again", http.StatusServiceUnavailable)
			return
		}
		if s.Publish != nil {
			if err := s.Publish(ctx, []byte(d.Subject), raw, sess.user); err != nil {
				s.Log.Warn("review: a correction was stored but not sent to the corrections topic", "error", err.Error())
			}
		}
		sent++
	}
	s.Log.Info("review: corrections saved", "user", sess.user, "document", id, "corrections", sent)
	http.Redirect(w, r, "/review/doc/"+url.PathEscape(id)+"?saved="+strconv.Itoa(sent), http.StatusSeeOther)
}

func (s *Server) models(w http.ResponseWriter, r *http.Request, sess *session) {
	ms, err := s.Store.Models(r.Context(), training.RetrainTask)
	if err != nil {
		http.Error(w, "the training store cannot be read; try again", http.StatusServiceUnavailable)
		return
	}
	ps, _ := s.Store.Promotions(r.Context(), training.RetrainTask)
	s.render(w, "models.html", map[string]any{"Title": "Models", "User": sess.user, "CSRF": sess.csrf, "Models": ms, "Promotions": ps})
}

func (s *Server) chart(w http.ResponseWriter, r *http.Request, _ *session) {
	ms, err := s.Store.Models(r.Context(), training.RetrainTask)
	if err != nil || len(ms) == 0 {
		http.Error(w, "no model versions yet", http.StatusNotFound)
		return
	}
	var b bytes.Buffer
	if err := training.PlotVersions(&b, ms); err != nil {
		http.Error(w, "the chart could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Write(b.Bytes())
}
