package models

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
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
