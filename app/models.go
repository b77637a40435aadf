package app

import (
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
	"github.com/notecoder/notecoder/nlp/torch"
)

// ModelsHelp describes the models setting for every command that has it.
const ModelsHelp = "models to use: 'builtin' (shipped inside notecoder), 'rules' (the rule baseline only), or a directory from 'notecoder train' holding smoking/ and optionally entities/"

// ModelSettings say where the trained models are and how to run them.
type ModelSettings struct {
	Dir       string        // builtin, rules, or a directory from train
	Device    string        // auto, cpu, cuda, cuda:N
	Replicas  int           // model copies (0: automatic)
	Threads   int           // libtorch intra-op threads set by the user (0: automatic, see OpenModels)
	BatchMax  int           // notes per model call when calls are merged (serve)
	BatchWait time.Duration // how long a note may wait for others to join its batch
	ModelOnly bool          // smoking from the sentence model alone, without the rules' share (eval; what the retrain gate scores)
}

// replicas is the number of model copies: as asked, else one on a GPU (it parallelises
// inside) and one per CPU core up to 4 on the CPU.
func (m ModelSettings) replicas(dev gotch.Device) int {
	switch {
	case m.Replicas > 0:
		return m.Replicas
	case dev.IsCuda():
		return 1
	default:
		return min(runtime.NumCPU(), 4)
	}
}

// OpenModels returns the extractor for m.Dir: the models shipped inside the binary
// ("" or "builtin"), the rule baseline ("rules"), or trained models in a directory
// (DIR/smoking and, if present, DIR/entities and DIR/assertion). The *models.Extractor is
// nil for the rules; close it when done.
func OpenModels(m ModelSettings) (*models.Extractor, nlp.Extractor, error) {
	switch m.Dir {
	case "rules":
		return nil, rules.New(), nil
	case "", models.BuiltinName:
		dir, err := models.BuiltinDir()
		if err != nil {
			return nil, nil, err
		}
		m.Dir = dir
	}
	smoking := filepath.Join(m.Dir, "smoking")
	if _, err := os.Stat(smoking); err != nil {
		return nil, nil, configErrorf("--models %s: no smoking model in %s (train one with: notecoder train smoking --out %s; or use --models builtin or rules)", m.Dir, smoking, smoking)
	}
	dev, err := torch.ParseDevice(m.Device)
	if err != nil {
		return nil, nil, configErrorf("--device: %v", err)
	}
	entities := filepath.Join(m.Dir, "entities")
	if _, err := os.Stat(entities); err != nil {
		entities = "" // conditions from the rules
	}
	assertion := filepath.Join(m.Dir, "assertion")
	if _, err := os.Stat(assertion); err != nil {
		assertion = "" // how a mention is meant, from the rules' cues
	}
	replicas := m.replicas(dev)
	if !dev.IsCuda() && m.Threads == 0 && replicas > 1 {
		// Replicas run at once, each on its own thread: with libtorch's intra-op threads
		// at one per core as well, 2 replicas on 2 cores ran 4 spinning OpenMP threads, and
		// batches that take 10 ms took up to 250 ms (p99 end-to-end latency 450-620 ms at
		// half the sustained rate; with the cores split between replicas, 250-450 ms).
		torch.SetThreads(max(1, runtime.NumCPU()/replicas))
	}
	ex, err := models.Open(models.Options{Smoking: smoking, Entities: entities, Assertion: assertion, Device: dev, Replicas: replicas, ModelOnly: m.ModelOnly})
	if err != nil {
		return nil, nil, err
	}
	return ex, ex, nil
}
