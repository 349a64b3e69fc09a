"""Reads for the admin's view of background work."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun, WorkerHeartbeat

# The admin's tabs: failed for good, waiting for a retry (READY with an error kept), queued, running, done.
TASK_VIEWS = ("failed", "retrying", "queued", "running", "done")


def task_results(*, view: str) -> QuerySet[DBTaskResult]:
    rows = DBTaskResult.objects.defer("args_kwargs", "return_value")
    if view == "failed":
        rows = rows.filter(status=TaskResultStatus.FAILED)
    elif view == "retrying":
        rows = rows.filter(status=TaskResultStatus.READY).exclude(exception_class_path="")
    elif view == "queued":
        rows = rows.filter(status=TaskResultStatus.READY, exception_class_path="")
    elif view == "running":
        rows = rows.filter(status=TaskResultStatus.RUNNING)
    else:
        rows = rows.filter(status=TaskResultStatus.SUCCESSFUL)
    return rows.order_by("-enqueued_at")


def task_counts() -> dict[str, int]:
    return {view: task_results(view=view).count() for view in TASK_VIEWS}


def workers_alive(*, lease_seconds: float = 60) -> QuerySet[WorkerHeartbeat]:
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - timedelta(seconds=lease_seconds))


def recent_scheduled_runs(*, days: int = 7) -> QuerySet[ScheduledRun]:
    return ScheduledRun.objects.filter(day__gte=timezone.localdate() - timedelta(days=days))
