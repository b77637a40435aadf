package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/consumers"
	"github.com/notecoder/notecoder/corrections"
	"github.com/notecoder/notecoder/nlp/findings"
	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/pipeline"
	"github.com/notecoder/notecoder/review"
	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
)

// recordPublished hands what was published to the training store (consumers.Config.Published).
func (svc *Service) recordPublished(ctx context.Context, docs []pipeline.DocResult) error {
	if svc.recorder == nil {
		return nil
	}
	return svc.recorder.Add(ctx, docs)
}

// currentModel names the model serving now.
func (svc *Service) currentModel() findings.Model {
	if svc.swap != nil {
		return svc.swap.Model()
	}
	if svc.batcher != nil {
		return svc.batcher.Model()
	}
	return findings.Model{Name: svc.model}
}

// ServingVersion is the store version serving now ("" when none was promoted).
func (svc *Service) ServingVersion() string {
	if s := svc.serving.Load(); s != nil {
		return s.version
	}
	return ""
}

// openVersion unpacks a stored version (sha256-verified; want, if set, must match the
// announced hash too) and loads it with serve's model settings.
func (svc *Service) openVersion(ctx context.Context, version, want string) (*models.Extractor, error) {
	if want != "" {
		m, err := svc.store.Model(ctx, version)
		if err != nil {
			return nil, err
		}
		if m.SHA256 != want {
			return nil, fmt.Errorf("version %s: the store's artifact has sha256 %s, the announcement %s", version, m.SHA256, want)
		}
	}
	dir, err := training.Materialize(ctx, svc.store, version, filepath.Join(svc.cfg.DataDir, "models"))
	if err != nil {
		return nil, err
	}
	ms := svc.cfg.Models
	ms.Dir = dir
	mex, _, err := OpenModels(ms)
	return mex, err
}

// Reload makes version serve: loaded beside the serving models, then swapped in between
// model calls (nothing in flight is lost or read twice: calls already running finish on
// the old models, whose results name them). A version already serving is left alone.
func (svc *Service) Reload(ctx context.Context, version, sha string) error {
	if svc.swap == nil || svc.store == nil {
		return errNoStore
	}
	svc.reloadMu.Lock()
	defer svc.reloadMu.Unlock()
	cur := svc.serving.Load()
	if cur != nil && cur.version == version {
		return nil
	}
	if cur != nil && cur.version == "" && strings.HasPrefix(svc.swap.Model().Version, version+"/") {
		// The first retrain registered the models serve started with as this version:
		// nothing to load.
		svc.serving.Store(&servingModel{version: version, name: cur.name})
		return nil
	}
	start := time.Now()
	mex, err := svc.openVersion(ctx, version, sha)
	if err != nil {
		return err
	}
	old := svc.swap.Swap(mex, mex.Close)
	m := mex.Model()
	svc.serving.Store(&servingModel{version: version, name: m.Name + " " + m.Version})
	svc.log.Info("hot reload: a promoted model serves now", "version", version, "model", m.Name+" "+m.Version,
		"previous", old.Name+" "+old.Version, "sha256", sha, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// runLearning starts the loop's background work: the corrections consumer, the
// announcements watcher and the store check (hot reload), the scheduled retraining and
// the store's retention.
func (svc *Service) runLearning(ctx context.Context) {
	l := svc.cfg.Learning
	go func() {
		if err := svc.corrections.Run(ctx); err != nil && ctx.Err() == nil {
			svc.log.Error("the corrections consumer stopped", "error", err.Error())
		}
	}()
	if svc.swap != nil {
		reload := func(version, sha, why string) {
			if err := svc.Reload(ctx, version, sha); err != nil && ctx.Err() == nil {
				svc.log.Error("could not load a promoted model; the current one keeps serving", "version", version, "via", why, "error", err.Error())
			}
		}
		if svc.cfg.Topics.Models != "" {
			go watchAnnouncements(ctx, svc.conn, svc.cfg.Topics.Models, svc.log, func(a Announcement) {
				if a.Task == training.RetrainTask {
					reload(a.Version, a.SHA256, "announcement")
				}
			})
		}
		go every(ctx, max(l.ModelCheck, time.Second), func() {
			v, ok, err := svc.store.Serving(ctx, training.RetrainTask)
			if err == nil && ok {
				reload(v, "", "store")
			}
		})
	}
	if (l.RetrainEvery > 0 || l.RetrainAfter > 0) && svc.swap != nil {
		go every(ctx, time.Minute/4, func() { svc.scheduledRetrain(ctx) })
	}
	go every(ctx, time.Hour, func() {
		if l.StoreRetention <= 0 && l.CorrectionsRetention <= 0 {
			return
		}
		var cut, ccut time.Time
		if l.StoreRetention > 0 {
			cut = time.Now().Add(-l.StoreRetention)
		}
		if l.CorrectionsRetention > 0 {
			ccut = time.Now().Add(-l.CorrectionsRetention)
		}
		if p, err := svc.store.Prune(ctx, cut, ccut); err != nil {
			svc.log.Warn("pruning the training store failed", "error", err.Error())
		} else if p.Findings+p.Documents+p.Corrections > 0 {
			svc.log.Info("training store pruned (retention)", "findings", p.Findings, "documents", p.Documents, "corrections", p.Corrections)
		}
	})
}

// retrainLease names the lease that lets one instance retrain at a time.
const retrainLease = "retrain-" + training.RetrainTask

// scheduledRetrain retrains when it is due and this instance gets the lease; a
// promotion is announced to every instance and loaded here at once.
func (svc *Service) scheduledRetrain(ctx context.Context) {
	l := svc.cfg.Learning
	due, why, err := RetrainDue(ctx, svc.store, l.RetrainEvery, l.RetrainAfter)
	if err != nil || !due {
		return
	}
	ok, err := svc.store.AcquireLease(ctx, retrainLease, svc.cfg.Instance, 30*time.Minute)
	if err != nil || !ok {
		return // another instance retrains
	}
	defer svc.store.ReleaseLease(context.Background(), retrainLease, svc.cfg.Instance)
	rep, err := svc.RetrainNow(ctx, "schedule on "+svc.cfg.Instance+" ("+why+")")
	if err != nil {
		svc.log.Error("scheduled retraining failed", "error", err.Error())
		return
	}
	svc.log.Info("scheduled retraining done", "summary", strings.TrimSpace(rep.Summary()))
}

// RetrainNow runs the loop once (whoever holds the lease) and, on a promotion,
// announces it and loads it here.
func (svc *Service) RetrainNow(ctx context.Context, by string) (training.RetrainReport, error) {
	if svc.store == nil || svc.swap == nil {
		return training.RetrainReport{}, errNoStore
	}
	base, err := BaseModelsDir(svc.cfg.Models)
	if err != nil {
		return training.RetrainReport{}, err
	}
	r, err := Retrainer(svc.cfg.Learning.Retrain, svc.store, base, filepath.Join(svc.cfg.DataDir, "learning"), svc.cfg.Models.Device, by)
	if err != nil {
		return training.RetrainReport{}, err
	}
	r.Out = logWriter(svc.log)
	rep, err := r.Run(ctx)
	if err != nil || !rep.Gate.Promoted {
		return rep, err
	}
	m, err := svc.store.Model(ctx, rep.Candidate.Version)
	if err != nil {
		return rep, err
	}
	if svc.cfg.Topics.Models != "" {
		ps, err := svc.store.Promotions(ctx, training.RetrainTask)
		if err == nil && len(ps) > 0 {
			if err := Announce(ctx, svc.conn, svc.cfg.Topics.Models, ps[len(ps)-1], m.SHA256); err != nil {
				svc.log.Warn("the promotion could not be announced; other instances pick it up from the store", "error", err.Error())
			}
		}
	}
	return rep, svc.Reload(ctx, m.Version, m.SHA256)
}

// logWriter logs each line written to it.
func logWriter(log interface{ Info(string, ...any) }) io.Writer {
	pr, pw := io.Pipe()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" {
				log.Info(line)
			}
		}
	}()
	return pw
}

// Handlers are serve's HTTP endpoints besides /metrics, /healthz and /readyz: POST
// /corrections when the training store is on.
func (svc *Service) Handlers() map[string]http.Handler {
	if svc.store == nil {
		return nil
	}
	h := &corrections.Handler{Intake: &corrections.Intake{Store: svc.store}, Token: svc.cfg.Learning.CorrectionsToken, Log: svc.log,
		DeadLetter: func(ctx context.Context, raw []byte, cause error) error {
			src := kafka.Message{Topic: "http:POST /corrections", Partition: -1, Offset: -1, Value: raw}
			errs := svc.writer.Send(ctx, []kafka.Message{svc.writer.DeadLetter(src, "", cause)})
			return errs[0]
		}}
	if svc.cfg.Learning.CorrectionsToken == "" {
		svc.log.Warn("POST /corrections refuses every request: no corrections token is configured (--corrections-token-file or NOTECODER_CORRECTIONS_TOKEN)")
	}
	out := map[string]http.Handler{"/corrections": h}
	if svc.review != nil {
		out["/review/"] = svc.review
	}
	return out
}

// openReview builds the review page (Learning.Review).
func (svc *Service) openReview() error {
	l := svc.cfg.Learning
	if l.ReviewUsers == "" {
		return configErrorf("--review needs --review-users FILE (lines of name:bcrypt-hash; 'notecoder review-user NAME' prints one)")
	}
	users, err := review.LoadUsers(l.ReviewUsers)
	if err != nil {
		return configErrorf("--review-users: %v", err)
	}
	topic := svc.cfg.Topics.Corrections
	srv := &review.Server{Store: svc.store, Intake: &corrections.Intake{Store: svc.store}, Users: users, Topic: topic,
		Insecure: l.ReviewInsecure, Log: svc.log,
		Publish: func(ctx context.Context, key, value []byte, sender string) error {
			errs := svc.writer.Send(ctx, []kafka.Message{{Topic: topic, Key: key, Value: value,
				Headers: []kafka.Header{{Key: consumers.HeaderSender, Value: []byte(sender)}, {Key: "content-type", Value: []byte("application/json")}}}})
			return errs[0]
		}}
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	svc.review = h
	svc.log.Info("review page on: /review/ (it keeps note text in the training store)", "users", len(users))
	return nil
}

// Store is the training store (nil when off).
func (svc *Service) Store() *store.Store { return svc.store }
