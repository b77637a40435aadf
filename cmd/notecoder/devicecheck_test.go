package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/nlp/encoder"
)

// devicecheck is what the GPU host runs; on the CPU it runs the same code paths: parity of
// two model copies, the core step at two batch sizes, serve on its embedded broker.
func TestDeviceCheckOnCPU(t *testing.T) {
	rep, stdout := runDeviceCheckOnCPU(t, "--batch-sizes", "1,8", "--seconds", "0.5", "--serve-docs", "60")
	if !rep.Parity.OK || rep.Notes != 69 || len(rep.Core) != 2 || rep.Serve == nil || rep.Serve.Docs != 60 {
		t.Fatalf("report %+v", rep)
	}
	for _, c := range append(rep.Core, *rep.Serve) {
		if c.DocsPerSec <= 0 || c.P50ms <= 0 || c.P99ms < c.P50ms {
			t.Errorf("implausible figures %+v", c)
		}
	}
	if !strings.Contains(stdout, "parity with the CPU: 0 smoking status and 0 other mismatches") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if code, _, errOut := runCLI(t, "devicecheck", "--device", "cpu"); code != 2 || !strings.Contains(errOut, "--notes") {
		t.Errorf("without --notes: exit %d, %s", code, errOut)
	}
}

// The encoder by itself: the same code the GPU host runs with --encoder-synthetic (its
// folder holds the tokenizer and config but not the 87 MB of weights), here CPU against CPU.
func TestDeviceCheckEncoderOnCPU(t *testing.T) {
	src := encoder.DefaultDir()
	dir := t.TempDir()
	for _, f := range []string{"config.json", "tokenizer.json"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatalf("the pretrained encoder (make setup): %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, stdout := runDeviceCheckOnCPU(t, "--batch-sizes", "1,4", "--seconds", "0.4", "--serve-docs", "0", "--encoder", dir,
		"--encoder-synthetic", "--encoder-sentences", "24")
	e := rep.Encoder
	if e == nil || !e.OK || e.Sentences != 24 || e.MaxDiff > 1e-6 || len(e.Speed) != 2 || !strings.HasPrefix(e.Weights, "synthetic") {
		t.Fatalf("encoder report %+v", e)
	}
	if e.Tokens["min"] < 3 || e.Tokens["max"] > e.MaxLen || e.Tokens["median"] < e.Tokens["min"] {
		t.Errorf("token lengths %v (max_len %d)", e.Tokens, e.MaxLen)
	}
	for _, s := range e.Speed {
		if s.PerSecond <= 0 || s.Sentences%s.Batch != 0 || s.BatchP99ms < s.BatchP50ms {
			t.Errorf("implausible figures %+v", s)
		}
	}
	if !strings.Contains(stdout, "encoder parity with the CPU: 24 sentences") || !strings.Contains(stdout, "encoder, batch    4:") {
		t.Errorf("stdout:\n%s", stdout)
	}
	// Without the weights and without --encoder-synthetic: a usage error that says what to add,
	// before any long step runs.
	code, _, errOut := runCLI(t, "devicecheck", "--device", "cpu", "--notes", "../../testdata/real/conditions-dev.jsonl", "--encoder", dir)
	if code != 2 || !strings.Contains(errOut, "model.safetensors is missing") || !strings.Contains(errOut, "--encoder-synthetic") {
		t.Errorf("without weights: exit %d, %s", code, errOut)
	}
}

func TestNoteSentences(t *testing.T) {
	got := noteSentences([]string{"HISTORY: Chest pain. No fever!\nEKG: ok.,PLAN: Admit; monitor.", "a. Smoker quit."}, 10)
	want := []string{"HISTORY: Chest pain", "No fever", "EKG: ok", "PLAN: Admit", "monitor.", "Smoker quit."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := noteSentences([]string{"One here. Two here. Three here."}, 2); len(got) != 2 {
		t.Errorf("limit 2: %q", got)
	}
}

// runDeviceCheckOnCPU runs devicecheck on the CPU over the real dev conditions notes with
// args and returns its report and output.
func runDeviceCheckOnCPU(t *testing.T, args ...string) (deviceReport, string) {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, append([]string{"devicecheck", "--device", "cpu", "--notes", "../../testdata/real/conditions-dev.jsonl", "--out", out}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var rep deviceReport
	b, err := os.ReadFile(filepath.Join(out, "devicecheck.json"))
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("devicecheck.json: %v\n%s", err, b)
	}
	return rep, stdout
}
