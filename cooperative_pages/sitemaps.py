"""``/sitemap.xml`` and ``/robots.txt`` at national scale.

The index lists one section per child of the site root (the provinces), the portal itself
and the plugin's other public pages; a section of more than ``SITEMAP_LIMIT`` URLs is split
into numbered files (``?p=2``). The index costs one grouped query whatever the size of the
country (count and latest change per section). A section file is streamed: its at most
50,000 pages are read from the database in chunks and written out as they come, so neither
the pages nor the document are ever held in memory whole.

Each page's entry is what Wagtail's ``Page.get_sitemap_urls`` gives (its URL and last
publication), with the URL from ``page_urls`` as every other public link (the configured public
base, not the ``Site`` record's host), built from the plain ``Page`` rows' ``url_path``: a page
type's own ``get_sitemap_urls`` is not consulted (none of ours has one).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .page_urls import PageUrlBuilder
from .visibility import public_pages

SITEMAP_LIMIT = 50_000
CHUNK_SIZE = 2_000
INDEX_CACHE_SECONDS = 60 * 15
PORTAL_SECTION = "portal"
OTHER_SECTION = "halaman-lain"
SITEMAP_FIELDS = ("id", "path", "depth", "url_path", "last_published_at", "latest_revision_created_at")
# Public pages that are views rather than Wagtail pages (URL names; missing ones are skipped).
OTHER_PAGES = ("marketplace:storefront", "dashboard:index", "dashboard:readiness")
# Kept out of search engines: the admin, the API and its docs, officers' invitation links, CSV downloads.
ROBOTS_DISALLOW = ("/admin/", "/api/", "/undangan/", "/dashboard/csv/", "/documents/authenticate_with_password/")
NOINDEX = {"X-Robots-Tag": "noindex, noodp, noarchive"}


@dataclass(frozen=True)
class Section:
    name: str
    path: str
    count: int
    lastmod: datetime | None
    exact: bool = False  # the site root alone, not its subtree


def visible_pages(site: Site) -> QuerySet[Page]:
    """Every public page of ``site`` (``visibility.public_pages``: live, no unpublished page above it,
    no view restriction on or above it), by tree path."""
    return public_pages(Page.objects.filter(path__startswith=site.root_page.path)).order_by("path")


def sections(site: Site) -> list[Section]:
    """Each child of the site root with its number of visible pages and latest change, and the root."""
    root = site.root_page
    length = len(root.path) + Page.steplen
    groups = (
        visible_pages(site)
        .annotate(prefix=Substr("path", 1, length))
        .values("prefix")
        .annotate(n=Count("*"), lastmod=Max(Coalesce("last_published_at", "latest_revision_created_at")))
        .order_by("prefix")
    )
    slugs = dict(Page.objects.child_of(root).values_list("path", "slug"))
    found = []
    for group in groups:
        if group["prefix"] == root.path:
            found.append(Section(PORTAL_SECTION, root.path, group["n"], group["lastmod"], exact=True))
        elif group["prefix"] in slugs:
            found.append(Section(slugs[group["prefix"]], group["prefix"], group["n"], group["lastmod"]))
    return found


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise Http404("No site")
    return site


def _base_url(site: Site, request: HttpRequest) -> str:
    """Scheme and host of the site's public links (``page_urls``: the configured public base)."""
    return PageUrlBuilder(request=request).base_for(site.root_page.url_path) or site.root_url


def _other_pages(base: str) -> list[dict]:
    """The storefront and the dashboard: public views that are not Wagtail pages."""
    entries = []
    for name in OTHER_PAGES:
        try:
            entries.append({"location": base + reverse(name)})
        except NoReverseMatch:
            continue
    return entries


def _page_entries(pages: Iterable[Page], request: HttpRequest) -> Iterator[dict]:
    url = PageUrlBuilder(request=request)
    for page in pages:
        location = url(page.url_path)
        if location:
            yield {"location": location, "lastmod": page.last_published_at or page.latest_revision_created_at}


def _urlset(entries: Iterable[dict]) -> Iterator[str]:
    """The sitemap document, one ``<url>`` at a time."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for entry in entries:
        lastmod = entry.get("lastmod")
        day = f"<lastmod>{timezone.localtime(lastmod).date().isoformat()}</lastmod>" if lastmod else ""
        yield f"<url><loc>{escape(entry['location'])}</loc>{day}</url>\n"
    yield "</urlset>\n"


def _file_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("No such sitemap file") from None
    if number < 1:
        raise Http404("No such sitemap file")
    return number


@require_safe
@cache_page(INDEX_CACHE_SECONDS)
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """``/sitemap.xml``: every section file (split past 50,000 URLs) with its latest change."""
    site = _site(request)
    base = _base_url(site, request)
    entries = []
    for section in sections(site):
        location = base + reverse("kmp_sitemap_section", args=[section.name])
        entries.append(SitemapIndexItem(location, section.lastmod))
        for number in range(2, math.ceil(section.count / SITEMAP_LIMIT) + 1):
            entries.append(SitemapIndexItem(f"{location}?p={number}", section.lastmod))
    entries.append(SitemapIndexItem(base + reverse("kmp_sitemap_section", args=[OTHER_SECTION])))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml", headers=NOINDEX
    )


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> StreamingHttpResponse:
    """One file of the index: at most ``SITEMAP_LIMIT`` pages of a section, streamed (``?p=`` for the next)."""
    site = _site(request)
    number = _file_number(request)
    if section == OTHER_SECTION:
        if number > 1:
            raise Http404("No such sitemap file")
        entries: Iterable[dict] = _other_pages(_base_url(site, request))
    else:
        pages = visible_pages(site).only(*SITEMAP_FIELDS)
        root = site.root_page
        if section == PORTAL_SECTION:
            pages = pages.filter(path=root.path)
        else:
            child = Page.objects.child_of(root).filter(slug=section).values_list("path", flat=True).first()
            if child is None:
                raise Http404("No such sitemap section")
            pages = pages.filter(path__startswith=child)
        start = (number - 1) * SITEMAP_LIMIT
        chunk = pages[start : start + SITEMAP_LIMIT]
        if number > 1 and not chunk.exists():
            raise Http404("No such sitemap file")
        entries = _page_entries(chunk.iterator(chunk_size=CHUNK_SIZE), request)
    return StreamingHttpResponse(_urlset(entries), content_type="application/xml", headers=NOINDEX)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: the sitemap index; the admin, the API and its docs stay out."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {_base_url(_site(request), request)}{reverse('kmp_sitemap_index')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
