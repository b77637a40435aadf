package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "train", summary: "train a model: 'train smoking' (sentence classifier on synthetic and/or i2b2 data)", run: runTrain})
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runTrain(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "smoking" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: notecoder train smoking [--data FILE.xml ...] [--synthetic N] [--out DIR] [flags]\n\n"+
				"Trains the smoking-status sentence classifier (gotch/libtorch) and writes a model\n"+
				"directory (weights, config, metrics, training data summary, sha256 manifest).\n"+
				"The entity tagger is not trained yet: conditions and LVEF come from the rules.")
			return nil
		}
		return usageErrorf("say what to train: 'train smoking' (entity training is not available yet)")
	}
	fs := newFlagSet("train smoking", "train smoking [--data FILE.xml ...] [--synthetic N] [--out DIR]", stdout)
	var data stringList
	fs.Var(&data, "data", "i2b2 smoking-status XML to train on (repeatable)")
	synthetic := fs.Int("synthetic", 4000, "synthetic tobacco sentences to add (0: none)")
	out := fs.String("out", "models/default/smoking", "model directory to write")
	seed := fs.Int64("seed", 1, "random seed (data order, initialisation, validation split)")
	epochs := fs.Int("epochs", 30, "most epochs; early stopping usually ends sooner")
	patience := fs.Int("patience", 4, "epochs without validation improvement before stopping")
	device := fs.String("device", envOr("NOTECODER_DEVICE", "auto"), "auto, cpu, cuda or cuda:N")
	version := fs.String("version", "0.1.0", "version recorded in the model (shown in every result's Device)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	dev, err := torch.ParseDevice(*device)
	if err != nil {
		return usageErrorf("%v", err)
	}
	var examples []models.Example
	var records int
	for _, f := range data {
		recs, err := training.ReadI2B2File(f)
		if err != nil {
			return err
		}
		records += len(recs)
		examples = append(examples, training.SentencesFromRecords(recs)...)
	}
	if *synthetic > 0 {
		examples = append(examples, training.SmokingSentences(*seed, *synthetic)...)
	}
	if len(examples) == 0 {
		return usageErrorf("nothing to train on: give --data FILE.xml and/or --synthetic N")
	}
	fmt.Fprintf(stdout, "training the smoking model on %d sentences (%d from %d i2b2 notes, %d synthetic), device %s\n",
		len(examples), len(examples)-max(*synthetic, 0), records, max(*synthetic, 0), torch.DeviceName(dev))
	start := time.Now()
	w := torch.NewWorker()
	defer w.Close()
	var res models.TrainResult
	var sum string
	err = w.Do(context.Background(), func() error {
		m, r, err := models.TrainSmoking(models.DefaultSmokingConfig(), examples, models.TrainOptions{
			Epochs: *epochs, Batch: 64, LR: 0.01, Patience: *patience, Seed: *seed, Device: dev, ValSplit: 0.15,
			OnStep: func(step, steps int, loss float64) {
				if step%10 == 0 || step == steps {
					fmt.Fprintf(stderr, "\r  %s step %d/%d loss %.4f", bar(step, steps), step, steps, loss)
				}
			},
			OnEpoch: func(epoch int, loss, acc float64, _, _ int) {
				fmt.Fprintf(stderr, "\r  epoch %2d  train loss %.4f  validation accuracy %.4f  (%s)\n", epoch, loss, acc, time.Since(start).Round(time.Second))
			},
		})
		if err != nil {
			return err
		}
		res = r
		sum, err = m.Save(*out, models.SmokingMeta{Name: "notecoder-smoking", Version: *version}, map[string]any{
			"metrics.json": res,
			"data.json": map[string]any{"i2b2_files": []string(data), "i2b2_notes": records, "synthetic_sentences": *synthetic,
				"seed": *seed, "sentences": len(examples), "label_counts": res.LabelCounts},
		})
		return err
	})
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintf(stdout, "done in %s: best epoch %d of %d, validation accuracy %.4f; model %s (weights sha256 %s)\n",
		time.Since(start).Round(time.Second), res.BestEpoch, res.Epochs, res.ValAccuracy, abs, sum[:12])
	fmt.Fprintf(stdout, "use it: notecoder classify --models %s ...; score it: notecoder eval smoking --models %s --data FILE.xml\n",
		filepath.Dir(*out), filepath.Dir(*out))
	return nil
}

func bar(done, total int) string {
	const width = 20
	n := done * width / max(total, 1)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}
