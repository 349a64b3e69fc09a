"""What keeping rate-limit counters out of the evicting default cache costs per request.

    .venv/bin/python bench/counters.py [--calls 2000] [--clients 200] [--postgres URL]

Runs the API's throttle (``ApiRateThrottle.allow_request``, the same call every API request and
every rate-limited page makes) against the ``counters`` alias (Django's DatabaseCache, the
default) and against a LocMem cache in the same process (the baseline: what the counts cost when
they lived, evictable, in the default cache). Prints ms per call, the ratio and the queries per call.
Works in a throwaway SQLite database under /tmp unless ``--postgres`` names a database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

BENCH_DIR = Path(os.environ.get("KMP_BENCH_DIR", "/tmp/kmp-bench-counters"))  # noqa: S108 - throwaway
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class _Request:
    """What the throttle reads of a request."""

    def __init__(self, address: str):
        self.auth = None
        self.user = None
        self.headers: dict = {}
        self.META = {"REMOTE_ADDR": address}


def _run(alias: str, *, calls: int, clients: int) -> tuple[float, int]:
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cooperative_pages.api.throttling import ApiRateThrottle

    settings.KMP = {**settings.KMP, "COUNTER_CACHE": alias, "API_ANON_RATE": "1000000/minute"}
    caches[alias].clear()
    started = time.perf_counter()
    for number in range(calls):
        client = number % clients
        ApiRateThrottle().allow_request(_Request(f"10.{client // 65536}.{client // 256 % 256}.{client % 256}"), None)
    per_call = (time.perf_counter() - started) / calls * 1000
    with CaptureQueriesContext(connection) as queries:
        ApiRateThrottle().allow_request(_Request("10.255.255.255"), None)
    return per_call, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on instead of a throwaway SQLite file")
    args = parser.parse_args()
    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True)
    os.environ["KMP_VAR_DIR"] = str(BENCH_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CACHES["baseline"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}
    call_command("migrate", verbosity=0)
    results = {}
    for alias in ("baseline", "counters", "baseline", "counters"):  # alternated, the second run counts
        results[alias] = _run(alias, calls=args.calls, clients=args.clients)
    base, _ = results["baseline"]
    per_call, queries = results["counters"]
    print(f"{args.calls} throttled calls, {args.clients} clients, {settings.DATABASES['default']['ENGINE']}")  # noqa: T201
    print(f"LocMem (baseline, evictable): {base:.3f} ms per call")  # noqa: T201
    print(f"counters (DatabaseCache):     {per_call:.3f} ms per call, {queries} queries, {per_call / base:.1f}x")  # noqa: T201


if __name__ == "__main__":
    main()
