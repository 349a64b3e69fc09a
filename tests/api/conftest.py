"""A small world for the API tests: two cooperatives in two provinces with business units,
logos, live and draft products (with photos), news and governance documents."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient
from wagtail.documents import get_document_model
from wagtail.models import Page

from cooperative_pages.models import (
    BusinessUnit,
    CooperativePage,
    GovernanceDocument,
    GovernanceIndexPage,
    GovernancePage,
    NewsIndexPage,
    NewsPage,
    ProductPage,
    ProductPageImage,
)
from tests.factories import make_cooperative, make_image, make_product

VILLAGE_A = "35.01.01.2001"  # Widoro, Donorojo, Kabupaten Pacitan, Jawa Timur
VILLAGE_B = "33.01.01.2001"  # Tambakreja, Kedungreja, Kabupaten Cilacap, Jawa Tengah


@pytest.fixture(autouse=True)
def _fresh_cache(fresh_cache):
    """Rate-limit counters and Wagtail's cached site root paths live in the cache."""


@pytest.fixture
def client() -> APIClient:
    return APIClient()


BASE = "http://127.0.0.1:8000"  # KMP["PUBLIC_BASE_URL"] in the test settings


def problem_errors(response, status: int = 400) -> dict[str, str]:
    """The ``errors`` of a problem+json 400 (or a 404 for a filter naming something that does not
    exist), as parameter -> all its messages."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    errors: dict[str, str] = {}
    for error in body.get("errors", []):
        errors[error["parameter"]] = (errors.get(error["parameter"], "") + " " + error["detail"]).strip()
    return errors


def publish_child(parent: Page, page: Page, *, publish: bool = True) -> Page:
    page.live = False  # a new page is live unless told otherwise; it goes live on publish
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
        page.refresh_from_db()
    return page


def add_product(cooperative: CooperativePage, title: str, *, photos: int = 1, publish: bool = True, **fields):
    # make_product(publish=False) leaves the page live (Page.live defaults to True): say it is a draft.
    product = make_product(cooperative, title=title, publish=False, live=False, **fields)
    for number in range(photos):
        ProductPageImage.objects.create(page=product, image=make_image(title=f"{title} {number}"), sort_order=number)
    if publish:
        product.save_revision().publish(skip_permission_checks=True)
        product.refresh_from_db()
    return product


def add_news(cooperative: CooperativePage, title: str, *, publish: bool = True) -> NewsPage:
    index = NewsIndexPage.objects.child_of(cooperative).get()
    return publish_child(index, NewsPage(title=title, intro=f"Ringkasan {title}"), publish=publish)


def add_governance(cooperative: CooperativePage, title: str, *, publish: bool = True) -> GovernancePage:
    index = GovernanceIndexPage.objects.child_of(cooperative).get()
    page = GovernancePage(title=title, kind="rat", year=2025)
    document = get_document_model()(title=f"Berkas {title}", collection=cooperative.collection)
    document.file.save("laporan.pdf", ContentFile(io.BytesIO(b"%PDF-1.4 kmp").getvalue()), save=False)
    document.save()
    page.documents.add(GovernanceDocument(document=document, title=f"Berkas {title}"))
    return publish_child(index, page, publish=publish)


@dataclass
class World:
    a: CooperativePage
    b: CooperativePage
    live_products: list[ProductPage]
    draft_product: ProductPage
    draft_news: NewsPage
    draft_governance: GovernancePage


@pytest.fixture
def world(portal) -> World:
    units = {unit.slug: unit for unit in BusinessUnit.objects.all()}
    a = make_cooperative(village_code=VILLAGE_A, name="Koperasi Desa Merah Putih Widoro", chair_name="Ketua Widoro")
    b = make_cooperative(village_code=VILLAGE_B, name="Koperasi Desa Merah Putih Tambakreja")
    a.business_units.set([units["gerai-sembako"], units["klinik"]])
    a.logo = make_image(title="Logo Widoro")
    a.save_revision().publish(skip_permission_checks=True)
    b.business_units.set([units["simpan-pinjam"]])
    b.save_revision().publish(skip_permission_checks=True)
    live_products = [
        add_product(a, "Beras Organik", category="beras", business_unit=units["gerai-sembako"]),
        add_product(a, "Kopi Robusta", category="perkebunan", photos=2),
        add_product(b, "Gula Aren", category="olahan", available=False, photos=0),
    ]
    draft_product = add_product(a, "Produk Rahasia Draf", publish=False)
    add_news(a, "Rapat Anggota Tahunan")
    draft_news = add_news(a, "Berita Draf Rahasia", publish=False)
    add_governance(a, "Laporan RAT 2025")
    draft_governance = add_governance(b, "Laporan Draf Rahasia", publish=False)
    a.refresh_from_db()
    b.refresh_from_db()
    return World(a, b, live_products, draft_product, draft_news, draft_governance)  # named as its fields
