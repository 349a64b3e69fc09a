"""Reads for the public microsite pages: every listing is N+1-free and runs a
fixed number of queries however many items it returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

from .api.images import PHOTO_RENDITIONS
from .models import (
    BusinessUnit,
    CooperativePage,
    GovernanceDocument,
    GovernancePage,
    NewsPage,
    ProductPage,
    ProductPageImage,
)
from .seo import OG_IMAGE_SPEC
from .visibility import not_public_q, public_pages

# Cards: 240 px wide for small screens at 1x, 480 px for phones at 2-3x (srcset picks).
CARD_IMAGE_SPECS = "fill-{240x180,480x360}|format-webp|webpquality-70"
# A product page's photos: as wide as the screen, at the device's pixel ratio.
PRODUCT_PHOTO_SPECS = "max-{480x480,800x800,1200x1200}|format-webp|webpquality-75"
# Every size of a product photo that anonymous visitors or API clients get (cards, the product page,
# the API's renditions, the link preview): made in the background after an upload
# (cooperative_pages.tasks), so no first visitor waits for them.
PUBLIC_IMAGE_SPECS = tuple(
    dict.fromkeys(
        [
            *Filter.expand_spec(CARD_IMAGE_SPECS),
            *Filter.expand_spec(PRODUCT_PHOTO_SPECS),
            *PHOTO_RENDITIONS.values(),
            OG_IMAGE_SPEC,
        ]
    )
)


@dataclass(frozen=True)
class Photo:
    """What an ``<img srcset>`` needs, read from renditions already loaded (templates print it)."""

    src: str
    srcset: str
    width: int
    height: int


def photo(image, spec: str) -> Photo | None:
    """``image`` in the sizes of ``spec`` (``{}`` sets expand): prefetched renditions are used,
    missing ones are created. Sizes that come out equal (a small original) are listed once."""
    if image is None:
        return None
    by_width = {}
    for rendition in image.get_renditions(*Filter.expand_spec(spec)).values():
        by_width.setdefault(rendition.width, rendition)
    renditions = [by_width[width] for width in sorted(by_width)]
    largest = renditions[-1]
    return Photo(
        src=largest.url,
        srcset=", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions),
        width=largest.width,
        height=largest.height,
    )


def attach_card_images(products: Iterable[ProductPage], *, filter_spec: str = CARD_IMAGE_SPECS) -> None:
    """Set ``card_image`` (first photo, renditions prefetched) and ``card_photo`` (its ``Photo``)
    on each product in three queries."""
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
            .prefetch_renditions(*Filter.expand_spec(filter_spec))
        }
    for product in products:
        product.card_image = images.get(first_image_ids.get(product.pk))
        product.card_photo = photo(product.card_image, filter_spec)


def product_list_for_section(*, section: Page) -> list[ProductPage]:
    products = list(public_pages(ProductPage.objects.child_of(section)).defer_streamfields().order_by("title"))
    attach_card_images(products)
    return products


def product_gallery(*, product: ProductPage, filter_specs: Iterable[str] = (PRODUCT_PHOTO_SPECS,)) -> list:
    """The product's photos with the renditions of ``filter_specs`` (``{}`` sets expand) prefetched."""
    specs = [spec for group in filter_specs for spec in Filter.expand_spec(group)]
    return list(
        product.gallery_images.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(*specs))
        )
    )


def news_list_for_section(*, section: Page) -> QuerySet[NewsPage]:
    return public_pages(NewsPage.objects.child_of(section)).defer_streamfields().order_by("-date", "-pk")


def governance_documents() -> Prefetch:
    """A governance page's files in their order, with their documents (the microsite and the API)."""
    return Prefetch("documents", queryset=GovernanceDocument.objects.select_related("document").order_by("sort_order"))


def governance_list_for_section(*, section: Page) -> QuerySet[GovernancePage]:
    return (
        public_pages(GovernancePage.objects.child_of(section))
        .order_by("kind", "-year")
        .prefetch_related(governance_documents())
    )


def cooperative_profile_context(
    *, cooperative: CooperativePage, sections: list[Page], product_limit: int = 8, news_limit: int = 3
) -> dict:
    """Everything the cooperative home page shows, in a fixed number of queries.

    ``sections``: the cooperative's public section pages (``public.page_identity`` reads them)."""
    hidden = not_public_q()
    products = list(
        ProductPage.objects.descendant_of(cooperative)
        .live()
        .exclude(hidden)
        .order_by("-first_published_at")[:product_limit]
    )
    attach_card_images(products)
    by_model = {page.specific_class._meta.model_name: page for page in sections if page.specific_class}
    logo = cooperative_logo(cooperative=cooperative)
    return {
        "logo": logo,
        "logo_photo": photo(logo, LOGO_SPECS[0]),
        "business_units": list(BusinessUnit.objects.filter(cooperatives=cooperative)),
        "products": products,
        "news": list(
            NewsPage.objects.descendant_of(cooperative)
            .live()
            .exclude(hidden)
            .defer_streamfields()
            .order_by("-date")[:news_limit]
        ),
        "governance": list(
            GovernancePage.objects.descendant_of(cooperative).live().exclude(hidden).order_by("kind", "-year")
        ),
        "product_index": by_model.get("productindexpage"),
        "news_index": by_model.get("newsindexpage"),
        "governance_index": by_model.get("governanceindexpage"),
    }


LOGO_SPECS = ("fill-{64x64,128x128}", "max-600x600")


def cooperative_logo(*, cooperative: CooperativePage):
    """The cooperative's logo with its page renditions prefetched (two queries; none without a logo)."""
    if not cooperative.logo_id:
        return None
    specs = [spec for group in LOGO_SPECS for spec in Filter.expand_spec(group)]
    return get_image_model().objects.filter(pk=cooperative.logo_id).prefetch_renditions(*specs).first()


def region_page_children(*, page: Page, model: type[Page] = Page) -> QuerySet[Page]:
    """The public children of the portal or a region page, as ``model`` (by title)."""
    return public_pages(model.objects.child_of(page)).order_by("title")


NEWS_IMAGE_SPECS = "max-{480x480,800x800,1200x1200}|format-webp|webpquality-75"


def news_body(*, news: NewsPage, images: list) -> list[tuple]:
    """The news body as ``(block, Photo or None)`` pairs: image blocks come with their photo in
    screen sizes (``images``: ``news_body_images``), so the template renders them without a query."""
    images = iter(images)
    return [
        (block, photo(next(images), NEWS_IMAGE_SPECS) if block.block_type == "image" and block.value else None)
        for block in news.body
    ]


def news_body_images(*, news: NewsPage) -> list:
    """The images of a news body, in order, with their page and Open Graph renditions
    attached (one query for the images, one for the renditions)."""
    from .seo import OG_IMAGE_SPEC

    images = [block.value for block in news.body if block.block_type == "image" and block.value]
    if images:
        specs = [*Filter.expand_spec(NEWS_IMAGE_SPECS), OG_IMAGE_SPEC]
        renditions: dict[int, list] = {image.pk: [] for image in images}
        for rendition in (
            get_image_model().get_rendition_model().objects.filter(image_id__in=renditions, filter_spec__in=specs)
        ):
            renditions[rendition.image_id].append(rendition)
        for image in images:
            image.prefetched_renditions = renditions[image.pk]
    return images
