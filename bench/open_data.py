"""Benchmark of ``manage.py export_open_data`` at national size: time and peak memory.

    .venv/bin/python bench/open_data.py [--cooperatives 80605] [--products 1000000] [--postgres URL] [--keep]

Builds the country cheaply in a fresh database (bench/fresh_database.py): the real region
data (``load_regions``) and region pages (the importer's bulk step), then cooperatives with
their three section pages and products written with multi-row INSERTs of the page tables
(valid trees: paths, depths, child counts, URL paths; no revisions, which the export does
not read), and one readiness row per cooperative. Then runs the export alone in a child
process and prints its wall time and peak RSS against the targets (2 minutes, 300 MB), and
where the wall time went: on a CPU, waiting for one (other processes), other waits.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fresh_database import fresh_database  # noqa: E402

TARGET_SECONDS = 120
TARGET_MB = 300
STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet


def step(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP, "0")


class Inserter:
    """Rows of one table, written with executemany in batches; columns not given take the
    field's default."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        self.connection = connection
        fields = [field for field in model._meta.local_concrete_fields if field.column not in columns]
        self.defaults = [
            field.get_db_prep_save(field.get_default(), connection) if field.has_default() else None for field in fields
        ]
        names = columns + [field.column for field in fields]
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        table, placeholders = connection.ops.quote_name(model._meta.db_table), ", ".join(["%s"] * len(names))
        # Names from the models' own metadata, values as parameters.
        self.sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608
        self.uuid_index = next((i for i, field in enumerate(fields) if field.column == "translation_key"), None)
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        defaults = list(self.defaults)
        if self.uuid_index is not None:
            defaults[self.uuid_index] = str(uuid.uuid4())
        self.rows.append((*values, *defaults))
        if len(self.rows) >= 5000:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.rows = []


PAGE_COLUMNS = [
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "draft_title",
    "slug",
    "content_type_id",
    "url_path",
    "locale_id",
    "live",
    "first_published_at",
    "last_published_at",
    "seo_title",
    "search_description",
]


def build(*, cooperatives: int, products: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from cooperative_pages.models import (
        BusinessUnit,
        CooperativePage,
        GovernanceIndexPage,
        NewsIndexPage,
        ProductIndexPage,
        ProductPage,
        Region,
    )
    from cooperative_pages.onboarding.bulk import region_pages_bulk_ensure
    from dashboard.models import CooperativeActivity

    started = time.perf_counter()
    call_command("load_regions", verbosity=0)
    villages = list(
        Region.objects.filter(level="village").order_by("code").values_list("code", flat=True)[:cooperatives]
    )
    villages = (villages * (cooperatives // len(villages) + 1))[:cooperatives]
    with transaction.atomic():
        regency_pages = region_pages_bulk_ensure(regency_codes={code[:5] for code in villages})
    print(f"regions and {len(regency_pages)} regency pages: {time.perf_counter() - started:.1f} s")

    now = timezone.now()
    locale = Locale.get_default().pk
    types = {
        model: ContentType.objects.get_for_model(model).pk
        for model in (CooperativePage, ProductIndexPage, NewsIndexPage, GovernanceIndexPage, ProductPage)
    }
    units = list(BusinessUnit.objects.values_list("pk", flat=True))
    pages = Inserter(Page, PAGE_COLUMNS)
    cooperative_rows = Inserter(
        CooperativePage,
        [
            "page_ptr_id",
            "registry_id",
            "legal_entity_number",
            "village_id",
            "province_id",
            "regency_id",
            "district_id",
            "address",
            "phone",
            "email",
            "chair_name",
            "description",
            "member_count",
        ],
    )
    sections = {
        model: Inserter(model, ["page_ptr_id"]) for model in (ProductIndexPage, NewsIndexPage, GovernanceIndexPage)
    }
    product_rows = Inserter(
        ProductPage, ["page_ptr_id", "description", "price", "unit", "category", "business_unit_id", "available"]
    )
    activity = Inserter(
        CooperativeActivity,
        [
            "cooperative_id",
            "province_id",
            "regency_id",
            "district_id",
            "refreshed_at",
            "readiness_score",
            "has_products",
            "last_approved_publication_at",
        ],
    )
    next_id = (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    children: dict[int, int] = {}
    regency_info = {code: (page.pk, page.path, page.url_path) for code, page in regency_pages.items()}
    products_per = [products // cooperatives + (1 if n < products % cooperatives else 0) for n in range(cooperatives)]

    def add_page(pk: int, path: str, depth: int, numchild: int, title: str, slug: str, model, url: str) -> None:
        """A live page row in the default locale, first published now."""
        pages.add(pk, path, depth, numchild, title, title, slug, types[model], url, locale, True, now, now, "", "")

    started = time.perf_counter()
    with transaction.atomic():
        for number, village in enumerate(villages):
            regency_id, regency_path, regency_url = regency_info[village[:5]]
            children[regency_id] = children.get(regency_id, 0) + 1
            cooperative_id, path = next_id, regency_path + step(children[regency_id])
            url = f"{regency_url}koperasi-{number}/"
            title = f"Koperasi Desa Merah Putih {number}"
            add_page(cooperative_id, path, 5, 3, title, f"koperasi-{number}", CooperativePage, url)
            cooperative_rows.add(
                cooperative_id,
                f"KMP{number:08d}",
                f"AHU-{number:07d}",
                village,
                village[:2],
                village[:5],
                village[:8],
                "Jl. Desa",
                "+6281234500000",
                "",
                "Ketua",
                "Koperasi desa.",
                100,
            )
            activity.add(cooperative_id, village[:2], village[:5], village[:8], now, (number * 7) % 101, True, now)
            next_id += 1
            for position, (model, slug) in enumerate(
                ((ProductIndexPage, "produk"), (NewsIndexPage, "berita"), (GovernanceIndexPage, "tata-kelola")), 1
            ):
                count = products_per[number] if model is ProductIndexPage else 0
                section_id, section_path = next_id, path + step(position)
                add_page(section_id, section_path, 6, count, slug.title(), slug, model, f"{url}{slug}/")
                sections[model].add(section_id)
                next_id += 1
                for item in range(count):
                    title = f"Produk {number}-{item} beras organik"
                    add_page(
                        next_id,
                        section_path + step(item + 1),
                        7,
                        0,
                        title,
                        f"produk-{item}",
                        ProductPage,
                        f"{url}{slug}/produk-{item}/",
                    )
                    product_rows.add(
                        next_id,
                        "Hasil panen desa, dikemas rapi dan dikirim segar setiap minggu.",
                        5000 + item * 250,
                        "kg",
                        "beras",
                        units[item % len(units)],
                        item % 7 != 0,
                    )
                    next_id += 1
        for inserter in (pages, cooperative_rows, *sections.values(), product_rows, activity):
            inserter.flush()
        for regency_id, count in children.items():
            Page.objects.filter(pk=regency_id).update(numchild=count)
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), %s)", [next_id])
    print(f"{cooperatives:,} cooperatives and {products:,} products written: {time.perf_counter() - started:.1f} s")


# The export in its own process; its peak memory is VmHWM, read by itself before it exits
# (getrusage would also count the fork's copy of this process, taken before the exec), and
# /proc/self/schedstat: nanoseconds on a CPU and waiting in the run queue for one.
EXPORT = """
import django
django.setup()
from django.core.management import call_command
call_command("export_open_data")
print("SCHED", open("/proc/self/schedstat").read().split()[1])
print("VmHWM", next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""


def run_export(environment: dict) -> tuple[float, float, float, float, str]:
    """Wall time, CPU time (user + system: what the export itself cost, whatever else the machine
    runs), time spent waiting for a CPU (the neighbours' share of the wall time), peak RSS in MB,
    and the output of the export in a child process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", EXPORT], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output, peak_kb = result.stdout.rsplit("VmHWM", 1)
    output, waited_ns = output.rsplit("SCHED", 1)
    return seconds, cpu, int(waited_ns) / 1e9, int(peak_kb) / 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cooperatives", type=int, default=80_605)
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="postgres://… of a server: a new database is created there")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    import os

    with fresh_database(prefix="kmp-bench-open-data", postgres=args.postgres, keep=args.keep) as workdir:
        from django.core.management import call_command

        os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        build(cooperatives=args.cooperatives, products=args.products)
        from django.db import connections

        connections.close_all()
        load = os.getloadavg()[0]
        seconds, cpu, waited, peak_mb, output = run_export(dict(os.environ))
        print(output.strip())
        sizes = sorted((workdir / "media" / "open-data").rglob("*.gz"))
        for path in sizes:
            print(f"  {path.name}: {path.stat().st_size / 1e6:.1f} MB")
        print(
            f"\nexport_open_data: {seconds:.1f} s (target {TARGET_SECONDS} s: {seconds / TARGET_SECONDS:.2f}x), "
            f"peak RSS {peak_mb:.0f} MB (target {TARGET_MB} MB: {peak_mb / TARGET_MB:.2f}x); "
            f"CPU {cpu:.1f} s (user + system; load average {load:.1f} on {os.cpu_count()} cores when it started), "
            f"waiting for a CPU {waited:.1f} s, other waits (disk, database server) {seconds - cpu - waited:.1f} s"
        )


if __name__ == "__main__":
    main()
