package training

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/rules"
)

// SmokingCV cross-validates a smoking training recipe on labelled real notes
// ('notecoder cv smoking'): the notes of Real are split into Folds by note, template
// near-duplicates kept in one fold (word-trigram Jaccard >= NearDuplicate, as the real
// sets were split), and for each fold the recipe is trained on everything else and scored
// on the fold. This is how a recipe is chosen without looking at the dev notes: the
// pooled figure covers every training note once, each read by a model that never saw it.
type SmokingCV struct {
	Real  string     // i2b2 XML of the labelled real notes to fold
	Folds int        // default 5
	Seed  int64      // which clusters go to which fold
	Job   SmokingJob // the recipe; its Data may name Real (replaced per fold by the other folds' notes) and other files
	// TeacherJob, if its Arch is set, is trained per fold first (its Data naming Real is
	// replaced the same way) and becomes Job's Teacher: the distillation recipe as a
	// whole, so that no teacher has seen the fold it labels.
	TeacherJob SmokingJob
	Errors     bool   // print every note of a fold the recipe got wrong
	Keep       string // if set, the folds' files and models are kept here (else a temporary folder)
}

// NearDuplicate is the word-trigram Jaccard similarity at or above which two notes are
// one dictation template and stay on one side of a split (scripts/realdata/sample.py).
const NearDuplicate = 0.12

// SmokingCVResult is the pooled score over all folds, beside the rules on the same notes.
type SmokingCVResult struct {
	Model  SmokingReport   `json:"model"`
	Rules  SmokingReport   `json:"rules"`
	Folds  []float64       `json:"fold_micro_f1"`
	Errors []SmokingMissed `json:"errors,omitempty"`
}

// SmokingMissed is one note a fold's model got wrong.
type SmokingMissed struct {
	ID, Gold, Pred, Sentence string
	Fold                     int
}

// Run trains Folds (teacher and) student models in a temporary folder and scores them.
func (c SmokingCV) Run(out, progress io.Writer) (SmokingCVResult, error) {
	var res SmokingCVResult
	if c.Folds == 0 {
		c.Folds = 5
	}
	if c.Folds < 2 {
		return res, configErrorf("--folds %d: need at least 2", c.Folds)
	}
	if !slices.Contains(c.Job.Data, c.Real) {
		c.Job.Data = append([]string{c.Real}, c.Job.Data...)
	}
	// the settings are checked before anything trains (Check fills in a copy's defaults)
	probe := c.Job
	if c.TeacherJob.Arch != "" {
		probe.Teacher = "trained per fold"
		teacher := c.TeacherJob
		if err := teacher.Check(); err != nil {
			return res, err
		}
	}
	if err := probe.Check(); err != nil {
		return res, err
	}
	recs, err := ReadI2B2File(c.Real)
	if err != nil {
		return res, err
	}
	fold := FoldsByTemplate(ids(recs), texts(recs), c.Folds, c.Seed)
	tmp := c.Keep
	if tmp == "" {
		if tmp, err = os.MkdirTemp("", "notecoder-cv-"); err != nil {
			return res, err
		}
		defer os.RemoveAll(tmp)
	} else if err := os.MkdirAll(tmp, 0o755); err != nil {
		return res, err
	}

	gold := make([]findings.SmokingStatus, len(recs))
	pred := make([]findings.SmokingStatus, len(recs))
	for i, r := range recs {
		gold[i] = r.Status
	}
	for k := 0; k < c.Folds; k++ {
		var train, held []SmokingRecord
		var heldIdx []int
		for i, r := range recs {
			if fold[i] == k {
				held, heldIdx = append(held, r), append(heldIdx, i)
			} else {
				train = append(train, r)
			}
		}
		trainFile := filepath.Join(tmp, fmt.Sprintf("train-%d.xml", k+1))
		heldFile := filepath.Join(tmp, fmt.Sprintf("held-%d.xml", k+1))
		if err := WriteI2B2File(trainFile, train); err != nil {
			return res, err
		}
		if err := WriteI2B2File(heldFile, held); err != nil {
			return res, err
		}
		fmt.Fprintf(out, "fold %d of %d: training on %d notes, scoring %d\n", k+1, c.Folds, len(train), len(held))
		perFold := func(j SmokingJob, name string) SmokingJob {
			j.Data = replaced(j.Data, c.Real, trainFile)
			j.Exclude = append(slices.Clone(j.Exclude), heldFile)
			j.Out = filepath.Join(tmp, fmt.Sprintf("%s-%d", name, k+1), "smoking")
			return j
		}
		job := perFold(c.Job, "model")
		if c.TeacherJob.Arch != "" {
			teacher := perFold(c.TeacherJob, "teacher")
			if _, err := teacher.Run(io.Discard, progress); err != nil {
				return res, fmt.Errorf("fold %d, teacher: %w", k+1, err)
			}
			job.Teacher = teacher.Out
		}
		if _, err := job.Run(io.Discard, progress); err != nil {
			return res, fmt.Errorf("fold %d: %w", k+1, err)
		}
		found, err := extractWith(models.Options{Smoking: job.Out, Device: job.Device}, smokingInputs(held))
		if err != nil {
			return res, err
		}
		var g, p []findings.SmokingStatus
		for n, i := range heldIdx {
			pred[i] = found[n].Smoking.Status
			g, p = append(g, gold[i]), append(p, pred[i])
			if pred[i] != gold[i] {
				res.Errors = append(res.Errors, SmokingMissed{ID: recs[i].ID, Gold: string(gold[i]), Pred: string(pred[i]),
					Sentence: decidingSentence(recs[i].Text, found[n]), Fold: k + 1})
			}
		}
		f := ScoreSmoking(g, p).MicroF1
		res.Folds = append(res.Folds, f)
		fmt.Fprintf(out, "fold %d of %d: micro-F1 %.3f\n", k+1, c.Folds, f)
	}
	base, _ := rules.New().Extract(context.Background(), smokingInputs(recs))
	rp := make([]findings.SmokingStatus, len(recs))
	for i := range base {
		rp[i] = base[i].Smoking.Status
	}
	res.Model, res.Rules = ScoreSmoking(gold, pred), ScoreSmoking(gold, rp)
	fmt.Fprintf(out, "\n%d-fold cross-validation on %s (%d notes; each scored by a model trained without its fold)\n", c.Folds, c.Real, len(recs))
	PrintSmoking(out, []string{"rules", "recipe"}, []SmokingReport{res.Rules, res.Model})
	if c.Errors {
		fmt.Fprintln(out, "\nnotes the recipe got wrong (fold, id, gold -> predicted, the sentence it decided on):")
		for _, e := range res.Errors {
			fmt.Fprintf(out, "  %d %-10s %-15s -> %-15s %s\n", e.Fold, e.ID, e.Gold, e.Pred, e.Sentence)
		}
	}
	return res, nil
}

func decidingSentence(text string, f findings.Findings) string {
	if f.Smoking == nil || len(f.Smoking.Evidence) == 0 {
		return ""
	}
	return clip([]rune(text), f.Smoking.Evidence[0], 160)
}

func ids(recs []SmokingRecord) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func texts(recs []SmokingRecord) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Text
	}
	return out
}

func replaced(files []string, from, to string) []string {
	out := slices.Clone(files)
	for i, f := range out {
		if f == from {
			out[i] = to
		}
	}
	return out
}

var shingleWord = regexp.MustCompile(`[a-z0-9]+`)

// shingles are a note's word trigrams (lower case).
func shingles(text string) map[string]bool {
	w := shingleWord.FindAllString(strings.ToLower(text), -1)
	out := map[string]bool{}
	for i := 0; i+2 < len(w); i++ {
		out[w[i]+" "+w[i+1]+" "+w[i+2]] = true
	}
	return out
}

// FoldsByTemplate assigns each note to one of k folds so that notes whose word-trigram
// Jaccard similarity is >= NearDuplicate (one dictation template) share a fold: clusters
// are shuffled with seed and each goes to the fold with the fewest notes so far.
func FoldsByTemplate(ids, texts []string, k int, seed int64) []int {
	n := len(ids)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	sh := make([]map[string]bool, n)
	for i, t := range texts {
		sh[i] = shingles(t)
	}
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if len(sh[a]) == 0 || len(sh[b]) == 0 {
				continue
			}
			inter := 0
			small, big := sh[a], sh[b]
			if len(small) > len(big) {
				small, big = big, small
			}
			for s := range small {
				if big[s] {
					inter++
				}
			}
			if float64(inter)/float64(len(sh[a])+len(sh[b])-inter) >= NearDuplicate {
				parent[find(a)] = find(b)
			}
		}
	}
	groups := map[int][]int{}
	var roots []int
	for i := range ids {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	rng := rand.New(rand.NewSource(seed))
	rng.Shuffle(len(roots), func(a, b int) { roots[a], roots[b] = roots[b], roots[a] })
	// the big clusters first, so that the folds come out even
	slices.SortStableFunc(roots, func(a, b int) int { return len(groups[b]) - len(groups[a]) })
	size := make([]int, k)
	out := make([]int, n)
	for _, r := range roots {
		f := 0
		for j := range size {
			if size[j] < size[f] {
				f = j
			}
		}
		for _, i := range groups[r] {
			out[i] = f
		}
		size[f] += len(groups[r])
	}
	return out
}
