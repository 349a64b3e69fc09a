"""Financing readiness: the evidence banks ask for, as a checklist worth 0–100 points.

One place defines the items, their weights and their explanations, so the score,
the cooperative page, the public explanation page and the bank CSV agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cooperative_pages import conf


@dataclass(frozen=True)
class ChecklistItem:
    field: str  # the CooperativeActivity flag
    points: int
    label: str
    explanation: str


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "profile_complete",
        10,
        _("Complete profile"),
        _("Description, address, WhatsApp number, chair and number of members are filled in."),
    ),
    ChecklistItem(
        "has_legal_entity_number",
        10,
        _("Legal entity number"),
        _("The cooperative's legal entity number (nomor badan hukum) is recorded."),
    ),
    ChecklistItem(
        "has_board",
        10,
        _("Board of officers listed"),
        _("A published governance page of the kind 'Board of officers'."),
    ),
    ChecklistItem(
        "has_articles",
        10,
        _("Articles of association (AD/ART)"),
        _("A published governance page of the kind 'Articles of association (AD/ART)'."),
    ),
    ChecklistItem(
        "has_recent_annual_meeting",
        15,
        _("RAT report of the last 12 months"),
        _("A published annual members' meeting (RAT) report dated within the last 12 months."),
    ),
    ChecklistItem(
        "has_financial_statement",
        15,
        _("Financial statement"),
        _("A published governance page of the kind 'Financial statement'."),
    ),
    ChecklistItem(
        "has_products",
        5,
        _("Products listed"),
        _("At least one live product in the cooperative's shop window."),
    ),
    ChecklistItem(
        "updates_regularly",
        15,
        _("Regular approved updates"),
        _("Approved publications in at least 4 of the last 6 months (30-day periods)."),
    ),
    ChecklistItem(
        "facilitator_verified",
        10,
        _("Verified by a facilitator"),
        _("A facilitator of the cooperative's region checked its evidence."),
    ),
)

assert sum(item.points for item in CHECKLIST) == 100  # noqa: S101 - a definition error, caught at import

FLAG_FIELDS: tuple[str, ...] = tuple(item.field for item in CHECKLIST)

# Score bands of the dashboard's readiness distribution: (lowest score, highest score), both included.
BANDS: tuple[tuple[int, int], ...] = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))

# Periods used for "regular updates" and the RAT report.
REGULAR_UPDATE_PERIODS = 6
REGULAR_UPDATE_MIN_PERIODS = 4
PERIOD_DAYS = 30
ANNUAL_MEETING_MAX_AGE_DAYS = 365


def score(flags: dict[str, bool]) -> int:
    """The readiness score (0–100) of a checklist."""
    return sum(item.points for item in CHECKLIST if flags.get(item.field))


def ready_score() -> int:
    """The score from which a cooperative counts as ready for financing (``KMP["READY_SCORE"]``)."""
    return int(conf.get("READY_SCORE"))


def checklist(activity) -> list[dict]:
    """The checklist of one ``CooperativeActivity`` (or ``None``) for display."""
    return [
        {
            "field": item.field,
            "label": item.label,
            "explanation": item.explanation,
            "points": item.points,
            "done": bool(activity is not None and getattr(activity, item.field)),
        }
        for item in CHECKLIST
    ]
