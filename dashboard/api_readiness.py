"""The API's ``readiness`` and ``active`` of cooperatives (the ``cooperative_api_readiness`` hook)."""

from __future__ import annotations

from datetime import timedelta

from cooperative_pages.tenancy import paths_q
from django.utils import timezone

from cooperative_pages import conf
from cooperative_pages.page_urls import PageUrlBuilder

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
                    _item(item, activity, cooperative, cooperative_url, governance, products)
                    for item in readiness.CHECKLIST
                ],
            },
        }
    return result


def _item(item, activity, cooperative, cooperative_url, governance, products) -> dict:
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
    return {"code": item.field, "name": str(item.label), "met": met, "points": item.points, "evidence_url": evidence}


def open_data_columns() -> tuple[list[tuple[str, str, str]], dict[int, tuple]]:
    """The export's readiness and activity columns, and their values per cooperative (one query)."""
    columns = [
        ("readiness_score", "integer", "Financing-readiness score, 0-100."),
        ("ready", "boolean", "The score reaches KMP['READY_SCORE']."),
        ("active", "boolean", "An approved publication within KMP['ACTIVE_DAYS'] days of the export."),
        ("last_approved_publication_at", "datetime", "Last approved publication (Asia/Jakarta)."),
        *[
            (item.field, "boolean", f"Readiness item: {item.label} ({item.points} points).")
            for item in readiness.CHECKLIST
        ],
    ]
    cutoff, ready_score = active_cutoff(), readiness.ready_score()
    rows = {}
    for pk, score, last, *flags in CooperativeActivity.objects.values_list(
        "cooperative_id", "readiness_score", "last_approved_publication_at", *readiness.FLAG_FIELDS
    ).iterator(chunk_size=5000):
        rows[pk] = (
            score,
            score >= ready_score,
            bool(last and last >= cutoff),
            timezone.localtime(last).isoformat() if last else None,
            *flags,
        )
    return columns, rows
