"""The indexes of migration cooperative_pages/0003 serve the admin's tree and
history queries (bench/admin_scale.py measures what they are worth at national
scale: a page-table scan per subtree query without them). On SQLite the query
plan must name them; on PostgreSQL they must exist."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Value
from wagtail.models import Page, PageLogEntry

from cooperative_pages.models import Region


def _plan(queryset) -> str:
    return queryset.explain()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plans")
class TestSqlitePlans:
    def test_subtree_query_uses_the_nocase_path_index(self, world):
        plan = _plan(Page.objects.filter(path__startswith=world.a.cooperative.path))
        assert "kmp_page_path_nocase" in plan, plan

    def test_children_query_uses_depth_and_path(self, world):
        plan = _plan(world.a.cooperative.get_children())
        assert "kmp_page_depth_path" in plan, plan

    def test_explorer_listing_uses_depth_and_nocase_path(self, world):
        cooperative = world.a.cooperative
        plan = _plan(Page.objects.filter(path__startswith=cooperative.path, depth=cooperative.depth + 1))
        assert "kmp_page_depth_path_nocase" in plan, plan

    def test_edited_by_choices_read_the_log_index_alone(self, world):
        users = get_user_model().objects.filter(
            pk__in=PageLogEntry.objects.filter(action="wagtail.edit").values("user_id").distinct()
        )
        plan = _plan(users)
        assert "COVERING INDEX kmp_pagelogentry_action_user" in plan, plan

    def test_region_prefix_search_uses_the_nocase_code_index(self, db):
        plan = _plan(Region.objects.filter(code__startswith="35.01"))
        assert "kmp_region_code_nocase" in plan, plan

    def test_public_rule_finds_unpublished_parents_through_the_index(self, db):
        # cooperative_pages.visibility asks this on every public listing (migration 0004).
        plan = _plan(Page.objects.filter(live=Value(False), numchild__gt=0).order_by().values_list("path"))
        assert "kmp_page_live_numchild" in plan, plan

    def test_subtree_matches_are_unchanged_by_the_index(self, world):
        # Tree paths are digits and capitals: the case-insensitive LIKE the index serves
        # matches exactly the pages whose path starts with the prefix.
        prefix = world.a.cooperative.path
        expected = {pk for pk, path in Page.objects.values_list("pk", "path") if path.startswith(prefix)}
        assert set(Page.objects.filter(path__startswith=prefix).values_list("pk", flat=True)) == expected
        assert len(expected) > 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL catalog")
def test_postgres_has_the_shared_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'kmp_%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"kmp_page_depth_path", "kmp_pagelogentry_action_user", "kmp_page_live_numchild"} <= names
