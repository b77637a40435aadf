package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
)

// A model directory holds: weights.gt (gotch VarStore), config.json, metrics.json,
// data.json (what it was trained on) and MANIFEST.json (sha256 of every other file).
const (
	weightsFile  = "weights.gt"
	configFile   = "config.json"
	manifestFile = "MANIFEST.json"
)

// SmokingMeta is config.json of a smoking model.
type SmokingMeta struct {
	Task    string        `json:"task"` // "smoking"
	Name    string        `json:"name"`
	Version string        `json:"version"`
	Config  SmokingConfig `json:"config"`
	Labels  []string      `json:"labels"`
}

// Save writes the model directory and returns the sha256 of the weights.
func (m *SmokingModel) Save(dir string, meta SmokingMeta, extra map[string]any) (string, error) {
	meta.Task, meta.Config, meta.Labels = "smoking", m.net.cfg, SentenceLabels
	return saveDir(dir, m.vs, meta, extra)
}

// saveDir writes a model directory: the weights, config.json (meta), the extra JSON
// files, and MANIFEST.json. It returns the weights' sha256.
func saveDir(dir string, vs *nn.VarStore, meta any, extra map[string]any) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := vs.Save(filepath.Join(dir, weightsFile)); err != nil {
		return "", fmt.Errorf("saving weights: %w", err)
	}
	files := map[string]any{configFile: meta}
	for name, v := range extra {
		files[name] = v
	}
	for name, v := range files {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644); err != nil {
			return "", err
		}
	}
	return writeManifest(dir)
}

// taskOf is the "task" config.json names in dir ("" if it cannot be read): which kind of
// model the directory holds.
func taskOf(dir string) string {
	var meta struct {
		Task string `json:"task"`
	}
	b, err := os.ReadFile(filepath.Join(dir, configFile))
	if err != nil || json.Unmarshal(b, &meta) != nil {
		return ""
	}
	return meta.Task
}

// readDir checks a model directory against its manifest and reads config.json into
// meta; task() must then say want (what names the kind of model in errors). It returns
// the weights' sha256.
func readDir(dir string, meta any, task func() string, want, what string) (string, error) {
	sum, err := verify(dir)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(dir, configFile))
	if err != nil {
		return "", fmt.Errorf("model %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, meta); err != nil || task() != want {
		return "", fmt.Errorf("model %s: config.json is not %s (%v)", dir, what, err)
	}
	return sum, nil
}

// loadWeights loads a model directory's weights into vs.
func loadWeights(dir string, vs *nn.VarStore) error {
	if err := vs.Load(filepath.Join(dir, weightsFile)); err != nil {
		return fmt.Errorf("model %s: loading weights: %w", dir, err)
	}
	return nil
}

// writeManifest records the sha256 of every file in dir and returns the weights' hash.
func writeManifest(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	sums := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || e.Name() == manifestFile {
			continue
		}
		sum, err := fileSHA256(filepath.Join(dir, e.Name()))
		if err != nil {
			return "", err
		}
		sums[e.Name()] = sum
	}
	b, _ := json.MarshalIndent(sums, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, manifestFile), append(b, '\n'), 0o644); err != nil {
		return "", err
	}
	return sums[weightsFile], nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// LoadSmoking reads a model directory, checking every file against MANIFEST.json. A
// directory of member-1, member-2, ... folders is an ensemble: each member is loaded and
// Predict averages their probabilities. It must run on a torch.Worker.
func LoadSmoking(dir string, device gotch.Device) (*SmokingModel, SmokingMeta, string, error) {
	members, _ := filepath.Glob(filepath.Join(dir, "member-*"))
	if _, err := os.Stat(filepath.Join(dir, manifestFile)); err != nil && len(members) > 0 {
		sort.Strings(members)
		var first *SmokingModel
		var meta SmokingMeta
		h := sha256.New()
		for i, d := range members {
			m, mm, sum, err := LoadSmoking(d, device)
			if err != nil {
				return nil, meta, "", err
			}
			fmt.Fprintln(h, sum)
			if i == 0 {
				first, meta = m, mm
			} else {
				first.more = append(first.more, m)
			}
		}
		return first, meta, hex.EncodeToString(h.Sum(nil)), nil
	}
	var meta SmokingMeta
	sum, err := readDir(dir, &meta, func() string { return meta.Task }, "smoking", "a smoking model")
	if err != nil {
		return nil, meta, "", err
	}
	vs := nn.NewVarStore(device)
	net := newSmokingNet(vs, meta.Config)
	if err := loadWeights(dir, vs); err != nil {
		return nil, meta, "", err
	}
	return &SmokingModel{vs: vs, net: net, device: device}, meta, sum, nil
}

// TaggerMeta is config.json of an entity tagger.
type TaggerMeta struct {
	Task    string       `json:"task"` // "entities"
	Name    string       `json:"name"`
	Version string       `json:"version"`
	Config  TaggerConfig `json:"config"`
}

// Save writes the tagger's model directory and returns the weights' sha256.
func (t *Tagger) Save(dir string, meta TaggerMeta, extra map[string]any) (string, error) {
	meta.Task, meta.Config = "entities", t.cfg
	return saveDir(dir, t.vs, meta, extra)
}

// verify checks every file of dir against its MANIFEST.json and returns the weights' hash.
func verify(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return "", fmt.Errorf("model %s: %w (is it a notecoder model directory?)", dir, err)
	}
	var sums map[string]string
	if err := json.Unmarshal(b, &sums); err != nil {
		return "", fmt.Errorf("model %s: MANIFEST.json: %w", dir, err)
	}
	for name, want := range sums {
		got, err := fileSHA256(filepath.Join(dir, name))
		if err != nil {
			return "", fmt.Errorf("model %s: %w", dir, err)
		}
		if got != want {
			return "", fmt.Errorf("model %s: %s does not match its sha256 in MANIFEST.json: the model is damaged or was edited", dir, name)
		}
	}
	return sums[weightsFile], nil
}

// LoadTagger reads an entity tagger directory (checked against its manifest). It must
// run on a torch.Worker.
func LoadTagger(dir string, device gotch.Device) (*Tagger, TaggerMeta, string, error) {
	var meta TaggerMeta
	sum, err := readDir(dir, &meta, func() string { return meta.Task }, "entities", "an entity tagger")
	if err != nil {
		return nil, meta, "", err
	}
	vs := nn.NewVarStore(device)
	t := &Tagger{vs: vs, cfg: meta.Config, device: device}
	switch meta.Config.Arch {
	case "":
		t.net = newTaggerNet(vs, meta.Config)
	case "bilstm":
		t.seq = newSeqNet(vs, meta.Config)
	default:
		return nil, meta, "", fmt.Errorf("model %s: unknown tagger architecture %q (a newer notecoder's model?)", dir, meta.Config.Arch)
	}
	if err := loadWeights(dir, vs); err != nil {
		return nil, meta, "", err
	}
	return t, meta, sum, nil
}
