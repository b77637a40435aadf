// Command notecoder turns clinical notes into coded FHIR. It is one binary with
// subcommands; run `notecoder --help` for the list and `notecoder CMD --help` for each.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/notecoder/notecoder/app"
	"github.com/notecoder/notecoder/training"

	"github.com/notecoder/notecoder/nlp/torch"
)

// Set at build time by the Makefile (-ldflags "-X main.version=... -X main.commit=...").
var (
	version = "0.1.0-dev"
	commit  = "unknown"
)

// command is one subcommand. run gets the arguments after the subcommand's name and
// writes its normal output to stdout.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// errUsage marks a command-line mistake: the message is printed and the exit code is 2.
var errUsage = errors.New("usage")

// usageErrorf reports a command-line mistake with a hint of what to do.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 && args[0] == "help" {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		printUsage(stdout)
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = []string{"version"}
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "notecoder: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return 2
	}
	if err := configureTorchThreads(); err != nil {
		fmt.Fprintf(stderr, "notecoder: %v\n", err)
		return 2
	}
	err := cmd.run(args[1:], stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage) || errors.As(err, new(*app.ConfigError)) || errors.As(err, new(*training.ConfigError)):
		fmt.Fprintf(stderr, "notecoder %s: %s\n(run 'notecoder %s --help' for usage)\n", cmd.name,
			strings.TrimPrefix(err.Error(), errUsage.Error()+": "), cmd.name)
		return 2
	default:
		fmt.Fprintf(stderr, "notecoder %s: %v\n", cmd.name, err)
		return 1
	}
}

// torchThreads is NOTECODER_TORCH_THREADS (0 when unset: automatic).
var torchThreads int

// configureTorchThreads sets libtorch's intra-op threads from NOTECODER_TORCH_THREADS,
// defaulting to the number of CPUs (libtorch's own default here is 1); serve then splits
// them between its model replicas (app.ModelSettings.Threads).
func configureTorchThreads() error {
	n := runtime.NumCPU()
	if v := os.Getenv("NOTECODER_TORCH_THREADS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return fmt.Errorf("NOTECODER_TORCH_THREADS=%q: want a whole number >= 1, e.g. %d", v, runtime.NumCPU())
		}
		torchThreads = n
	}
	torch.SetThreads(n)
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `notecoder %s: clinical notes in, coded FHIR out.

Usage:
  notecoder <command> [flags]

Commands:
`, version)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nRun 'notecoder <command> --help' for a command's flags.\n")
}

// newFlagSet makes a flag set whose --help prints a synopsis and the flags to stdout.
func newFlagSet(name, synopsis string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: notecoder %s\n\nFlags:\n", synopsis)
		fs.SetOutput(stdout) // parseFlags silences flag's own error output; the list must show
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors and rejecting leftovers,
// then applies the environment (applyEnv).
func parseFlags(fs *flag.FlagSet, args []string) error {
	_, err := parseFlagsArgs(fs, args, false)
	return err
}

// parseFlagsArgs is parseFlags for commands that take arguments (allowArgs); it returns
// the flags given on the command line.
func parseFlagsArgs(fs *flag.FlagSet, args []string, allowArgs bool) (given map[string]bool, err error) {
	// flag prints the usage on every parse error; only --help should (to stdout): a
	// mistake is a usage error on stderr, and stdout may be a result stream.
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err = fs.Parse(args)
	fs.SetOutput(os.Stdout)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		usage()
		return nil, err
	}
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	if !allowArgs && fs.NArg() > 0 {
		return nil, usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given, applyEnv(fs, given, os.Stderr)
}

// envName is the environment variable of a flag: NOTECODER_<FLAG_NAME>, dashes to
// underscores.
func envName(flagName string) string {
	return "NOTECODER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// globalEnv are variables read outside any command's flags; envPrefixes are those of
// the test and benchmark harness.
var (
	globalEnv   = map[string]bool{"NOTECODER_FHIR_TOKEN": true, "NOTECODER_TORCH_THREADS": true, "NOTECODER_BLAS_THREADS": true, "NOTECODER_ENCODER_DIR": true}
	envPrefixes = []string{"NOTECODER_TEST_", "NOTECODER_BENCH_"}
)

// applyEnv is the one rule for the environment, for every command: each flag not given
// on the command line takes NOTECODER_<FLAG> when set, parsed exactly like the flag (a
// bad value is a usage error naming the variable); a flag wins over the environment,
// which wins over the default. NOTECODER_* variables that are no setting of this command
// are reported on warn, since they are ignored (a typo, or meant for another command).
func applyEnv(fs *flag.FlagSet, given map[string]bool, warn io.Writer) error {
	known := map[string]bool{}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		known[name] = true
		if given[f.Name] || err != nil {
			return
		}
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = usageErrorf("%s=%q: %v", name, v, e)
			}
		}
	})
	if err != nil {
		return err
	}
	var unknown []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "NOTECODER_") || known[name] || globalEnv[name] || hasAnyPrefix(name, envPrefixes) {
			continue
		}
		unknown = append(unknown, name)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		fmt.Fprintf(warn, "notecoder %s: warning: ignoring %s: not a setting of this command (see --help)\n", fs.Name(), strings.Join(unknown, ", "))
	}
	return nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
