# shellcheck shell=bash
# Sourced by site/opensearch.sh and site/elasticsearch.sh (after lib/common.sh):
# what running a throwaway single-node search engine from a Maven Central zip
# takes, whichever engine it is.
#
# The caller calls node_settings (below) for NODE_NAME, NODE_DIST, NODE_VERSION,
# NODE_PORT, NODE_PORT_VAR, NODE_TPORT, NODE_HEAP, NODE_USER, NODE_TIMEOUT and
# NODE_JAVA_HOME_VAR; sets NODE_HOME, BASE, DATA, LOGS, PIDFILE, URL and
# NODE_DEATH_GRACE (seconds without a pid file before start-up counts as failed);
# and defines:
#   java_range   -> prints "MIN MAX" Java versions for NODE_VERSION
#   assemble     -> NODE_HOME ready to run
#   configure    -> config files written
#   launch JAVA  -> starts the node daemonized, writing PIDFILE
# It provides http, healthy, the Java, user and Maven helpers, and cmd_start,
# cmd_stop and cmd_status.

# --- settings ------------------------------------------------------------------
# node_settings NAME DIST VERSION PORT: NAME for messages; DIST (opensearch) the zip's
# top folder prefix and bin/ script, whose capitals (OPENSEARCH) name the environment
# variables both engines read: DIST_VERSION (default VERSION), DIST_PORT (PORT),
# DIST_TRANSPORT_PORT (the HTTP port + 100), DIST_HEAP (512m), DIST_USER (kmp-search),
# DIST_START_TIMEOUT (180 s) and DIST_JAVA_HOME (see pick_java).
node_settings() {
  local prefix="${2^^}"
  local version="${prefix}_VERSION" port="${prefix}_PORT" tport="${prefix}_TRANSPORT_PORT" heap="${prefix}_HEAP"
  local user="${prefix}_USER" timeout="${prefix}_START_TIMEOUT"
  NODE_NAME=$1 NODE_DIST=$2 NODE_VERSION="${!version:-$3}" NODE_PORT="${!port:-$4}" NODE_PORT_VAR=$port
  NODE_TPORT="${!tport:-$((NODE_PORT + 100))}" NODE_HEAP="${!heap:-512m}" NODE_USER="${!user:-kmp-search}"
  NODE_TIMEOUT="${!timeout:-180}" NODE_JAVA_HOME_VAR="${prefix}_JAVA_HOME"
}

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
node_pid() { pid_from_file "$PIDFILE" "$BASE/$NODE_DIST-"; }  # the pid of OUR running node, or nothing

# (read from _cluster/health: Elasticsearch's integ-test node answers GET / with 405)
healthy() {
  http GET "/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
    | python3 -c 'import sys,json; d=json.load(sys.stdin); sys.exit(0 if d.get("status") in ("yellow","green") and not d.get("timed_out") else 1)' 2>/dev/null
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

pick_java() {  # the newest Java in java_range, or the override
  local min max cand best="" bestv=0 v
  read -r min max <<<"$(java_range)"
  if [ -n "${!NODE_JAVA_HOME_VAR:-}" ]; then echo "${!NODE_JAVA_HOME_VAR}"; return; fi
  for cand in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$cand/bin/java" ] || continue
    cand=$(readlink -f "$cand")
    v=$(java_major "$cand" 2>/dev/null || echo 0)
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge "$min" ] && [ "$v" -le "$max" ] && [ "$v" -gt "$bestv" ]; then best=$cand bestv=$v; fi
  done
  [ -n "$best" ] || die "$NODE_NAME $NODE_VERSION needs Java $min..$max; none in /usr/lib/jvm (set $NODE_JAVA_HOME_VAR)"
  echo "$best"
}

# --- OS user & directory access (root only) -----------------------------------
ensure_user() {
  is_root || return 0
  if ! id "$NODE_USER" >/dev/null 2>&1; then
    log "creating system user $NODE_USER ($NODE_NAME refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$NODE_USER"
  fi
}

# The node runs as $NODE_USER but may live under root's $HOME (mode 700 on Debian):
# give other users search (x) permission -- not read -- on the blocking parents.
ensure_traversable() {
  is_root || return 0
  local path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${1#/}"
  for part in "${parts[@]}"; do  # top-down: /root, /root/.cache, ...
    path="$path/$part"
    if ! runuser -u "$NODE_USER" -- test -x "$path" 2>/dev/null; then
      log "chmod o+x $path (so $NODE_USER can reach $1)"
      chmod o+x "$path"
    fi
  done
}

as_node_user() {
  if is_root; then (cd / && runuser -u "$NODE_USER" -- "$@"); else (cd / && "$@"); fi
}

# --- Maven Central ---------------------------------------------------------------
ensure_mvn() {
  command -v mvn >/dev/null && return 0
  is_root || die "mvn not found; install Maven"
  log "installing Maven (apt)"
  apt_install maven
}

write_pom() {  # write_pom FILE "g:a:v:type ..."
  local f="$1" spec g a v t
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo "<groupId>local.kmp</groupId><artifactId>$NODE_DIST-fetch</artifactId><version>0</version><packaging>pom</packaging><dependencies>"
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

unpack_zip() {  # unpack_zip ZIP: its $NODE_DIST-$NODE_VERSION folder becomes NODE_HOME
  # (python: unzip is not guaranteed), keeping exec bits
  rm -rf "$NODE_HOME" "$BASE/.unpack"
  python3 - "$1" "$BASE/.unpack" <<'PY'
import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
for info in z.infolist():
    path = z.extract(info, sys.argv[2])
    mode = info.external_attr >> 16
    if mode and not info.is_dir():
        os.chmod(path, mode & 0o7777)
PY
  mv "$BASE/.unpack/$NODE_DIST-$NODE_VERSION" "$NODE_HOME"
  rm -rf "$BASE/.unpack"
  took "unpacked into $NODE_HOME"
}

# --- commands ----------------------------------------------------------------------
cmd_start() {
  local pid java
  pid=$(node_pid)
  if [ -n "$pid" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$NODE_HOME/" ||
      die "another $NODE_NAME version runs from $BASE (pid $pid): '$0 stop' first"
    if healthy; then log "already running (pid $pid) at $URL"; return 0; fi
    log "pid $pid is up but not yet healthy; waiting"
  else
    rm -f "$PIDFILE"
    ensure_port_free "$NODE_PORT" "$NODE_PORT_VAR"
    java=$(pick_java)
    log "$NODE_NAME $NODE_VERSION, Java $(java_major "$java") at $java, state in $BASE"
    ensure_user
    mkdir -p "$BASE"
    ensure_traversable "$BASE"
    assemble
    configure
    log "starting node on $URL (transport $NODE_TPORT, heap $NODE_HEAP)"
    launch "$java" >"$LOGS/stdout.log" 2>&1 ||
      { tail -n 40 "$LOGS/stdout.log" "$LOGS/kmp.log" >&2 2>/dev/null || true; die "$NODE_DIST did not start"; }
  fi
  local i=0
  while ! healthy; do
    i=$((i + 1))
    if [ -z "$(node_pid)" ] && [ "$i" -gt "$NODE_DEATH_GRACE" ]; then
      tail -n 40 "$LOGS/kmp.log" >&2 2>/dev/null || true
      die "the node died during start-up (logs: $LOGS)"
    fi
    [ "$i" -lt "$NODE_TIMEOUT" ] || die "not yellow/green after ${NODE_TIMEOUT}s (logs: $LOGS)"
    sleep 1
  done
  took "up: $URL (pid $(node_pid))"
}

cmd_stop() {
  local pid
  pid=$(node_pid)
  if [ -n "$pid" ]; then log "stopping pid $pid"; fi
  stop_pidfile "$PIDFILE" "$pid" 60 0.5 "still alive after 30s: SIGKILL"
}

cmd_status() {
  local pid
  pid=$(node_pid)
  if [ -n "$pid" ] && healthy; then log "running (pid $pid) at $URL"; return 0; fi
  log "not running"; return 3
}
