"""Registry data (registry ID, legal-entity number and date, village - the fields only holders
of ``cooperative_pages.change_registry_data`` may change) are never rolled back by an officer:
a revision saved, reverted to or published by or for someone without the permission takes
them from the live page. From the attacker's side: the officer brings back a revision made
before a national admin's correction - in the editor or through the admin API - submits it,
and the facilitator approves."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from cooperative_pages.models import CooperativePage
from tests.factories import region_chain

from .isolation import page_form_data
from .test_workflow_routing import action_url

CORRECTED = {
    "legal_entity_number": "AHU-0001234.AH.01.29.TAHUN2025",
    "legal_entity_date": datetime.date(2025, 7, 21),
    "village_id": "35.01.02.2001",  # another village of the same regency: its district changes
}


def _stored(cooperative) -> dict:
    page = CooperativePage.objects.get(pk=cooperative.pk)
    return {name: getattr(page, name) for name in (*CORRECTED, "district_id", "registry_id")}


def _publish_as_is(world, revision_id: int) -> None:
    CooperativePage.objects.get(pk=world.a.cooperative.pk).revisions.get(pk=revision_id).publish(
        skip_permission_checks=True
    )


def _correct_as_admin(client, world, **fields) -> None:
    """The national admin corrects the registry data in the editor and publishes."""
    region_chain(CORRECTED["village_id"])
    cooperative = CooperativePage.objects.get(pk=world.a.cooperative.pk)
    client.force_login(world.superuser)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[cooperative.pk]),
        page_form_data(
            cooperative,
            registry_id=cooperative.registry_id,
            legal_entity_number=CORRECTED["legal_entity_number"],
            legal_entity_date=CORRECTED["legal_entity_date"].isoformat(),
            village=CORRECTED["village_id"],
            **fields,
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _stored(cooperative)["legal_entity_number"] == CORRECTED["legal_entity_number"]


def _officer_draft(client, world, description: str) -> int:
    cooperative = CooperativePage.objects.get(pk=world.a.cooperative.pk)
    client.force_login(world.a.officer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[cooperative.pk]), page_form_data(cooperative, description=description)
    )
    assert response.status_code == 302
    return CooperativePage.objects.get(pk=cooperative.pk).latest_revision_id


def _revert_in_editor_and_submit(client, world, revision_id: int) -> None:
    cooperative = CooperativePage.objects.get(pk=world.a.cooperative.pk)
    old = cooperative.revisions.get(pk=revision_id).as_object()
    response = client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[cooperative.pk, revision_id]),
        page_form_data(old, **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _revert_through_api_and_submit(client, world, revision_id: int) -> None:
    cooperative = world.a.cooperative
    response = client.post(
        reverse("wagtailadmin_api:pages:action", args=[cooperative.pk, "revert_to_page_revision"]),
        json.dumps({"revision_id": revision_id}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content[:500]
    latest = CooperativePage.objects.get(pk=cooperative.pk).get_latest_revision_as_object()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[cooperative.pk]), page_form_data(latest, **{"action-submit": "1"})
    )
    assert response.status_code == 302


def _approve(client, world) -> None:
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(world.a.cooperative.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    client.force_login(world.facilitator_a)
    assert client.post(action_url(world.a.cooperative, "approve", task_state), {"comment": ""}).status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED


@pytest.mark.parametrize("revert", [_revert_in_editor_and_submit, _revert_through_api_and_submit])
def test_officer_cannot_roll_back_the_admins_correction(world, client, revert):
    # The officer's profile goes live, then the national admin corrects the registry data.
    old_revision = _officer_draft(client, world, "Profil lama koperasi")
    _publish_as_is(world, old_revision)
    _correct_as_admin(client, world, description="Profil setelah koreksi")
    corrected = _stored(world.a.cooperative)
    assert corrected["district_id"] == "35.01.02"

    client.force_login(world.a.officer)
    revert(client, world, old_revision)
    latest = CooperativePage.objects.get(pk=world.a.cooperative.pk).get_latest_revision()
    assert latest.content["legal_entity_number"] == CORRECTED["legal_entity_number"]  # the stored draft is clean
    _approve(client, world)

    published = CooperativePage.objects.get(pk=world.a.cooperative.pk)
    assert published.description == "Profil lama koperasi"  # the officer's old content went live...
    assert _stored(published) == corrected  # ...the registry data stayed as corrected
    assert published.live_revision.content["village"] == CORRECTED["village_id"]


def test_national_admin_still_changes_registry_data(world, client):
    """The other side: the permission holder's correction does go live (the checks above can fail)."""
    before = _stored(world.a.cooperative)
    _correct_as_admin(client, world)
    after = _stored(world.a.cooperative)
    assert after != before
    assert after["village_id"] == CORRECTED["village_id"] and after["district_id"] == "35.01.02"


def test_officer_cannot_roll_back_registry_data_of_a_page_that_is_not_live(world, client):
    """A page that is not live is saved as edited (no revision holds the draft apart): same rule."""
    old_revision = CooperativePage.objects.get(pk=world.a.cooperative.pk).revisions.earliest("pk").pk
    _correct_as_admin(client, world)
    CooperativePage.objects.filter(pk=world.a.cooperative.pk).update(live=False)  # unpublished since
    corrected = _stored(world.a.cooperative)
    client.force_login(world.a.officer)
    cooperative = CooperativePage.objects.get(pk=world.a.cooperative.pk)
    old = cooperative.revisions.get(pk=old_revision).as_object()
    response = client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[cooperative.pk, old_revision]),
        page_form_data(old, description="Dikembalikan pengurus"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CooperativePage.objects.get(pk=cooperative.pk).description == "Dikembalikan pengurus"
    assert _stored(cooperative) == corrected


def test_approval_publishes_the_live_registry_data(world, client):
    """The registry data change while the officer's submission waits, without a revision of the
    page (a data migration, a registry sync writing the row): the approval keeps them."""
    _officer_draft(client, world, "Profil menunggu persetujuan")
    cooperative = CooperativePage.objects.get(pk=world.a.cooperative.pk)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[cooperative.pk]),
        page_form_data(cooperative.get_latest_revision_as_object(), **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    CooperativePage.objects.filter(pk=cooperative.pk).update(legal_entity_number=CORRECTED["legal_entity_number"])
    _approve(client, world)
    published = CooperativePage.objects.get(pk=cooperative.pk)
    assert published.description == "Profil menunggu persetujuan"
    assert published.legal_entity_number == CORRECTED["legal_entity_number"]
