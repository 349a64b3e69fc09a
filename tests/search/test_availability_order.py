"""Available products come before out-of-stock ones at equal relevance (issue 14, item 5), on every
backend (tests/search/fixtures.py), in the same order."""

from __future__ import annotations

from search.query import ProductQuery
from search.selectors import product_search
from tests.factories import make_product


def titles(query: ProductQuery) -> list[str]:
    return [result.title for result in product_search(query=query).results]


def test_browsing_lists_available_products_first_newest_first(catalogue):
    # "Kopi Robusta Bubuk" is the only out-of-stock product; newer products were published after it
    listed = titles(ProductQuery())
    assert listed[-1] == "Kopi Robusta Bubuk"
    assert listed[:-1] == [
        "Ikan Bandeng Segar",
        "Kopi Arabika Gayo",
        "Beras Merah",
        "Tikar Pandan",
        "Beras Organik Pandan Wangi",
        "Ikan Asin Kering",
    ]


def test_at_equal_relevance_the_available_product_comes_first(catalogue):
    """Two products with the same words: the newer one (a higher page id, which wins ties otherwise)
    is out of stock, so it comes second."""
    older = make_product(catalogue.pacitan, title="Gula Aren Cetak", description="Gula aren murni", available=True)
    newer = make_product(catalogue.bogor, title="Gula Aren Cetak", description="Gula aren murni", available=False)
    assert newer.pk > older.pk
    results = product_search(query=ProductQuery(text="gula aren")).results
    assert [(r.id, r.available) for r in results] == [(older.pk, True), (newer.pk, False)]
    # and when it is back in stock, the usual tie-break (newest page first) applies again
    newer.available = True
    newer.save_revision().publish(skip_permission_checks=True)
    assert [r.id for r in product_search(query=ProductQuery(text="gula aren")).results] == [newer.pk, older.pk]


def test_a_chosen_sort_is_kept(catalogue):
    """Price and date sorts are what the buyer asked for: availability does not reorder them."""
    by_price = titles(ProductQuery(sort="price"))
    assert by_price.index("Kopi Robusta Bubuk") == 3  # 35,000: after 16,000, 22,000 and 30,000
