// Package training owns notecoder's datasets (the i2b2 2006 smoking-status XML, the
// annotated entity JSONL), evaluation against them, and (to come) training loops, the
// synthetic generator and the model registry. It never serves traffic.
package training

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/notecoder/notecoder/nlp/findings"
)

// SmokingRecord is one labelled note of the i2b2 2006 smoking-status task.
type SmokingRecord struct {
	ID     string
	Status findings.SmokingStatus
	Text   string
	// Evidence (optional, notecoder's real sets have it): the exact quotes that decide the
	// label, as <EVIDENCE> elements of the record.
	Evidence []string
}

// ReadI2B2 reads the i2b2 2006 smoking-status XML:
// <ROOT><RECORD ID=".."><SMOKING STATUS=".."/><TEXT>..</TEXT></RECORD>...</ROOT>.
// Every record must have an id, a known label and text; errors name the record.
func ReadI2B2(r io.Reader) ([]SmokingRecord, error) {
	var doc struct {
		Records []struct {
			ID      string `xml:"ID,attr"`
			Smoking []struct {
				Status string `xml:"STATUS,attr"`
			} `xml:"SMOKING"`
			Text     string   `xml:"TEXT"`
			Evidence []string `xml:"EVIDENCE"`
		} `xml:"RECORD"`
	}
	dec := xml.NewDecoder(r)
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("i2b2 XML: %w", err)
	}
	seen := map[string]bool{}
	out := make([]SmokingRecord, 0, len(doc.Records))
	for i, rec := range doc.Records {
		where := fmt.Sprintf("record %d", i+1)
		if rec.ID != "" {
			where = fmt.Sprintf("record %q", rec.ID)
		}
		switch {
		case rec.ID == "":
			return nil, fmt.Errorf("i2b2 XML: %s has no ID attribute", where)
		case seen[rec.ID]:
			return nil, fmt.Errorf("i2b2 XML: %s appears twice", where)
		case len(rec.Smoking) != 1:
			return nil, fmt.Errorf("i2b2 XML: %s has %d SMOKING elements, want 1", where, len(rec.Smoking))
		case strings.TrimSpace(rec.Text) == "":
			return nil, fmt.Errorf("i2b2 XML: %s has no TEXT", where)
		}
		st, err := findings.ParseSmokingStatus(strings.TrimSpace(rec.Smoking[0].Status))
		if err != nil {
			return nil, fmt.Errorf("i2b2 XML: %s: %w", where, err)
		}
		seen[rec.ID] = true
		text := strings.Trim(rec.Text, "\n")
		for _, q := range rec.Evidence {
			if !strings.Contains(text, q) {
				return nil, fmt.Errorf("i2b2 XML: %s: evidence %q is not in the text", where, q)
			}
		}
		out = append(out, SmokingRecord{ID: rec.ID, Status: st, Text: text, Evidence: rec.Evidence})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("i2b2 XML: no RECORD elements")
	}
	return out, nil
}

// ReadI2B2File reads an i2b2 XML file.
func ReadI2B2File(path string) ([]SmokingRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := ReadI2B2(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, nil
}

// WriteI2B2File writes records to an i2b2 XML file (WriteI2B2), replacing it.
func WriteI2B2File(path string, recs []SmokingRecord) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteI2B2(f, recs); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteI2B2 writes records in the i2b2 2006 smoking-status XML format, with their
// evidence quotes (notecoder's real sets) as <EVIDENCE> elements.
func WriteI2B2(w io.Writer, recs []SmokingRecord) error {
	var b strings.Builder
	b.WriteString(xml.Header + "<ROOT>\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "<RECORD ID=%q>\n<SMOKING STATUS=%q></SMOKING>\n", r.ID, string(r.Status))
		for _, q := range r.Evidence {
			b.WriteString("<EVIDENCE>")
			if err := xml.EscapeText(&b, []byte(q)); err != nil {
				return err
			}
			b.WriteString("</EVIDENCE>\n")
		}
		b.WriteString("<TEXT>\n")
		if err := xml.EscapeText(&b, []byte(r.Text)); err != nil {
			return err
		}
		b.WriteString("\n</TEXT>\n</RECORD>\n")
	}
	b.WriteString("</ROOT>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
