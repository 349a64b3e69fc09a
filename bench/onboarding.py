"""Benchmark the registry import: ``python bench/onboarding.py N [--postgres URL] [--keep]``.

Creates a fresh database (a temporary SQLite file, or a new database on the
PostgreSQL server of ``--postgres``), loads the regions, writes a synthetic
registry of N rows from real village codes, times Wagtail's own path
(``cooperative_create``: add_child + save_revision + publish) on a small sample,
then times ``import_cooperatives`` and prints pages/s and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, help="cooperatives in the synthetic registry")
    parser.add_argument("--postgres", help="postgres://… of a server; a fresh database is created on it")
    parser.add_argument("--sample", type=int, default=25, help="cooperatives created by the normal path")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the import to this file and print its top")
    args = parser.parse_args()

    from bench.fresh_database import fresh_database

    with fresh_database(prefix="kmp-bench", postgres=args.postgres, keep=args.keep) as workdir:
        run(args, workdir)


def run(args, workdir: Path) -> None:
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page, Revision

    from cooperative_pages.models import CooperativePage, Region, RegionLevel

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    print(f"migrate + load_regions: {time.monotonic() - started:.1f} s")

    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", "name"))
    rng = random.Random(20250818)
    rng.shuffle(villages)
    sample_villages, registry_villages = villages[: args.sample], villages[args.sample :]
    registry = workdir / "registry.csv"
    _write_registry(registry, registry_villages, args.rows, rng)

    normal_rate = _normal_path_rate(sample_villages)
    seconds, cpu_seconds, pages = _timed_import(registry, batch_size=args.batch_size, profile=args.profile)
    rate = pages / seconds
    print(
        f"import_cooperatives: {args.rows} rows, {pages} pages in {seconds:.1f} s = {rate:.0f} pages/s "
        f"({rate / normal_rate:.0f}x the normal path); CPU time of this process {cpu_seconds:.1f} s, "
        f"load average now {os.getloadavg()[0]:.1f}"
    )

    started = time.monotonic()
    call_command("import_cooperatives", str(registry), verbosity=0)
    print(f"re-run (all unchanged): {time.monotonic() - started:.1f} s")
    problems = Page.find_problems()
    print(
        f"check: {CooperativePage.objects.count()} cooperatives, {Page.objects.count()} pages, "
        f"{Revision.objects.count()} revisions, find_problems clean: {not any(problems)}"
    )


def _normal_path_rate(sample_villages: list[tuple[str, str]]) -> float:
    """Pages/s of Wagtail's own path on a sample (in regencies the import will also use)."""
    from wagtail.models import Page

    from cooperative_pages.models import Region
    from cooperative_pages.services import cooperative_create

    started = time.monotonic()
    for number, (code, name) in enumerate(sample_villages):
        cooperative_create(
            registry_id=f"S{number:015d}",
            name=f"Koperasi Desa Merah Putih {name}",
            village=Region.objects.get(code=code),
            phone="+6281234500000",
        )
    seconds = time.monotonic() - started
    pages = Page.objects.filter(depth__gte=5).count()
    print(f"normal path (cooperative_create): {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s")
    return pages / seconds


def _timed_import(registry: Path, *, batch_size: int, profile: Path | None) -> tuple[float, float, int]:
    """``(wall seconds, CPU seconds, pages created)`` of ``import_cooperatives`` on ``registry``."""
    from django.core.management import call_command
    from wagtail.models import Page

    pages_before = Page.objects.count()
    started, cpu_started = time.monotonic(), time.process_time()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        call_command("import_cooperatives", str(registry), batch_size=batch_size, verbosity=1)
    except SystemExit as exit_:
        print(f"import exited with {exit_.code}")
    if profiler is not None:
        import pstats

        profiler.disable()
        profiler.dump_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    seconds, cpu_seconds = time.monotonic() - started, time.process_time() - cpu_started
    return seconds, cpu_seconds, Page.objects.count() - pages_before


def _write_registry(path: Path, villages: list[tuple[str, str]], rows: int, rng: random.Random) -> None:
    from cooperative_pages.onboarding.registry import COLUMNS

    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for number in range(rows):
            code, name = villages[number % len(villages)]
            village_type = "Kelurahan" if code.split(".")[-1].startswith("1") else "Desa"
            writer.writerow(
                {
                    "registry_id": f"{code.replace('.', '')}{number:07d}"[-16:].rjust(16, "0"),
                    "name": f"Koperasi {village_type} Merah Putih {name}",
                    "legal_entity_number": f"AHU-{number:07d}.AH.01.29.TAHUN 2025",
                    "legal_entity_date": f"2025-{rng.randint(6, 8):02d}-{rng.randint(1, 28):02d}",
                    "village_code": code,
                    "address": f"Jl. Balai {village_type} {name} No. {rng.randint(1, 200)}",
                    "phone": f"08{rng.choice('1258')}{rng.randint(10_000_000, 99_999_999)}",
                    "email": f"kmp{number}@example.id" if number % 3 == 0 else "",
                    "chair_name": rng.choice(
                        ["Sutrisno", "Siti Aminah", "Bambang Hartono", "Sri Wahyuni", "Lalu Ahmad"]
                    ),
                }
            )


if __name__ == "__main__":
    main()
