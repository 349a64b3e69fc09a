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
LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
# shellcheck source=site/lib/common.sh
. "$LIB/common.sh"
# shellcheck source=site/lib/jvm-node.sh
. "$LIB/jvm-node.sh"

node_settings Elasticsearch elasticsearch 8.19.21 9260
NODE_DEATH_GRACE=5  # the launcher writes the pid file before it returns

BASE="$STATE_DIR/elasticsearch"
ES_HOME="$BASE/elasticsearch-$NODE_VERSION"
DL="$BASE/download-$NODE_VERSION"
DATA="$BASE/data-$NODE_VERSION"
LOGS="$BASE/logs"
TMP="$BASE/tmp"
PIDFILE="$BASE/elasticsearch.pid"
URL="http://127.0.0.1:$NODE_PORT"
NODE_HOME="$ES_HOME"

java_range() { echo "17 25"; }

launch() {  # launch JAVA_HOME
  as_node_user env ES_JAVA_HOME="$1" JAVA_HOME="$1" ES_TMPDIR="$TMP" ES_PATH_CONF="$ES_HOME/config" \
    "$ES_HOME/bin/elasticsearch" -d -p "$PIDFILE"
}

# --- download & unpack ---------------------------------------------------------------
assemble() {
  local stamp="$ES_HOME/.kmp-assembled"
  if [ -f "$stamp" ]; then
    log "distribution already unpacked in $ES_HOME"
    return 0
  fi
  ensure_mvn
  mkdir -p "$DL"
  log "mvn: fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$NODE_VERSION:zip"
  write_pom "$DL/pom.xml" "org.elasticsearch.distribution.integ-test-zip:elasticsearch:$NODE_VERSION:zip"
  mvn_copy "$DL/pom.xml" "$DL"
  took "fetched server zip"
  unpack_zip "$DL/elasticsearch-$NODE_VERSION.zip"
  date -u +%FT%TZ >"$stamp"
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
http.port: $NODE_PORT
transport.port: $NODE_TPORT
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
-Xms$NODE_HEAP
-Xmx$NODE_HEAP
-XX:-HeapDumpOnOutOfMemoryError
-XX:ErrorFile=$LOGS/hs_err_pid%p.log
EOF
  sed -i -E "s#file=gc.log#file=$LOGS/gc.log#" "$ES_HOME/config/jvm.options"
  if is_root; then chown -R "$NODE_USER:" "$BASE"; fi
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
  url) if [ "${2:-}" = "--http" ]; then echo "$URL"; else echo "elasticsearch://127.0.0.1:$NODE_PORT"; fi ;;
  check) cmd_check ;;
  *) echo "usage: $0 start|stop|restart|status|url [--http]|check" >&2; exit 2 ;;
esac
