"""/api/changes/ keeps a mirror exact: replay the feed into a copy, change the source in every
way an officer, a facilitator or an admin can, replay again, compare with a full crawl."""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageViewRestriction

from cooperative_pages.api.models import Change
from cooperative_pages.models import CooperativePage, ProductPage, RegencyPage
from tests.api.conftest import BASE, add_governance, add_news, add_product, problem_errors

pytestmark = pytest.mark.django_db

LISTINGS = {"cooperative": "cooperatives", "product": "products", "news": "news", "governance": "governance"}


def get(client, url: str) -> tuple[int, dict]:
    response = client.get(url.removeprefix(BASE))
    return response.status_code, response.json()


def replay(client, mirror: dict, cursor: str | None) -> str:
    """Apply the feed from ``cursor`` to ``mirror`` ((type, id) -> detail body); the new cursor."""
    while True:
        status, body = get(client, "/api/changes/?limit=7" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, body
        for entry in body["results"]:
            key = (entry["type"], entry["id"])
            if entry["action"] in ("created", "updated"):
                status, detail = get(client, entry["url"])
                if status == 200:
                    mirror[key] = detail
                else:  # gone again since: a later entry says so
                    assert status == 404
            else:
                mirror.pop(key, None)
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return cursor


def crawl(client) -> dict:
    """Every public object through the listings, each as its detail."""
    everything = {}
    for kind, listing in LISTINGS.items():
        url = f"/api/{listing}/?page_size=100"
        while url:
            status, body = get(client, url)
            assert status == 200, body
            for item in body["results"]:
                everything[(kind, item["id"])] = get(client, f"/api/{listing}/{item['id']}/")[1]
            url = body["next"]
    return everything


def assert_same(mirror: dict, source: dict) -> None:
    assert sorted(mirror) == sorted(source)
    for key in source:
        assert mirror[key] == source[key], key


def test_a_mirror_replaying_the_feed_stays_exact(client, world, django_capture_on_commit_callbacks):
    a, b = world.a, world.b
    add_news(b, "Berita Tambakreja")
    mirror: dict = {}
    cursor = replay(client, mirror, None)
    first = crawl(client)
    assert len(first) == 2 + 3 + 2 + 1
    assert_same(mirror, first)

    with django_capture_on_commit_callbacks(execute=True):
        # Edits: a product's price, the cooperative's name (its products and news show it).
        beras = ProductPage.objects.get(pk=world.live_products[0].pk)
        beras.price = 17500
        beras.save_revision().publish(skip_permission_checks=True)
        a = CooperativePage.objects.get(pk=a.pk)
        a.title = "Koperasi Desa Merah Putih Widoro Makmur"
        a.save_revision().publish(skip_permission_checks=True)
        # New content, and a draft published.
        add_product(b, "Tempe Kedelai")
        world.draft_news.save_revision().publish(skip_permission_checks=True)
        # Unpublish a product; unpublish cooperative B alone (its pages stay live, but not public).
        ProductPage.objects.get(pk=world.live_products[1].pk).unpublish()
        CooperativePage.objects.get(pk=b.pk).unpublish()
        # A news page deleted; a governance page made private, then cooperative A's news section too.
        Page.objects.get(pk=world.draft_news.pk).delete()
        governance = add_governance(a, "Notulen Rapat Pengurus")
        PageViewRestriction.objects.create(page=governance, restriction_type=PageViewRestriction.LOGIN)
        # A move: cooperative A under another regency page (its URL, and its pages' URLs, change).
        regency = RegencyPage.objects.exclude(pk=a.get_parent().pk).first()
        Page.objects.get(pk=a.pk).move(regency, pos="last-child")

    cursor = replay(client, mirror, cursor)
    second = crawl(client)
    assert ("product", world.live_products[1].pk) not in second
    assert not any(key[0] == "cooperative" and key[1] == b.pk for key in second)
    assert "Tempe Kedelai" not in {body.get("title") for body in mirror.values()}  # B is not public
    assert_same(mirror, second)

    with django_capture_on_commit_callbacks(execute=True):
        # B back, the restriction lifted.
        CooperativePage.objects.get(pk=b.pk).save_revision().publish(skip_permission_checks=True)
        PageViewRestriction.objects.all().delete()
    replay(client, mirror, cursor)
    third = crawl(client)
    assert "Tempe Kedelai" in {body.get("title") for body in third.values()}
    assert_same(mirror, third)


def test_the_feed_names_each_kind_of_change(client, world):
    since = Change.objects.order_by("-id").values_list("id", flat=True).first()
    product = ProductPage.objects.get(pk=world.live_products[0].pk)
    product.save_revision().publish(skip_permission_checks=True)
    PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.all().delete()
    product.unpublish()
    Page.objects.get(pk=product.pk).delete()
    body = client.get(f"/api/changes/?cursor={since}").json()
    entries = [entry for entry in body["results"] if entry["type"] == "product"]
    assert [entry["action"] for entry in entries] == ["updated", "private", "created", "unpublished", "deleted"]
    assert {entry["id"] for entry in entries} == {product.pk}
    assert entries[0]["url"] == f"{BASE}/api/products/{product.pk}/"
    assert entries[0]["at"].endswith("+07:00")
    assert body["has_more"] is False and int(body["next_cursor"]) > since


def test_republishing_a_region_page_unchanged_examines_nothing(client, world):
    regency = RegencyPage.objects.get(pk=world.a.get_parent().pk)
    before = Change.objects.count()
    regency.save_revision().publish(skip_permission_checks=True)
    assert Change.objects.count() == before


def test_updated_since_on_every_listing(client, world):
    from django.utils import timezone

    moment = timezone.now()
    product = ProductPage.objects.get(pk=world.live_products[2].pk)
    product.save_revision().publish(skip_permission_checks=True)
    since = moment.isoformat()
    # The cooperative too: its detail lists its products.
    expected_by_listing = [("products", [product.pk]), ("news", []), ("governance", []), ("cooperatives", [world.b.pk])]
    for listing, expected in expected_by_listing:
        body = client.get(f"/api/{listing}/", {"updated_since": since}).json()
        assert [item["id"] for item in body["results"]] == expected, listing


def test_a_bad_cursor_is_a_problem(client, world):
    assert list(problem_errors(client.get("/api/changes/?cursor=-1"))) == ["cursor"]
    assert list(problem_errors(client.get("/api/changes/?limit=1001"))) == ["limit"]
