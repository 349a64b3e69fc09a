#!/usr/bin/env bash
# site/postgres_suite.sh [PYTEST ARGS...]
#
# The test suite on a real PostgreSQL, in a copy of this checkout with a server of its own, so that
# .ci/run can run it beside the SQLite suite and the server stages: each pytest is one process, and the
# two of them share the machine's two cores (the PostgreSQL suite alone takes about as long as every
# other stage together).
#   * the copy: the files git knows, from this working tree (the virtualenv is linked), in a temporary
#     folder, removed afterwards; nothing the other stages write can meet it
#   * the server: site/postgres.sh on PG_SUITE_PORT (default 54331) with its own state folder
#     (PG_SUITE_STATE_DIR, default $HOME/.cache/kmp-pg-suite), so bench/load.py stopping the default
#     server in its fault phase does not touch it; stopped afterwards
# Exit status: pytest's; pytest collecting nothing (5) is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PORT="${PG_SUITE_PORT:-54331}"
STATE="${PG_SUITE_STATE_DIR:-$HOME/.cache/kmp-pg-suite}"
COPY="$(mktemp -d "${TMPDIR:-/tmp}/kmp-pg-suite-XXXXXX")"

server() { PG_PORT="$PORT" STATE_DIR="$STATE" bash "$ROOT/site/postgres.sh" "$@"; }
cleanup() {
    server stop >/dev/null 2>&1 || true
    rm -rf "$COPY"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# The files git knows (tracked, and untracked ones it does not ignore), as they are in the working tree: the
# stages running beside it write only ignored files (caches, artifacts, var), so the list does not move under tar.
# Outside a git checkout: the whole folder, a file changing while tar reads it (exit 1) tolerated.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$COPY"
else
    { tar --exclude=./.venv --exclude=./artifacts --exclude=./var --warning=no-file-changed -cf - . || [ $? -eq 1 ]; } |
        tar -xf - -C "$COPY"
fi
ln -s "$ROOT/.venv" "$COPY/.venv"
server start
DATABASE_URL="$(server url)"
export DATABASE_URL
cd "$COPY"
started=$SECONDS
rc=0
.venv/bin/python -m pytest "$@" || rc=$?
echo "PostgreSQL suite: exit $rc after $((SECONDS - started)) s"
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests for: $*" >&2
    rc=1
fi
exit "$rc"
