#!/usr/bin/env bash
# The CUDA path, in two halves, because a GPU host may have no Go toolchain and no network.
#
#   scripts/gpu-check.sh build [TORCH_VERSION]     on a machine with Go and PyPI access
#       Downloads the PyPI `torch` wheel of TORCH_VERSION (default 2.11.0, the GPU hosts'
#       torch; any torch from 2.1 on; use the GPU host's torch version), unpacks its CUDA libtorch
#       (torch/lib, torch/include) into build/libtorch-cuda-<version>, prepares gotch
#       against it (scripts/gotch/prepare.sh with LIBTORCH=...) and builds, stripped, into
#       dist/gpu-check/:  notecoder, torch.test (the gotch smoke/leak tests), this script,
#       the real dev notes and the pretrained encoder's config.json and tokenizer.json (its
#       87 MB of weights stay here). Packs that folder into dist/gpu-check.tar.xz (about
#       28 MB against 70): copy either to the GPU host.
#       The CUDA runtime libraries need not be present: the linker is told to leave
#       libtorch_cuda's own dependencies to the GPU host.
#
#   scripts/gpu-check.sh run [DIR]                 on the GPU host (DIR default dist/gpu-check)
#       Finds the host's Python torch install (its lib/ holds libtorch and, through its
#       RPATH, the CUDA libraries of the nvidia-* wheels), points LD_LIBRARY_PATH at it and
#       runs, writing everything to one folder (OUT, default DIR/gpu-results):
#         notecoder version; notecoder selfcheck --device cuda; the gotch smoke tests on CPU
#         and GPU and the leak test on CUDA (torch.test); notecoder devicecheck: the shipped
#         models on CUDA against the CPU on the real dev notes (same findings, scores within
#         1e-4), the core step at batch sizes 1/16/64/256 and serve on its embedded broker
#         (documents per second, latency), and the encoder by itself (the same pooled
#         vectors as on the CPU within 1e-3; sentences per second at the same batch sizes;
#         seeded synthetic weights unless DIR/encoder holds model.safetensors: speed and
#         parity do not depend on the values); nvidia-smi sampled every 0.5 s throughout
#         (GPU utilization, memory), summarized in summary.txt.
#       Needs no network, no Go and no Java; takes about 3 minutes. Exits non-zero if any
#       check fails. Set TORCH_LIB=/path/to/torch/lib to skip the Python lookup.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "gpu-check: $*" >&2; }
die() { echo "gpu-check: error: $*" >&2; exit 1; }

build() {
  local ver="${1:-2.11.0}"
  local cache="${NOTECODER_CACHE:-$HOME/.cache/notecoder}/wheels"
  local lt="$ROOT/build/libtorch-cuda-$ver"
  local out="$ROOT/dist/gpu-check"
  command -v go >/dev/null || die "build needs Go; run 'scripts/gpu-check.sh run' on the GPU host instead"
  mkdir -p "$cache"
  local whl
  whl="$(ls "$cache"/torch-"$ver"-*manylinux*x86_64.whl 2>/dev/null | head -n1 || true)"
  if [[ -z "$whl" ]]; then
    log "downloading the torch $ver wheel from PyPI (CUDA build, ~700 MB, cached in $cache)"
    # torch up to 2.6 is tagged manylinux1/2014/2_17, from 2.7 on manylinux_2_28: ask for all.
    python3 -m pip download "torch==$ver" --no-deps --only-binary=:all: \
      --platform manylinux1_x86_64 --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64 \
      --python-version 3.12 -d "$cache" >&2 || die "could not download torch==$ver from PyPI (is it a released version with a Linux x86_64 wheel for Python 3.12?)"
    whl="$(ls "$cache"/torch-"$ver"-*x86_64.whl | head -n1)"
  fi
  if [[ ! -f "$lt/lib/libtorch_cuda.so" ]]; then
    log "unpacking libtorch from $(basename "$whl")"
    rm -rf "$lt.tmp" && mkdir -p "$lt.tmp"
    (cd "$lt.tmp" && python3 -m zipfile -e "$whl" . >/dev/null) || die "could not unpack $whl"
    [[ -f "$lt.tmp/torch/lib/libtorch_cuda.so" ]] || die "$(basename "$whl") has no torch/lib/libtorch_cuda.so: not a CUDA build of torch"
    rm -rf "$lt" && mv "$lt.tmp/torch" "$lt" && rm -rf "$lt.tmp"
  fi
  export GOWORK="$ROOT/build/go.cuda-$ver.work"
  LIBTORCH="$lt" "$ROOT/scripts/gotch/prepare.sh"
  mkdir -p "$out"
  log "building dist/gpu-check (libtch compiles once per libtorch, a few minutes)"
  (cd "$ROOT" && go build -ldflags "-s -w -X main.commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" -o "$out/notecoder" ./cmd/notecoder)
  (cd "$ROOT" && go test -c -ldflags "-s -w" -o "$out/torch.test" ./nlp/torch)
  cp "$ROOT/scripts/gpu-check.sh" "$out/"
  mkdir -p "$out/notes"
  cp "$ROOT/testdata/real/smoking-dev.xml" "$ROOT/testdata/real/conditions-dev.jsonl" "$out/notes/"
  local enc="${NOTECODER_ENCODER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/notecoder/encoders/all-MiniLM-L6-v2}"
  [[ -f "$enc/config.json" && -f "$enc/tokenizer.json" ]] || die "no pretrained encoder in $enc: run 'make setup' (or set NOTECODER_ENCODER_DIR)"
  mkdir -p "$out/encoder"
  cp "$enc/config.json" "$enc/tokenizer.json" "$out/encoder/"
  echo "$ver" > "$out/TORCH_VERSION"
  git -C "$ROOT" rev-parse --short HEAD > "$out/COMMIT" 2>/dev/null || echo unknown > "$out/COMMIT"
  # The folder is over the 64 MB some GPU hosts accept; xz brings it to about 28 MB.
  if ! python3 -c 'import sys, tarfile
with tarfile.open(sys.argv[1], "w:xz", preset=6) as t: t.add(sys.argv[2], arcname="gpu-check")' "$out.tar.xz.tmp" "$out"; then
    rm -f "$out.tar.xz.tmp"
    die "could not pack $out into $out.tar.xz (python3's tarfile with xz)"
  fi
  mv "$out.tar.xz.tmp" "$out.tar.xz"
  log "done: $(du -sh "$out" | cut -f1) in ${out#$ROOT/}, $(du -sh "$out.tar.xz" | cut -f1) packed in ${out#$ROOT/}.tar.xz"
  log "copy either to the GPU host; there: tar xJf gpu-check.tar.xz (or python3 -m tarfile -e gpu-check.tar.xz .), then gpu-check/gpu-check.sh run gpu-check"
}

run() {
  local dir="${1:-$ROOT/dist/gpu-check}"
  [[ -x "$dir/notecoder" ]] || die "no $dir/notecoder: run 'scripts/gpu-check.sh build' on a machine with Go first"
  local torch_lib="${TORCH_LIB:-}"
  if [[ -z "$torch_lib" ]]; then
    torch_lib="$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null)" ||
      die "no Python torch found on this host: set TORCH_LIB to a CUDA libtorch's lib folder"
  fi
  local host_ver
  host_ver="$(python3 -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || echo unknown)"
  if [[ -f "$dir/TORCH_VERSION" && "$host_ver" != unknown && "$host_ver" != "$(cat "$dir/TORCH_VERSION")" ]]; then
    log "warning: built against torch $(cat "$dir/TORCH_VERSION"), this host has torch $host_ver; if loading fails, rebuild with: scripts/gpu-check.sh build $host_ver"
  fi
  export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  local out="${OUT:-$dir/gpu-results}"
  mkdir -p "$out"
  log "libtorch from $torch_lib (host torch $host_ver); results in $out"
  SMI_PID=""; local smi=""
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || true
    nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits -lms 500 > "$out/nvidia-smi.csv" 2>/dev/null &
    smi=$!; SMI_PID=$smi
    trap 'kill "${SMI_PID:-}" 2>/dev/null || true' EXIT # never leave the sampler running (a global: run's locals are gone at exit)
  fi
  local rc=0
  step() { # step NAME CMD...: run, keep its output in OUT/NAME.log, note a failure
    local name="$1"; shift
    log "$name"
    echo "$(date -u +%FT%TZ) start" > "$out/$name.time"
    if "$@" > "$out/$name.log" 2>&1; then log "$name: ok"; else log "$name: FAILED (see $out/$name.log)"; rc=1; fi
    echo "$(date -u +%FT%TZ) end" >> "$out/$name.time"
    tail -n 5 "$out/$name.log" >&2
  }
  local encoder=()
  if [[ -f "$dir/encoder/model.safetensors" ]]; then encoder=(--encoder "$dir/encoder")
  elif [[ -f "$dir/encoder/config.json" ]]; then encoder=(--encoder "$dir/encoder" --encoder-synthetic)
  else log "no encoder/ in $dir: the encoder by itself is not checked"; fi
  step version "$dir/notecoder" version
  step selfcheck "$dir/notecoder" selfcheck --device cuda
  step torch-tests env NOTECODER_LEAK_DEVICE=cuda "$dir/torch.test" -test.v -test.count=1 \
    -test.run 'Test(Info|ParseDevice|SelfCheck|Worker|Unsupported|MillionOps)'
  step devicecheck "$dir/notecoder" devicecheck --device cuda --notes "$dir/notes/smoking-dev.xml" --notes "$dir/notes/conditions-dev.jsonl" \
    --batch-sizes 1,16,64,256 --seconds 10 --serve-docs 3000 --out "$out" "${encoder[@]}"
  if [[ -n "$smi" ]]; then
    kill "$smi" 2>/dev/null || true
    wait "$smi" 2>/dev/null || true
    # GPU memory (peak against the first, idle sample) and utilization over the whole run.
    awk -F', *' '
      NR==1 {idle=$3}
      { n++; if ($3>peak) peak=$3; if ($2>0) {busy++; u+=$2} }
      END { printf "nvidia-smi samples: %d; memory idle %d MiB, peak %d MiB (models and serve: %d MiB); mean GPU utilization over busy samples %.0f%%\n", n, idle, peak, peak-idle, (busy? u/busy : 0) }' \
      "$out/nvidia-smi.csv" > "$out/summary.txt" 2>/dev/null || true
  fi
  { echo "commit $(cat "$dir/COMMIT" 2>/dev/null || echo unknown), built for torch $(cat "$dir/TORCH_VERSION" 2>/dev/null), host torch $host_ver"
    grep -h -E 'parity with the CPU|core step|serve on its|encoder, batch|selfcheck ok|leak check' "$out"/*.log 2>/dev/null || true
  } >> "$out/summary.txt"
  cat "$out/summary.txt" >&2
  if ((rc == 0)); then log "all GPU checks passed; results in $out"; else log "some GPU checks FAILED; results in $out"; fi
  return $rc
}

case "${1:-}" in
  build) shift; build "$@" ;;
  run) shift; run "$@" ;;
  -h|--help|"") sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; [[ -n "${1:-}" ]] ;;
  *) die "unknown command '$1': use 'build [TORCH_VERSION]' or 'run [DIR]' (see --help)" ;;
esac
