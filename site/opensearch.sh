#!/usr/bin/env bash
# site/opensearch.sh start|stop|restart|status|url|check
#
# A throwaway single-node OpenSearch for development and CI, assembled from
# Maven Central only (this machine reaches no other download site):
#   * org.opensearch.distribution.integ-test-zip:opensearch:<ver>:zip
#     (no security plugin, no bundled JDK; 2.x ships only transport-netty4,
#     3.x ships all modules; newest served: 3.6.0, 3.9.0 is not served)
#   * the modules Wagtail's search backend needs, which the 2.x integ-test-zip
#     lacks: analysis-common (ngram/edge_ngram tokenizers, the `indonesian`
#     analyzer and stemmer) and lang-painless, which analysis-common extends.
#     Maven Central has them only as plain jars, so this script reads their
#     Gradle module metadata (.module) for their runtime jars and writes the
#     plugin-descriptor.properties / plugin-security.policy itself.
# Everything is fetched with `mvn` (cached in ~/.m2) into the state dir.
#
# Elasticsearch: Maven Central does serve
# org.elasticsearch.distribution.integ-test-zip:elasticsearch (newest 8.19.21,
# no 9.x; the full org.elasticsearch.distribution.zip stops at 6.8.23). It
# starts on Java 17, but holds only transport-netty4, x-pack-core,
# x-pack-security and apm: no analysis-common (no `indonesian` analyzer, no
# ngram/edge_ngram tokenizer, so Wagtail cannot even create its index) and no
# rest-root (GET / answers 405). ES modules are not published on Maven Central
# (org.elasticsearch.plugin:analysis-common: not found), so that node cannot
# be completed the way this script completes OpenSearch. The marketplace's own
# backend needs none of it (it stems in Python): site/elasticsearch.sh runs it.
#
# Settings (environment):
#   STATE_DIR            default $HOME/.cache/kmp   (node lives in $STATE_DIR/opensearch)
#   OPENSEARCH_PORT      default 9250  (HTTP, 127.0.0.1 only)
#   OPENSEARCH_TRANSPORT_PORT  default OPENSEARCH_PORT+100
#   OPENSEARCH_VERSION   default 2.19.6 (2.x runs on Java 11-23; 3.x needs Java 21+,
#                        e.g. /usr/lib/jvm/temurin-25-jdk-amd64, picked automatically)
#   OPENSEARCH_HEAP      default 512m
#   OPENSEARCH_JAVA_HOME default: picked from /usr/lib/jvm by version
#   OPENSEARCH_USER      OS user that runs the node when we are root
#                        (OpenSearch refuses root); default kmp-search, created if missing
#   OPENSEARCH_START_TIMEOUT  seconds to wait for yellow/green, default 180
set -euo pipefail

STATE_DIR="${STATE_DIR:-$HOME/.cache/kmp}"
OS_VERSION="${OPENSEARCH_VERSION:-2.19.6}"
OS_PORT="${OPENSEARCH_PORT:-9250}"
OS_TPORT="${OPENSEARCH_TRANSPORT_PORT:-$((OS_PORT + 100))}"
OS_HEAP="${OPENSEARCH_HEAP:-512m}"
OS_USER="${OPENSEARCH_USER:-kmp-search}"
OS_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-180}"
OS_MODULES="lang-painless analysis-common"

BASE="$STATE_DIR/opensearch"
OS_HOME="$BASE/opensearch-$OS_VERSION"
DL="$BASE/download-$OS_VERSION"
DATA="$BASE/data-$OS_VERSION"
LOGS="$BASE/logs"
PIDFILE="$BASE/opensearch.pid"
URL="http://127.0.0.1:$OS_PORT"

log() { printf '[opensearch.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
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
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$BASE/opensearch-"; then echo "$pid"; fi
}

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
  local min max cand best="" bestv=0 v
  case "$OS_VERSION" in
    1.* | 2.*) min=11 max=23 ;;  # 2.x needs the Java security manager: gone in 24
    *) min=21 max=99 ;;
  esac
  if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then echo "$OPENSEARCH_JAVA_HOME"; return; fi
  for cand in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$cand/bin/java" ] || continue
    cand=$(readlink -f "$cand")
    v=$(java_major "$cand" 2>/dev/null || echo 0)
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge "$min" ] && [ "$v" -le "$max" ] && [ "$v" -gt "$bestv" ]; then best=$cand bestv=$v; fi
  done
  [ -n "$best" ] || die "OpenSearch $OS_VERSION needs Java $min..$max; none in /usr/lib/jvm (set OPENSEARCH_JAVA_HOME)"
  echo "$best"
}

# --- OS user & directory access (root only) -----------------------------------
ensure_user() {
  is_root || return 0
  if ! id "$OS_USER" >/dev/null 2>&1; then
    log "creating system user $OS_USER (OpenSearch refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$OS_USER"
  fi
}

# The node runs as $OS_USER but lives under root's $HOME (mode 700 on Debian):
# give other users search (x) permission -- not read -- on the blocking parents.
ensure_traversable() {
  is_root || return 0
  local path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${1#/}"
  for part in "${parts[@]}"; do  # top-down: /root, /root/.cache, ...
    path="$path/$part"
    if ! runuser -u "$OS_USER" -- test -x "$path" 2>/dev/null; then
      log "chmod o+x $path (so $OS_USER can reach $1)"
      chmod o+x "$path"
    fi
  done
}

as_node_user() {
  if is_root; then (cd / && runuser -u "$OS_USER" -- "$@"); else (cd / && "$@"); fi
}

# --- download & assemble ---------------------------------------------------------
ensure_mvn() {
  command -v mvn >/dev/null && return 0
  is_root || die "mvn not found; install Maven"
  log "installing Maven (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q maven >&2 || { apt-get update -q >&2 && apt-get install -y -q maven >&2; }
}

write_pom() {  # write_pom FILE "g:a:v:type ..."
  local f="$1" spec g a v t
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '<groupId>local.kmp</groupId><artifactId>opensearch-fetch</artifactId><version>0</version><packaging>pom</packaging><dependencies>'
    for spec in $2; do
      IFS=: read -r g a v t <<<"$spec"
      echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version><type>${t:-jar}</type></dependency>"
    done
    echo '</dependencies></project>'
  } >"$f"
}

mvn_copy() {  # mvn_copy POM OUTDIR
  # -U: retry artifacts whose earlier failure Maven cached in ~/.m2 (*.lastUpdated)
  # (output goes to a log: Maven 3.8's -q still prints stray colour codes)
  if ! mvn -B -q -U -Dstyle.color=never -f "$1" dependency:copy-dependencies \
    -DoutputDirectory="$2" -DexcludeTransitive=true >"$1.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$1.log" | grep -v '^\[ERROR\] *$' >&2 || true
    die "mvn could not fetch the artifacts listed in $1"
  fi
}

assemble() {
  local stamp="$OS_HOME/.kmp-assembled" m missing=""
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$OS_MODULES" ]; then
    log "distribution already assembled in $OS_HOME"
    return 0
  fi
  ensure_mvn
  mkdir -p "$DL"
  # 1) the server zip
  log "mvn: fetching org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip"
  write_pom "$DL/pom-1.xml" "org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip"
  mvn_copy "$DL/pom-1.xml" "$DL"
  took "fetched server zip"
  # 2) unpack it (python: unzip is not guaranteed), keeping exec bits
  rm -rf "$OS_HOME" "$BASE/.unpack"
  python3 - "$DL/opensearch-$OS_VERSION.zip" "$BASE/.unpack" <<'PY'
import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
for info in z.infolist():
    path = z.extract(info, sys.argv[2])
    mode = info.external_attr >> 16
    if mode and not info.is_dir():
        os.chmod(path, mode & 0o7777)
PY
  mv "$BASE/.unpack/opensearch-$OS_VERSION" "$OS_HOME"
  rm -rf "$BASE/.unpack"
  took "unpacked into $OS_HOME"
  # 3) the modules the zip lacks (2.x ships only transport-netty4; 3.x ships them all)
  for m in $OS_MODULES; do
    [ -f "$OS_HOME/modules/$m/plugin-descriptor.properties" ] || missing="$missing $m"
  done
  if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    add_modules $missing
  else
    log "the zip already has: $OS_MODULES"
  fi
  echo "$OS_MODULES" >"$stamp"
  took "assembled $OS_HOME"
}

# Maven Central has these modules only as plain jars (no plugin zips): fetch the
# jar, read its Gradle module metadata (.module) for the runtime jars, and write
# the plugin-descriptor.properties / plugin-security.policy the zip would hold.
add_modules() {
  local specs m javaver
  specs=""
  for m in "$@"; do
    specs="$specs org.opensearch.plugin:$m:$OS_VERSION:jar org.opensearch.plugin:$m:$OS_VERSION:module"
  done
  log "mvn: fetching modules missing from the zip:$(printf ' %s' "$@")"
  write_pom "$DL/pom-2.xml" "$specs"
  mvn_copy "$DL/pom-2.xml" "$DL"
  specs=$(python3 - "$DL" "$OS_VERSION" "$@" <<'PY'
import json, sys, os
dl, ver, mods = sys.argv[1], sys.argv[2], sys.argv[3:]
out = []
for m in mods:
    meta = json.load(open(os.path.join(dl, "%s-%s.module" % (m, ver))))
    var = [v for v in meta["variants"] if v["name"] == "runtimeElements"][0]
    deps = []
    for d in var.get("dependencies", []):
        v = d.get("version", {})
        v = v.get("strictly") or v.get("requires") or v.get("prefers")
        out.append("%s:%s:%s:jar" % (d["group"], d["module"], v))
        deps.append("%s-%s.jar" % (d["module"], v))
    with open(os.path.join(dl, m + ".deps"), "w") as fh:
        fh.write("".join(x + "\n" for x in deps))
print(" ".join(sorted(set(out))))
PY
)
  if [ -n "$specs" ]; then
    log "mvn: fetching their runtime jars: $specs"
    write_pom "$DL/pom-3.xml" "$specs"
    mvn_copy "$DL/pom-3.xml" "$DL"
  fi
  took "fetched modules"
  javaver=$(sed -n 's/^java.version=//p' "$OS_HOME/modules/transport-netty4/plugin-descriptor.properties")
  for m in "$@"; do
    local dir="$OS_HOME/modules/$m" cls ext="" desc
    mkdir -p "$dir"
    cp "$DL/$m-$OS_VERSION.jar" "$dir/"
    while read -r j; do if [ -n "$j" ]; then cp "$DL/$j" "$dir/"; fi; done <"$DL/$m.deps"
    case "$m" in
      lang-painless)
        desc="An easy, safe and fast scripting language for OpenSearch"
        cls="org.opensearch.painless.PainlessModulePlugin org.opensearch.painless.PainlessPlugin"
        cat >"$dir/plugin-security.policy" <<'EOF'
grant {
  // needed to generate runtime classes
  permission java.lang.RuntimePermission "createClassLoader";
  // needed to find the classloader to load whitelisted classes from
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
        ;;
      analysis-common)
        desc='Adds "built in" analyzers to OpenSearch.'
        cls="org.opensearch.analysis.common.CommonAnalysisModulePlugin org.opensearch.analysis.common.CommonAnalysisModule org.opensearch.analysis.common.CommonAnalysisPlugin"
        ext="lang-painless"
        ;;
      *) die "don't know how to describe module $m" ;;
    esac
    # the plugin class was renamed between versions: take the one the jar has
    # shellcheck disable=SC2086
    cls=$(python3 - "$dir/$m-$OS_VERSION.jar" $cls <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for c in sys.argv[2:]:
    if c.replace(".", "/") + ".class" in names:
        print(c); break
PY
)
    [ -n "$cls" ] || die "no known plugin class in $m-$OS_VERSION.jar"
    cat >"$dir/plugin-descriptor.properties" <<EOF
description=$desc
version=$OS_VERSION
name=$m
classname=$cls
java.version=${javaver:-11}
opensearch.version=$OS_VERSION
custom.foldername=
extended.plugins=$ext
has.native.controller=false
EOF
  done
}

configure() {
  mkdir -p "$DATA" "$LOGS"
  cat >"$OS_HOME/config/opensearch.yml" <<EOF
# written by site/opensearch.sh -- throwaway single-node cluster
cluster.name: kmp
node.name: kmp-node
path.data: $DATA
path.logs: $LOGS
network.host: 127.0.0.1
http.port: $OS_PORT
transport.port: $OS_TPORT
discovery.type: single-node
# a nearly full CI disk must not turn indices read-only
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  # small heap, no heap dumps; relative log paths point at $LOGS
  sed -i -E \
    -e "s/^-Xms.*/-Xms$OS_HEAP/" -e "s/^-Xmx.*/-Xmx$OS_HEAP/" \
    -e 's/^-XX:\+HeapDumpOnOutOfMemoryError/-XX:-HeapDumpOnOutOfMemoryError/' \
    -e "s#^-XX:HeapDumpPath=.*#-XX:HeapDumpPath=$LOGS#" \
    -e "s#^-XX:ErrorFile=.*#-XX:ErrorFile=$LOGS/hs_err_pid%p.log#" \
    -e "s#file=logs/gc.log#file=$LOGS/gc.log#" \
    "$OS_HOME/config/jvm.options"
  if is_root; then chown -R "$OS_USER:" "$BASE"; fi
}

# --- commands ----------------------------------------------------------------------
cmd_start() {
  local pid java
  pid=$(node_pid)
  if [ -n "$pid" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$OS_HOME/" ||
      die "another OpenSearch version runs from $BASE (pid $pid): '$0 stop' first"
    if healthy; then log "already running (pid $pid) at $URL"; return 0; fi
    log "pid $pid is up but not yet healthy; waiting"
  else
    rm -f "$PIDFILE"
    if port_busy "$OS_PORT"; then die "port $OS_PORT is taken by another process (set OPENSEARCH_PORT)"; fi
    java=$(pick_java)
    log "OpenSearch $OS_VERSION, Java $(java_major "$java") at $java, state in $BASE"
    ensure_user
    mkdir -p "$BASE"
    ensure_traversable "$BASE"
    assemble
    configure
    log "starting node on $URL (transport $OS_TPORT, heap $OS_HEAP)"
    as_node_user env OPENSEARCH_JAVA_HOME="$java" JAVA_HOME="$java" \
      OPENSEARCH_PATH_CONF="$OS_HOME/config" \
      "$OS_HOME/bin/opensearch" -d -p "$PIDFILE" >"$LOGS/stdout.log" 2>&1 ||
      { tail -n 40 "$LOGS/stdout.log" "$LOGS/kmp.log" >&2 2>/dev/null || true; die "opensearch did not start"; }
  fi
  local i=0
  while ! healthy; do
    i=$((i + 1))
    if [ -z "$(node_pid)" ] && [ "$i" -gt 60 ]; then  # the pid file appears after the heap is touched
      tail -n 40 "$LOGS/kmp.log" >&2 2>/dev/null || true
      die "the node died during start-up (logs: $LOGS)"
    fi
    [ "$i" -lt "$OS_TIMEOUT" ] || die "not yellow/green after ${OS_TIMEOUT}s (logs: $LOGS)"
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

# Smoke test: an index with the `indonesian` analyzer must stem Indonesian words.
cmd_check() {
  local idx="kmp-smoke-$$" out
  http PUT "/$idx" '{"settings":{"number_of_replicas":0,"analysis":{"analyzer":{"id":{"type":"indonesian"}},"tokenizer":{"eg":{"type":"edge_ngram","min_gram":1,"max_gram":15}}}}}' >/dev/null ||
    die "could not create an index with the indonesian analyzer"
  out=$(http POST "/$idx/_analyze" '{"analyzer":"id","text":"menjual perikanan"}') || die "_analyze failed: $out"
  http DELETE "/$idx" >/dev/null || true
  local tokens
  tokens=$(python3 -c 'import sys,json; print(" ".join(t["token"] for t in json.loads(sys.argv[1])["tokens"]))' "$out")
  log "indonesian analyzer: 'menjual perikanan' -> $tokens"
  [ "$tokens" = "jual ikan" ] || die "unexpected tokens: $tokens"
  echo "$tokens"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  check) cmd_check ;;
  *) echo "usage: $0 start|stop|restart|status|url|check" >&2; exit 2 ;;
esac
