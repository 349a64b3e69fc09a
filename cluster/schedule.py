"""Daily jobs once per cluster: every worker (or every node's cron) may ask, the first claim wins.

A job is due once its local time of day (``TIME_ZONE``) has passed; claiming it inserts
``ScheduledRun(job, day)``, whose unique constraint lets exactly one node succeed, and that
node enqueues the job's task. Jobs and times: ``settings.KMP_SCHEDULE``.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task_path: str
    at: time


def jobs() -> list[Job]:
    schedule = getattr(settings, "KMP_SCHEDULE", {})
    return [Job(name, entry["task"], time.fromisoformat(entry["at"])) for name, entry in schedule.items()]


def claim_due_jobs(*, now: datetime | None = None, claimed_by: str = "") -> list[str]:
    """Enqueue every job due today that no node has claimed yet; returns the names this call claimed."""
    now = timezone.localtime(now or timezone.now())
    claimed_by = claimed_by or socket.gethostname()
    claimed = []
    taken = set(ScheduledRun.objects.filter(day=now.date()).values_list("job", flat=True))
    for job in jobs():
        if now.time() < job.at or job.name in taken:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, day=now.date(), claimed_by=claimed_by[:255])
        except IntegrityError:
            continue  # another node claimed it today
        logger.info("Scheduled job %s claimed for %s by %s", job.name, now.date(), claimed_by)
        # Enqueued after the claim is committed: with inline tasks the job runs here, outside
        # the claim's transaction.
        result = import_string(job.task_path).enqueue()
        ScheduledRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
        claimed.append(job.name)
    return claimed
