package torch

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// detect runs a function of scripts/gotch/detect.sh (the libtorch detection the gotch
// patch step uses) under `set -euo pipefail`, as prepare.sh does.
func detect(t *testing.T, call string) (string, error) {
	t.Helper()
	lib, err := filepath.Abs("../../scripts/gotch/detect.sh")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", "-c", "set -euo pipefail; source "+lib+"; "+call).Output()
	return strings.TrimSpace(string(out)), err
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDetectLibtorchVersionInEveryHeaderLocation(t *testing.T) {
	macros := func(a, b, c string) string {
		return "#pragma once\n#define TORCH_VERSION_MAJOR " + a + "\n#define TORCH_VERSION_MINOR " + b + "\n#define TORCH_VERSION_PATCH " + c + "\n"
	}
	for _, tc := range []struct{ name, file, text, want string }{
		{"libtorch 1.13 / 2.1", "torch/csrc/api/include/torch/version.h", macros("1", "13", "0"), "1.13.0"},
		// torch 2.11: the api header only includes the header-only one, which has the macros
		{"torch 2.11", "torch/headeronly/version.h", macros("2", "11", "0"), "2.11.0"},
	} {
		inc := t.TempDir()
		writeFile(t, filepath.Join(inc, tc.file), tc.text)
		if tc.want == "2.11.0" {
			writeFile(t, filepath.Join(inc, "torch/csrc/api/include/torch/version.h"), "#pragma once\n#include <torch/headeronly/version.h>\n")
		}
		got, err := detect(t, "lt_version "+inc)
		if err != nil || got != tc.want {
			t.Errorf("%s: %q %v, want %s", tc.name, got, err, tc.want)
		}
	}
	if got, err := detect(t, "lt_version "+t.TempDir()); err == nil {
		t.Errorf("no header: %q, want an error", got)
	}
}

func TestDetectCxx11ABIFromCMakeOrSymbols(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "TorchConfig.cmake")
	writeFile(t, cfg, `set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=1")`+"\n")
	if got, err := detect(t, "lt_abi "+cfg+" "+dir); err != nil || got != "1" {
		t.Errorf("from TorchConfig.cmake: %q %v, want 1", got, err)
	}
	if _, err := exec.LookPath("g++"); err != nil {
		t.Fatal("g++ is needed (make setup installs it)")
	}
	// A libc10.so stand-in built with each ABI; a big symbol table makes a reader that
	// stops early (grep -q) kill nm with SIGPIPE, which pipefail used to turn into ABI 0.
	var src strings.Builder
	src.WriteString("#include <string>\n")
	for i := 0; i < 3000; i++ {
		src.WriteString("std::string f" + strings.Repeat("x", i%7) + "_" + strconv.Itoa(i) + "(const std::string& s) { return s + \"" + strconv.Itoa(i) + "\"; }\n")
	}
	cc := filepath.Join(dir, "c10.cc")
	writeFile(t, cc, src.String())
	for _, abi := range []string{"1", "0"} {
		lib := filepath.Join(dir, "abi"+abi)
		if err := os.MkdirAll(lib, 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("g++", "-shared", "-fPIC", "-O0", "-D_GLIBCXX_USE_CXX11_ABI="+abi, "-o", filepath.Join(lib, "libc10.so"), cc).CombinedOutput(); err != nil {
			t.Fatalf("g++: %v\n%s", err, out)
		}
		if got, err := detect(t, "lt_abi '' "+lib); err != nil || got != abi {
			t.Errorf("from the symbols of a library built with ABI %s: %q %v", abi, got, err)
		}
	}
}
