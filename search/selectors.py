"""The marketplace's one search interface: views and the API call these, never a backend."""

from __future__ import annotations

import logging
from dataclasses import replace

from wagtail.images import get_image_model

from cooperative_pages import whatsapp
from cooperative_pages.models import ProductCategory

from . import backends, labels
from .models import MarketplaceEntry
from .query import MAX_RESULT_WINDOW, ProductQuery, ProductResult, SearchHits, SearchResults

logger = logging.getLogger(__name__)

CARD_IMAGE_SPEC = "fill-480x360|format-webp|webpquality-70"
AUTOCOMPLETE_LIMIT = 10


def product_search(
    *, query: ProductQuery, image_spec: str = CARD_IMAGE_SPEC, extra_image_specs: tuple[str, ...] = ()
) -> SearchResults:
    """One page of live products for ``query``, with facet counts.

    Asks the configured engine, or the database when none is configured; when the
    engine fails, answers from the database and marks the results ``degraded``.
    Runs a fixed number of database queries whatever the page size. Each result's ``image``
    has the renditions of ``image_spec`` and ``extra_image_specs`` prefetched.
    """
    if query.offset + query.page_size > MAX_RESULT_WINDOW:
        # Past the deepest reachable result (the engines refuse to page there): the count and
        # facets, and an empty page, as for any page past the last one.
        results = product_search(query=replace(query, page=1, page_size=1), image_spec=image_spec)
        return replace(results, query=query, results=[])
    hits, backend_name, degraded = _hits(query)
    return SearchResults(
        query=query,
        count=hits.count,
        results=_hydrate(hits.ids, image_specs=(image_spec, *extra_image_specs)),
        facets=labels.label_facets(hits.facets),
        backend=backend_name,
        degraded=degraded,
    )


def product_autocomplete(*, text: str, limit: int = AUTOCOMPLETE_LIMIT) -> tuple[list[str], bool]:
    """Product titles whose words start with what was typed; and whether the answer is degraded."""
    engine = backends.engine_backend()
    if engine is not None:
        try:
            return engine.autocomplete(text, limit=limit), False
        except backends.SearchBackendUnavailable as error:
            logger.warning("Search engine unavailable, autocomplete from the database: %s", error)
            return backends.database_backend().autocomplete(text, limit=limit), True
    return backends.database_backend().autocomplete(text, limit=limit), False


def _hits(query: ProductQuery) -> tuple[SearchHits, str, bool]:
    engine = backends.engine_backend()
    if engine is not None:
        try:
            return engine.search(query), engine.name, False
        except backends.SearchBackendUnavailable as error:
            logger.warning("Search engine unavailable, searching the database: %s", error)
            database = backends.database_backend()
            return database.search(query), database.name, True
    database = backends.database_backend()
    return database.search(query), database.name, False


def _hydrate(ids: list[int], *, image_specs: tuple[str, ...]) -> list[ProductResult]:
    """Result rows for ``ids`` in that order: one query for the entries, two for images and renditions."""
    if not ids:
        return []
    entries = MarketplaceEntry.objects.in_bulk(ids)
    image_ids = {entry.image_id for entry in entries.values() if entry.image_id}
    images = {}
    if image_ids:
        queryset = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*image_specs)
        images = {image.pk: image for image in queryset}
    category_names = dict(ProductCategory.choices)
    results = []
    for page_id in ids:
        entry = entries.get(page_id)
        if entry is None:  # the engine is a moment behind a deletion
            continue
        image = images.get(entry.image_id)
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
                image_url=image.get_rendition(image_specs[0]).url if image else "",
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
