from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.search.fixtures import catalogue, search_backend  # noqa: F401


@pytest.fixture
def task_queue(settings):
    """Tasks go to the database queue (django-tasks-db), as on a cluster; e-mail leaves through it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KMP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_BACKEND = "cluster.mail.QueuedEmailBackend"
    return settings


def run_worker(*args: str) -> None:
    """What is queued, run by the cluster's worker (kmp_worker), until the queue is empty."""
    call_command("kmp_worker", "--batch", "--no-schedule", "--retry-seconds", "60", *args)
