"""What this app takes from django-tasks-db beyond its documented API.

Upstream gap: django-tasks-db's worker (``db_worker``) has no retries, no recovery of tasks
whose worker died, and no schedule; its ``Worker`` class is not documented as an extension
point. ``cluster.worker.ClusterWorker`` subclasses it and overrides ``run`` and ``run_task``;
``tests/cluster/test_compat.py`` fails loudly when an upgrade changes those or the
constructor's keyword arguments.
"""

from django_tasks_db.management.commands.db_worker import Worker

WORKER_KEYWORDS = (
    "queue_names",
    "interval",
    "batch",
    "backend_name",
    "startup_delay",
    "max_tasks",
    "worker_id",
    "excluded_queue_names",
)

__all__ = ["WORKER_KEYWORDS", "Worker"]
