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
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "notecoder %s: %s\n(run 'notecoder %s --help' for usage)\n", cmd.name,
			strings.TrimPrefix(err.Error(), errUsage.Error()+": "), cmd.name)
		return 2
	default:
		fmt.Fprintf(stderr, "notecoder %s: %v\n", cmd.name, err)
		return 1
	}
}

// configureTorchThreads sets libtorch's intra-op threads from NOTECODER_TORCH_THREADS,
// defaulting to the number of CPUs (libtorch's own default here is 1).
func configureTorchThreads() error {
	n := runtime.NumCPU()
	if v := os.Getenv("NOTECODER_TORCH_THREADS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return fmt.Errorf("NOTECODER_TORCH_THREADS=%q: want a whole number >= 1, e.g. %d", v, runtime.NumCPU())
		}
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

// parseFlags parses args, turning flag errors into usage errors and rejecting leftovers.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return err // flag has printed the usage
	}
	if err != nil {
		return usageErrorf("%v", err)
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
