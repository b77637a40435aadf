package training

import (
	"strings"

	"github.com/notecoder/notecoder/nlp/tokenize"
)

var germanWords = map[string]bool{"und": true, "der": true, "die": true, "das": true, "mit": true, "bei": true, "nicht": true, "kein": true, "keine": true,
	"seit": true, "nach": true, "ist": true, "eine": true, "einer": true, "des": true, "im": true, "zur": true, "zum": true, "auf": true, "unter": true, "befund": true, "anamnese": true}
var englishWords = map[string]bool{"and": true, "the": true, "with": true, "of": true, "no": true, "not": true, "since": true, "after": true, "is": true, "was": true,
	"on": true, "for": true, "in": true, "to": true, "history": true, "patient": true, "denies": true}

// GuessLang says whether a note is German ("de") or English ("en") by counting common
// function words; good enough to report scores per language.
func GuessLang(text string) string {
	de, en := 0, 0
	for _, t := range tokenize.Words(text) {
		w := strings.ToLower(t.Text)
		if germanWords[w] {
			de++
		}
		if englishWords[w] {
			en++
		}
	}
	if de > en {
		return "de"
	}
	return "en"
}
