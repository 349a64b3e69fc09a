"""Daily snapshots of the dashboard figures, so trends survive (``snapshot_activity``)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from . import readiness
from .models import ActivitySnapshot, AgencyApplication, CooperativeActivity
from .selectors import active_q, figures_changed

_FIGURES = ["registered", "with_account", "active", "pending_approvals", "ready", "agency_applications"]


def _aggregates(now: datetime) -> dict:
    return {
        "registered": Count("pk"),
        "with_account": Count("pk", filter=Q(has_activated_officer=True)),
        "active": Count("pk", filter=active_q(now)),
        "pending_sum": Sum("pending_approvals", default=0),
        "ready": Count("pk", filter=Q(readiness_score__gte=readiness.ready_score())),
    }


@transaction.atomic
def snapshot_take(*, now: datetime | None = None, day: date | None = None) -> int:
    """Record (or overwrite) the day's figures: nation, provinces, regencies. Returns the row count."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    figures: dict[str, dict] = {"": CooperativeActivity.objects.aggregate(**_aggregates(now))}
    for field in ("province_id", "regency_id"):
        for row in CooperativeActivity.objects.values(field).annotate(**_aggregates(now)).order_by(field):
            if row[field]:
                figures[row.pop(field)] = row
    agency = {"": AgencyApplication.objects.count()}
    for field in ("province_id", "regency_id"):
        for code, n in AgencyApplication.objects.values_list(field).annotate(n=Count("pk")).order_by(field):
            if code:
                agency[code] = n
    rows = []
    for code in sorted(set(figures) | set(agency)):
        found = figures.get(code, {})
        values = {name: found.get(name) or 0 for name in ("registered", "with_account", "active", "ready")}
        values["pending_approvals"] = found.get("pending_sum") or 0
        rows.append(ActivitySnapshot(date=day, region_code=code, agency_applications=agency.get(code, 0), **values))
    ActivitySnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["date", "region_code"],
        update_fields=[*_FIGURES, "created_at"],
        batch_size=500,
    )
    figures_changed()
    return len(rows)
