"""The cached count and facets of a words-only search on SQLite are never stale
(search/aggregate_cache.py, search/migrations/0005_write_token.py)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.backends.database import ENTRY, WRITE_TOKEN, DatabaseBackend
from search.query import ProductQuery
from tests.factories import make_cooperative, make_product

pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's aggregate cache")

JUAL = ProductQuery(text="menjual")


def search(query: ProductQuery = JUAL):
    with CaptureQueriesContext(connection) as queries:
        hits = DatabaseBackend().search(query)
    return hits, len(queries)


def facet(hits, name: str) -> dict[str, int]:
    return {bucket.key: bucket.count for bucket in hits.facets[name]}


def write_token() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {WRITE_TOKEN}")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def pacitan(portal):
    cooperative = make_cooperative(village_code="35.01.01.2001")
    for i in range(3):
        make_product(cooperative, title=f"Jual Beras {i}", category="beras")
    return cooperative


def test_repeats_are_answered_from_the_cache_with_the_same_answer(pacitan):
    first, statements = search()
    assert (first.count, statements) == (3, 2)
    again, statements = search()
    assert statements == 1
    assert again == first
    # another page and another sort of the same words share the count and facets
    by_price, statements = search(ProductQuery(text="jual", sort="price", page=2, page_size=2))
    assert statements == 1
    assert (by_price.count, len(by_price.ids), by_price.facets) == (3, 1, first.facets)


def test_every_write_path_is_seen_at_once(pacitan):
    search()
    bogor = make_cooperative(village_code="32.01.01.1001")
    kopi = make_product(bogor, title="Jual Kopi", category="perkebunan")  # publish
    hits, statements = search()
    assert (hits.count, statements) == (4, 2)
    assert facet(hits, "province") == {"35": 3, "32": 1}

    kopi.category = "olahan"  # republish with another category
    kopi.save_revision().publish(skip_permission_checks=True)
    hits, _ = search()
    assert facet(hits, "category") == {"beras": 3, "olahan": 1}

    kopi.unpublish()
    hits, _ = search()
    assert hits.count == 3 and kopi.pk not in hits.ids

    with connection.cursor() as cursor:  # raw SQL, as the bulk import writes
        cursor.execute(f"UPDATE {ENTRY} SET available = 0")  # noqa: S608
    hits, _ = search()
    assert facet(hits, "available") == {"false": 3}

    pacitan.delete()
    hits, _ = search()
    assert hits.count == 0 and facet(hits, "province") == {}


def test_an_answer_cached_inside_a_rolled_back_transaction_is_never_served(pacitan):
    """A counter would come back to the same value after the rollback and serve the rolled-back answer."""
    search()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_product(pacitan, title="Jual Beras Merah", category="beras")
        hits, _ = search()
        assert facet(hits, "category") == {"beras": 4}
        raise RuntimeError("roll back")
    hits, _ = search()
    assert facet(hits, "category") == {"beras": 3}
    make_product(pacitan, title="Jual Ikan", category="perikanan")  # the same number of writes again
    hits, _ = search()
    assert facet(hits, "category") == {"beras": 3, "perikanan": 1}


def test_without_a_token_or_with_caching_off_every_search_counts(pacitan, settings):
    settings.KMP = {**settings.KMP, "SEARCH_CACHE_SECONDS": 0}
    for _ in range(2):
        hits, statements = search()
        assert (hits.count, statements) == (3, 2)

    settings.KMP = {**settings.KMP, "SEARCH_CACHE_SECONDS": 300}
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WRITE_TOKEN}")  # noqa: S608 - as a flush of every table would
    for _ in range(2):
        hits, statements = search()
        assert (hits.count, statements) == (3, 2)
    make_product(pacitan, title="Jual Beras Baru")  # the next write brings the token back
    assert write_token() is not None
    search()
    hits, statements = search()
    assert (hits.count, statements) == (4, 1)
