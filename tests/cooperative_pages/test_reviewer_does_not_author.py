"""Facilitators moderate and never author a cooperative's content (PRODUCT.md §4), from the
attacker's side: a reviewer who posts the editor with their own text and "approve" gets
nothing saved and nothing published; the page waits, locked, for a decision taken through
the workflow's preview and action views, which keep working."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import TaskState

from cooperative_pages.models import ProductPage
from cooperative_pages.services import role_groups_ensure
from tests.factories import make_user

from .isolation import db_snapshot, page_form_data
from .test_workflow_routing import NEW_TITLE, action_url, live_title, submit

AUTHORED = "Harga Diubah Pendamping"


def _national_moderator(w):
    """A national admin (the role group: admin access, moderate any region, change registry data)."""
    user = make_user("admin_nasional")
    role_groups_ensure()["NATIONAL_ADMIN_GROUP"].user_set.add(user)
    return user


REVIEWERS = {"regency_facilitator": lambda w: w.facilitator_a, "national_moderator": _national_moderator}

EDITOR_POSTS = {
    "approve": {"action-workflow-action": "1", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
    "approve_with_comment": {
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": '{"comment": "Saya perbaiki harganya"}',
    },
    "reject": {"action-workflow-action": "1", "workflow-action-name": "reject", "workflow-action-extra-data": "{}"},
    "save": {},
}


@pytest.mark.parametrize("post", sorted(EDITOR_POSTS))
@pytest.mark.parametrize("reviewer", sorted(REVIEWERS))
def test_reviewer_cannot_author_through_the_editor(world, client, reviewer, post):
    task_state = submit(client, world.a)
    client.force_login(REVIEWERS[reviewer](world))
    before = db_snapshot()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
        page_form_data(world.a.product, title=AUTHORED, price="1", **EDITOR_POSTS[post]),
    )
    assert response.status_code in (200, 302, 403)
    assert db_snapshot() == before, f"{reviewer} {post} changed the database"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert live_title(world.a.product) == "Beras Widoro"
    assert AUTHORED not in str(ProductPage.objects.get(pk=world.a.product.pk).get_latest_revision().content)


def test_reviewer_reads_the_submission_and_decides_through_the_workflow_views(world, client):
    """The other side: the editor opens read-only, saying what to do, without the approve buttons
    that post the editor; preview, the comment modal and approval work and publish the submission."""
    task_state = submit(client, world.a)
    client.force_login(world.facilitator_a)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]))
    assert editor.status_code == 200
    html = editor.content.decode()
    assert NEW_TITLE in html
    assert "Menunggu keputusan Anda" in html
    assert reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]) in html
    assert "workflow-action-name" not in html  # no approve/reject button that posts the editor
    preview = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]))
    assert preview.status_code == 200 and NEW_TITLE in preview.content.decode()
    modal = client.get(
        reverse("wagtailadmin_pages:collect_workflow_action_data", args=[world.a.product.pk, "approve", task_state.pk])
    )
    assert modal.status_code == 200
    response = client.post(action_url(world.a.product, "approve", task_state), {"comment": "Sesuai"})
    assert response.status_code == 302
    assert not [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]
    assert live_title(world.a.product) == NEW_TITLE


def test_officer_is_told_the_page_waits(world, client):
    submit(client, world.a)
    client.force_login(world.a.officer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[world.a.product.pk])).content.decode()
    assert "Menunggu persetujuan pendamping" in html


def test_superuser_may_still_edit_a_page_in_moderation(world, client):
    task_state = submit(client, world.a)
    client.force_login(world.superuser)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
        page_form_data(world.a.product, title="Koreksi Admin"),
    )
    assert response.status_code == 302
    assert ProductPage.objects.get(pk=world.a.product.pk).get_latest_revision().content["title"] == "Koreksi Admin"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
