"""The national workflow routes each submission to the facilitators of the
cooperative's region: they approve (the page goes live) or reject; everyone
else - other regions' facilitators, the officer themselves - is refused and
changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from cooperative_pages import conf
from cooperative_pages.models import ProductPage
from cooperative_pages.services import role_groups_ensure
from tests.factories import make_facilitator, make_user

from .isolation import assert_refused, db_snapshot, page_form_data

NEW_TITLE = "Beras Widoro Premium"


def submit(client, side, *, title: str = NEW_TITLE) -> TaskState:
    """Officer of ``side`` edits its live product and submits it for approval through the editor."""
    client.force_login(side.officer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[side.product.pk]),
        page_form_data(side.product, title=title, **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    client.logout()
    state = WorkflowState.objects.get(object_id=str(side.product.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    return state.current_task_state


def action_url(page, action: str, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def live_title(page) -> str:
    return ProductPage.objects.get(pk=page.pk).live_revision.content["title"]


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_submission_is_in_progress_at_the_regional_task(world, client):
    task_state = submit(client, world.a)
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.task.specific.__class__.__name__ == "RegionalApprovalTask"
    product = ProductPage.objects.get(pk=world.a.product.pk)
    assert product.workflow_in_progress
    assert live_title(product) == "Beras Widoro"


def test_regency_facilitator_sees_and_approves(world, client):
    task_state = submit(client, world.a)
    assert NEW_TITLE in dashboard(client, world.facilitator_a)
    preview = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]))
    assert preview.status_code == 200
    assert NEW_TITLE in preview.content.decode()

    response = client.post(action_url(world.a.product, "approve", task_state), {"comment": "Sudah sesuai"})
    assert response.status_code == 302

    product = ProductPage.objects.get(pk=world.a.product.pk)
    assert product.live and not product.has_unpublished_changes
    assert product.title == NEW_TITLE and live_title(product) == NEW_TITLE
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == world.facilitator_a
    assert task_state.comment == "Sudah sesuai"
    assert task_state.workflow_state.status == WorkflowState.STATUS_APPROVED

    log = {
        (entry.action, entry.user_id)
        for entry in PageLogEntry.objects.filter(page=product, timestamp__gte=task_state.started_at)
    }
    assert ("wagtail.workflow.start", world.a.officer.pk) in log
    assert ("wagtail.workflow.approve", world.facilitator_a.pk) in log
    assert ("wagtail.publish", world.facilitator_a.pk) in log
    assert NEW_TITLE in client.get(product.url).content.decode()
    # Done: it leaves the facilitator's review panel.
    assert NEW_TITLE not in dashboard(client, world.facilitator_a)


def test_facilitator_rejects_with_comment(world, client):
    task_state = submit(client, world.a)
    client.force_login(world.facilitator_a)
    response = client.post(action_url(world.a.product, "reject", task_state), {"comment": "Harga belum jelas"})
    assert response.status_code == 302

    product = ProductPage.objects.get(pk=world.a.product.pk)
    assert live_title(product) == "Beras Widoro"
    assert product.has_unpublished_changes
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Harga belum jelas"
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert PageLogEntry.objects.filter(
        page=product, action="wagtail.workflow.reject", user=world.facilitator_a
    ).exists()
    assert "Beras Widoro Premium" not in client.get(product.url).content.decode()

    # The officer can edit again and resubmit.
    client.force_login(world.a.officer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[product.pk])).status_code == 200


def _other_region_facilitator(w):
    return w.facilitator_b


def _neighbouring_regency_facilitator(w):
    return make_facilitator("pendamping_ponorogo", "35.02")


def _other_district_facilitator(w):
    return make_facilitator("pendamping_pringkuku", "35.01.02")


def _officer_themselves(w):
    return w.a.officer


def _officer_of_other_cooperative(w):
    return w.b.officer


def _plain_admin_user(w):
    user = make_user("staf_biasa")
    role_groups_ensure()["OFFICER_GROUP"].user_set.add(user)
    return user


OUTSIDERS = [
    _other_region_facilitator,
    _neighbouring_regency_facilitator,
    _other_district_facilitator,
    _officer_themselves,
    _officer_of_other_cooperative,
    _plain_admin_user,
]


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_outsiders_cannot_act_and_change_nothing(world, client, outsider, action):
    task_state = submit(client, world.a)
    user = outsider(world)
    assert NEW_TITLE not in dashboard(client, user) or user == world.a.officer
    before = db_snapshot()

    response = client.post(action_url(world.a.product, action, task_state), {"comment": "Bukan wilayah saya"})
    assert_refused(response, f"{outsider.__name__} {action}")
    # The same through the editor's workflow action button.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
        page_form_data(
            world.a.product,
            title=NEW_TITLE,
            **{"action-workflow-action": "1", "workflow-action-name": action, "workflow-action-extra-data": "{}"},
        ),
    )
    assert response.status_code in (200, 302, 403)
    # And the modal that collects the comment first.
    response = client.get(
        reverse("wagtailadmin_pages:collect_workflow_action_data", args=[world.a.product.pk, action, task_state.pk])
    )
    assert_refused(response, "collect data")

    assert db_snapshot() == before
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert live_title(world.a.product) == "Beras Widoro"


@pytest.mark.parametrize("outsider", [_other_region_facilitator, _neighbouring_regency_facilitator])
def test_outsiders_cannot_preview_or_open_the_submission(world, client, outsider):
    task_state = submit(client, world.a)
    client.force_login(outsider(world))
    for url in (
        reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]),
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[world.a.product.pk, "live", "latest"]),
        reverse("wagtailadmin_pages:workflow_history", args=[world.a.product.pk]),
    ):
        response = client.get(url)
        assert_refused(response, url)
        assert NEW_TITLE not in response.content.decode()
    for report in ("wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"):
        response = client.get(reverse(report))
        assert NEW_TITLE not in response.content.decode()


def test_task_state_of_another_page_cannot_be_smuggled_in(world, client):
    """Facilitator B approves their own region's page URL but with A's task state id."""
    task_state_a = submit(client, world.a)
    task_state_b = submit(client, world.b, title="Beras Tambakreja Baru")
    client.force_login(world.facilitator_b)
    before = db_snapshot()
    response = client.post(action_url(world.b.product, "approve", task_state_a), {"comment": ""})
    assert_refused(response, "smuggled task state")
    assert db_snapshot() == before
    # Their own one still works.
    response = client.post(action_url(world.b.product, "approve", task_state_b), {"comment": ""})
    assert response.status_code == 302
    assert live_title(world.b.product) == "Beras Tambakreja Baru"
    assert live_title(world.a.product) == "Beras Widoro"


def test_district_facilitator_approves(world, client):
    district_facilitator = make_facilitator("pendamping_donorojo", "35.01.01")
    task_state = submit(client, world.a)
    assert NEW_TITLE in dashboard(client, district_facilitator)
    response = client.post(action_url(world.a.product, "approve", task_state), {"comment": ""})
    assert response.status_code == 302
    assert live_title(world.a.product) == NEW_TITLE


def test_province_facilitator_approves(world, client):
    province_facilitator = make_facilitator("pendamping_jatim", "35")
    task_state = submit(client, world.a)
    client.force_login(province_facilitator)
    response = client.post(action_url(world.a.product, "approve", task_state), {"comment": ""})
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert live_title(world.a.product) == NEW_TITLE


def _national_admin(w):
    user = make_user("admin_nasional")
    group = role_groups_ensure()["NATIONAL_ADMIN_GROUP"]
    assert group.name == conf.get("NATIONAL_ADMIN_GROUP")
    group.user_set.add(user)
    return user


def _superuser(w):
    return w.superuser


@pytest.mark.parametrize("moderator", [_national_admin, _superuser])
def test_national_moderators_act_everywhere(world, client, moderator):
    task_state_a = submit(client, world.a)
    task_state_b = submit(client, world.b, title="Beras Tambakreja Baru")
    user = moderator(world)
    page = dashboard(client, user)
    assert NEW_TITLE in page and "Beras Tambakreja Baru" in page
    assert client.post(action_url(world.a.product, "approve", task_state_a), {"comment": ""}).status_code == 302
    assert client.post(action_url(world.b.product, "reject", task_state_b), {"comment": "Perbaiki"}).status_code == 302
    assert live_title(world.a.product) == NEW_TITLE
    assert live_title(world.b.product) == "Beras Tambakreja"


def test_facilitator_cannot_publish_or_edit_outside_moderation(world, client):
    client.force_login(world.facilitator_a)
    before = db_snapshot()
    for url, data in (
        (reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]), None),
        (
            reverse("wagtailadmin_pages:edit", args=[world.a.draft_product.pk]),
            page_form_data(world.a.draft_product, **{"action-publish": "1"}),
        ),
        (reverse("wagtailadmin_pages:unpublish", args=[world.a.product.pk]), {}),
    ):
        response = client.get(url) if data is None else client.post(url, data)
        assert_refused(response, url)
    # Bulk actions skip the pages the user may not act on and redirect back.
    bulk_publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{bulk_publish}?id={world.a.draft_product.pk}", {})
    assert db_snapshot() == before
