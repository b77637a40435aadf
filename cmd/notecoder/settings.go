package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/notecoder/notecoder/app"

	"github.com/segmentio/kafka-go/sasl"

	"github.com/notecoder/notecoder/broker"
	"github.com/notecoder/notecoder/nlp/torch"
)

// serveSettings is the one configuration of `serve` (and `demo`, `config`). Every flag
// has an environment variable NOTECODER_<FLAG_NAME> (dashes become underscores); a
// flag given on the command line wins over the environment, which wins over the default.
type serveSettings struct {
	fs    *flag.FlagSet
	given map[string]bool // flags set on the command line

	Brokers           string
	Group             string
	InputTopic        string
	ObservationTopic  string
	ConditionTopic    string
	ProvenanceTopic   string
	DLQTopic          string
	CorrectionsTopic  string
	Partitions        int
	ReplicationFactor int
	CreateTopics      bool
	MaxMessageBytes   int
	InFlight          int
	StateTopic        string
	StateRetention    time.Duration
	StuckAfter        time.Duration
	Baseline          bool
	ShutdownTimeout   time.Duration
	BackoffMax        time.Duration
	DataDir           string
	EmbeddedPort      int
	LogLevel          string
	Models            string
	Device            string
	Replicas          int
	BatchMax          int
	BatchWait         time.Duration

	HTTPAddr string

	// The learning loop.
	Store                string
	CorrectionsToken     string
	CorrectionsTokenFile string
	ModelsTopic          string
	StoreRetention       time.Duration
	CorrectionsRetention time.Duration
	RetrainEvery         time.Duration
	RetrainAfter         int
	BaseData             string
	Gold                 string
	Synthetic            int
	MaxGoldDrop          float64
	CorrectionWeight     int
	Review               bool
	ReviewUsers          string
	ReviewInsecure       bool

	// Kafka security.
	KafkaTLS          bool
	KafkaCAFile       string
	KafkaCertFile     string
	KafkaKeyFile      string
	KafkaServerName   string
	KafkaSASLMech     string
	KafkaSASLUser     string
	KafkaSASLPassword string
	KafkaSASLPassFile string

	FHIR *fhirSettings
}

func newServeSettings(name, synopsis string, stdout io.Writer) *serveSettings {
	s := &serveSettings{fs: newFlagSet(name, synopsis, stdout)}
	fs := s.fs
	fs.StringVar(&s.Brokers, "brokers", "", "Kafka bootstrap brokers, comma-separated (default: start the embedded broker, for trying notecoder only)")
	def := app.DefaultTopics(app.DefaultGroup)
	fs.StringVar(&s.Group, "group", app.DefaultGroup, "consumer group id")
	fs.StringVar(&s.InputTopic, "input-topic", def.Input, "topic of DocumentReference events")
	fs.StringVar(&s.ObservationTopic, "observation-topic", def.Observation, "topic for Observations (smoking status, LVEF)")
	fs.StringVar(&s.ConditionTopic, "condition-topic", def.Condition, "topic for Conditions")
	fs.StringVar(&s.ProvenanceTopic, "provenance-topic", def.Provenance, "topic for Provenance and the model Devices")
	fs.StringVar(&s.DLQTopic, "dlq-topic", def.DLQ, "dead-letter topic for inputs that cannot be processed")
	fs.StringVar(&s.CorrectionsTopic, "corrections-topic", def.Corrections, "topic of clinicians' corrections (created now, read by the retraining loop)")
	fs.IntVar(&s.Partitions, "partitions", 6, "partitions of topics notecoder creates")
	fs.IntVar(&s.ReplicationFactor, "replication-factor", -1, "replication factor of topics notecoder creates (-1: the broker's default)")
	fs.BoolVar(&s.CreateTopics, "create-topics", true, "create missing topics at start (false: fail if one is missing)")
	fs.IntVar(&s.MaxMessageBytes, "max-message-bytes", 16<<20, "largest input record accepted (the input and dead-letter topics are created for it)")
	fs.IntVar(&s.InFlight, "in-flight", 32, "messages of one partition in flight at once: their notes share model batches, their results are published while later ones are read (GPU: raise it so that partitions x in-flight >= 2 x --batch-max)")
	fs.StringVar(&s.StateTopic, "state-topic", "", "compacted changelog of what was published per document, partition n for input partition n (default: <group>-state-changelog)")
	fs.DurationVar(&s.StateRetention, "state-retention", 0, "how long a document's state is kept after its last version, on the changelog and in the cache (0: for ever, one record per document); documents amended later than that get no withdrawals")
	fs.BoolVar(&s.Baseline, "baseline", false, "benchmarks only: replace the processing by a pass-through (one small Provenance per document), to measure the Kafka path alone")
	fs.DurationVar(&s.StuckAfter, "stuck-after", 2*time.Minute, "/readyz fails when a message has been unfinished, or writes have been failing, this long")
	fs.DurationVar(&s.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGTERM/SIGINT, how long in-flight messages may take before they are left for redelivery")
	fs.DurationVar(&s.BackoffMax, "backoff-max", 30*time.Second, "longest wait between retries of a transient failure")
	fs.StringVar(&s.DataDir, "data-dir", "var/notecoder", "folder for notecoder's local cache of the state changelog (can be empty or thrown away: it is rebuilt from Kafka)")
	fs.IntVar(&s.EmbeddedPort, "embedded-port", 0, "port of the embedded broker (0: a free port)")
	fs.StringVar(&s.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&s.Models, "models", "builtin", app.ModelsHelp)
	fs.StringVar(&s.Device, "device", "auto", "where the models run: auto (a GPU if there is one), cpu, cuda or cuda:N")
	fs.IntVar(&s.Replicas, "replicas", 0, "model copies, each on its own thread (0: one on a GPU, one per CPU core up to 4)")
	fs.IntVar(&s.BatchMax, "batch-max", 64, "most notes per model call: notes of messages handled at the same time are merged")
	fs.DurationVar(&s.BatchWait, "batch-wait", 2*time.Millisecond, "how long a note may wait for others to join its model batch")
	fs.StringVar(&s.HTTPAddr, "http-addr", "127.0.0.1:9464", "listen address for /metrics, /healthz, /readyz and POST /corrections (localhost only unless you change it; empty: off)")
	rd := app.DefaultRetrain()
	fs.StringVar(&s.Store, "store", "", "the training store (corrections, published findings, model versions; holds PHI): a SQLite file, or a postgres:// URL for several instances (default: <data-dir>/training-store.db; 'off': no corrections, no retraining)")
	fs.StringVar(&s.CorrectionsToken, "corrections-token", "", "bearer token POST /corrections requires; prefer NOTECODER_CORRECTIONS_TOKEN or --corrections-token-file (empty: the endpoint refuses every request)")
	fs.StringVar(&s.CorrectionsTokenFile, "corrections-token-file", "", "file holding the bearer token of POST /corrections")
	fs.StringVar(&s.ModelsTopic, "models-topic", app.DefaultModelsTopic, "compacted topic on which promotions are announced to every instance")
	fs.DurationVar(&s.StoreRetention, "store-retention", 90*24*time.Hour, "how long the store keeps published findings and the sentences around them, so that corrections can be tied back (0: for ever)")
	fs.DurationVar(&s.CorrectionsRetention, "corrections-retention", 0, "how long the store keeps corrections (0: for ever: they are training data)")
	fs.DurationVar(&s.RetrainEvery, "retrain-every", 0, "retrain on this interval, one instance at a time (0: off; e.g. 24h)")
	fs.IntVar(&s.RetrainAfter, "retrain-after", 0, "retrain once this many corrections came since the last model version (0: off; e.g. 50)")
	fs.StringVar(&s.BaseData, "base-data", strings.Join(rd.Data, ","), "retraining: base training data, i2b2 XML files, comma-separated")
	fs.StringVar(&s.Gold, "gold", strings.Join(rd.Gold, ","), "retraining: the fixed gold set the gate scores every version on, i2b2 XML files, comma-separated")
	fs.IntVar(&s.Synthetic, "synthetic", rd.Synthetic, "retraining: synthetic tobacco sentences added to the base data")
	fs.Float64Var(&s.MaxGoldDrop, "max-gold-drop", rd.MaxGoldDrop, "retraining gate: how much gold macro-F1 a candidate may lose and still be promoted")
	fs.IntVar(&s.CorrectionWeight, "correction-weight", rd.CorrectionWeight, "retraining: how many times each correction counts in the training data")
	fs.BoolVar(&s.Review, "review", false, "serve the review page for clinicians under /review/ on --http-addr (keeps each note's text in the training store: PHI)")
	fs.StringVar(&s.ReviewUsers, "review-users", "", "the review page's users: a file of name:bcrypt-hash lines ('notecoder review-user NAME' prints one)")
	fs.BoolVar(&s.ReviewInsecure, "review-insecure-cookies", false, "send the review session cookie over plain HTTP too (development only; put the page behind TLS instead)")
	fs.BoolVar(&s.KafkaTLS, "kafka-tls", false, "connect to Kafka over TLS (implied by --kafka-ca-file or --kafka-cert-file)")
	fs.StringVar(&s.KafkaCAFile, "kafka-ca-file", "", "PEM CA bundle that signed the brokers' certificates (default: the system's CAs)")
	fs.StringVar(&s.KafkaCertFile, "kafka-cert-file", "", "PEM client certificate for mutual TLS")
	fs.StringVar(&s.KafkaKeyFile, "kafka-key-file", "", "PEM private key of --kafka-cert-file")
	fs.StringVar(&s.KafkaServerName, "kafka-tls-server-name", "", "name to verify in the brokers' certificates (default: the host dialled)")
	fs.StringVar(&s.KafkaSASLMech, "kafka-sasl-mechanism", "", "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (empty: no SASL)")
	fs.StringVar(&s.KafkaSASLUser, "kafka-sasl-username", "", "SASL user name")
	fs.StringVar(&s.KafkaSASLPassFile, "kafka-sasl-password-file", "", "file holding the SASL password")
	fs.StringVar(&s.KafkaSASLPassword, "kafka-sasl-password", "", "SASL password; prefer NOTECODER_KAFKA_SASL_PASSWORD or --kafka-sasl-password-file (a flag shows in ps)")
	s.FHIR = fhirFlags(fs)
	return s
}

// parse reads the command line, then fills flags not given there from the environment.
func (s *serveSettings) parse(args []string) error {
	given, err := parseFlagsArgs(s.fs, args, false)
	if err != nil {
		return err
	}
	s.given = given
	return s.validate()
}

func (s *serveSettings) validate() error {
	switch {
	case s.Partitions < 1:
		return usageErrorf("--partitions must be at least 1")
	case s.ReplicationFactor == 0 || s.ReplicationFactor < -1:
		return usageErrorf("--replication-factor must be -1 (broker default) or at least 1")
	case s.MaxMessageBytes < 1<<20:
		return usageErrorf("--max-message-bytes must be at least 1 MiB")
	case s.InFlight < 1:
		return usageErrorf("--in-flight must be at least 1")
	case s.StateRetention < 0:
		return usageErrorf("--state-retention must not be negative")
	case s.StuckAfter <= 0:
		return usageErrorf("--stuck-after must be positive")
	case s.ShutdownTimeout <= 0:
		return usageErrorf("--shutdown-timeout must be positive")
	case s.Replicas < 0:
		return usageErrorf("--replicas must be 0 (automatic) or more")
	case s.BatchMax < 1:
		return usageErrorf("--batch-max must be at least 1")
	case s.BatchWait < 0:
		return usageErrorf("--batch-wait must not be negative")
	case s.StoreRetention < 0 || s.CorrectionsRetention < 0:
		return usageErrorf("--store-retention and --corrections-retention must not be negative")
	case s.RetrainEvery < 0 || s.RetrainAfter < 0:
		return usageErrorf("--retrain-every and --retrain-after must not be negative (0: off)")
	case s.MaxGoldDrop < 0 || s.MaxGoldDrop > 1:
		return usageErrorf("--max-gold-drop is a share of macro-F1 between 0 and 1, e.g. 0.02")
	case s.CorrectionWeight < 1:
		return usageErrorf("--correction-weight must be at least 1")
	case s.Store == app.StoreOff && (s.RetrainEvery > 0 || s.RetrainAfter > 0 || s.Review):
		return usageErrorf("--retrain-every/--retrain-after and --review need the training store: drop --store off")
	case s.Review && s.ReviewUsers == "":
		return usageErrorf("--review needs --review-users FILE (lines of name:bcrypt-hash; 'notecoder review-user NAME' prints one)")
	case s.Review && s.HTTPAddr == "":
		return usageErrorf("--review serves on --http-addr: give one")
	}
	if s.CorrectionsTokenFile != "" {
		b, err := os.ReadFile(s.CorrectionsTokenFile)
		if err != nil {
			return usageErrorf("--corrections-token-file: %v", err)
		}
		s.CorrectionsToken = strings.TrimSpace(string(b))
	}
	if s.RetrainEvery > 0 || s.RetrainAfter > 0 {
		for _, f := range append(splitList(s.BaseData), splitList(s.Gold)...) {
			if _, err := os.Stat(f); err != nil {
				return usageErrorf("scheduled retraining needs its base data and gold set: %v (give --base-data and --gold; in a checkout they are under testdata/)", err)
			}
		}
	}
	if _, err := torch.ParseDevice(s.Device); err != nil {
		return usageErrorf("--device: %v", err)
	}
	if _, _, err := s.security(); err != nil {
		return usageErrorf("%v", err)
	}
	for name, v := range map[string]string{"input-topic": s.InputTopic, "observation-topic": s.ObservationTopic, "condition-topic": s.ConditionTopic,
		"provenance-topic": s.ProvenanceTopic, "dlq-topic": s.DLQTopic, "corrections-topic": s.CorrectionsTopic, "group": s.Group} {
		if strings.TrimSpace(v) == "" {
			return usageErrorf("--%s must not be empty", name)
		}
	}
	if s.StateTopic == "" {
		s.StateTopic = app.StateTopic(s.Group)
	}
	if _, err := parseLevel(s.LogLevel); err != nil {
		return usageErrorf("%v", err)
	}
	return s.FHIR.finish()
}

func (s *serveSettings) brokerList() []string { return splitList(s.Brokers) }

// splitList reads a comma-separated flag.
func splitList(v string) []string {
	var out []string
	for _, b := range strings.Split(v, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// print writes the effective settings, one per line, with where each came from.
// Secrets are masked.
func (s *serveSettings) print(w io.Writer) {
	given := s.given
	var names []string
	s.fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, n := range names {
		f := s.fs.Lookup(n)
		v := f.Value.String()
		src := "default"
		switch {
		case given[n]:
			src = "flag"
		case os.Getenv(envName(n)) != "":
			src = "env " + envName(n)
		}
		if isSecret(n) && v != "" {
			v = "********"
		}
		fmt.Fprintf(w, "%-26s %-40s (%s)\n", n, v, src)
	}
	if os.Getenv("NOTECODER_FHIR_TOKEN") != "" {
		fmt.Fprintf(w, "%-26s %-40s (%s)\n", "fhir-token", "********", "env NOTECODER_FHIR_TOKEN")
	}
}

func isSecret(name string) bool {
	return strings.Contains(name, "password") || strings.Contains(name, "token") && !strings.HasSuffix(name, "-file") || strings.Contains(name, "secret")
}

// security builds the Kafka TLS configuration and SASL mechanism from the settings.
func (s *serveSettings) security() (*tls.Config, sasl.Mechanism, error) {
	pass := s.KafkaSASLPassword
	if s.KafkaSASLPassFile != "" {
		b, err := os.ReadFile(s.KafkaSASLPassFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--kafka-sasl-password-file: %w", err)
		}
		pass = strings.TrimRight(string(b), "\r\n")
	}
	return broker.Security{TLS: s.KafkaTLS, CAFile: s.KafkaCAFile, CertFile: s.KafkaCertFile, KeyFile: s.KafkaKeyFile,
		ServerName: s.KafkaServerName, SASLMechanism: s.KafkaSASLMech, Username: s.KafkaSASLUser, Password: pass}.Build()
}
