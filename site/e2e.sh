#!/usr/bin/env bash
# Browser journeys and budgets (tests/e2e): installs what they need when it is missing —
# Debian's chromium (Playwright drives it; no browser download) and axe-core from npm —
# then runs them against a seeded demo site on gunicorn. Screenshots, axe and page-weight
# reports go to artifacts/e2e/. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "e2e: installing Debian's chromium" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; then
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi

rm -rf artifacts/e2e
mkdir -p artifacts/e2e
KMP_E2E=1 KMP_CHROMIUM="$(command -v chromium)" .venv/bin/python -m pytest tests/e2e -s -p no:cacheprovider "$@"
