"""The task worker of a cluster: django-tasks-db's worker plus what several nodes need.

- **Retries**: a failed task goes back to the queue after a growing delay until it has been
  tried ``attempts`` times; its last error stays on the row, so admins see it while it waits.
- **Lost tasks**: each worker refreshes a ``WorkerHeartbeat`` row every few seconds. A task still
  *running* under a worker silent for longer than the lease (a node killed mid-task) is put
  back in the queue, or marked failed once out of attempts.
- **Schedule**: every worker claims the day's due jobs (``cluster.schedule``); one wins per job.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .compat import Worker
from .models import WorkerHeartbeat
from .schedule import claim_due_jobs

logger = logging.getLogger(__name__)


def retry_delay(attempt: int, *, base: float) -> timedelta:
    """Delay before attempt ``attempt + 1``: base, 4×base, 16×base… (capped at an hour)."""
    return timedelta(seconds=min(3600.0, base * 4 ** (attempt - 1)))


def requeue_failed(*, task: DBTaskResult, attempts: int, base_delay: float) -> bool:
    """Put a task that just failed back in the queue unless it has had ``attempts`` tries."""
    tried = len(task.worker_ids)
    if tried >= attempts:
        logger.error("Task %s (%s) failed for good after %d attempts", task.id, task.task_path, tried)
        return False
    run_after = timezone.now() + retry_delay(tried, base=base_delay)
    # The error stays on the row (exception_class_path, traceback) for the admin view.
    DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning(
        "Task %s (%s) failed, attempt %d of %d: retry at %s", task.id, task.task_path, tried, attempts, run_after
    )
    return True


def recover_lost_tasks(*, lease_seconds: float, attempts: int) -> int:
    """Requeue (or fail, when out of attempts) the running tasks whose worker stopped beating."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=lease_seconds)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    recovered = 0
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff):
        if task.worker_ids and task.worker_ids[-1] in alive:
            continue
        lost = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at)
        if len(task.worker_ids) >= attempts:
            changed = lost.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="cluster.worker.WorkerLost",
                traceback=f"The worker {task.worker_ids[-1:]} stopped while running this task.",
            )
        else:
            changed = lost.update(status=TaskResultStatus.READY, run_after=now)
        if changed:  # another worker may have recovered it first
            logger.warning(
                "Task %s (%s) lost with worker %s: %s",
                task.id,
                task.task_path,
                task.worker_ids[-1:],
                "failed" if len(task.worker_ids) >= attempts else "requeued",
            )
            recovered += 1
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(seconds=lease_seconds * 10)).delete()
    return recovered


class ClusterWorker(Worker):
    def __init__(self, *, attempts: int, retry_seconds: float, lease_seconds: float, schedule: bool, **kwargs):
        super().__init__(**kwargs)
        self.attempts = attempts
        self.retry_seconds = retry_seconds
        self.lease_seconds = lease_seconds
        self.schedule = schedule
        self.beat_seconds = max(1.0, lease_seconds / 4)
        self._stopped = threading.Event()

    def run(self) -> None:
        self.beat()
        beating = threading.Thread(target=self.beat_loop, name="kmp-heartbeat", daemon=True)
        beating.start()
        try:
            super().run()
        finally:
            self._stopped.set()
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            requeue_failed(task=db_task_result, attempts=self.attempts, base_delay=self.retry_seconds)

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": timezone.now()},
        )

    def beat_loop(self) -> None:
        """Heartbeat, lost-task recovery and the schedule, on a thread (and connection) of their own."""
        while not self._stopped.wait(self.beat_seconds):
            try:
                close_old_connections()
                self.beat()
                recover_lost_tasks(lease_seconds=self.lease_seconds, attempts=self.attempts)
                if self.schedule:
                    claim_due_jobs(claimed_by=f"{socket.gethostname()}:{self.worker_id}")
            except Exception:  # the database may be restarting: try again next beat
                logger.exception("Worker housekeeping failed")
        connection.close()
