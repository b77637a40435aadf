package main

import (
	"cmp"
	"os"

	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/notecoder/notecoder/review"
	"golang.org/x/term"

	"github.com/notecoder/notecoder/app"
	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/store"
	"github.com/notecoder/notecoder/training"
)

func init() {
	register(command{name: "retrain", summary: "run the learning loop once: train a candidate on the base data plus the corrections, promote it only if the gate lets it through", run: runRetrain})
	register(command{name: "models", summary: "list the model versions of the training store, promote one, or roll back", run: runModels})
	register(command{name: "review-user", summary: "print a users-file line (name:bcrypt-hash) for the review page, the password read from standard input", run: runReviewUser})
	register(command{name: "purge", summary: "delete everything the training store holds about one patient (findings, sentences, corrections)", run: runPurge})
}

func runPurge(args []string, stdout, _ io.Writer) error {
	s := newServeSettings("purge", "purge --subject Patient/ID [serve flags]\n\n"+
		"Deletes from the training store (--store) every published finding, kept sentence and\n"+
		"correction of one patient, in one transaction, and says how many. Model versions\n"+
		"already trained on their corrections keep what they learnt ('models rollback' past them\n"+
		"if that matters). Takes serve's flags and environment, so it sees the store serve uses.", stdout)
	subject := s.fs.String("subject", "", "the patient reference, exactly as the documents give it (e.g. Patient/123)")
	if err := s.parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*subject) == "" {
		return usageErrorf("--subject is required: the patient reference, e.g. --subject Patient/123")
	}
	ctx := context.Background()
	st, err := s.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.PurgeSubject(ctx, *subject)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "purged %s from %s: %d findings, %d documents' sentences, %d corrections\n", *subject, st.Where(), p.Findings, p.Documents, p.Corrections)
	return nil
}

// openStore opens the training store serve's settings name.
func (s *serveSettings) openStore(ctx context.Context) (*store.Store, error) {
	l := s.learning()
	if !l.Enabled() {
		return nil, usageErrorf("the training store is off (--store off): there is nothing to retrain or list")
	}
	return store.Open(ctx, l.StorePath(s.DataDir))
}

// announce tells serve instances about a promotion on the models topic when Kafka is
// configured; without --brokers they pick it up from the store within ModelCheck.
func (s *serveSettings) announce(ctx context.Context, st *store.Store, p store.Promotion, out io.Writer) error {
	m, err := st.Model(ctx, p.Version)
	if err != nil {
		return err
	}
	if len(s.brokerList()) == 0 {
		fmt.Fprintf(out, "no --brokers: serve instances load %s from the store within 30 s\n", p.Version)
		return nil
	}
	tlsCfg, mech, err := s.security()
	if err != nil {
		return usageErrorf("%v", err)
	}
	conn := broker.Conn{Brokers: s.brokerList(), TLS: tlsCfg, SASL: mech}
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := app.Announce(actx, conn, s.ModelsTopic, p, m.SHA256); err != nil {
		return fmt.Errorf("%w (the promotion is stored: instances still load it from the store within 30 s)", err)
	}
	fmt.Fprintf(out, "announced %s on %s: every serve instance loads it now\n", p.Version, s.ModelsTopic)
	return nil
}

func runRetrain(args []string, stdout, stderr io.Writer) error {
	s := newServeSettings("retrain", "retrain [--force] [--json] [serve flags]\n\n"+
		"Runs the learning loop once, now: a candidate smoking model is trained on the base data\n"+
		"(--base-data, --synthetic) plus the clinicians' corrections in the training store\n"+
		"(--store), scored with the serving version on the gold set (--gold) and on the\n"+
		"corrections held out of training, and promoted only if gold macro-F1 drops by at most\n"+
		"--max-gold-drop and accuracy on the held-out corrections improves. Either way the\n"+
		"candidate is kept in the store with its scores and the reason. A promotion is\n"+
		"announced on --models-topic when --brokers is given. The report goes to\n"+
		"<data-dir>/learning/reports/<version>/ (report.json, summary.txt, progress.png).\n"+
		"Takes serve's flags and environment, so it sees the store serve uses.", stdout)
	force := s.fs.Bool("force", false, "train a candidate even when no correction came since the last one")
	asJSON := s.fs.Bool("json", false, "print the report as JSON instead of the summary")
	if err := s.parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	st, err := s.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	base, err := app.BaseModelsDir(app.ModelSettings{Dir: s.Models})
	if err != nil {
		return err
	}
	ld := s.learning()
	r, err := app.Retrainer(ld.Retrain, st, base, filepath.Join(s.DataDir, "learning"), s.Device, "notecoder retrain")
	if err != nil {
		return err
	}
	r.Force, r.Out, r.Progress = *force, stderr, stderr
	holder := "retrain/" + instanceName()
	ok, err := st.AcquireLease(ctx, "retrain-"+training.RetrainTask, holder, 30*time.Minute)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("another instance is retraining now (the store's lease is taken); try again when it is done")
	}
	defer st.ReleaseLease(context.Background(), "retrain-"+training.RetrainTask, holder)
	rep, err := r.Run(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprint(stdout, rep.Summary())
	}
	if rep.Gate.Promoted {
		ps, err := st.Promotions(ctx, training.RetrainTask)
		if err != nil {
			return err
		}
		return s.announce(ctx, st, ps[len(ps)-1], stderr)
	}
	return nil
}

func runModels(args []string, stdout, stderr io.Writer) error {
	s := newServeSettings("models", "models list [--json] | models promote VERSION [--force] [--reason TEXT] | models rollback [serve flags]\n\n"+
		"list: every model version of the training store with its gate scores, status and the\n"+
		"reason, and which one serves (*). promote: make VERSION serve (a rejected one only\n"+
		"with --force). rollback: make the version that served before serve again. Promotions\n"+
		"and rollbacks are announced on --models-topic when --brokers is given; without,\n"+
		"serve instances pick them up from the store within 30 s.", stdout)
	asJSON := s.fs.Bool("json", false, "list: print JSON")
	force := s.fs.Bool("force", false, "promote: even a version the gate rejected")
	reason := s.fs.String("reason", "", "promote: why, for the promotion history (a rollback records what it rolled back from)")
	// Words and flags in any order ("models promote 1.0.0-r2 --force"): flag stops at
	// the first word, so parse again after each.
	var words []string
	s.given = map[string]bool{}
	for {
		given, err := parseFlagsArgs(s.fs, args, true)
		if err != nil {
			return err
		}
		for k := range given {
			s.given[k] = true
		}
		if s.fs.NArg() == 0 {
			break
		}
		words = append(words, s.fs.Arg(0))
		args = s.fs.Args()[1:]
	}
	if err := s.validate(); err != nil {
		return err
	}
	if len(words) == 0 {
		return usageErrorf("say what to do: models list, models promote VERSION or models rollback")
	}
	ctx := context.Background()
	st, err := s.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	who := "notecoder models (" + instanceName() + ")"
	switch words[0] {
	case "list":
		if len(words) != 1 {
			return usageErrorf("models list takes no argument")
		}
		ms, err := st.Models(ctx, training.RetrainTask)
		if err != nil {
			return err
		}
		if *asJSON {
			if ms == nil {
				ms = []store.ModelVersion{}
			}
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(ms)
		}
		if len(ms) == 0 {
			fmt.Fprintln(stdout, "no model versions yet: the first 'notecoder retrain' (or scheduled retrain) registers the serving model and trains a candidate")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "\tVERSION\tSTATUS\tGOLD MACRO-F1\tHELD-OUT CORR. ACC.\tCORRECTIONS\tCREATED\tREASON")
		for _, m := range ms {
			mark := ""
			if m.Serving {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%.3f\t%d\t%s\t%s\n", mark, m.Version, m.Status, m.GoldMacroF1, m.CorrectionsAcc, m.CorrectionsUsed,
				m.Created.Format(time.RFC3339), m.Reason)
		}
		return tw.Flush()
	case "promote":
		if len(words) != 2 {
			return usageErrorf("models promote takes one VERSION ('notecoder models list' shows them)")
		}
		p, err := st.Promote(ctx, words[1], who, cmp.Or(*reason, "promoted by hand"), *force)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s serves now (promotion %d)\n", p.Version, p.Seq)
		return s.announce(ctx, st, p, stderr)
	case "rollback":
		if len(words) != 1 {
			return usageErrorf("models rollback takes no argument")
		}
		p, err := st.Rollback(ctx, training.RetrainTask, who)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rolled back: %s serves now (%s)\n", p.Version, p.Reason)
		return s.announce(ctx, st, p, stderr)
	}
	return usageErrorf("unknown models action %q: want list, promote or rollback", words[0])
}

func runReviewUser(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("review-user", "review-user NAME < password\n\n"+
		"Reads a password from standard input (typed without echo on a terminal) and prints\n"+
		"NAME:bcrypt-hash, a line for the file --review-users names. Passwords are never stored\n"+
		"in clear.", stdout)
	if _, err := parseFlagsArgs(fs, args, true); err != nil {
		return err
	}
	if fs.NArg() != 1 || strings.ContainsAny(fs.Arg(0), ": \t") {
		return usageErrorf("give one user NAME (no colon or space), e.g. notecoder review-user dr-smith")
	}
	var pw string
	if term.IsTerminal(int(os.Stdin.Fd())) {
		fmt.Fprint(stderr, "password: ")
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return err
		}
		pw = string(b)
	} else {
		b, err := io.ReadAll(io.LimitReader(os.Stdin, 1024))
		if err != nil {
			return err
		}
		pw = strings.TrimRight(string(b), "\r\n")
	}
	h, err := review.HashPassword(pw)
	if err != nil {
		return usageErrorf("%v", err)
	}
	fmt.Fprintf(stdout, "%s:%s\n", fs.Arg(0), h)
	return nil
}
