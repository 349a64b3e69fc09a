"""Reads behind the API: a fixed number of queries per page of results, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from types import SimpleNamespace

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Greatest, Length, Substr
from wagtail import hooks
from wagtail.models import Page

from ..models import (
    BusinessUnit,
    CooperativePage,
    GovernancePage,
    NewsPage,
    ProductPage,
    ProductPageImage,
)
from ..selectors import governance_documents
from ..visibility import not_public_q
from .images import LOGO_RENDITIONS, PHOTO_RENDITIONS, images_with_renditions
from .models import Change

PRODUCT_SUMMARY_LIMIT = 20
NEWS_SUMMARY_LIMIT = 10
# Products, news and governance pages live two levels below their cooperative:
# cooperative / section (product list, news, governance) / page.
_SECTION_PATH_LENGTH = 2 * Page.steplen
# Listings load only what they show: compiling and loading the ~40 columns of a page costs
# more than the queries themselves.
PRODUCT_COLUMNS = (
    "id",
    "title",
    "slug",
    "path",
    "url_path",
    "price",
    "unit",
    "category",
    "available",
    "description",
    "first_published_at",
    "last_published_at",
)
REGION_COLUMNS = ("code", "name", "level")
REGION_LEVELS = ("province", "regency", "district", "village")


def private_pages_q() -> Q:
    """Live pages that are not public (below an unpublished page, or restricted: the one rule of
    ``cooperative_pages.visibility``), in one query; ``.exclude()`` it from every queryset of a response."""
    return not_public_q()


def _renditions(specs: dict[str, str]):
    from wagtail.images import get_image_model

    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs.values())


def _changed_since(object_type: str, since: datetime | None) -> Q:
    if since is None:
        return Q()
    return Q(pk__in=Change.objects.filter(object_type=object_type, at__gte=since).values("object_id"))


def _cooperative_lookups(filters: dict) -> dict:
    lookups = {f"{level}_id": filters[level] for level in REGION_LEVELS if filters.get(level)}
    if filters.get("cooperative"):
        lookups["pk"] = filters["cooperative"]
    return lookups


# ---------------------------------------------------------------- cooperatives


def cooperative_list(*, filters: dict, private: Q | None = None) -> QuerySet[CooperativePage]:
    """Live public cooperatives with regions, business units and logo renditions: 3 queries
    for the rows whatever their number (plus the page-restriction lookup and the count)."""
    queryset = (
        CooperativePage.objects.live()
        .exclude(private_pages_q() if private is None else private)
        .filter(_changed_since("cooperative", filters.get("updated_since")), **_cooperative_lookups(filters))
        .select_related("province", "regency", "district", "village", "logo")
        .prefetch_related(
            Prefetch("business_units", queryset=BusinessUnit.objects.order_by("sort_order", "name")),
            Prefetch("logo__renditions", queryset=_renditions(LOGO_RENDITIONS), to_attr="prefetched_renditions"),
        )
        .order_by("title", "pk")
    )
    if filters.get("business_unit"):
        queryset = queryset.filter(business_units__slug=filters["business_unit"])
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"])
    extra = {key: filters[key] for key in ("active", "readiness_min") if filters.get(key) is not None}
    if extra:
        for hook_fn in hooks.get_hooks("filter_cooperative_directory"):
            queryset = hook_fn(queryset, **extra)
    return queryset


def cooperative_detail(*, pk: int, private: Q) -> CooperativePage | None:
    return cooperative_list(filters={}, private=private).filter(pk=pk).first()


def attach_readiness(cooperatives: list) -> list:
    """``activity`` (readiness, active) of each cooperative, from the app that keeps it (the
    dashboard's ``cooperative_api_readiness`` hook: two queries); ``None`` without one."""
    found: dict[int, dict] = {}
    for hook_fn in hooks.get_hooks("cooperative_api_readiness"):
        found.update(hook_fn(cooperatives=cooperatives))
    for cooperative in cooperatives:
        cooperative.activity_summary = found.get(cooperative.pk)
    return cooperatives


def cooperative_summaries(*, cooperative: CooperativePage, private: Q) -> dict:
    """The latest products and news and every governance document of one cooperative."""
    products = (
        ProductPage.objects.descendant_of(cooperative)
        .live()
        .exclude(private)
        .select_related("business_unit")
        .defer_streamfields()
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
            .prefetch_related(governance_documents())
        ),
    }


# ---------------------------------------------------------------- products, news, governance


def _in_cooperatives(queryset: QuerySet, filters: dict) -> QuerySet:
    """Pages whose cooperative (two levels up) is live and matches the region/cooperative filters."""
    cooperative_path = Substr(OuterRef("path"), 1, Greatest(Length(OuterRef("path")) - _SECTION_PATH_LENGTH, 0))
    # Greatest(): PostgreSQL may evaluate the length before the row filter and refuses a negative one.
    return queryset.filter(
        Exists(CooperativePage.objects.live().filter(path=cooperative_path, **_cooperative_lookups(filters)))
    )


def product_list(*, filters: dict, private: Q) -> QuerySet:
    """Live public products as rows (dicts) with business unit and first photo id; the
    cooperatives and photos are attached per page of results by :func:`attach_product_relations`.
    Rows, not pages: building a page instance costs more than the query that loads it."""
    first_image = ProductPageImage.objects.filter(page_id=OuterRef("pk")).order_by("sort_order", "pk")
    queryset = (
        ProductPage.objects.live()
        .exclude(private)
        .filter(_changed_since("product", filters.get("updated_since")))
        .annotate(first_image_id=Subquery(first_image.values("image_id")[:1]))
        .order_by("pk")
    )
    queryset = _in_cooperatives(queryset, filters)
    if filters.get("business_unit"):
        queryset = queryset.filter(business_unit__slug=filters["business_unit"])
    if filters.get("category"):
        queryset = queryset.filter(category=filters["category"])
    if filters.get("available") is not None:
        queryset = queryset.filter(available=filters["available"])
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"])
    return queryset.values(*PRODUCT_COLUMNS, "business_unit__slug", "business_unit__name", "first_image_id")


def news_list(*, filters: dict, private: Q) -> QuerySet[NewsPage]:
    queryset = (
        NewsPage.objects.live()
        .exclude(private)
        .filter(_changed_since("news", filters.get("updated_since")))
        .defer_streamfields()
        .order_by("pk")
    )
    if filters.get("year"):
        queryset = queryset.filter(date__year=filters["year"])
    return _in_cooperatives(queryset, filters)


def governance_list(*, filters: dict, private: Q) -> QuerySet[GovernancePage]:
    queryset = (
        GovernancePage.objects.live()
        .exclude(private)
        .filter(_changed_since("governance", filters.get("updated_since")))
        .prefetch_related(governance_documents())
        .order_by("pk")
    )
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("year"):
        queryset = queryset.filter(year=filters["year"])
    return _in_cooperatives(queryset, filters)


def _region(row: dict, level: str) -> SimpleNamespace | None:
    if row[f"{level}__code"] is None:
        return None
    return SimpleNamespace(**{field: row[f"{level}__{field}"] for field in REGION_COLUMNS})


def _cooperatives_by_path(paths: set[str]) -> dict[str, SimpleNamespace]:
    region_columns = [f"{level}__{field}" for level in ("province", "regency") for field in REGION_COLUMNS]
    return {
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


def attach_cooperatives(pages: list) -> list:
    """Each page's ``cooperative`` (with its province and regency): one query."""
    cooperatives = _cooperatives_by_path({_path(page)[:-_SECTION_PATH_LENGTH] for page in pages})
    for page in pages:
        cooperative = cooperatives.get(_path(page)[:-_SECTION_PATH_LENGTH])
        if isinstance(page, dict):
            page["cooperative"] = cooperative
        else:
            page.cooperative = cooperative
    return pages


def _path(page) -> str:
    return page["path"] if isinstance(page, dict) else page.path


def attach_product_relations(rows: Iterable[dict]) -> list[SimpleNamespace]:
    """The products of one page of :func:`product_list`, each with its ``cooperative`` (and
    its regions), ``business_unit`` and ``image`` (renditions prefetched): three queries for
    any number of products (more only while some renditions are still being made)."""
    rows = attach_cooperatives(list(rows))
    images = images_with_renditions(
        {row["first_image_id"] for row in rows if row["first_image_id"]}, specs=PHOTO_RENDITIONS
    )
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
                cooperative=row["cooperative"],
                image=images.get(row["first_image_id"]),
            )
        )
    return products


def product_detail(*, pk: int, private: Q) -> SimpleNamespace | None:
    row = product_list(filters={}, private=private).filter(pk=pk).first()
    if row is None:
        return None
    product = attach_product_relations([row])[0]
    gallery = list(
        ProductPageImage.objects.filter(page_id=pk).order_by("sort_order", "pk").values("image_id", "caption")
    )
    images = images_with_renditions({item["image_id"] for item in gallery}, specs=PHOTO_RENDITIONS)
    product.images = [(images[item["image_id"]], item["caption"]) for item in gallery if item["image_id"] in images]
    product.tags = list(
        ProductPage.tags.through.objects.filter(content_object_id=pk).values_list("tag__name", flat=True)
    )
    return product


def news_detail(*, pk: int, private: Q) -> NewsPage | None:
    news = NewsPage.objects.live().exclude(private).filter(pk=pk)
    page = _in_cooperatives(news, {}).first()
    if page is not None:
        attach_cooperatives([page])
    return page


def governance_detail(*, pk: int, private: Q) -> GovernancePage | None:
    page = governance_list(filters={}, private=private).filter(pk=pk).first()
    if page is not None:
        attach_cooperatives([page])
    return page
