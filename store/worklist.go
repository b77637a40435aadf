package store

import (
	"context"
	"encoding/json"
	"sort"
	"time"
)

// DocumentSummary is a read document on the review worklist.
type DocumentSummary struct {
	Document
	Findings []Finding
	// MinScore is the model's lowest confidence among the findings (1 with none).
	MinScore float64
	// Reviewed: a correction (a confirmation included) was stored for the document.
	Reviewed bool
}

// WorklistFilter selects the worklist (zero fields: any).
type WorklistFilter struct {
	Task       string  // documents with a finding of this task
	Value      string  // ... with this value (a smoking status, a condition code)
	MaxScore   float64 // documents whose lowest confidence is at most this (0: any)
	Unreviewed bool    // only documents no correction was stored for
	Limit      int     // most documents (0: 100)
	Recent     int     // how many of the most recently read documents to look at (0: 2000)
}

// Worklist returns recently read documents with their findings, lowest model confidence
// first, so that review time goes where the model is unsure.
func (s *Store) Worklist(ctx context.Context, f WorklistFilter) ([]DocumentSummary, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if f.Recent <= 0 {
		f.Recent = 2000
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT document_id, document_version, subject, model, sentences, read_at FROM documents
		ORDER BY read_at DESC, document_id LIMIT ?`), f.Recent)
	if err != nil {
		return nil, err
	}
	var docs []DocumentSummary
	index := map[string]int{}
	for rows.Next() {
		var d DocumentSummary
		var js string
		var at int64
		if err := rows.Scan(&d.DocumentID, &d.DocumentVersion, &d.Subject, &d.Model, &js, &at); err != nil {
			rows.Close()
			return nil, err
		}
		json.Unmarshal([]byte(js), &d.Sentences)
		d.Read, d.MinScore = fromMS(at), 1
		index[d.DocumentID] = len(docs)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, nil
	}
	oldest := docs[len(docs)-1].Read
	frows, err := s.db.QueryContext(ctx, s.q(`SELECT resource_id, document_id, document_version, subject, task, value, model, span_start, span_end, sentence, published_at, score
		FROM findings WHERE published_at >= ? ORDER BY span_start, resource_id`), ms(oldest.Add(-time.Minute)))
	if err != nil {
		return nil, err
	}
	for frows.Next() {
		var x Finding
		var at int64
		if err := frows.Scan(&x.ResourceID, &x.DocumentID, &x.DocumentVersion, &x.Subject, &x.Task, &x.Value, &x.Model, &x.Start, &x.End, &x.Sentence, &at, &x.Score); err != nil {
			frows.Close()
			return nil, err
		}
		x.Published = fromMS(at)
		if i, ok := index[x.DocumentID]; ok {
			docs[i].Findings = append(docs[i].Findings, x)
			docs[i].MinScore = min(docs[i].MinScore, x.Score)
		}
	}
	frows.Close()
	crows, err := s.db.QueryContext(ctx, s.q(`SELECT DISTINCT document_id FROM corrections WHERE received_at >= ?`), ms(oldest.Add(-time.Minute)))
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var id string
		if err := crows.Scan(&id); err == nil {
			if i, ok := index[id]; ok {
				docs[i].Reviewed = true
			}
		}
	}
	crows.Close()
	var out []DocumentSummary
	for _, d := range docs {
		if f.Unreviewed && d.Reviewed || f.MaxScore > 0 && d.MinScore > f.MaxScore {
			continue
		}
		if f.Task != "" {
			hit := false
			for _, x := range d.Findings {
				if x.Task == f.Task && (f.Value == "" || x.Value == f.Value) {
					hit = true
				}
			}
			if !hit {
				continue
			}
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].MinScore < out[j].MinScore })
	if len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
