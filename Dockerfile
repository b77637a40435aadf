# syntax=docker/dockerfile:1
# notecoder, CPU image: Debian 12's libtorch 1.13, gotch prepared by the project's script.
#
#   docker build -t notecoder .                       (or: docker compose build notecoder)
#   docker run --rm notecoder version
#   docker run --rm -p 9464:9464 notecoder serve --brokers HOST:9092
#
# Build and runtime stages are both Debian 12 (bookworm): the binary is linked against
# bookworm's libtorch1.13 and must run against the same package.

# --- build ------------------------------------------------------------------------------
FROM golang:1.26-bookworm AS build
# libtorch-dev: headers and libraries gotch compiles and links against; g++ for gotch's C++
# wrappers; perl for the gotch patch scripts. (Not scripts/setup.sh: it also installs
# Java, Maven and Kafka for the tests, which an image does not need.)
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtorch-dev g++ perl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Modules first, then gotch's preparation (it copies gotch v0.9.1 out of the module cache
# into build/gotch/cpu-1.13.0 and writes go.work): both stay cached until go.mod, go.sum or
# scripts/gotch change.
COPY go.mod go.sum ./
RUN go mod download
COPY scripts/gotch/ scripts/gotch/
RUN scripts/gotch/prepare.sh
# The rest of the source (.dockerignore keeps build/ and go.work out, so the prepared copy
# above stays in place).
COPY . .
ARG VERSION=0.1.0-dev
ARG COMMIT=unknown
# The Go build cache keeps libtch's C++ compile (about 3 minutes on 2 cores) across builds.
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/notecoder ./cmd/notecoder

# --- runtime ----------------------------------------------------------------------------
FROM debian:bookworm-slim
# libtorch1.13: the shared libraries the binary links (libtorch_cpu, libc10, with their
# dependencies); libopenblas0: a fast BLAS (libtorch only recommends one, and the reference
# BLAS is what --no-install-recommends would leave); ca-certificates: TLS to a FHIR server
# or Kafka; curl: the compose healthcheck (GET /readyz).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtorch1.13 libopenblas0 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --no-create-home \
      --home-dir /var/lib/notecoder --shell /usr/sbin/nologin notecoder \
 && install -d -o notecoder -g notecoder -m 0750 /var/lib/notecoder
COPY --from=build /out/notecoder /usr/local/bin/notecoder
# The learning loop's base training data and gold set ('notecoder retrain', serve
# --retrain-every/--retrain-after): public MTSamples and LLM-written notes, no PHI.
COPY --from=build /src/testdata/real/smoking-train.xml /src/testdata/real/smoking-dev.xml /usr/share/notecoder/real/
COPY --from=build /src/testdata/train/smoking-train-en-a.xml /src/testdata/train/smoking-train-en-b.xml \
     /src/testdata/train/smoking-train-de.xml /usr/share/notecoder/train/
COPY --from=build /src/testdata/dev/smoking-dev.xml /usr/share/notecoder/dev/
USER notecoder
WORKDIR /var/lib/notecoder
# Defaults for a container (flags override them): state in the volume-friendly
# /var/lib/notecoder, metrics and health reachable from outside the container.
ENV NOTECODER_DATA_DIR=/var/lib/notecoder \
    NOTECODER_HTTP_ADDR=0.0.0.0:9464 \
    NOTECODER_BASE_DATA=/usr/share/notecoder/real/smoking-train.xml,/usr/share/notecoder/train/smoking-train-en-a.xml,/usr/share/notecoder/train/smoking-train-en-b.xml,/usr/share/notecoder/train/smoking-train-de.xml \
    NOTECODER_GOLD=/usr/share/notecoder/real/smoking-dev.xml,/usr/share/notecoder/dev/smoking-dev.xml
EXPOSE 9464
ENTRYPOINT ["notecoder"]
CMD ["serve"]
