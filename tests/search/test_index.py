"""The index follows publishing: entries appear, change and leave with the pages."""

from __future__ import annotations

from wagtail.models import PageViewRestriction

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
