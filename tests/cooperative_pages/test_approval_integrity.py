"""Approval publishes exactly what the facilitator reviewed (PRODUCT.md §4), from the
attacker's side: an officer who gets another version in front of the approval through the
admin API, a newer revision made while the page waits, and every admin-API page action
on a page locked in moderation."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import resolve, reverse
from wagtail.models import TaskState

from cooperative_pages.models import ProductPage

from .isolation import db_snapshot, page_form_data
from .test_officer_isolation import _index
from .test_workflow_routing import action_url

FALSE_TITLE = "Transfer DP ke rekening pribadi"
BENIGN_TITLE = "Beras Widoro Organik"


def _save_draft(client, side, **fields) -> int:
    """The officer saves a draft of ``side``'s live product in the editor; returns its revision id."""
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[side.product.pk]), page_form_data(side.product, **fields)
    )
    assert response.status_code == 302
    return ProductPage.objects.get(pk=side.product.pk).latest_revision_id


def _submit_benign_after_false(client, side) -> tuple[int, TaskState]:
    client.force_login(side.officer)
    false_revision = _save_draft(client, side, title=FALSE_TITLE, price="1")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[side.product.pk]),
        page_form_data(side.product, title=BENIGN_TITLE, **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(side.product.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    assert task_state.revision.content["title"] == BENIGN_TITLE
    return false_revision, task_state


def _api_action(client, page, name: str, data: dict):
    return client.post(
        reverse("wagtailadmin_api:pages:action", args=[page.pk, name]),
        json.dumps(data),
        content_type="application/json",
    )


def _live(page) -> ProductPage:
    return ProductPage.objects.get(pk=page.pk)


def test_officer_cannot_swap_the_reviewed_version_through_the_admin_api(world, client):
    false_revision, task_state = _submit_benign_after_false(client, world.a)

    # While the page waits at the facilitator's task, the officer brings back the false draft.
    response = _api_action(client, world.a.product, "revert_to_page_revision", {"revision_id": false_revision})
    assert response.status_code == 403, response.content[:500]

    client.force_login(world.facilitator_a)
    preview = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]))
    assert BENIGN_TITLE in preview.content.decode()
    assert client.post(action_url(world.a.product, "approve", task_state), {"comment": ""}).status_code == 302

    live = _live(world.a.product)
    assert live.live_revision_id == task_state.revision_id
    assert (live.title, live.price) == (BENIGN_TITLE, 15000)
    assert FALSE_TITLE not in client.get(live.url).content.decode()


def test_approval_publishes_the_reviewed_revision_or_nothing(world, client):
    """A revision made after submission (here by a superuser, the only one the moderation lock
    lets edit) is never published by the facilitator's approval: the approval is refused with
    a message saying why, and nothing changes."""
    _false_revision, task_state = _submit_benign_after_false(client, world.a)
    client.force_login(world.superuser)
    newer = _save_draft(client, world.a, title="Versi Lebih Baru")
    assert newer != task_state.revision_id

    client.force_login(world.facilitator_a)
    before = db_snapshot()
    response = client.post(action_url(world.a.product, "approve", task_state), {"comment": ""})
    assert response.status_code == 302
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "ada versi lebih baru" in messages, messages
    assert db_snapshot() == before
    live = _live(world.a.product)
    assert live.title == "Beras Widoro" and live.live_revision_id != newer
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # Requesting changes still works: the officer then resubmits the latest version.
    assert client.post(action_url(world.a.product, "reject", task_state), {"comment": "Ada versi baru"}).status_code
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED


# A payload each action accepts, so that a refusal is the guard's, not a validation error.
ACTION_PAYLOADS = {
    "revert_to_page_revision": lambda w, revision: {"revision_id": revision},
    "copy": lambda w, revision: {
        "destination_page_id": _index(w.a.cooperative).pk,
        "title": "Salinan",
        "slug": "salinan-api",
        "keep_live": False,
    },
    "move": lambda w, revision: {"destination_page_id": _index(w.a.cooperative).pk, "position": "last-child"},
    "publish": lambda w, revision: {},
    "unpublish": lambda w, revision: {},
    "delete": lambda w, revision: {},
    "convert_alias": lambda w, revision: {},
    "create_alias": lambda w, revision: {"destination_page_id": _index(w.a.cooperative).pk, "update_slug": "alias-api"},
    "copy_for_translation": lambda w, revision: {"locale": "id"},
}


def _page_actions() -> list[str]:
    """Every page action the admin API offers, read from the endpoint Wagtail routes to."""
    return sorted(resolve(reverse("wagtailadmin_api:pages:action", args=[1, "publish"])).func.cls.actions)


def test_every_admin_api_page_action_is_attacked():
    # An action added by a Wagtail upgrade fails here until it has a payload (and so an attack).
    assert set(_page_actions()) == set(ACTION_PAYLOADS)


@pytest.mark.parametrize("name", _page_actions())
@pytest.mark.parametrize("who", ["officer", "facilitator"])
def test_no_admin_api_action_on_a_page_in_moderation(world, client, who, name):
    """The page waits for approval: neither its officer nor its reviewing facilitator changes
    anything through the admin API, whatever the action."""
    false_revision, task_state = _submit_benign_after_false(client, world.a)
    client.force_login(world.a.officer if who == "officer" else world.facilitator_a)
    before = db_snapshot()
    response = _api_action(client, world.a.product, name, ACTION_PAYLOADS[name](world, false_revision))
    assert response.status_code in (400, 403, 404), (name, response.status_code, response.content[:300])
    assert db_snapshot() == before, name
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_officer_still_reverts_own_page_outside_moderation(world, client):
    """The other side: nothing waits, so the API's revert does what the editor's revert does (a new draft)."""
    client.force_login(world.a.officer)
    old = _save_draft(client, world.a, title="Judul Lama Widoro")
    _save_draft(client, world.a, title="Judul Baru Widoro")
    response = _api_action(client, world.a.product, "revert_to_page_revision", {"revision_id": old})
    assert response.status_code == 200, response.content[:500]
    product = ProductPage.objects.get(pk=world.a.product.pk)
    assert product.get_latest_revision().content["title"] == "Judul Lama Widoro"
    assert _live(world.a.product).live_revision.content["title"] == "Beras Widoro"  # still a draft only
