import pytest


@pytest.fixture
def portal(db):
    """The national portal with the national workflow and role groups, as after `seed_demo`."""
    from cooperative_pages.services import portal_page, role_groups_ensure
    from cooperative_pages.workflow import national_workflow_ensure

    page = portal_page()
    national_workflow_ensure(portal=page)
    role_groups_ensure()
    return page


@pytest.fixture
def fresh_cache():
    """An empty default cache before and after the test: what one test's database put there (rate-limit
    counters, cached figures, Wagtail's site root paths) must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()
