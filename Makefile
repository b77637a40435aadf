# notecoder: the targets users and CI rely on. `make help` lists them.
GO       ?= go
COMMIT   := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
VERSION  := 0.1.0-dev
LDFLAGS  := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

.PHONY: help setup build test demo bench bench-micro clean kafka-up kafka-down kafka-status learning-curve models bench-kafka

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install system dependencies and prepare gotch for the libtorch found (idempotent)
	@scripts/setup.sh

build: setup ## build bin/notecoder
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/notecoder ./cmd/notecoder

test: ## run every check and test from nothing (runs setup itself); .ci/run calls this
	@scripts/test.sh

demo: build ## run the main job on its embedded default
	bin/notecoder demo

bench: build ## end-to-end report on a real broker (core step, no-op baseline, sustained rate, latency, memory soak): docs/benchmarks.md + docs/benchmarks-e2e.json
	@dir=var/kafka-bench; addr=$$(scripts/kafka.sh up --port $${NOTECODER_BENCH_KAFKA_PORT:-39192} --dir $$dir) || exit 1; \
	trap 'scripts/kafka.sh down --dir '"$$dir"' >/dev/null 2>&1' EXIT; \
	NOTECODER_TEST_KAFKA=$$addr NOTECODER_TEST_BIN=$(CURDIR)/bin/notecoder $(GO) test -run '^$$' -bench EndToEnd -benchtime 1x -timeout 90m ./integration

bench-micro: build ## the Go micro-benchmarks of every package (core step, encoder, rules, ...), printing their figures
	$(GO) test -run '^$$' -bench . -benchmem $$($(GO) list ./... | grep -v /integration)

bench-kafka: build ## end-to-end throughput of one serve process through a real Kafka broker (1/4/8 KB notes)
	@dir=var/kafka-bench; addr=$$(scripts/kafka.sh up --port $${NOTECODER_BENCH_KAFKA_PORT:-39192} --dir $$dir) || exit 1; \
	trap 'scripts/kafka.sh down --dir '"$$dir"' >/dev/null 2>&1' EXIT; \
	NOTECODER_TEST_KAFKA=$$addr NOTECODER_TEST_BIN=$(CURDIR)/bin/notecoder $(GO) test -run '^$$' -bench ServeThroughKafka -benchtime 1x -timeout 60m ./integration

clean: ## remove build outputs (bin/, build/, go.work)
	rm -rf bin build go.work go.work.sum

kafka-up: ## start a local Apache Kafka broker on 127.0.0.1:9092 (KRaft, jars from Maven Central); prints the address
	@scripts/kafka.sh up

kafka-down: ## stop the local Kafka broker and delete its data (var/kafka)
	@scripts/kafka.sh down

kafka-status: ## say whether the local Kafka broker runs
	@scripts/kafka.sh status

learning-curve: build ## the study's learning curves on real notes (pretrained encoder vs from scratch vs rules) and on the LLM-written sets (docs/learning-curve-*)
	mkdir -p docs
	bin/notecoder curve smoking --train testdata/real/smoking-train.xml --dev testdata/real/smoking-dev.xml --arch bag,encoder \
		--sizes 25,50,100,200,300,355 --name learning-curve-real-smoking --out docs | tee docs/learning-curve-real-smoking.txt
	bin/notecoder curve entities --train testdata/real/conditions-train.jsonl --dev testdata/real/conditions-dev.jsonl \
		--sizes 25,50,100,200,300,574 --name learning-curve-real-entities --out docs | tee docs/learning-curve-real-entities.txt
	bin/notecoder curve smoking --out docs | tee docs/learning-curve-smoking.txt
	bin/notecoder curve entities --out docs | tee docs/learning-curve-entities.txt

# The shipped smoking model is distilled from the pretrained encoder (make setup fetches it):
# the encoder is fine-tuned on the real MTSamples training notes and the LLM-written English
# ones, labels the tobacco sentences of the unlabelled corpus (dev notes left out), and the
# fast bag model learns from all of it plus the German notes and synthetic sentences.
CORPUS         ?= ../shared/corpora/mtsamples/notes.jsonl
REAL_TRAIN      = testdata/real/smoking-train.xml
LLM_TRAIN_EN    = testdata/train/smoking-train-en-a.xml testdata/train/smoking-train-en-b.xml
LLM_TRAIN_DE    = testdata/train/smoking-train-de.xml
DEV_SETS        = testdata/real/smoking-dev.xml testdata/real/conditions-dev.jsonl
MODEL_VERSION   = 0.3.15

models: build ## rebuild the shipped smoking model (encoder teacher, distilled student) and score it on the real and LLM-written dev sets
	@test -f $(CORPUS) || { echo "make models: the unlabelled corpus $(CORPUS) is missing (set CORPUS=PATH to ../shared/corpora/mtsamples/notes.jsonl)" >&2; exit 2; }
	bin/notecoder train smoking --arch encoder $(addprefix --data ,$(REAL_TRAIN) $(LLM_TRAIN_EN)) --synthetic 0 --seed 1 \
		--version $(MODEL_VERSION) --out build/models/encoder/smoking
	bin/notecoder train smoking --arch bag $(addprefix --data ,$(REAL_TRAIN) $(LLM_TRAIN_EN) $(LLM_TRAIN_DE)) --synthetic 2000 --seed 1 \
		--teacher build/models/encoder/smoking --unlabelled $(CORPUS) $(addprefix --exclude ,$(DEV_SETS)) \
		--version $(MODEL_VERSION) --out nlp/models/builtin/smoking
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/notecoder ./cmd/notecoder
	bin/notecoder eval smoking --models build/models/encoder --data testdata/real/smoking-dev.xml
	bin/notecoder eval smoking --data testdata/real/smoking-dev.xml
	bin/notecoder eval smoking --data testdata/dev/smoking-dev.xml
