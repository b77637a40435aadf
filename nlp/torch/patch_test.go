package torch

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Every gotch fix of the patch step fails loudly when it matches nothing (a new gotch
// whose code moved), instead of exiting 0 and leaving the defect in.
func TestGotchFixesFailWhenTheyMatchNothing(t *testing.T) {
	scripts, err := filepath.Glob("../../scripts/gotch/fix-*.pl")
	if err != nil || len(scripts) < 5 {
		t.Fatalf("fix scripts: %v %v", scripts, err)
	}
	for _, s := range scripts {
		f := filepath.Join(t.TempDir(), "x.go")
		writeFile(t, f, "package x\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() { fmt.Println() }\n")
		out, err := exec.Command("perl", s, f).CombinedOutput()
		if err == nil {
			t.Errorf("%s exited 0 on a file it cannot fix: %s", filepath.Base(s), out)
			continue
		}
		if !strings.Contains(string(out), "gotch changed") {
			t.Errorf("%s failed without saying why: %s", filepath.Base(s), out)
		}
	}
}

// The gotch version is pinned once, in go.mod; prepare.sh reads it from there.
func TestGotchVersionIsPinnedInGoMod(t *testing.T) {
	out, err := exec.Command("bash", "-c", `grep -c 'GOTCH_VERSION="v' ../../scripts/gotch/prepare.sh || true`).Output()
	if err != nil || strings.TrimSpace(string(out)) != "0" {
		t.Errorf("prepare.sh hard-codes the gotch version (%s); it must read go.mod", out)
	}
}
