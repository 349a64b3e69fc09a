"""The marketplace JSON API, on every backend (see tests/search/fixtures.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.budgets import RATE_LIMIT_QUERIES

PRODUCTS = "/api/marketplace/products/"
AUTOCOMPLETE = "/api/marketplace/autocomplete/"


def titles(client, **params) -> list[str]:
    response = client.get(PRODUCTS, params)
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_indonesian_stemming_finds_word_forms(client, catalogue):
    # menjual -> jual: "menjual hasil perikanan" and "Jual kopi bubuk"
    assert set(titles(client, q="menjual")) == {"Ikan Asin Kering", "Kopi Robusta Bubuk"}
    # perikanan -> ikan: both fish, whether the text says "ikan" or "perikanan"
    assert set(titles(client, q="perikanan")) == {"Ikan Asin Kering", "Ikan Bandeng Segar"}
    # menganyam -> anyam finds "anyaman"
    assert titles(client, q="menganyam") == ["Tikar Pandan"]
    # every word must match
    assert set(titles(client, q="beras organik")) == {"Beras Organik Pandan Wangi", "Beras Merah"}
    # ...and when no product has them all, products with any of them, marked as such (tests/search/test_recall.py)
    fallback = client.get(PRODUCTS, {"q": "beras kopi"}).json()
    assert fallback["fallback"] == {"words": ["beras", "kopi"], "match": "any"}


def test_result_carries_cooperative_region_image_and_whatsapp(client, catalogue):
    data = client.get(PRODUCTS, {"q": "bandeng"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    product = catalogue.products["bandeng"]
    assert row["url"] == product.url
    assert row["price"] == 30000 and row["unit"] == "kg"
    assert row["category"]["code"] == "perikanan"
    assert row["cooperative"]["name"] == catalogue.bogor.title
    assert row["cooperative"]["url"] == catalogue.bogor.url
    assert row["cooperative"]["whatsapp"].startswith("https://wa.me/6281234560002?text=")
    assert "Ikan%20Bandeng%20Segar" in row["cooperative"]["whatsapp"]
    assert row["region"] == {
        "province": {"code": "32", "name": "Jawa Barat"},
        "regency": {"code": "32.01", "name": "Kabupaten Bogor"},
    }
    assert data["degraded"] is False


def test_filters(client, catalogue):
    assert set(titles(client, province="32")) == {"Beras Merah", "Kopi Arabika Gayo", "Ikan Bandeng Segar"}
    assert set(titles(client, regency="35.01", category="beras")) == {"Beras Organik Pandan Wangi"}
    assert set(titles(client, business_unit="gerai-sembako")) == {
        "Ikan Asin Kering",
        "Beras Organik Pandan Wangi",
        "Beras Merah",
    }
    assert set(titles(client, price_min=30000, price_max=40000)) == {
        "Ikan Asin Kering",
        "Kopi Robusta Bubuk",
        "Ikan Bandeng Segar",
    }
    assert titles(client, available="false") == ["Kopi Robusta Bubuk"]
    assert set(titles(client, q="kopi", available="true")) == {"Kopi Arabika Gayo"}


def test_facet_counts_follow_the_results(client, catalogue):
    data = client.get(PRODUCTS, {"q": "beras"}).json()
    assert data["count"] == 2  # the draft "Beras Rahasia" is not counted
    facets = data["facets"]
    assert {b["code"]: b["count"] for b in facets["province"]} == {"35": 1, "32": 1}
    assert {b["code"]: b["name"] for b in facets["province"]} == {"35": "Jawa Timur", "32": "Jawa Barat"}
    assert {b["code"]: b["count"] for b in facets["category"]} == {"beras": 2}
    assert {b["code"]: b["count"] for b in facets["business_unit"]} == {"gerai-sembako": 2}
    assert {b["code"]: b["count"] for b in facets["available"]} == {"true": 2}

    everything = client.get(PRODUCTS).json()
    assert everything["count"] == 7
    assert {b["code"]: b["count"] for b in everything["facets"]["category"]} == {
        "perikanan": 2,
        "beras": 2,
        "perkebunan": 2,
        "kerajinan": 1,
    }
    assert {b["code"]: b["count"] for b in everything["facets"]["regency"]} == {"35.01": 4, "32.01": 3}
    assert {b["code"]: b["count"] for b in everything["facets"]["available"]} == {"true": 6, "false": 1}


def test_sorting(client, catalogue):
    prices = [row["price"] for row in client.get(PRODUCTS, {"sort": "price"}).json()["results"]]
    assert prices == sorted(prices) and len(prices) == 7
    prices = [row["price"] for row in client.get(PRODUCTS, {"sort": "-price"}).json()["results"]]
    assert prices == sorted(prices, reverse=True)
    assert titles(client, sort="newest")[0] == "Ikan Bandeng Segar"  # published last
    # relevance: a title match outranks a match in the description only
    assert titles(client, q="organik", sort="relevance") == ["Beras Organik Pandan Wangi", "Beras Merah"]


def test_pagination_walks_every_result_once(client, catalogue):
    seen = []
    for page in (1, 2, 3):
        data = client.get(PRODUCTS, {"sort": "price", "page": page, "page_size": 3}).json()
        assert data["count"] == 7 and data["num_pages"] == 3 and data["page"] == page
        seen += [row["id"] for row in data["results"]]
    assert len(seen) == 7 and len(set(seen)) == 7
    assert client.get(PRODUCTS, {"page": 4, "page_size": 3}).json()["results"] == []


def test_autocomplete_completes_title_words(client, catalogue):
    suggestions = client.get(AUTOCOMPLETE, {"q": "ber"}).json()["suggestions"]
    assert set(suggestions) == {"Beras Organik Pandan Wangi", "Beras Merah"}
    assert client.get(AUTOCOMPLETE, {"q": "kopi ara"}).json()["suggestions"] == ["Kopi Arabika Gayo"]
    assert client.get(AUTOCOMPLETE, {"q": "rahasia"}).json()["suggestions"] == []  # drafts never


def test_live_only(client, catalogue):
    assert "Beras Rahasia" not in titles(client, q="beras")
    catalogue.products["beras-merah"].unpublish()
    assert titles(client, q="beras") == ["Beras Organik Pandan Wangi"]
    catalogue.products["ikan-asin"].delete()
    assert titles(client, q="ikan") == ["Ikan Bandeng Segar"]
    # a new revision published appears at once, with its new title
    draft = catalogue.draft
    draft.title = "Beras Hitam"
    draft.save_revision().publish(skip_permission_checks=True)
    assert "Beras Hitam" in titles(client, q="beras")


def test_unpublishing_a_cooperative_removes_all_its_products(client, catalogue):
    catalogue.pacitan.unpublish()
    assert set(titles(client)) == {"Beras Merah", "Kopi Arabika Gayo", "Ikan Bandeng Segar"}
    assert client.get(AUTOCOMPLETE, {"q": "tikar"}).json()["suggestions"] == []
    catalogue.pacitan.save_revision().publish(skip_permission_checks=True)
    assert len(titles(client)) == 7


def test_renaming_a_cooperative_updates_its_products(client, catalogue):
    catalogue.bogor.title = "Koperasi Pondok Rajeg Sejahtera"
    catalogue.bogor.phone = "081299990000"
    catalogue.bogor.save_revision().publish(skip_permission_checks=True)
    row = client.get(PRODUCTS, {"q": "bandeng"}).json()["results"][0]
    assert row["cooperative"]["name"] == "Koperasi Pondok Rajeg Sejahtera"
    assert row["cooperative"]["whatsapp"].startswith("https://wa.me/6281299990000")


@pytest.mark.parametrize(
    "params",
    [
        {"price_min": "murah"},
        {"price_min": "-5"},
        {"price_min": "50000", "price_max": "1000"},
        {"page_size": "101"},
        {"page_size": "0"},
        {"page": "0"},
        {"page": "1000", "page_size": "100"},
        {"sort": "popular"},
        {"province": "Jawa Timur"},
        {"regency": "35"},
        {"province": "35", "regency": "32.01"},
        {"category": "elektronik"},
        {"available": "mungkin"},
        {"business_unit": "<script>"},
        {"q": "x" * 201},
        {"provinsi": "35"},
    ],
)
def test_bad_parameters_get_a_400_with_the_field_named(client, db, params):
    response = client.get(PRODUCTS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_parameters"
    assert set(body["errors"]) & (set(params) | {"page"})


def test_autocomplete_needs_q(client, db):
    assert client.get(AUTOCOMPLETE).status_code == 400
    assert client.get(AUTOCOMPLETE, {"q": "a" * 101}).status_code == 400


def test_only_get(client, db):
    assert client.post(PRODUCTS, {"q": "beras"}).status_code == 405


def test_query_count_does_not_grow_with_page_size(client, catalogue, search_backend):
    from cooperative_pages.models import ProductPageImage
    from tests.factories import make_image

    for product in catalogue.products.values():
        ProductPageImage.objects.create(page=product, image=make_image(collection=catalogue.pacitan.collection))
        product.save_revision().publish(skip_permission_checks=True)
    counts = []
    for page_size in (1, 7):
        client.get(PRODUCTS, {"page_size": page_size})  # renditions are created on the first request
        with CaptureQueriesContext(connection) as queries:
            data = client.get(PRODUCTS, {"page_size": page_size}).json()
        assert len(data["results"]) == page_size
        assert all(row["image"] for row in data["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # search + facets (database only), entries, images, renditions; the rate limit's counter
    assert counts[0] == (4 if search_backend == "database" else 3) + RATE_LIMIT_QUERIES


@pytest.mark.parametrize(
    "text",
    [
        '"beras',
        "beras OR kopi",
        "kopi*",
        "NEAR(beras kopi)",
        "beras'; DROP TABLE x; --",
        "{search_prefix}: x",
        "a & b | !c",
    ],
)
def test_search_syntax_in_queries_is_only_words(client, catalogue, text):
    response = client.get(PRODUCTS, {"q": text})
    assert response.status_code == 200
    assert client.get(AUTOCOMPLETE, {"q": text}).status_code == 200


def test_quoted_syntax_still_finds_the_words(client, catalogue):
    assert set(titles(client, q='"beras"')) == {"Beras Organik Pandan Wangi", "Beras Merah"}
    assert titles(client, q="kopi*") == titles(client, q="kopi")
