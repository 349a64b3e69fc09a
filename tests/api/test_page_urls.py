"""The one page-URL helper (cooperative_pages/page_urls.py) against Wagtail's Page.get_full_url."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Page, Site

from cooperative_pages.page_urls import PageUrlBuilder, absolute_url, page_url
from tests.api.conftest import add_governance, add_news

pytestmark = pytest.mark.django_db


def every_page() -> list[Page]:
    return list(Page.objects.filter(depth__gt=1).specific())


@pytest.fixture
def no_base(settings):
    settings.KMP = {**settings.KMP, "PUBLIC_BASE_URL": ""}
    cache.clear()


def test_without_a_base_it_is_wagtails_full_url_for_every_page(world, no_base):
    add_news(world.a, "Panen Raya Kopi: 100% Organik & Segar")  # quoting
    add_governance(world.b, "Laporan Keuangan 2025")
    pages = every_page()
    assert len(pages) > 15
    builder = PageUrlBuilder()
    for page in pages:
        assert builder(page.url_path) == page.get_full_url(), page.url_path
        assert builder.path(page.url_path) == page.get_url_parts()[2]


def test_with_a_base_the_root_is_the_configured_public_base(world, settings):
    settings.KMP = {**settings.KMP, "PUBLIC_BASE_URL": "https://koperasi.example.id/"}
    for page in every_page():
        site_id, root_url, path = page.get_url_parts()
        assert root_url == "http://localhost"  # the Site record says otherwise: the base wins
        assert page_url(page) == "https://koperasi.example.id" + path


def test_relative_paths_for_the_sites_own_links(world):
    assert page_url(world.a, absolute=False) == world.a.get_url()
    assert page_url(world.a, absolute=False).startswith("/jawa-timur/")


def test_without_appended_slash_as_wagtail(world, settings, no_base, monkeypatch):
    settings.WAGTAIL_APPEND_SLASH = False
    monkeypatch.setattr("wagtail.models.pages.WAGTAIL_APPEND_SLASH", False)  # Wagtail reads it once, at import
    builder = PageUrlBuilder()
    for page in every_page():
        assert builder(page.url_path) == page.get_full_url()


def test_several_sites_the_request_site_first_and_the_base_for_the_default_site(world, settings, no_base):
    default = Site.objects.get(is_default_site=True)
    # A second site on the same portal, and one rooted at cooperative B.
    Site.objects.create(hostname="mirror.example.id", port=443, root_page=default.root_page)
    Site.objects.create(hostname="tambakreja.example.id", port=443, root_page=world.b)
    cache.clear()
    request = RequestFactory().get("/", HTTP_HOST="mirror.example.id")
    for page in every_page():
        assert PageUrlBuilder(request=request)(page.url_path) == page.get_full_url(request=request)
        assert PageUrlBuilder()(page.url_path) == page.get_full_url()
    settings.KMP = {**settings.KMP, "PUBLIC_BASE_URL": "https://koperasi.example.id"}
    assert page_url(world.a) == "https://koperasi.example.id" + world.a.get_url_parts()[2]
    assert page_url(world.b) == "https://tambakreja.example.id/"  # another site keeps its own root


def test_pages_outside_every_site_have_no_url(world):
    orphan = Page.get_first_root_node().add_child(instance=Page(title="Di luar situs", slug="di-luar"))
    assert page_url(orphan) is None and orphan.get_full_url() is None


def test_absolute_url_keeps_urls_that_already_are():
    assert absolute_url("/media/x.webp") == "http://127.0.0.1:8000/media/x.webp"
    assert absolute_url("https://cdn.example.id/x.webp") == "https://cdn.example.id/x.webp"
    assert absolute_url("") == ""


def test_no_copy_of_the_rule_is_left():
    """The three earlier builders (api PageUrls, dashboard page_url_builder, reminders' _SiteRequest) are gone."""
    import cooperative_pages.api.selectors as api_selectors
    import dashboard.reminders as reminders
    import dashboard.selectors as dashboard_selectors

    assert not hasattr(api_selectors, "PageUrls")
    assert not hasattr(dashboard_selectors, "page_url_builder")
    assert not hasattr(reminders, "_SiteRequest")
