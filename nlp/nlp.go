// Package nlp owns turning note text into findings: the Extractor interface the
// pipeline and the CLI use, with its implementations in subpackages (rules: the
// keyword-and-negation baseline; the gotch models join it). It knows nothing of Kafka
// or FHIR wire formats; findings.Findings is its whole output.
package nlp

import (
	"context"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// Input is one note to read.
type Input struct {
	Text string
	// Date is when the note was written (zero if unknown); "quit 6 months ago" is judged
	// against it (i2b2: current = smoked within the year before the note).
	Date time.Time
}

// Extractor finds smoking status, cardiology conditions and LVEF in notes. Extract
// returns one Findings per input, in order, with spans into Input.Text. Errors are
// transient (a model worker failed): the caller retries.
type Extractor interface {
	Extract(ctx context.Context, in []Input) ([]findings.Findings, error)
	Model() findings.Model
}

// ParseDate reads a FHIR date/dateTime ("2024", "2024-03", "2024-03-05", or with time).
func ParseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
