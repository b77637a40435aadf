package main

// Checks of compose.yaml, the Dockerfiles and deploy/ that need no Docker engine: the
// files parse, what they point at exists, and the places that must agree (serve's flags,
// ports, the OTLP endpoint, the Kafka listeners, mounted config files) do agree.

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// composeRoot is the repository root, where compose.yaml lives, seen from this package.
const composeRoot = "../.."

func TestCompose(t *testing.T) {
	p := loadCompose(t)
	checks := []struct {
		name  string
		check func(t *testing.T, p *composeProject)
	}{
		{"every service has an image or a build", composeCheckImageOrBuild},
		{"build contexts and dockerfiles exist", composeCheckBuildFiles},
		{"mounted host files exist and named volumes are declared", composeCheckMounts},
		{"no two services publish the same host port", composeCheckHostPortsUnique},
		{"notecoder runs serve with real flags", composeCheckServeCommand},
		{"notecoder environment names real settings", composeCheckNotecoderEnv},
		{"http-addr port is published, health-checked and scraped", composeCheckHTTPAddr},
		{"healthcheck tools are installed in the image", composeCheckHealthcheckTools},
		{"OTLP endpoint is the collector's receiver", composeCheckOTLPEndpoint},
		{"collector pipeline is complete and reaches Jaeger", composeCheckCollectorPipeline},
		{"prometheus reads deploy/prometheus.yml", composeCheckPrometheusConfig},
		{"kafka listeners match --brokers and the published port", composeCheckKafkaListeners},
		{"notecoder waits for a healthy kafka", composeCheckDependsOnKafka},
		{"gpu variant is opt-in and reserves a GPU", composeCheckGPUService},
		{".dockerignore keeps sources and drops local build state", composeCheckDockerignore},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.check(t, p) })
	}
}

// --- the checks ---------------------------------------------------------------------------

func composeCheckImageOrBuild(t *testing.T, p *composeProject) {
	if len(p.Services) == 0 {
		t.Fatal("compose.yaml defines no services")
	}
	for _, name := range p.serviceNames() {
		s := p.Services[name]
		if s.Image == "" && s.Build == nil {
			t.Errorf("service %s has neither image nor build", name)
		}
		if s.Image != "" && s.Build == nil && !strings.Contains(s.Image, ":") {
			t.Errorf("service %s: image %q has no tag; pin one", name, s.Image)
		}
		if strings.HasSuffix(s.Image, ":latest") {
			t.Errorf("service %s: image %q: pin a version instead of latest", name, s.Image)
		}
	}
}

func composeCheckBuildFiles(t *testing.T, p *composeProject) {
	for _, name := range p.builtServices() {
		b := p.Services[name].Build
		ctx := filepath.Join(composeRoot, b.Context)
		if fi, err := os.Stat(ctx); err != nil || !fi.IsDir() {
			t.Errorf("service %s: build context %q is not a folder next to compose.yaml", name, b.Context)
			continue
		}
		if _, err := os.Stat(filepath.Join(ctx, b.dockerfile())); err != nil {
			t.Errorf("service %s: dockerfile %q not found in build context %q", name, b.dockerfile(), b.Context)
		}
	}
}

func composeCheckMounts(t *testing.T, p *composeProject) {
	for _, name := range p.serviceNames() {
		for _, m := range p.Services[name].Volumes {
			switch m.Type {
			case "bind":
				if _, err := os.Stat(filepath.Join(composeRoot, m.Source)); err != nil {
					t.Errorf("service %s mounts %q at %s, but %s does not exist", name, m.Source, m.Target, m.Source)
				}
			case "volume":
				if m.Source == "" {
					continue // anonymous volume
				}
				if _, ok := p.Volumes[m.Source]; !ok {
					t.Errorf("service %s uses volume %q, which is not declared under the top-level volumes:", name, m.Source)
				}
			}
		}
	}
}

func composeCheckHostPortsUnique(t *testing.T, p *composeProject) {
	owner := map[string]string{}
	for _, name := range p.serviceNames() {
		for _, port := range p.Services[name].Ports {
			if port.Published == "" {
				continue
			}
			if other, ok := owner[port.Published]; ok {
				t.Errorf("host port %s is published by both %s and %s", port.Published, other, name)
			}
			owner[port.Published] = name
		}
	}
}

func composeCheckServeCommand(t *testing.T, p *composeProject) {
	for _, name := range p.notecoderServices(t) {
		cmd := p.Services[name].Command
		if len(cmd) == 0 || cmd[0] != "serve" {
			t.Errorf("service %s: command %q does not start with \"serve\"", name, []string(cmd))
			continue
		}
		fs := newServeSettings("serve", "", io.Discard).fs
		args := composeCommandFlags(cmd[1:], fs)
		missing := false
		for _, a := range args {
			if fs.Lookup(a.name) == nil {
				missing = true
				t.Errorf("service %s: command uses --%s, which `notecoder serve` does not have", name, a.name)
			}
		}
		if missing {
			continue
		}
		// Every flag exists: the values must parse too (numbers, durations, booleans).
		fs.SetOutput(io.Discard)
		if err := fs.Parse(cmd[1:]); err != nil {
			t.Errorf("service %s: serve rejects its command line %q: %v", name, []string(cmd[1:]), err)
		} else if fs.NArg() > 0 {
			t.Errorf("service %s: serve would reject the stray argument %q", name, fs.Arg(0))
		}
	}
}

func composeCheckNotecoderEnv(t *testing.T, p *composeProject) {
	fs := newServeSettings("serve", "", io.Discard).fs
	known := map[string]bool{"NOTECODER_FHIR_TOKEN": true, "NOTECODER_TORCH_THREADS": true, "NOTECODER_KAFKA_SASL_PASSWORD": true}
	fs.VisitAll(func(f *flag.Flag) { known[envName(f.Name)] = true })
	for _, name := range p.notecoderServices(t) {
		for k := range p.Services[name].Environment {
			if strings.HasPrefix(k, "NOTECODER_") && !known[k] {
				t.Errorf("service %s sets %s, which names no serve flag (flags read NOTECODER_<FLAG_WITH_UNDERSCORES>)", name, k)
			}
		}
	}
}

func composeCheckHTTPAddr(t *testing.T, p *composeProject) {
	prom, promErr := p.prometheus()
	for _, name := range p.notecoderServices(t) {
		s := p.Services[name]
		addr := p.setting(name, "http-addr")
		if addr == "" {
			t.Errorf("service %s: no --http-addr (or NOTECODER_HTTP_ADDR): its default listens on 127.0.0.1 only, unreachable from outside the container", name)
			continue
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			t.Errorf("service %s: --http-addr %q is not host:port: %v", name, addr, err)
			continue
		}
		if host != "" && host != "0.0.0.0" && host != "::" {
			t.Errorf("service %s: --http-addr %q listens on %s only; use 0.0.0.0:%s so Prometheus and the published port reach it", name, addr, host, port)
		}
		if !slices.ContainsFunc(s.Ports, func(pp composePort) bool { return pp.Target == port && pp.Published != "" }) {
			t.Errorf("service %s: --http-addr port %s is not published (ports: %v)", name, port, s.Ports)
		}
		if s.Healthcheck == nil {
			t.Errorf("service %s has no healthcheck", name)
		} else if u := composeHealthURL(s.Healthcheck.Test); u == nil {
			t.Errorf("service %s: healthcheck %q calls no http:// URL", name, []string(s.Healthcheck.Test))
		} else {
			if u.Port() != port {
				t.Errorf("service %s: healthcheck calls %s, but --http-addr listens on port %s", name, u, port)
			}
			if u.Path != "/readyz" {
				t.Errorf("service %s: healthcheck calls %s; use /readyz", name, u)
			}
		}
		if promErr != nil {
			t.Errorf("deploy/prometheus.yml: %v", promErr)
			continue
		}
		job, target := prom.jobScraping(name)
		if job == nil {
			t.Errorf("deploy/prometheus.yml has no scrape target %s:%s", name, port)
			continue
		}
		if _, tport, _ := net.SplitHostPort(target); tport != port {
			t.Errorf("deploy/prometheus.yml job %s scrapes %s, but --http-addr of %s listens on port %s", job.JobName, target, name, port)
		}
		if mp := job.MetricsPath; mp != "" && mp != "/metrics" {
			t.Errorf("deploy/prometheus.yml job %s scrapes %s; notecoder serves /metrics", job.JobName, mp)
		}
		if iv := composeFirst(job.ScrapeInterval, prom.Global.ScrapeInterval); iv != "15s" {
			t.Errorf("deploy/prometheus.yml job %s scrapes every %q; want 15s", job.JobName, iv)
		}
	}
}

func composeCheckHealthcheckTools(t *testing.T, p *composeProject) {
	for _, name := range p.builtServices() {
		s := p.Services[name]
		if s.Healthcheck == nil || len(s.Healthcheck.Test) < 2 {
			continue
		}
		test := s.Healthcheck.Test
		var tool string
		switch test[0] {
		case "CMD":
			tool = test[1]
		case "CMD-SHELL":
			tool = strings.Fields(test[1])[0]
		default:
			continue
		}
		if tool == "notecoder" || strings.HasPrefix(tool, "/") {
			continue
		}
		df, err := os.ReadFile(filepath.Join(composeRoot, s.Build.Context, s.Build.dockerfile()))
		if err != nil {
			t.Errorf("service %s: %v", name, err)
			continue
		}
		// The runtime stage is the text after the last FROM.
		text := string(df)
		if i := strings.LastIndex(strings.ToUpper(text), "\nFROM "); i >= 0 {
			text = text[i:]
		}
		if !regexp.MustCompile(`(?s)apt-get install[^\n]*(\\\n[^\n]*)*\b` + regexp.QuoteMeta(tool) + `\b`).MatchString(text) {
			t.Errorf("service %s: healthcheck runs %s, but the runtime stage of %s does not apt-get install it", name, tool, s.Build.dockerfile())
		}
	}
}

func composeCheckOTLPEndpoint(t *testing.T, p *composeProject) {
	otel, err := p.otelCollector()
	if err != nil {
		t.Fatalf("deploy/otel-collector.yaml: %v", err)
	}
	collector := p.serviceMounting("deploy/otel-collector.yaml")
	if collector == "" {
		t.Fatal("no service mounts deploy/otel-collector.yaml")
	}
	for _, name := range p.notecoderServices(t) {
		env := p.Services[name].Environment
		endpoint := composeFirst(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], env["OTEL_EXPORTER_OTLP_ENDPOINT"])
		if endpoint == "" {
			t.Errorf("service %s sets no OTEL_EXPORTER_OTLP_ENDPOINT: traces stay off", name)
			continue
		}
		if env["OTEL_SERVICE_NAME"] == "" {
			t.Errorf("service %s sets no OTEL_SERVICE_NAME", name)
		}
		u, err := url.Parse(endpoint)
		if err != nil || u.Hostname() == "" || u.Port() == "" {
			t.Errorf("service %s: OTEL_EXPORTER_OTLP_ENDPOINT=%q is not scheme://host:port", name, endpoint)
			continue
		}
		if u.Hostname() != collector {
			t.Errorf("service %s: OTEL_EXPORTER_OTLP_ENDPOINT=%s, but the collector service (the one mounting deploy/otel-collector.yaml) is %s", name, endpoint, collector)
		}
		proto := composeFirst(env["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"], env["OTEL_EXPORTER_OTLP_PROTOCOL"], "http/protobuf")
		receiverProto := map[string]string{"http/protobuf": "http", "grpc": "grpc"}[proto]
		if receiverProto == "" {
			t.Errorf("service %s: OTEL_EXPORTER_OTLP_PROTOCOL=%q; notecoder speaks grpc or http/protobuf", name, proto)
			continue
		}
		rport, ok := otel.otlpReceiverPort(receiverProto)
		if !ok {
			t.Errorf("service %s sends OTLP %s, but deploy/otel-collector.yaml's otlp receiver has no %s protocol", name, proto, receiverProto)
		} else if rport != u.Port() {
			t.Errorf("service %s sends OTLP %s to port %s, but the collector's %s receiver listens on %s", name, proto, u.Port(), receiverProto, rport)
		}
		if deps := p.Services[name].DependsOn; deps[collector] == "" {
			t.Errorf("service %s does not depend_on %s", name, collector)
		}
	}
}

func composeCheckCollectorPipeline(t *testing.T, p *composeProject) {
	otel, err := p.otelCollector()
	if err != nil {
		t.Fatalf("deploy/otel-collector.yaml: %v", err)
	}
	collector := p.serviceMounting("deploy/otel-collector.yaml")
	if collector != "" {
		s := p.Services[collector]
		target := s.mountTarget("deploy/otel-collector.yaml")
		if cfg := composeFlagValue(s.Command, "config"); cfg != "" && cfg != target {
			t.Errorf("service %s mounts deploy/otel-collector.yaml at %s but reads --config=%s", collector, target, cfg)
		}
	}
	traces, ok := otel.Service.Pipelines["traces"]
	if !ok {
		t.Fatal("deploy/otel-collector.yaml has no traces pipeline")
	}
	for kind, pair := range map[string]struct {
		used    []string
		defined map[string]yaml.Node
	}{
		"receiver":  {traces.Receivers, otel.Receivers},
		"processor": {traces.Processors, otel.Processors},
		"exporter":  {traces.Exporters, otel.Exporters},
	} {
		for _, id := range pair.used {
			if _, ok := pair.defined[id]; !ok {
				t.Errorf("traces pipeline uses %s %q, which deploy/otel-collector.yaml does not define", kind, id)
			}
		}
	}
	if !slices.Contains(traces.Receivers, "otlp") {
		t.Errorf("traces pipeline does not receive from otlp (receivers: %v)", traces.Receivers)
	}
	if !slices.Contains(traces.Exporters, "debug") {
		t.Errorf("traces pipeline has no debug exporter (exporters: %v)", traces.Exporters)
	}
	// An OTLP exporter must send to the Jaeger service, on the OTLP gRPC port it opens.
	found := false
	for _, id := range traces.Exporters {
		if id != "otlp" && !strings.HasPrefix(id, "otlp/") {
			continue
		}
		var exp struct {
			Endpoint string `yaml:"endpoint"`
		}
		node, ok := otel.Exporters[id]
		if !ok {
			continue // reported above
		}
		if err := node.Decode(&exp); err != nil {
			t.Errorf("exporter %s: %v", id, err)
			continue
		}
		host, port, err := net.SplitHostPort(exp.Endpoint)
		if err != nil {
			t.Errorf("exporter %s: endpoint %q is not host:port", id, exp.Endpoint)
			continue
		}
		s, ok := p.Services[host]
		if !ok {
			t.Errorf("exporter %s sends to %s, which is no compose service", id, exp.Endpoint)
			continue
		}
		found = true
		if strings.Contains(s.Image, "jaeger") {
			if port != "4317" {
				t.Errorf("exporter %s sends to %s; Jaeger takes OTLP gRPC on 4317", id, exp.Endpoint)
			}
			if v := s.Environment["COLLECTOR_OTLP_ENABLED"]; v != "" && v != "true" {
				t.Errorf("service %s: COLLECTOR_OTLP_ENABLED=%s turns off the OTLP receiver the collector sends to", host, v)
			}
		}
	}
	if !found {
		t.Error("the traces pipeline has no otlp exporter sending to a compose service (Jaeger)")
	}
}

func composeCheckPrometheusConfig(t *testing.T, p *composeProject) {
	if _, err := p.prometheus(); err != nil {
		t.Fatalf("deploy/prometheus.yml: %v", err)
	}
	name := p.serviceMounting("deploy/prometheus.yml")
	if name == "" {
		t.Fatal("no service mounts deploy/prometheus.yml")
	}
	s := p.Services[name]
	want := composeFirst(composeFlagValue(s.Command, "config.file"), "/etc/prometheus/prometheus.yml")
	if got := s.mountTarget("deploy/prometheus.yml"); got != want {
		t.Errorf("service %s mounts deploy/prometheus.yml at %s but reads its configuration from %s", name, got, want)
	}
}

func composeCheckKafkaListeners(t *testing.T, p *composeProject) {
	kafka := ""
	for _, name := range p.serviceNames() {
		if _, ok := p.Services[name].Environment["KAFKA_ADVERTISED_LISTENERS"]; ok {
			kafka = name
		}
	}
	if kafka == "" {
		t.Fatal("no service sets KAFKA_ADVERTISED_LISTENERS")
	}
	env := p.Services[kafka].Environment
	advertised := composeKafkaListeners(env["KAFKA_ADVERTISED_LISTENERS"])
	bound := composeKafkaListeners(env["KAFKA_LISTENERS"])
	protocols := map[string]string{}
	for _, kv := range composeSplitList(env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"]) {
		if k, v, ok := strings.Cut(kv, ":"); ok {
			protocols[k] = v
		}
	}
	for lname, addr := range advertised {
		b, ok := bound[lname]
		if !ok {
			t.Errorf("%s advertises listener %s (%s), which KAFKA_LISTENERS does not open", kafka, lname, addr)
			continue
		}
		_, aport, _ := net.SplitHostPort(addr)
		if _, bport, _ := net.SplitHostPort(b); aport != bport {
			t.Errorf("%s advertises %s on %s but opens it on %s", kafka, lname, addr, b)
		}
		if protocols[lname] == "" {
			t.Errorf("%s: listener %s has no entry in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", kafka, lname)
		}
		// A listener advertised as localhost is for host clients: its port must be published.
		if host, port, _ := net.SplitHostPort(addr); host == "localhost" || host == "127.0.0.1" {
			if !slices.ContainsFunc(p.Services[kafka].Ports, func(pp composePort) bool { return pp.Target == port && pp.Published == port }) {
				t.Errorf("%s advertises %s to host clients but does not publish %s:%s", kafka, addr, port, port)
			}
		}
	}
	inNetwork := ""
	for _, addr := range advertised {
		if host, _, _ := net.SplitHostPort(addr); host == kafka {
			inNetwork = addr
		}
	}
	if inNetwork == "" {
		t.Errorf("%s advertises no listener as %s:PORT for clients inside the compose network (advertised: %s)", kafka, kafka, env["KAFKA_ADVERTISED_LISTENERS"])
	}
	for _, name := range p.notecoderServices(t) {
		brokers := p.setting(name, "brokers")
		if brokers == "" {
			t.Errorf("service %s: no --brokers: serve would start its embedded broker instead of using %s", name, kafka)
			continue
		}
		for _, b := range composeSplitList(brokers) {
			if !slices.Contains(composeValues(advertised), b) {
				t.Errorf("service %s: --brokers %s is not an address %s advertises (%s)", name, b, kafka, env["KAFKA_ADVERTISED_LISTENERS"])
			}
		}
	}
}

func composeCheckDependsOnKafka(t *testing.T, p *composeProject) {
	kafka, ok := p.Services["kafka"]
	if !ok {
		t.Fatal("no kafka service")
	}
	if kafka.Healthcheck == nil || len(kafka.Healthcheck.Test) == 0 {
		t.Error("kafka has no healthcheck, so service_healthy would never hold")
	}
	for _, name := range p.notecoderServices(t) {
		if c := p.Services[name].DependsOn["kafka"]; c != "service_healthy" {
			t.Errorf("service %s: depends_on kafka with condition %q; want service_healthy", name, c)
		}
	}
}

func composeCheckGPUService(t *testing.T, p *composeProject) {
	found := false
	for _, name := range p.builtServices() {
		s := p.Services[name]
		if !strings.Contains(strings.ToLower(s.Build.dockerfile()), "cuda") {
			if len(s.Profiles) > 0 {
				t.Errorf("service %s (CPU) is under profiles %v; it should run by default", name, s.Profiles)
			}
			continue
		}
		found = true
		if !slices.Contains(s.Profiles, "gpu") {
			t.Errorf("service %s builds %s but is not under the gpu profile (profiles: %v)", name, s.Build.dockerfile(), s.Profiles)
		}
		ok := slices.ContainsFunc(s.Deploy.Resources.Reservations.Devices, func(d composeDevice) bool {
			return d.Driver == "nvidia" && slices.Contains(d.Capabilities, "gpu")
		})
		if !ok {
			t.Errorf("service %s reserves no nvidia device with capabilities [gpu]", name)
		}
	}
	if !found {
		t.Error("no service builds Dockerfile.cuda")
	}
}

func composeCheckDockerignore(t *testing.T, p *composeProject) {
	raw, err := os.ReadFile(filepath.Join(composeRoot, ".dockerignore"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	var patterns []string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "!") {
			continue
		}
		patterns = append(patterns, strings.Trim(line, "/"))
	}
	ignored := func(path string) string {
		parts := strings.Split(path, "/")
		for i := range parts {
			prefix := strings.Join(parts[:i+1], "/")
			for _, pat := range patterns {
				if ok, _ := filepath.Match(pat, prefix); ok {
					return pat
				}
			}
		}
		return ""
	}
	for _, need := range []string{"go.mod", "go.sum", "cmd/notecoder/main.go", "scripts/gotch/prepare.sh", "scripts/gotch/unsupported/libtorch-1.13.0.txt", "fhir/codes/conditions.tsv"} {
		if pat := ignored(need); pat != "" {
			t.Errorf(".dockerignore pattern %q drops %s, which the image build needs", pat, need)
		}
	}
	// The Dockerfiles prepare gotch in the image (build/gotch, go.work); a copy of the
	// host's would overwrite it with paths of the host.
	for _, drop := range []string{"build/gotch", "go.work", "bin/notecoder"} {
		if ignored(drop) == "" {
			t.Errorf(".dockerignore does not drop %s", drop)
		}
	}
}

// --- compose.yaml, read -------------------------------------------------------------------

type composeProject struct {
	Services map[string]*composeService `yaml:"services"`
	Volumes  map[string]any             `yaml:"volumes"`

	prom    *deployPrometheus
	promErr error
	otel    *deployOtelCollector
	otelErr error
}

type composeService struct {
	Image       string         `yaml:"image"`
	Build       *composeBuild  `yaml:"build"`
	Command     composeStrings `yaml:"command"`
	Environment composeEnv     `yaml:"environment"`
	Volumes     []composeMount `yaml:"volumes"`
	Ports       []composePort  `yaml:"ports"`
	DependsOn   composeDepends `yaml:"depends_on"`
	Profiles    []string       `yaml:"profiles"`
	Healthcheck *struct {
		Test composeStrings `yaml:"test"`
	} `yaml:"healthcheck"`
	Deploy struct {
		Resources struct {
			Reservations struct {
				Devices []composeDevice `yaml:"devices"`
			} `yaml:"reservations"`
		} `yaml:"resources"`
	} `yaml:"deploy"`
}

type composeDevice struct {
	Driver       string   `yaml:"driver"`
	Capabilities []string `yaml:"capabilities"`
}

// composeBuild is `build: PATH` or `build: {context, dockerfile}`.
type composeBuild struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

func (b *composeBuild) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Context = n.Value
		return nil
	}
	type plain composeBuild
	if err := n.Decode((*plain)(b)); err != nil {
		return err
	}
	if b.Context == "" {
		b.Context = "."
	}
	return nil
}

func (b *composeBuild) dockerfile() string { return composeFirst(b.Dockerfile, "Dockerfile") }

// composeStrings is a command or healthcheck test: a list, or one string split at spaces.
type composeStrings []string

func (l *composeStrings) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = strings.Fields(n.Value)
		return nil
	}
	return n.Decode((*[]string)(l))
}

// composeEnv is `environment:` as a mapping or as a list of KEY=VALUE.
type composeEnv map[string]string

func (m *composeEnv) UnmarshalYAML(n *yaml.Node) error {
	*m = composeEnv{}
	if n.Kind == yaml.SequenceNode {
		var items []string
		if err := n.Decode(&items); err != nil {
			return err
		}
		for _, it := range items {
			k, v, _ := strings.Cut(it, "=")
			(*m)[k] = v
		}
		return nil
	}
	var raw map[string]any
	if err := n.Decode(&raw); err != nil {
		return err
	}
	for k, v := range raw {
		if v == nil {
			(*m)[k] = ""
		} else {
			(*m)[k] = fmt.Sprint(v)
		}
	}
	return nil
}

// composeMount is a volumes: entry, short ("SRC:DST[:ro]") or long syntax.
type composeMount struct {
	Type   string `yaml:"type"` // bind or volume
	Source string `yaml:"source"`
	Target string `yaml:"target"`
}

func (m *composeMount) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		type plain composeMount
		return n.Decode((*plain)(m))
	}
	parts := strings.Split(n.Value, ":")
	switch len(parts) {
	case 1:
		*m = composeMount{Type: "volume", Target: parts[0]}
	default:
		m.Source, m.Target = parts[0], parts[1]
		m.Type = "volume"
		if strings.HasPrefix(m.Source, ".") || strings.HasPrefix(m.Source, "/") || strings.HasPrefix(m.Source, "~") {
			m.Type = "bind"
		}
	}
	return nil
}

// composePort is a ports: entry: "[IP:]HOST:CONTAINER[/PROTO]", "CONTAINER" or long syntax.
type composePort struct {
	Published string // host port; "" when Docker picks one
	Target    string // container port
}

func (p composePort) String() string { return p.Published + ":" + p.Target }

func (p *composePort) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		var long struct {
			Target    any `yaml:"target"`
			Published any `yaml:"published"`
		}
		if err := n.Decode(&long); err != nil {
			return err
		}
		p.Target = fmt.Sprint(long.Target)
		if long.Published != nil {
			p.Published = fmt.Sprint(long.Published)
		}
		return nil
	}
	spec, _, _ := strings.Cut(n.Value, "/")
	parts := strings.Split(spec, ":")
	p.Target = parts[len(parts)-1]
	if len(parts) >= 2 {
		p.Published = parts[len(parts)-2]
	}
	return nil
}

// composeDepends maps each dependency to its condition (service_started for the list form).
type composeDepends map[string]string

func (d *composeDepends) UnmarshalYAML(n *yaml.Node) error {
	*d = composeDepends{}
	if n.Kind == yaml.SequenceNode {
		var names []string
		if err := n.Decode(&names); err != nil {
			return err
		}
		for _, s := range names {
			(*d)[s] = "service_started"
		}
		return nil
	}
	var long map[string]struct {
		Condition string `yaml:"condition"`
	}
	if err := n.Decode(&long); err != nil {
		return err
	}
	for s, v := range long {
		(*d)[s] = composeFirst(v.Condition, "service_started")
	}
	return nil
}

func loadCompose(t *testing.T) *composeProject {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(composeRoot, "compose.yaml"))
	if err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	var p composeProject
	if err := yaml.Unmarshal(raw, &p); err != nil {
		t.Fatalf("compose.yaml does not parse: %v", err)
	}
	for name, s := range p.Services {
		if s == nil {
			t.Fatalf("compose.yaml: service %s is empty", name)
		}
	}
	return &p
}

func (p *composeProject) serviceNames() []string {
	var names []string
	for n := range p.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// builtServices are the services built from this repository.
func (p *composeProject) builtServices() []string {
	var names []string
	for _, n := range p.serviceNames() {
		if p.Services[n].Build != nil {
			names = append(names, n)
		}
	}
	return names
}

// notecoderServices are the services built from this repository's Dockerfiles: they run
// the notecoder binary. There must be one called notecoder.
func (p *composeProject) notecoderServices(t *testing.T) []string {
	t.Helper()
	names := p.builtServices()
	if !slices.Contains(names, "notecoder") {
		t.Fatalf("compose.yaml has no notecoder service built from this repository (built: %v)", names)
	}
	return names
}

// setting is a serve setting of a service: its command-line flag, else its NOTECODER_
// environment variable, else "".
func (p *composeProject) setting(service, flagName string) string {
	s := p.Services[service]
	if v := composeFlagValue(s.Command, flagName); v != "" {
		return v
	}
	return s.Environment[envName(flagName)]
}

// serviceMounting returns the service that bind-mounts the repository file rel.
func (p *composeProject) serviceMounting(rel string) string {
	for _, n := range p.serviceNames() {
		if p.Services[n].mountTarget(rel) != "" {
			return n
		}
	}
	return ""
}

func (s *composeService) mountTarget(rel string) string {
	for _, m := range s.Volumes {
		if m.Type == "bind" && filepath.Clean(m.Source) == filepath.Clean(rel) {
			return m.Target
		}
	}
	return ""
}

type composeFlag struct{ name, value string }

// composeCommandFlags splits a command line into its flags. fs says which flags are
// booleans; an unknown flag takes the next argument as its value unless that is a flag.
func composeCommandFlags(args []string, fs *flag.FlagSet) []composeFlag {
	var out []composeFlag
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name := strings.TrimLeft(a, "-")
		if n, v, ok := strings.Cut(name, "="); ok {
			out = append(out, composeFlag{n, v})
			continue
		}
		isBool := false
		if fs != nil {
			if f := fs.Lookup(name); f != nil {
				if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
					isBool = true
				}
			}
		}
		if isBool || i+1 >= len(args) || strings.HasPrefix(args[i+1], "-") {
			out = append(out, composeFlag{name, "true"})
			continue
		}
		out = append(out, composeFlag{name, args[i+1]})
		i++
	}
	return out
}

// composeFlagValue is the value of flag name in a command (-name, --name, with = or a space).
func composeFlagValue(cmd composeStrings, name string) string {
	start := 0
	if len(cmd) > 0 && !strings.HasPrefix(cmd[0], "-") {
		start = 1 // a subcommand
	}
	for _, f := range composeCommandFlags(cmd[start:], nil) {
		if f.name == name {
			return f.value
		}
	}
	return ""
}

func composeHealthURL(test composeStrings) *url.URL {
	for _, a := range test {
		for _, w := range strings.Fields(a) {
			if strings.HasPrefix(w, "http://") {
				if u, err := url.Parse(w); err == nil {
					return u
				}
			}
		}
	}
	return nil
}

// composeKafkaListeners reads Kafka's "NAME://host:port,..." into NAME -> host:port.
func composeKafkaListeners(s string) map[string]string {
	out := map[string]string{}
	for _, l := range composeSplitList(s) {
		if name, addr, ok := strings.Cut(l, "://"); ok {
			out[name] = addr
		}
	}
	return out
}

func composeSplitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func composeValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func composeFirst(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// --- deploy/prometheus.yml ----------------------------------------------------------------

type deployPrometheus struct {
	Global struct {
		ScrapeInterval string `yaml:"scrape_interval"`
	} `yaml:"global"`
	ScrapeConfigs []deployPrometheusJob `yaml:"scrape_configs"`
}

type deployPrometheusJob struct {
	JobName        string `yaml:"job_name"`
	ScrapeInterval string `yaml:"scrape_interval"`
	MetricsPath    string `yaml:"metrics_path"`
	StaticConfigs  []struct {
		Targets []string `yaml:"targets"`
	} `yaml:"static_configs"`
}

// jobScraping returns the job with a static target on host service, and that target.
func (c *deployPrometheus) jobScraping(service string) (*deployPrometheusJob, string) {
	for i := range c.ScrapeConfigs {
		for _, sc := range c.ScrapeConfigs[i].StaticConfigs {
			for _, target := range sc.Targets {
				if host, _, err := net.SplitHostPort(target); err == nil && host == service {
					return &c.ScrapeConfigs[i], target
				}
			}
		}
	}
	return nil, ""
}

func (p *composeProject) prometheus() (*deployPrometheus, error) {
	if p.prom == nil && p.promErr == nil {
		p.prom = &deployPrometheus{}
		p.promErr = readDeployYAML("deploy/prometheus.yml", p.prom)
	}
	return p.prom, p.promErr
}

// --- deploy/otel-collector.yaml -----------------------------------------------------------

type deployOtelCollector struct {
	Receivers  map[string]yaml.Node `yaml:"receivers"`
	Processors map[string]yaml.Node `yaml:"processors"`
	Exporters  map[string]yaml.Node `yaml:"exporters"`
	Service    struct {
		Pipelines map[string]struct {
			Receivers  []string `yaml:"receivers"`
			Processors []string `yaml:"processors"`
			Exporters  []string `yaml:"exporters"`
		} `yaml:"pipelines"`
	} `yaml:"service"`
}

// otlpReceiverPort is the port the otlp receiver listens on for proto (grpc or http),
// with the collector's defaults (4317, 4318) when no endpoint is set.
func (c *deployOtelCollector) otlpReceiverPort(proto string) (string, bool) {
	node, ok := c.Receivers["otlp"]
	if !ok {
		return "", false
	}
	var otlp struct {
		Protocols map[string]*struct {
			Endpoint string `yaml:"endpoint"`
		} `yaml:"protocols"`
	}
	if err := node.Decode(&otlp); err != nil {
		return "", false
	}
	pr, ok := otlp.Protocols[proto]
	if !ok {
		return "", false
	}
	if pr == nil || pr.Endpoint == "" {
		return map[string]string{"grpc": "4317", "http": "4318"}[proto], true
	}
	_, port, err := net.SplitHostPort(pr.Endpoint)
	return port, err == nil
}

func (p *composeProject) otelCollector() (*deployOtelCollector, error) {
	if p.otel == nil && p.otelErr == nil {
		p.otel = &deployOtelCollector{}
		p.otelErr = readDeployYAML("deploy/otel-collector.yaml", p.otel)
	}
	return p.otel, p.otelErr
}

func readDeployYAML(rel string, v any) error {
	raw, err := os.ReadFile(filepath.Join(composeRoot, rel))
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("does not parse: %w", err)
	}
	return nil
}
