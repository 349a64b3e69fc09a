"""Admin screens whose cost grew with the size of the country (``bench/admin_scale.py``): what each
user sees is unchanged, their query count is pinned, and the page lists behind them are bounded by
what the screen is about (workflow states), not by every page of the country."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.views.reports import workflows

from tests.factories import make_cooperative

from .test_workflow_routing import NEW_TITLE, submit

# The officer's and the superuser's workflow report with two submissions, however many pages exist.
WORKFLOW_REPORT_QUERIES = {"officer": 21, "superuser": 15}


def _report(client, user) -> tuple[str, int]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_reports:workflow"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries.captured_queries)


def test_workflow_report_shows_the_same_rows(world, client):
    submit(client, world.a)
    submit(client, world.b, title="Beras Tambakreja Baru")
    officer_page, _ = _report(client, world.a.officer)
    assert NEW_TITLE in officer_page and "Beras Tambakreja Baru" not in officer_page
    superuser_page, _ = _report(client, world.superuser)
    assert NEW_TITLE in superuser_page and "Beras Tambakreja Baru" in superuser_page


@pytest.mark.parametrize("role", sorted(WORKFLOW_REPORT_QUERIES))
def test_workflow_report_query_count_is_pinned(world, client, django_assert_num_queries, role):
    submit(client, world.a)
    submit(client, world.b, title="Beras Tambakreja Baru")
    user = world.a.officer if role == "officer" else world.superuser
    _report(client, user)  # warm-up: content types, site root paths
    _, before = _report(client, user)
    for number in range(3):
        make_cooperative(village_code=f"35.01.01.200{number + 2}")
    client.force_login(user)
    with django_assert_num_queries(WORKFLOW_REPORT_QUERIES[role]):
        assert client.get(reverse("wagtailadmin_reports:workflow")).status_code == 200
    assert before == WORKFLOW_REPORT_QUERIES[role]


@pytest.mark.parametrize("role", ["officer", "superuser"])
def test_workflow_report_pages_start_from_the_workflow_states(world, role):
    """Wagtail lists every page the user may change (322,000 for a national admin); the
    reports only need those in a workflow (``compat._pages_in_workflows``)."""
    request = RequestFactory().get("/")
    request.user = world.a.officer if role == "officer" else world.superuser
    sql = str(workflows.get_editable_page_ids_query(request).query)
    assert "wagtailcore_workflowstate" in sql
