package review

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/notecoder/notecoder/corrections"
	"github.com/notecoder/notecoder/fhir"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/store"
)

type published struct {
	mu   sync.Mutex
	msgs []string
	who  []string
}

// page runs the real core step over a sample note into a store, and serves the review
// page over it with one user.
func page(t *testing.T) (*httptest.Server, *store.Store, *published) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p, err := pipeline.New(rules.New(), fhir.NewMemoryLedger(), pipeline.Config{KeepEvidence: true, KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile("../testdata/samples/discharge-summary-en.json")
	res, err := p.Process(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	fs, ds := corrections.Published(res.Docs, time.Now())
	if err := s.RecordPublished(ctx, fs, ds); err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("# reviewers\ndr-a:"+hash+"\n"), 0o600)
	u, err := LoadUsers(users)
	if err != nil {
		t.Fatal(err)
	}
	pub := &published{}
	srv := &Server{Store: s, Intake: &corrections.Intake{Store: s}, Users: u, Topic: "fhir.corrections", Insecure: true,
		Publish: func(_ context.Context, key, value []byte, sender string) error {
			pub.mu.Lock()
			defer pub.mu.Unlock()
			pub.msgs, pub.who = append(pub.msgs, string(value)), append(pub.who, sender)
			return nil
		}}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, s, pub
}

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func signIn(t *testing.T, c *http.Client, base, user, pw string) string {
	t.Helper()
	resp, err := c.PostForm(base+"/review/login", url.Values{"user": {user}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func TestReviewSignInWorklistAndCorrections(t *testing.T) {
	ts, s, pub := page(t)
	c := client(t)
	if _, body := get(t, c, ts.URL+"/review/"); !strings.Contains(body, "Sign in") {
		t.Fatalf("without a session the worklist does not ask to sign in:\n%s", body)
	}
	if body := signIn(t, c, ts.URL, "dr-a", "wrong password"); !strings.Contains(body, "is wrong") {
		t.Fatalf("a wrong password was not refused:\n%s", body)
	}
	body := signIn(t, c, ts.URL, "dr-a", "correct horse battery")
	if !strings.Contains(body, "Worklist") || !strings.Contains(body, "dc-2024-0001") || !strings.Contains(body, "Hypertensive disorder") {
		t.Fatalf("the worklist after signing in:\n%s", body)
	}
	code, doc := get(t, c, ts.URL+"/review/doc/dc-2024-0001")
	if code != 200 || !strings.Contains(doc, `<mark class="smoking"`) || !strings.Contains(doc, `<mark class="condition"`) || !strings.Contains(doc, "Current smoker, 1 ppd") {
		t.Fatalf("the document view does not highlight the evidence: %d\n%s", code, doc)
	}
	m := csrfRe.FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("no CSRF token on the form")
	}
	hyp := regexp.MustCompile(`name="cond-(nc-[0-9a-f]+)" value="refute"`).FindAllStringSubmatch(doc, -1)
	if len(hyp) == 0 {
		t.Fatal("no condition to reject on the page")
	}
	form := url.Values{"csrf": {m[1]}, "smoking": {"NON-SMOKER"}, "cond-" + hyp[0][1]: {"refute"}, "action": {"save"}}
	resp, err := c.PostForm(ts.URL+"/review/doc/dc-2024-0001", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "2 correction(s) sent") || !strings.Contains(resp.Request.URL.String(), "saved=2") {
		t.Fatalf("saving: %s\n%s", resp.Request.URL, b)
	}
	cs, _ := s.Corrections(context.Background(), store.CorrectionFilter{})
	if len(cs) != 2 {
		t.Fatalf("%d corrections stored; want 2", len(cs))
	}
	actions := map[string]bool{}
	for _, x := range cs {
		actions[x.Action+" "+x.Value] = true
		if x.Source != Source || x.Sender != "dr-a" {
			t.Errorf("stored correction from %s by %s; want review by dr-a", x.Source, x.Sender)
		}
	}
	if !actions["set NON-SMOKER"] || !actions["refute "] {
		t.Errorf("stored corrections: %v", actions)
	}
	if len(pub.msgs) != 2 || pub.who[0] != "dr-a" || !strings.Contains(pub.msgs[0], `"format":"notecoder.correction/v1"`) {
		t.Errorf("published on the corrections topic: %v by %v", pub.msgs, pub.who)
	}
	// The worklist knows it was reviewed; the models page draws.
	if _, body := get(t, c, ts.URL+"/review/?unreviewed=1"); strings.Contains(body, "dc-2024-0001") {
		t.Error("a reviewed document is still listed as not reviewed")
	}
	if code, body := get(t, c, ts.URL+"/review/models"); code != 200 || !strings.Contains(body, "No model versions yet") {
		t.Errorf("models page: %d", code)
	}
}

// A request without a session, or with a wrong CSRF token, changes nothing.
func TestReviewRefusesFormsWithoutSessionOrToken(t *testing.T) {
	ts, s, pub := page(t)
	form := url.Values{"csrf": {"0000"}, "smoking": {"NON-SMOKER"}, "action": {"save"}}
	anon := client(t)
	resp, err := anon.PostForm(ts.URL+"/review/doc/dc-2024-0001", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a session: %d, want 401", resp.StatusCode)
	}
	c := client(t)
	signIn(t, c, ts.URL, "dr-a", "correct horse battery")
	resp, err = c.PostForm(ts.URL+"/review/doc/dc-2024-0001", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("with a wrong CSRF token: %d, want 403", resp.StatusCode)
	}
	if n, _ := s.CountCorrections(context.Background(), "", time.Time{}); n != 0 || len(pub.msgs) != 0 {
		t.Errorf("%d corrections stored, %d published; want none", n, len(pub.msgs))
	}
}

func TestUsersFileRefusesClearPasswords(t *testing.T) {
	p := filepath.Join(t.TempDir(), "users")
	os.WriteFile(p, []byte("dr-a:hunter2\n"), 0o600)
	if _, err := LoadUsers(p); err == nil || !strings.Contains(err.Error(), "not a bcrypt hash") {
		t.Errorf("a clear password: %v", err)
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a short password was hashed")
	}
}

// Adding a condition the model missed, from words selected in the note, and every form
// control labelled (the page must work for screen readers and keyboard alone).
func TestReviewAddsAMissedConditionAndLabelsEveryControl(t *testing.T) {
	ts, s, _ := page(t)
	c := client(t)
	signIn(t, c, ts.URL, "dr-a", "correct horse battery")
	_, doc := get(t, c, ts.URL+"/review/doc/dc-2024-0001")
	for _, m := range regexp.MustCompile(`<(select|input) id="([^"]+)"`).FindAllStringSubmatch(doc, -1) {
		if !strings.Contains(doc, `<label for="`+m[2]+`"`) {
			t.Errorf("control #%s has no label", m[2])
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<label><input type="radio"[^>]*>([^<]*)</label>`).FindAllStringSubmatch(doc, -1) {
		if strings.TrimSpace(m[1]) == "" {
			t.Error("a radio button without a label text")
		}
	}
	text := "Pulmonary embolism"
	d, _, _ := s.DocumentByID(context.Background(), "dc-2024-0001")
	start := len([]rune(d.Text[:strings.Index(d.Text, text)]))
	csrf := csrfRe.FindStringSubmatch(doc)[1]
	resp, err := c.PostForm(ts.URL+"/review/doc/dc-2024-0001", url.Values{"csrf": {csrf}, "action": {"save"}, "add-code": {"59282003"},
		"add-start": {strconv.Itoa(start)}, "add-end": {strconv.Itoa(start + len(text))}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cs, _ := s.Corrections(context.Background(), store.CorrectionFilter{Task: findings.TaskCondition})
	if len(cs) != 1 || cs[0].Action != findings.ActionAdd || cs[0].Value != "59282003" || cs[0].Sentence != text || cs[0].Start != start {
		t.Errorf("missed condition: %+v", cs)
	}
}
