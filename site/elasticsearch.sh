#!/usr/bin/env bash
# site/elasticsearch.sh start|stop|restart|status|url|check
#
# A throwaway single-node Elasticsearch 8 for development and CI, fetched from
# Maven Central only (this machine reaches no other download site):
#   org.elasticsearch.distribution.integ-test-zip:elasticsearch:<ver>:zip
# (newest served: 8.19.21; there is no 9.x, and the full distribution zip stops
# at 6.8.23). This integ-test node holds only the transport-netty4, x-pack-core,
# x-pack-security and apm modules: no analysis-common (no `whitespace` tokenizer,
# no ngram, no `indonesian` analyzer) and no rest-root (GET / answers 405).
# Wagtail's own Elasticsearch backend cannot create its index there, but the
# marketplace's backend (search/backends/elasticsearch.py) can: it stems in
# Python and indexes with analyzers that Elasticsearch's core holds
# (see INDEX_SETTINGS there, and `check` below). The ES modules are not on
# Maven Central, so this node cannot be completed the way opensearch.sh
# completes OpenSearch 2.x.
# Everything is fetched with `mvn` (cached in ~/.m2) into the state dir.
#
# Settings (environment):
#   STATE_DIR                   default $HOME/.cache/kmp (node lives in $STATE_DIR/elasticsearch)
#   ELASTICSEARCH_PORT          default 9260 (HTTP, 127.0.0.1 only)
#   ELASTICSEARCH_TRANSPORT_PORT  default ELASTICSEARCH_PORT+100
#   ELASTICSEARCH_VERSION       default 8.19.21 (runs on Java 17+)
#   ELASTICSEARCH_HEAP          default 512m
#   ELASTICSEARCH_JAVA_HOME     default: the newest Java 17..25 in /usr/lib/jvm
#   ELASTICSEARCH_USER          OS user that runs the node when we are root
#                               (Elasticsearch refuses root); default kmp-search, created if missing
#   ELASTICSEARCH_START_TIMEOUT seconds to wait for yellow/green, default 180
#
# SEARCH_URL for the marketplace: `bash site/elasticsearch.sh url` prints
# elasticsearch://127.0.0.1:<port> (the scheme picks the Elasticsearch backend);
# `url --http` prints the plain http:// address.
set -euo pipefail

STATE_DIR="${STATE_DIR:-$HOME/.cache/kmp}"
ES_VERSION="${ELASTICSEARCH_VERSION:-8.19.21}"
ES_PORT="${ELASTICSEARCH_PORT:-9260}"
ES_TPORT="${ELASTICSEARCH_TRANSPORT_PORT:-$((ES_PORT + 100))}"
ES_HEAP="${ELASTICSEARCH_HEAP:-512m}"
ES_USER="${ELASTICSEARCH_USER:-kmp-search}"
ES_TIMEOUT="${ELASTICSEARCH_START_TIMEOUT:-180}"

BASE="$STATE_DIR/elasticsearch"
ES_HOME="$BASE/elasticsearch-$ES_VERSION"
DL="$BASE/download-$ES_VERSION"
DATA="$BASE/data-$ES_VERSION"
LOGS="$BASE/logs"
TMP="$BASE/tmp"
PIDFILE="$BASE/elasticsearch.pid"
URL="http://127.0.0.1:$ES_PORT"

log() { printf '[elasticsearch.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
T0=$(date +%s)
took() { log "$1 (+$(($(date +%s) - T0))s)"; }

is_root() { [ "$(id -u)" = 0 ]; }

# --- tiny HTTP client (curl is not guaranteed on a fresh machine) -------------
# http METHOD PATH [JSON-BODY] -> prints body; exit 0 on 2xx, 1 otherwise
http() {
  python3 - "$1" "$URL$2" "${3:-}" <<'PY'
import sys, urllib.request, urllib.error
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=30) as r:
        sys.stdout.write(r.read().decode()); sys.exit(0)
except urllib.error.HTTPError as e:
    sys.stdout.write(e.read().decode()); sys.exit(1)
except Exception as e:
    sys.stdout.write(str(e)); sys.exit(1)
PY
}

# --- process bookkeeping -------------------------------------------------------
node_pid() {  # prints pid of OUR running node, or nothing
  local pid
  [ -s "$PIDFILE" ] || return 0
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$BASE/elasticsearch-"; then echo "$pid"; fi
}

# (no rest-root module: GET / answers 405, so health is read from _cluster/health)
healthy() {
  http GET "/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
    | python3 -c 'import sys,json; d=json.load(sys.stdin); sys.exit(0 if d.get("status") in ("yellow","green") and not d.get("timed_out") else 1)' 2>/dev/null
}

port_busy() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

# --- Java -----------------------------------------------------------------------
java_major() {  # java_major JAVA_HOME -> 17, 21, 25 ...
  local v=""
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java\.specification\.version = //p')
  fi
  v=${v#1.}; echo "${v%%[.+-]*}"
}

pick_java() {
  local min=17 max=25 cand best="" bestv=0 v
  if [ -n "${ELASTICSEARCH_JAVA_HOME:-}" ]; then echo "$ELASTICSEARCH_JAVA_HOME"; return; fi
  for cand in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$cand/bin/java" ] || continue
    cand=$(readlink -f "$cand")
    v=$(java_major "$cand" 2>/dev/null || echo 0)
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge "$min" ] && [ "$v" -le "$max" ] && [ "$v" -gt "$bestv" ]; then best=$cand bestv=$v; fi
  done
  [ -n "$best" ] || die "Elasticsearch $ES_VERSION needs Java $min..$max; none in /usr/lib/jvm (set ELASTICSEARCH_JAVA_HOME)"
  echo "$best"
}

# --- OS user & directory access (root only) -----------------------------------
ensure_user() {
  is_root || return 0
  if ! id "$ES_USER" >/dev/null 2>&1; then
    log "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$ES_USER"
  fi
}

# The node runs as $ES_USER but may live under root's $HOME (mode 700 on Debian):
# give other users search (x) permission -- not read -- on the blocking parents.
ensure_traversable() {
  is_root || return 0
  local path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${1#/}"
  for part in "${parts[@]}"; do  # top-down: /root, /root/.cache, ...
    path="$path/$part"
    if ! runuser -u "$ES_USER" -- test -x "$path" 2>/dev/null; then
      log "chmod o+x $path (so $ES_USER can reach $1)"
      chmod o+x "$path"
    fi
  done
}

as_node_user() {
  if is_root; then (cd / && runuser -u "$ES_USER" -- "$@"); else (cd / && "$@"); fi
}

# --- download & unpack ---------------------------------------------------------------
ensure_mvn() {
  command -v mvn >/dev/null && return 0
  is_root || die "mvn not found; install Maven"
  log "installing Maven (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q maven >&2 || { apt-get update -q >&2 && apt-get install -y -q maven >&2; }
}

assemble() {
  local stamp="$ES_HOME/.kmp-assembled" zip="$DL/elasticsearch-$ES_VERSION.zip"
  if [ -f "$stamp" ]; then
    log "distribution already unpacked in $ES_HOME"
    return 0
  fi
  ensure_mvn
  mkdir -p "$DL"
  log "mvn: fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
  cat >"$DL/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.kmp</groupId><artifactId>elasticsearch-fetch</artifactId><version>0</version><packaging>pom</packaging>
<dependencies><dependency><groupId>org.elasticsearch.distribution.integ-test-zip</groupId>
<artifactId>elasticsearch</artifactId><version>$ES_VERSION</version><type>zip</type></dependency></dependencies></project>
EOF
  # -U: retry artifacts whose earlier failure Maven cached in ~/.m2 (*.lastUpdated)
  if ! mvn -B -q -U -Dstyle.color=never -f "$DL/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$DL" -DexcludeTransitive=true >"$DL/mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$DL/mvn.log" | grep -v '^\[ERROR\] *$' >&2 || true
    die "mvn could not fetch the Elasticsearch $ES_VERSION integ-test-zip"
  fi
  took "fetched server zip"
  # unpack with python (unzip is not guaranteed), keeping exec bits
  rm -rf "$ES_HOME" "$BASE/.unpack"
  python3 - "$zip" "$BASE/.unpack" <<'PY'
import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
for info in z.infolist():
    path = z.extract(info, sys.argv[2])
    mode = info.external_attr >> 16
    if mode and not info.is_dir():
        os.chmod(path, mode & 0o7777)
PY
  mv "$BASE/.unpack/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$BASE/.unpack"
  date -u +%FT%TZ >"$stamp"
  took "unpacked into $ES_HOME"
}

configure() {
  mkdir -p "$DATA" "$LOGS" "$TMP"
  cat >"$ES_HOME/config/elasticsearch.yml" <<EOF
# written by site/elasticsearch.sh -- throwaway single-node cluster
cluster.name: kmp
node.name: kmp-node
path.data: $DATA
path.logs: $LOGS
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TPORT
discovery.type: single-node
# development node on 127.0.0.1: no TLS, no users
xpack.security.enabled: false
# a nearly full CI disk must not turn indices read-only
cluster.routing.allocation.disk.threshold_enabled: false
# no auto-created indices behind our back (the backend creates its own)
action.auto_create_index: false
EOF
  # heap and log/dump paths (the zip's jvm.options sizes the heap from the machine's RAM)
  cat >"$ES_HOME/config/jvm.options.d/kmp.options" <<EOF
-Xms$ES_HEAP
-Xmx$ES_HEAP
-XX:-HeapDumpOnOutOfMemoryError
-XX:ErrorFile=$LOGS/hs_err_pid%p.log
EOF
  sed -i -E "s#file=gc.log#file=$LOGS/gc.log#" "$ES_HOME/config/jvm.options"
  if is_root; then chown -R "$ES_USER:" "$BASE"; fi
}

# --- commands ----------------------------------------------------------------------
cmd_start() {
  local pid java
  pid=$(node_pid)
  if [ -n "$pid" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$ES_HOME/" ||
      die "another Elasticsearch version runs from $BASE (pid $pid): '$0 stop' first"
    if healthy; then log "already running (pid $pid) at $URL"; return 0; fi
    log "pid $pid is up but not yet healthy; waiting"
  else
    rm -f "$PIDFILE"
    if port_busy "$ES_PORT"; then die "port $ES_PORT is taken by another process (set ELASTICSEARCH_PORT)"; fi
    java=$(pick_java)
    log "Elasticsearch $ES_VERSION, Java $(java_major "$java") at $java, state in $BASE"
    ensure_user
    mkdir -p "$BASE"
    ensure_traversable "$BASE"
    assemble
    configure
    log "starting node on $URL (transport $ES_TPORT, heap $ES_HEAP)"
    as_node_user env ES_JAVA_HOME="$java" JAVA_HOME="$java" ES_TMPDIR="$TMP" \
      ES_PATH_CONF="$ES_HOME/config" \
      "$ES_HOME/bin/elasticsearch" -d -p "$PIDFILE" >"$LOGS/stdout.log" 2>&1 ||
      { tail -n 40 "$LOGS/stdout.log" "$LOGS/kmp.log" >&2 2>/dev/null || true; die "elasticsearch did not start"; }
  fi
  local i=0
  while ! healthy; do
    i=$((i + 1))
    if [ -z "$(node_pid)" ] && [ "$i" -gt 5 ]; then
      tail -n 40 "$LOGS/kmp.log" >&2 2>/dev/null || true
      die "the node died during start-up (logs: $LOGS)"
    fi
    [ "$i" -lt "$ES_TIMEOUT" ] || die "not yellow/green after ${ES_TIMEOUT}s (logs: $LOGS)"
    sleep 1
  done
  took "up: $URL (pid $(node_pid))"
}

cmd_stop() {
  local pid i
  pid=$(node_pid)
  if [ -z "$pid" ]; then log "not running"; rm -f "$PIDFILE"; return 0; fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do
    [ -d "/proc/$pid" ] || break
    sleep 0.5
  done
  if [ -d "/proc/$pid" ]; then log "still alive after 30s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$PIDFILE"
  took "stopped"
}

cmd_status() {
  local pid
  pid=$(node_pid)
  if [ -n "$pid" ] && healthy; then log "running (pid $pid) at $URL"; return 0; fi
  log "not running"; return 3
}

# Smoke test: the marketplace's analyzer (see search/backends/elasticsearch.py)
# must split already-stemmed text on whitespace only, keeping digits and hyphens.
cmd_check() {
  local idx="kmp-smoke-$$" out tokens
  http PUT "/$idx" '{"settings":{"number_of_replicas":0,"analysis":{"analyzer":{"kmp":{"type":"custom","tokenizer":"whitespace","filter":["lowercase"]}}}}}' >/dev/null && {
    log "custom analyzer (whitespace tokenizer + lowercase) is available"
    http DELETE "/$idx" >/dev/null || true
  } || log "no whitespace tokenizer in this node's core (expected: it lives in analysis-common)"
  out=$(http POST "/_analyze" '{"analyzer":"whitespace","text":"jual ikan-asin 250g kopi"}') || die "_analyze failed: $out"
  tokens=$(python3 -c 'import sys,json; print(" ".join(t["token"] for t in json.loads(sys.argv[1])["tokens"]))' "$out")
  log "built-in whitespace analyzer: 'jual ikan-asin 250g kopi' -> $tokens"
  [ "$tokens" = "jual ikan-asin 250g kopi" ] || die "unexpected tokens: $tokens"
  echo "$tokens"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  url) if [ "${2:-}" = "--http" ]; then echo "$URL"; else echo "elasticsearch://127.0.0.1:$ES_PORT"; fi ;;
  check) cmd_check ;;
  *) echo "usage: $0 start|stop|restart|status|url [--http]|check" >&2; exit 2 ;;
esac
