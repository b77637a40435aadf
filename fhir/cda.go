package fhir

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
)

// C-CDA (HL7 CDA R2) is how US EHRs exchange documents: a US Core DocumentReference's
// attachment of contentType application/xml (or text/xml, application/hl7-v3+xml) with
// formatCode urn:hl7-org:sdwg:ccda-structuredBody:2.1 or ...:ccda-nonXMLBody:2.1.
// stripCDA reads what a clinician reads in one, as HL7's CDA.xsl shows it: the document's
// title, and each section's title and narrative block (<section><title>, <section><text>).
// A section title ends in ":" on its own line, as a transcribed note writes its headings;
// paragraphs, list items and table rows end lines, ordered list items are numbered, table
// cells are tab-separated (an empty cell keeps its column; a break inside a cell is "; ",
// so a row stays one line), deleted revisions are left out; or the text of a nonXMLBody
// (as written, or in base64, compressed or not; plain text, HTML or RTF). The header
// (patient, authors, addresses) and the coded entries are not the note's text and are
// left out. For each output character it records the range of src characters it came
// from, as stripHTML does; a base64 body maps every character to the whole encoded text
// (its bytes are not the document's characters).
func stripCDA(src string) (string, []int32, []int32, error) {
	r := []rune(src)
	n := len(r)
	w := cdaWriter{}
	const (
		outside   = iota
		title     // a section's title
		docTitle  // the document's title
		narrative // a section's narrative block
		plainBody // a nonXMLBody's text, as written
		hidden    // deleted revisions
	)
	type element struct {
		name   string
		region int
		from   int    // plainBody: where its text starts in the output
		media  string // plainBody: its mediaType
		ref    string // plainBody: the reference it holds, if any
	}
	var stack []element
	region := func() int {
		if len(stack) == 0 {
			return outside
		}
		return stack[len(stack)-1].region
	}
	type row struct{ cells int }
	var rows []row // the open rows of tables outside cells
	cellDepth := 0 // open cells
	cellFrom := 0  // where the innermost outer cell's text starts
	type list struct {
		ordered bool
		items   int
	}
	var lists []list
	// brk is a block boundary in a narrative block: a new line, or "; " inside a cell.
	brk := func(pos int) {
		if cellDepth > 0 {
			w.cellBreak(pos, cellFrom)
		} else {
			w.newline(pos)
		}
	}
	root := ""
	for i := 0; i < n; {
		c := r[i]
		switch {
		case c == '<' && hasRunesAt(r, i, "<!--"):
			i = pastRunes(r, i+4, "-->")
		case c == '<' && hasRunesAt(r, i, "<![CDATA["):
			end := indexRunes(r, i+9, "]]>")
			if end < 0 {
				end = n
			}
			if reg := region(); reg != outside && reg != hidden {
				for j := i + 9; j < end; j++ {
					w.text(r[j], j, reg == plainBody)
				}
			}
			i = min(end+3, n)
		case c == '<' && i+1 < n && (r[i+1] == '?' || r[i+1] == '!'):
			i = pastRunes(r, i+1, ">")
		case c == '<' && i+1 < n && (isASCIILetter(r[i+1]) || r[i+1] == '/' || r[i+1] == '_'):
			end := tagEndAt(r, i+1)
			tag := string(r[i+1 : min(end, n)])
			closing := strings.HasPrefix(tag, "/")
			selfClosing := strings.HasSuffix(tag, "/")
			name := xmlLocalName(strings.TrimPrefix(tag, "/"))
			lname := strings.ToLower(name)
			tagEnd := min(end+1, n)
			if !closing && root == "" {
				root = name
				if root != "ClinicalDocument" {
					return "", nil, nil, fmt.Errorf("the XML is not a CDA document (its root element is <%s>, not <ClinicalDocument>)", root)
				}
			}
			if closing {
				k := len(stack) - 1
				for k >= 0 && stack[k].name != name {
					k--
				}
				if k < 0 {
					i = tagEnd // a stray end tag
					continue
				}
				closed := stack[k]
				outer := outside
				if k > 0 {
					outer = stack[k-1].region
				}
				switch {
				case closed.region == hidden || outer == hidden:
				case (closed.region == title || closed.region == docTitle) && outer != closed.region:
					w.trimBlanks()
					if closed.region == title && len(w.out) > 0 && w.last() != ':' && w.last() != '\n' {
						w.emit(':', i, i)
					}
					w.newline(i)
				case closed.region == plainBody && outer == outside:
					if err := w.finishBody(closed.from, closed.media, closed.ref); err != nil {
						return "", nil, nil, err
					}
					w.newline(i)
				case closed.region == narrative && outer == outside:
					w.newline(i) // the narrative block ends
					rows, lists, cellDepth = nil, nil, 0
				case closed.region == narrative:
					switch {
					case lname == "td" || lname == "th":
						if cellDepth > 0 {
							cellDepth--
						}
						if cellDepth == 0 {
							w.trimCell(cellFrom)
						}
					case lname == "tr" && cellDepth == 0:
						if len(rows) > 0 {
							rows = rows[:len(rows)-1]
						}
						w.newline(i)
					case lname == "list":
						if len(lists) > 0 {
							lists = lists[:len(lists)-1]
						}
						brk(i)
					case cdaBlock[lname] || lname == "content" && blockContent(tag):
						brk(i)
					}
				}
				stack = stack[:k]
				i = tagEnd
				continue
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1].name
			}
			el := element{name: name, region: region()}
			switch {
			case el.region == hidden:
			case el.region == narrative && lname == "content" && strings.EqualFold(xmlAttr(tag, "revised"), "delete"):
				el.region = hidden
			case el.region == plainBody && lname == "reference":
				stack[len(stack)-1].ref = xmlAttr(tag, "value")
			case el.region != outside:
				// inside a title or narrative block: markup of the text
			case name == "title" && parent == "section":
				el.region = title
			case name == "title" && parent == "ClinicalDocument":
				el.region = docTitle
			case name == "text" && parent == "section":
				el.region = narrative
			case name == "text" && parent == "nonXMLBody":
				if strings.EqualFold(xmlAttr(tag, "representation"), "B64") && !selfClosing {
					closeAt := indexRunes(r, tagEnd, "</")
					if closeAt < 0 {
						closeAt = n
					}
					if err := w.b64Body(string(r[tagEnd:closeAt]), xmlAttr(tag, "mediaType"), xmlAttr(tag, "compression"), tagEnd, closeAt); err != nil {
						return "", nil, nil, err
					}
					w.newline(closeAt)
					i = closeAt
					continue
				}
				el.region, el.from, el.media = plainBody, len(w.out), xmlAttr(tag, "mediaType")
			}
			if el.region == narrative && region() == narrative {
				switch {
				case lname == "tr":
					if cellDepth > 0 {
						brk(i) // a table inside a cell
					} else {
						w.newline(i)
						if !selfClosing {
							rows = append(rows, row{})
						}
					}
				case lname == "td" || lname == "th":
					if cellDepth > 0 {
						brk(i)
					} else {
						if len(rows) > 0 {
							if rows[len(rows)-1].cells > 0 {
								w.tab(i)
							}
							rows[len(rows)-1].cells++
						}
						cellFrom = len(w.out)
					}
					if !selfClosing {
						cellDepth++
					}
				case lname == "list":
					brk(i)
					if !selfClosing {
						lists = append(lists, list{ordered: strings.EqualFold(xmlAttr(tag, "listType"), "ordered")})
					}
				case lname == "item":
					brk(i)
					if len(lists) > 0 && lists[len(lists)-1].ordered {
						lists[len(lists)-1].items++
						for _, d := range strconv.Itoa(lists[len(lists)-1].items) + ". " {
							w.emit(d, i, i)
						}
					}
				case cdaBlock[lname] || lname == "content" && blockContent(tag):
					brk(i)
				}
			}
			if !selfClosing {
				stack = append(stack, el)
			}
			i = tagEnd
		case c == '&' && region() != outside && region() != hidden:
			if dec, next := charRef(r, i); dec != nil {
				for _, d := range dec {
					before := len(w.out)
					w.text(d, i, region() == plainBody)
					if len(w.out) > before {
						w.ends[len(w.ends)-1] = int32(next) // the whole reference
					}
				}
				i = next
				continue
			}
			w.text('&', i, region() == plainBody)
			i++
		default:
			if reg := region(); reg != outside && reg != hidden {
				w.text(c, i, reg == plainBody)
			}
			i++
		}
	}
	if root == "" {
		return "", nil, nil, fmt.Errorf("the XML has no root element")
	}
	for len(w.out) > 0 && isSpace(w.last()) {
		w.pop()
	}
	plain, starts, ends := w.result()
	return plain, starts, ends, nil
}

// errCDAEncoding marks a CDA body whose bytes cannot be decoded (bad base64, a broken
// compressed stream): a bad-encoding input, not an unsupported one.
var errCDAEncoding = errors.New("bad encoding")

// cdaWriter is the mapped output of stripCDA. Separators it adds (line breaks, tabs, "; ",
// list numbers) take no source characters (start == end): they are what trimming may
// take back.
type cdaWriter struct{ mapped }

func (w *cdaWriter) last() rune { return w.out[len(w.out)-1] }

func (w *cdaWriter) pop() {
	w.out, w.starts, w.ends = w.out[:len(w.out)-1], w.starts[:len(w.starts)-1], w.ends[:len(w.ends)-1]
}

// added: the last character is a separator stripCDA added.
func (w *cdaWriter) added() bool { return w.starts[len(w.starts)-1] == w.ends[len(w.ends)-1] }

// text writes one character of text at src position pos: as written in a nonXMLBody's
// text, with white space (a no-break space too) collapsed, as a browser shows it, in
// titles and narrative.
func (w *cdaWriter) text(c rune, pos int, asWritten bool) {
	if asWritten {
		if c != '\r' {
			w.emit(c, pos, pos+1)
		}
		return
	}
	if isSpace(c) || c == '\u00a0' {
		if len(w.out) > 0 && !isSpace(w.last()) {
			w.emit(' ', pos, pos+1)
		}
		return
	}
	w.emit(c, pos, pos+1)
}

// trimBlanks takes back the spaces and tabs at the end, and a "; " stripCDA added.
func (w *cdaWriter) trimBlanks() {
	for len(w.out) > 0 && (w.last() == ' ' || w.last() == '\t' || w.last() == ';' && w.added()) {
		w.pop()
	}
}

// newline ends the line (once), without blanks before the break.
func (w *cdaWriter) newline(pos int) {
	w.trimBlanks()
	if len(w.out) > 0 && w.last() != '\n' {
		w.emit('\n', pos, pos)
	}
}

// tab starts the next cell of a row.
func (w *cdaWriter) tab(pos int) {
	if len(w.out) > 0 && w.last() == ' ' {
		w.pop()
	}
	w.emit('\t', pos, pos)
}

// cellBreak separates two blocks inside a cell whose text starts at from: "; ", not at
// the cell's start nor twice.
func (w *cdaWriter) cellBreak(pos, from int) {
	if len(w.out) > from+1 && w.last() == ' ' && w.added() && w.out[len(w.out)-2] == ';' {
		return // a break already
	}
	for len(w.out) > from && w.last() == ' ' {
		w.pop()
	}
	if len(w.out) <= from || w.last() == ';' || w.last() == '\t' || w.last() == '\n' {
		return
	}
	w.emit(';', pos, pos)
	w.emit(' ', pos, pos)
}

// trimCell takes back the blanks and breaks at the end of a cell whose text starts at from.
func (w *cdaWriter) trimCell(from int) {
	for len(w.out) > from && (w.last() == ' ' || w.last() == ';' && w.added()) {
		w.pop()
	}
}

// finishBody reads a nonXMLBody's text written in the document from from on: HTML or RTF
// as a browser or word processor shows it (mapped through to the document), a reference
// alone as an error (the body is elsewhere).
func (w *cdaWriter) finishBody(from int, mediaType, ref string) error {
	body := string(w.out[from:])
	if strings.TrimSpace(body) == "" && ref != "" {
		return fmt.Errorf("the CDA nonXMLBody only refers to its content (%s), which notecoder does not fetch", ref)
	}
	var text string
	var s2, e2 []int32
	switch mt := bodyMediaType(mediaType); {
	case mt == "text/html" || mt == "application/xhtml+xml":
		text, s2, e2 = stripHTML(body)
	case isRTF(mt) || looksLikeRTF(body):
		text, s2, e2 = stripRTF(body)
	default:
		return nil
	}
	starts, ends := w.starts[from:], w.ends[from:]
	var m mapped
	for k, c := range []rune(text) {
		s, e := starts[min(int(s2[k]), len(starts)-1)], ends[max(0, min(int(e2[k]), len(ends))-1)]
		if s2[k] >= e2[k] { // a character the stripper added
			e = s
		}
		m.emit(c, int(s), int(max(s, e)))
	}
	w.out, w.starts, w.ends = append(w.out[:from], m.out...), append(w.starts[:from], m.starts...), append(w.ends[:from], m.ends...)
	return nil
}

// b64Body writes the text of a base64 nonXMLBody of the given media type (compressed as
// the compression attribute says: DF deflate, GZ gzip, ZL zlib), every character mapped
// to the encoded text's range [from, to).
func (w *cdaWriter) b64Body(data, mediaType, compression string, from, to int) error {
	data = strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(data)
	data = html.UnescapeString(data) // "&#13;" line ends some writers put between the lines
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(data), ""))
	if err != nil {
		return fmt.Errorf("%w: the CDA nonXMLBody's text is not valid base64", errCDAEncoding)
	}
	var zr io.Reader
	switch strings.ToUpper(strings.TrimSpace(compression)) {
	case "":
	case "DF":
		zr = flate.NewReader(bytes.NewReader(raw))
	case "GZ":
		if zr, err = gzip.NewReader(bytes.NewReader(raw)); err != nil {
			return fmt.Errorf("%w: the CDA nonXMLBody says it is gzip-compressed, but is not", errCDAEncoding)
		}
	case "ZL":
		if zr, err = zlib.NewReader(bytes.NewReader(raw)); err != nil {
			return fmt.Errorf("%w: the CDA nonXMLBody says it is zlib-compressed, but is not", errCDAEncoding)
		}
	default:
		return fmt.Errorf("the CDA nonXMLBody is compressed as %s, which notecoder does not read (it reads DF, GZ and ZL)", compression)
	}
	if zr != nil {
		if raw, err = io.ReadAll(io.LimitReader(zr, 64<<20)); err != nil {
			return fmt.Errorf("%w: the CDA nonXMLBody's %s-compressed text does not decompress: %v", errCDAEncoding, compression, err)
		}
	}
	declared := ""
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		declared = "utf-16"
	}
	src, _, err := decodeCharset(raw, declared)
	if err != nil {
		return err
	}
	var text string
	switch mt := bodyMediaType(mediaType); {
	case mt == "" || mt == "text/plain":
		text = src
		if looksLikeRTF(src) {
			text, _, _ = stripRTF(src)
		}
	case mt == "text/html" || mt == "application/xhtml+xml":
		text, _, _ = stripHTML(src)
	case isRTF(mt):
		text, _, _ = stripRTF(src)
	default:
		return fmt.Errorf("the CDA nonXMLBody holds %s, which notecoder does not read (it reads text/plain, text/html and text/rtf bodies)", mediaType)
	}
	for _, c := range text {
		if c != '\r' {
			w.emit(c, from, to)
		}
	}
	return nil
}

// bodyMediaType is a mediaType attribute's type, lower-cased, without parameters.
func bodyMediaType(mediaType string) string {
	mt := strings.ToLower(strings.TrimSpace(mediaType))
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	return mt
}

// blockContent: a <content> that its writer's stylesheet shows as a block (Allscripts'
// styleCode "xDiv").
func blockContent(tag string) bool {
	return strings.Contains(strings.ToLower(xmlAttr(tag, "styleCode")), "xdiv")
}

// cdaBlock: narrative-block elements (CDA's own and the XHTML names some systems write)
// that end a line.
var cdaBlock = map[string]bool{
	"paragraph": true, "br": true, "list": true, "item": true, "table": true, "tr": true, "caption": true,
	"thead": true, "tbody": true, "tfoot": true, "footnote": true, "p": true, "div": true, "li": true, "ul": true, "ol": true,
}

// xmlLocalName is an element's name without its namespace prefix ("cda:section" ->
// "section"), from the text of its tag.
func xmlLocalName(tag string) string {
	end := strings.IndexAny(tag, " \t\r\n/>")
	if end < 0 {
		end = len(tag)
	}
	name := tag[:end]
	if k := strings.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	return name
}

// xmlAttr is the value of attribute name (its local name) in the text of a tag, "" if
// absent; white space may stand around the "=".
func xmlAttr(tag, name string) string {
	for from := 0; ; {
		k := strings.Index(tag[from:], name)
		if k < 0 {
			return ""
		}
		k += from
		from = k + len(name)
		if k == 0 || !(isSpace(rune(tag[k-1])) || tag[k-1] == ':') {
			continue
		}
		rest := strings.TrimLeft(tag[from:], " \t\r\n")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
			continue
		}
		if e := strings.IndexByte(rest[1:], rest[0]); e >= 0 {
			return rest[1 : 1+e]
		}
		return ""
	}
}

// hasRunesAt: the ASCII text pat stands in r at i.
func hasRunesAt(r []rune, i int, pat string) bool {
	if i+len(pat) > len(r) {
		return false
	}
	for j := 0; j < len(pat); j++ {
		if r[i+j] != rune(pat[j]) {
			return false
		}
	}
	return true
}

// isCDAType: the media types a CDA document is sent as.
func isCDAType(mediaType string) bool {
	switch mediaType {
	case "application/xml", "text/xml", "application/hl7-v3+xml", "application/hl7-cda+xml", "application/cda+xml":
		return true
	}
	return false
}

// looksLikeCDA: text that opens as a CDA document does, whatever its label.
func looksLikeCDA(s string) bool {
	head := strings.TrimLeft(s, " \t\r\n\ufeff")
	if !strings.HasPrefix(head, "<") {
		return false
	}
	return strings.Contains(head[:min(len(head), 8192)], "ClinicalDocument")
}
