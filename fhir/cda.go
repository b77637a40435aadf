package fhir

import (
	"encoding/base64"
	"fmt"
	"html"
	"strings"
)

// C-CDA (HL7 CDA R2) is how US EHRs exchange documents: a US Core DocumentReference's
// attachment of contentType application/xml (or text/xml, application/hl7-v3+xml) with
// formatCode urn:hl7-org:sdwg:ccda-structuredBody:2.1 or ...:ccda-nonXMLBody:2.1.
// stripCDA reads what a clinician reads in one: the document's title, and each section's
// title and narrative block (<section><title>, <section><text>: paragraphs, lists and
// table rows end lines, table cells are tab-separated, and a section title ends in ":" on
// its own line, as a transcribed note writes its headings); or the text of a nonXMLBody.
// The header (patient, authors, addresses) and the coded entries are not the note's text
// and are left out. For each output character it records the range of src characters it
// came from, as stripHTML does; a nonXMLBody in base64 maps every character to the whole
// encoded text (its bytes are not the document's characters).
func stripCDA(src string) (string, []int32, []int32, error) {
	r := []rune(src)
	n := len(r)
	var m mapped
	const (
		outside   = iota
		title     // a section's title
		docTitle  // the document's title
		narrative // a section's narrative block
		plainBody // a nonXMLBody's text, as written
	)
	type element struct {
		name   string
		region int
	}
	var stack []element
	region := func() int {
		if len(stack) == 0 {
			return outside
		}
		return stack[len(stack)-1].region
	}
	lastIs := func(c rune) bool { return len(m.out) > 0 && m.out[len(m.out)-1] == c }
	newline := func(pos int) {
		if len(m.out) > 0 && !lastIs('\n') {
			if lastIs(' ') || lastIs('\t') { // no trailing blank before the break
				m.out, m.starts, m.ends = m.out[:len(m.out)-1], m.starts[:len(m.starts)-1], m.ends[:len(m.ends)-1]
			}
			if len(m.out) > 0 && !lastIs('\n') {
				m.emit('\n', pos, pos)
			}
		}
	}
	root := ""
	for i := 0; i < n; {
		c := r[i]
		switch {
		case c == '<' && hasRunesAt(r, i, "<!--"):
			end := indexRunes(r, i+4, "-->")
			if end < 0 {
				i = n
			} else {
				i = end + 3
			}
		case c == '<' && hasRunesAt(r, i, "<![CDATA["):
			end := indexRunes(r, i+9, "]]>")
			if end < 0 {
				end = n
			}
			if reg := region(); reg != outside {
				for j := i + 9; j < end; j++ {
					emitText(&m, r[j], j, reg == plainBody)
				}
			}
			i = min(end+3, n)
		case c == '<' && i+1 < n && (r[i+1] == '?' || r[i+1] == '!'):
			end := indexRunes(r, i+1, ">")
			if end < 0 {
				i = n
			} else {
				i = end + 1
			}
		case c == '<' && i+1 < n && (isASCIILetter(r[i+1]) || r[i+1] == '/' || r[i+1] == '_'):
			end := i + 1
			quote := rune(0)
			for end < n && (quote != 0 || r[end] != '>') {
				if quote == 0 && (r[end] == '"' || r[end] == '\'') {
					quote = r[end]
				} else if quote != 0 && r[end] == quote {
					quote = 0
				}
				end++
			}
			tag := string(r[i+1 : min(end, n)])
			closing := strings.HasPrefix(tag, "/")
			selfClosing := strings.HasSuffix(tag, "/")
			name := xmlLocalName(strings.TrimPrefix(tag, "/"))
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
				switch closed := stack[k]; {
				case closed.region == title && (k == 0 || stack[k-1].region != title):
					if !lastIs(':') && len(m.out) > 0 && !lastIs('\n') {
						m.emit(':', i, i)
					}
					newline(i)
				case closed.region != outside && (k == 0 || stack[k-1].region == outside):
					newline(i) // a narrative block or body text ends
				case closed.region == narrative && cdaBlock[strings.ToLower(name)]:
					newline(i)
				}
				stack = stack[:k]
				i = tagEnd
				continue
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1].name
			}
			reg := region()
			switch {
			case reg != outside:
				// inside a title or narrative block: markup of the text
			case name == "title" && parent == "section":
				reg = title
			case name == "title" && parent == "ClinicalDocument":
				reg = docTitle
			case name == "text" && parent == "section":
				reg = narrative
			case name == "text" && parent == "nonXMLBody":
				if strings.EqualFold(xmlAttr(tag, "representation"), "B64") {
					closeAt := indexRunes(r, tagEnd, "</")
					if closeAt < 0 {
						closeAt = n
					}
					if err := emitB64Body(&m, string(r[tagEnd:closeAt]), xmlAttr(tag, "mediaType"), tagEnd, closeAt); err != nil {
						return "", nil, nil, err
					}
					i = closeAt
					continue
				}
				reg = plainBody
			}
			if reg == narrative && len(stack) > 0 && stack[len(stack)-1].region == narrative {
				switch lname := strings.ToLower(name); {
				case lname == "td" || lname == "th":
					if len(m.out) > 0 && !lastIs('\n') { // not the row's first cell; an empty cell keeps its column
						if lastIs(' ') {
							m.out[len(m.out)-1] = '\t'
						} else {
							m.emit('\t', i, i)
						}
					}
				case cdaBlock[lname]:
					newline(i)
				}
			}
			if !selfClosing {
				stack = append(stack, element{name, reg})
			}
			i = tagEnd
		case c == '&' && region() != outside:
			end := i + 1
			for end < n && end-i < 32 && r[end] != ';' && r[end] != '&' && r[end] != '<' && !isSpace(r[end]) {
				end++
			}
			if end < n && r[end] == ';' {
				if dec := []rune(html.UnescapeString(string(r[i : end+1]))); len(dec) > 0 && string(dec) != string(r[i:end+1]) {
					for _, d := range dec {
						before := len(m.out)
						emitText(&m, d, i, region() == plainBody)
						if len(m.out) > before {
							m.ends[len(m.ends)-1] = int32(end + 1) // the whole reference
						}
					}
					i = end + 1
					continue
				}
			}
			emitText(&m, '&', i, region() == plainBody)
			i++
		default:
			if reg := region(); reg != outside {
				emitText(&m, c, i, reg == plainBody)
			}
			i++
		}
	}
	if root == "" {
		return "", nil, nil, fmt.Errorf("the XML has no root element")
	}
	for len(m.out) > 0 && isSpace(m.out[len(m.out)-1]) {
		m.out, m.starts, m.ends = m.out[:len(m.out)-1], m.starts[:len(m.starts)-1], m.ends[:len(m.ends)-1]
	}
	plain, starts, ends := m.result()
	return plain, starts, ends, nil
}

// emitText writes one character of text at src position pos: as written in a nonXMLBody's
// text, with white space collapsed (as a browser shows it) in titles and narrative.
func emitText(m *mapped, c rune, pos int, asWritten bool) {
	if asWritten {
		if c != '\r' {
			m.emit(c, pos, pos+1)
		}
		return
	}
	if isSpace(c) {
		if len(m.out) > 0 && !isSpace(m.out[len(m.out)-1]) {
			m.emit(' ', pos, pos+1)
		}
		return
	}
	m.emit(c, pos, pos+1)
}

// emitB64Body writes the text of a base64 nonXMLBody of the given media type, every
// character mapped to the encoded text's range [from, to).
func emitB64Body(m *mapped, data, mediaType string, from, to int) error {
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(data), ""))
	if err != nil {
		return fmt.Errorf("the CDA nonXMLBody's text is not valid base64")
	}
	src, _, err := decodeCharset(raw, "")
	if err != nil {
		return err
	}
	mt := strings.ToLower(strings.TrimSpace(mediaType))
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	var text string
	switch {
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
			m.emit(c, from, to)
		}
	}
	return nil
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

// xmlAttr is the value of attribute name (its local name) in the text of a tag, "" if absent.
func xmlAttr(tag, name string) string {
	for _, q := range []string{`"`, `'`} {
		for _, pre := range []string{" " + name + "=" + q, ":" + name + "=" + q, "\t" + name + "=" + q, "\n" + name + "=" + q} {
			if k := strings.Index(tag, pre); k >= 0 {
				v := tag[k+len(pre):]
				if e := strings.Index(v, q); e >= 0 {
					return v[:e]
				}
			}
		}
	}
	return ""
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
	return strings.Contains(head[:min(len(head), 2048)], "ClinicalDocument")
}
