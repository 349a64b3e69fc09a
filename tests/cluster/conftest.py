from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from tests.search.fixtures import catalogue, search_backend  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches and rate-limit counts. A database cache is rolled back
    with the test; Redis (the shared-services stage) outlives it, so an earlier test's requests
    would count against this one's limit."""
    for alias, config in settings.CACHES.items():
        if not config["BACKEND"].endswith("DatabaseCache"):
            caches[alias].clear()


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
