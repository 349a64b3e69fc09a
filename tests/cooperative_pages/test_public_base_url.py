"""A page's public address is the same everywhere: the canonical link, Open Graph, JSON-LD,
the sitemap and robots.txt start with ``KMP["PUBLIC_BASE_URL"]`` as the API's links do
(``page_urls``), not with the Wagtail ``Site`` record's host and port (``http://localhost``
in a fresh install, ``http://`` behind a TLS proxy)."""

from __future__ import annotations

import re

import extruct
import pytest
from django.core.cache import cache

from cooperative_pages.page_urls import page_url

BASE = "https://koperasi.example.id"


@pytest.fixture(autouse=True)
def public_base(settings):
    settings.KMP = {**settings.KMP, "PUBLIC_BASE_URL": BASE + "/"}
    cache.clear()  # the sitemap index and page cache
    yield
    cache.clear()


def _absolute_links(html: str) -> list[str]:
    """Every absolute URL the page gives crawlers and chat apps: link and meta tags, and JSON-LD."""
    head = re.findall(r'<(?:link|meta)[^>]+(?:href|content)="(https?://[^"]+)"', html)
    data = extruct.extract(html, base_url=BASE + "/", syntaxes=["json-ld"])["json-ld"]
    found = re.findall(r"'(https?://[^']+)'", repr(data))
    return [link for link in head + found if not link.startswith("https://schema.org")]


def test_product_page_links_start_with_the_public_base(world, client):
    product = world.a.product
    html = client.get(product.url).content.decode()
    assert f'<link rel="canonical" href="{page_url(product)}">' in html
    assert page_url(product) == BASE + product.url
    links = _absolute_links(html)
    assert links and [link for link in links if not link.startswith(BASE + "/")] == []


def test_portal_links_start_with_the_public_base(world, client):
    links = _absolute_links(client.get("/").content.decode())
    assert f"{BASE}/" in links
    assert [link for link in links if not link.startswith(BASE + "/")] == []


def test_sitemap_and_robots_use_the_public_base(world, client):
    index = client.get("/sitemap.xml").content.decode()
    files = re.findall(r"<loc>([^<]+)</loc>", index)
    assert files and all(location.startswith(BASE + "/sitemap-") for location in files), files
    section = b"".join(client.get("/sitemap-jawa-timur.xml").streaming_content).decode()
    pages = re.findall(r"<loc>([^<]+)</loc>", section)
    assert page_url(world.a.product) in pages
    assert all(location.startswith(BASE + "/") for location in pages), pages[:3]
    assert f"Sitemap: {BASE}/sitemap.xml" in client.get("/robots.txt").content.decode().splitlines()
