"""/api/products/<id>/, /api/news/ and /api/governance/ (list, detail, filters) and readiness in
the directory: content, the shared shapes, and pinned query counts."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from dashboard.models import CooperativeActivity
from tests.api.conftest import BASE, add_governance, add_news, add_product, problem_errors
from tests.api.listing import count_queries
from tests.budgets import RATE_LIMIT_QUERIES
from tests.factories import make_cooperative

pytestmark = pytest.mark.django_db


def results(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_product_detail_has_every_photo_tags_and_the_list_fields(client, world):
    kopi = world.live_products[1]
    body = client.get(f"/api/products/{kopi.pk}/").json()
    assert body["title"] == "Kopi Robusta" and body["slug"] == "kopi-robusta"
    assert body["path"].endswith("/produk/kopi-robusta/") and body["url"] == BASE + body["path"]
    assert len(body["images"]) == 2
    for image in body["images"]:
        assert {size: set(rendition) for size, rendition in image["renditions"].items()} == {
            size: {"url", "width", "height"} for size in ("small", "medium", "large")
        }
        assert image["alt"]
    assert body["image"] == body["images"][0]
    assert body["cooperative"]["name"] == world.a.title
    assert body["first_published_at"].endswith("+07:00")
    listed = next(item for item in results(client, "/api/products/") if item["id"] == kopi.pk)
    assert {key: body[key] for key in listed} == listed  # the detail is the list item and more


@pytest.mark.parametrize("kind", ["products", "news", "governance"])
def test_drafts_are_not_served(client, world, kind):
    draft = {"products": world.draft_product, "news": world.draft_news, "governance": world.draft_governance}[kind]
    assert client.get(f"/api/{kind}/{draft.pk}/").status_code == 404
    assert draft.pk not in {item["id"] for item in results(client, f"/api/{kind}/")}


def test_news_list_and_detail(client, world):
    (news,) = results(client, "/api/news/")
    assert news["title"] == "Rapat Anggota Tahunan" and news["intro"] == "Ringkasan Rapat Anggota Tahunan"
    assert news["cooperative"]["id"] == world.a.pk and news["cooperative"]["province"]["code"] == "35"
    detail = client.get(f"/api/news/{news['id']}/").json()
    assert detail["body"] == [] and detail["tags"] == []
    assert {key: detail[key] for key in news} == news


def test_governance_list_and_detail(client, world):
    (document,) = results(client, "/api/governance/")
    assert document["kind"]["code"] == "rat" and document["kind"]["name"]
    assert document["year"] == 2025
    (file,) = document["documents"]
    assert file["url"].startswith(f"{BASE}/documents/")
    assert file["size"] is None or file["size"] > 0  # Wagtail measures it on upload through the admin
    detail = client.get(f"/api/governance/{document['id']}/").json()
    assert "body" in detail and detail["cooperative"]["name"] == world.a.title


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/news/?province=35", ["Rapat Anggota Tahunan"]),
        ("/api/news/?province=33", []),
        ("/api/news/?year=2020", []),
        ("/api/governance/?kind=rat&year=2025", ["Laporan RAT 2025"]),
        ("/api/governance/?kind=ad-art", []),
        ("/api/governance/?regency=35.01", ["Laporan RAT 2025"]),
    ],
)
def test_news_and_governance_filters(client, world, url, expected):
    assert [item["title"] for item in results(client, url)] == expected


def test_news_and_governance_filter_by_cooperative(client, world):
    add_news(world.b, "Berita Tambakreja")
    assert [item["title"] for item in results(client, f"/api/news/?cooperative={world.b.pk}")] == ["Berita Tambakreja"]
    assert problem_errors(client.get("/api/news/?cooperative=99999999"), 404) == {
        "cooperative": "Koperasi tidak dikenal: 99999999."
    }


def test_private_pages_are_neither_listed_nor_served(client, world):
    (news,) = results(client, "/api/news/")
    PageViewRestriction.objects.create(page_id=news["id"], restriction_type=PageViewRestriction.LOGIN)
    assert results(client, "/api/news/") == []
    assert client.get(f"/api/news/{news['id']}/").status_code == 404


def test_readiness_and_activity_in_the_directory(client, world):
    from django.utils import timezone

    activity = CooperativeActivity.objects.get(cooperative=world.a)
    activity.has_recent_annual_meeting = activity.has_products = True
    activity.readiness_score = 20
    activity.last_approved_publication_at = timezone.now()
    activity.save()
    widoro = next(item for item in results(client, "/api/cooperatives/") if item["id"] == world.a.pk)
    readiness = widoro["readiness"]
    assert readiness["score"] == 20 and readiness["ready"] is False and readiness["ready_score"] == 70
    items = {item["code"]: item for item in readiness["checklist"]}
    assert sum(item["points"] for item in items.values()) == 100
    assert items["has_recent_annual_meeting"]["met"] is True
    assert items["has_recent_annual_meeting"]["evidence_url"].startswith(f"{BASE}{world.a.url}tata-kelola/")
    assert items["has_products"]["evidence_url"] == f"{BASE}{world.a.url}produk/"
    assert items["has_board"] == {**items["has_board"], "met": False, "evidence_url": None}
    assert widoro["active"] is True and widoro["active_until"] > widoro["last_approved_publication_at"]
    detail = client.get(f"/api/cooperatives/{world.a.pk}/").json()
    assert detail["readiness"] == readiness and detail["active"] is True


def test_content_listings_run_a_fixed_number_of_queries(client, world):
    other = make_cooperative(village_code="33.01.01.2002", name="Koperasi Lain")
    for number in range(4):
        add_news(other, f"Berita {number}")
        add_governance(other, f"Laporan {number}")
    # count, rows, cooperatives, the restriction lookup, the feed's head (ETag)
    news = 5 + RATE_LIMIT_QUERIES
    assert count_queries(client, "/api/news/?page_size=1") == count_queries(client, "/api/news/?page_size=5") == news
    # ... and the governance pages' files
    assert count_queries(client, "/api/governance/?page_size=1") == 6 + RATE_LIMIT_QUERIES
    assert count_queries(client, "/api/governance/?page_size=5&province=33") == 6 + RATE_LIMIT_QUERIES


def test_details_run_a_fixed_number_of_queries(client, world):
    product = add_product(world.b, "Produk Empat Foto", photos=4)
    # restriction lookup, feed head, row, cooperative, first image + renditions, gallery, images + renditions, tags
    assert count_queries(client, f"/api/products/{product.pk}/") == 10 + RATE_LIMIT_QUERIES
    news = add_news(world.b, "Berita Detail")
    # restriction lookup, feed head, row, cooperative, tags
    assert count_queries(client, f"/api/news/{news.pk}/") == 5 + RATE_LIMIT_QUERIES
