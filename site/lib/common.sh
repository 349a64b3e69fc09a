# shellcheck shell=bash
# Sourced first by the site/*.sh service scripts: strict mode, the state directory,
# logging and timing, and the package and process helpers they share.
set -euo pipefail

SCRIPT_NAME=$(basename "${BASH_SOURCE[1]}")  # the log prefix: the script that sources this file
STATE_DIR="${STATE_DIR:-$HOME/.cache/kmp}"

log() { printf '[%s %s] %s\n' "$SCRIPT_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
T0=$(date +%s)
took() { log "$1 (+$(($(date +%s) - T0))s)"; }

is_root() { [ "$(id -u)" = 0 ]; }

port_busy() {  # port_busy PORT: something listens on 127.0.0.1:PORT
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

ensure_port_free() {  # ensure_port_free PORT VARIABLE: die when another process listens on PORT (VARIABLE moves it)
  if port_busy "$1"; then die "port $1 is taken by another process (set $2)"; fi
}

apt_install() {  # apt_install [apt-get options] PACKAGE...: the package lists are refreshed only when that fails
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "$@" >&2; then
    log "apt-get update (package lists missing or stale)"
    apt-get update -q >&2
    apt-get install -y -q "$@" >&2
  fi
}

pid_from_file() {  # pid_from_file PIDFILE TEXT: the pid in PIDFILE if that process runs with TEXT in its command line
  local pid
  [ -s "$1" ] || return 0
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"; then echo "$pid"; fi
}

wait_exit() {  # wait_exit PID TRIES PAUSE: wait up to TRIES x PAUSE seconds for the process to exit
  local i
  for i in $(seq 1 "$2"); do
    [ -d "/proc/$1" ] || return 0
    sleep "$3"
  done
}

terminate() {  # terminate PIDFILE PID TRIES PAUSE [NOTE]: SIGTERM PID; still alive after TRIES x PAUSE seconds,
  # log NOTE (when given) and SIGKILL it; then remove PIDFILE
  kill -TERM "$2" 2>/dev/null || true
  wait_exit "$2" "$3" "$4"
  if [ -d "/proc/$2" ]; then
    if [ -n "${5:-}" ]; then log "$5"; fi
    kill -KILL "$2" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop_pidfile() {  # stop_pidfile PIDFILE PID TRIES PAUSE [NOTE]: "not running" when PID is empty, else terminate it
  if [ -z "$2" ]; then log "not running"; rm -f "$1"; return 0; fi
  terminate "$@"
  took "stopped"
}
