"""National and regional figures: GROUP BY aggregates over ``CooperativeActivity``, a
fixed number of queries however many cooperatives exist, cached under a version key."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, QuerySet, Sum
from django.utils import timezone

from cooperative_pages import conf
from cooperative_pages.models import CooperativePage, Region, RegionLevel

from .. import readiness
from ..models import ActivitySnapshot, AgencyApplication, AgencyStatus, CooperativeActivity
from .scope import NATIONAL, Scope, UnknownRegion, active_cutoff, active_q, scope_resolve


def _band_key(score: int) -> str | None:
    for low, high in readiness.BANDS:
        if low <= score <= high:
            return f"band_{low}"
    return None


def _region_rows(activities: QuerySet[CooperativeActivity], *, key: str, now: datetime) -> dict[str | None, dict]:
    """Raw figures per child region code (``key``), in three grouped queries.

    Each query reads one narrow index instead of evaluating a dozen conditional aggregates
    on every row: counts per (region, account, score), then the active and the pending
    cooperatives alone, which the other two indexes find without visiting the rest.
    ``COUNT(*)``, not ``COUNT(pk)``: the primary key is not in PostgreSQL's indexes, and
    counting it turned the index-only scan into a table scan (3× slower).
    """
    rows: dict[str | None, dict] = {}
    ready = readiness.ready_score()

    def row_of(code: str | None) -> dict:
        if code not in rows:
            rows[code] = {"registered": 0, "with_account": 0, "ready": 0, "active": 0}
        return rows[code]

    # At most 2 × 101 rows per region (scores are whole points, in practice multiples of 5).
    for group in activities.values(key, "has_activated_officer", "readiness_score").annotate(n=Count("*")).order_by():
        row, n, score = row_of(group[key]), group["n"], group["readiness_score"]
        row["registered"] += n
        if group["has_activated_officer"]:
            row["with_account"] += n
        if score >= ready:
            row["ready"] += n
        band = _band_key(score)
        if band:
            row[band] = row.get(band, 0) + n
    for group in activities.filter(active_q(now)).values(key).annotate(n=Count("*")).order_by():
        row_of(group[key])["active"] = group["n"]
    for group in (
        activities.filter(pending_approvals__gt=0)
        .values(key)
        .annotate(
            pending_sum=Sum("pending_approvals"),
            cooperatives_with_pending=Count("*"),
            oldest_pending=Min("oldest_pending_since"),
        )
        .order_by()
    ):
        code = group.pop(key)
        row_of(code).update(group)
    return rows


def _sum_rows(rows) -> dict:
    total: dict = {}
    for row in rows:
        for key, value in row.items():
            if value is None or key.endswith("_id"):
                continue
            if key == "oldest_pending":
                total[key] = min(total.get(key, value), value)
            else:
                total[key] = total.get(key, 0) + value
    return total


def _shape(row: dict, now: datetime) -> dict:
    """Turn an aggregate row into the public figures (readiness bands as a list, pending age in days)."""
    since = row.get("oldest_pending")
    return {
        "registered": row.get("registered") or 0,
        "with_account": row.get("with_account") or 0,
        "active": row.get("active") or 0,
        "pending_approvals": row.get("pending_sum") or 0,
        "cooperatives_with_pending": row.get("cooperatives_with_pending") or 0,
        "oldest_pending_since": since,
        "oldest_pending_days": (now - since).days if since else None,
        "ready": row.get("ready") or 0,
        "readiness": [{"band": f"{low}-{high}", "count": row.get(f"band_{low}") or 0} for low, high in readiness.BANDS],
    }


def _agency_counts(rows: list[dict]) -> dict:
    counts = dict.fromkeys(AgencyStatus.values, 0)
    for row in rows:
        counts[row["status"]] += row["n"]
    counts["total"] = sum(counts.values())
    return counts


_VERSION_KEY = "kmp:dashboard:version"


def figures_changed() -> None:
    """Invalidate cached dashboard figures (called whenever summary rows or applications change)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def dashboard_figures(*, scope: Scope, now: datetime | None = None, trend_days: int | None = None) -> dict:
    """Every figure the dashboard shows for ``scope``, in six queries.

    Without an explicit ``now`` the result is cached for ``KMP["DASHBOARD_CACHE_SECONDS"]``
    under a version key that every change in this process bumps (other processes see a
    change within those seconds).
    """
    seconds = int(conf.get("DASHBOARD_CACHE_SECONDS"))
    if now is not None or trend_days is not None or seconds <= 0:
        return _dashboard_figures(scope=scope, now=now, trend_days=trend_days)
    version = cache.get_or_set(_VERSION_KEY, 1, None)
    key = f"kmp:dashboard:{version}:{scope.level}:{scope.code}"
    figures = cache.get(key)
    if figures is None:
        figures = _dashboard_figures(scope=scope)
        cache.set(key, figures, seconds)
    return figures


def _dashboard_figures(*, scope: Scope, now: datetime | None = None, trend_days: int | None = None) -> dict:
    now = now or timezone.now()
    activities = CooperativeActivity.objects.filter(scope.filter())
    child = scope.child_field
    grouped = _region_rows(activities, key=f"{child}_id", now=now)
    # The totals are the sum of the child regions' rows, not a second scan of the summary table.
    totals = _shape(_sum_rows(grouped.values()), now)
    child_level = {"province": RegionLevel.PROVINCE, "regency": RegionLevel.REGENCY, "district": RegionLevel.DISTRICT}
    children = Region.objects.filter(level=child_level[child])
    if scope.region is not None:
        children = children.filter(parent_id=scope.region.code)

    agency_field = "province" if scope.level == NATIONAL else "regency"
    agency_rows = list(
        AgencyApplication.objects.filter(scope.filter())
        .values(f"{agency_field}_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    agency_by_region: dict[str, list[dict]] = {}
    for row in agency_rows:
        agency_by_region.setdefault(row[f"{agency_field}_id"], []).append(row)

    regions = []
    # Sorted here: ORDER BY code made SQLite walk all 91,599 regions by primary key instead of the level index.
    for region in sorted(children.only("code", "name").order_by(), key=lambda region: region.code):
        figures = _shape(grouped.get(region.code, {}), now)
        figures.update(code=region.code, name=region.name)
        if child == agency_field:
            figures["agency_applications"] = _agency_counts(agency_by_region.get(region.code, []))
        regions.append(figures)

    trend_since = timezone.localdate(now) - timedelta(days=trend_days or int(conf.get("DASHBOARD_TREND_DAYS")))
    trend = list(
        ActivitySnapshot.objects.filter(region_code=scope.code, date__gt=trend_since)
        .order_by("date")
        .values("date", "registered", "with_account", "active", "pending_approvals", "ready", "agency_applications")
    )
    return {
        "scope": {"level": scope.level, "code": scope.code, "name": scope.name},
        "active_days": int(conf.get("ACTIVE_DAYS")),
        "ready_score": readiness.ready_score(),
        "generated_at": now,
        "totals": totals,
        "agency_applications": _agency_counts(agency_rows),
        "regions": regions,
        "trend": trend,
    }


def region_listing_figures(*, region_code: str, children: list) -> dict:
    """What the portal and region pages show from the dashboard: the region's totals and, per
    child page, its figures (a region's registered/active/ready counts, a cooperative's
    activity and readiness). Cached figures plus at most one query for listed cooperatives."""
    parts = region_code.split(".") if region_code else []
    try:
        scope = scope_resolve(province=parts[0] if parts else None, regency=region_code if len(parts) == 2 else None)
    except UnknownRegion:
        return {}
    figures = dashboard_figures(scope=scope)
    totals = {key: figures["totals"][key] for key in ("registered", "with_account", "active", "ready")}
    by_code = {row["code"]: row for row in figures["regions"]}
    child_figures: dict[int, dict] = {}
    for child in children:
        row = by_code.get(getattr(child, "region_id", None))
        if row is not None:
            child_figures[child.pk] = {key: row[key] for key in ("registered", "active", "ready")}
    cooperative_ids = [child.pk for child in children if isinstance(child, CooperativePage)]
    if cooperative_ids:
        cutoff, ready = active_cutoff(), readiness.ready_score()
        for row in CooperativeActivity.objects.filter(cooperative_id__in=cooperative_ids).values(
            "cooperative_id", "last_approved_publication_at", "readiness_score"
        ):
            last = row["last_approved_publication_at"]
            child_figures[row["cooperative_id"]] = {
                "active": bool(last and last >= cutoff),
                "readiness": row["readiness_score"],
                "ready": row["readiness_score"] >= ready,
            }
    return {
        "totals": totals,
        "child_figures": child_figures,
        "active_days": figures["active_days"],
        "dashboard_query": f"?{'regency' if len(parts) == 2 else 'province'}={region_code}" if parts else "",
    }
