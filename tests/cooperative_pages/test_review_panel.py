"""The dashboard's "Awaiting your review" panel lists at most REVIEW_PANEL_LIMIT
submissions, so a reviewer's dashboard costs the same with 3 or 300 waiting
(Wagtail's own panel lists every one, several queries each), and says how many
more are waiting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Workflow

from cooperative_pages.models import ProductIndexPage
from tests.factories import make_product

LIMIT = 2


@pytest.fixture
def limit(settings):
    settings.KMP = {**settings.KMP, "REVIEW_PANEL_LIMIT": LIMIT}


def _submit_new_products(side, count: int, *, start: int = 0) -> list[str]:
    titles = []
    for number in range(start, start + count):
        product = make_product(side.cooperative, title=f"Usulan Produk {number}", publish=False)
        product.save_revision(user=side.officer)
        Workflow.objects.get(active=True).start(product, side.officer)
        titles.append(product.title)
    return titles


def _dashboard(client, user) -> tuple[str, int]:
    client.force_login(user)
    client.get(reverse("wagtailadmin_home"))  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


@pytest.mark.parametrize("reviewer", ["facilitator_a", "superuser"])
def test_panel_shows_the_newest_and_counts_the_rest(world, client, limit, reviewer):
    titles = _submit_new_products(world.a, 5)
    page, _queries = _dashboard(client, getattr(world, reviewer))
    shown = [title for title in titles if title in page]
    assert shown == titles[-LIMIT:]  # the newest
    assert 'id="awaiting-review-more"' in page
    assert "3 pengajuan lagi menunggu" in page
    assert reverse("dashboard_facilitator_console") in page


def test_no_more_line_when_everything_fits(world, client, limit):
    titles = _submit_new_products(world.a, LIMIT)
    page, _queries = _dashboard(client, world.facilitator_a)
    assert all(title in page for title in titles)
    assert 'id="awaiting-review-more"' not in page


# Pinned: the dashboard with the panel full, for a facilitator and for a national admin.
PANEL_QUERIES = {"facilitator_a": 25, "superuser": 25}


@pytest.mark.parametrize("reviewer", ["facilitator_a", "superuser"])
def test_dashboard_queries_do_not_follow_the_number_waiting(world, client, limit, reviewer):
    _submit_new_products(world.a, LIMIT + 1)
    _page, few = _dashboard(client, getattr(world, reviewer))
    _submit_new_products(world.a, 6, start=LIMIT + 1)
    page, many = _dashboard(client, getattr(world, reviewer))
    assert many == few == PANEL_QUERIES[reviewer]
    assert "7 pengajuan lagi menunggu" in page


def test_panel_stays_empty_for_another_region(world, client, limit):
    titles = _submit_new_products(world.a, 3)
    page, _queries = _dashboard(client, world.facilitator_b)
    assert not any(title in page for title in titles)
    assert 'id="awaiting-review-more"' not in page
    assert ProductIndexPage.objects.child_of(world.a.cooperative).exists()
