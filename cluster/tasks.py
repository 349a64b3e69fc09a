"""A task for checking a cluster's workers (bench/cluster.py): it stands for a long job (an export,
a rebuild) that a node may die in the middle of."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def hold(seconds: float, label: str) -> str:
    """Work for ``seconds`` and return ``label``."""
    time.sleep(seconds)
    return label
