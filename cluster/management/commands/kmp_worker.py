"""Run background tasks from the database queue (search indexing, renditions, e-mail, daily jobs): retries failures,
takes over tasks of workers that died, and claims the daily jobs once per cluster. Run one or more on every node
(site/worker.sh, site/kmp-worker.service).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from cluster.worker import ClusterWorker


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queue-name", default="default", help="Queues to process, comma-separated ('*': all).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of an empty queue.")
        parser.add_argument("--attempts", type=int, default=3, help="Tries per task before it fails for good.")
        parser.add_argument("--retry-seconds", type=float, default=30.0, help="First retry delay (then ×4 each time).")
        parser.add_argument(
            "--lease-seconds", type=float, default=60.0, help="A worker silent this long is dead; its task is retried."
        )
        parser.add_argument("--no-schedule", action="store_true", help="Do not claim the daily jobs on this worker.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")
        parser.add_argument("--worker-id", default="", help="Unique name of this worker (default: random).")

    def handle(self, *args, **options) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError("Tasks run inline: set DJANGO_TASKS_BACKEND=database to use a worker.")
        worker = ClusterWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=backend.alias,
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
            attempts=options["attempts"],
            retry_seconds=options["retry_seconds"],
            lease_seconds=options["lease_seconds"],
            schedule=not options["no_schedule"],
        )
        self.stdout.write(f"Worker {worker.worker_id} started.")
        worker.configure_signals()
        worker.run()
