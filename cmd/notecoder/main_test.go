package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpListsEverySubcommand(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "  "+name+" ") {
			t.Errorf("--help does not list %q:\n%s", name, out)
		}
	}
}

func TestEverySubcommandHasHelp(t *testing.T) {
	for name := range commands {
		code, out, errOut := runCLI(t, name, "--help")
		if code != 0 || !strings.Contains(out, "Usage: notecoder "+name) {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q", name, code, out, errOut)
		}
	}
	// The flag list itself, not only the synopsis (it was once swallowed).
	for _, args := range [][]string{{"serve"}, {"classify"}, {"train"}, {"train", "smoking"}, {"train", "entities"}, {"train", "assertion"},
		{"eval"}, {"eval", "entities"}, {"curve"}, {"curve", "smoking"}} {
		_, out, _ := runCLI(t, append(args, "--help")...)
		if !strings.Contains(out, "Flags:") || !strings.Contains(out, "\n  -") {
			t.Errorf("%v --help lists no flags:\n%s", args, out)
		}
	}
}

func TestMistakesExit2WithAHint(t *testing.T) {
	for _, args := range [][]string{
		{"no-such-command"},
		{"version", "--no-such-flag"},
		{"version", "extra"},
		{"selfcheck", "--device", "gpu"},
		{"selfcheck", "--steps", "1"},
		{"classify", "--no-such-flag", "-"},
		{"classify", "--text", "--subject", "42", "-"},
		{"classify", "--text", "--date", "notadate", "-"},
		{"classify", "--text", "-"}, // no --date: US Core results need one
		{"classify", "--text", "--date", "2024-02-30T10:00", "-"},
	} {
		code, out, errOut := runCLI(t, args...)
		if code != 2 || errOut == "" || !strings.Contains(errOut, "--help'") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and a message with a hint", args, code, errOut)
		}
		if out != "" { // stdout may be a result stream: no usage text there
			t.Errorf("%v: wrote to stdout:\n%s", args, out)
		}
	}
}

func TestBadThreadSettingIsRejected(t *testing.T) {
	t.Setenv("NOTECODER_TORCH_THREADS", "many")
	code, _, errOut := runCLI(t, "version")
	if code != 2 || !strings.Contains(errOut, "NOTECODER_TORCH_THREADS") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestVersionReportsLibtorch(t *testing.T) {
	t.Setenv("NOTECODER_TORCH_THREADS", "2")
	code, out, _ := runCLI(t, "version")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"notecoder ", "gotch       v0.9.1", "libtorch    ", "CUDA ", "CPU threads 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("version output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "version", "--json")
	var v versionInfo
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Torch.LibtorchVersion == "" {
		t.Fatalf("version --json: exit %d, output %q", code, out)
	}
	// The shipped models, each with its weights' sha256 as its MANIFEST.json gives it.
	if len(v.Models) == 0 || v.Models[0].Task != "smoking" || v.Models[0].Name == "" || v.Models[0].Version == "" ||
		len(v.Models[0].Weights) != v.Models[0].Members {
		t.Fatalf("version --json models: %+v", v.Models)
	}
	for _, w := range v.Models[0].Weights {
		if len(w) != 64 || !strings.Contains(out, w) {
			t.Errorf("weights sha256 %q", w)
		}
	}
	_, text, _ := runCLI(t, "version")
	if !strings.Contains(text, "model       smoking: "+v.Models[0].Name+" "+v.Models[0].Version) || !strings.Contains(text, v.Models[0].Weights[0]) {
		t.Errorf("version does not name the shipped smoking model:\n%s", text)
	}
}

func TestSelfCheckCommandOnCPU(t *testing.T) {
	code, out, errOut := runCLI(t, "selfcheck", "--device", "cpu", "--steps", "60")
	if code != 0 || !strings.Contains(out, "selfcheck ok: device cpu") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestConfigShowsSourcesAndMasksSecrets(t *testing.T) {
	t.Setenv("NOTECODER_KAFKA_SASL_PASSWORD", "hunter2-secret")
	t.Setenv("NOTECODER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
	t.Setenv("NOTECODER_KAFKA_SASL_USERNAME", "alice")
	t.Setenv("NOTECODER_INPUT_TOPIC", "ehr.docs")
	code, out, errOut := runCLI(t, "config", "--group", "g1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "hunter2") {
		t.Fatalf("config prints the SASL password:\n%s", out)
	}
	for _, want := range []string{"kafka-sasl-password", "********", "(env NOTECODER_KAFKA_SASL_PASSWORD)", "ehr.docs", "(env NOTECODER_INPUT_TOPIC)", "g1", "(flag)", "http-addr                  127.0.0.1:9464"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCLI(t, "config", "--kafka-sasl-mechanism", "GSSAPI"); code != 2 || !strings.Contains(errOut, "PLAIN") {
		t.Errorf("unsupported mechanism: exit %d, %s", code, errOut)
	}
}

// One rule for the environment in every command: NOTECODER_<FLAG>, parsed like the flag.
func TestEnvironmentIsOneRuleForEveryCommand(t *testing.T) {
	t.Setenv("NOTECODER_PUBLISH_REFUTED", "yes")
	for _, args := range [][]string{{"config"}, {"classify", "x.json"}} {
		code, _, errOut := runCLI(t, args...)
		if code != 2 || !strings.Contains(errOut, "NOTECODER_PUBLISH_REFUTED") {
			t.Errorf("%v with NOTECODER_PUBLISH_REFUTED=yes: exit %d, %q; want a usage error naming the variable", args, code, errOut)
		}
	}
	t.Setenv("NOTECODER_PUBLISH_REFUTED", "true")
	code, out, errOut := runCLI(t, "config")
	if code != 0 || !strings.Contains(out, "env NOTECODER_PUBLISH_REFUTED") {
		t.Errorf("config with NOTECODER_PUBLISH_REFUTED=true: exit %d %q %q", code, out, errOut)
	}
	// A flag wins over the environment.
	t.Setenv("NOTECODER_GROUP", "from-env")
	_, out, _ = runCLI(t, "config", "--group", "from-flag")
	if !strings.Contains(out, "from-flag") || strings.Contains(out, "from-env") {
		t.Errorf("a flag did not win over the environment:\n%s", out)
	}
}

func TestUnknownNotecoderVariablesAreReported(t *testing.T) {
	t.Setenv("NOTECODER_BROKRES", "typo:9092")
	t.Setenv("NOTECODER_TEST_SOMETHING", "harness")
	s := newServeSettings("serve", "", &bytes.Buffer{})
	var warn bytes.Buffer
	given, err := parseFlagsArgs(s.fs, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := applyEnv(s.fs, given, &warn); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warn.String(), "NOTECODER_BROKRES") || strings.Contains(warn.String(), "NOTECODER_TEST_") {
		t.Errorf("warning %q: want NOTECODER_BROKRES named, harness variables left alone", warn.String())
	}
}
