"""``/sitemap.xml`` and ``/robots.txt`` at national scale.

The index lists one section per child of the site root (the provinces) plus the portal
itself and the plugin's other public pages; a section of more than ``SITEMAP_LIMIT`` URLs
is split into numbered files (``?p=2``). The index costs one grouped query whatever the
size of the country (counts and latest changes per section), and a section file streams
its at most 50,000 pages from the database: nothing loads every page at once.

Pages are Wagtail's sitemap entries (``wagtail.contrib.sitemaps``: ``get_sitemap_urls``,
``get_full_url``) of plain ``Page`` rows, so a page type's own ``get_sitemap_urls`` is not
consulted; none of ours has one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page, Site

from .selectors import publicly_visible_q

SITEMAP_LIMIT = 50_000
CACHE_SECONDS = 60 * 15
PORTAL_SECTION = "portal"
OTHER_SECTION = "halaman-lain"
SITEMAP_FIELDS = ("id", "path", "depth", "url_path", "last_published_at", "latest_revision_created_at")
# Public pages that are views rather than Wagtail pages (URL names; missing ones are skipped).
OTHER_PAGES = ("marketplace:storefront", "dashboard:index", "dashboard:readiness")
# Kept out of search engines: the admin, the API and its docs, officers' invitation links, CSV downloads.
ROBOTS_DISALLOW = ("/admin/", "/api/", "/undangan/", "/dashboard/csv/", "/documents/authenticate_with_password/")


def visible_pages(site: Site) -> QuerySet[Page]:
    """Every page of ``site`` a visitor can open, by tree path (see ``publicly_visible_q``)."""
    root = site.root_page
    return Page.objects.filter(path__startswith=root.path).filter(publicly_visible_q()).order_by("path")


class SectionSitemap(WagtailSitemap):
    """The visible pages below one child of the site root (or the root itself: ``exact``)."""

    limit = SITEMAP_LIMIT

    def __init__(self, request, *, site: Site, path: str, exact: bool = False):
        super().__init__(request)
        self.site, self.path, self.exact = site, path, exact

    def get_wagtail_site(self) -> Site:
        return self.site

    def items(self):
        pages = visible_pages(self.site).only(*SITEMAP_FIELDS)
        return pages.filter(path=self.path) if self.exact else pages.filter(path__startswith=self.path)


class OtherPagesSitemap(DjangoSitemap):
    """The storefront and the dashboard: public views that are not Wagtail pages."""

    def __init__(self, request):
        self.request = request

    def items(self):
        names = []
        for name in OTHER_PAGES:
            try:
                names.append(reverse(name))
            except NoReverseMatch:
                continue
        return names

    def location(self, item: str) -> str:
        return item

    def get_urls(self, page=1, site=None, protocol=None):
        root = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        return [{"location": root.root_url + path, "lastmod": None} for path in self.paginator.page(page).object_list]


@dataclass(frozen=True)
class Section:
    name: str
    path: str
    count: int
    lastmod: object
    exact: bool = False


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise Http404("No site")
    return site


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


@require_safe
@cache_page(CACHE_SECONDS)
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """``/sitemap.xml``: every section file (split past 50,000 URLs) with its latest change."""
    site = _site(request)
    base = site.root_url
    entries = []
    for section in sections(site):
        location = base + reverse("kmp_sitemap_section", args=[section.name])
        entries.append(sitemap_views.SitemapIndexItem(location, section.lastmod))
        for number in range(2, math.ceil(section.count / SITEMAP_LIMIT) + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={number}", section.lastmod))
    entries.append(sitemap_views.SitemapIndexItem(base + reverse("kmp_sitemap_section", args=[OTHER_SECTION])))
    response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
@cache_page(CACHE_SECONDS)
def sitemap_section(request: HttpRequest, section: str) -> TemplateResponse:
    """One section file of the index: at most 50,000 pages (``?p=`` for the next ones)."""
    site = _site(request)
    root = site.root_page
    if section == OTHER_SECTION:
        sitemap = OtherPagesSitemap(request)
    elif section == PORTAL_SECTION:
        sitemap = SectionSitemap(request, site=site, path=root.path, exact=True)
    else:
        child = Page.objects.child_of(root).filter(slug=section).only("path").first()
        if child is None:
            raise Http404("No such sitemap section")
        sitemap = SectionSitemap(request, site=site, path=child.path)
    return sitemap_views.sitemap(request, {section: sitemap}, section=section)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: the sitemap index; the admin, the API and its docs stay out."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {_site(request).root_url}{reverse('kmp_sitemap_index')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
