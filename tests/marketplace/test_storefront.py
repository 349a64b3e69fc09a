"""The storefront page /marketplace/ and degraded mode (engine unreachable)."""

from __future__ import annotations

import logging

import pytest

STOREFRONT = "/marketplace/"
# discard port: nothing listens (OpenSearch and Elasticsearch URLs: each backend's client fails its own way)
CLOSED_PORT_URLS = ["http://127.0.0.1:9", "elasticsearch://127.0.0.1:9"]


def test_storefront_searches_filters_and_links_whatsapp(client, catalogue):
    response = client.get(STOREFRONT, {"q": "menjual", "province": "35"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ikan Asin Kering" in html and "Kopi Robusta Bubuk" in html
    assert "Ikan Bandeng Segar" not in html
    assert "Rp 40.000" in html
    assert "https://wa.me/6281234560001?text=" in html
    assert catalogue.pacitan.title in html and "Kabupaten Pacitan" in html
    # facet links keep the search and add the filter
    assert "?q=menjual&amp;province=35&amp;category=perikanan" in html


def test_storefront_pages_and_sorts(client, catalogue):
    html = client.get(STOREFRONT, {"sort": "price", "page_size": 3, "page": 2}).content.decode()
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert html.index("Rp 35.000") < html.index("Rp 40.000") < html.index("Rp 60.000")
    assert "Rp 30.000" not in html and "Rp 75.000" not in html


def test_storefront_bad_input_is_a_400_page_not_a_500(client, db):
    response = client.get(STOREFRONT, {"price_min": "murah", "page": "-1"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_storefront_is_indonesian_first(client, catalogue):
    html = client.get(STOREFRONT).content.decode()
    assert 'lang="id"' in html
    assert "Pesan via WhatsApp" in html and "Urutkan" in html and "Harga terendah" in html
    assert "Pasar nasional" in html


@pytest.mark.parametrize("closed_port_url", CLOSED_PORT_URLS)
def test_engine_down_answers_from_the_database_marked_degraded(client, catalogue, settings, caplog, closed_port_url):
    settings.KMP = {**settings.KMP, "SEARCH_URL": closed_port_url, "SEARCH_TIMEOUT": 0.5}
    with caplog.at_level(logging.WARNING, logger="search"):
        data = client.get("/api/marketplace/products/", {"q": "perikanan"}).json()
    assert data["degraded"] is True
    assert {row["title"] for row in data["results"]} == {"Ikan Asin Kering", "Ikan Bandeng Segar"}
    assert data["facets"]["category"] == [
        {"code": "perikanan", "name": data["facets"]["category"][0]["name"], "count": 2}
    ]
    suggestions = client.get("/api/marketplace/autocomplete/", {"q": "ika"}).json()
    assert suggestions["degraded"] is True and len(suggestions["suggestions"]) == 2
    html = client.get(STOREFRONT, {"q": "perikanan"}).content.decode()
    assert 'class="mp-degraded"' in html
    assert "unavailable" in caplog.text


@pytest.mark.parametrize("closed_port_url", CLOSED_PORT_URLS)
def test_publishing_while_the_engine_is_down_still_publishes_and_logs(
    client, catalogue, settings, caplog, closed_port_url
):
    settings.KMP = {**settings.KMP, "SEARCH_URL": closed_port_url, "SEARCH_TIMEOUT": 0.5}
    product = catalogue.products["tikar"]
    product.title = "Tikar Pandan Besar"
    with caplog.at_level(logging.WARNING, logger="search"):
        product.save_revision().publish(skip_permission_checks=True)
    assert caplog.text.count("retrying") == 2  # three attempts in all
    assert "failed after 3 attempts" in caplog.text and "search_drift --repair" in caplog.text
    # the database index is current: the degraded answer already has the new title
    data = client.get("/api/marketplace/products/", {"q": "tikar"}).json()
    assert [row["title"] for row in data["results"]] == ["Tikar Pandan Besar"]


def test_storefront_explains_an_inverted_price_range_that_the_api_answers_empty(client, catalogue):
    """One validation for both: the API finds nothing in an inverted range; the page tells the person."""
    page = client.get(STOREFRONT, {"price_min": "50000", "price_max": "1000"})
    assert page.status_code == 400
    assert "Harga tertinggi lebih rendah dari harga terendah." in page.content.decode()
    api = client.get("/api/marketplace/products/", {"price_min": "50000", "price_max": "1000"})
    assert api.status_code == 200 and api.json()["count"] == 0
    # Empty form fields and shared-link parameters are not errors on the page.
    assert client.get(STOREFRONT, {"q": "beras", "province": "", "fbclid": "x"}).status_code == 200
