"""Headless preview: a decoupled frontend reads a draft only with a signed, unexpired token."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail_headless_preview.settings import headless_preview_settings

from cooperative_pages.api.preview import HEADLESS_MODE
from tests.api.conftest import add_product

pytestmark = pytest.mark.django_db

FRONTEND = "https://frontend.koperasi.example.id/preview"


@pytest.fixture
def frontend(settings):
    # wagtail-headless-preview reloads its settings on Django's setting_changed signal.
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": FRONTEND}}
    assert headless_preview_settings.CLIENT_URLS == {"default": FRONTEND}


def draft_change(product, title: str):
    product.title = title
    product.save_revision()
    return product.get_latest_revision_as_object()


def make_token(page) -> str:
    preview = page.create_page_preview()  # what the admin's preview does
    return preview.token


def test_headless_mode_is_offered_only_with_a_frontend(world, frontend):
    assert HEADLESS_MODE in dict(world.a.preview_modes)


def test_headless_mode_absent_without_frontend(world):
    assert HEADLESS_MODE not in dict(world.a.preview_modes)


def test_admin_preview_hands_the_frontend_a_token(world, frontend, portal):
    draft = draft_change(world.live_products[0], "Beras Organik Edisi Baru")
    request = RequestFactory().get("/")
    response = draft.serve_preview(request, HEADLESS_MODE)
    assert response.status_code == 200
    assert FRONTEND in response.content.decode()
    assert "token=" in response.content.decode()


def test_frontend_reads_the_draft_with_the_token(client, world, frontend):
    draft = draft_change(world.live_products[0], "Beras Organik Edisi Baru")
    token = make_token(draft)
    response = client.get("/api/v2/preview/", {"content_type": "cooperative_pages.productpage", "token": token})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Beras Organik Edisi Baru"
    assert response.json()["price"] == 15000
    assert "no-store" in response["Cache-Control"]
    # The public API still serves the live version.
    assert client.get(f"/api/v2/pages/{draft.pk}/").json()["title"] == "Beras Organik"


def test_never_published_draft_is_only_reachable_with_a_token(client, world, frontend):
    new = add_product(world.a, "Produk Baru Belum Terbit", publish=False)
    assert client.get(f"/api/v2/pages/{new.pk}/").status_code == 404
    assert "Belum Terbit" not in client.get("/api/products/").content.decode()
    token = make_token(new)
    response = client.get("/api/v2/preview/", {"content_type": "cooperative_pages.productpage", "token": token})
    assert response.json()["title"] == "Produk Baru Belum Terbit"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"content_type": "cooperative_pages.productpage"}, 400),
        ({"content_type": "cooperative_pages.productpage", "token": "id=1:forged:signature"}, 403),
        ({"content_type": "cooperative_pages.nothing", "token": "x"}, 400),
        ({"content_type": "wagtailcore.page", "token": "x"}, 400),
    ],
)
def test_no_valid_token_no_draft(client, world, frontend, params, status):
    response = client.get("/api/v2/preview/", params)
    assert response.status_code == status
    assert "Rahasia" not in response.content.decode()


def test_token_of_another_page_type_finds_nothing(client, world, frontend):
    token = make_token(world.draft_news)
    response = client.get("/api/v2/preview/", {"content_type": "cooperative_pages.productpage", "token": token})
    assert response.status_code == 404


def test_expired_token_is_refused(client, world, frontend, settings):
    token = make_token(world.draft_product)
    settings.KMP = {**settings.KMP, "API_PREVIEW_MAX_AGE": -1}
    response = client.get("/api/v2/preview/", {"content_type": "cooperative_pages.productpage", "token": token})
    assert response.status_code == 403
    assert "Rahasia" not in response.content.decode()
