#!/usr/bin/env bash
# scripts/postgres.sh: a real PostgreSQL server on 127.0.0.1 for the training store's
# tests (and for trying the several-instance setup), from Debian's postgresql package
# (make setup installs it), without Docker or systemd. Run `scripts/postgres.sh --help`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT_DIR="${PG_DIR:-$ROOT/var/postgres}"
DEFAULT_PORT="${PG_PORT:-5432}"
MARKER=".notecoder-postgres"

usage() {
  cat <<EOF
Usage: scripts/postgres.sh COMMAND [--port P] [--dir D]

Runs one PostgreSQL server (Debian's postgresql package) on 127.0.0.1, its data in D.

Commands:
  up      create the cluster if needed, start it, wait until it answers; prints only
          the connection URL (postgres://notecoder@127.0.0.1:P/notecoder?sslmode=disable)
          on stdout. Already running: prints it.
  down    stop the server and delete D. Idempotent.
  status  say whether it runs; exit 0 if it does, 3 if not
  -h, --help  this text

Options:
  --port P  port (default $DEFAULT_PORT)
  --dir D   state folder (default $DEFAULT_DIR)
EOF
}

log() { echo "postgres: $*" >&2; }
die() { echo "postgres: error: $*" >&2; exit 1; }

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  [[ -n "$d" && -x "$d/initdb" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql: run 'make setup' (installs Debian's postgresql) or apt-get install -y postgresql"
  echo "$d"
}

# PostgreSQL refuses to run as root: as root, run its programs as the postgres user.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user (Debian's postgresql package creates it): apt-get install -y postgresql"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() { echo "postgres://notecoder@127.0.0.1:$1/notecoder?sslmode=disable"; }

cmd=""; port="$DEFAULT_PORT"; dir="$DEFAULT_DIR"
while (($#)); do
  case "$1" in
    up|down|status) cmd="$1" ;;
    --port) port="${2:?--port needs a number}"; shift ;;
    --dir) dir="${2:?--dir needs a folder}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
  shift
done
[[ -n "$cmd" ]] || { usage >&2; exit 2; }

[[ "$dir" = /* ]] || dir="$PWD/$dir" # the server needs absolute paths
data="$dir/data"
sock="$dir/sock"

running() { [[ -f "$data/postmaster.pid" ]] && as_pg "$(pg_bin)/pg_ctl" -D "$data" status >/dev/null 2>&1; }

case "$cmd" in
  up)
    bin="$(pg_bin)"
    if running; then url "$port"; exit 0; fi
    mkdir -p "$dir"
    touch "$dir/$MARKER"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      rm -rf "$data" "$sock"
      mkdir -p "$data" "$sock"
      [[ $(id -u) -eq 0 ]] && chown postgres "$data" "$sock" && chmod 755 "$dir"
      log "initdb $data"
      as_pg "$bin/initdb" -D "$data" -A trust -U notecoder -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    log "starting on 127.0.0.1:$port"
    if ! as_pg "$bin/pg_ctl" -D "$data" -l "$sock/server.log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1" start >/dev/null; then
      cat "$sock/server.log" >&2 || true
      die "the server did not start (port $port taken? --port moves it)"
    fi
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U notecoder -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='notecoder'" | grep -q 1 ||
      as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U notecoder notecoder
    url "$port"
    ;;
  down)
    if [[ -d "$dir" && ! -f "$dir/$MARKER" ]]; then die "$dir was not made by this script; not deleting it"; fi
    if [[ -f "$data/postmaster.pid" ]]; then
      as_pg "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  status)
    if running; then echo "running ($data)"; exit 0; fi
    echo "not running"; exit 3
    ;;
esac
