"""Purge the shared page cache when publishing changes what anonymous visitors see: the same
publish, unpublish, move and delete signals that keep the marketplace index current.

The new generations are drawn once the transaction commits: a request that read the old rows
keeps writing under the old, unreachable, generation.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import pre_delete
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache


def sections_of_page(page: Page) -> set[str]:
    """A microsite page: its cooperative and every listing. A portal or region page (named in the
    breadcrumbs of every microsite below it), or one without a URL: everything."""
    parts = page.get_url_parts()
    if parts is None:
        return {page_cache.ALL}
    section = page_cache.section_of(parts[2])
    return {page_cache.ALL} if section == page_cache.SITE else {page_cache.SITE, section}


def purge_on_commit(sections: set[str]) -> None:
    transaction.on_commit(lambda: page_cache.purge(sections=sections))


def page_changed(sender, instance, **kwargs) -> None:
    purge_on_commit(sections_of_page(instance))


def page_deleting(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.live:
        purge_on_commit(sections_of_page(instance))


def page_moved(sender, instance, **kwargs) -> None:
    purge_on_commit({page_cache.ALL})  # URLs changed under the page: rare enough to start afresh


def restriction_changed(sender, instance, **kwargs) -> None:
    # Not a publish: a page made private (or public again) must leave the cache all the same.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        purge_on_commit(sections_of_page(page))


def feed_appended(sender, **kwargs) -> None:
    # The API's change feed moved (a restriction, a readiness change, a bulk import): its answers go.
    purge_on_commit({page_cache.SITE})


def engine_synced(sender, task_result, **kwargs) -> None:
    # The search engine learns of a publish after its commit (a task): listings rendered in
    # between came from the engine's previous state, so they go too.
    if task_result.task.module_path == "search.tasks.engine_sync" and task_result.status == TaskResultStatus.SUCCESSFUL:
        purge_on_commit({page_cache.SITE})


def register() -> None:
    page_published.connect(page_changed, dispatch_uid="kmp_page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="kmp_page_cache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="kmp_page_cache_moved")
    pre_delete.connect(page_deleting, dispatch_uid="kmp_page_cache_deleting")
    task_finished.connect(engine_synced, dispatch_uid="kmp_page_cache_engine_synced")
    from cooperative_pages.api.changes import feed_appended as feed_signal
    from cooperative_pages.visibility import connect_restriction_changed

    connect_restriction_changed(restriction_changed, dispatch_uid="kmp_page_cache_r")
    feed_signal.connect(feed_appended, dispatch_uid="kmp_page_cache_feed_appended")
