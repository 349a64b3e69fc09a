#!/usr/bin/env bash
# The API contract checked from outside: schemathesis (--checks all) against a live demo site
# (gunicorn, SQLite, seed_demo) with a partner API key made by `create_api_key`. Fails unless
# every check passes and at least KMP_CONTRACT_MIN_CASES (3,000) cases ran.
# Reports (JSON, JUnit) go to artifacts/contract/. Extra arguments go to schemathesis.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${KMP_CONTRACT_EXAMPLES:-100}"
MIN_CASES="${KMP_CONTRACT_MIN_CASES:-3000}"
PORT="${KMP_CONTRACT_PORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
VAR_DIR="$(mktemp -d /tmp/kmp-contract-XXXXXX)"
REPORTS="artifacts/contract"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

export DJANGO_SETTINGS_MODULE=config.settings.dev DJANGO_DEBUG=1 KMP_VAR_DIR="$VAR_DIR"
export DJANGO_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export KMP_PUBLIC_BASE_URL="http://127.0.0.1:$PORT"
unset DATABASE_URL SEARCH_URL

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py export_open_data >/dev/null  # /api/open-data/ answers its 200, not only a 404
KEY="$(.venv/bin/python manage.py create_api_key "schemathesis (CI)" --rate 1000000/minute 2>/dev/null)"

GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS=2 .venv/bin/gunicorn -c site/gunicorn.conf.py config.wsgi \
    >"$VAR_DIR/gunicorn.log" 2>&1 &
SERVER=$!
cleanup() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    cp "$VAR_DIR/gunicorn.log" "$REPORTS/gunicorn.log" 2>/dev/null || true
    rm -rf "$VAR_DIR"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/schema/?format=json" && break
    sleep 1
done

rc=0
.venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/schema/?format=json" \
    --checks all --max-examples "$EXAMPLES" --generation-deterministic --workers 2 \
    --header "X-Api-Key: $KEY" --request-timeout 60 --max-response-time 30 \
    --report json,junit --report-dir "$REPORTS" "$@" || rc=$?

.venv/bin/python - "$REPORTS" "$MIN_CASES" <<'PY'
import json
import sys
from pathlib import Path

reports, minimum = Path(sys.argv[1]), int(sys.argv[2])
report = json.loads(next(reports.glob("json-*.json")).read_text())
cases = report["test_cases"]
failures = sum(failure["count"] for failure in report["failures"])
print(f"schemathesis: {cases['generated']} test cases, {failures} failures, {cases['errored']} errors")
if cases["generated"] < minimum or failures or cases["errored"]:
    print(f"expected at least {minimum} test cases and no failure", file=sys.stderr)
    sys.exit(1)
PY
if grep -q '" 50[0-9] ' "$VAR_DIR/gunicorn.log"; then
    echo "the server answered 5xx during the run (artifacts/contract/gunicorn.log)" >&2
    rc=1
fi
exit "$rc"
