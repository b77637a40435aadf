package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/store"
)

const reviewPassword = "correct horse battery"

// reviewServe starts serve with the review page on, feeds it the sample discharge
// summary, and returns its HTTP base URL, data directory and topics.
func reviewServe(t *testing.T, name string, extra ...string) (string, string, topics) {
	t.Helper()
	addr := kafkaAddr(t)
	bin := notecoderBin(t)
	work := t.TempDir()
	cmd := exec.Command(bin, "review-user", "dr-a")
	cmd.Stdin = strings.NewReader(reviewPassword + "\n")
	line, err := cmd.Output()
	if err != nil {
		t.Fatalf("review-user: %v", err)
	}
	users := filepath.Join(work, "users")
	if err := os.WriteFile(users, line, 0o600); err != nil {
		t.Fatal(err)
	}
	tp := newTopics(t, name)
	tp.create(t, addr, 1)
	dataDir := filepath.Join(work, "serve")
	p := startServe(t, addr, tp, dataDir, append([]string{"--review", "--review-users", users}, extra...)...)
	base := "http://" + p.httpAddr(t)
	col := collect(t, addr, tp)
	// The sample documents in the formats EHRs send (the scanned PDF is dead-lettered).
	samples, _ := filepath.Glob("../testdata/samples/*.json")
	var msgs []kafka.Message
	for _, f := range samples {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, kafka.Message{Key: []byte(filepath.Base(f)), Value: raw})
	}
	produce(t, addr, tp.input, msgs)
	waitFor(t, 60*time.Second, "the sample to be published", func() bool { return col.docsDone() >= 1 })
	waitFor(t, 10*time.Second, "the sample to reach the review worklist", func() bool {
		s, err := store.Open(context.Background(), filepath.Join(dataDir, store.DefaultPath))
		if err != nil {
			return false
		}
		defer s.Close()
		d, ok, _ := s.DocumentByID(context.Background(), "dc-2024-0001")
		return ok && d.Text != ""
	})
	return base, dataDir, tp
}

// chromium is Debian's chromium (make setup installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on PATH: run 'make setup' (it installs Debian's chromium package)")
	return ""
}

// screenshotDir is where the browser test leaves its screenshots: build/screenshots in
// a checkout (NOTECODER_TEST_SCREENSHOTS overrides).
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("NOTECODER_TEST_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "build", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// A clinician in headless Chromium: signs in, opens the document from the worklist,
// changes its smoking status, rejects a condition with the keyboard, saves; both
// corrections reach the training store and the corrections topic.
func TestReviewPageInHeadlessChromium(t *testing.T) {
	base, dataDir, tp := reviewServe(t, "review")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()

	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	shot := func() []byte {
		b, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Errorf("screenshot: %v", err)
		}
		return b
	}
	var worklist, document, saved []byte
	var savedText, smokingNow string
	err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/review/"),
		chromedp.WaitVisible(css("#user")),
		chromedp.SendKeys(css("#user"), "dr-a"),
		chromedp.SendKeys(css("#password"), reviewPassword),
		chromedp.Click(css("form.login button")),
		chromedp.WaitVisible(css("table.worklist")),
	)
	if err == nil {
		worklist = shot()
		err = chromedp.Do(bctx,
			chromedp.Click(css(`a[href="/review/doc/dc-2024-0001"]`)),
			chromedp.WaitVisible(css("#note mark.smoking")),
		)
	}
	if err == nil {
		document = shot()
		err = chromedp.Do(bctx,
			chromedp.SetValue(css("#smoking"), "NON-SMOKER"),
			chromedp.Focus(css("#note")),
			chromedp.KeyEvent("r"), // the page's shortcut: reject the first condition
		)
	}
	if err == nil {
		smokingNow, err = chromedp.Run(bctx, chromedp.Value(css("#smoking")))
	}
	if err == nil {
		err = chromedp.Do(bctx, chromedp.Click(css("#save")), chromedp.WaitVisible(css(".saved")))
	}
	if err == nil {
		savedText, err = chromedp.Run(bctx, chromedp.Text(css(".saved")))
		saved = shot()
	}
	dir := screenshotDir(t)
	for name, png := range map[string][]byte{"review-worklist.png": worklist, "review-document.png": document, "review-saved.png": saved} {
		if len(png) > 0 {
			os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
	}
	t.Logf("screenshots in %s", dir)
	if err != nil {
		t.Fatalf("in the browser: %v", err)
	}
	if smokingNow != "NON-SMOKER" || !strings.Contains(savedText, "2 correction(s) sent") {
		t.Fatalf("after saving: smoking %q, page says %q", smokingNow, savedText)
	}

	// The store has both, from the review page, by dr-a.
	s, err := store.Open(context.Background(), filepath.Join(dataDir, store.DefaultPath))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Corrections(context.Background(), store.CorrectionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range cs {
		if c.Sender == "dr-a" && c.DocumentID == "dc-2024-0001" {
			got[c.Action+" "+c.Value] = true
		}
	}
	if len(cs) != 2 || !got["set NON-SMOKER"] || !got["refute "] {
		t.Errorf("store: %d corrections %v; want set NON-SMOKER and refute by dr-a", len(cs), got)
	}
	// The corrections topic has both, with who made them.
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{kafkaAddr(t)}, Topic: tp.corr, Partition: 0, MinBytes: 1, MaxBytes: 1 << 20, MaxWait: 200 * time.Millisecond})
	defer r.Close()
	var onTopic []string
	rctx, rcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer rcancel()
	for len(onTopic) < 2 {
		m, err := r.ReadMessage(rctx)
		if err != nil {
			break
		}
		var c struct{ Format, Action, Sender string }
		json.Unmarshal(m.Value, &c)
		sender := ""
		for _, h := range m.Headers {
			if h.Key == "notecoder.sender" {
				sender = string(h.Value)
			}
		}
		if c.Format == "notecoder.correction/v1" && sender == "dr-a" && c.Sender == "dr-a" {
			onTopic = append(onTopic, c.Action)
		}
	}
	if len(onTopic) != 2 {
		t.Errorf("corrections topic: %v; want the two corrections by dr-a", onTopic)
	}
	t.Logf("review page: signed in, changed the smoking status, rejected a condition (key r), saved: %v on %s and in the store", onTopic, tp.corr)
}

// Forms without a session, or with a wrong CSRF token, change nothing.
func TestReviewPageRefusesForgedForms(t *testing.T) {
	// Go's cookie jar keeps Secure cookies for https only; the browser test keeps them Secure.
	base, dataDir, _ := reviewServe(t, "reviewcsrf", "--review-insecure-cookies")
	form := url.Values{"csrf": {"forged"}, "smoking": {"NON-SMOKER"}, "action": {"save"}}
	resp, err := http.PostForm(base+"/review/doc/dc-2024-0001", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a session: %d, want 401", resp.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err = c.PostForm(base+"/review/login", url.Values{"user": {"dr-a"}, "password": {reviewPassword}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !regexp.MustCompile(`name="csrf" value="[0-9a-f]+"`).Match(b) {
		t.Fatalf("not signed in:\n%s", b)
	}
	resp, err = c.PostForm(base+"/review/doc/dc-2024-0001", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("with a wrong CSRF token: %d, want 403", resp.StatusCode)
	}
	s, err := store.Open(context.Background(), filepath.Join(dataDir, store.DefaultPath))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountCorrections(context.Background(), "", time.Time{}); n != 0 {
		t.Errorf("%d corrections stored; want none", n)
	}
}
