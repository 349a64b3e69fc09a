"""Search that finds what people type (issue 14, item 6), on every backend (tests/search/fixtures.py):
misspelt words corrected from the index's own vocabulary, words the index does not know left out,
and products with any of the words when no product has them all; the API says which."""

from __future__ import annotations

import pytest

from tests.factories import make_product

PRODUCTS = "/api/marketplace/products/"
AUTOCOMPLETE = "/api/marketplace/autocomplete/"
BERAS = {"Beras Organik Pandan Wangi", "Beras Merah"}


@pytest.fixture
def keripik(catalogue):
    return make_product(
        catalogue.pacitan, title="Keripik Singkong Balado", description="Camilan renyah", category="olahan"
    )


def search(client, **params) -> dict:
    response = client.get(PRODUCTS, params)
    assert response.status_code == 200, response.content
    data = response.json()
    data["titles"] = {row["title"] for row in data["results"]}
    return data


def test_words_that_match_need_no_recall(client, catalogue):
    data = search(client, q="beras organik")
    assert data["titles"] == BERAS
    assert data["corrected_query"] is None and data["fallback"] is None


@pytest.mark.parametrize(
    ("typed", "corrected", "titles"),
    [
        ("berass", "beras", BERAS),  # one letter too many
        ("bandneg", "bandeng", {"Ikan Bandeng Segar"}),  # two letters swapped
        ("kripik", "keripik", {"Keripik Singkong Balado"}),  # one letter missing
        ("kopi robsta", "kopi robusta", {"Kopi Robusta Bubuk"}),  # one word of two
    ],
)
def test_misspelt_words_are_corrected_from_the_vocabulary(client, keripik, typed, corrected, titles):
    data = search(client, q=typed)
    assert data["titles"] == titles
    assert data["corrected_query"] == corrected
    assert data["fallback"] == {"words": corrected.split(), "match": "all"}


def test_the_correction_keeps_the_filters(client, catalogue):
    data = search(client, q="berass", province="32")
    assert data["titles"] == {"Beras Merah"}
    assert data["count"] == 1 and {b["code"] for b in data["facets"]["province"]} == {"32"}


def test_unknown_words_are_left_out(client, catalogue):
    data = search(client, q="beras xyzzyq")  # nothing in the index is near "xyzzyq"
    assert data["titles"] == BERAS
    assert data["corrected_query"] is None
    assert data["fallback"] == {"words": ["beras"], "match": "all"}


def test_words_no_product_has_together_find_products_with_any(client, catalogue):
    # "penjualan" -> jual: the salted fish and the robusta are sold with that word; no rice is
    data = search(client, q="penjualan beras")
    assert data["titles"] == BERAS | {"Ikan Asin Kering", "Kopi Robusta Bubuk"}
    assert data["count"] == 4 and sum(b["count"] for b in data["facets"]["category"]) == 4
    assert data["fallback"] == {"words": ["jual", "beras"], "match": "any"}
    assert data["corrected_query"] is None


def test_products_with_more_of_the_words_come_first(client, catalogue):
    data = search(client, q="kopi gayo tikar")  # no product has all three
    assert data["fallback"]["match"] == "any"
    assert data["results"][0]["title"] == "Kopi Arabika Gayo"  # two of the three words
    assert data["titles"] == {"Kopi Arabika Gayo", "Kopi Robusta Bubuk", "Tikar Pandan"}


def test_nothing_near_finds_nothing_and_says_nothing(client, catalogue):
    data = search(client, q="qwertyuiop zxcvbnm")
    assert data["count"] == 0 and data["results"] == []
    assert data["corrected_query"] is None and data["fallback"] is None


def test_a_filter_that_excludes_everything_is_not_corrected_away(client, catalogue):
    """A known word that finds nothing because of a filter stays as typed (no 'correction' to a neighbour)."""
    data = search(client, q="tikar", province="32")
    assert data["count"] == 0 and data["fallback"] is None


def test_an_unpublished_word_leaves_the_vocabulary(client, catalogue):
    """The term table only grows; the document counts of the full-text index decide (a word no live
    product has any more is never a correction)."""
    bandeng = catalogue.products["bandeng"]
    bandeng.unpublish()
    data = search(client, q="bandneg")
    assert data["count"] == 0 and data["corrected_query"] is None


def test_autocomplete_corrects_too(client, keripik):
    data = client.get(AUTOCOMPLETE, {"q": "kripik"}).json()
    assert data["suggestions"] == ["Keripik Singkong Balado"]
    assert data["corrected_query"] == "keripik"
    assert data["fallback"] == {"words": ["keripik"], "match": "all"}
    plain = client.get(AUTOCOMPLETE, {"q": "kerip"}).json()
    assert plain["suggestions"] == ["Keripik Singkong Balado"]
    assert plain["corrected_query"] is None and plain["fallback"] is None
