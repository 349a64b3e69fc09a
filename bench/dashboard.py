"""Benchmark of the transparency dashboard's national figures at full size (80,605 cooperatives).

    .venv/bin/python bench/dashboard.py [--cooperatives 80605] [--repeat 30] [--postgres URL] [--reuse]

Works in a throwaway SQLite database under /tmp (never var/), or with ``--postgres URL`` (or a
``postgres://`` ``DATABASE_URL``) in a fresh database ``kmp_bench_dashboard`` created on that
server (the named database is not touched). ``--reuse`` keeps the dataset of the previous run
(migrations still applied). What it generates:

- the real Kemendagri regions (``load_regions``);
- one ``CooperativeActivity`` summary row per cooperative, spread over the first villages of
  every district in code order (80,605 of 83,762 villages), with the article's figures:
  35,343 with a microsite account, 2,921 active nationally, of which East Java (35) has
  4,670 accounts and 366 active; some pending approvals, a spread of readiness scores;
- 3,000 agency applications and 90 days of national snapshots (for the trend line).

The summary rows point at cooperative ids without creating the 80,605 ``CooperativePage``
trees (about 320,000 pages, which the onboarding benchmark measures): foreign-key checks are
off while inserting. The dashboard never joins the pages for national figures, so this is the
same work it does on a real registry.

Prints p50/p95 (ms), the p50 CPU time of this process (ms) and the query count of
``/dashboard/``, ``/api/dashboard/``, the province and regency views and the CSV, in-process
through Django's test client: cold (the figures recomputed on every request, as right after a
change) and warm (served from the figures cache, ``KMP["DASHBOARD_CACHE_SECONDS"]``) — and the
figures themselves.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(os.environ.get("KMP_BENCH_DIR", "/tmp/kmp-bench-dashboard"))  # noqa: S108 - throwaway
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE = {"with_account": 35_343, "active": 2_921, "east_java_account": 4_670, "east_java_active": 366}


BENCH_DATABASE = "kmp_bench_dashboard"


def _postgres_admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def setup_django(*, postgres: str | None, reuse: bool) -> bool:
    """Point Django at the bench database; True when a dataset from a previous run is reused."""
    reused = reuse and (bool(postgres) or (BENCH_DIR / "db.sqlite3").exists())
    if not reused:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
        if postgres:
            _postgres_admin(
                postgres,
                f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)',
                f'CREATE DATABASE "{BENCH_DATABASE}"',
            )
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if postgres:
        os.environ["DATABASE_URL"] = postgres.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["KMP_VAR_DIR"] = str(BENCH_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if reused and connection.vendor == "sqlite":
        # SQLite's schema editor checks every foreign key after a migration; the reused summary
        # rows point at pages that were never created (see the docstring).
        connection.check_constraints = lambda table_names=None: None
    call_command("migrate", verbosity=0)
    if not reused:
        call_command("load_regions", verbosity=0)
    return reused


def build(*, cooperatives: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from cooperative_pages.models import CooperativePage, Region, RegionLevel
    from dashboard.models import ActivitySnapshot, AgencyApplication, AgencyStatus, CooperativeActivity

    rng = random.Random(18082025)  # the article's date
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code").values_list("code", flat=True))
    step = len(villages) / cooperatives
    codes = [villages[int(i * step)] for i in range(cooperatives)]
    east_java = [i for i, code in enumerate(codes) if code.startswith("35.")]
    elsewhere = [i for i, code in enumerate(codes) if not code.startswith("35.")]
    accounts_ej = rng.sample(east_java, ARTICLE["east_java_account"])
    accounts_else = rng.sample(elsewhere, ARTICLE["with_account"] - ARTICLE["east_java_account"])
    active = set(rng.sample(accounts_ej, ARTICLE["east_java_active"]))
    active |= set(rng.sample(accounts_else, ARTICLE["active"] - ARTICLE["east_java_active"]))
    with_account = set(accounts_ej) | set(accounts_else)

    now = timezone.now()
    rows = []
    for i, code in enumerate(codes):
        parts = code.split(".")
        if i in active:
            last = now - timedelta(days=rng.randint(0, 29), minutes=rng.randint(0, 600))
        elif i in with_account and rng.random() < 0.5:
            last = now - timedelta(days=rng.randint(31, 400))
        else:
            last = None
        pending = rng.choice((1, 1, 2, 3)) if i in with_account and rng.random() < 0.08 else 0
        flags = {
            "profile_complete": i in with_account and rng.random() < 0.6,
            "has_legal_entity_number": True,
            "has_board": i in with_account and rng.random() < 0.5,
            "has_articles": i in with_account and rng.random() < 0.4,
            "has_recent_annual_meeting": i in with_account and rng.random() < 0.2,
            "has_financial_statement": i in with_account and rng.random() < 0.2,
            "has_products": i in with_account and rng.random() < 0.5,
            "updates_regularly": i in active and rng.random() < 0.5,
            "facilitator_verified": i in with_account and rng.random() < 0.1,
        }
        from dashboard import readiness

        rows.append(
            CooperativeActivity(
                cooperative_id=i + 1,
                province_id=parts[0],
                regency_id=".".join(parts[:2]),
                district_id=".".join(parts[:3]),
                last_approved_publication_at=last,
                has_activated_officer=i in with_account,
                pending_approvals=pending,
                oldest_pending_since=now - timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
                if pending
                else None,
                readiness_score=readiness.score(flags),
                **flags,
            )
        )
    applications = []
    for _ in range(3000):
        i = rng.choice(accounts_ej + accounts_else)
        parts = codes[i].split(".")
        applications.append(
            AgencyApplication(
                cooperative_id=i + 1,
                province_id=parts[0],
                regency_id=".".join(parts[:2]),
                kind=rng.choice(("lpg", "pupuk-bersubsidi", "agen-bank", "pos")),
                status=rng.choice(AgencyStatus.values),
            )
        )
    today = timezone.localdate()
    snapshots = [
        ActivitySnapshot(
            date=today - timedelta(days=d),
            registered=cooperatives,
            with_account=ARTICLE["with_account"] - 40 * d,
            active=max(0, ARTICLE["active"] - 5 * d + rng.randint(-50, 50)),
            ready=1000 + 3 * (90 - d),
        )
        for d in range(90, 0, -1)
    ]
    if connection.vendor == "postgresql":
        # Summary rows without their 320,000 pages (see the docstring): PostgreSQL checks deferred
        # foreign keys at commit, so this throwaway database loses those two constraints.
        with connection.cursor() as cursor:
            for table in (CooperativeActivity._meta.db_table, AgencyApplication._meta.db_table):
                cursor.execute(
                    "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' "
                    "AND confrelid = %s::regclass",
                    [table, CooperativePage._meta.db_table],
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    connection.disable_constraint_checking()  # the same on SQLite
    try:
        with transaction.atomic():
            CooperativeActivity.objects.bulk_create(rows, batch_size=2000)
            AgencyApplication.objects.bulk_create(applications, batch_size=2000)
            ActivitySnapshot.objects.bulk_create(snapshots)
    finally:
        connection.enable_constraint_checking()


def measure(client, url: str, repeat: int, *, cold: bool) -> tuple[float, float, float, int]:
    """p50 and p95 wall-clock ms, p50 CPU ms of this process (SQLite runs in it; less sensitive to
    the machine's load than wall-clock time) and the query count of the last request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboard.selectors import figures_changed

    timings, cpu = [], []
    queries = 0
    client.get(url)  # warm Wagtail's own caches and the figures cache
    for _ in range(repeat):
        if cold:
            figures_changed()  # as after any change: the figures are recomputed
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], statistics.median(cpu), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cooperatives", type=int, default=80_605)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", help="postgres://… of a server (default: DATABASE_URL if it is one)")
    parser.add_argument("--reuse", action="store_true", help="keep the previous run's dataset")
    args = parser.parse_args()
    postgres = args.postgres or (
        os.environ.get("DATABASE_URL", "") if "postgres" in os.environ.get("DATABASE_URL", "") else None
    )

    started = time.perf_counter()
    reused = setup_django(postgres=postgres, reuse=args.reuse)
    from django.db import connection

    if not reused:
        build(cooperatives=args.cooperatives)
    with connection.cursor() as cursor:
        # Planner statistics, and on PostgreSQL the visibility map index-only scans need (what
        # autovacuum does soon after a bulk load).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"dataset: {'reused, ' if reused else ''}{args.cooperatives:,} summary rows, regions, 3,000 applications, "
        f"90 snapshots on {connection.vendor} ({time.perf_counter() - started:.0f} s); "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )

    from django.test import Client

    from dashboard.selectors import Scope, dashboard_figures

    client = Client()
    figures = dashboard_figures(scope=Scope("national"))
    totals = figures["totals"]
    east_java = next(row for row in figures["regions"] if row["code"] == "35")
    print(
        f"national: registered {totals['registered']:,}, with account {totals['with_account']:,}, "
        f"active {totals['active']:,}, pending {totals['pending_approvals']:,} "
        f"(oldest {totals['oldest_pending_days']} days), ready {totals['ready']:,}"
    )
    print(f"East Java: with account {east_java['with_account']:,}, active {east_java['active']:,}")
    print(
        f"readiness bands: {[band['count'] for band in totals['readiness']]}; "
        f"agency applications {figures['agency_applications']}"
    )
    for cold in (True, False):
        print(
            f"{'cold (recomputed)' if cold else 'warm (cached figures)':42} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'cpu p50':>8} {'queries':>8}"
        )
        for url in (
            "/dashboard/",
            "/api/dashboard/",
            "/dashboard/?province=35",
            "/api/dashboard/?regency=35.07",
            "/dashboard/csv/regions/",
        ):
            p50, p95, cpu, queries = measure(client, url, args.repeat, cold=cold)
            print(f"{url:42} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {queries:8d}")

    from django.utils import timezone

    for label, kwargs in (("uncached", {"now": None}), ("cached", {})):
        timings = []
        for _ in range(args.repeat):
            if kwargs:
                kwargs["now"] = timezone.now()  # an explicit time bypasses the cache
            start = time.perf_counter()
            dashboard_figures(scope=Scope("national"), **kwargs)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(
            f"{'dashboard_figures(national), ' + label:42} {statistics.median(timings):8.1f} "
            f"{timings[int(0.95 * (len(timings) - 1))]:8.1f}"
        )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
