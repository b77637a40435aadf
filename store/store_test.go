package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/notecoder/notecoder/nlp/findings"
)

// stores opens a fresh store of every kind the test run has: SQLite always, PostgreSQL
// when NOTECODER_TEST_POSTGRES names a server (make test starts one with
// scripts/postgres.sh); each PostgreSQL test gets its own schema-free database.
func stores(t *testing.T) map[string]*Store {
	t.Helper()
	ctx := context.Background()
	out := map[string]*Store{}
	s, err := Open(ctx, filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	out["sqlite"] = s
	if dsn := os.Getenv("NOTECODER_TEST_POSTGRES"); dsn != "" {
		out["postgres"] = freshPostgres(t, dsn)
	} else if os.Getenv("CI") != "" {
		t.Fatal("NOTECODER_TEST_POSTGRES is not set: make test starts PostgreSQL (scripts/postgres.sh) and sets it")
	}
	return out
}

// freshPostgres creates a database for this test on the server and opens it.
func freshPostgres(t *testing.T, dsn string) *Store {
	t.Helper()
	ctx := context.Background()
	admin, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", redact(dsn), err)
	}
	defer admin.Close()
	name := fmt.Sprintf("nc_test_%d", time.Now().UnixNano())
	if _, err := admin.db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	i := strings.LastIndex(dsn, "/")
	rest := dsn[i+1:]
	q := ""
	if j := strings.Index(rest, "?"); j >= 0 {
		q = rest[j:]
	}
	s, err := Open(ctx, dsn[:i+1]+name+q)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		if a, err := Open(ctx, dsn); err == nil {
			a.db.ExecContext(ctx, "DROP DATABASE "+name)
			a.Close()
		}
	})
	return s
}

func TestOpenMigratesTheSchema(t *testing.T) {
	for kind, s := range stores(t) {
		v, err := s.SchemaVersion(context.Background())
		if err != nil || v != 2 {
			t.Errorf("%s: schema version %d, %v; want 2", kind, v, err)
		}
	}
	// Opening again finds the schema in place.
	path := filepath.Join(t.TempDir(), "again.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		s.Close()
	}
}

func TestOpenSaysWhatIsWrong(t *testing.T) {
	_, err := Open(context.Background(), "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "reachable") {
		t.Errorf("unreachable PostgreSQL: %v; want an error naming the server without its password", err)
	}
}

func TestCorrectionsAreStoredOnceAndTiedBack(t *testing.T) {
	ctx := context.Background()
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			now := time.Now().UTC().Truncate(time.Millisecond)
			f := Finding{ResourceID: "nc-obs-1", DocumentID: "doc-1", DocumentVersion: "2", Subject: "Patient/p1", Task: findings.TaskSmoking,
				Value: "CURRENT SMOKER", Model: "notecoder-smoking 0.3.0", Start: 10, End: 40, Sentence: "She is a nonsmoker.", Published: now}
			d := Document{DocumentID: "doc-1", DocumentVersion: "2", Subject: "Patient/p1", Model: "m",
				Sentences: []Sentence{{Start: 10, End: 40, Text: "She is a nonsmoker."}}, Read: now}
			if err := s.RecordPublished(ctx, []Finding{f}, []Document{d}); err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.FindingByID(ctx, "nc-obs-1")
			if err != nil || !ok || got != f {
				t.Fatalf("finding: %+v %v %v; want %+v", got, ok, err, f)
			}
			gd, ok, err := s.DocumentByID(ctx, "doc-1")
			if err != nil || !ok || gd.Sentences[0].Text != "She is a nonsmoker." || gd.Subject != "Patient/p1" {
				t.Fatalf("document: %+v %v %v", gd, ok, err)
			}
			if _, ok, _ := s.FindingByID(ctx, "nc-nope"); ok {
				t.Error("a finding never published was found")
			}
			c := Correction{Source: "kafka-fhir", Sender: "Practitioner/dr-a", Task: findings.TaskSmoking, Action: findings.ActionSet, ResourceID: f.ResourceID,
				DocumentID: f.DocumentID, DocumentVersion: f.DocumentVersion, Subject: f.Subject, Model: f.Model, Previous: f.Value,
				Value: "NON-SMOKER", Start: f.Start, End: f.End, Sentence: f.Sentence, Raw: []byte(`{"resourceType":"Observation"}`)}
			id1, new1, err := s.AddCorrection(ctx, c)
			if err != nil || !new1 {
				t.Fatalf("first: %v %v", new1, err)
			}
			c.Source, c.Sender = "http", "someone else" // the same correction, again
			id2, new2, err := s.AddCorrection(ctx, c)
			if err != nil || new2 || id2 != id1 {
				t.Fatalf("second: id %s new %v %v; want %s, not new", id2, new2, err, id1)
			}
			c.Value = "PAST SMOKER" // a different correction of the same finding
			if _, new3, _ := s.AddCorrection(ctx, c); !new3 {
				t.Error("a different correction was taken for a duplicate")
			}
			cs, err := s.Corrections(ctx, CorrectionFilter{Task: findings.TaskSmoking})
			if err != nil || len(cs) != 2 {
				t.Fatalf("corrections: %d, %v; want 2", len(cs), err)
			}
			if cs[0].ID != id1 || cs[0].Sender != "Practitioner/dr-a" || string(cs[0].Raw) != `{"resourceType":"Observation"}` || cs[0].Sentence != f.Sentence {
				t.Errorf("stored correction: %+v", cs[0])
			}
			if n, _ := s.CountCorrections(ctx, findings.TaskCondition, time.Time{}); n != 0 {
				t.Errorf("condition corrections: %d", n)
			}
			if n, _ := s.CountCorrections(ctx, "", now.Add(-time.Minute)); n != 2 {
				t.Errorf("recent corrections: %d", n)
			}
		})
	}
}

func TestPurgeAndRetentionForgetPHI(t *testing.T) {
	ctx := context.Background()
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			old := time.Now().Add(-48 * time.Hour)
			recent := time.Now()
			var fs []Finding
			var ds []Document
			for i, subj := range []string{"Patient/a", "Patient/a", "Patient/b"} {
				at := recent
				if i == 2 {
					at = old
				}
				doc := fmt.Sprintf("doc-%d", i)
				fs = append(fs, Finding{ResourceID: fmt.Sprintf("r-%d", i), DocumentID: doc, DocumentVersion: "1", Subject: subj, Task: findings.TaskCondition, Value: "I10", Published: at})
				ds = append(ds, Document{DocumentID: doc, DocumentVersion: "1", Subject: subj, Read: at})
				if _, _, err := s.AddCorrection(ctx, Correction{Task: findings.TaskCondition, Action: findings.ActionRefute, ResourceID: fmt.Sprintf("r-%d", i), DocumentID: doc, Subject: subj, Received: at}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.RecordPublished(ctx, fs, ds); err != nil {
				t.Fatal(err)
			}
			p, err := s.PurgeSubject(ctx, "Patient/a")
			if err != nil || p != (Purged{Findings: 2, Documents: 2, Corrections: 2}) {
				t.Fatalf("purge: %+v %v", p, err)
			}
			if _, ok, _ := s.FindingByID(ctx, "r-0"); ok {
				t.Error("a purged patient's finding is still there")
			}
			p, err = s.Prune(ctx, time.Now().Add(-24*time.Hour), time.Time{})
			if err != nil || p != (Purged{Findings: 1, Documents: 1}) {
				t.Fatalf("prune keeping corrections: %+v %v", p, err)
			}
			p, err = s.Prune(ctx, time.Now().Add(-24*time.Hour), time.Now().Add(-24*time.Hour))
			if err != nil || p.Corrections != 1 {
				t.Fatalf("prune of corrections: %+v %v", p, err)
			}
		})
	}
}

func TestModelRegistryPromotesAndRollsBack(t *testing.T) {
	ctx := context.Background()
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			add := func(v, status string, at time.Time) {
				if _, err := s.AddModel(ctx, ModelVersion{Version: v, Task: findings.TaskSmoking, Status: status, Created: at, Report: "{}"}, []byte("artifact "+v)); err != nil {
					t.Fatal(err)
				}
			}
			t0 := time.Now().Add(-time.Hour)
			add("0.3.0", StatusCandidate, t0)
			add("0.3.0-r1", StatusCandidate, t0.Add(time.Minute))
			add("0.3.0-r2", StatusRejected, t0.Add(2*time.Minute))
			if _, ok, _ := s.Serving(ctx, findings.TaskSmoking); ok {
				t.Fatal("a model serves before any promotion")
			}
			if _, err := s.Rollback(ctx, findings.TaskSmoking, "ops"); err == nil {
				t.Error("rollback with nothing promoted succeeded")
			}
			for _, v := range []string{"0.3.0", "0.3.0-r1"} {
				if _, err := s.Promote(ctx, v, "gate", "better", false); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Promote(ctx, "0.3.0-r2", "ops", "", false); err == nil || !strings.Contains(err.Error(), "--force") {
				t.Errorf("promoting a rejected version: %v; want a refusal naming --force", err)
			}
			if _, err := s.Promote(ctx, "9.9", "ops", "", false); !errors.Is(err, ErrNotFound) {
				t.Errorf("promoting an unknown version: %v", err)
			}
			if v, _, _ := s.Serving(ctx, findings.TaskSmoking); v != "0.3.0-r1" {
				t.Fatalf("serving %s; want 0.3.0-r1", v)
			}
			p, err := s.Rollback(ctx, findings.TaskSmoking, "ops")
			if err != nil || p.Version != "0.3.0" {
				t.Fatalf("rollback: %+v %v", p, err)
			}
			if _, err := s.Rollback(ctx, findings.TaskSmoking, "ops"); err == nil {
				t.Error("a second rollback went forth to the rolled-back version")
			}
			ms, err := s.Models(ctx, findings.TaskSmoking)
			if err != nil || len(ms) != 3 {
				t.Fatalf("models: %v %v", ms, err)
			}
			if !ms[0].Serving || ms[1].Status != StatusRolledBack || ms[2].Status != StatusRejected {
				t.Errorf("models: %+v", ms)
			}
			b, sum, err := s.Artifact(ctx, "0.3.0-r1")
			if err != nil || string(b) != "artifact 0.3.0-r1" || sum != ms[1].SHA256 {
				t.Errorf("artifact: %q %s %v", b, sum, err)
			}
			// A damaged artifact is refused.
			if _, err := s.db.ExecContext(ctx, s.q(`UPDATE models SET artifact = ? WHERE version = ?`), []byte("tampered"), "0.3.0"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Artifact(ctx, "0.3.0"); err == nil || !strings.Contains(err.Error(), "sha256") {
				t.Errorf("tampered artifact: %v", err)
			}
		})
	}
}

func TestOneInstanceHoldsTheLease(t *testing.T) {
	ctx := context.Background()
	for kind, s := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			won := 0
			for i := 0; i < 4; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					ok, err := s.AcquireLease(ctx, "retrain", fmt.Sprintf("instance-%d", i), time.Minute)
					if err != nil {
						t.Error(err)
					}
					if ok {
						mu.Lock()
						won++
						mu.Unlock()
					}
				}(i)
			}
			wg.Wait()
			if won != 1 {
				t.Fatalf("%d instances hold the lease; want 1", won)
			}
			if ok, _ := s.AcquireLease(ctx, "other", "a", -time.Second); !ok {
				t.Fatal("a free lease was refused")
			}
			if ok, _ := s.AcquireLease(ctx, "other", "b", time.Minute); !ok {
				t.Error("an expired lease was not taken over")
			}
			if ok, _ := s.AcquireLease(ctx, "other", "a", time.Minute); ok {
				t.Error("a lease held by b was taken by a")
			}
			if err := s.ReleaseLease(ctx, "other", "b"); err != nil {
				t.Fatal(err)
			}
			if ok, _ := s.AcquireLease(ctx, "other", "a", time.Minute); !ok {
				t.Error("a released lease was refused")
			}
		})
	}
}

func TestHeldOutIsStableAndAboutOneInFour(t *testing.T) {
	n := 0
	for i := 0; i < 2000; i++ {
		c := Correction{Task: findings.TaskSmoking, Action: findings.ActionSet, ResourceID: fmt.Sprint("r", i), Value: "NON-SMOKER"}
		if c.HeldOut() != c.HeldOut() {
			t.Fatal("unstable")
		}
		if c.HeldOut() {
			n++
		}
	}
	if n < 400 || n > 600 {
		t.Errorf("%d of 2000 held out; want about 500", n)
	}
}

// Instances that open a new store at the same moment all find it migrated (the schema
// is created once, not once per instance).
func TestConcurrentOpeningMigratesOnce(t *testing.T) {
	var dsns []string
	if dsn := os.Getenv("NOTECODER_TEST_POSTGRES"); dsn != "" {
		s := freshPostgres(t, dsn)
		dsns = append(dsns, s.dsn)
		s.Close()
	}
	for round := 0; round < 5; round++ {
		dsns = append(dsns, filepath.Join(t.TempDir(), fmt.Sprintf("shared-%d.db", round)))
	}
	for _, dsn := range dsns {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(context.Background(), dsn)
				if err == nil {
					s.Close()
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("%s: %v", redact(dsn), err)
			}
		}
	}
}
