"""The change feed (``/api/changes/``): every time a cooperative, product, news or governance
page becomes public, changes while public, or stops being public (unpublished, made
private, deleted), in commit order, so a mirror replaying it stays exact.

Publishing, unpublishing, moving or restricting a page changes what its descendants look
like (their cooperative, region, URL) or whether they are public at all: the whole subtree
is re-examined and one entry written per object whose public state or content changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from ..models import CooperativePage, GovernancePage, NewsPage, ProductPage
from ..visibility import connect_restriction_changed, hidden_path_prefixes
from .models import REMOVALS, Change, ChangeAction

OBJECT_MODELS = {"cooperative": CooperativePage, "product": ProductPage, "news": NewsPage, "governance": GovernancePage}
# Any constant: PostgreSQL's transaction-level advisory lock serialising the feed's writers.
_FEED_LOCK = 0x4B4D5043
_CHUNK = 500
# Sent (inside the writing transaction) when entries are appended: what anonymous clients see of
# the API changed. A host's cache of API answers drops them at commit (cluster.signal_handlers).
feed_appended = Signal()


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def object_types() -> dict[int, str]:
    """Content type id -> object type (Django caches the content types)."""
    return {ContentType.objects.get_for_model(model).pk: name for name, model in OBJECT_MODELS.items()}


def changes_write(events: Iterable[tuple[str, int, str]]) -> int:
    """Append ``(object_type, object_id, action)`` entries in this transaction."""
    events = list(events)
    if not events:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Until this transaction commits, no other one appends: ids follow commit order.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_FEED_LOCK])
        now = timezone.now()
        Change.objects.bulk_create(
            [Change(object_type=kind, object_id=pk, action=action, at=now) for kind, pk, action in events],
            batch_size=1000,
        )
        feed_appended.send(sender=Change, count=len(events))
    return len(events)


def last_actions(object_ids: Iterable[int]) -> dict[int, str]:
    """The latest feed action of each object that has one."""
    result = {}
    for chunk in _chunks(sorted(set(object_ids))):
        latest = Change.objects.filter(object_id__in=chunk).values("object_id").annotate(last=Max("id")).values("last")
        result.update(Change.objects.filter(id__in=latest).values_list("object_id", "action"))
    return result


class HiddenTree:
    """The one public-page rule (``cooperative_pages.visibility``) for many pages in Python:
    a live page is public unless it lies at or below one of the hidden prefixes (unpublished
    pages with children, restricted pages), tested one ancestor at a time against a set."""

    def __init__(self):
        self.hidden = set(hidden_path_prefixes())
        self.restricted = set(PageViewRestriction.objects.values_list("page__path", flat=True))

    @staticmethod
    def _prefixes(path: str, start: int = 0):
        return (path[:end] for end in range(start + Page.steplen, len(path) + 1, Page.steplen))

    def is_public(self, path: str, *, live: bool = True, public_ancestor: str = "") -> bool:
        """``public_ancestor``: the path of an ancestor already known to be public (its own
        ancestors are not tested again)."""
        if not live or not self.hidden:
            return live
        return not any(prefix in self.hidden for prefix in self._prefixes(path, len(public_ancestor)))

    def removal(self, path: str) -> str:
        """Why a page that is not public is not: made private, or unpublished (it or above)."""
        restricted = any(prefix in self.restricted for prefix in self._prefixes(path))
        return ChangeAction.PRIVATE if restricted else ChangeAction.UNPUBLISHED


def _public_state(pages: list[dict], tree: HiddenTree) -> dict[int, str | None]:
    """For each page: ``None`` when public, else the removal it amounts to."""
    return {
        page["id"]: None if tree.is_public(page["path"], live=page["live"]) else tree.removal(page["path"])
        for page in pages
    }


def _actions(states: dict[int, str | None], previous: dict[int, str]) -> dict[int, str]:
    """The entry each object needs: appeared, changed while public, or went away."""
    actions = {}
    for pk, removal in states.items():
        before = previous.get(pk)
        if removal is None:
            actions[pk] = ChangeAction.CREATED if before is None or before in REMOVALS else ChangeAction.UPDATED
        elif before is None or before not in REMOVALS:
            actions[pk] = removal
    return actions


def changes_record_subtree(*, root: Page) -> int:
    """Entries for ``root`` and every object below it, from their state now."""
    types = object_types()
    objects = list(
        Page.objects.filter(path__startswith=root.path, content_type_id__in=types).values(
            "id", "path", "live", "content_type_id"
        )
    )
    if not objects:
        return 0
    states = _public_state(objects, HiddenTree())
    actions = _actions(states, last_actions(states))
    kind = {page["id"]: types[page["content_type_id"]] for page in objects}
    paths = [page["path"] for page in objects if page["id"] in actions and kind[page["id"]] != "cooperative"]
    events = [(kind[pk], pk, action) for pk, action in actions.items()]
    return changes_write(events + _cooperatives_showing(paths, skip=set(actions)))


def _cooperatives_showing(paths: list[str], *, skip: set[int]) -> list[tuple[str, int, str]]:
    """A cooperative's detail lists its latest products and news and its governance pages:
    an ``updated`` entry for the public cooperatives of pages that changed."""
    cooperative_paths = {path[: -2 * Page.steplen] for path in paths}
    if not cooperative_paths:
        return []
    ids = set(CooperativePage.objects.filter(path__in=cooperative_paths).values_list("pk", flat=True)) - skip
    return [
        ("cooperative", pk, ChangeAction.UPDATED) for pk, action in last_actions(ids).items() if action not in REMOVALS
    ]


def changes_record_deleted(*, object_type: str, object_ids: Iterable[int]) -> int:
    return changes_write((object_type, pk, ChangeAction.DELETED) for pk in object_ids)


def changes_record_created(*, pages: Iterable[Page]) -> int:
    """New public pages written without signals (the registry's bulk import)."""
    types = object_types()
    return changes_write(
        (types[page.content_type_id], page.pk, ChangeAction.CREATED)
        for page in pages
        if page.content_type_id in types and page.live
    )


def changes_record_updated(*, object_type: str, object_ids: Iterable[int]) -> int:
    """Objects whose content changed outside their pages (a cooperative's readiness):
    an entry for those the feed shows as public."""
    previous = last_actions(object_ids)
    return changes_write(
        (object_type, pk, ChangeAction.UPDATED) for pk, action in previous.items() if action not in REMOVALS
    )


def changes_after(*, cursor: int, limit: int) -> list[Change]:
    return list(Change.objects.filter(id__gt=cursor).order_by("id")[:limit])


# ---------------------------------------------------------------- signal handlers


def _is_object(page: Page) -> bool:
    return isinstance(page, tuple(OBJECT_MODELS.values()))


def remember_container_state(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` of pages that hold objects (portal, regions, sections): whether they were
    live and where, so republishing one unchanged does not re-examine a whole province."""
    if raw or not isinstance(instance, Page) or _is_object(instance) or not instance.pk:
        return
    instance._kmp_before = Page.objects.filter(pk=instance.pk).values_list("live", "url_path").first()


def page_published(sender, instance, **kwargs) -> None:
    if not _is_object(instance):
        before = getattr(instance, "_kmp_before", None)
        if before is not None and before == (True, instance.url_path):
            return
    changes_record_subtree(root=instance)


def page_changed(sender, instance, **kwargs) -> None:
    """Unpublished or moved: the page and everything below it."""
    page = instance if isinstance(instance, Page) else None
    if page is not None and Page.objects.filter(pk=page.pk).exists():
        changes_record_subtree(root=Page.objects.get(pk=page.pk))


def restriction_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        changes_record_subtree(root=page)


def object_deleted(sender, instance, **kwargs) -> None:
    kind = next(name for name, model in OBJECT_MODELS.items() if isinstance(instance, model))
    changes_record_deleted(object_type=kind, object_ids=[instance.pk])
    if kind != "cooperative":
        changes_write(_cooperatives_showing([instance.path], skip=set()))


def cooperatives_bulk_created(*, cooperatives) -> None:
    """``after_cooperatives_bulk_create`` hook of the registry import."""
    changes_record_created(pages=cooperatives)


def cooperative_activity_changed(*, cooperative_ids) -> None:
    """``after_cooperative_activity_change`` hook of the dashboard: readiness or activity moved."""
    changes_record_updated(object_type="cooperative", object_ids=cooperative_ids)


def register() -> None:
    from django.db.models.signals import post_delete, pre_save
    from wagtail.signals import page_published as published_signal
    from wagtail.signals import page_unpublished, post_page_move

    pre_save.connect(remember_container_state, dispatch_uid="kmp_api_changes_pre_save")
    published_signal.connect(page_published, dispatch_uid="kmp_api_changes_published")
    page_unpublished.connect(page_changed, dispatch_uid="kmp_api_changes_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="kmp_api_changes_moved")
    connect_restriction_changed(restriction_changed, dispatch_uid="kmp_api_changes_r")
    for name, model in OBJECT_MODELS.items():
        post_delete.connect(object_deleted, sender=model, dispatch_uid=f"kmp_api_changes_deleted_{name}")
