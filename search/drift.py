"""Finding and repairing differences between the pages, the database index and the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from cooperative_pages.models import CooperativePage, ProductPage
from cooperative_pages.visibility import hidden_path_prefixes, path_is_public

from . import backends, indexing
from .documents import _cooperative_path
from .models import MarketplaceEntry


@dataclass
class Drift:
    """Page ids that are missing from an index, that it holds but should not, or that it holds out of date."""

    missing: set[int] = field(default_factory=set)
    extra: set[int] = field(default_factory=set)
    stale: set[int] = field(default_factory=set)

    @property
    def page_ids(self) -> set[int]:
        return self.missing | self.extra | self.stale

    def __bool__(self) -> bool:
        return bool(self.page_ids)


def expected_products() -> dict[int, object]:
    """``{page_id: last change}`` of every product that belongs in the marketplace."""
    cooperatives = dict(CooperativePage.objects.filter(live=True).values_list("path", "last_published_at"))
    hidden = hidden_path_prefixes()
    expected = {}
    for page_id, path, published in ProductPage.objects.filter(live=True).values_list(
        "pk", "path", "last_published_at"
    ):
        cooperative_path = _cooperative_path(path)
        if cooperative_path not in cooperatives or not path_is_public(path, hidden):
            continue
        changes = [moment for moment in (published, cooperatives[cooperative_path]) if moment]
        expected[page_id] = max(changes) if changes else None
    return expected


def database_drift() -> Drift:
    expected = expected_products()
    indexed = dict(MarketplaceEntry.objects.values_list("page_id", "indexed_at"))
    stale = {
        page_id
        for page_id, changed in expected.items()
        if page_id in indexed and changed is not None and indexed[page_id] < changed
    }
    return Drift(missing=set(expected) - set(indexed), extra=set(indexed) - set(expected), stale=stale)


def engine_drift() -> Drift | None:
    """Differences between the database entries and the engine; ``None`` without an engine."""
    engine = backends.engine_backend()
    if engine is None:
        return None
    engine.ensure_index()
    in_engine = engine.indexed_versions()
    in_database = {
        page_id: indexed_at.isoformat()
        for page_id, indexed_at in MarketplaceEntry.objects.values_list("page_id", "indexed_at")
    }
    stale = {
        page_id for page_id, version in in_database.items() if page_id in in_engine and in_engine[page_id] != version
    }
    return Drift(missing=set(in_database) - set(in_engine), extra=set(in_engine) - set(in_database), stale=stale)


def repair_database(drift: Drift) -> int:
    return indexing.index_products(page_ids=drift.page_ids, sync_engine=True)


def repair_engine(drift: Drift) -> int:
    engine = backends.engine_backend()
    if engine is None or not drift:
        return 0
    ids = sorted(drift.page_ids)
    for start in range(0, len(ids), indexing.BATCH_SIZE):
        engine.sync(page_ids=ids[start : start + indexing.BATCH_SIZE])
    return len(ids)
