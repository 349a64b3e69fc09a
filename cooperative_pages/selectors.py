"""Reads for the public microsite pages: every listing is N+1-free and runs a
fixed number of queries however many items it returns."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.models import Page

from .models import (
    BusinessUnit,
    CooperativePage,
    GovernanceDocument,
    GovernancePage,
    NewsPage,
    ProductPage,
    ProductPageImage,
)

CARD_IMAGE_SPEC = "fill-480x360|format-webp|webpquality-70"
GALLERY_IMAGE_SPEC = "max-960x720|format-webp"
# What public pages show of a product photo: made in the background after an upload (cooperative_pages.tasks).
PUBLIC_IMAGE_SPECS = (CARD_IMAGE_SPEC, GALLERY_IMAGE_SPEC)


def attach_card_images(products: Iterable[ProductPage], *, filter_spec: str = CARD_IMAGE_SPEC) -> None:
    """Set ``card_image`` (first photo, renditions prefetched) on each product in three queries."""
    products = list(products)
    first_image_ids: dict[int, int] = {}
    rows = (
        ProductPageImage.objects.filter(page_id__in=[p.pk for p in products])
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "image_id")
    )
    for page_id, image_id in rows:
        first_image_ids.setdefault(page_id, image_id)
    images = {}
    if first_image_ids:
        images = {
            image.pk: image
            for image in get_image_model()
            .objects.filter(pk__in=set(first_image_ids.values()))
            .prefetch_renditions(filter_spec)
        }
    for product in products:
        product.card_image = images.get(first_image_ids.get(product.pk))


def product_list_for_section(*, section: Page) -> list[ProductPage]:
    products = list(ProductPage.objects.child_of(section).live().public().defer_streamfields().order_by("title"))
    attach_card_images(products)
    return products


def product_gallery(*, product: ProductPage, filter_spec: str = GALLERY_IMAGE_SPEC) -> list:
    """The product's photos with their renditions prefetched."""
    return list(
        product.gallery_images.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(filter_spec))
        )
    )


def news_list_for_section(*, section: Page) -> QuerySet[NewsPage]:
    return NewsPage.objects.child_of(section).live().public().defer_streamfields().order_by("-date", "-pk")


def governance_list_for_section(*, section: Page) -> QuerySet[GovernancePage]:
    return (
        GovernancePage.objects.child_of(section)
        .live()
        .public()
        .order_by("kind", "-year")
        .prefetch_related(Prefetch("documents", queryset=GovernanceDocument.objects.select_related("document")))
    )


def cooperative_profile_context(*, cooperative: CooperativePage, product_limit: int = 8, news_limit: int = 3) -> dict:
    """Everything the cooperative home page shows, in a fixed number of queries."""
    sections = {page.content_type_id: page for page in Page.objects.child_of(cooperative).live()}
    products = list(
        ProductPage.objects.descendant_of(cooperative).live().public().order_by("-first_published_at")[:product_limit]
    )
    attach_card_images(products)
    by_model = {page.specific_class._meta.model_name: page for page in sections.values() if page.specific_class}
    return {
        "business_units": list(BusinessUnit.objects.filter(cooperatives=cooperative)),
        "products": products,
        "news": list(
            NewsPage.objects.descendant_of(cooperative)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-date")[:news_limit]
        ),
        "governance": list(GovernancePage.objects.descendant_of(cooperative).live().public().order_by("kind", "-year")),
        "product_index": by_model.get("productindexpage"),
        "news_index": by_model.get("newsindexpage"),
        "governance_index": by_model.get("governanceindexpage"),
    }


def region_page_children(*, page: Page) -> QuerySet[Page]:
    return page.get_children().live().public().order_by("title")
