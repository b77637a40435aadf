package models

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// builtin holds the default models that ship inside the notecoder binary: built by
// `make models` (notecoder train ... on testdata/train, seed 1) and committed, so that a
// fresh clone and a bare binary classify with the trained models at once.
//
//go:embed builtin
var builtin embed.FS

// BuiltinName is how --models names the shipped models.
const BuiltinName = "builtin"

// BuiltinDir writes the shipped models to a folder (once per version, under the user's
// cache, else the temporary folder) and returns it: gotch loads weights from files. The
// folder holds "smoking" and, when shipped, "entities"; each is verified against its
// MANIFEST when loaded.
func BuiltinDir() (string, error) {
	h := sha256.New()
	var files []string
	err := fs.WalkDir(builtin, "builtin", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := builtin.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
		files = append(files, p)
		return nil
	})
	if err != nil {
		return "", err
	}
	if !BuiltinHas("smoking") {
		return "", fmt.Errorf("this notecoder binary was built without its default models: run make models (or give --models DIR, or --models rules)")
	}
	name := hex.EncodeToString(h.Sum(nil))[:16]
	var bases []string
	if c, err := os.UserCacheDir(); err == nil {
		bases = append(bases, c)
	}
	var firstErr error
	for _, base := range append(bases, os.TempDir()) { // the temp folder when the cache is not writable (containers)
		dir, err := unpackBuiltin(filepath.Join(base, "notecoder", "models", name), files)
		if err == nil {
			return dir, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", fmt.Errorf("unpacking the default models: %w", firstErr)
}

// unpackBuiltin writes files into dir unless a complete copy is there already.
func unpackBuiltin(dir string, files []string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	// Write to a private folder, then rename: two processes starting at once both succeed.
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".unpack-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for _, p := range files {
		b, _ := builtin.ReadFile(p)
		dst := filepath.Join(tmp, filepath.FromSlash(strings.TrimPrefix(p, "builtin/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return "", err
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, ".complete")); serr == nil {
			return dir, nil // another process got there first
		}
		return "", err
	}
	return dir, nil
}

// BuiltinHas reports whether the shipped models include task ("smoking", "entities").
func BuiltinHas(task string) bool {
	st, err := fs.Stat(builtin, path.Join("builtin", task))
	return err == nil && st.IsDir()
}

// ShippedModel is one model inside the binary, as `notecoder version` reports it.
type ShippedModel struct {
	Task    string   `json:"task"`    // smoking, entities, assertion
	Name    string   `json:"name"`    // from its config.json
	Version string   `json:"version"` // from its config.json
	Weights []string `json:"weights_sha256"`
	// Members is the ensemble's size (1: a single model).
	Members int `json:"members"`
}

// Shipped lists the models inside the binary with their weights' sha256 (one per
// ensemble member), read from their config.json and MANIFEST.json.
func Shipped() ([]ShippedModel, error) {
	var out []ShippedModel
	tasks, err := fs.ReadDir(builtin, "builtin")
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if !t.IsDir() {
			continue
		}
		dir := path.Join("builtin", t.Name())
		dirs := []string{dir}
		if members, _ := fs.Glob(builtin, path.Join(dir, "member-*")); len(members) > 0 {
			dirs = members
		}
		m := ShippedModel{Task: t.Name(), Members: len(dirs)}
		for _, d := range dirs {
			var cfg struct{ Name, Version string }
			var manifest map[string]string
			for file, v := range map[string]any{"config.json": &cfg, manifestFile: &manifest} {
				b, err := builtin.ReadFile(path.Join(d, file))
				if err != nil {
					return nil, fmt.Errorf("shipped model %s: %w", d, err)
				}
				if err := json.Unmarshal(b, v); err != nil {
					return nil, fmt.Errorf("shipped model %s/%s: %w", d, file, err)
				}
			}
			m.Name, m.Version = cfg.Name, cfg.Version
			m.Weights = append(m.Weights, manifest["weights.gt"])
		}
		out = append(out, m)
	}
	return out, nil
}
