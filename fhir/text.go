package fhir

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// NoteText is the text of a document as the NLP step sees it, and how its character
// offsets map back to the attachment the evidence cites.
type NoteText struct {
	// Plain is what the models read: the attachment decoded to Unicode, HTML tags removed.
	Plain string
	// Source is the decoded attachment (HTML still in it for text/html). Evidence offsets
	// published in derivation-reference extensions are character offsets into Source.
	Source string
	// Attachment is the index in DocumentReference.content of the attachment used.
	Attachment  int
	ContentType string // media type of that attachment, e.g. text/plain
	Charset     string // charset it was decoded from
	// Choice says which attachment was used and why, for logs and provenance.
	Choice string

	// For HTML: the Source character range [start, end) each Plain character came from.
	// Nil when Plain == Source.
	srcStart, srcEnd []int32
}

// SourceSpan maps a [start, end) character range of Plain to the range of Source it
// came from.
func (t NoteText) SourceSpan(start, end int) (int, int) {
	if t.srcStart == nil || start >= end {
		return start, end
	}
	return int(t.srcStart[start]), int(t.srcEnd[end-1])
}

// Fetcher retrieves an attachment's url. Nil when fetching is not configured.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (data []byte, contentType string, err error)
}

// TextOptions bound what ExtractText accepts.
type TextOptions struct {
	MaxChars int     // larger texts are rejected (ReasonTooLarge); <= 0 means 1,000,000
	Fetcher  Fetcher // for url attachments; nil: they are rejected with a clear reason
}

// ExtractText picks the best text attachment of d, decodes and (for HTML, XHTML, RTF and
// C-CDA) strips it. Preference: text/plain over the others, inline data over url, then the
// longer text.
func ExtractText(ctx context.Context, d Document, opt TextOptions) (NoteText, error) {
	if opt.MaxChars <= 0 {
		opt.MaxChars = 1_000_000
	}
	type cand struct {
		idx       int
		mediaType string
		params    map[string]string
		rank      int
	}
	var cands []cand
	var seen []string
	for i, c := range d.Ref.Content {
		a := c.Attachment
		ct := ""
		if a.ContentType != nil {
			ct = *a.ContentType
		}
		mt, params, err := mime.ParseMediaType(ct)
		if ct == "" {
			mt = "(none)"
		} else if err != nil {
			mt = "(unparseable)"
		}
		seen = append(seen, mt)
		if !readable(mt) {
			continue
		}
		rank := 0
		if mt == "text/plain" {
			rank += 2
		}
		if a.Data != nil {
			rank++
		}
		cands = append(cands, cand{i, mt, params, rank})
	}
	if len(d.Ref.Content) == 0 {
		return NoteText{}, inputErr(ReasonNoText, "DocumentReference has no content")
	}
	if len(cands) == 0 {
		return NoteText{}, inputErr(ReasonUnsupportedContent, "no text attachment among %d (%s): notecoder reads contentType text/plain, text/html, application/xhtml+xml, text/rtf and C-CDA documents (application/xml, text/xml, application/hl7-v3+xml)", len(seen), strings.Join(seen, ", "))
	}
	// Stable order by rank (higher first), keeping document order among equals.
	for i := 1; i < len(cands); i++ {
		for j := i; j > 0 && cands[j].rank > cands[j-1].rank; j-- {
			cands[j], cands[j-1] = cands[j-1], cands[j]
		}
	}
	var best NoteText
	var firstErr error
	found := false
	for _, c := range cands {
		if found && c.rank < cands[0].rank {
			break // only equally-ranked candidates compete on length
		}
		t, err := decodeAttachment(ctx, d, c.idx, c.mediaType, c.params, opt)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if strings.TrimSpace(t.Plain) == "" {
			if firstErr == nil {
				firstErr = inputErr(ReasonNoText, "attachment %d holds no text", c.idx)
			}
			continue
		}
		if !found || utf8.RuneCountInString(t.Plain) > utf8.RuneCountInString(best.Plain) {
			best, found = t, true
		}
	}
	if !found {
		return NoteText{}, firstErr
	}
	best.Choice = fmt.Sprintf("content[%d] %s; charset %s (%d text attachment(s))", best.Attachment, best.ContentType, best.Charset, len(cands))
	return best, nil
}

func decodeAttachment(ctx context.Context, d Document, idx int, mediaType string, params map[string]string, opt TextOptions) (NoteText, error) {
	a := d.Ref.Content[idx].Attachment
	var raw []byte
	switch {
	case a.Data != nil:
		var err error
		raw, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(*a.Data), ""))
		if err != nil {
			return NoteText{}, inputErr(ReasonBadEncoding, "attachment %d: data is not valid base64", idx)
		}
	case a.Url != nil:
		if opt.Fetcher == nil {
			return NoteText{}, inputErr(ReasonURLNotConfigured, "attachment %d has only a url: set a FHIR base URL and token (--fhir-base-url, --fhir-token-file) to let notecoder fetch it, or send the text inline as data", idx)
		}
		body, ct, err := opt.Fetcher.Fetch(ctx, *a.Url)
		if err != nil {
			return NoteText{}, err // the fetcher classifies: permanent (404) or transient
		}
		if ct != "" {
			if mt, p, err := mime.ParseMediaType(ct); err == nil && readable(mt) {
				mediaType, params = mt, p
			}
		}
		raw = body
	default:
		return NoteText{}, inputErr(ReasonNoText, "attachment %d has neither data nor url", idx)
	}
	// A cheap bound before decoding: no charset takes more than 4 bytes per character.
	if len(raw) > 4*opt.MaxChars+4 {
		return NoteText{}, inputErr(ReasonTooLarge, "attachment %d is %d bytes, over the limit of %d characters (--max-text-chars)", idx, len(raw), opt.MaxChars)
	}
	src, charset, err := decodeCharset(raw, params["charset"])
	if err != nil {
		return NoteText{}, inputErr(ReasonBadEncoding, "attachment %d: %v", idx, err)
	}
	if n := utf8.RuneCountInString(src); n > opt.MaxChars {
		return NoteText{}, inputErr(ReasonTooLarge, "attachment %d has %d characters, over the limit of %d (--max-text-chars)", idx, n, opt.MaxChars)
	}
	t := NoteText{Source: src, Plain: src, Attachment: idx, ContentType: mediaType, Charset: charset}
	switch {
	case mediaType == "text/html" || mediaType == "application/xhtml+xml":
		t.Plain, t.srcStart, t.srcEnd = stripHTML(src)
	case isRTF(mediaType) || looksLikeRTF(src): // some systems label their RTF text/plain
		t.Plain, t.srcStart, t.srcEnd = stripRTF(src)
	case isCDAType(mediaType) || looksLikeCDA(src):
		if t.Plain, t.srcStart, t.srcEnd, err = stripCDA(src); err != nil {
			reason := ReasonUnsupportedContent
			if errors.Is(err, errCDAEncoding) {
				reason = ReasonBadEncoding
			}
			return NoteText{}, inputErr(reason, "attachment %d (%s): %v", idx, mediaType, err)
		}
	}
	return t, nil
}

// readable: the media types notecoder reads text from.
func readable(mediaType string) bool {
	return mediaType == "text/plain" || mediaType == "text/html" || mediaType == "application/xhtml+xml" || isRTF(mediaType) || isCDAType(mediaType)
}

// decodeCharset decodes raw from the declared charset (WHATWG labels: utf-8,
// iso-8859-1, windows-1252, ...). Without a declaration it takes UTF-8 and, if the bytes
// are not UTF-8, Windows-1252 (what undeclared European text almost always is).
func decodeCharset(raw []byte, declared string) (string, string, error) {
	declared = strings.ToLower(strings.TrimSpace(declared))
	if declared == "" {
		raw = trimBOM(raw)
		if utf8.Valid(raw) {
			return string(raw), "utf-8", nil
		}
		declared = "windows-1252"
	}
	var enc encoding.Encoding
	switch declared {
	case "utf-8", "utf8":
		raw = trimBOM(raw)
		if !utf8.Valid(raw) {
			return "", "", fmt.Errorf("declared charset utf-8 but the bytes are not valid UTF-8")
		}
		return string(raw), "utf-8", nil
	case "utf-16":
		enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	default:
		var err error
		enc, err = htmlindex.Get(declared)
		if err != nil {
			return "", "", fmt.Errorf("the contentType's charset is not one notecoder knows (WHATWG encoding labels)")
		}
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", fmt.Errorf("the bytes cannot be decoded in the contentType's charset")
	}
	return string(out), declared, nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// blockTags end a line of text when stripped.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "table": true,
	"ul": true, "ol": true, "section": true, "article": true, "pre": true, "hr": true,
	"title": true, "dt": true, "dd": true, "blockquote": true,
}

// mapped is stripped text as it is written: its characters and, for each, the range of
// source characters it came from (NoteText.SourceSpan).
type mapped struct {
	out          []rune
	starts, ends []int32
}

func (m *mapped) emit(c rune, s, e int) {
	m.out = append(m.out, c)
	m.starts = append(m.starts, int32(s))
	m.ends = append(m.ends, int32(e))
}

func (m *mapped) result() (string, []int32, []int32) { return string(m.out), m.starts, m.ends }

// stripHTML removes tags, comments, scripts and styles, decodes character references and
// turns block elements into line breaks. For each output character it records the range
// of src characters it came from, so spans found in the plain text can cite the HTML.
func stripHTML(src string) (string, []int32, []int32) {
	r := []rune(src)
	var m mapped
	emit := m.emit
	newline := func(pos int) {
		if len(m.out) > 0 && m.out[len(m.out)-1] != '\n' {
			emit('\n', pos, pos)
		}
	}
	n := len(r)
	for i := 0; i < n; {
		switch {
		case r[i] == '<' && i+3 < n && r[i+1] == '!' && r[i+2] == '-' && r[i+3] == '-':
			i = pastRunes(r, i+4, "-->")
		case r[i] == '<' && i+1 < n && (isASCIILetter(r[i+1]) || r[i+1] == '/' || r[i+1] == '!' || r[i+1] == '?'):
			end := tagEndAt(r, i+1)
			name := tagName(r[i+1 : min(end, n)])
			tagEnd := min(end+1, n)
			if (name == "script" || name == "style") && (i+1 < n && r[i+1] != '/') {
				closeAt := indexRunesFold(r, tagEnd, "</"+name)
				if closeAt < 0 {
					i = n
					continue
				}
				tagEnd = closeAt
			}
			if blockTags[name] {
				newline(i)
			}
			i = tagEnd
		case r[i] == '&':
			if dec, next := charRef(r, i); dec != nil {
				for _, c := range dec {
					emit(c, i, next)
				}
				i = next
				continue
			}
			emit('&', i, i+1)
			i++
		default:
			c := r[i]
			if isSpace(c) {
				// Collapse runs of whitespace as browsers do, keeping line breaks from tags.
				if len(m.out) > 0 && !isSpace(m.out[len(m.out)-1]) {
					emit(' ', i, i+1)
				}
				i++
				continue
			}
			emit(c, i, i+1)
			i++
		}
	}
	return m.result()
}

// tagEndAt is where the tag whose text starts at from ends: its '>' outside quoted
// attribute values, or len(r).
func tagEndAt(r []rune, from int) int {
	end, quote := from, rune(0)
	for end < len(r) && (quote != 0 || r[end] != '>') {
		if quote == 0 && (r[end] == '"' || r[end] == '\'') {
			quote = r[end]
		} else if quote != 0 && r[end] == quote {
			quote = 0
		}
		end++
	}
	return end
}

// charRef decodes the character reference at r[i] (an '&'): its characters and the index
// just past it, or nil when there is none there (a bare '&').
func charRef(r []rune, i int) ([]rune, int) {
	end := i + 1
	for end < len(r) && end-i < 32 && r[end] != ';' && r[end] != '&' && r[end] != '<' && !isSpace(r[end]) {
		end++
	}
	if end < len(r) && r[end] == ';' {
		if dec := []rune(html.UnescapeString(string(r[i : end+1]))); len(dec) > 0 && string(dec) != string(r[i:end+1]) {
			return dec, end + 1
		}
	}
	return nil, i
}

// pastRunes is the index just past the first ASCII text pat in r at or after from, or
// len(r) when there is none.
func pastRunes(r []rune, from int, pat string) int {
	if k := indexRunes(r, from, pat); k >= 0 {
		return k + len(pat)
	}
	return len(r)
}

func tagName(r []rune) string {
	i := 0
	if i < len(r) && r[i] == '/' {
		i++
	}
	j := i
	for j < len(r) && (isASCIILetter(r[j]) || (j > i && r[j] >= '0' && r[j] <= '9')) {
		j++
	}
	return strings.ToLower(string(r[i:j]))
}

func indexRunes(r []rune, from int, pat string) int { return indexRunesCmp(r, from, pat, false) }

func indexRunesFold(r []rune, from int, pat string) int { return indexRunesCmp(r, from, pat, true) }

// indexRunesCmp finds ASCII pattern pat in r at or after from, optionally ignoring case.
func indexRunesCmp(r []rune, from int, pat string, fold bool) int {
	for i := from; i+len(pat) <= len(r); i++ {
		j := 0
		for ; j < len(pat); j++ {
			c := r[i+j]
			if fold && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != rune(pat[j]) {
				break
			}
		}
		if j == len(pat) {
			return i
		}
	}
	return -1
}

func isASCIILetter(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isSpace(c rune) bool       { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
