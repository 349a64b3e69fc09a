"""Writes to the marketplace index: called by the publish/unpublish/move/delete
signals, the drift repair and the rebuild command.

The database entries are written synchronously, in the transaction that
published the page, so the database index cannot drift. A search engine, when
configured, is then brought up to date from those entries by a task (see
``tasks.py``), which logs and retries failures; ``search_drift --repair`` fixes
whatever a failed task left behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from django.db import transaction
from wagtail.models import Page

from cooperative_pages.models import CooperativePage

from .documents import ENTRY_UPDATE_FIELDS, entries_for, product_queryset
from .models import MarketplaceEntry

BATCH_SIZE = 500
# Products of cooperatives being deleted, by cooperative id: their own per-page
# signals are ignored until the deletion finishes with one engine update.
_deleting: ContextVar[dict[int, frozenset[int]] | None] = ContextVar("kmp_search_deleting", default=None)


@transaction.atomic
def index_products(*, page_ids: Iterable[int], sync_engine: bool = True) -> int:
    """Recompute the entries of these product pages: write the eligible ones, drop the rest.

    Returns how many entries were written.
    """
    page_ids = sorted(set(page_ids))
    written = 0
    for start in range(0, len(page_ids), BATCH_SIZE):
        batch = page_ids[start : start + BATCH_SIZE]
        entries = entries_for(product_queryset().filter(pk__in=batch))
        if entries:
            MarketplaceEntry.objects.bulk_create(
                entries, update_conflicts=True, unique_fields=["page"], update_fields=ENTRY_UPDATE_FIELDS
            )
        keep = {entry.page_id for entry in entries}
        MarketplaceEntry.objects.filter(page_id__in=set(batch) - keep).delete()
        written += len(entries)
    if sync_engine and page_ids:
        _enqueue_engine_sync(page_ids)
    return written


@transaction.atomic
def index_cooperative(*, cooperative: Page, sync_engine: bool = True) -> int:
    """Recompute every product entry of a cooperative (published, unpublished, moved or renamed)."""
    product_ids = set(product_queryset().descendant_of(cooperative).values_list("pk", flat=True))
    stale_ids = set(MarketplaceEntry.objects.filter(cooperative_id=cooperative.pk).values_list("page_id", flat=True))
    return index_products(page_ids=product_ids | stale_ids, sync_engine=sync_engine)


def index_subtree(*, page: Page, sync_engine: bool = True) -> int:
    """Recompute the entries of every product at or below ``page`` (e.g. a moved regency)."""
    product_ids = set(product_queryset().descendant_of(page, inclusive=True).values_list("pk", flat=True))
    cooperative_ids = CooperativePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    stale_ids = set(
        MarketplaceEntry.objects.filter(cooperative_id__in=list(cooperative_ids)).values_list("page_id", flat=True)
    )
    return index_products(page_ids=product_ids | stale_ids, sync_engine=sync_engine)


def remove_products(*, page_ids: Iterable[int], sync_engine: bool = True) -> None:
    page_ids = sorted(set(page_ids))
    MarketplaceEntry.objects.filter(page_id__in=page_ids).delete()
    if sync_engine and page_ids:
        _enqueue_engine_sync(page_ids)


def begin_cooperative_deletion(*, cooperative: Page) -> None:
    """Drop every entry of a cooperative about to be deleted, in one statement.

    Until ``finish_cooperative_deletion``, the unpublish/delete signals of its
    products (one per product) are no-ops: see ``is_being_deleted``.
    """
    page_ids = set(MarketplaceEntry.objects.filter(cooperative_id=cooperative.pk).values_list("page_id", flat=True))
    page_ids |= set(product_queryset().descendant_of(cooperative).values_list("pk", flat=True))
    MarketplaceEntry.objects.filter(page_id__in=page_ids).delete()
    _deleting.set({**(_deleting.get() or {}), cooperative.pk: frozenset(page_ids)})


def finish_cooperative_deletion(*, cooperative: Page, sync_engine: bool = True) -> None:
    """Tell the engine about a deleted cooperative's products: one bulk delete."""
    deleting = dict(_deleting.get() or {})
    page_ids = deleting.pop(cooperative.pk, frozenset())
    _deleting.set(deleting)
    if sync_engine and page_ids:
        _enqueue_engine_sync(sorted(page_ids))


def is_being_deleted(page_id: int) -> bool:
    """Whether this page is a cooperative, or a product of one, whose deletion is under way."""
    deleting = _deleting.get() or {}
    return page_id in deleting or any(page_id in page_ids for page_ids in deleting.values())


def _enqueue_engine_sync(page_ids: list[int]) -> None:
    from . import backends
    from .tasks import engine_sync

    if backends.engine_configured():
        engine_sync.enqueue(page_ids)
