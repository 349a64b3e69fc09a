"""Turning product pages into marketplace entries (the denormalised index rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from wagtail.models import Page

from cooperative_pages.models import CooperativePage, ProductPage, ProductPageImage
from cooperative_pages.visibility import hidden_path_prefixes, path_is_public

from . import stemming
from .models import MarketplaceEntry

# Wagtail's tree: product -> product index page -> cooperative (one path step each).
_STEP = Page.steplen


def _cooperative_path(product_path: str) -> str:
    return product_path[: -2 * _STEP]


def product_queryset() -> QuerySet[ProductPage]:
    return ProductPage.objects.select_related("business_unit").prefetch_related("tags").defer_streamfields()


def entries_for(products: Iterable[ProductPage]) -> list[MarketplaceEntry]:
    """Entries for those of ``products`` that belong in the marketplace: public (live, every
    ancestor live, no view restriction: ``cooperative_pages.visibility``). Runs a fixed number of
    queries for any number of products."""
    products = [p for p in products if p.live]
    if not products:
        return []
    cooperatives = {
        c.path: c
        for c in CooperativePage.objects.filter(path__in={_cooperative_path(p.path) for p in products}, live=True)
        .select_related("province", "regency")
        .only("path", "title", "url_path", "phone", "province__name", "regency__name", "live")
    }
    hidden = hidden_path_prefixes()
    first_images: dict[int, int] = {}
    for page_id, image_id in (
        ProductPageImage.objects.filter(page_id__in=[p.pk for p in products])
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "image_id")
    ):
        first_images.setdefault(page_id, image_id)
    entries = []
    for product in products:
        cooperative = cooperatives.get(_cooperative_path(product.path))
        if cooperative is None or not path_is_public(product.path, hidden):
            continue
        entries.append(_entry(product, cooperative, first_images.get(product.pk)))
    return entries


def _entry(product: ProductPage, cooperative: CooperativePage, image_id: int | None) -> MarketplaceEntry:
    tags = " ".join(sorted(tag.name for tag in product.tags.all()))
    business_unit = product.business_unit
    province_name = cooperative.province.name if cooperative.province else ""
    regency_name = cooperative.regency.name if cooperative.regency else ""
    body = " ".join([product.description, tags, product.category, regency_name, province_name])
    return MarketplaceEntry(
        page_id=product.pk,
        title=product.title,
        description=product.description,
        url=product.get_url() or "",
        price=product.price,
        unit=product.unit,
        category=product.category,
        business_unit_slug=business_unit.slug if business_unit else "",
        business_unit_name=business_unit.name if business_unit else "",
        available=product.available,
        tags=tags,
        province_code=cooperative.province_id or "",
        province_name=province_name,
        regency_code=cooperative.regency_id or "",
        regency_name=regency_name,
        cooperative_id=cooperative.pk,
        cooperative_title=cooperative.title,
        cooperative_url=cooperative.get_url() or "",
        cooperative_phone=cooperative.phone,
        image_id=image_id,
        first_published_at=product.first_published_at,
        search_title=stemming.stem_text(product.title),
        search_body=stemming.stem_text(body),
        search_prefix=" ".join(stemming.tokens(product.title)),
    )


ENTRY_UPDATE_FIELDS = [f.name for f in MarketplaceEntry._meta.concrete_fields if not f.primary_key]
