# shellcheck shell=bash
# Sourced by the site/*.sh service scripts: logging, timing and small checks.
# The caller sets SCRIPT_NAME (the log prefix) before sourcing.

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
