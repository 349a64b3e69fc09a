#!/usr/bin/env bash
# site/redis.sh start|stop|restart|status|url [counters]
#
# Two throwaway Redis servers from Debian's `redis-server` package (apt-get installs
# it when missing, root only), on 127.0.0.1 only:
#   * the cache (REDIS_PORT, default 6381): pages, search counts, dashboard figures;
#     `allkeys-lru` within REDIS_CACHE_MEMORY (default 256mb) -- evicting is its job
#   * the counters (REDIS_PORT+1): rate limits and login-throttle counts; `noeviction`
#     and an append-only file, so traffic can neither evict nor a restart forget a count
# `url` prints REDIS_URL (redis://127.0.0.1:6381/0), `url counters` REDIS_COUNTERS_URL.
# State (configs, data, logs, pid files) in $STATE_DIR/redis (default STATE_DIR=$HOME/.cache/kmp).
# shellcheck source=site/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

CACHE_PORT="${REDIS_PORT:-6381}"
COUNTERS_PORT="${REDIS_COUNTERS_PORT:-$((CACHE_PORT + 1))}"
CACHE_MEMORY="${REDIS_CACHE_MEMORY:-256mb}"
BASE="$STATE_DIR/redis"

ensure_installed() {
  command -v redis-server >/dev/null && return 0
  is_root || die "redis-server is not installed and we are not root: apt-get install redis-server"
  log "installing Debian's redis-server package"
  apt_install --no-install-recommends redis-server
  # Debian's package starts a system-wide server on 6379 where systemd runs; ours are separate.
}

pid_of() { pid_from_file "$BASE/$1.pid" redis-server; }  # pid_of NAME: the running server of that instance

ping() {  # ping PORT: the server answers PONG
  python3 - "$1" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
    s.sendall(b"PING\r\n")
    sys.exit(0 if s.recv(64).startswith(b"+PONG") else 1)
except OSError:
    sys.exit(1)
PY
}

configure() {  # configure NAME PORT POLICY
  local name="$1" port="$2" extra
  mkdir -p "$BASE/$name"
  if [ "$name" = cache ]; then
    extra="maxmemory $CACHE_MEMORY
maxmemory-policy allkeys-lru
save \"\"
appendonly no"
  else
    extra="maxmemory-policy noeviction
save \"\"
appendonly yes
appendfsync everysec"
  fi
  cat >"$BASE/$name.conf" <<CONF
# written by site/redis.sh ($name)
bind 127.0.0.1
protected-mode yes
port $port
daemonize yes
pidfile $BASE/$name.pid
logfile $BASE/$name.log
dir $BASE/$name
$extra
CONF
}

start_one() {  # start_one NAME PORT
  local name="$1" port="$2" i
  if [ -n "$(pid_of "$name")" ] && ping "$port"; then log "$name already running on $port"; return 0; fi
  ensure_port_free "$port" REDIS_PORT
  configure "$name" "$port"
  redis-server "$BASE/$name.conf"
  for i in $(seq 1 50); do
    if ping "$port"; then took "$name up on redis://127.0.0.1:$port/0"; return 0; fi
    sleep 0.1
  done
  tail -n 20 "$BASE/$name.log" >&2 || true
  die "$name did not answer on $port"
}

stop_one() {  # stop_one NAME
  local pid
  pid=$(pid_of "$1")
  if [ -z "$pid" ]; then log "$1 not running"; return 0; fi
  kill -TERM "$pid"
  wait_exit "$pid" 50 0.1
  took "$1 stopped"
}

cmd_start() { ensure_installed; mkdir -p "$BASE"; start_one cache "$CACHE_PORT"; start_one counters "$COUNTERS_PORT"; }
cmd_stop() { stop_one cache; stop_one counters; }

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status)
    if ping "$CACHE_PORT" && ping "$COUNTERS_PORT"; then log "running on $CACHE_PORT and $COUNTERS_PORT"; else log "not running"; exit 3; fi ;;
  url)
    if [ "${2:-}" = counters ]; then echo "redis://127.0.0.1:$COUNTERS_PORT/0"; else echo "redis://127.0.0.1:$CACHE_PORT/0"; fi ;;
  *) echo "usage: $0 start|stop|restart|status|url [counters]" >&2; exit 2 ;;
esac
