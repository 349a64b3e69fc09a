#!/usr/bin/env bash
# site/worker.sh start|stop|status|logs [NAME]
#
# The background task worker (`manage.py kmp_worker`: search indexing, renditions, e-mail,
# daily jobs) for a node whose tasks go to the database queue (DJANGO_TASKS_BACKEND=database).
# It runs with the caller's environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, SEARCH_URL,
# REDIS_URL, DJANGO_MEDIA_S3_*, ...): load the same environment as the web nodes first.
# NAME (default `worker`) lets one machine run several; extra arguments for kmp_worker go in
# KMP_WORKER_ARGS. State and logs in $STATE_DIR/worker. In production use systemd instead:
# site/kmp-worker.service.
# shellcheck source=site/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${KMP_PYTHON:-$ROOT/.venv/bin/python}"
NAME="${2:-worker}"
BASE="$STATE_DIR/worker"
PIDFILE="$BASE/$NAME.pid"
LOGFILE="$BASE/$NAME.log"

worker_pid() { pid_from_file "$PIDFILE" kmp_worker; }

cmd_start() {
  mkdir -p "$BASE"
  if [ -n "$(worker_pid)" ]; then log "$NAME already running (pid $(worker_pid))"; return 0; fi
  [ "${DJANGO_TASKS_BACKEND:-}" = database ] || die "DJANGO_TASKS_BACKEND=database is not set: tasks run inline, no worker needed"
  # shellcheck disable=SC2086
  (cd "$ROOT" && PYTHONUNBUFFERED=1 exec setsid "$PYTHON" manage.py kmp_worker --worker-id "$(hostname)-$NAME-$$" ${KMP_WORKER_ARGS:-} \
    >>"$LOGFILE" 2>&1 & echo $! >"$PIDFILE")
  sleep 1
  [ -n "$(worker_pid)" ] || { tail -n 30 "$LOGFILE" >&2; die "$NAME exited (log: $LOGFILE)"; }
  took "$NAME started (pid $(worker_pid), log $LOGFILE)"
}

cmd_stop() {  # SIGTERM: the worker finishes its current task, then exits
  local pid
  pid=$(worker_pid)
  if [ -z "$pid" ]; then log "$NAME not running"; rm -f "$PIDFILE"; return 0; fi
  terminate "$PIDFILE" "$pid" 300 0.2 "$NAME still busy after 60 s: SIGKILL (its task will be retried)"
  took "$NAME stopped"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) if [ -n "$(worker_pid)" ]; then log "$NAME running (pid $(worker_pid))"; else log "$NAME not running"; exit 3; fi ;;
  logs) tail -n 50 "$LOGFILE" ;;
  *) echo "usage: $0 start|stop|status|logs [NAME]" >&2; exit 2 ;;
esac
