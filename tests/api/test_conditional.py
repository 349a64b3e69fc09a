"""HTTP semantics of /api/: a 304 before the body is built and not counted against the limit,
RateLimit-* headers, gzip without BREACH exposure, CORS on media."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse

from cooperative_pages.api import serializers as bodies
from cooperative_pages.models import ProductPage
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ORIGIN = "https://koperasi-widoro.example.id"


def counter_reads() -> int:
    """The rate limit's read of the client's count: one query when the counters live in the
    database (a DatabaseCache, the embedded default), none in Redis."""
    from django.conf import settings

    from cooperative_pages.api.throttling import counter_cache_alias

    return int(settings.CACHES[counter_cache_alias()]["BACKEND"].endswith("DatabaseCache"))


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the feed's head; for cooperatives also the number of active ones (the dashboard's hook)
        ("/api/cooperatives/?page_size=2", 2),
        ("/api/products/", 1),
        ("/api/news/", 1),
        ("/api/governance/?kind=rat", 1),
        ("/api/changes/", 1),
    ],
)
def test_304_is_answered_before_the_body_is_built(client, world, url, queries, monkeypatch, django_assert_num_queries):
    etag = client.get(url)["ETag"]
    assert etag.startswith('W/"')

    def refuse(*args, **kwargs):
        raise AssertionError("the body was built for a 304")

    for serializer in (bodies.CooperativeSerializer, bodies.ProductSerializer, bodies.NewsSerializer):
        monkeypatch.setattr(serializer, "to_representation", refuse)
    monkeypatch.setattr(bodies.GovernanceSerializer, "to_representation", refuse)
    monkeypatch.setattr(bodies.ChangesSerializer, "to_representation", refuse)
    with django_assert_num_queries(queries + counter_reads()):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"] == "public, max-age=60"


def test_the_etag_changes_with_every_change_the_feed_records(client, world):
    etags = {client.get("/api/products/")["ETag"]}
    product = ProductPage.objects.get(pk=world.live_products[0].pk)
    product.price += 500
    product.save_revision().publish(skip_permission_checks=True)
    etags.add(client.get("/api/products/")["ETag"])
    etags.add(client.get("/api/products/", HTTP_ACCEPT_LANGUAGE="en")["ETag"])
    etags.add(client.get("/api/products/?page_size=2")["ETag"])
    assert len(etags) == 4


def test_a_cooperative_turning_inactive_with_time_changes_the_etag(client, world, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from dashboard.models import CooperativeActivity

    CooperativeActivity.objects.filter(cooperative=world.a).update(last_approved_publication_at=timezone.now())
    before = client.get("/api/cooperatives/")
    assert before.json()["results"][1]["active"] is True
    later = timezone.now() + timedelta(days=31)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    after = client.get("/api/cooperatives/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["results"][1]["active"] is False


def test_304s_are_not_counted_and_every_answer_says_what_is_left(client, world, settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "3/minute"}
    first = client.get("/api/products/")
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"], first["RateLimit-Policy"]) == ("3", "2", "3;w=60")
    assert 0 < int(first["RateLimit-Reset"]) <= 60
    for _ in range(10):
        assert client.get("/api/products/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert [client.get("/api/products/").status_code for _ in range(3)] == [200, 200, 429]
    limited = client.get("/api/news/")
    assert limited.status_code == 429 and limited["RateLimit-Remaining"] == "0"


def test_body_etag_304s_of_other_endpoints_are_not_counted_either(client, world, settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "2/minute"}
    etag = client.get("/api/marketplace/products/")["ETag"]
    for _ in range(5):
        assert client.get("/api/marketplace/products/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/dashboard/").status_code == 200
    assert client.get("/api/dashboard/").status_code == 429


@pytest.mark.parametrize("url", ["/api/products/", "/api/schema/?format=json", "/marketplace/", "/"])
def test_json_and_public_pages_are_gzipped(client, world, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get(url)
    assert gzip.decompress(response.content) == plain.content or url == "/marketplace/"


def test_nothing_with_a_session_or_a_csrf_token_is_compressed(client, world):
    """BREACH needs a secret and an attacker's text in one compressed body: pages that carry a
    session or a CSRF token (the admin, the login form) are never compressed."""
    login = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_ENCODING="gzip")
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert "Content-Encoding" not in login
    client.force_login(make_user("admin-gzip", is_superuser=True))
    admin = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_ENCODING="gzip")
    assert admin.status_code == 200 and "Content-Encoding" not in admin


def test_media_answers_any_origin_for_get(client, world, settings):
    response = client.get("/api/products/").json()
    image = response["results"][0]["image"]["renditions"]["small"]["url"]
    from cooperative_pages.api.middleware import ApiCachingMiddleware  # noqa: F401  (the API app is loaded)

    settings.DEBUG = True  # Django serves /media/ only in development; a proxy or bucket does in production
    from django.test import Client

    media = Client().get(image.removeprefix("http://127.0.0.1:8000"), HTTP_ORIGIN=ORIGIN)
    assert media["Access-Control-Allow-Origin"] == "*"
