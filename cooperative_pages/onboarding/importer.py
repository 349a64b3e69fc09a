"""Importing the national registry: new rows are created in bulk, changed rows are
updated through Wagtail's revisions, unchanged rows are left alone.

Work is done in batches (one regency, at most ``batch_size`` cooperatives), each
in its own transaction: an import killed at any moment leaves whole batches only,
and running it again continues where it stopped (rows are matched by registry ID).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from ..models import CooperativePage
from ..services import cooperative_collection_root
from .bulk import cooperatives_bulk_create, region_pages_bulk_ensure, search_title_norms_refresh
from .registry import REGISTRY_FIELDS, RegistryRow, RowError


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)


def registry_import(
    *,
    rows: Sequence[RegistryRow],
    dry_run: bool = False,
    batch_size: int = 1000,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Create or update one cooperative per valid registry row; see the module docstring."""
    progress = progress or (lambda count: None)
    summary = ImportSummary()
    new_rows, changed = _classify_rows(rows, summary=summary)
    progress(summary.unchanged + len(summary.errors))
    summary.rejected = len(summary.errors)
    if dry_run:
        summary.created, summary.updated = len(new_rows), len(changed)
        return summary
    summary.created = _create_new(new_rows, batch_size=batch_size, user=user, progress=progress)
    summary.updated = _update_changed(changed, user=user, progress=progress)
    # The bulk inserts send no page signals: apps that keep per-cooperative summaries
    # (the dashboard's activity rows) bring them up to date here, once per import.
    for hook_fn in hooks.get_hooks("after_registry_import"):
        hook_fn(summary=summary)
    return summary


def _classify_rows(rows: Sequence[RegistryRow], *, summary: ImportSummary) -> tuple[list, list]:
    """``(new rows, changed rows)``; unchanged rows and attempted moves are counted in ``summary``."""
    existing = _existing_registry_data(row.registry_id for row in rows)
    new_rows, changed = [], []
    for row in rows:
        current = existing.get(row.registry_id)
        if current is None:
            new_rows.append(row)
        elif current == row.cooperative_values():
            summary.unchanged += 1
        elif current["village_id"][:5] != row.regency_code:
            summary.errors.append(
                RowError(
                    row.line,
                    "village_code",
                    _("the cooperative lies in regency %(regency)s; the import does not move cooperatives")
                    % {"regency": current["village_id"][:5]},
                    row.village_code,
                )
            )
        else:
            changed.append(row)
    return new_rows, changed


def _create_new(rows: list[RegistryRow], *, batch_size: int, user, progress: Callable[[int], None]) -> int:
    """Bulk-create the new rows' microsites, one transaction per batch of one regency's rows."""
    collection_root = cooperative_collection_root()
    # The province and regency pages the new rows need, in one bulk step up front (one
    # transaction: a killed import leaves all of them or none).
    with transaction.atomic():
        regency_pages = region_pages_bulk_ensure(regency_codes={row.regency_code for row in rows}, user=user)
    created = 0
    for batch in _batches_by_regency(rows, batch_size=batch_size):
        with transaction.atomic():
            groups = [(regency_pages[group[0].regency_code], group) for group in batch]
            cooperatives_bulk_create(groups=groups, collection_root=collection_root, user=user)
        count = sum(len(group) for group in batch)
        created += count
        progress(count)
    if created:
        search_title_norms_refresh()
    return created


def _update_changed(rows: list[RegistryRow], *, user, progress: Callable[[int], None]) -> int:
    """Apply the changed rows through revisions, 100 per transaction."""
    for start in range(0, len(rows), 100):
        batch = rows[start : start + 100]
        with transaction.atomic():
            for row in batch:
                cooperative_registry_update(row=row, user=user)
        progress(len(batch))
    return len(rows)


def _batches_by_regency(rows: list[RegistryRow], *, batch_size: int) -> Iterator[list[list[RegistryRow]]]:
    """Rows grouped by regency (file order within one), packed into batches of about ``batch_size`` rows."""
    rows = sorted(rows, key=lambda row: (row.regency_code, row.line))
    batch: list[list[RegistryRow]] = []
    size = 0
    for _regency_code, group in groupby(rows, key=lambda row: row.regency_code):
        group = list(group)
        for start in range(0, len(group), batch_size):
            part = group[start : start + batch_size]
            if size and size + len(part) > batch_size:
                yield batch
                batch, size = [], 0
            batch.append(part)
            size += len(part)
    if batch:
        yield batch


def cooperative_registry_update(*, row: RegistryRow, user=None) -> CooperativePage:
    """Apply a changed registry row through a new published revision.

    Only registry fields change: the officer's profile, sections and content stay.
    An officer's pending draft is kept as the latest revision, with the registry
    change applied to it too, so approving it later does not undo the update.
    """
    cooperative = CooperativePage.objects.select_for_update().get(registry_id=row.registry_id)
    draft = cooperative.get_latest_revision_as_object() if cooperative.has_unpublished_changes else None
    _apply_row(cooperative, row)
    revision = cooperative.save_revision(user=user, log_action=True)
    if cooperative.live:
        revision.publish(user=user, skip_permission_checks=True)
    if draft is not None:
        cooperative.refresh_from_db()
        _apply_row(draft, row)
        draft.latest_revision = cooperative.latest_revision
        draft.save_revision(user=user, log_action=True)
    return cooperative


def _apply_row(cooperative: CooperativePage, row: RegistryRow) -> None:
    for name, value in row.cooperative_values().items():
        setattr(cooperative, name, value)
    cooperative.draft_title = row.name


def _existing_registry_data(registry_ids: Iterable[str]) -> dict[str, dict]:
    """The registry fields of the cooperatives already on the platform, by registry ID."""
    registry_ids = list(registry_ids)
    existing = {}
    for start in range(0, len(registry_ids), 5000):
        for values in CooperativePage.objects.filter(registry_id__in=registry_ids[start : start + 5000]).values(
            *REGISTRY_FIELDS
        ):
            existing[values["registry_id"]] = values
    return existing
