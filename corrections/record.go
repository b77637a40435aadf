package corrections

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/store"
)

// Published turns the documents serve published (with pipeline.Config.KeepEvidence)
// into what the training store keeps for tying corrections back.
func Published(docs []pipeline.DocResult, at time.Time) ([]store.Finding, []store.Document) {
	var fs []store.Finding
	var ds []store.Document
	for _, d := range docs {
		if d.Err != nil || d.Stale || d.Skipped != "" || d.Withdrawn {
			continue
		}
		model := d.Model.Name + " " + d.Model.Version
		for _, e := range d.Evidence {
			fs = append(fs, store.Finding{ResourceID: e.ResourceID, DocumentID: d.DocumentID, DocumentVersion: d.VersionID, Subject: d.Subject,
				Task: e.Task, Value: e.Value, Model: model, Start: e.Span.Start, End: e.Span.End, Sentence: e.Sentence, Score: e.Score, Published: at})
		}
		doc := store.Document{DocumentID: d.DocumentID, DocumentVersion: d.VersionID, Subject: d.Subject, Model: model, Text: d.Text, Read: at}
		for _, s := range d.Sentences {
			doc.Sentences = append(doc.Sentences, store.Sentence{Start: s.Span.Start, End: s.Span.End, Text: s.Text})
		}
		ds = append(ds, doc)
	}
	return fs, ds
}

// Recorder writes what serve published to the training store in the background, in
// batches (one transaction per batch), so that the consumer does not wait for the
// database per message. Add blocks when MaxPending documents wait (the store is slow or
// down); Close writes what is left. What is pending when the process dies is lost: the
// corrections of those findings are then dead-lettered as unresolved (rare; the messages
// not yet committed are read again and recorded anew).
type Recorder struct {
	store *store.Store
	log   *slog.Logger
	in    chan []pipeline.DocResult
	done  chan struct{}
	once  sync.Once
}

// MaxPending bounds the published messages waiting to be recorded.
const MaxPending = 4096

// NewRecorder starts recording into s.
func NewRecorder(s *store.Store, log *slog.Logger) *Recorder {
	r := &Recorder{store: s, log: log, in: make(chan []pipeline.DocResult, MaxPending), done: make(chan struct{})}
	go r.run()
	return r
}

// Add queues the documents of one published message.
func (r *Recorder) Add(ctx context.Context, docs []pipeline.DocResult) error {
	select {
	case r.in <- docs:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close writes what is queued and stops.
func (r *Recorder) Close() {
	r.once.Do(func() { close(r.in) })
	<-r.done
}

func (r *Recorder) run() {
	defer close(r.done)
	var batch []pipeline.DocResult
	flush := func() {
		if len(batch) == 0 {
			return
		}
		fs, ds := Published(batch, time.Now())
		for attempt := 0; ; attempt++ {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			err := r.store.RecordPublished(ctx, fs, ds)
			cancel()
			if err == nil {
				break
			}
			if attempt == 4 {
				r.log.Error("could not record published findings in the training store; corrections of them will be dead-lettered as unresolved",
					"documents", len(ds), "error", err.Error())
				break
			}
			r.log.Warn("recording published findings in the training store failed; retrying", "error", err.Error())
			time.Sleep(time.Duration(attempt+1) * time.Second)
		}
		batch = batch[:0]
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case docs, ok := <-r.in:
			if !ok {
				flush()
				return
			}
			batch = append(batch, docs...)
			if len(batch) >= 512 {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}
