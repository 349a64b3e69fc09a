#!/usr/bin/env bash
# site/s3.sh start|stop|restart|status|url|env
#
# A throwaway S3-compatible object store for development and CI: S3Proxy (Apache-2.0,
# https://github.com/gaul/s3proxy) fetched with `mvn` from Maven Central as one jar
# (org.gaul:s3proxy:<ver>:jar:jar-with-dependencies), storing objects as files
# (jclouds `filesystem` provider). It speaks the S3 API with AWS signatures v2/v4,
# per-object ACLs (public-read objects are readable anonymously, private ones only
# signed) and presigned URLs -- what django-storages' S3Storage uses.
#   * 127.0.0.1:$S3_PORT only (default 8390), bucket $S3_BUCKET (default kmp-media),
#     created at start (a bucket is a folder of the data directory)
#   * access key $S3_ACCESS_KEY / secret $S3_SECRET_KEY (default kmp / kmp-secret-key)
#   * Java 17+ (S3Proxy 4.x), picked from /usr/lib/jvm (S3_JAVA_HOME overrides)
# `url` prints the endpoint; `env` prints the DJANGO_MEDIA_S3_* settings for it.
# State in $STATE_DIR/s3 (default STATE_DIR=$HOME/.cache/kmp); the jar is cached in ~/.m2.
# shellcheck source=site/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

S3_VERSION="${S3PROXY_VERSION:-4.1.0}"
S3_PORT="${S3_PORT:-8390}"
S3_BUCKET="${S3_BUCKET:-kmp-media}"
S3_ACCESS_KEY="${S3_ACCESS_KEY:-kmp}"
S3_SECRET_KEY="${S3_SECRET_KEY:-kmp-secret-key}"
BASE="$STATE_DIR/s3"
DATA="$BASE/data"
PIDFILE="$BASE/s3proxy.pid"
JAR="$HOME/.m2/repository/org/gaul/s3proxy/$S3_VERSION/s3proxy-$S3_VERSION-jar-with-dependencies.jar"
URL="http://127.0.0.1:$S3_PORT"

ensure_jar() {
  [ -s "$JAR" ] && return 0
  command -v mvn >/dev/null || {
    is_root || die "mvn not found; install Maven"
    apt_install maven
  }
  log "mvn: fetching org.gaul:s3proxy:$S3_VERSION:jar:jar-with-dependencies"
  mvn -B -q -U -Dstyle.color=never dependency:get -Dtransitive=false \
    -Dartifact="org.gaul:s3proxy:$S3_VERSION:jar:jar-with-dependencies" >"$BASE/mvn.log" 2>&1 ||
    { cat "$BASE/mvn.log" >&2; die "mvn could not fetch S3Proxy $S3_VERSION"; }
  took "fetched $(basename "$JAR")"
}

pick_java() {  # the newest Java 17+ in /usr/lib/jvm, or S3_JAVA_HOME
  if [ -n "${S3_JAVA_HOME:-}" ]; then echo "$S3_JAVA_HOME/bin/java"; return; fi
  local cand v best="" bestv=0
  for cand in /usr/lib/jvm/*; do
    [ -x "$cand/bin/java" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$cand/release" 2>/dev/null || true)
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge 17 ] && [ "$v" -gt "$bestv" ]; then best="$cand" bestv=$v; fi
  done
  [ -n "$best" ] || best=$(command -v java) || die "no Java 17+ found (set S3_JAVA_HOME)"
  echo "${best%/bin/java}/bin/java" | sed 's#//#/#'
}

server_pid() { pid_from_file "$PIDFILE" s3proxy; }

answers() {  # an anonymous GET of the bucket is refused (403) by a live S3 server
  python3 - "$URL/$S3_BUCKET/" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
    sys.exit(0)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code in (403, 404) else 1)
except Exception:
    sys.exit(1)
PY
}

cmd_start() {
  mkdir -p "$BASE" "$DATA/$S3_BUCKET"
  if [ -n "$(server_pid)" ] && answers; then log "already running at $URL"; return 0; fi
  ensure_port_free "$S3_PORT" S3_PORT
  ensure_jar
  cat >"$BASE/s3proxy.conf" <<CONF
s3proxy.endpoint=$URL
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DATA
CONF
  local java i
  java=$(pick_java)
  log "S3Proxy $S3_VERSION on $URL (bucket $S3_BUCKET, $java)"
  (cd "$BASE" && exec setsid "$java" -Xmx256m -jar "$JAR" --properties "$BASE/s3proxy.conf" >"$BASE/s3proxy.log" 2>&1 &
    echo $! >"$PIDFILE")
  for i in $(seq 1 120); do
    if answers; then took "up: $URL (pid $(server_pid))"; return 0; fi
    [ -n "$(server_pid)" ] || { tail -n 30 "$BASE/s3proxy.log" >&2; die "S3Proxy exited"; }
    sleep 0.5
  done
  die "S3Proxy did not answer on $URL (log: $BASE/s3proxy.log)"
}

cmd_stop() { stop_pidfile "$PIDFILE" "$(server_pid)" 50 0.2; }

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) if [ -n "$(server_pid)" ] && answers; then log "running at $URL"; else log "not running"; exit 3; fi ;;
  url) echo "$URL" ;;
  env)
    printf '%s\n' "DJANGO_MEDIA_S3_BUCKET=$S3_BUCKET" "DJANGO_MEDIA_S3_ENDPOINT_URL=$URL" \
      "DJANGO_MEDIA_S3_ACCESS_KEY_ID=$S3_ACCESS_KEY" "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY=$S3_SECRET_KEY" ;;
  *) echo "usage: $0 start|stop|restart|status|url|env" >&2; exit 2 ;;
esac
