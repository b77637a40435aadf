package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// devicecheck is what the GPU host runs; on the CPU it runs the same code paths: parity of
// two model copies, the core step at two batch sizes, serve on its embedded broker.
func TestDeviceCheckOnCPU(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "devicecheck", "--device", "cpu", "--notes", "../../testdata/real/conditions-dev.jsonl",
		"--batch-sizes", "1,8", "--seconds", "0.5", "--serve-docs", "60", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var rep deviceReport
	b, err := os.ReadFile(filepath.Join(out, "devicecheck.json"))
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("devicecheck.json: %v\n%s", err, b)
	}
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
