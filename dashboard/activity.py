"""Computing ``CooperativeActivity`` rows from the pages, the workflow and the audit log.

One function serves both the signal handlers (a few cooperatives, filtered by tree
path) and ``rebuild_activity`` (every cooperative, a fixed number of table-wide
queries), so the live figures and a rebuild always agree.

Rules:
- *approved publication*: a ``wagtail.publish`` audit entry made by a user on a page of the
  cooperative's tree (the regional workflow's approval publishes as the approving
  facilitator). Publishes without a user — registry import, demo seeding — are not
  activity of the cooperative.
- *microsite account*: at least one active officer membership with ``activated_at`` set,
  whose user is active.
- *pending approvals*: in-progress workflow states on pages of the tree; their age is
  measured from the oldest one's start.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Max, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, WorkflowState

from cooperative_pages.models import CooperativePage, GovernanceKind, GovernancePage, OfficerMembership, ProductPage
from cooperative_pages.tenancy import paths_q

from . import readiness
from .models import CooperativeActivity, CooperativeVerification

PUBLISH_ACTION = "wagtail.publish"
# Marks, beside the governance kinds a cooperative has, an annual meeting report recent enough.
_RECENT_ANNUAL_MEETING = "recent-rat"
# Above this many cooperatives one table-wide query beats a long OR of path prefixes.
_SCOPED_LIMIT = 200
_COOPERATIVE_FIELDS = (
    "id",
    "path",
    "province_id",
    "regency_id",
    "district_id",
    "legal_entity_number",
    "description",
    "address",
    "phone",
    "chair_name",
    "member_count",
)
_UPDATE_FIELDS = [
    "province",
    "regency",
    "district",
    "last_approved_publication_at",
    "has_activated_officer",
    "pending_approvals",
    "oldest_pending_since",
    "readiness_score",
    *readiness.FLAG_FIELDS,
    "refreshed_at",
]


def profile_is_complete(row: dict) -> bool:
    return all(row[name] for name in ("description", "address", "phone", "chair_name", "member_count"))


class _Trees:
    """The cooperatives being computed: which one's tree holds a page path, and a filter
    for their trees (none when ``scoped`` is off: the queries then read whole tables)."""

    def __init__(self, cooperatives: list[dict], *, scoped: bool):
        self.by_path = {row["path"]: row for row in cooperatives}
        self.lengths = sorted({len(path) for path in self.by_path})
        self.ids = [row["id"] for row in cooperatives]
        self.scoped = scoped

    def owner(self, path: str) -> int | None:
        """The id of the cooperative whose tree contains ``path``."""
        for length in self.lengths:
            row = self.by_path.get(path[:length])
            if row is not None:
                return row["id"]
        return None

    def q(self, field: str) -> Q:
        return paths_q(paths=list(self.by_path), field=field) if self.scoped else Q()


def compute_activity(cooperatives: list[dict], *, scoped: bool, now: datetime) -> list[CooperativeActivity]:
    """Unsaved activity rows for ``cooperatives`` (dicts of ``_COOPERATIVE_FIELDS``).

    ``scoped`` restricts every query to these cooperatives' trees; otherwise the
    queries read whole tables (for a rebuild of every cooperative).
    """
    trees = _Trees(cooperatives, scoped=scoped)
    evidence = _Evidence(
        last_publication=_last_publications(trees),
        periods=_publication_periods(trees, now=now),
        pending=_pending_since(trees),
        governance=_governance_documents(trees, today=timezone.localdate(now)),
        with_products=_with_products(trees),
        with_account=_with_account(trees),
        verified=_verified(trees),
    )
    return [evidence.activity(row) for row in cooperatives]


@dataclass(frozen=True)
class _Evidence:
    """What the queries found, by cooperative id."""

    last_publication: dict[int, datetime]
    periods: dict[int, set[int]]
    pending: dict[int, list[datetime]]
    governance: dict[int, set[str]]
    with_products: set[int]
    with_account: set[int]
    verified: set[int]

    def activity(self, row: dict) -> CooperativeActivity:
        pk = row["id"]
        flags = self.readiness_flags(row)
        started = self.pending.get(pk, [])
        return CooperativeActivity(
            cooperative_id=pk,
            province_id=row["province_id"],
            regency_id=row["regency_id"],
            district_id=row["district_id"],
            last_approved_publication_at=self.last_publication.get(pk),
            has_activated_officer=pk in self.with_account,
            pending_approvals=len(started),
            oldest_pending_since=min(started) if started else None,
            readiness_score=readiness.score(flags),
            **flags,
        )

    def readiness_flags(self, row: dict) -> dict[str, bool]:
        pk = row["id"]
        documents = self.governance.get(pk, set())
        return {
            "profile_complete": profile_is_complete(row),
            "has_legal_entity_number": bool(row["legal_entity_number"].strip()),
            "has_board": GovernanceKind.BOARD in documents,
            "has_articles": GovernanceKind.ARTICLES in documents,
            "has_recent_annual_meeting": _RECENT_ANNUAL_MEETING in documents,
            "has_financial_statement": GovernanceKind.FINANCIAL_STATEMENT in documents,
            "has_products": pk in self.with_products,
            "updates_regularly": len(self.periods.get(pk, ())) >= readiness.REGULAR_UPDATE_MIN_PERIODS,
            "facilitator_verified": pk in self.verified,
        }


def _approved_publications(trees: _Trees):
    return PageLogEntry.objects.filter(trees.q("page__path"), action=PUBLISH_ACTION, user__isnull=False)


def _last_publications(trees: _Trees) -> dict[int, datetime]:
    last_publication: dict[int, datetime] = {}
    for path, last in (
        _approved_publications(trees)
        .values_list("page__path")
        .annotate(last=Max("timestamp"))
        .values_list("page__path", "last")
    ):
        owner = trees.owner(path)
        if owner and (owner not in last_publication or last > last_publication[owner]):
            last_publication[owner] = last
    return last_publication


def _publication_periods(trees: _Trees, *, now: datetime) -> dict[int, set[int]]:
    """The 30-day periods (``_period``) with an approved publication, within the regular-update window."""
    periods: dict[int, set[int]] = defaultdict(set)
    window_start = now - timedelta(days=readiness.PERIOD_DAYS * readiness.REGULAR_UPDATE_PERIODS)
    for path, timestamp in (
        _approved_publications(trees).filter(timestamp__gt=window_start).values_list("page__path", "timestamp")
    ):
        owner = trees.owner(path)
        if owner:
            periods[owner].add(_period(now, timestamp))
    return periods


def _pending_since(trees: _Trees) -> dict[int, list[datetime]]:
    """When each in-progress workflow on a page of the trees started."""
    pending: dict[int, list[datetime]] = defaultdict(list)
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
    )
    if trees.scoped:
        tree_ids = Page.objects.filter(trees.q("path")).annotate(text_id=Cast("id", CharField())).values("text_id")
        states = states.filter(object_id__in=tree_ids)
    state_rows = list(states.values_list("object_id", "created_at"))
    if not state_rows:
        return pending
    page_paths = dict(
        Page.objects.filter(id__in={int(object_id) for object_id, _ in state_rows}).values_list("id", "path")
    )
    for object_id, created_at in state_rows:
        owner = trees.owner(page_paths.get(int(object_id), ""))
        if owner:
            pending[owner].append(created_at)
    return pending


def _governance_documents(trees: _Trees, *, today: date) -> dict[int, set[str]]:
    """The ``GovernanceKind`` of each live governance page, plus ``_RECENT_ANNUAL_MEETING``
    for an annual meeting report (RAT) dated within the readiness limit."""
    governance: dict[int, set[str]] = defaultdict(set)
    rat_cutoff = today - timedelta(days=readiness.ANNUAL_MEETING_MAX_AGE_DAYS)
    for path, kind, document_date, first_published_at in (
        GovernancePage.objects.live().filter(trees.q("path")).values_list("path", "kind", "date", "first_published_at")
    ):
        owner = trees.owner(path)
        if owner is None:
            continue
        governance[owner].add(kind)
        if kind == GovernanceKind.ANNUAL_MEETING:
            dated = document_date or (first_published_at and timezone.localdate(first_published_at))
            if dated and dated >= rat_cutoff:
                governance[owner].add(_RECENT_ANNUAL_MEETING)
    return governance


def _with_products(trees: _Trees) -> set[int]:
    paths = ProductPage.objects.live().filter(trees.q("path")).values_list("path", flat=True)
    return {owner for owner in map(trees.owner, paths) if owner}


def _with_account(trees: _Trees) -> set[int]:
    memberships = OfficerMembership.objects.filter(is_active=True, activated_at__isnull=False, user__is_active=True)
    if trees.scoped:
        memberships = memberships.filter(cooperative_id__in=trees.ids)
    return set(memberships.values_list("cooperative_id", flat=True).distinct())


def _verified(trees: _Trees) -> set[int]:
    verifications = CooperativeVerification.objects.all()
    if trees.scoped:
        verifications = verifications.filter(cooperative_id__in=trees.ids)
    return set(verifications.values_list("cooperative_id", flat=True))


def _period(now: datetime, timestamp: datetime) -> int:
    """Which 30-day period before ``now`` (0 = the last 30 days) ``timestamp`` falls in."""
    return max(0, (now - timestamp).days // readiness.PERIOD_DAYS)


def _save(rows: list[CooperativeActivity]) -> None:
    from .selectors import figures_changed

    CooperativeActivity.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["cooperative"], update_fields=_UPDATE_FIELDS, batch_size=500
    )
    figures_changed()


@transaction.atomic
def activity_refresh(*, cooperative_ids: Iterable[int], now: datetime | None = None) -> int:
    """Recompute the activity rows of a few cooperatives (signal handlers, services)."""
    ids = sorted(set(cooperative_ids))
    now = now or timezone.now()
    done = 0
    for start in range(0, len(ids), _SCOPED_LIMIT):
        batch = ids[start : start + _SCOPED_LIMIT]
        chunk = list(CooperativePage.objects.filter(id__in=batch).values(*_COOPERATIVE_FIELDS))
        if chunk:
            _save(compute_activity(chunk, scoped=True, now=now))
        done += len(chunk)
    return done


@transaction.atomic
def activity_rebuild(*, now: datetime | None = None) -> int:
    """Recompute every cooperative's activity row with a fixed number of table-wide queries."""
    now = now or timezone.now()
    cooperatives = list(CooperativePage.objects.order_by("id").values(*_COOPERATIVE_FIELDS))
    rows = compute_activity(cooperatives, scoped=False, now=now)
    CooperativeActivity.objects.exclude(cooperative_id__in=CooperativePage.objects.values("id")).delete()
    _save(rows)
    return len(rows)
