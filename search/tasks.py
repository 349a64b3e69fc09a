"""Background work through Wagtail's task backend (django-tasks; immediate by default)."""

from __future__ import annotations

import logging
import time

from django_tasks import task

from . import backends

logger = logging.getLogger(__name__)

ATTEMPTS = 3
BACKOFF_SECONDS = 0.2


@task()
def engine_sync(page_ids: list[int]) -> int:
    """Copy these products' database entries to the search engine (deleting those without one).

    Retried a few times with a short backoff, then raised: a task worker retries it later
    (and shows the failure in the admin's task list); run inline, the task backend logs it and
    the publish that triggered it goes on. ``search_drift --repair`` repairs what is left.
    """
    engine = backends.engine_backend()
    if engine is None:
        return 0
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return engine.sync(page_ids=page_ids)
        except backends.SearchBackendUnavailable as error:
            if attempt == ATTEMPTS:
                logger.error(
                    "Search engine sync failed after %d attempts for %d products (%s); run search_drift --repair",
                    ATTEMPTS,
                    len(page_ids),
                    error,
                )
                raise
            logger.warning("Search engine sync attempt %d failed (%s); retrying", attempt, error)
            time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    return 0
