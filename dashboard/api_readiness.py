"""The API's ``readiness`` and ``active`` of cooperatives (the ``cooperative_api_readiness`` hook)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce

from cooperative_pages import conf
from cooperative_pages.page_urls import PageUrlBuilder
from cooperative_pages.tenancy import paths_q

from . import readiness
from .evidence import evidence_pages, item_evidence
from .models import CooperativeActivity
from .selectors import active_cutoff


def api_readiness(*, cooperatives: list) -> dict[int, dict]:
    """Readiness with each checklist item's evidence, and activity, per cooperative: three queries."""
    if not cooperatives:
        return {}
    url = PageUrlBuilder()
    activities = CooperativeActivity.objects.in_bulk([cooperative.pk for cooperative in cooperatives])
    paths = [cooperative.path for cooperative in cooperatives]
    governance, products = evidence_pages(pages_q=paths_q(paths=paths), cooperative_length=len(paths[0]), url=url)
    cutoff, window, ready_score = active_cutoff(), timedelta(days=conf.get("ACTIVE_DAYS")), readiness.ready_score()
    names = {item.field: str(item.label) for item in readiness.CHECKLIST}  # translated once, not per cooperative
    result = {}
    for cooperative in cooperatives:
        activity = activities.get(cooperative.pk)
        last = activity.last_approved_publication_at if activity else None
        cooperative_url = url(cooperative.url_path)
        score = activity.readiness_score if activity else 0
        result[cooperative.pk] = {
            "active": bool(last and last >= cutoff),
            "active_until": last + window if last else None,
            "last_approved_publication_at": last,
            "readiness": {
                "score": score,
                "ready": score >= ready_score,
                "ready_score": ready_score,
                "checklist": [
                    _item(item, names[item.field], activity, cooperative, cooperative_url, governance, products)
                    for item in readiness.CHECKLIST
                ],
            },
        }
    return result


def _item(item, name, activity, cooperative, cooperative_url, governance, products) -> dict:
    met = bool(activity is not None and getattr(activity, item.field))
    evidence = None
    if met:
        evidence = item_evidence(
            field=item.field,
            cooperative_path=cooperative.path,
            cooperative_url=cooperative_url,
            governance=governance,
            products=products,
        )
    return {"code": item.field, "name": name, "met": met, "points": item.points, "evidence_url": evidence}


def open_data_columns() -> list[tuple]:
    """The export's readiness and activity columns: ``(name, type, description, expression)`` on
    ``CooperativePage`` (read in the export's one streamed query, no table held in memory). A cooperative
    without activity figures, or never approved, reads as the API says it: score 0, not ready, not active."""
    cutoff, ready_score = active_cutoff(), readiness.ready_score()

    def known(condition: Q):
        return Coalesce(ExpressionWrapper(condition, output_field=BooleanField()), False, output_field=BooleanField())

    return [
        (
            "readiness_score",
            "integer",
            "Financing-readiness score, 0-100.",
            Coalesce(F("activity__readiness_score"), 0),
        ),
        (
            "ready",
            "boolean",
            "The score reaches KMP['READY_SCORE'].",
            known(Q(activity__readiness_score__gte=ready_score)),
        ),
        (
            "active",
            "boolean",
            "An approved publication within KMP['ACTIVE_DAYS'] days of the export.",
            known(Q(activity__last_approved_publication_at__gte=cutoff)),
        ),
        (
            "last_approved_publication_at",
            "datetime",
            "Last approved publication (Asia/Jakarta).",
            F("activity__last_approved_publication_at"),
        ),
        *[
            (
                item.field,
                "boolean",
                f"Readiness item worth {item.points} points.",
                Coalesce(F(f"activity__{item.field}"), False, output_field=BooleanField()),
            )
            for item in readiness.CHECKLIST
        ],
    ]
