"""The dashboard's daily jobs as tasks, so a cluster's task workers run each once a day
(``cluster.schedule``); the management commands of the same names run them by hand or from cron."""

from __future__ import annotations

from django_tasks import task

from .activity import activity_rebuild
from .reminders import reminders_send
from .snapshots import snapshot_take


@task()
def rebuild_activity() -> int:
    """Recompute every cooperative's activity summary; returns how many."""
    return activity_rebuild()


@task()
def snapshot_activity() -> int:
    """Record today's dashboard figures for the trend charts; returns how many rows."""
    return snapshot_take()


@task()
def send_update_reminders() -> dict:
    """E-mail today's reminders and digests (never twice a day to anyone)."""
    result = reminders_send()
    return {
        "officers": result.officers,
        "facilitators": result.facilitators,
        "skipped": result.skipped,
        "failed": len(result.failed),
    }
