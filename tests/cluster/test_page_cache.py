"""The shared page cache (cluster.page_cache): what anonymous visitors get from it, what never goes
in, and the purge on publish, unpublish, move and delete. Runs on the configured default cache:
Django's local memory cache here, Redis in CI's Redis stage (REDIS_URL)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from tests.factories import make_cooperative, make_product, make_user

STOREFRONT = "/marketplace/"


@pytest.fixture
def page_cache(settings):
    settings.KMP = {**settings.KMP, "PAGE_CACHE_SECONDS": 600}
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def shop(portal, page_cache):
    cooperative = make_cooperative(village_code="35.01.01.2001", name="Koperasi Desa Merah Putih Widoro")
    other = make_cooperative(village_code="32.01.01.1001", name="Koperasi Kelurahan Merah Putih Pondok Rajeg")
    product = make_product(cooperative, title="Beras Organik Widoro")
    other_product = make_product(other, title="Kopi Robusta Rajeg")
    return cooperative, other, product, other_product


def get(client, url: str, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.get("X-Page-Cache")


def test_a_public_page_is_public_cached_and_then_served_from_the_cache(client, shop):
    _cooperative, _other, product, _other_product = shop
    first, state = get(client, product.url)
    assert first.status_code == 200 and state == "miss"
    assert first["Cache-Control"] == "public, max-age=10"
    second, state = get(client, product.url)
    assert state == "hit" and second.content == first.content


def test_publishing_purges_the_page_and_the_listings_at_commit(client, shop, django_capture_on_commit_callbacks):
    _cooperative, _other, product, _other_product = shop
    get(client, product.url)
    get(client, STOREFRONT, data={"q": "beras"})
    product.title = "Beras Merah Widoro"
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish(skip_permission_checks=True)
    page, state = get(client, product.url)
    assert state == "miss" and "Beras Merah Widoro" in page.content.decode()
    storefront, state = get(client, STOREFRONT, data={"q": "beras"})
    assert state == "miss" and "Beras Merah Widoro" in storefront.content.decode()


def test_publishing_in_one_cooperative_keeps_the_other_microsites_cached(
    client, shop, django_capture_on_commit_callbacks
):
    _cooperative, _other, product, other_product = shop
    get(client, other_product.url)
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish(skip_permission_checks=True)
    _response, state = get(client, other_product.url)
    assert state == "hit"


def test_unpublishing_and_deleting_take_the_product_away_at_once(client, shop, django_capture_on_commit_callbacks):
    _cooperative, _other, product, other_product = shop
    assert "Beras Organik Widoro" in get(client, STOREFRONT)[0].content.decode()
    get(client, product.url)
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    assert client.get(product.url).status_code == 404
    assert "Beras Organik Widoro" not in get(client, STOREFRONT)[0].content.decode()
    get(client, other_product.url)
    with django_capture_on_commit_callbacks(execute=True):
        other_product.delete()
    assert client.get(other_product.url).status_code == 404


def test_moving_a_page_purges_everything(client, shop, django_capture_on_commit_callbacks):
    cooperative, other, product, other_product = shop
    get(client, other_product.url)
    index = product.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        other_product.move(index, pos="last-child")
    assert get(client, other_product.url)[0].status_code == 301  # Wagtail's redirect, not the cached page
    moved = other_product.__class__.objects.get(pk=other_product.pk)
    assert get(client, moved.url)[1] == "miss"


def test_logged_in_visitors_never_get_or_fill_the_cache(client, shop):
    _cooperative, _other, product, _other_product = shop
    get(client, product.url)  # cached for anonymous visitors
    client.force_login(make_user("pengurus-widoro"))
    response, state = get(client, product.url)
    assert state is None and response["Cache-Control"] == "private"
    client.logout()
    assert get(client, product.url)[1] == "hit"


@pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, "groups"])
def test_a_restricted_page_is_neither_public_nor_cached(client, shop, restriction):
    _cooperative, _other, product, _other_product = shop
    if restriction == "groups":
        view = PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.GROUPS)
        view.groups.add(Group.objects.create(name="Pembeli terdaftar"))
    else:
        PageViewRestriction.objects.create(page=product, restriction_type=restriction, password="rahasia-123")
    for _ in range(2):
        response, state = get(client, product.url)
        assert state is None
        assert "public" not in response.get("Cache-Control", "")
        assert "Beras Organik Widoro" not in response.content.decode() or restriction == PageViewRestriction.PASSWORD
        assert "Rp 15.000" not in response.content.decode()


def test_cached_api_answers_vary_by_language_and_still_count_against_the_rate_limit(client, shop, settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "3/minute"}
    url = "/api/marketplace/products/?q=beras"
    first, state = get(client, url)
    assert first.status_code == 200 and state == "miss"
    english, state = get(client, "/api/marketplace/products/?q=zzzz", HTTP_ACCEPT_LANGUAGE="en")
    assert state == "miss"
    assert get(client, url)[1] == "hit"
    refused, state = get(client, url)
    assert refused.status_code == 429 and state is None


def test_api_answers_vary_on_accept_language(client, shop):
    url = "/api/marketplace/products/?price_min=murah"  # a 400 in the client's language: never cached
    indonesian = client.get(url)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert indonesian.status_code == english.status_code == 400
    assert indonesian.content != english.content
    url = "/api/marketplace/products/?q=beras"
    get(client, url)
    hit, state = get(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert state == "miss" and hit["Content-Language"] == "en"
    assert get(client, url, HTTP_ACCEPT_LANGUAGE="en")[1] == "hit"


def test_a_degraded_marketplace_answer_is_never_cached(client, shop, settings):
    settings.KMP = {**settings.KMP, "SEARCH_URL": "http://127.0.0.1:9", "SEARCH_TIMEOUT": 0.5}
    for _ in range(2):
        response, state = get(client, STOREFRONT, data={"q": "beras"})
        assert response.status_code == 200 and "mp-degraded" in response.content.decode()
        assert state is None and "no-cache" in response["Cache-Control"]


def test_api_key_requests_bypass_the_cache(client, shop):
    url = "/api/marketplace/products/?q=beras"
    get(client, url)
    assert get(client, url)[1] == "hit"
    response, state = get(client, url, HTTP_X_API_KEY="not-a-key")
    assert state is None


def test_a_broken_cache_serves_pages_as_if_there_were_none(client, shop, settings):
    settings.CACHES = {
        **settings.CACHES,
        "broken": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
    settings.KMP = {**settings.KMP, "PAGE_CACHE_ALIAS": "broken"}
    _cooperative, _other, product, _other_product = shop
    response, state = get(client, product.url)
    assert response.status_code == 200 and state is None


def test_cached_storefront_answers_count_against_the_rate_limit(client, shop, settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "2/minute"}
    states = [get(client, STOREFRONT, data={"q": "kopi"})[1] for _ in range(4)]
    assert states[:2] == ["miss", "hit"] and states[-1] != "hit"


def test_a_hit_is_stored_gzipd_and_not_compressed_again_for_each_client(client, shop):
    import gzip

    _cooperative, _other, product, _other_product = shop
    first, state = get(client, product.url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert state == "miss" and first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    hits = [get(client, product.url, HTTP_ACCEPT_ENCODING="gzip, deflate") for _ in range(3)]
    # Django's gzip pads each compression with random bytes: the same bytes mean one compression, stored.
    assert all(state == "hit" and hit.content == first.content for hit, state in hits)
    assert product.title in gzip.decompress(first.content).decode()
    plain, state = get(client, product.url)
    assert state == "miss" and not plain.has_header("Content-Encoding") and product.title in plain.content.decode()
    assert get(client, product.url)[1] == "hit"


def test_a_hit_reads_the_cache_twice_and_a_stale_entry_is_not_served(
    client, shop, monkeypatch, django_assert_num_queries
):
    from cluster import page_cache

    _cooperative, _other, product, _other_product = shop
    get(client, product.url)
    cache, calls, depth = page_cache._cache(), [], []

    def spy(name, real):
        def call(*args, **kwargs):
            if not depth:  # the round trips the page cache makes, not a backend's own inner calls
                calls.append(name)
            depth.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "add", "set"):
        monkeypatch.setattr(cache, name, spy(name, getattr(cache, name)))
    with django_assert_num_queries(0):
        assert get(client, product.url)[1] == "hit"
    # The Vary header list, then the generations and the entry together (was three reads in a row).
    assert calls == ["get", "get_many"]
    # The entry keeps the generations it was rendered under: once they change, it is never served.
    page_cache.purge(sections={page_cache.section_of(product.url)})
    assert get(client, product.url)[1] == "miss"
