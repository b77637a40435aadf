package rules

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
)

// alternation is a regular expression written as many alternatives ("former smoker|quit
// smoking|ex-smoker|..."). Go's regexp runs an expression this large as an NFA, whose cost
// at every byte grows with the number of alternatives, while most alternatives need a word
// that a given text does not hold. An alternation first asks the text for the words each
// alternative needs and runs only the alternatives that may match. An alternative that
// cannot match anywhere in the text changes no match of the whole (leftmost-first picks
// among the alternatives that do match, in their order), so every result is the whole
// expression's; TestAlternationReadsAsTheWhole checks that on every note of the corpora.
//
// Only the methods below are pruned; any other method of the embedded Regexp runs the whole
// expression. Group numbers would change with pruning, so no pruned method reports groups.
type alternation struct {
	*regexp.Regexp
	branches []string
	needs    [][][]string // per branch, clauses that every match satisfies: a word of each

	mu     sync.RWMutex
	pruned map[string]*regexp.Regexp // by the bit set of the branches that may match
}

// maxPruned bounds the pruned expressions an alternation keeps.
const maxPruned = 4096

// newAlternation compiles expr and splits it into its top-level alternatives. It panics,
// as regexp.MustCompile does, when expr or one of its alternatives does not compile.
func newAlternation(expr string) *alternation {
	if flags := strings.ReplaceAll(strings.ReplaceAll(expr, "(?:", ""), "(?P<", ""); strings.Contains(flags, "(?") {
		panic("rules: an alternation cannot carry flags, which would reach past their alternative: " + expr)
	}
	a := &alternation{Regexp: regexp.MustCompile(expr), branches: topLevelBranches(expr), pruned: map[string]*regexp.Regexp{}}
	for _, b := range a.branches {
		re, err := syntax.Parse(b, syntax.Perl)
		if err != nil {
			panic("rules: alternative " + b + ": " + err.Error())
		}
		a.needs = append(a.needs, neededWords(re))
	}
	return a
}

// topLevelBranches splits expr at each "|" outside parentheses and character classes.
func topLevelBranches(expr string) []string {
	var out []string
	depth, class, from := 0, false, 0
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\\':
			i++ // the escaped byte; escapes are ASCII
		case class:
			class = c != ']'
		case c == '[':
			class = true
			if strings.HasPrefix(expr[i+1:], "^]") {
				i += 2
			} else if strings.HasPrefix(expr[i+1:], "]") || strings.HasPrefix(expr[i+1:], "^") {
				i++
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, expr[from:i])
			from = i + 1
		}
	}
	return append(out, expr[from:])
}

// neededWords returns clauses that every match of re satisfies: the match holds at least one
// word of each clause. It returns none where nothing is known (a class, an optional part).
func neededWords(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return [][]string{{string(re.Rune)}}
	case syntax.OpCapture, syntax.OpPlus:
		return neededWords(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return neededWords(re.Sub[0])
		}
	case syntax.OpConcat:
		var out [][]string
		for _, s := range re.Sub {
			out = append(out, neededWords(s)...)
		}
		return out
	case syntax.OpAlternate:
		var words []string
		for _, s := range re.Sub {
			c := strongestClause(neededWords(s))
			if c == nil {
				return nil // one alternative needs nothing, so the whole needs nothing
			}
			words = append(words, c...)
		}
		return [][]string{words}
	}
	return nil
}

// strongestClause picks the clause whose shortest word is longest (fewest words on a tie):
// the one a text is least likely to satisfy by chance.
func strongestClause(clauses [][]string) []string {
	var best []string
	bestLen := -1
	for _, c := range clauses {
		n := len(c[0])
		for _, w := range c {
			n = min(n, len(w))
		}
		if n > bestLen || n == bestLen && len(c) < len(best) {
			best, bestLen = c, n
		}
	}
	return best
}

// mayMatch says whether the text holds a word of every clause.
func mayMatch(s string, clauses [][]string) bool {
	for _, c := range clauses {
		if !hasAny(s, c) {
			return false
		}
	}
	return true
}

// forText returns the expression of the alternatives that may match s: the whole when all
// may, nil when none may.
func (a *alternation) forText(s string) *regexp.Regexp {
	var bits [32]byte // up to 256 alternatives; more run the whole
	if len(a.branches) > len(bits)*8 {
		return a.Regexp
	}
	n, last := 0, -1
	for i, need := range a.needs {
		if mayMatch(s, need) {
			bits[i/8] |= 1 << (i % 8)
			n, last = n+1, i
		}
	}
	switch {
	case n == 0:
		return nil
	case n == len(a.branches):
		return a.Regexp
	}
	key := bits[:last/8+1]
	a.mu.RLock()
	re := a.pruned[string(key)]
	a.mu.RUnlock()
	if re != nil {
		return re
	}
	var kept []string
	for i, b := range a.branches {
		if bits[i/8]&(1<<(i%8)) != 0 {
			kept = append(kept, b)
		}
	}
	re = regexp.MustCompile(strings.Join(kept, "|"))
	a.mu.Lock()
	if len(a.pruned) >= maxPruned {
		clear(a.pruned) // texts of every kind: keep the memory bounded
	}
	a.pruned[string(key)] = re
	a.mu.Unlock()
	return re
}

// MatchString reports whether s holds a match of the whole expression.
func (a *alternation) MatchString(s string) bool {
	re := a.forText(s)
	return re != nil && re.MatchString(s)
}

// FindStringIndex returns the whole expression's leftmost match in s, or nil.
func (a *alternation) FindStringIndex(s string) []int {
	if re := a.forText(s); re != nil {
		return re.FindStringIndex(s)
	}
	return nil
}

// FindAllStringIndex returns the whole expression's successive matches in s.
func (a *alternation) FindAllStringIndex(s string, n int) [][]int {
	if re := a.forText(s); re != nil {
		return re.FindAllStringIndex(s, n)
	}
	return nil
}

// ReplaceAllString replaces the whole expression's matches in src with repl; a repl that
// names groups ("$1") runs the whole expression, whose group numbers it means.
func (a *alternation) ReplaceAllString(src, repl string) string {
	if strings.Contains(repl, "$") {
		return a.Regexp.ReplaceAllString(src, repl)
	}
	if re := a.forText(src); re != nil {
		return re.ReplaceAllString(src, repl)
	}
	return src
}
