"""Lists of cooperatives: the drill-down, the directory filter, the bank CSV and the
facilitator console (a fixed number of queries each)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from cooperative_pages.models import CooperativePage, ProvincePage, RegencyPage, RegionLevel
from cooperative_pages.page_urls import PageUrlBuilder
from cooperative_pages.tenancy import facilitated_q

from .. import readiness
from ..evidence import GOVERNANCE_EVIDENCE, evidence_pages
from ..models import CooperativeActivity
from .scope import Scope, active_cutoff, active_q


def cooperative_rows(*, scope: Scope, now: datetime | None = None) -> QuerySet[CooperativeActivity]:
    """The cooperatives of a scope with their activity, for the drill-down list (two queries per page)."""
    return (
        CooperativeActivity.objects.filter(scope.filter())
        .select_related("cooperative", "district")
        .only(
            "cooperative__title",
            "cooperative__url_path",
            "cooperative__registry_id",
            "cooperative__village_id",
            "district__name",
            "last_approved_publication_at",
            "has_activated_officer",
            "pending_approvals",
            "oldest_pending_since",
            "readiness_score",
        )
        .order_by("district_id", "cooperative__title", "pk")
    )


def cooperatives_filter(
    queryset: QuerySet[CooperativePage],
    *,
    active: bool | None = None,
    readiness_min: int | None = None,
    now: datetime | None = None,
) -> QuerySet[CooperativePage]:
    """Filter a ``CooperativePage`` queryset by activity and minimum readiness score.

    For the directory API (``/api/cooperatives/?active=true&readiness_min=70``): a join on
    the one-row-per-cooperative summary, no extra query.
    """
    if active is True:
        queryset = queryset.filter(active_q(now, prefix="activity__"))
    elif active is False:
        queryset = queryset.exclude(active_q(now, prefix="activity__"))
    if readiness_min is not None:
        queryset = queryset.filter(activity__readiness_score__gte=readiness_min)
    return queryset


def readiness_for(*, cooperative_id: int) -> dict:
    """Score and checklist of one cooperative, for its public page (one query)."""
    activity = CooperativeActivity.objects.filter(cooperative_id=cooperative_id).first()
    return {
        "score": activity.readiness_score if activity else 0,
        "ready": bool(activity and activity.readiness_score >= readiness.ready_score()),
        "checklist": readiness.checklist(activity),
        "active": bool(
            activity
            and activity.last_approved_publication_at
            and activity.last_approved_publication_at >= active_cutoff()
        ),
        "last_approved_publication_at": activity.last_approved_publication_at if activity else None,
    }


_EVIDENCE_FIELDS = tuple(GOVERNANCE_EVIDENCE)


def bank_rows(*, scope: Scope, request) -> Iterator[list]:
    """CSV rows of the scope's ready cooperatives with links to their evidence (four queries)."""
    ready = list(
        CooperativeActivity.objects.filter(scope.filter(), readiness_score__gte=readiness.ready_score())
        .select_related("cooperative", "province", "regency", "cooperative__verification")
        .order_by("regency_id", "cooperative__title", "pk")
    )
    region_page = (RegencyPage if scope.level == RegionLevel.REGENCY else ProvincePage).objects.filter(
        region_id=scope.code
    )
    region_path = region_page.values_list("path", flat=True).first()
    url = PageUrlBuilder(request=request)
    evidence: dict[tuple[str, str], str] = {}
    products: dict[str, str] = {}
    if ready and region_path:
        evidence, products = evidence_pages(
            pages_q=Q(path__startswith=region_path), cooperative_length=len(ready[0].cooperative.path), url=url
        )
    cutoff = active_cutoff()
    for row in ready:
        cooperative = row.cooperative
        verification = getattr(cooperative, "verification", None)
        yield [
            cooperative.registry_id,
            cooperative.title,
            cooperative.legal_entity_number,
            row.province.name if row.province else "",
            row.regency.name if row.regency else "",
            cooperative.village_id,
            row.readiness_score,
            int(bool(row.last_approved_publication_at and row.last_approved_publication_at >= cutoff)),
            row.last_approved_publication_at.isoformat() if row.last_approved_publication_at else "",
            url(cooperative.url_path),
            *[evidence.get((cooperative.path, GOVERNANCE_EVIDENCE[field]), "") for field in _EVIDENCE_FIELDS],
            products.get(cooperative.path, "") if row.has_products else "",
            verification.verified_at.isoformat() if verification else "",
        ]


CONSOLE_VIEWS = ("pending", "stale", "gaps")


def console_rows(*, user, show: str, now: datetime | None = None) -> tuple[QuerySet[CooperativeActivity], dict]:
    """The facilitator console's list (``pending``, ``stale`` or ``gaps``) and the count of each list."""
    facilitated = facilitated_q(user=user)
    if facilitated is None:
        return CooperativeActivity.objects.none(), dict.fromkeys(CONSOLE_VIEWS, 0)
    now = now or timezone.now()
    filters = {
        "pending": Q(pending_approvals__gt=0),
        "stale": ~active_q(now),
        "gaps": Q(readiness_score__lt=readiness.ready_score()),
    }
    mine = CooperativeActivity.objects.filter(facilitated)
    counts = mine.aggregate(**{name: Count("pk", filter=condition) for name, condition in filters.items()})
    order = {
        "pending": ["oldest_pending_since", "pk"],
        "stale": [F("last_approved_publication_at").asc(nulls_first=True), "pk"],
        "gaps": ["readiness_score", "pk"],
    }[show]
    rows = (
        mine.filter(filters[show])
        .select_related("cooperative", "district", "cooperative__verification")
        .order_by(*order)
    )
    return rows, counts
