"""The index follows publishing: entries appear, change and leave with the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search import backends, indexing
from search.models import MarketplaceEntry
from search.query import ProductQuery
from search.selectors import product_search
from tests.factories import make_cooperative, make_product


def search_titles(**kwargs) -> list[str]:
    return [result.title for result in product_search(query=ProductQuery(**kwargs)).results]


def test_entry_is_denormalised_and_stemmed(portal):
    cooperative = make_cooperative(village_code="35.01.01.2001")
    product = make_product(cooperative, title="Ikan Asin", description="Kami menjual hasil perikanan", tags=None)
    entry = MarketplaceEntry.objects.get(page_id=product.pk)
    assert entry.cooperative_id == cooperative.pk
    assert (entry.province_code, entry.regency_code) == ("35", "35.01")
    assert entry.search_title == "ikan asin"
    assert entry.search_body.startswith("kami jual hasil ikan")
    assert entry.search_prefix == "ikan asin"


def test_drafts_and_restricted_products_are_not_indexed(portal):
    cooperative = make_cooperative(village_code="35.01.01.2001")
    make_product(cooperative, title="Draf", publish=False)
    assert not MarketplaceEntry.objects.exists()
    private = make_product(cooperative, title="Produk Rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    private.save_revision().publish(skip_permission_checks=True)
    assert not MarketplaceEntry.objects.filter(page_id=private.pk).exists()


def test_moving_a_product_to_another_cooperative_moves_its_entry(portal):
    first = make_cooperative(village_code="35.01.01.2001")
    second = make_cooperative(village_code="32.01.01.1001")
    product = make_product(first, title="Madu Hutan")
    target = second.get_children().type(first.get_children().first().specific_class).first()
    product.move(target, pos="last-child")
    entry = MarketplaceEntry.objects.get(page_id=product.pk)
    assert entry.cooperative_id == second.pk and entry.province_code == "32"
    assert search_titles(text="madu", province="32") == ["Madu Hutan"]


def test_deleting_a_cooperative_removes_its_products(portal):
    cooperative = make_cooperative(village_code="35.01.01.2001")
    make_product(cooperative, title="Madu Hutan")
    cooperative.delete()
    assert not MarketplaceEntry.objects.exists()
    assert search_titles(text="madu") == []


def entry_statements_deleting(cooperative) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        cooperative.delete()
    return [q["sql"] for q in queries.captured_queries if MarketplaceEntry._meta.db_table in q["sql"]]


def test_deleting_a_cooperative_touches_the_index_a_fixed_number_of_times(portal):
    """One bulk delete of entries however many products; before, each product was re-indexed and removed."""
    small, large = (make_cooperative(village_code=code) for code in ("35.01.01.2001", "32.01.01.1001"))
    for i in range(2):
        make_product(small, title=f"Madu {i}")
    for i in range(6):
        make_product(large, title=f"Kopi {i}")
    small_statements = entry_statements_deleting(small)
    assert MarketplaceEntry.objects.count() == 6
    large_statements = entry_statements_deleting(large)
    # pinned (11 while the product list was re-indexed first)
    assert len(large_statements) == len(small_statements) == 10
    assert not MarketplaceEntry.objects.exists()
    assert search_titles(text="kopi") == []


@pytest.mark.parametrize("search_backend", [pytest.param("opensearch", marks=pytest.mark.search_engine)], indirect=True)
def test_deleting_a_cooperative_sends_the_engine_one_bulk_delete(catalogue, search_backend, monkeypatch):
    engine = backends.engine_backend()
    bulk_calls = []
    real_bulk = engine._bulk

    def counting_bulk(actions, **kwargs):
        actions = list(actions)
        bulk_calls.append(actions)
        return real_bulk(actions, **kwargs)

    monkeypatch.setattr(engine, "_bulk", counting_bulk)
    pacitan_ids = {
        page.pk for page in catalogue.products.values() if page.get_parent().get_parent().pk == catalogue.pacitan.pk
    }
    catalogue.pacitan.delete()
    assert len(bulk_calls) == 1
    assert {action["_op_type"] for action in bulk_calls[0]} == {"delete"}
    assert {action["_id"] for action in bulk_calls[0]} >= pacitan_ids
    indexed = set(engine.indexed_versions())
    assert not indexed & pacitan_ids
    assert indexed == set(MarketplaceEntry.objects.values_list("page_id", flat=True))
    assert len(indexed) == 3  # Bogor's live products stay
    assert not indexing.is_being_deleted(catalogue.pacitan.pk)


def test_fts_index_follows_updates_and_deletes_of_entries(portal):
    """The SQLite triggers / PostgreSQL generated column keep full-text matching in step with the rows."""
    cooperative = make_cooperative(village_code="35.01.01.2001")
    product = make_product(cooperative, title="Gula Aren")
    assert search_titles(text="aren") == ["Gula Aren"]
    product.title = "Gula Kelapa"
    product.save_revision().publish(skip_permission_checks=True)
    assert search_titles(text="aren") == []
    assert search_titles(text="kelapa") == ["Gula Kelapa"]
    MarketplaceEntry.objects.all().delete()
    assert search_titles(text="kelapa") == []
