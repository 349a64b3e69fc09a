"""Admin views that answered anyone with admin access (issue 12, Low), tried as officer A, the
facilitators of both regions and officer B: agency application history, tag autocomplete and the
workflow cancellation confirmation."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from wagtail.models import PageViewRestriction, Workflow

from dashboard.services import agency_application_file
from tests.factories import make_product

from .isolation import assert_refused

HISTORY = "/admin/dashboard/agencyapplication/history/{}/"


def test_agency_application_history_is_scoped_like_inspect(world, client):
    application = agency_application_file(user=world.b.officer, cooperative=world.b.cooperative, kind="lpg")
    for intruder in (world.a.officer, world.facilitator_a):
        client.force_login(intruder)
        assert_refused(client.get(HISTORY.format(application.pk)), intruder.username)
    for reader in (world.b.officer, world.facilitator_b, world.superuser):
        client.force_login(reader)
        inspect = client.get(f"/admin/dashboard/agencyapplication/inspect/{application.pk}/")
        assert inspect.status_code == 200, reader.username
        assert client.get(HISTORY.format(application.pk)).status_code == 200, reader.username


def _suggest(client, term: str) -> list[str]:
    response = client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": term})
    assert response.status_code == 200
    return response.json()


def _tagged(cooperative, title: str, tag: str, *, publish: bool = True):
    product = make_product(cooperative, title=title, publish=publish)
    product.tags.add(tag)
    product.save()  # the tag rows, as saving the page in the editor writes them
    return product


@pytest.fixture
def tags(world):
    _tagged(world.b.cooperative, "Draf rahasia B", "rahasia-tambakreja", publish=False)
    _tagged(world.b.cooperative, "Gula B", "gula-aren-tambakreja")
    restricted = _tagged(world.b.cooperative, "Terbatas B", "terbatas-tambakreja")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    world.b.image.tags.add("foto-rahasia-tambakreja")
    _tagged(world.a.cooperative, "Draf A", "draf-widoro", publish=False)
    world.a.image.tags.add("foto-widoro")


def test_tag_autocomplete_suggests_only_tags_the_officer_may_see(world, client, tags):
    client.force_login(world.a.officer)
    assert _suggest(client, "rahasia") == []
    assert _suggest(client, "foto-rahasia") == []
    assert _suggest(client, "terbatas") == []
    assert _suggest(client, "gula") == ["gula-aren-tambakreja"]  # a live public product's tag
    assert _suggest(client, "draf") == ["draf-widoro"]  # own draft
    assert _suggest(client, "foto") == ["foto-widoro"]  # own image
    # The typed-model form of the URL is the same view.
    url = reverse("wagtailadmin_tag_model_autocomplete", args=["taggit", "tag"])
    assert client.get(url, {"term": "rahasia"}).json() == []


def test_tag_autocomplete_hides_tags_of_an_unpublished_cooperative(world, client, tags):
    world.b.cooperative.unpublish()
    client.force_login(world.a.officer)
    assert _suggest(client, "gula") == []
    client.force_login(world.superuser)
    assert "rahasia-tambakreja" in _suggest(client, "rahasia")


@pytest.fixture
def in_moderation(world):
    Workflow.objects.get(active=True).start(world.b.draft_product, world.b.officer)
    return reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[world.b.draft_product.pk])


def test_workflow_cancellation_confirmation_answers_only_those_who_may_act(world, client, in_moderation):
    for intruder in (world.a.officer, world.facilitator_a):
        client.force_login(intruder)
        response = client.get(in_moderation)
        assert_refused(response, intruder.username)
        assert "Persetujuan" not in response.content.decode()
    for actor in (world.b.officer, world.facilitator_b):
        client.force_login(actor)
        response = client.get(in_moderation)
        assert response.status_code == 200, actor.username
        assert response.json()["step"] == "confirm"


def test_the_tag_guard_is_the_view_the_url_serves(db):
    """The admin URLs keep a reference to the autocomplete function: it must be the guarded one
    (cooperative_pages/compat.py installs it before they are imported)."""
    view = resolve(reverse("wagtailadmin_tag_autocomplete")).func
    while not getattr(view, "kmp_guard", False) and hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    assert getattr(view, "kmp_guard", False)
