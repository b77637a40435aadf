package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/notecoder/notecoder/training"
)

// mine reads every mention of the notes with the rules and a trained assertion model,
// prints the disagreements (or, with --all, every mention) as JSONL, leaves out the
// notes of --exclude, and says what to do when a flag is missing.
func TestMineListsTheMentionsModelAndRulesReadOtherwise(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "assertion")
	if code, stdout, stderr := runCLI(t, "train", "assertion", "--data", "../../testdata/real/conditions-train.jsonl", "--epochs", "3", "--device", "cpu", "--out", model); code != 0 {
		t.Fatalf("train assertion: exit %d\n%s\n%s", code, stdout, stderr)
	}
	notes := filepath.Join(dir, "notes.jsonl")
	corpus := `{"id": "n1", "text": "PAST MEDICAL HISTORY: Hypertension.,FAMILY HISTORY: Mother had a stroke."}
{"id": "n2", "text": "ROS: Denies atrial fibrillation. We will rule out pulmonary embolism."}
{"id": "n3", "text": "No cardiac history at all."}
`
	if err := os.WriteFile(notes, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	exclude := filepath.Join(dir, "held-out.jsonl")
	held := `{"id": "n2", "lang": "en", "text": "ROS: Denies atrial fibrillation.", "conditions": []}
{"id": "elsewhere", "lang": "en", "text": "A note the corpus does not hold.", "conditions": []}
`
	if err := os.WriteFile(exclude, []byte(held), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "mine", "--model", model, "--notes", notes, "--all", "--device", "cpu")
	if code != 0 {
		t.Fatalf("mine --all: exit %d\n%s\n%s", code, stdout, stderr)
	}
	codes := map[string]training.MentionReading{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var r training.MentionReading
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if !strings.Contains(r.Context, "[[") || r.Model == "" || r.Prob <= 0 {
			t.Errorf("reading %+v", r)
		}
		codes[r.Code] = r
	}
	want := map[string]string{"38341003": "asserted", "230690007": "family", "49436004": "negated", "59282003": "hypothetical"}
	for code, rule := range want {
		if string(codes[code].Rules) != rule {
			t.Errorf("%s: rules %q, want %q (all: %v)", code, codes[code].Rules, rule, codes)
		}
	}
	if !strings.Contains(stderr, "4 mentions in 3 notes") {
		t.Errorf("summary: %s", stderr)
	}
	code, stdout, stderr = runCLI(t, "mine", "--model", model, "--notes", notes, "--exclude", exclude, "--all", "--device", "cpu")
	if code != 0 || strings.Contains(stdout, `"n2"`) || !strings.Contains(stderr, "2 mentions in 2 notes (1 left out)") {
		t.Errorf("mine --exclude: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "mine", "--model", model, "--notes", notes, "--device", "cpu")
	differ := 0
	for _, r := range codes {
		if r.Disagrees() {
			differ++
		}
	}
	lines := 0
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var r training.MentionReading
		if line == "" {
			continue
		}
		lines++
		if json.Unmarshal([]byte(line), &r) != nil || !r.Disagrees() {
			t.Errorf("without --all, a line that is no disagreement: %q", line)
		}
	}
	if code != 0 || lines != differ || !strings.Contains(stderr, fmt.Sprintf("reads %d of them otherwise", differ)) {
		t.Errorf("mine: exit %d, %d lines for %d disagreements\n%s", code, lines, differ, stderr)
	}
	if code, _, stderr := runCLI(t, "mine", "--notes", notes); code != 2 || !strings.Contains(stderr, "train assertion") {
		t.Errorf("mine without --model: exit %d, %q", code, stderr)
	}
}
