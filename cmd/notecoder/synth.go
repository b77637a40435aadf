package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "synth", summary: "write seeded synthetic notes with gold labels (i2b2 XML for smoking, JSONL for entities)", run: runSynth})
}

func runSynth(args []string, stdout, _ io.Writer) error {
	fs := newFlagSet("synth", "synth [--n 300] [--lang both|en|de] [--seed 1] [--smoking-out FILE.xml] [--entities-out FILE.jsonl]\n\n"+
		"Synthetic notes are a training aid: quality is measured on notes written independently (testdata/dev).", stdout)
	n := fs.Int("n", 300, "number of notes")
	lang := fs.String("lang", "both", "en, de or both (alternating)")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same notes")
	smk := fs.String("smoking-out", "", "write the smoking-status labels here (i2b2 XML)")
	ent := fs.String("entities-out", "", "write the entity annotations here (JSONL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *n < 1:
		return usageErrorf("--n must be at least 1")
	case *lang != "en" && *lang != "de" && *lang != "both":
		return usageErrorf("--lang must be en, de or both")
	case *smk == "" && *ent == "":
		return usageErrorf("name an output: --smoking-out FILE.xml and/or --entities-out FILE.jsonl")
	}
	s, e := training.Synthetic(*seed, *n, *lang)
	if *smk != "" {
		if err := training.WriteI2B2File(*smk, s); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d smoking-status notes to %s\n", len(s), *smk)
	}
	if *ent != "" {
		f, err := os.Create(*ent)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(f)
		for _, r := range e {
			if err := enc.Encode(r); err != nil {
				f.Close()
				return err
			}
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d entity annotations to %s\n", len(e), *ent)
	}
	return nil
}
