"""SQLite's narrow facet keys follow the entry table, and the words-only search that reads them
answers exactly what the general statement answers (search/migrations/0004_facet_keys.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperative_pages.models import BusinessUnit
from search.backends.database import ENTRY, FACET_KEYS, FACET_KIND, FACET_REGION, DatabaseBackend
from search.models import MarketplaceEntry
from search.query import ProductQuery
from tests.factories import make_cooperative, make_product

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's facet keys")


def facet_rows() -> set[tuple]:
    """Every entry's (page id, province, regency, category, business unit, available) as the keys tell it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.page_id, r.province_code, r.regency_code, k.category, k.business_unit_slug, k.available "  # noqa: S608
            f"FROM {FACET_KEYS} f JOIN {FACET_REGION} r ON r.id = f.region_id JOIN {FACET_KIND} k ON k.id = f.kind_id"
        )
        rows = cursor.fetchall()
    assert len(rows) == len(set(rows))
    return {(page_id, *rest[:-1], bool(rest[-1])) for page_id, *rest in rows}


def entry_rows() -> set[tuple]:
    return set(
        MarketplaceEntry.objects.values_list(
            "page_id", "province_code", "regency_code", "category", "business_unit_slug", "available"
        )
    )


def assert_in_sync(expected_count: int) -> None:
    assert len(entry_rows()) == expected_count
    assert facet_rows() == entry_rows()


@sqlite_only
def test_facet_keys_follow_inserts_updates_and_deletes(portal):
    sembako = BusinessUnit.objects.get(slug="gerai-sembako")
    pacitan = make_cooperative(village_code="35.01.01.2001")
    bogor = make_cooperative(village_code="32.01.01.1001")
    beras = make_product(pacitan, title="Beras Organik", category="beras", business_unit=sembako)
    kopi = make_product(pacitan, title="Kopi Bubuk", category="perkebunan", available=False)
    make_product(bogor, title="Ikan Bandeng", category="perikanan")
    assert_in_sync(3)
    assert ("35", "35.01", "beras", "gerai-sembako", True) in {row[1:] for row in facet_rows()}

    # an update through publishing (bulk upsert) changes category, business unit and availability
    beras.category, beras.business_unit, beras.available = "olahan", None, False
    beras.save_revision().publish(skip_permission_checks=True)
    assert_in_sync(3)
    assert (beras.pk, "35", "35.01", "olahan", "", False) in facet_rows()

    # moving a product to another cooperative changes its region
    target = bogor.get_children().type(pacitan.get_children().first().specific_class).first()
    kopi.move(target, pos="last-child")
    assert (kopi.pk, "32", "32.01", "perkebunan", "", False) in facet_rows()
    assert_in_sync(3)

    # unpublishing deletes the entry
    kopi.unpublish()
    assert_in_sync(2)

    # raw SQL writes too (the triggers do not depend on the ORM), including a changed primary key
    with connection.cursor() as cursor:
        move = f"UPDATE {ENTRY} SET regency_code = '35.02', page_id = page_id + 1000 WHERE page_id = %s"  # noqa: S608
        cursor.execute(move, [beras.pk])
        assert (beras.pk + 1000, "35", "35.02", "olahan", "", False) in facet_rows()
        assert_in_sync(2)
        cursor.execute(f"DELETE FROM {ENTRY} WHERE page_id = %s", [beras.pk + 1000])  # noqa: S608
    assert_in_sync(1)

    # the rebuild command recomputes every entry (bulk upsert) and keeps the keys in step
    call_command("search_rebuild", verbosity=0)
    assert_in_sync(2)

    # deleting a cooperative drops its entries in one statement
    bogor.delete()
    assert_in_sync(1)


@sqlite_only
def test_words_only_search_answers_like_the_general_statement(portal):
    units = [BusinessUnit.objects.get(slug="gerai-sembako"), BusinessUnit.objects.get(slug="logistik"), None]
    cooperatives = [make_cooperative(village_code=code) for code in ("35.01.01.2001", "35.02.01.2001", "32.01.01.1001")]
    categories = ["beras", "perikanan", "olahan", "kerajinan"]
    for i in range(14):
        make_product(
            cooperatives[i % 3],
            title=f"Jual {'Beras' if i % 2 else 'Kopi'} {i}",
            description="kami menjual " * (i % 4 + 1),
            category=categories[i % 4],
            business_unit=units[i % 3],
            available=i % 5 != 0,
            price=1000 * (i % 6 + 1),
        )
    make_product(cooperatives[0], title="Tikar Pandan", category="kerajinan")
    backend = DatabaseBackend()
    for text in ("jual", "menjual beras", "tikar", "tidak ada"):
        for sort in ("relevance", "price", "-price", "newest"):
            for page in (1, 2, 4):
                query = ProductQuery(text=text, sort=sort, page=page, page_size=4)
                assert backend._sqlite_words_only(query) == backend._one_statement(query), (text, sort, page)
    hits = backend.search(ProductQuery(text="jual"))
    assert hits.count == 14 and len(hits.ids) == 14
    assert {bucket.key: bucket.count for bucket in hits.facets["available"]} == {"true": 11, "false": 3}
    assert {bucket.key: bucket.count for bucket in hits.facets["business_unit"]} == {"gerai-sembako": 5, "logistik": 5}
    assert {bucket.key: bucket.count for bucket in hits.facets["province"]} == {"35": 10, "32": 4}


@pytest.mark.parametrize(
    ("query", "sqlite_statements"),
    [
        (ProductQuery(text="jual"), 2),
        (ProductQuery(text="jual", sort="price"), 2),
        (ProductQuery(text="jual", province="35", available=True), 1),
        (ProductQuery(province="35"), 1),
        (ProductQuery(), 1),
    ],
    ids=["words", "words-by-price", "words-filtered", "browse-filtered", "browse"],
)
def test_a_search_is_one_statement(portal, query, sqlite_statements):
    """One statement; on SQLite, words alone take a second one for the count and facets until they are cached."""
    cooperative = make_cooperative(village_code="35.01.01.2001")
    for i in range(5):
        make_product(cooperative, title=f"Jual Beras {i}")
    first_time = sqlite_statements if connection.vendor == "sqlite" else 1
    for expected in (first_time, 1):
        with CaptureQueriesContext(connection) as queries:
            hits = DatabaseBackend().search(query)
        assert len(queries) == expected
        assert hits.count == 5 and len(hits.ids) == 5


def test_no_facet_keys_on_postgresql(db):
    if connection.vendor == "sqlite":
        assert FACET_KEYS in connection.introspection.table_names()
    else:
        assert FACET_KEYS not in connection.introspection.table_names()
