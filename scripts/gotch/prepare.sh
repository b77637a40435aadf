#!/usr/bin/env bash
# Prepares a patched copy of gotch for the libtorch found, and points the Go build at it.
#
#   scripts/gotch/prepare.sh            CPU: Debian's libtorch-dev (installed by scripts/setup.sh)
#   LIBTORCH=/path/to/torch scripts/gotch/prepare.sh
#                                       any libtorch folder with lib/ and include/, e.g. the
#                                       torch/ folder of a Python torch install; CUDA when it
#                                       holds libtorch_cuda.so
#
# Output (all ignored by git):
#   build/gotch/<variant>/   gotch v0.9.1 source, patched; <variant> = cpu | cuda-<version>
#   go.work (or $GOWORK)     `replace github.com/sugarme/gotch => build/gotch/<variant>`
#
# Why not edit the module cache like gotch's own setup script: the cache is read-only,
# shared and not reproducible. Everything here is derived from the pinned module and the
# committed scripts, so two runs give the same tree. A second run with nothing changed
# only checks a stamp and returns.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/gotch"
GOTCH_MODULE="github.com/sugarme/gotch"
# The gotch version is pinned in one place, go.mod; the fixes below were written for it.
GOTCH_VERSION="$(awk -v m="$GOTCH_MODULE" '$1==m{print $2; exit} $1=="require" && $2==m{print $3; exit}' "$ROOT/go.mod")"
[[ -n "$GOTCH_VERSION" ]] || { echo "gotch: go.mod does not require $GOTCH_MODULE" >&2; exit 1; }
WORKFILE="${GOWORK:-$ROOT/go.work}"

log() { echo "gotch: $*" >&2; }
die() { echo "gotch: error: $*" >&2; exit 1; }
# shellcheck source=detect.sh
source "$HERE/detect.sh"

# --- 1. Which libtorch? --------------------------------------------------------------
if [[ -n "${LIBTORCH:-}" ]]; then
  [[ -d "$LIBTORCH/lib" && -d "$LIBTORCH/include" ]] ||
    die "LIBTORCH=$LIBTORCH has no lib/ and include/ folders; point it at a libtorch folder (for a Python install: python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')"
  LT_LIB="$(cd "$LIBTORCH/lib" && pwd)"
  LT_INC="$(cd "$LIBTORCH/include" && pwd)"
  LT_SOURCE="LIBTORCH=$LIBTORCH"
  CMAKE_CFG="$(find "$LIBTORCH" -name TorchConfig.cmake 2>/dev/null | head -n1 || true)"
else
  LT_INC="/usr/include"
  LT_LIB="/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
  [[ -f "$LT_LIB/libtorch_cpu.so" ]] ||
    die "no libtorch found: run 'make setup' (installs Debian's libtorch-dev) or set LIBTORCH to a libtorch folder"
  LT_SOURCE="Debian libtorch-dev $(dpkg-query -W -f='${Version}' libtorch-dev 2>/dev/null || echo unknown)"
  CMAKE_CFG="$LT_LIB/cmake/Torch/TorchConfig.cmake"
fi
LT_VERSION="$(lt_version "$LT_INC")" || die "libtorch headers incomplete (see above)"

# The C++ ABI must match libtorch's: Debian builds with the cxx11 ABI, PyPI wheels up to
# torch 2.5 without it. TorchConfig.cmake says which; fall back to the symbol table.
ABI="$(lt_abi "$CMAKE_CFG" "$LT_LIB")" || die "see above"

if [[ -f "$LT_LIB/libtorch_cuda.so" ]]; then VARIANT="cuda-$LT_VERSION"; else VARIANT="cpu-$LT_VERSION"; fi
# NOTECODER_GOTCH_SKIP_SLOT_FIX=1 leaves gotch's leaking output slots in place, in a
# separate folder: only for measuring the leak the fix removes (see README, "gotch patches").
if [[ "${NOTECODER_GOTCH_SKIP_SLOT_FIX:-}" == 1 ]]; then VARIANT="$VARIANT-unfixed-slots"; fi
DEST="$ROOT/build/gotch/$VARIANT"

# --- 2. Up to date already? ------------------------------------------------------------
STAMP_KEY="$(awk '/^go /{print $2; exit}' "$ROOT/go.mod") $(cat "$HERE"/*.sh "$HERE"/*.pl "$HERE"/unsupported/* 2>/dev/null | sha256sum | cut -c1-16) $GOTCH_VERSION $LT_SOURCE $LT_VERSION abi=$ABI lib=$LT_LIB"
if [[ -f "$DEST/.notecoder-stamp" && "$(cat "$DEST/.notecoder-stamp")" == "$STAMP_KEY" && -f "$WORKFILE" ]] &&
   grep -q "$DEST" "$WORKFILE"; then
  log "up to date: $VARIANT ($LT_SOURCE)"
  exit 0
fi

# --- 3. Fresh copy of the pinned module ------------------------------------------------
log "preparing gotch $GOTCH_VERSION for libtorch $LT_VERSION ($LT_SOURCE, cxx11 ABI=$ABI) in ${DEST#$ROOT/}"
SRC="$(cd "$ROOT" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "$GOTCH_MODULE@$GOTCH_VERSION" | awk -F'"' '/"Dir":/{print $4}')"
[[ -d "$SRC" ]] || die "could not download $GOTCH_MODULE@$GOTCH_VERSION with 'go mod download' (is the Go module proxy reachable?)"
rm -rf "$DEST.tmp"
mkdir -p "$(dirname "$DEST")"
cp -r "$SRC" "$DEST.tmp"
chmod -R u+w "$DEST.tmp"
LIBTCH="$DEST.tmp/libtch"

# --- 4. lib.go for this libtorch --------------------------------------------------------
INCS="-I$LT_INC -I$LT_INC/torch/csrc/api/include"
LIBS="-L$LT_LIB -Wl,-rpath,$LT_LIB -lstdc++ -ltorch -ltorch_cpu -lc10"
if [[ "$VARIANT" == cuda-* ]]; then
  # --no-as-needed: nothing references libtorch_cuda directly, but it must be loaded for
  # libtorch to register its CUDA backend. --allow-shlib-undefined: the CUDA runtime
  # libraries libtorch_cuda needs live on the GPU host, not necessarily on the build host.
  LIBS="$LIBS -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed -Wl,--allow-shlib-undefined"
fi
# -O1: the wrappers are thin; libtorch does the work. -O3 compiles ~2x longer for nothing.
cat > "$LIBTCH/lib.go" <<GO
// Code generated by notecoder scripts/gotch/prepare.sh for $LT_SOURCE; DO NOT EDIT.

package libtch

// #cgo LDFLAGS: $LIBS
// #cgo CFLAGS: -I\${SRCDIR} -O1 -w -D_GLIBCXX_USE_CXX11_ABI=$ABI $INCS
// #cgo CXXFLAGS: -std=c++17 -I\${SRCDIR} -O1 -w -D_GLIBCXX_USE_CXX11_ABI=$ABI $INCS
import "C"
GO

# --- 5. Wrappers this libtorch cannot compile -------------------------------------------
LIST="$HERE/unsupported/libtorch-$LT_VERSION.txt"
if [[ ! -f "$LIST" ]]; then
  log "no list of unsupported wrappers for libtorch $LT_VERSION yet: finding them (one syntax-only compile, ~30 s)"
  ERRS="$(mktemp)"
  (cd "$LIBTCH" && g++ -std=c++17 -fsyntax-only -fmax-errors=0 -w -D_GLIBCXX_USE_CXX11_ABI="$ABI" -I. $INCS torch_api.cpp) >"$ERRS" 2>&1 || true
  mkdir -p "$HERE/unsupported"
  { grep -E '^torch_api_generated\.cpp\.h:[0-9]+:[0-9]+: (error|  required from here)' "$ERRS" || true; } | cut -d: -f2 | sort -un |
    awk 'NR==FNR{want[$1]=1;next} /^[a-z].*atg_[a-z0-9_]+\(/{match($0,/atg_[a-z0-9_]+\(/); fn=substr($0,RSTART,RLENGTH-1)} (FNR in want){print fn}' \
      - "$LIBTCH/torch_api_generated.cpp.h" | sort -u > "$LIST.tmp"
  if grep -E ': error' "$ERRS" | grep -vqE '^(torch_api_generated\.cpp\.h|/usr/include/c\+\+)'; then
    grep -E ': error' "$ERRS" | grep -vE '^(torch_api_generated\.cpp\.h|/usr/include/c\+\+)' | head -n 20 >&2
    rm -f "$LIST.tmp" "$ERRS"
    die "gotch's hand-written wrappers do not compile against libtorch $LT_VERSION (errors above); this version is not supported"
  fi
  rm -f "$ERRS"
  mv "$LIST.tmp" "$LIST"
  log "found $(wc -l < "$LIST") unsupported wrappers; wrote ${LIST#$ROOT/} (commit it so later builds skip this step)"
fi
perl "$HERE/stub-unsupported.pl" "$LIST" "$LT_VERSION" "$LIBTCH/torch_api_generated.cpp.h" >&2

# --- 6. Go-side fixes ------------------------------------------------------------------
if [[ "${NOTECODER_GOTCH_SKIP_SLOT_FIX:-}" != 1 ]]; then
  perl "$HERE/fix-output-slots.pl" "$DEST.tmp"/ts/*.go >&2
fi
perl "$HERE/fix-keepalive.pl" "$DEST.tmp"/ts/*.go >&2
perl "$HERE/fix-clip-grad-norm.pl" "$DEST.tmp/nn/optimizer.go" >&2
perl "$HERE/fix-load-sleep.pl" "$DEST.tmp/nn/varstore.go" >&2
perl "$HERE/fix-bigstruct.pl" "$DEST.tmp/ts/tensor.go" >&2

# Runtime facts for `notecoder version`, and libtorch calls gotch's Go API lacks.
cat > "$LIBTCH/notecoder_ext.go" <<GO
// Code generated by notecoder scripts/gotch/prepare.sh; DO NOT EDIT.

package libtch

// #include <stdbool.h>
// #include "torch_api.h"
import "C"

// Facts about the libtorch this copy of gotch was prepared for.
const (
	NotecoderLibtorchVersion = "$LT_VERSION"
	NotecoderLibtorchSource  = "$LT_SOURCE"
	NotecoderVariant         = "$VARIANT"
	NotecoderGotchVersion    = "$GOTCH_VERSION"
	NotecoderStubbedOps      = $(wc -l < "$LIST")
)

// AtGetNumThreads returns the number of intra-op threads libtorch uses.
func AtGetNumThreads() int { return int(C.at_get_num_threads()) }

// AtSetNumThreads sets the number of intra-op threads libtorch uses.
func AtSetNumThreads(n int) { C.at_set_num_threads(C.int(n)) }

// AtManualSeed seeds libtorch's default generators (gotch has no Go wrapper for it).
func AtManualSeed(seed int64) { C.at_manual_seed(C.int64_t(seed)) }
GO

# --- 7. Swap in and point the build at it -------------------------------------------------
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "$STAMP_KEY" > "$DEST/.notecoder-stamp"
GOVER="$(awk '/^go /{print $2; exit}' "$ROOT/go.mod")"
cat > "$WORKFILE" <<WORK
// Generated by scripts/gotch/prepare.sh; not committed. Builds notecoder against the
// gotch copy patched for $LT_SOURCE.
go $GOVER

use $ROOT

replace $GOTCH_MODULE $GOTCH_VERSION => $DEST
WORK
log "ready: ${DEST#$ROOT/} ($(wc -l < "$LIST") wrappers stubbed); build uses ${WORKFILE#$ROOT/}"
