"""Reads of the publishing workflow for the admin homes: what an officer submitted and
what became of it, and the rows a facilitator reviews (cooperative, region, photo,
price, what changed against the live version). Each costs a fixed number of queries
however many submissions there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.compare import FieldComparison
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, TaskState, WorkflowState

from .models import CooperativePage, ProductPage
from .rupiah import format_rupiah
from .tenancy import paths_q

THUMBNAIL_SPEC = "fill-160x120|format-webp"


@dataclass
class Submission:
    """One page of an officer's cooperative as it stands in the workflow."""

    page_id: int
    title: str
    kind: str  # the page type's name
    status: str  # WorkflowState.STATUS_*
    since: datetime
    decided_at: datetime | None = None
    decided_by: str = ""
    comment: str = ""


def _page_ids_as_text(queryset: QuerySet[Page]):
    # WorkflowState.object_id is text; compare it with page ids cast to text.
    return queryset.annotate(text_id=Cast("id", CharField())).values("text_id")


def submissions_for_cooperative(*, cooperative: CooperativePage, limit: int = 10) -> list[Submission]:
    """The latest workflow state of the ``limit`` most recently submitted pages of the cooperative (two queries)."""
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=_page_ids_as_text(Page.objects.filter(paths_q(paths=[cooperative.path]))),
        )
        .exclude(status=WorkflowState.STATUS_CANCELLED)
        .select_related("current_task_state__finished_by")
        .order_by("-created_at", "-pk")[: limit * 3]
    )
    latest: dict[int, WorkflowState] = {}
    for state in states:
        latest.setdefault(int(state.object_id), state)
        if len(latest) == limit:
            break
    pages = Page.objects.filter(pk__in=latest).only("id", "title", "draft_title", "content_type_id").in_bulk()
    rows = []
    for page_id, state in latest.items():
        page = pages.get(page_id)
        if page is None:
            continue
        task_state = state.current_task_state
        decided = state.status != WorkflowState.STATUS_IN_PROGRESS and task_state is not None
        rows.append(
            Submission(
                page_id=page_id,
                title=page.get_admin_display_title(),
                kind=str(page.specific_class._meta.verbose_name) if page.specific_class else "",
                status=state.status,
                since=state.created_at,
                decided_at=task_state.finished_at if decided else None,
                decided_by=display_name(task_state.finished_by) if decided else "",
                comment=(task_state.comment or "") if decided else "",
            )
        )
    return rows


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass
class ReviewRow:
    """What a facilitator needs to decide on one submission without opening it."""

    task_state: TaskState
    page: Page
    cooperative: CooperativePage | None
    kind: str
    price: int | None = None
    available: bool | None = None
    thumbnail: object = None  # a rendition
    is_new: bool = True  # never published
    changes: list[Change] = field(default_factory=list)


def review_rows(*, task_states: list[TaskState], request) -> list[ReviewRow]:
    """Rows for task states fetched with ``revision`` and its page (a fixed number of queries)."""
    reviewed = {state.pk: revision_object(state.revision) for state in task_states if state.revision}
    pages = {state.pk: state.revision.content_object for state in task_states if state.revision}
    cooperatives = _cooperatives_containing([page.path for page in pages.values()])
    live = _live_objects([page for page in pages.values() if page.live_revision_id])
    thumbnails = _first_photos(reviewed)
    rows = []
    for state in task_states:
        if state.pk not in reviewed:
            continue
        page, revised = pages[state.pk], reviewed[state.pk]
        before = live.get(page.live_revision_id)
        rows.append(
            ReviewRow(
                task_state=state,
                page=page,
                cooperative=next((c for path, c in cooperatives.items() if page.path.startswith(path)), None),
                kind=str(type(revised)._meta.verbose_name),
                price=getattr(revised, "price", None),
                available=getattr(revised, "available", None),
                thumbnail=thumbnails.get(state.pk),
                is_new=before is None,
                changes=page_changes(before=before, after=revised, request=request) if before else [],
            )
        )
    return rows


@dataclass(frozen=True)
class Change:
    """A field that differs between two versions of a page; ``before``/``after`` are shown for
    plain values (name, price, stock, unit, category), only the label for photos, documents,
    rich text and other relations."""

    label: str
    before: str = ""
    after: str = ""


def page_changes(*, before: Page, after: Page, request) -> list[Change]:
    """What differs between two versions of a page, by Wagtail's revision comparison (the
    panels' comparison classes, as the compare view uses them)."""
    comparisons = after.get_edit_handler().get_bound_panel(instance=after, request=request, form=None).get_comparison()
    changes = []
    for comparison_class in comparisons:
        comparison = comparison_class(before, after)
        if comparison.has_changed():
            changes.append(_change(comparison))
    return changes


def changed_fields(*, before: Page, after: Page, request) -> list[str]:
    """Labels of the fields that differ between two versions of a page."""
    return [change.label for change in page_changes(before=before, after=after, request=request)]


def _change(comparison) -> Change:
    label = str(comparison.field_label())
    field = getattr(comparison, "field", None)
    if not isinstance(comparison, FieldComparison) or not isinstance(field, models.Field) or field.is_relation:
        return Change(label)
    return Change(label, _shown(field, comparison.val_a), _shown(field, comparison.val_b))


def _shown(field: models.Field, value) -> str:
    if value in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if field.name == "price":
        return format_rupiah(value)
    text = str(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


def _cooperatives_containing(paths: list[str]) -> dict[str, CooperativePage]:
    """The cooperatives whose trees contain ``paths``, by their own path (one query)."""
    step = Page.steplen
    ancestors = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    return {
        cooperative.path: cooperative
        for cooperative in CooperativePage.objects.filter(path__in=ancestors)
        .select_related("village", "regency")
        .only("id", "path", "title", "draft_title", "village__name", "regency__name", "url_path")
    }


def _live_objects(pages: list[Page]) -> dict[int, Page]:
    revisions = Revision.objects.filter(pk__in=[page.live_revision_id for page in pages])
    return {revision.pk: revision_object(revision) for revision in revisions}


def revision_object(revision: Revision) -> Page:
    """The page as saved in ``revision``, for display and comparison only, without a query.

    ``Revision.as_object()`` checks that every related object still exists, finds the page's
    parent and reloads its comments: about six queries per revision, which a list of
    submissions multiplied. What a list shows and compares (fields, photo and category ids,
    child rows) is all in the revision's content."""
    model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
    obj = model.from_serializable_data(revision.content, check_fks=False)
    obj.pk = obj.id = int(revision.object_id)
    return obj


def _first_photos(objects: dict[int, Page]) -> dict[int, object]:
    """Renditions of the first photo of each product in ``objects`` (same keys), in two queries."""
    first: dict[int, int] = {}
    for key, obj in objects.items():
        if isinstance(obj, ProductPage):
            images = [item.image_id for item in obj.gallery_images.all() if item.image_id]
            if images:
                first[key] = images[0]
    images = get_image_model().objects.filter(pk__in=set(first.values())).prefetch_renditions(THUMBNAIL_SPEC)
    by_id = {image.pk: image.get_rendition(THUMBNAIL_SPEC) for image in images}
    return {key: by_id.get(image_id) for key, image_id in first.items()}


def requested_changes(*, page: Page) -> TaskState | None:
    """The facilitator's request for changes on ``page`` while it waits for the officers (comment, who, when)."""
    state = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            status=WorkflowState.STATUS_NEEDS_CHANGES,
        )
        .select_related("current_task_state__finished_by")
        .first()
    )
    return state.current_task_state if state else None
