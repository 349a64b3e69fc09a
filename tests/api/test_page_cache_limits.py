"""The API behind the shared page cache (cluster.page_cache, KMP PAGE_CACHE_SECONDS > 0) on the
default cache (Django's local memory cache in tests): an answer served from the cache carries the
RateLimit-* headers and counts, a conditional request for it is a 304 that does not count."""

from __future__ import annotations

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

URLS = ["/api/products/", "/api/cooperatives/", "/api/changes/", "/api/marketplace/products/?q=beras"]


@pytest.fixture
def page_cache(settings):
    settings.KMP = {**settings.KMP, "PAGE_CACHE_SECONDS": 600, "API_ANON_RATE": "4/minute"}
    caches["default"].clear()
    yield
    caches["default"].clear()


def limits(response) -> tuple[str, str, str]:
    return response["RateLimit-Limit"], response["RateLimit-Remaining"], response["RateLimit-Policy"]


@pytest.mark.parametrize("url", URLS)
def test_cached_answers_carry_the_rate_limit_headers_and_count(client, world, page_cache, url):
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert limits(first) == ("4", "3", "4;w=60")
    hits = [client.get(url) for _ in range(3)]
    assert [hit["X-Page-Cache"] for hit in hits] == ["hit"] * 3
    assert [limits(hit) for hit in hits] == [("4", str(left), "4;w=60") for left in (2, 1, 0)]
    assert all(0 < int(hit["RateLimit-Reset"]) <= 60 for hit in hits)
    refused = client.get(url)
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0" and "Retry-After" in refused


@pytest.mark.parametrize("url", URLS)
def test_a_conditional_request_for_a_cached_answer_is_a_304_not_counted(client, world, page_cache, url):
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    for _ in range(6):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == first["ETag"] and limits(again) == ("4", "2", "4;w=60")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_a_page_made_private_leaves_the_cache_at_once(
    client, world, page_cache, settings, django_capture_on_commit_callbacks
):
    """Not a publish: the purge follows the change feed (API) and the restriction (the page itself)."""
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "100/minute"}
    from wagtail.models import PageViewRestriction

    product = world.live_products[0]
    url = f"/api/products/{product.pk}/"
    assert client.get(url).status_code == 200 and client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(product.url).status_code == 200 and client.get(product.url)["X-Page-Cache"] == "hit"
    listing = client.get("/api/products/")
    assert product.pk in [item["id"] for item in listing.json()["results"]]
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url).status_code == 404
    assert "Beras Organik" not in client.get(product.url).content.decode()
    assert product.pk not in [item["id"] for item in client.get("/api/products/").json()["results"]]
    changes = client.get("/api/changes/?limit=1000").json()["results"]
    assert {"type": "product", "id": product.pk, "action": "private"}.items() <= changes[-2].items()


def test_a_readiness_change_reaches_the_cached_directory(client, world, page_cache, django_capture_on_commit_callbacks):
    from cooperative_pages.api.changes import cooperative_activity_changed

    before = client.get("/api/changes/").json()
    assert client.get("/api/changes/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        cooperative_activity_changed(cooperative_ids=[world.a.pk])
    after = client.get("/api/changes/").json()
    assert after["results"][-1] == {**after["results"][-1], "id": world.a.pk, "action": "updated"}
    assert after["next_cursor"] != before["next_cursor"]
