"""A facilitator's scope as a filter: its size must not follow the number of
cooperatives they cover. A facilitator of many districts has one tree path per
cooperative; an OR of ~1,000 prefix tests is refused by SQLite ("Expression tree
is too large") and would break their dashboard, choosers and console."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page

from cooperative_pages.models import ProductPage, Region
from cooperative_pages.scopes import (
    PREFIX_TESTS_PER_LENGTH,
    facilitator_page_paths,
    moderatable_task_states,
    page_chooser_scope_q,
    paths_q,
)
from cooperative_pages.services import facilitator_assign
from tests.factories import make_cooperative, make_facilitator

from .test_workflow_routing import submit

MANY = 3000


def _made_up_paths(like: str, count: int) -> list[str]:
    """``count`` paths of the same length as ``like`` under a parent no real page has."""
    width = len(like) - Page.steplen
    return [f"{'Z' * width}{number:0{Page.steplen}d}"[: len(like)] for number in range(count)]


def _matching(paths: list[str]) -> set[int]:
    return {pk for pk, path in Page.objects.values_list("pk", "path") if any(path.startswith(p) for p in paths)}


@pytest.mark.parametrize("extra", [0, PREFIX_TESTS_PER_LENGTH + 1, MANY])
def test_paths_filter_matches_the_subtrees_for_any_number_of_paths(world, extra):
    real = [world.a.cooperative.path, world.b.product.path]
    paths = real + _made_up_paths(world.a.cooperative.path, extra)
    assert set(Page.objects.filter(paths_q(paths)).values_list("pk", flat=True)) == _matching(real)
    # Through a relation, as the facilitator console filters memberships.
    memberships = world.a.cooperative.officer_memberships.model.objects.filter(paths_q(paths, "cooperative__path"))
    assert set(memberships.values_list("cooperative_id", flat=True)) == {world.a.cooperative.pk}


def test_empty_paths_match_nothing(world):
    assert not Page.objects.filter(paths_q([])).exists()


def test_facilitator_of_thousands_of_cooperatives_sees_their_submission(world, client):
    task_state = submit(client, world.a)
    facilitator = world.facilitator_a
    # As if their districts held MANY more cooperatives (one path each): the per-request cache
    # facilitator_page_paths() fills is where every scope query reads them from.
    paths = facilitator_page_paths(facilitator)
    facilitator._kmp_facilitator_paths = [world.a.cooperative.path, *_made_up_paths(world.a.cooperative.path, MANY)]
    assert paths  # the real scope was read first
    states = moderatable_task_states(task=task_state.task.specific, user=facilitator)
    assert list(states.values_list("pk", flat=True)) == [task_state.pk]
    chooser = Page.objects.filter(page_chooser_scope_q(facilitator))
    assert world.a.product.pk in set(chooser.values_list("pk", flat=True))
    assert world.b.product.pk not in set(chooser.values_list("pk", flat=True))


def test_district_facilitator_through_the_many_paths_branch(world, client, monkeypatch):
    """Real district assignments with the IN branch forced: the submission in their
    districts reaches them and they approve it; the one outside does not."""
    from cooperative_pages import scopes

    monkeypatch.setattr(scopes, "PREFIX_TESTS_PER_LENGTH", 1)
    facilitator = make_facilitator("pendamping_kecamatan", "35.01.01")  # district of A
    for district, village in (("35.01.02", "35.01.02.2001"), ("35.01.03", "35.01.03.2001")):
        make_cooperative(village_code=village)
        facilitator_assign(user=facilitator, region=Region.objects.get(code=district))
    assert len(facilitator_page_paths(facilitator)) == 3

    task_state = submit(client, world.a)
    submit(client, world.b, title="Beras Tambakreja Baru")
    client.force_login(facilitator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Beras Widoro Premium" in page
    assert "Beras Tambakreja Baru" not in page
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[world.a.product.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302
    assert ProductPage.objects.get(pk=world.a.product.pk).live_revision.content["title"] == "Beras Widoro Premium"
