#!/usr/bin/env bash
# scripts/kafka.sh: a real Apache Kafka broker (KRaft, one combined
# broker+controller node) on 127.0.0.1 for integration tests and benchmarks,
# on machines without Docker. Jars come from Maven Central through
# tools/kafka/pom.xml; nothing is downloaded from kafka.apache.org.
# Run `scripts/kafka.sh --help` for usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/tools/kafka/pom.xml"
LOG4J_SERVER="$ROOT/tools/kafka/log4j2-server.properties"
LOG4J_TOOLS="$ROOT/tools/kafka/log4j2-tools.properties"

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
CACHE_ROOT="${NOTECODER_CACHE:-${HOME:-/root}/.cache/notecoder}"
KAFKA_HOME_DIR="$CACHE_ROOT/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME_DIR/libs"
STAMP="$KAFKA_HOME_DIR/.fetched"

DEFAULT_DIR="${KAFKA_DIR:-$ROOT/var/kafka}"
DEFAULT_PORT="${KAFKA_PORT:-9092}"
UP_TIMEOUT="${KAFKA_UP_TIMEOUT:-60}"
DOWN_TIMEOUT="${KAFKA_DOWN_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
TOOL_HEAP_OPTS="${KAFKA_TOOL_HEAP_OPTS:--Xmx256m}"
MARKER=".notecoder-kafka" # present in every state dir this script made

# Main classes (Kafka 4.x jars on Maven Central).
MAIN_BROKER="kafka.Kafka"
MAIN_STORAGE="kafka.tools.StorageTool"
MAIN_TOPICS="org.apache.kafka.tools.TopicCommand"
MAIN_PRODUCER="org.apache.kafka.tools.ConsoleProducer"
MAIN_CONSUMER="org.apache.kafka.tools.consumer.ConsoleConsumer"

usage() {
  cat <<EOF
Usage: scripts/kafka.sh COMMAND [OPTIONS]

Runs one Apache Kafka $KAFKA_VERSION broker (KRaft, broker+controller in one
JVM) on 127.0.0.1, from jars fetched off Maven Central with Maven.

Commands:
  fetch                      put the Kafka jars into the cache (idempotent)
  up [--port P] [--dir D]    start the broker (fetches first if needed) and wait
                             until it answers; prints only the bootstrap address
                             (127.0.0.1:P) on stdout. Already running: prints it.
  down [--dir D]             stop the broker (SIGTERM, SIGKILL after
                             ${DOWN_TIMEOUT}s) and delete the state dir. Idempotent.
  status [--dir D]           say whether it runs, where; exit 0 if it does, 3 if not
  topic NAME [PARTITIONS] [--dir D]
                             create a topic (default 1 partition, RF 1)
  topics [--dir D]           list topics
  produce TOPIC [--dir D]    send stdin lines as messages (console producer)
  consume TOPIC [--max N] [--timeout-ms T] [--dir D]
                             print messages from the beginning (console consumer)
  -h, --help                 this text

Options:
  --port P    PLAINTEXT listener port (default $DEFAULT_PORT); the controller
              listener uses P+1
  --dir D     state dir: server.properties, data, logs, pid
              (default $DEFAULT_DIR)

Environment:
  KAFKA_VERSION               Kafka version from Maven Central (default 4.4.0; 4.0.0+)
  NOTECODER_CACHE             cache root (default \$HOME/.cache/notecoder); jars
                              go to \$NOTECODER_CACHE/kafka-\$KAFKA_VERSION/libs
  KAFKA_DIR, KAFKA_PORT       defaults for --dir and --port
  KAFKA_UP_TIMEOUT            seconds to wait for the broker (default 60)
  KAFKA_DOWN_TIMEOUT          seconds before SIGKILL (default 30)
  KAFKA_HEAP_OPTS             broker heap (default "-Xms256m -Xmx512m")
  KAFKA_JVM_OPTS              extra JVM options for the broker
  KAFKA_EXTRA_PROPERTIES_FILE file appended to server.properties at up; later
                              keys win, so it can redefine listeners,
                              listener.security.protocol.map, advertised.listeners
                              and add SASL/SSL settings. @PORT@, @CONTROLLER_PORT@
                              and @DIR@ in it become P, P+1 and the state dir.
                              Keep the PLAINTEXT listener on 127.0.0.1:P:
                              readiness is checked there.
  MVN                         Maven command (default mvn)
EOF
}

say() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { printf 'kafka.sh: error: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found. $2"
}

# ---------------------------------------------------------------- fetch

want_stamp() {
  local pom_sum
  pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  printf 'kafka %s pom %s\n' "$KAFKA_VERSION" "$pom_sum"
}

jars_ready() {
  [[ -f "$STAMP" && -d "$LIBS" ]] && [[ "$(cat "$STAMP")" == "$(want_stamp)" ]]
}

cmd_fetch() {
  [[ -f "$POM" ]] || die "$POM is missing; run from a full notecoder checkout."
  if jars_ready; then
    say "jars for Kafka $KAFKA_VERSION already in $LIBS"
    return 0
  fi
  local mvn="${MVN:-mvn}"
  need "${mvn%% *}" "Install Maven (Debian: apt-get install -y maven) or set MVN."
  need java "Install Java 17+ (Debian: apt-get install -y openjdk-17-jre-headless)."
  mkdir -p "$KAFKA_HOME_DIR"
  # One fetch at a time per version (parallel CI jobs share the cache). The
  # lock lives on fd 9 of a subshell only, so the broker never inherits it.
  ( fetch_locked ) 9>"$KAFKA_HOME_DIR/.lock"
}

fetch_locked() {
  if command -v flock >/dev/null 2>&1; then
    flock 9
    if jars_ready; then say "jars for Kafka $KAFKA_VERSION already in $LIBS"; return 0; fi
  fi
  local mvn="${MVN:-mvn}"
  local tmp="$KAFKA_HOME_DIR/libs.tmp.$$"
  rm -rf "$tmp"
  say "fetching Kafka $KAFKA_VERSION and its dependencies from Maven Central into $LIBS ..."
  local start=$SECONDS log="$KAFKA_HOME_DIR/fetch.log"
  # shellcheck disable=SC2086
  if ! $mvn -B -q -f "$POM" \
      -Dkafka.version="$KAFKA_VERSION" -Dkafka.libs="$tmp" \
      dependency:copy-dependencies >"$log" 2>&1; then
    tail -n 30 "$log" >&2 || true
    rm -rf "$tmp"
    die "Maven could not fetch Kafka $KAFKA_VERSION (full log: $log). Check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml) and that KAFKA_VERSION names a 4.x release."
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] \
    || die "Maven ran but $tmp has no kafka_2.13-$KAFKA_VERSION.jar (log: $log)"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  want_stamp >"$STAMP"
  say "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $((SECONDS - start))s"
}

# ---------------------------------------------------------------- helpers

check_java() {
  need java "Install Java 17+ (Debian: apt-get install -y openjdk-17-jre-headless)."
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${v%%.*}" =~ ^[0-9]+$ ]] || die "cannot read the Java version from 'java -version'"
  (( ${v%%.*} >= 17 )) || die "Kafka 4 needs Java 17 or newer; 'java' is $v. Install openjdk-17 and put it first on PATH (or set JAVA_HOME/bin first)."
}

# Run a Kafka tool main class in the foreground.
run_tool() {
  local main="$1"; shift
  # shellcheck disable=SC2086
  java $TOOL_HEAP_OPTS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$LOG4J_TOOLS" \
    -cp "$LIBS/*" "$main" "$@"
}

pid_of() { # prints the broker pid of state dir $1 if that process is alive
  local dir="$1" pid
  [[ -f "$dir/kafka.pid" ]] || return 1
  pid="$(cat "$dir/kafka.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # The pid must still be our broker (not a recycled pid).
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/server.properties" || return 1
  printf '%s\n' "$pid"
}

port_of() { cat "$1/port" 2>/dev/null || true; }

# True if something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Kafka protocol check without a JVM: send ApiVersions v0 (api key 18,
# correlation id 1, client id "kafka.sh") and expect correlation id 1 and
# error code 0 back. The broker only answers once it has caught up with the
# metadata log and is unfenced, so this means "ready for clients".
kafka_answers() {
  local port="$1" reply
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  reply="$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x00\x00\x00\x12\x00\x12\x00\x00\x00\x00\x00\x01\x00\x08kafka.sh" >&3
    head -c 10 <&3 | od -An -tx1 | tr -d " \n"
  ' _ "$port" 2>/dev/null)" || return 1
  # 4 bytes size, then correlation id 00000001, then error code 0000.
  [[ "${reply:8:12}" == "000000010000" ]]
}

random_cluster_id() { # a Kafka Uuid: 16 random bytes, base64url, no padding
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* && "$id" != "AAAAAAAAAAAAAAAAAAAAAA" && "$id" != "AAAAAAAAAAAAAAAAAAAAAQ" ]] && break
  done
  printf '%s\n' "$id"
}

print_logs() {
  local dir="$1"
  for f in "$dir/logs/server.log" "$dir/logs/stdout.log"; do
    [[ -s "$f" ]] || continue
    say "last lines of $f:"
    tail -n 40 "$f" >&2
  done
}

write_properties() {
  local dir="$1" port="$2" cport=$(( $2 + 1 ))
  cat >"$dir/server.properties" <<EOF
# Written by scripts/kafka.sh up; rewritten on every start.
# One combined broker+controller node in KRaft mode, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL

log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true

# Internal topics: one replica, few partitions (single node, fast start).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Fast tests: no wait before the first consumer-group rebalance.
group.initial.rebalance.delay.ms=0

num.network.threads=2
num.io.threads=4
log.retention.hours=24
log.segment.bytes=268435456
EOF
  if [[ -n "${KAFKA_EXTRA_PROPERTIES_FILE:-}" ]]; then
    [[ -r "$KAFKA_EXTRA_PROPERTIES_FILE" ]] \
      || die "KAFKA_EXTRA_PROPERTIES_FILE=$KAFKA_EXTRA_PROPERTIES_FILE cannot be read"
    {
      printf '\n# ---- appended from %s (later keys win) ----\n' "$KAFKA_EXTRA_PROPERTIES_FILE"
      sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$cport|g" -e "s|@DIR@|$dir|g" \
        "$KAFKA_EXTRA_PROPERTIES_FILE"
      printf '\n'
    } >>"$dir/server.properties"
  fi
}

# ---------------------------------------------------------------- commands

cmd_up() {
  local port="$DEFAULT_PORT" dir="$DEFAULT_DIR"
  while (($#)); do
    case "$1" in
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; port="$2"; shift 2 ;;
      --port=*) port="${1#*=}"; shift ;;
      --dir) [[ $# -ge 2 ]] || die "--dir needs a value"; dir="$2"; shift 2 ;;
      --dir=*) dir="${1#*=}"; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "up: unknown argument '$1' (see --help)" ;;
    esac
  done
  if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1024 || port >= 65535 )); then
    die "--port must be a number from 1024 to 65534, not '$port'"
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"

  local pid
  if pid="$(pid_of "$dir")"; then
    local running_port; running_port="$(port_of "$dir")"
    if kafka_answers "$running_port"; then
      [[ "$running_port" == "$port" ]] \
        || say "note: the broker in $dir already runs on port $running_port (not $port); run down first to change it"
      say "already running (pid $pid, dir $dir)"
      printf '127.0.0.1:%s\n' "$running_port"
      return 0
    fi
    say "a broker from $dir (pid $pid) runs but does not answer on $running_port yet; waiting for it"
    port="$running_port"
  else
    if [[ -n "$(ls -A "$dir" 2>/dev/null)" && ! -f "$dir/$MARKER" ]]; then
      die "$dir is not empty and was not made by kafka.sh; give an empty or new --dir"
    fi
    local p
    for p in "$port" $((port + 1)); do
      if port_open "$p"; then
        die "127.0.0.1:$p is already in use by another process (see: ss -ltnp 'sport = :$p'). Stop it or pick another port with --port (the broker uses P and P+1)."
      fi
    done
    cmd_fetch
    check_java

    touch "$dir/$MARKER"
    mkdir -p "$dir/data" "$dir/logs"
    printf '%s\n' "$port" >"$dir/port"
    write_properties "$dir" "$port"

    if [[ -f "$dir/data/meta.properties" ]]; then
      say "reusing the data already in $dir/data (run 'kafka.sh down' to start empty)"
    else
      local cid; cid="$(random_cluster_id)"
      say "formatting storage in $dir/data (cluster id $cid)"
      if ! run_tool "$MAIN_STORAGE" format -t "$cid" -c "$dir/server.properties" \
          >"$dir/logs/format.log" 2>&1; then
        cat "$dir/logs/format.log" >&2
        die "formatting the storage failed (see above): fix the cause (a bad key in KAFKA_EXTRA_PROPERTIES_FILE?), then 'kafka.sh down --dir $dir' and up again"
      fi
    fi

    say "starting Kafka $KAFKA_VERSION on 127.0.0.1:$port (controller :$((port + 1)), dir $dir)"
    # shellcheck disable=SC2086
    setsid nohup java $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dkafka.logs.dir="$dir/logs" -Dlog4j2.configurationFile="$LOG4J_SERVER" \
      ${KAFKA_JVM_OPTS:-} \
      -cp "$LIBS/*" "$MAIN_BROKER" "$dir/server.properties" \
      </dev/null >"$dir/logs/stdout.log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$dir/kafka.pid"
    printf '%s\n' "$KAFKA_VERSION" >"$dir/version"
  fi

  local start=$SECONDS
  while :; do
    if kafka_answers "$port"; then
      say "ready in $((SECONDS - start))s (pid $pid, logs $dir/logs)"
      printf '127.0.0.1:%s\n' "$port"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      print_logs "$dir"
      die "the broker exited during startup (logs above, full logs in $dir/logs). Fix the cause, then 'kafka.sh down --dir $dir' and up again."
    fi
    if (( SECONDS - start >= UP_TIMEOUT )); then
      print_logs "$dir"
      stop_pid "$pid"
      die "the broker did not answer on 127.0.0.1:$port within ${UP_TIMEOUT}s and was stopped (logs above, full logs in $dir/logs). A slow machine? Raise KAFKA_UP_TIMEOUT."
    fi
    sleep 0.2
  done
}

parse_dir_only() { # sets DIR from --dir; leaves the rest in ARGS
  DIR="$DEFAULT_DIR"; ARGS=()
  while (($#)); do
    case "$1" in
      --dir) [[ $# -ge 2 ]] || die "--dir needs a value"; DIR="$2"; shift 2 ;;
      --dir=*) DIR="${1#*=}"; shift ;;
      -h|--help) usage; exit 0 ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
  if [[ -d "$DIR" ]]; then DIR="$(cd "$DIR" && pwd)"; fi
}

stop_pid() { # SIGTERM, wait up to DOWN_TIMEOUT, then SIGKILL
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < DOWN_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  say "pid $pid still runs after ${DOWN_TIMEOUT}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

cmd_down() {
  parse_dir_only "$@"
  ((${#ARGS[@]} == 0)) || die "down: unknown argument '${ARGS[0]}' (see --help)"
  local dir="$DIR" pid
  if [[ ! -e "$dir" ]]; then
    say "not running (no $dir)"
    return 0
  fi
  if pid="$(pid_of "$dir")"; then
    say "stopping the broker (pid $pid)"
    stop_pid "$pid"
  else
    say "not running"
  fi
  if [[ -f "$dir/$MARKER" ]]; then
    rm -rf "$dir"
    say "removed $dir"
  elif [[ -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
    say "left $dir in place: it was not made by kafka.sh"
  else
    rmdir "$dir" 2>/dev/null || true
  fi
}

cmd_status() {
  parse_dir_only "$@"
  ((${#ARGS[@]} == 0)) || die "status: unknown argument '${ARGS[0]}' (see --help)"
  local dir="$DIR" pid port
  if pid="$(pid_of "$dir")"; then
    port="$(port_of "$dir")"
    local state="answering"
    kafka_answers "$port" || state="NOT answering yet"
    echo "running: Kafka $(cat "$dir/version" 2>/dev/null || echo '?'), pid $pid, bootstrap 127.0.0.1:$port ($state), dir $dir, logs $dir/logs"
    return 0
  fi
  if [[ -f "$dir/$MARKER" ]]; then
    echo "not running (stale state in $dir; 'kafka.sh up' restarts on its data, 'kafka.sh down' removes it)"
  else
    echo "not running (no broker state in $dir)"
  fi
  return 3
}

bootstrap_of() { # the address of the running broker of $1, or die
  local dir="$1" port
  pid_of "$dir" >/dev/null \
    || die "no broker runs from $dir; start one with 'scripts/kafka.sh up' (or give its --dir)"
  port="$(port_of "$dir")"
  jars_ready || die "no jars for Kafka $KAFKA_VERSION in $LIBS; run 'scripts/kafka.sh fetch' (or set KAFKA_VERSION to the broker's version)"
  printf '127.0.0.1:%s\n' "$port"
}

cmd_topic() {
  parse_dir_only "$@"
  ((${#ARGS[@]} >= 1 && ${#ARGS[@]} <= 2)) || die "usage: kafka.sh topic NAME [PARTITIONS] [--dir D]"
  local name="${ARGS[0]}" parts="${ARGS[1]:-1}" bs
  [[ "$parts" =~ ^[1-9][0-9]*$ ]] || die "PARTITIONS must be a positive number, not '$parts'"
  bs="$(bootstrap_of "$DIR")"
  run_tool "$MAIN_TOPICS" --bootstrap-server "$bs" --create --if-not-exists \
    --topic "$name" --partitions "$parts" --replication-factor 1 >&2
  say "topic $name ready ($parts partition(s)) on $bs"
}

cmd_topics() {
  parse_dir_only "$@"
  ((${#ARGS[@]} == 0)) || die "topics: unknown argument '${ARGS[0]}' (see --help)"
  run_tool "$MAIN_TOPICS" --bootstrap-server "$(bootstrap_of "$DIR")" --list
}

cmd_produce() {
  parse_dir_only "$@"
  ((${#ARGS[@]} == 1)) || die "usage: kafka.sh produce TOPIC [--dir D] < lines"
  run_tool "$MAIN_PRODUCER" --bootstrap-server "$(bootstrap_of "$DIR")" --topic "${ARGS[0]}"
}

cmd_consume() {
  parse_dir_only "$@"
  local topic="" extra=() i=0
  while ((i < ${#ARGS[@]})); do
    case "${ARGS[i]}" in
      --max) extra+=(--max-messages "${ARGS[i+1]:?--max needs a value}"); i=$((i + 2)) ;;
      --timeout-ms) extra+=(--timeout-ms "${ARGS[i+1]:?--timeout-ms needs a value}"); i=$((i + 2)) ;;
      -*) die "consume: unknown option '${ARGS[i]}'" ;;
      *) [[ -z "$topic" ]] || die "usage: kafka.sh consume TOPIC [--max N] [--timeout-ms T] [--dir D]"
         topic="${ARGS[i]}"; i=$((i + 1)) ;;
    esac
  done
  [[ -n "$topic" ]] || die "usage: kafka.sh consume TOPIC [--max N] [--timeout-ms T] [--dir D]"
  run_tool "$MAIN_CONSUMER" --bootstrap-server "$(bootstrap_of "$DIR")" \
    --topic "$topic" --from-beginning "${extra[@]}"
}

main() {
  (($#)) || { usage >&2; exit 2; }
  local cmd="$1"; shift
  case "$cmd" in
    fetch)
      (($# == 0)) || { [[ "$1" == -h || "$1" == --help ]] && { usage; exit 0; }; die "fetch takes no arguments"; }
      cmd_fetch ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    topic) cmd_topic "$@" ;;
    topics) cmd_topics "$@" ;;
    produce) cmd_produce "$@" ;;
    consume) cmd_consume "$@" ;;
    -h|--help|help) usage ;;
    *) die "unknown command '$cmd'; run 'scripts/kafka.sh --help'" ;;
  esac
}

main "$@"
