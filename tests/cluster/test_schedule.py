"""Daily jobs once per cluster (cluster.schedule): every node may ask, one claim per job and day wins."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from cluster.models import ScheduledRun
from cluster.schedule import claim_due_jobs
from dashboard.models import ActivitySnapshot

JAKARTA = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=JAKARTA)
JOBS = ["rebuild_activity", "snapshot_activity", "send_update_reminders"]


@pytest.mark.django_db
def test_each_due_job_is_claimed_once_a_day_and_queued(task_queue):
    assert claim_due_jobs(now=datetime(2026, 12, 7, 0, 10, tzinfo=JAKARTA)) == []
    assert claim_due_jobs(now=MORNING, claimed_by="node-a") == JOBS
    assert claim_due_jobs(now=MORNING, claimed_by="node-b") == []
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(
        f"dashboard.tasks.{job}" for job in JOBS
    )
    assert set(ScheduledRun.objects.values_list("claimed_by", flat=True)) == {"node-a"}
    assert claim_due_jobs(now=datetime(2026, 12, 8, 9, 0, tzinfo=JAKARTA)) == JOBS  # the next day


@pytest.mark.django_db(transaction=True)
def test_two_nodes_asking_at_the_same_moment_start_each_job_once(task_queue):
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory, shared between threads, which refuses a second
        # writer at once (SQLITE_LOCKED) instead of waiting: two nodes need a server database.
        pytest.skip("concurrent claims need PostgreSQL (CI's PostgreSQL stages run this)")
    barrier = threading.Barrier(2)
    claimed: dict[str, list[str]] = {}

    def node(name: str) -> None:
        try:
            barrier.wait()
            claimed[name] = claim_due_jobs(now=MORNING, claimed_by=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=node, args=(name,)) for name in ("node-a", "node-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed["node-a"] + claimed["node-b"]) == sorted(JOBS)
    assert ScheduledRun.objects.count() == 3 and DBTaskResult.objects.count() == 3


@pytest.mark.django_db
def test_cron_runs_the_jobs_inline_once(settings):
    settings.KMP_SCHEDULE = {name: {**job, "at": "00:00"} for name, job in settings.KMP_SCHEDULE.items()}
    call_command("run_schedule")
    assert ScheduledRun.objects.count() == 3
    assert ActivitySnapshot.objects.exists()  # snapshot_activity ran inline
    rows = ActivitySnapshot.objects.count()
    call_command("run_schedule")
    assert ScheduledRun.objects.count() == 3 and ActivitySnapshot.objects.count() == rows
