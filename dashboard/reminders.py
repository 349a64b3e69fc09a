"""Update reminders: e-mail the officers of stale cooperatives and send each facilitator a
digest of the stale cooperatives in their regions.

A ``ReminderLog`` row (unique per day, recipient and kind) is claimed before each e-mail,
so a second run on the same day — or a concurrent one — sends nothing twice; a failed
e-mail releases its claim so the next run retries it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperative_pages import conf
from cooperative_pages.models import FacilitatorAssignment, OfficerMembership
from cooperative_pages.page_urls import PageUrlBuilder
from cooperative_pages.tenancy import regions_q

from .models import CooperativeActivity, ReminderKind, ReminderLog
from .selectors import active_q

logger = logging.getLogger(__name__)
DIGEST_LIMIT = 200


@dataclass
class ReminderResult:
    officers: int = 0
    facilitators: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)


def _recently_reminded(*, kind: str, today: date) -> set[int]:
    interval = max(1, int(conf.get("REMINDER_INTERVAL_DAYS")))
    since = today - timedelta(days=interval - 1)
    return set(ReminderLog.objects.filter(kind=kind, date__gte=since).values_list("user_id", flat=True))


def _claim_and_send(run: _Run, *, user, kind: str, count: int, subject: str, lines: list[str]) -> bool:
    """Claim today's reminder of ``kind`` for ``user`` and e-mail it; False if already
    claimed or if sending failed (then the claim is released for the next run)."""
    try:
        with transaction.atomic():
            claim = ReminderLog.objects.create(date=run.today, user=user, kind=kind, cooperative_count=count)
    except IntegrityError:
        run.result.skipped += 1
        return False
    message = EmailMessage(subject=subject, body="\n".join(lines), to=[user.email], connection=run.connection)
    try:
        message.send()
    except Exception:  # an SMTP failure must not stop the other reminders
        logger.exception("Reminder to %s failed", user.email)
        claim.delete()
        run.result.failed.append(user.email)
        return False
    return True


def _line(activity, url) -> str:
    last = activity.last_approved_publication_at
    when = timezone.localtime(last).strftime("%d-%m-%Y") if last else _("never")
    return _("- %(name)s (last approved update: %(when)s, readiness %(score)s/100): %(url)s") % {
        "name": activity.cooperative.title,
        "when": when,
        "score": activity.readiness_score,
        "url": url(activity.cooperative.url_path) or "",
    }


@dataclass
class _Run:
    """What every reminder of one run shares."""

    today: date
    stale: QuerySet
    days: int
    url: PageUrlBuilder
    connection: object
    result: ReminderResult


def _greeting(user) -> str:
    return _("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()}


def reminders_send(*, now: datetime | None = None) -> ReminderResult:
    """Send today's officer reminders and facilitator digests (each recipient at most once a day)."""
    now = now or timezone.now()
    run = _Run(
        today=timezone.localdate(now),
        stale=CooperativeActivity.objects.exclude(active_q(now)),
        days=conf.get("ACTIVE_DAYS"),
        url=PageUrlBuilder(),
        connection=get_connection(),
        result=ReminderResult(),
    )
    with translation.override(settings.LANGUAGE_CODE):
        _send_officer_reminders(run)
        _send_facilitator_digests(run)
    return run.result


def _send_officer_reminders(run: _Run) -> None:
    """One e-mail per officer, listing their stale cooperatives."""
    skip = _recently_reminded(kind=ReminderKind.OFFICER, today=run.today)
    by_officer: dict[int, list] = defaultdict(list)
    users = {}
    memberships = (
        OfficerMembership.objects.filter(
            is_active=True, user__is_active=True, cooperative__activity__in=run.stale.values("pk")
        )
        .exclude(user__email="")
        .exclude(user_id__in=skip)
        .select_related("user", "cooperative__activity")
        .order_by("user_id", "cooperative__title")
    )
    for membership in memberships:
        users[membership.user_id] = membership.user
        by_officer[membership.user_id].append(membership.cooperative.activity)
    for user_id, activities in by_officer.items():
        user = users[user_id]
        lines = [
            _greeting(user),
            "",
            _(
                "Your cooperative's microsite has had no approved update for %(days)s days. Banks look for "
                "cooperatives that keep their microsite current: post news, products or reports and submit "
                "them for your facilitator's approval."
            )
            % {"days": run.days},
            "",
            *[_line(activity, run.url) for activity in activities],
        ]
        subject = _("Reminder: update your cooperative's microsite")
        if _claim_and_send(
            run, user=user, kind=ReminderKind.OFFICER, count=len(activities), subject=subject, lines=lines
        ):
            run.result.officers += 1


def _facilitator_regions(*, skip: set[int]) -> tuple[dict, dict[int, list[tuple[str, str]]]]:
    """Active facilitators with an e-mail address (not in ``skip``) and the regions of each."""
    regions: dict[int, list[tuple[str, str]]] = defaultdict(list)
    facilitators = {}
    for assignment in (
        FacilitatorAssignment.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(user_id__in=skip)
        .select_related("user", "region")
    ):
        facilitators[assignment.user_id] = assignment.user
        regions[assignment.user_id].append((assignment.region_id, assignment.region.level))
    return facilitators, regions


def _send_facilitator_digests(run: _Run) -> None:
    """One digest per facilitator, over every region they are assigned to."""
    skip = _recently_reminded(kind=ReminderKind.FACILITATOR_DIGEST, today=run.today)
    facilitators, regions = _facilitator_regions(skip=skip)
    for user_id, user_regions in regions.items():
        mine = run.stale.filter(regions_q(regions=user_regions))
        total = mine.count()
        if not total:
            continue
        activities = list(
            mine.select_related("cooperative").order_by("last_approved_publication_at", "pk")[:DIGEST_LIMIT]
        )
        user = facilitators[user_id]
        lines = [
            _greeting(user),
            "",
            _("%(count)s cooperatives in your regions have had no approved update for %(days)s days:")
            % {"count": total, "days": run.days},
            "",
            *[_line(activity, run.url) for activity in activities],
        ]
        if total > len(activities):
            lines += ["", _("…and %(count)s more in the facilitator console.") % {"count": total - len(activities)}]
        subject = _("Digest: %(count)s cooperatives to follow up") % {"count": total}
        if _claim_and_send(
            run, user=user, kind=ReminderKind.FACILITATOR_DIGEST, count=total, subject=subject, lines=lines
        ):
            run.result.facilitators += 1
