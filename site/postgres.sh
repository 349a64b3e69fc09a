#!/usr/bin/env bash
# site/postgres.sh start|stop|restart|status|url
#
# A throwaway PostgreSQL cluster for development and CI, from Debian's
# `postgresql` package (installed with apt-get when missing, root only).
#   * data in $STATE_DIR/pg (default STATE_DIR=$HOME/.cache/kmp)
#   * TCP on 127.0.0.1:$PG_PORT only (default 54329); the Unix socket sits in a
#     private (0700) directory and is used only by this script
#   * database `kmp`, owned by role `kmp` / password `kmp`, with CREATEDB
#     (pytest-django creates and drops test_kmp)
#   * runs as the `postgres` OS user when we are root (initdb refuses root)
#   * durability is switched off (fsync, synchronous_commit, full_page_writes):
#     fast for tests, but a crash may lose the cluster; it is throwaway
# `url` prints the DATABASE_URL: postgres://kmp:kmp@127.0.0.1:54329/kmp
#
# Settings (environment): STATE_DIR, PG_PORT, PG_START_TIMEOUT (s, default 60)
# shellcheck source=site/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PG_PORT="${PG_PORT:-54329}"
PG_TIMEOUT="${PG_START_TIMEOUT:-60}"
DB_NAME=kmp DB_USER=kmp DB_PASS=kmp

BASE="$STATE_DIR/pg"
DATA="$BASE/data"
LOGFILE="$BASE/postgres.log"
SOCKDIR="$BASE/run"
URL="postgres://$DB_USER:$DB_PASS@127.0.0.1:$PG_PORT/$DB_NAME"

# A Unix socket path must fit in 107 bytes: fall back to /tmp for a long STATE_DIR.
if [ $((${#SOCKDIR} + 20)) -gt 100 ]; then SOCKDIR="/tmp/kmp-pg-$(id -u)-$PG_PORT"; fi

find_bindir() {  # newest /usr/lib/postgresql/<ver>/bin that has pg_ctl
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; fi
}

ensure_installed() {
  BIN=$(find_bindir)
  [ -n "$BIN" ] && return 0
  is_root || die "PostgreSQL server is not installed and we are not root: apt-get install postgresql"
  log "installing Debian's postgresql package"
  apt_install --no-install-recommends postgresql
  BIN=$(find_bindir)
  [ -n "$BIN" ] || die "postgresql installed, but no /usr/lib/postgresql/*/bin/pg_ctl"
  took "installed $(basename "$(dirname "$BIN")")"
}

# Run a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

# The server runs as `postgres` but may live under root's $HOME (mode 700 on
# Debian): give other users search (x) permission -- not read -- on the blocking parents.
ensure_traversable() {
  is_root || return 0
  local path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${1#/}"
  for part in "${parts[@]}"; do
    path="$path/$part"
    if ! runuser -u postgres -- test -x "$path" 2>/dev/null; then
      log "chmod o+x $path (so postgres can reach $1)"
      chmod o+x "$path"
    fi
  done
}

# Is the postmaster named in postmaster.pid alive? (not `pg_ctl status`: right
# after a kill -9 it still sees the unreaped zombie and calls it running)
pg_running() {
  local pid state
  pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
  [ "$state" != Z ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q postgres
}

leftover_procs() {  # live (non-zombie) processes whose working directory is $DATA
  local real p
  real=$(readlink -f "$DATA")
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$real" ] || continue
    [ "$(sed 's/^.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f1)" = Z ] && continue
    printf '%s ' "${p#/proc/}"
  done
}

psql_admin() {  # psql_admin SQL  (superuser over the private socket)
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PG_PORT" \
    -U postgres -d postgres -tAc "$1"
}

init_cluster() {
  local locale=C.UTF-8
  locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' || locale=C
  log "initdb $DATA ($(basename "$(dirname "$BIN")"), locale $locale)"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  if is_root; then chown postgres: "$DATA"; fi
  chmod 700 "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale="$locale" \
    --auth-local=trust --auth-host=scram-sha-256 >"$BASE/initdb.log" 2>&1 ||
    { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
  echo "include_if_exists = 'kmp.conf'" >>"$DATA/postgresql.conf"
  took "cluster created"
}

write_conf() {  # rewritten at every start, so PG_PORT changes apply
  cat >"$DATA/kmp.conf" <<EOF
# written by site/postgres.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$SOCKDIR'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  mkdir -p "$SOCKDIR"
  chmod 700 "$SOCKDIR"
  if is_root; then chown postgres: "$DATA/kmp.conf" "$SOCKDIR"; fi
}

provision() {  # role + database, idempotent
  psql_admin "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASS';
      ELSE
        ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASS';
      END IF; END \$\$;"
  if [ -z "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    psql_admin "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    log "created database $DB_NAME"
  fi
  # prove the URL works: TCP + password, as the application will connect
  PGPASSWORD="$DB_PASS" PGCONNECT_TIMEOUT=5 "$BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" \
    -U "$DB_USER" -d "$DB_NAME" -tAc 'SELECT 1' >/dev/null ||
    die "cannot log in as $DB_USER over TCP"
}

cmd_start() {
  ensure_installed
  mkdir -p "$BASE"
  if is_root; then
    ensure_traversable "$BASE"
    chown postgres: "$BASE"
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    init_cluster
  elif [ "$(cat "$DATA/PG_VERSION")" != "$(basename "$(dirname "$BIN")")" ]; then
    die "$DATA was made by PostgreSQL $(cat "$DATA/PG_VERSION"), installed is $(basename "$(dirname "$BIN")"): remove $BASE"
  fi
  if pg_running; then
    log "already running ($DATA)"
  else
    ensure_port_free "$PG_PORT" PG_PORT
    # a killed postmaster can linger as a zombie, which postgres takes for a live owner
    if [ -f "$DATA/postmaster.pid" ]; then
      local n=0
      while [ -n "$(leftover_procs)" ]; do  # orphaned backends exit on their own
        n=$((n + 1))
        [ "$n" -le 30 ] || die "processes $(leftover_procs) still use $DATA"
        sleep 0.5
      done
      log "removing stale lock files of a server that did not shut down cleanly"
      rm -f "$DATA/postmaster.pid" "$SOCKDIR/.s.PGSQL.$PG_PORT.lock"
    fi
    write_conf
    log "starting on 127.0.0.1:$PG_PORT"
    as_owner "$BIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t "$PG_TIMEOUT" >&2 ||
      { tail -n 30 "$LOGFILE" >&2 || true; die "pg_ctl start failed (log: $LOGFILE)"; }
  fi
  # accepts connections?
  local i=0
  until as_owner "$BIN/pg_isready" -q -h "$SOCKDIR" -p "$PG_PORT"; do
    i=$((i + 1))
    [ "$i" -lt "$PG_TIMEOUT" ] || die "not accepting connections after ${PG_TIMEOUT}s (log: $LOGFILE)"
    sleep 1
  done
  provision
  took "up: $URL"
}

cmd_stop() {
  BIN=$(find_bindir)
  if [ -z "$BIN" ] || [ ! -f "$DATA/PG_VERSION" ] || ! pg_running; then
    log "not running"
    return 0
  fi
  as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >&2
  took "stopped"
}

cmd_status() {
  BIN=$(find_bindir)
  if [ -n "$BIN" ] && [ -f "$DATA/PG_VERSION" ] && pg_running; then
    log "running: $URL"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|restart|status|url" >&2; exit 2 ;;
esac
