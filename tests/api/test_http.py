"""HTTP behaviour of the API: CORS, caching headers and 304, rate limits, partner API keys."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cooperative_pages.api.models import PartnerApiKey
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ORIGIN = "https://koperasi-widoro.example.id"


@pytest.fixture
def low_rate(settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "3/minute"}


def new_key(*, rate: str = "10/minute", active: bool = True) -> tuple[PartnerApiKey, str]:
    return PartnerApiKey.objects.create_key(name="Bank Rakyat – KUR", rate=rate, revoked=not active)


@pytest.mark.parametrize("url", ["/api/cooperatives/", "/api/products/", "/api/v2/pages/", "/api/schema/"])
def test_cors_allows_any_origin_to_read(client, world, url):
    response = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        url,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]


def test_cors_is_limited_to_the_api(client, world):
    response = client.get("/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", ["/api/cooperatives/", "/api/products/?page_size=2", "/api/v2/pages/"])
def test_etag_and_304(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    etag = response["ETag"]
    assert response["RateLimit-Limit"] == "100000" and response["RateLimit-Policy"] == "100000;w=60"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_when_content_changes(client, world):
    etag = client.get("/api/cooperatives/")["ETag"]
    world.a.title = "Koperasi Desa Merah Putih Widoro Makmur"
    world.a.save_revision().publish(skip_permission_checks=True)
    assert client.get("/api/cooperatives/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_detail_has_last_modified_and_honours_if_modified_since(client, world):
    response = client.get(f"/api/cooperatives/{world.a.pk}/")
    last_modified = response["Last-Modified"]
    assert client.get(f"/api/cooperatives/{world.a.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_errors_are_not_cacheable_as_public(client, world):
    response = client.get("/api/cooperatives/?province=xx")
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


def test_anonymous_rate_limit_gives_429_with_retry_after(client, world, low_rate):
    statuses = [client.get("/api/cooperatives/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get("/api/cooperatives/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"] and response.json()["status"] == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["RateLimit-Remaining"] == "0"
    # The Wagtail v2 endpoints share the limit.
    assert client.get("/api/v2/pages/").status_code == 429


def test_rate_limit_is_per_client_address(client, world, low_rate):
    for _ in range(3):
        client.get("/api/cooperatives/", REMOTE_ADDR="10.0.0.1")
    assert client.get("/api/cooperatives/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/cooperatives/", REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.parametrize("header", ["HTTP_X_API_KEY", "HTTP_AUTHORIZATION"])
def test_api_key_gets_its_own_higher_limit(client, world, low_rate, header):
    key, raw = new_key(rate="6/minute")
    value = raw if header == "HTTP_X_API_KEY" else f"Api-Key {raw}"
    for _ in range(3):
        client.get("/api/cooperatives/")
    assert client.get("/api/cooperatives/").status_code == 429  # anonymous quota used up
    statuses = [client.get("/api/cooperatives/", **{header: value}).status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]
    keyed = client.get("/api/products/", **{header: value})
    assert keyed.status_code == 429
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_keyed_answers_are_cached_privately(client, world):
    _key, raw = new_key()
    response = client.get("/api/cooperatives/", HTTP_X_API_KEY=raw)
    assert response["Cache-Control"] == "private, max-age=60"
    assert "X-Api-Key" in response["Vary"]


@pytest.mark.parametrize("value", ["kmp_00000000_wrong", "garbage", "kmp__", "abcdefgh.wrong"])
def test_unknown_key_is_401(client, world, value):
    response = client.get("/api/cooperatives/", HTTP_X_API_KEY=value)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_inactive_key_is_401_and_only_the_hash_is_stored(client, world):
    key, raw = new_key(active=False)
    assert client.get("/api/cooperatives/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 401
    assert raw not in (key.hashed_key, key.prefix, key.pk)
    assert key.hashed_key.startswith("sha512$$")


def test_other_authorization_schemes_are_ignored(client, world):
    assert client.get("/api/cooperatives/", HTTP_AUTHORIZATION="Bearer abc").status_code == 200


def test_api_key_admin_shows_the_key_once(client, world):
    admin = make_user("admin-api", is_superuser=True)
    client.force_login(admin)
    response = client.post(reverse("api_keys:add"), {"name": "Bank Nagari", "rate": "1000/hour"}, follow=False)
    assert response.status_code == 200
    key = PartnerApiKey.objects.get(name="Bank Nagari")
    raw = response.context["raw_key"]
    assert raw in response.content.decode()
    assert PartnerApiKey.objects.get_from_key(raw) == key
    assert "no-store" in response["Cache-Control"]
    listing = client.get(reverse("api_keys:index"))
    assert "Bank Nagari" in listing.content.decode() and raw not in listing.content.decode()
    edit = client.get(reverse("api_keys:edit", args=[key.pk]))
    assert raw not in edit.content.decode()


def test_api_key_admin_rejects_a_malformed_rate(client, world):
    client.force_login(make_user("admin-api", is_superuser=True))
    response = client.post(reverse("api_keys:add"), {"name": "Bank", "rate": "lots"})
    assert response.status_code == 200
    assert not PartnerApiKey.objects.exists()


def test_officers_cannot_manage_api_keys(client, world):
    from tests.factories import make_officer

    client.force_login(make_officer("pengurus-api", world.a))
    assert client.get(reverse("api_keys:index")).status_code in (302, 403)


@pytest.mark.parametrize(
    "urls",
    [
        ["/api/marketplace/products/"],
        ["/api/marketplace/autocomplete/?q=ber"],
        # One counter per client address across the whole API.
        ["/api/marketplace/products/", "/api/cooperatives/", "/api/marketplace/autocomplete/?q=ber", "/api/products/"],
    ],
)
def test_each_anonymous_request_counts_once_against_the_limit(client, world, settings, urls):
    """The marketplace views are plain views inside DRF views: if both counted (as an
    earlier limiter of their own did), the 429 would come at request N/2 + 1, not N + 1."""
    limit = 5
    settings.KMP = {**settings.KMP, "API_ANON_RATE": f"{limit}/minute"}
    statuses = [client.get(urls[number % len(urls)]).status_code for number in range(limit + 1)]
    assert statuses == [200] * limit + [429]


@pytest.mark.parametrize("url", ["/api/marketplace/products/", "/api/marketplace/autocomplete/?q=ber"])
def test_marketplace_honours_partner_keys(client, world, low_rate, url):
    _key, raw = new_key(rate="6/minute")
    for _ in range(3):
        client.get(url)
    assert client.get(url).status_code == 429  # anonymous quota used up
    statuses = [client.get(url, HTTP_X_API_KEY=raw).status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]
    assert client.get(url, HTTP_X_API_KEY="kmp_00000000_wrong").status_code == 401
