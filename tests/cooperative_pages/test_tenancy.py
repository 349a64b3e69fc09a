"""The tenancy selectors (who may act where) answer every question the same way
whichever one is asked, at a fixed query cost.

Where a facilitator may act, as a filter: its size must not follow the number of
cooperatives they cover. A facilitator of many districts has one tree path per
cooperative; an OR of ~1,000 prefix tests is refused by SQLite ("Expression tree
is too large") and would break their dashboard, choosers and console."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page

from cooperative_pages import tenancy
from cooperative_pages.models import OfficerMembership, ProductPage, Region
from cooperative_pages.services import facilitator_assign
from cooperative_pages.tenancy import (
    PREFIX_TESTS_PER_LENGTH,
    chooser_pages_q,
    facilitator_page_paths,
    moderatable_task_states,
    paths_q,
)
from tests.factories import make_cooperative, make_facilitator, make_user

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
    assert set(Page.objects.filter(paths_q(paths=paths)).values_list("pk", flat=True)) == _matching(real)
    # Through a relation, as the facilitator console filters memberships.
    memberships = OfficerMembership.objects.filter(paths_q(paths=paths, field="cooperative__path"))
    assert set(memberships.values_list("cooperative_id", flat=True)) == {world.a.cooperative.pk}


def test_empty_paths_match_nothing(world):
    assert not Page.objects.filter(paths_q(paths=[])).exists()


def test_facilitator_of_thousands_of_cooperatives_sees_their_submission(world, client):
    task_state = submit(client, world.a)
    facilitator = world.facilitator_a
    # As if their districts held MANY more cooperatives (one path each): the per-request cache
    # facilitator_page_paths() fills is where every tenancy query reads them from.
    paths = facilitator_page_paths(user=facilitator)
    facilitator._kmp_facilitator_paths = [world.a.cooperative.path, *_made_up_paths(world.a.cooperative.path, MANY)]
    assert paths  # the real paths were read first
    states = moderatable_task_states(task=task_state.task.specific, user=facilitator)
    assert list(states.values_list("pk", flat=True)) == [task_state.pk]
    chooser = Page.objects.filter(chooser_pages_q(user=facilitator))
    assert world.a.product.pk in set(chooser.values_list("pk", flat=True))
    assert world.b.product.pk not in set(chooser.values_list("pk", flat=True))


def test_district_facilitator_through_the_many_paths_branch(world, client, monkeypatch):
    """Real district assignments with the IN branch forced: the submission in their
    districts reaches them and they approve it; the one outside does not."""
    monkeypatch.setattr(tenancy, "PREFIX_TESTS_PER_LENGTH", 1)
    facilitator = make_facilitator("pendamping_kecamatan", "35.01.01")  # district of A
    for district, village in (("35.01.02", "35.01.02.2001"), ("35.01.03", "35.01.03.2001")):
        make_cooperative(village_code=village)
        facilitator_assign(user=facilitator, region=Region.objects.get(code=district))
    assert len(facilitator_page_paths(user=facilitator)) == 3

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


def _national_moderator():
    from django.contrib.auth.models import Permission

    user = make_user("moderator_nasional", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_any_region"))
    return user


def _officer_manager():
    from django.contrib.auth.models import Permission

    user = make_user("admin_pengurus", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_officermembership"))
    return user


def test_every_question_of_tenancy_has_one_answer(world):
    """Who facilitates, moderates, manages officers of and authors in A and B, asked through
    each selector; the list selectors agree with the yes/no ones."""
    district_a = make_facilitator("pendamping_donorojo", "35.01.01")
    users = {
        "officer_a": world.a.officer,
        "facilitator_a": world.facilitator_a,
        "facilitator_b": world.facilitator_b,
        "district_a": district_a,
        "national_moderator": _national_moderator(),
        "officer_manager": _officer_manager(),
        "superuser": world.superuser,
    }
    # name: (facilitates A, facilitates B, manages officers of A, of B, is officer of A, authors A's product)
    expected = {
        "officer_a": (False, False, False, False, True, True),
        "facilitator_a": (True, False, True, False, False, False),
        "facilitator_b": (False, True, False, True, False, False),
        "district_a": (True, False, True, False, False, False),
        "national_moderator": (True, True, False, False, False, False),
        "officer_manager": (False, False, True, True, False, False),
        "superuser": (True, True, True, True, False, True),
    }
    a, b = world.a.cooperative, world.b.cooperative
    for name, user in users.items():
        answers = (
            tenancy.user_facilitates(user=user, cooperative=a),
            tenancy.user_facilitates(user=user, cooperative=b),
            tenancy.user_manages_officers_of(user=user, cooperative=a),
            tenancy.user_manages_officers_of(user=user, cooperative=b),
            tenancy.user_is_officer_of(user=user, cooperative=a),
            tenancy.user_authors_page(user=user, page=world.a.product),
        )
        assert answers == expected[name], name
        facilitated = set(tenancy.facilitated_cooperatives(user=user).values_list("pk", flat=True))
        assert {a.pk, b.pk} & facilitated == {c.pk for c, yes in ((a, answers[0]), (b, answers[1])) if yes}, name
        assert tenancy.user_can_moderate_page(user=user, page=world.a.product) == answers[0], name
        managed = set(tenancy.managed_officer_memberships(user=user).values_list("cooperative_id", flat=True))
        assert managed == {c.pk for c, yes in ((a, answers[2]), (b, answers[3])) if yes}, name
        assert tenancy.user_manages_officers(user=user) == (answers[2] or answers[3]), name


def test_inactive_users_act_nowhere(world):
    for user in (world.a.officer, world.facilitator_a, world.superuser):
        user.is_active = False
        assert not tenancy.user_facilitates(user=user, cooperative=world.a.cooperative)
        assert not tenancy.user_manages_officers(user=user)
        assert not tenancy.user_authors_page(user=user, page=world.a.product)
        assert tenancy.officer_cooperatives(user=user) == []
        assert tenancy.facilitated_q(user=user) is None


def test_answers_are_read_once_per_request(world, django_assert_num_queries):
    facilitator = world.facilitator_a
    with django_assert_num_queries(3):  # Django's user and group permissions (cached on the user), the assignments
        assert tenancy.user_facilitates(user=facilitator, cooperative=world.a.cooperative)
    with django_assert_num_queries(0):
        assert not tenancy.user_facilitates(user=facilitator, cooperative=world.b.cooperative)
        assert tenancy.user_manages_officers(user=facilitator)
        assert tenancy.facilitated_q(user=facilitator) is not None
    officer = world.a.officer
    with django_assert_num_queries(1):  # the memberships
        assert tenancy.user_is_officer_of(user=officer, cooperative=world.a.cooperative)
    with django_assert_num_queries(0):
        assert not tenancy.user_is_officer_of(user=officer, cooperative=world.b.cooperative)
