"""``/sitemap.xml`` and ``/robots.txt``: a valid sitemap index whose files hold at most
50,000 URLs with ``lastmod``, listing every page a visitor can open and nothing else (no
draft, no private page, nothing under an unpublished page), in a fixed number of queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cooperative_pages import sitemaps
from cooperative_pages.models import NewsIndexPage, ProductIndexPage
from cooperative_pages.page_urls import public_base_url
from tests.factories import make_cooperative, make_product

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _no_cached_sitemaps():
    cache.clear()  # the index is cached for 15 minutes
    yield
    cache.clear()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def get_xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/xml")
    assert response["X-Robots-Tag"].startswith("noindex")
    return ET.fromstring(body(response))  # noqa: S314 - our own response; raises on invalid XML


def sitemap_urls(client) -> dict[str, str | None]:
    """Every URL of every file of the index, with its lastmod."""
    index = get_xml(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    found: dict[str, str | None] = {}
    for location in index.findall("s:sitemap/s:loc", NS):
        parts = urlsplit(location.text)
        urlset = get_xml(client, parts.path + (f"?{parts.query}" if parts.query else ""))
        entries = urlset.findall("s:url", NS)
        assert 0 < len(entries) <= sitemaps.SITEMAP_LIMIT
        for entry in entries:
            lastmod = entry.find("s:lastmod", NS)
            found[urlsplit(entry.find("s:loc", NS).text).path] = lastmod.text if lastmod is not None else None
    return found


def test_index_lists_every_live_public_page_with_lastmod(world, client):
    urls = sitemap_urls(client)
    for page in (world.a.cooperative, world.a.product, world.a.news, world.b.product, world.a.cooperative.get_parent()):
        page.refresh_from_db()
        assert page.url in urls
        changed = page.last_published_at or page.latest_revision_created_at
        assert urls[page.url] == timezone.localtime(changed).date().isoformat()
    assert "/" in urls and "/marketplace/" in urls and "/dashboard/" in urls
    assert world.a.draft_product.url not in urls


def test_private_pages_and_pages_under_an_unpublished_page_are_left_out(world, client):
    cooperative = world.a.cooperative
    news_index = NewsIndexPage.objects.child_of(cooperative).get()
    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)
    world.b.cooperative.unpublish()  # its product, news and sections stay live but nobody can reach them
    urls = sitemap_urls(client)
    assert news_index.url not in urls and world.a.news.url not in urls
    assert world.a.product.url in urls
    for page in (world.b.cooperative, world.b.product, world.b.news):
        assert page.url not in urls


def test_sections_past_the_limit_are_split_into_numbered_files(world, client, monkeypatch):
    monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", 3)
    index = get_xml(client, "/sitemap.xml")
    locations = [urlsplit(loc.text) for loc in index.findall("s:sitemap/s:loc", NS)]
    east_java = [loc for loc in locations if loc.path == "/sitemap-jawa-timur.xml"]
    # Jawa Timur: province, regency, cooperative, 3 sections, 1 product, 1 news = 8 pages in 3 files of <= 3.
    assert [loc.query for loc in east_java] == ["", "p=2", "p=3"]
    for lastmod in index.findall("s:sitemap/s:lastmod", NS):
        assert lastmod.text.startswith("20")
    seen = []
    for loc in east_java:
        urlset = get_xml(client, loc.path + (f"?{loc.query}" if loc.query else ""))
        entries = urlset.findall("s:url/s:loc", NS)
        assert len(entries) <= 3
        seen += [entry.text for entry in entries]
    assert len(seen) == len(set(seen)) == 8
    for missing in ("/sitemap-jawa-timur.xml?p=4", "/sitemap-jawa-timur.xml?p=0", "/sitemap-jawa-timur.xml?p=x"):
        assert client.get(missing).status_code == 404, missing
    assert client.get("/sitemap-tidak-ada.xml").status_code == 404


def count_uncached(client, path: str) -> int:
    """Queries of one request that misses the index's cache (a query string it has not seen),
    after a warm-up request (Wagtail's site root paths)."""
    for _ in range(2):
        url = f"{path}?nocache={count_uncached.calls}"
        count_uncached.calls += 1
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            body(response)  # a streamed file queries while it is read
    return len(queries.captured_queries)


count_uncached.calls = 0


def test_index_queries_do_not_grow_with_the_country(world, client):
    def index_queries() -> int:
        return count_uncached(client, "/sitemap.xml")

    few = index_queries()
    for code in ("35.01.01.2002", "33.01.01.2002", "51.01.01.1006"):
        cooperative = make_cooperative(village_code=code)
        make_product(cooperative, title="Kopi")
    many = index_queries()
    print(f"\nsitemap index queries: {few} (2 cooperatives), {many} (5 cooperatives, a new province)")  # noqa: T201
    assert few == many == 4  # site, hidden paths (unpublished parents and restrictions), sections, root's children


def test_section_file_queries_do_not_grow_with_its_pages(world, client):
    def section_queries() -> int:
        return count_uncached(client, "/sitemap-jawa-timur.xml")

    few = section_queries()
    for number in range(10):
        make_product(world.a.cooperative, title=f"Produk {number}")
    assert section_queries() == few == 4  # site, unpublished and restricted paths (one query), section, pages


def test_robots_txt_points_at_the_index_and_keeps_admin_and_api_docs_out(portal, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/api/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {public_base_url()}/sitemap.xml" in lines
    assert "Disallow: /" not in lines and "Disallow: /marketplace/" not in lines


def test_products_section_is_in_its_province_file(world, client):
    section = ProductIndexPage.objects.child_of(world.a.cooperative).get()
    urlset = get_xml(client, "/sitemap-jawa-timur.xml")
    paths = [urlsplit(loc.text).path for loc in urlset.findall("s:url/s:loc", NS)]
    assert section.url in paths and world.b.product.url not in paths
