"""Wagtail API v2 at /api/v2/: every public page type with its fields; never a draft; only
the images and documents live public pages show."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from cooperative_pages.models import GovernanceDocument, ProductPageImage
from tests.factories import make_image

pytestmark = pytest.mark.django_db


def items(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


@pytest.mark.parametrize(
    ("page_type", "fields"),
    [
        (
            "cooperative_pages.CooperativePage",
            {"registry_id", "province", "village", "business_units", "logo_thumbnail", "phone", "whatsapp_url"},
        ),
        ("cooperative_pages.ProductPage", {"price", "unit", "category", "business_unit", "tags", "gallery_images"}),
        ("cooperative_pages.NewsPage", {"date", "intro", "body", "tags"}),
        ("cooperative_pages.GovernancePage", {"kind", "year", "period", "body", "documents"}),
        ("cooperative_pages.ProvincePage", {"region"}),
        ("cooperative_pages.RegencyPage", {"region"}),
    ],
)
def test_every_page_type_with_its_fields(client, world, page_type, fields):
    found = items(client, f"/api/v2/pages/?type={page_type}&fields=*")
    assert found
    assert fields <= set(found[0])


def test_cooperative_fields_are_serialised_readably(client, world):
    (widoro,) = items(client, f"/api/v2/pages/?type=cooperative_pages.CooperativePage&fields=*&id={world.a.pk}")
    assert widoro["village"] == {"code": "35.01.01.2001", "name": "Widoro", "level": "village"}
    assert [unit["code"] for unit in widoro["business_units"]] == ["gerai-sembako", "klinik"]
    assert widoro["meta"]["html_url"] == f"http://127.0.0.1:8000{world.a.url}"  # the public base, not the Site
    assert widoro["logo_thumbnail"]["url"]
    product = items(client, "/api/v2/pages/?type=cooperative_pages.ProductPage&fields=*&title=Kopi Robusta")[0]
    assert len(product["gallery_images"]) == 2
    assert product["gallery_images"][0]["thumbnail"]["url"]


def test_drafts_are_never_listed_or_served(client, world):
    listed = {item["title"] for item in items(client, "/api/v2/pages/?limit=100")}
    assert "Beras Organik" in listed
    assert not {title for title in listed if "Rahasia" in title}
    for draft in (world.draft_product, world.draft_news, world.draft_governance):
        assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_private_pages_are_not_served(client, world):
    PageViewRestriction.objects.create(page=world.b, restriction_type=PageViewRestriction.LOGIN)
    listed = {item["id"] for item in items(client, "/api/v2/pages/?limit=100")}
    assert world.b.pk not in listed and world.a.pk in listed
    assert client.get(f"/api/v2/pages/{world.b.pk}/").status_code == 404
    assert world.b.pk not in {item["id"] for item in client.get("/api/cooperatives/").json()["results"]}
    assert "Gula Aren" not in client.get("/api/products/").content.decode()


def test_images_are_only_those_live_pages_show(client, world):
    unused = make_image(title="Foto KTP pengurus")
    draft_photo = ProductPageImage.objects.filter(page=world.draft_product).first().image
    ids = {item["id"] for item in items(client, "/api/v2/images/?limit=100")}
    assert world.a.logo_id in ids
    assert set(ProductPageImage.objects.filter(page=world.live_products[0]).values_list("image_id", flat=True)) <= ids
    assert unused.pk not in ids
    assert draft_photo.pk not in ids
    assert client.get(f"/api/v2/images/{unused.pk}/").status_code == 404


def test_documents_are_only_those_of_live_governance_pages(client, world):
    draft_document = GovernanceDocument.objects.get(page=world.draft_governance).document
    titles = {item["title"] for item in items(client, "/api/v2/documents/")}
    assert titles == {"Berkas Laporan RAT 2025"}
    assert client.get(f"/api/v2/documents/{draft_document.pk}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["type=cooperative_pages.Nothing", "fields=password", "order=owner", "limit=abc", "child_of=abc", "bogus=1"],
)
def test_v2_bad_parameters_are_400(client, world, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]


def test_owner_and_revisions_cannot_be_requested(client, world):
    for field in ("owner", "latest_revision", "locked_by", "collection"):
        response = client.get(f"/api/v2/pages/?type=cooperative_pages.CooperativePage&fields={field}")
        assert response.status_code == 400, field
