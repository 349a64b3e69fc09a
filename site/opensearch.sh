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
#   OPENSEARCH_NODES     default 1 (single-node). 2: one cluster of two nodes on
#                        OPENSEARCH_PORT and +1 (transports +100, +101); node 1 is
#                        cluster manager and data node, node 2 a data node, so the
#                        cluster keeps answering with node 2 stopped (stop-node 2).
#                        A cluster that must survive losing any node needs three
#                        cluster-manager-eligible nodes. `url` prints both, comma-separated.
LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
# shellcheck source=site/lib/common.sh
. "$LIB/common.sh"
# shellcheck source=site/lib/jvm-node.sh
. "$LIB/jvm-node.sh"

node_settings OpenSearch opensearch 2.19.6 9250
NODE_DEATH_GRACE=60  # the pid file appears after the heap is touched
OS_PORT=$NODE_PORT OS_TPORT=$NODE_TPORT  # node 1's ports (select_node points NODE_PORT/NODE_TPORT at node I)
OS_MODULES="lang-painless analysis-common"
OS_NODES="${OPENSEARCH_NODES:-1}"

BASE="$STATE_DIR/opensearch"
OS_HOME="$BASE/opensearch-$NODE_VERSION"
DL="$BASE/download-$NODE_VERSION"
DATA="$BASE/data-$NODE_VERSION"
LOGS="$BASE/logs"
PIDFILE="$BASE/opensearch.pid"
URL="http://127.0.0.1:$OS_PORT"
CONF_DIR="$OS_HOME/config"
NODE_INDEX=1
NODE_HOME="$OS_HOME"

java_range() {
  case "$NODE_VERSION" in
    1.* | 2.*) echo "11 23" ;;  # 2.x needs the Java security manager: gone in 24
    *) echo "21 99" ;;
  esac
}

launch() {  # launch JAVA_HOME
  as_node_user env OPENSEARCH_JAVA_HOME="$1" JAVA_HOME="$1" OPENSEARCH_PATH_CONF="$CONF_DIR" \
    "$OS_HOME/bin/opensearch" -d -p "$PIDFILE"
}

# --- download & assemble ---------------------------------------------------------
assemble() {
  local stamp="$OS_HOME/.kmp-assembled" m missing=""
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$OS_MODULES" ]; then
    log "distribution already assembled in $OS_HOME"
    return 0
  fi
  ensure_mvn
  mkdir -p "$DL"
  # 1) the server zip
  log "mvn: fetching org.opensearch.distribution.integ-test-zip:opensearch:$NODE_VERSION:zip"
  write_pom "$DL/pom-1.xml" "org.opensearch.distribution.integ-test-zip:opensearch:$NODE_VERSION:zip"
  mvn_copy "$DL/pom-1.xml" "$DL"
  took "fetched server zip"
  # 2) unpack it
  unpack_zip "$DL/opensearch-$NODE_VERSION.zip"
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
    specs="$specs org.opensearch.plugin:$m:$NODE_VERSION:jar org.opensearch.plugin:$m:$NODE_VERSION:module"
  done
  log "mvn: fetching modules missing from the zip:$(printf ' %s' "$@")"
  write_pom "$DL/pom-2.xml" "$specs"
  mvn_copy "$DL/pom-2.xml" "$DL"
  specs=$(python3 - "$DL" "$NODE_VERSION" "$@" <<'PY'
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
    cp "$DL/$m-$NODE_VERSION.jar" "$dir/"
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
    cls=$(python3 - "$dir/$m-$NODE_VERSION.jar" $cls <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for c in sys.argv[2:]:
    if c.replace(".", "/") + ".class" in names:
        print(c); break
PY
)
    [ -n "$cls" ] || die "no known plugin class in $m-$NODE_VERSION.jar"
    cat >"$dir/plugin-descriptor.properties" <<EOF
description=$desc
version=$NODE_VERSION
name=$m
classname=$cls
java.version=${javaver:-11}
opensearch.version=$NODE_VERSION
custom.foldername=
extended.plugins=$ext
has.native.controller=false
EOF
  done
}

# select_node I: point the node variables (ports, URL, pid file, data, logs, config) at node I.
select_node() {
  NODE_INDEX="$1"
  [ "$OS_NODES" -gt 1 ] || return 0
  NODE_PORT=$((OS_PORT + $1 - 1)) NODE_TPORT=$((OS_TPORT + $1 - 1))
  URL="http://127.0.0.1:$NODE_PORT"
  PIDFILE="$BASE/opensearch-node$1.pid"
  DATA="$BASE/data-$NODE_VERSION-node$1"
  LOGS="$BASE/logs-node$1"
  CONF_DIR="$BASE/config-node$1"
}

node_urls() {
  local i urls=""
  for i in $(seq 1 "$OS_NODES"); do urls="$urls,http://127.0.0.1:$((OS_PORT + i - 1))"; done
  echo "${urls#,}"
}

configure() {
  mkdir -p "$DATA" "$LOGS"
  if [ "$CONF_DIR" != "$OS_HOME/config" ]; then rm -rf "$CONF_DIR"; cp -r "$OS_HOME/config" "$CONF_DIR"; fi
  # small heap, no heap dumps; relative log paths point at $LOGS
  sed -i -E \
    -e "s/^-Xms.*/-Xms$NODE_HEAP/" -e "s/^-Xmx.*/-Xmx$NODE_HEAP/" \
    -e 's/^-XX:\+HeapDumpOnOutOfMemoryError/-XX:-HeapDumpOnOutOfMemoryError/' \
    -e "s#^-XX:HeapDumpPath=.*#-XX:HeapDumpPath=$LOGS#" \
    -e "s#^-XX:ErrorFile=.*#-XX:ErrorFile=$LOGS/hs_err_pid%p.log#" \
    -e "s#file=[^:]*gc.log#file=$LOGS/gc.log#" \
    "$CONF_DIR/jvm.options"
  cat >"$CONF_DIR/opensearch.yml" <<EOF
# written by site/opensearch.sh -- throwaway cluster of $OS_NODES node(s)
cluster.name: kmp
node.name: kmp-node-$NODE_INDEX
path.data: $DATA
path.logs: $LOGS
network.host: 127.0.0.1
http.port: $NODE_PORT
transport.port: $NODE_TPORT
# a nearly full CI disk must not turn indices read-only
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  if [ "$OS_NODES" -gt 1 ]; then
    local i seeds=""
    for i in $(seq 1 "$OS_NODES"); do seeds="$seeds, \"127.0.0.1:$((OS_TPORT + i - 1))\""; done
    {
      echo "discovery.seed_hosts: [${seeds#, }]"
      echo "cluster.initial_cluster_manager_nodes: [\"kmp-node-1\"]"
      if [ "$NODE_INDEX" -eq 1 ]; then echo "node.roles: [cluster_manager, data, ingest]"; else echo "node.roles: [data, ingest]"; fi
    } >>"$CONF_DIR/opensearch.yml"
  else
    echo "discovery.type: single-node" >>"$CONF_DIR/opensearch.yml"
  fi
  if is_root; then chown -R "$NODE_USER:" "$BASE"; fi
}

all_nodes() {  # all_nodes COMMAND: cmd_start/cmd_stop/cmd_status on every node (stopping: the last first)
  local i order
  order=$(seq 1 "$OS_NODES")
  if [ "$1" = cmd_stop ]; then order=$(seq "$OS_NODES" -1 1); fi
  for i in $order; do select_node "$i"; "$1"; done
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
  start) all_nodes cmd_start ;;
  stop) all_nodes cmd_stop ;;
  restart) all_nodes cmd_stop; all_nodes cmd_start ;;
  status) all_nodes cmd_status ;;
  start-node) select_node "${2:?node number}"; cmd_start ;;
  stop-node) select_node "${2:?node number}"; cmd_stop ;;
  url) node_urls ;;
  check) cmd_check ;;
  *) echo "usage: $0 start|stop|restart|status|url|check|start-node N|stop-node N" >&2; exit 2 ;;
esac
