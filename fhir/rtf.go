package fhir

import (
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// RTF is how many EHRs store and export clinical notes (an attachment of contentType
// text/rtf or application/rtf beside, or instead of, HTML). stripRTF reads the text of an
// RTF document as a word processor shows it: paragraphs and table rows end lines, cells
// are tab-separated, \'hh escapes are decoded from the document's ANSI code page
// (Windows-1252 unless \ansicpg says otherwise), \uN from Unicode; hidden text (\v) and
// binary data (\binN) are left out, and so are the groups that hold no text (font and
// colour tables, style sheets, document info, pictures, headers and footers, field
// instructions, and every {\* ...} destination). For each output character it records the
// range of src characters it came from, as stripHTML does.
func stripRTF(src string) (string, []int32, []int32) {
	r := []rune(src)
	n := len(r)
	var m mapped
	emit := m.emit
	type state struct {
		skip   bool
		hidden bool // \v: hidden text, not shown
		uc     int  // characters that follow \uN as its fallback, skipped
	}
	cur := state{uc: 1}
	var stack []state
	groupStart := false // the last token opened a group: a destination word may follow
	codepage := charmap.Windows1252
	pendingSkip := 0 // fallback characters of the last \uN still to skip
	for i := 0; i < n; {
		c := r[i]
		switch {
		case c == '{':
			stack = append(stack, cur)
			groupStart = true
			pendingSkip = 0
			i++
			continue
		case c == '}':
			if len(stack) > 0 {
				cur = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			pendingSkip = 0
			i++
		case c == '\r' || c == '\n':
			i++ // line breaks in the source are not text
			continue
		case c == '\\' && i+1 < n:
			start := i
			next := r[i+1]
			switch {
			case next == '\\' || next == '{' || next == '}':
				if !cur.skip && !cur.hidden && !skipFallback(&pendingSkip) {
					emit(next, start, i+2)
				}
				i += 2
			case next == '\'' && i+3 < n:
				b, err := strconv.ParseUint(string(r[i+2:i+4]), 16, 8)
				i += 4
				if err == nil && !cur.skip && !skipFallback(&pendingSkip) {
					emit(codepage.DecodeByte(byte(b)), start, i)
				}
			case next == '*':
				cur.skip = true
				i += 2
			case next == '~':
				if !cur.skip && !cur.hidden {
					emit(' ', start, i+2)
				}
				i += 2
			case next == '_':
				if !cur.skip && !cur.hidden {
					emit('-', start, i+2)
				}
				i += 2
			case next == '\r' || next == '\n':
				if !cur.skip && !cur.hidden {
					emit('\n', start, i+2)
				}
				i += 2
			case isASCIILetter(next):
				j := i + 1
				for j < n && isASCIILetter(r[j]) {
					j++
				}
				word := string(r[i+1 : j])
				k := j
				if k < n && (r[k] == '-' || r[k] >= '0' && r[k] <= '9') {
					k++
					for k < n && r[k] >= '0' && r[k] <= '9' {
						k++
					}
				}
				param, hasParam := 0, k > j
				if hasParam {
					param, _ = strconv.Atoi(string(r[j:k]))
				}
				if k < n && r[k] == ' ' {
					k++ // the space that ends a control word is part of it
				}
				i = k
				if groupStart && rtfSkipped[word] {
					cur.skip = true
				}
				if word == "bin" && hasParam && param > 0 {
					i = min(n, k+param) // raw bytes (a picture's), whatever braces they hold
					break
				}
				if word == "v" {
					cur.hidden = !hasParam || param != 0
				}
				if cur.skip || cur.hidden {
					break
				}
				switch word {
				case "par", "line", "row", "sect", "page", "nestrow":
					emit('\n', start, k)
				case "tab", "cell", "nestcell":
					emit('\t', start, k)
				case "u":
					if param < 0 {
						param += 65536
					}
					emit(rune(param), start, k)
					pendingSkip = cur.uc
				case "uc":
					cur.uc = param
				case "ansicpg":
					if cp := rtfCodepages[param]; cp != nil {
						codepage = cp
					}
				case "emdash":
					emit('—', start, k)
				case "endash":
					emit('–', start, k)
				case "bullet":
					emit('•', start, k)
				case "lquote", "rquote":
					emit('\'', start, k)
				case "ldblquote", "rdblquote":
					emit('"', start, k)
				}
			default:
				i += 2 // a control symbol with no text (\-, \|, \:)
			}
		case c == '\\':
			i++ // a backslash that ends the input escapes nothing
		default:
			if !cur.skip && !cur.hidden && !skipFallback(&pendingSkip) {
				emit(c, i, i+1)
			}
			i++
		}
		groupStart = false
	}
	return m.result()
}

// skipFallback consumes one of the fallback characters that follow a \uN.
func skipFallback(pending *int) bool {
	if *pending > 0 {
		*pending--
		return true
	}
	return false
}

// rtfSkipped are the destinations that hold no text of the note.
var rtfSkipped = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true, "header": true, "headerl": true, "headerr": true, "headerf": true,
	"footer": true, "footerl": true, "footerr": true, "footerf": true, "listtable": true, "listoverridetable": true, "rsidtbl": true, "generator": true,
	"xmlnstbl": true, "themedata": true, "colorschememapping": true, "datastore": true, "latentstyles": true, "pgdsctbl": true, "object": true,
	"fldinst": true, "filetbl": true, "revtbl": true, "mmathPr": true, "private": true, "nonshppict": true, "bkmkstart": true, "bkmkend": true,
}

// rtfCodepages are the \ansicpg code pages notes are written in.
var rtfCodepages = map[int]*charmap.Charmap{
	1250: charmap.Windows1250, 1251: charmap.Windows1251, 1252: charmap.Windows1252, 1253: charmap.Windows1253,
	1254: charmap.Windows1254, 1257: charmap.Windows1257, 437: charmap.CodePage437, 850: charmap.CodePage850,
}

// isRTF reports whether a media type is RTF's.
func isRTF(mediaType string) bool {
	return mediaType == "text/rtf" || mediaType == "application/rtf"
}

// looksLikeRTF: text that starts as an RTF document does ("{\rtf1"), whatever its label.
func looksLikeRTF(s string) bool {
	return strings.HasPrefix(strings.TrimLeft(s, " \t\r\n\ufeff"), `{\rtf`)
}
