package models

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sugarme/gotch"

	"github.com/notecoder/notecoder/nlp/torch"
)

// The fine-tuned encoder learns a toy split of smoking sentences, saves only its tuned
// part, reloads to the same predictions, and refuses a pretrained encoder it was not tuned
// from.
func TestEncoderSmokingTrainsSavesAndReloads(t *testing.T) {
	var ex []Example
	for _, s := range []string{"She is a nonsmoker.", "Denies tobacco use.", "Never smoked.", "He does not smoke.", "No history of smoking."} {
		for _, p := range []string{"", "Social history: ", "SH: ", "Habits: "} {
			ex = append(ex, Example{Text: p + s, Label: 3})
		}
	}
	for _, s := range []string{"Smokes one pack a day.", "Current smoker.", "He smokes cigarettes daily.", "Active smoker, 1 ppd.", "She is still smoking."} {
		for _, p := range []string{"", "Social history: ", "SH: ", "Habits: "} {
			ex = append(ex, Example{Text: p + s, Label: 0})
		}
	}
	dir := filepath.Join(t.TempDir(), "smoking")
	probe := []string{"Patient never smoked cigarettes.", "Patient smokes two packs a day."}
	w := torch.NewWorker()
	defer w.Close()
	var before [][]float64
	err := w.Do(context.Background(), func() error {
		cfg := DefaultEncoderConfig()
		cfg.TuneFrom = 5
		m, res, err := TrainEncoderSmoking(cfg, ex, TrainOptions{Epochs: 6, Batch: 8, LR: 3e-4, Patience: 6, Seed: 1, Device: gotch.CPU, ValSplit: 0.2})
		if err != nil {
			return err
		}
		if res.ValAccuracy < 0.75 {
			t.Errorf("validation accuracy %.2f on a separable toy split", res.ValAccuracy)
		}
		before = m.Predict(probe)
		if _, err := m.Save(dir, EncoderSmokingMeta{Name: "test", Version: "1"}, nil); err != nil {
			return err
		}
		if argmax(before[0]) != 3 || argmax(before[1]) != 0 {
			t.Errorf("probe predictions %v, want non-smoker then current", before)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, weightsFile)); err != nil || fi.Size() > 10<<20 {
		t.Fatalf("saved weights: %v (%d bytes; only one layer and the head should be saved)", err, fi.Size())
	}
	err = w.Do(context.Background(), func() error {
		m, meta, _, err := LoadEncoderSmoking(dir, gotch.CPU)
		if err != nil {
			return err
		}
		if meta.Config.EncoderSHA256 == "" || !IsEncoderModel(dir) {
			t.Errorf("config %+v", meta.Config)
		}
		after := m.Predict(probe)
		for i := range after {
			for c := range after[i] {
				if math.Abs(after[i][c]-before[i][c]) > 1e-5 {
					return fmt.Errorf("reloaded model predicts %v, saved one %v", after, before)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A model tuned from other pretrained weights is refused with the reason.
	b, _ := os.ReadFile(filepath.Join(dir, configFile))
	var meta map[string]any
	json.Unmarshal(b, &meta)
	meta["config"].(map[string]any)["encoder_sha256"] = strings.Repeat("0", 64)
	b, _ = json.Marshal(meta)
	os.WriteFile(filepath.Join(dir, configFile), b, 0o644)
	writeManifest(dir)
	err = w.Do(context.Background(), func() error {
		_, _, _, err := LoadEncoderSmoking(dir, gotch.CPU)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "not the one this model was fine-tuned from") {
		t.Errorf("other pretrained weights: %v", err)
	}
}
