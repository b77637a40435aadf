package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/notecoder/notecoder/nlp/torch"
)

func init() {
	register(command{name: "selfcheck", summary: "check that libtorch works here: train a tiny model, save, reload, compare", run: runSelfCheck})
}

func runSelfCheck(args []string, stdout, _ io.Writer) error {
	fs := newFlagSet("selfcheck", "selfcheck [--device auto|cpu|cuda[:N]] [--steps N] [--json]", stdout)
	device := fs.String("device", "auto", "where to run: auto, cpu, cuda or cuda:N")
	steps := fs.Int("steps", 100, "Adam steps to train the tiny model")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *steps < 10 {
		return usageErrorf("--steps must be at least 10 (got %d)", *steps)
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	dir, err := os.MkdirTemp("", "notecoder-selfcheck-")
	if err != nil {
		return fmt.Errorf("creating a temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)

	if !*asJSON {
		fmt.Fprintf(stdout, "%s\n", torch.Info())
	}
	w := torch.NewWorker()
	defer w.Close()
	var rep torch.SelfCheckReport
	err = w.Do(context.Background(), func() error {
		var err error
		rep, err = torch.SelfCheck(dev, *steps, dir)
		return err
	})
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if encErr := enc.Encode(rep); encErr != nil {
			return encErr
		}
	} else if err == nil {
		fmt.Fprintf(stdout, "selfcheck ok: %s\n", rep)
	}
	return err
}
