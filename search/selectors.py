"""The marketplace's one search interface: views and the API call these, never a backend."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from django.db.models import Count
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from cooperative_pages import whatsapp
from cooperative_pages.models import ProductCategory
from cooperative_pages.selectors import CARD_IMAGE_SPECS, photo

from . import backends, labels, recall
from .models import MarketplaceEntry
from .query import MAX_RESULT_WINDOW, FacetBucket, ProductQuery, ProductResult, Recall, SearchResults

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Card photos in two sizes (``image_srcset``); ``image_url`` is the largest: the cards' one spec.
CARD_IMAGE_SPEC = CARD_IMAGE_SPECS
AUTOCOMPLETE_LIMIT = 10


def product_search(
    *, query: ProductQuery, image_spec: str = CARD_IMAGE_SPEC, extra_image_specs: tuple[str, ...] = ()
) -> SearchResults:
    """One page of live products for ``query``, with facet counts.

    Asks the configured engine, or the database when none is configured; when the
    engine fails, answers from the database and marks the results ``degraded``.
    When the words as typed find nothing, the results are those of ``recall.search``
    (corrected spelling, fewer words, any word) and say so in ``recall``.
    Runs a fixed number of database queries whatever the page size. Each result's ``image``
    has the renditions of ``image_spec`` and ``extra_image_specs`` prefetched.
    """
    if query.offset + query.page_size > MAX_RESULT_WINDOW:
        # Past the deepest reachable result (the engines refuse to page there): the count and
        # facets, and an empty page, as for any page past the last one.
        results = product_search(query=replace(query, page=1, page_size=1), image_spec=image_spec)
        return replace(results, query=query, results=[])
    (hits, found_for), backend_name, degraded = _answer(lambda backend: recall.search(backend, query))
    return SearchResults(
        query=query,
        count=hits.count,
        results=_hydrate(hits.ids, image_spec=image_spec, extra_image_specs=extra_image_specs),
        facets=labels.label_facets(hits.facets),
        backend=backend_name,
        degraded=degraded,
        recall=found_for,
    )


def product_autocomplete(*, text: str, limit: int = AUTOCOMPLETE_LIMIT) -> tuple[list[str], Recall | None, bool]:
    """Product titles whose words start with what was typed (or with its corrected words: ``recall``);
    and whether the answer is degraded."""
    (titles, found_for), _name, degraded = _answer(lambda backend: recall.autocomplete(backend, text, limit=limit))
    return titles, found_for, degraded


def category_counts() -> list[FacetBucket]:
    """Every category with live products, most products first, named (a page without results
    offers them): one grouped count over the index's category column."""
    names = dict(ProductCategory.choices)
    rows = MarketplaceEntry.objects.values_list("category").annotate(products=Count("pk"))
    return [
        FacetBucket(key=key, label=str(names.get(key, key)), count=count)
        for key, count in sorted(rows, key=lambda row: (-row[1], row[0]))
    ]


def product_results(*, ids: list[int], image_spec: str = CARD_IMAGE_SPEC) -> list[ProductResult]:
    """Result cards for these product pages, in that order (three queries); a product that is not
    in the marketplace (draft, private, unpublished cooperative) is left out."""
    return _hydrate(list(ids), image_spec=image_spec, extra_image_specs=())


def product_counts_by_cooperative(*, cooperative_ids: list[int], available: bool | None = None) -> dict[int, int]:
    """How many products (``available``: in stock or not) each of these cooperatives has in the
    marketplace (one grouped count)."""
    entries = MarketplaceEntry.objects.filter(cooperative_id__in=cooperative_ids)
    if available is not None:
        entries = entries.filter(available=available)
    rows = entries.values("cooperative_id").annotate(n=Count("*")).order_by()
    return {row["cooperative_id"]: row["n"] for row in rows}


def _answer(ask: Callable[[backends.SearchBackend], T]) -> tuple[T, str, bool]:
    """``ask`` of the engine, or of the database when there is none or it fails (then degraded)."""
    engine = backends.engine_backend()
    if engine is not None:
        try:
            return ask(engine), engine.name, False
        except backends.SearchBackendUnavailable as error:
            logger.warning("Search engine unavailable, answering from the database: %s", error)
            database = backends.database_backend()
            return ask(database), database.name, True
    database = backends.database_backend()
    return ask(database), database.name, False


def _hydrate(ids: list[int], *, image_spec: str, extra_image_specs: tuple[str, ...]) -> list[ProductResult]:
    """Result rows for ``ids`` in that order: one query for the entries, two for images and renditions."""
    if not ids:
        return []
    entries = MarketplaceEntry.objects.in_bulk(ids)
    image_ids = {entry.image_id for entry in entries.values() if entry.image_id}
    images = {}
    if image_ids:
        queryset = (
            get_image_model()
            .objects.filter(pk__in=image_ids)
            .prefetch_renditions(*Filter.expand_spec(image_spec), *extra_image_specs)
        )
        images = {image.pk: image for image in queryset}
    category_names = dict(ProductCategory.choices)
    results = []
    for page_id in ids:
        entry = entries.get(page_id)
        if entry is None:  # the engine is a moment behind a deletion
            continue
        image = images.get(entry.image_id)
        card = photo(image, image_spec)
        results.append(
            ProductResult(
                id=entry.page_id,
                title=entry.title,
                url=entry.url,
                price=entry.price,
                unit=entry.unit,
                category=entry.category,
                category_name=str(category_names.get(entry.category, entry.category)),
                business_unit=entry.business_unit_slug,
                business_unit_name=entry.business_unit_name,
                available=entry.available,
                image_url=card.src if card else "",
                image_srcset=card.srcset if card else "",
                image=image,
                cooperative_id=entry.cooperative_id,
                cooperative_name=entry.cooperative_title,
                cooperative_url=entry.cooperative_url,
                whatsapp_url=whatsapp.chat_url(
                    phone=entry.cooperative_phone,
                    text=whatsapp.order_message(product=entry.title, cooperative=entry.cooperative_title),
                ),
                province_code=entry.province_code,
                province_name=entry.province_name,
                regency_code=entry.regency_code,
                regency_name=entry.regency_name,
                published_at=entry.first_published_at,
            )
        )
    return results
