"""Reads behind the directory and product API: a fixed number of queries per page of results."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Greatest, Length, Substr
from django.urls import NoReverseMatch, reverse
from wagtail.images import get_image_model
from wagtail.models import Site

from ..models import (
    BusinessUnit,
    CooperativePage,
    GovernanceDocument,
    GovernancePage,
    NewsPage,
    ProductPage,
    ProductPageImage,
)
from ..visibility import not_public_q, public_pages

THUMBNAIL_SPEC = "fill-480x360|format-webp|webpquality-70"
LOGO_SPEC = "max-240x240|format-webp"
PRODUCT_SUMMARY_LIMIT = 20
NEWS_SUMMARY_LIMIT = 10
# A product lives two levels below its cooperative: cooperative / product index / product.
_SECTION_PATH_LENGTH = 2 * ProductPage.steplen
# Listings load only what they show: compiling and loading the ~40 columns of a page costs
# more than the queries themselves.
PRODUCT_COLUMNS = ("id", "title", "path", "url_path", "price", "unit", "category", "available", "description")
REGION_COLUMNS = ("code", "name", "level")


def _renditions(spec: str) -> QuerySet:
    return get_image_model().get_rendition_model().objects.filter(filter_spec=spec)


def private_pages_q() -> Q:
    """Live pages that are not public (below an unpublished page, or restricted: the one rule of
    ``cooperative_pages.visibility``), in one query; ``.exclude()`` it from every queryset of a response."""
    return not_public_q()


def rendition(image, spec: str):
    """The image's ``spec`` rendition, taken from the prefetched ones when there (Wagtail's
    ``get_rendition`` would recompute the filter's cache key for every row), else made."""
    if image is None:
        return None
    for candidate in getattr(image, "prefetched_renditions", ()):
        if candidate.filter_spec == spec:
            return candidate
    return image.get_rendition(spec)


class PageUrls:
    """Public URLs of many pages as ``Page.get_full_url(request)`` gives them, from their
    ``url_path`` alone: Wagtail runs ``reverse()`` for every page, a fifth of a 100-item
    listing's time. Same site choice and quoting as Wagtail."""

    def __init__(self, request=None):
        self.request = request
        self.roots = Site.get_site_root_paths()
        self.request_site_id: int | None = None
        try:
            self.prefix = reverse("wagtail_serve", args=("",))
        except NoReverseMatch:  # Wagtail's page views are not mounted: no page has a URL
            self.prefix = None
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def __call__(self, url_path: str) -> str | None:
        matches = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not matches or self.prefix is None:
            return None
        root = matches[0]
        if len({match.site_id for match in matches}) > 1 and self.request is not None:
            # Under several sites: prefer the request's, as Wagtail does.
            if self.request_site_id is None:
                site = Site.find_for_request(self.request)
                self.request_site_id = site.pk if site else 0
            root = next((match for match in matches if match.site_id == self.request_site_id), root)
        path = self.prefix + quote(url_path[len(root.root_path) :], safe="!$&'()*+,;=/~:@")
        if not self.append_slash and path != "/":
            path = path.rstrip("/")
        return root.root_url + path


def cooperative_list(*, filters: dict, private: Q | None = None) -> QuerySet[CooperativePage]:
    """Live public cooperatives with regions, business units and logo rendition: 3 queries
    for the rows whatever their number (plus the page-restriction lookup and the count)."""
    queryset = (
        CooperativePage.objects.live()
        .exclude(private_pages_q() if private is None else private)
        .filter(**_cooperative_filters(filters))
        .select_related("province", "regency", "district", "village", "logo")
        .prefetch_related(
            Prefetch("business_units", queryset=BusinessUnit.objects.order_by("sort_order", "name")),
            Prefetch("logo__renditions", queryset=_renditions(LOGO_SPEC), to_attr="prefetched_renditions"),
        )
        .order_by("title", "pk")
    )
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"])
    return queryset


def _cooperative_filters(filters: dict) -> dict:
    lookups = {}
    for level in ("province", "regency", "district", "village"):
        if filters.get(level):
            lookups[f"{level}_id"] = filters[level]
    if filters.get("business_unit"):
        lookups["business_units__slug"] = filters["business_unit"]
    if filters.get("cooperative"):
        lookups["pk"] = filters["cooperative"]
    return lookups


def cooperative_detail(*, pk: int, private: Q) -> CooperativePage | None:
    return cooperative_list(filters={}, private=private).filter(pk=pk).first()


def cooperative_summaries(*, cooperative: CooperativePage, private: Q) -> dict:
    """The latest products and news and every governance document of one cooperative."""
    products = (
        ProductPage.objects.descendant_of(cooperative)
        .live()
        .exclude(private)
        .select_related("business_unit")
        .order_by("-first_published_at", "-pk")
    )
    return {
        "product_count": products.count(),
        "products": list(products[:PRODUCT_SUMMARY_LIMIT]),
        "news": list(
            NewsPage.objects.descendant_of(cooperative)
            .live()
            .exclude(private)
            .defer_streamfields()
            .order_by("-date", "-pk")[:NEWS_SUMMARY_LIMIT]
        ),
        "governance": list(
            GovernancePage.objects.descendant_of(cooperative)
            .live()
            .exclude(private)
            .order_by("kind", "-year", "pk")
            .prefetch_related(
                Prefetch(
                    "documents", queryset=GovernanceDocument.objects.select_related("document").order_by("sort_order")
                )
            )
        ),
    }


def product_list(*, filters: dict) -> QuerySet:
    """Live public products as rows (dicts) with business unit and first photo id; the
    cooperatives and photos are attached per page of results by :func:`attach_product_relations`.
    Rows, not pages: building a page instance costs more than the query that loads it."""
    first_image = ProductPageImage.objects.filter(page_id=OuterRef("pk")).order_by("sort_order", "pk")
    queryset = (
        public_pages(ProductPage.objects.all())
        .annotate(first_image_id=Subquery(first_image.values("image_id")[:1]))
        .order_by("pk")
    )
    cooperative_lookups = _cooperative_filters({key: value for key, value in filters.items() if key != "business_unit"})
    if cooperative_lookups:
        # Greatest(): PostgreSQL may evaluate the length before the row filter and refuses a negative one.
        cooperative_path = Substr(OuterRef("path"), 1, Greatest(Length(OuterRef("path")) - _SECTION_PATH_LENGTH, 0))
        queryset = queryset.filter(
            Exists(CooperativePage.objects.live().filter(path=cooperative_path, **cooperative_lookups))
        )
    if filters.get("business_unit"):
        queryset = queryset.filter(business_unit__slug=filters["business_unit"])
    if filters.get("category"):
        queryset = queryset.filter(category=filters["category"])
    if filters.get("available") is not None:
        queryset = queryset.filter(available=filters["available"])
    if filters.get("q"):
        queryset = queryset.filter(Q(title__icontains=filters["q"]))
    return queryset.values(*PRODUCT_COLUMNS, "business_unit__slug", "business_unit__name", "first_image_id")


def _region(row: dict, level: str) -> SimpleNamespace | None:
    if row[f"{level}__code"] is None:
        return None
    return SimpleNamespace(**{field: row[f"{level}__{field}"] for field in REGION_COLUMNS})


def attach_product_relations(rows: Iterable[dict]) -> list[SimpleNamespace]:
    """The products of one page of :func:`product_list`, each with its ``cooperative`` (and
    its regions), ``business_unit`` and ``thumbnail`` rendition: two queries for any number
    of products (three when some photo has no thumbnail yet)."""
    rows = list(rows)
    paths = {row["path"][:-_SECTION_PATH_LENGTH] for row in rows}
    region_columns = [f"{level}__{field}" for level in ("province", "regency") for field in REGION_COLUMNS]
    cooperatives = {
        row["path"]: SimpleNamespace(
            id=row["id"],
            title=row["title"],
            url_path=row["url_path"],
            province=_region(row, "province"),
            regency=_region(row, "regency"),
        )
        for row in CooperativePage.objects.filter(path__in=paths).values(
            "id", "title", "path", "url_path", *region_columns
        )
    }
    image_ids = {row["first_image_id"] for row in rows if row["first_image_id"]}
    thumbnails = {}
    if image_ids:
        # The thumbnails directly (Wagtail would load the images first); photos without one get it made.
        for thumbnail in _renditions(THUMBNAIL_SPEC).filter(image_id__in=image_ids):
            thumbnails[thumbnail.image_id] = thumbnail
        missing = image_ids - thumbnails.keys()
        if missing:
            for image in get_image_model().objects.filter(pk__in=missing):
                thumbnails[image.pk] = image.get_rendition(THUMBNAIL_SPEC)
    products = []
    for row in rows:
        unit = None
        if row["business_unit__slug"] is not None:
            unit = SimpleNamespace(slug=row["business_unit__slug"], name=row["business_unit__name"])
        fields = {column: row[column] for column in PRODUCT_COLUMNS}
        products.append(
            SimpleNamespace(
                **fields,
                business_unit=unit,
                cooperative=cooperatives.get(row["path"][:-_SECTION_PATH_LENGTH]),
                thumbnail=thumbnails.get(row["first_image_id"]),
            )
        )
    return products
