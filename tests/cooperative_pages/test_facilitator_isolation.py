"""Facilitators (pendamping) from the attacker's side.

A facilitator has no page, image or document permission of their own: they reach a
page only while it waits at the national workflow's regional task, and only if
the cooperative lies in their region. First, facilitators of other regions run the
officer tests' ATTACKS and LISTINGS (aimed at cooperative B, Tambakreja in
Cilacap, Central Java) and the workflow's own URLs, while B has submissions in
moderation and while nothing of B waits: each is refused or shows nothing of B,
in the page or in the messages it queues, and nothing changes in the database.
Then the facilitator of cooperative A's regency reviews A's submission, cannot do
what review does not need, and loses the page once they have decided.
"""

from __future__ import annotations

import copy

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, Workflow, WorkflowState

from cooperative_pages.models import NewsPage, ProductPage, RegionalApprovalTask
from cooperative_pages.services import portal_page, role_groups_ensure
from cooperative_pages.workflow import national_workflow_ensure
from tests.factories import make_cooperative, make_facilitator, make_user, uploaded_jpeg, uploaded_pdf

from . import isolation as attack
from .conftest import VILLAGE_A, VILLAGE_B, World, _side
from .isolation import (
    SECRET_TITLES,
    add_product_post,
    assert_api_refused,
    assert_not_shown,
    assert_refused,
    db_snapshot,
    editor_post,
    page_form_data,
)
from .test_officer_isolation import ATTACKS, LISTINGS, PUBLIC_BY_DESIGN, _first_revision_id, _index
from .test_workflow_routing import NEW_TITLE, action_url, submit

# The world takes about a second to build and the matrices below run some 350 cases on it,
# so it is built once for the module inside a transaction (as in tests/api/test_contract.py);
# each test runs in a savepoint within it and gets its own copy of the Python objects.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        national_workflow_ensure(portal=portal_page())
        role_groups_ensure()
        # As the `world` fixture in conftest.py builds it.
        world = World(
            a=_side("Widoro", VILLAGE_A, "a"),
            b=_side("Tambakreja", VILLAGE_B, "b"),
            facilitator_a=make_facilitator("pendamping_pacitan", "35.01"),
            facilitator_b=make_facilitator("pendamping_jateng", "33"),
            superuser=make_user("admin", is_superuser=True, is_staff=True),
        )
        # Facilitators whose regions do not hold B, each with a cooperative of their own to review.
        make_cooperative(village_code="33.02.01.2001", name="Koperasi Desa Merah Putih Cirahab")
        make_cooperative(village_code="33.01.02.2001", name="Koperasi Desa Merah Putih Menganti")
        outsiders = [
            world.facilitator_a,  # Kabupaten Pacitan, East Java: another province
            make_facilitator("pendamping_banyumas", "33.02"),  # the neighbouring regency in Central Java
            make_facilitator("pendamping_kesugihan", "33.01.02"),  # a neighbouring district in B's own regency
        ]
        cache.clear()
        yield world, outsiders
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def world(_module_world, db) -> World:
    return copy.deepcopy(_module_world[0])


@pytest.fixture
def outsiders(_module_world, db) -> list:
    return copy.deepcopy(_module_world[1])


# The editor's "approve" button, as Wagtail's workflow action menu posts it.
APPROVE_IN_EDITOR = {
    "action-workflow-action": "1",
    "workflow-action-name": "approve",
    "workflow-action-extra-data": "{}",
}

SUBMITTED_B = "Usulan Beras Tambakreja"  # B's product as submitted, never live while it waits
SECRETS = (*SECRET_TITLES, SUBMITTED_B)


def _decide(client, facilitator, page, task_state, action: str) -> None:
    client.force_login(facilitator)
    response = client.post(action_url(page, action, task_state), {"comment": "Sudah diperiksa"})
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status != TaskState.STATUS_IN_PROGRESS
    client.logout()


def _submit_draft(side) -> TaskState:
    """The officer submits ``side``'s never-published product."""
    side.draft_product.save_revision(user=side.officer)
    Workflow.objects.get(active=True).start(side.draft_product, side.officer)
    return TaskState.objects.get(
        workflow_state__object_id=str(side.draft_product.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def _b_in_moderation(client, w) -> None:
    """B's live product edited and submitted, and its never-published product submitted."""
    submit(client, w.b, title=SUBMITTED_B)
    _submit_draft(w.b)


def _b_nothing_waiting(client, w) -> None:
    """Both submissions of B were decided by B's facilitator: nothing waits, but their task states remain."""
    _decide(client, w.facilitator_b, w.b.product, submit(client, w.b, title=SUBMITTED_B), "reject")
    _decide(client, w.facilitator_b, w.b.draft_product, _submit_draft(w.b), "reject")


STATES = {"in_moderation": _b_in_moderation, "nothing_waiting": _b_nothing_waiting}


def _latest_task_state(page) -> TaskState:
    return TaskState.objects.filter(workflow_state__object_id=str(page.pk)).latest("pk")


def _action_post(page, action: str, comment: str, *, task_of=None) -> tuple[str, str, dict]:
    """An attack case: POST a workflow action on ``page`` with the newest task state of ``task_of``
    (by default the page's own)."""
    task_state = _latest_task_state(task_of or page)
    return ("post", action_url(page, action, task_state), {"comment": comment})


# The workflow's own URLs on B's submissions (in progress, or decided when nothing waits).
WORKFLOW_ATTACKS = {
    "approve": lambda w: _action_post(w.b.product, "approve", "Bukan wilayah saya"),
    "reject": lambda w: _action_post(w.b.product, "reject", "Bukan wilayah saya"),
    "approve_draft": lambda w: _action_post(w.b.draft_product, "approve", ""),
    "approve_xhr_modal": lambda w: ("get", action_url(w.b.product, "approve", _latest_task_state(w.b.product)), None),
    "collect_action_data_get": lambda w: attack.get(
        "wagtailadmin_pages:collect_workflow_action_data",
        w.b.draft_product.pk,
        "approve",
        _latest_task_state(w.b.draft_product).pk,
    ),
    "collect_action_data_post": lambda w: attack.post(
        "wagtailadmin_pages:collect_workflow_action_data",
        w.b.product.pk,
        "reject",
        _latest_task_state(w.b.product).pk,
        data={"comment": "x"},
    ),
    "workflow_preview_product": lambda w: attack.get(
        "wagtailadmin_pages:workflow_preview", w.b.product.pk, RegionalApprovalTask.objects.get().pk
    ),
    "editor_approve": lambda w: editor_post(w.b.product, title="Diretas", **APPROVE_IN_EDITOR),
    "editor_cancel_workflow": lambda w: editor_post(w.b.product, title="Diretas", **{"action-cancel-workflow": "1"}),
    "editor_restart_workflow": lambda w: editor_post(w.b.product, title="Diretas", **{"action-restart-workflow": "1"}),
    "revisions_compare_live_latest": lambda w: attack.get(
        "wagtailadmin_pages:revisions_compare", w.b.product.pk, "live", "latest"
    ),
    "workflow_history_detail": lambda w: attack.get(
        "wagtailadmin_pages:workflow_history_detail",
        w.b.product.pk,
        _latest_task_state(w.b.product).workflow_state_id,
    ),
    "view_draft_product": lambda w: attack.get("wagtailadmin_pages:view_draft", w.b.product.pk),
    "preview_product": lambda w: attack.get("wagtailadmin_pages:preview_on_edit", w.b.product.pk),
    # ATTACKS' "confirm_workflow_cancellation" asks the same of B's product in both states.
}
# Every attack an officer of another cooperative is refused, and the workflow's own URLs.
OUTSIDER_ATTACKS = {**ATTACKS, **WORKFLOW_ATTACKS}
assert len(OUTSIDER_ATTACKS) == len(ATTACKS) + len(WORKFLOW_ATTACKS), "one name, one attack"


# Answered to anyone who asks: a document (served to whoever has its link) and Wagtail's
# "publishing will cancel the workflow" modal, which names the workflow and its task, never the page.
ANSWERED_TO_ANYONE = {*PUBLIC_BY_DESIGN, "confirm_workflow_cancellation"}


def _assert_nothing_of_b(response, what: str) -> None:
    """Neither the response nor a message it queued for the next page names anything of B."""
    assert_not_shown(response, what, secrets=SECRETS)
    queued = " ".join(str(message) for message in get_messages(response.wsgi_request))
    for secret in SECRETS:
        assert secret not in queued, f"{what}: a message names {secret!r}"


def _attack_as(user, name: str, build, world) -> None:
    method, url, data = build(world)
    client = Client()  # a fresh cookie jar: no message of an earlier attack is carried over
    client.force_login(user)
    what = f"{user.username}: {name}"
    before = db_snapshot()

    response = attack.send(client, method, url, data)

    if name not in PUBLIC_BY_DESIGN:
        _assert_nothing_of_b(response, what)
    # Bulk actions skip the pages the user may not act on: only the database tells.
    if name.startswith("api_action_"):
        assert_api_refused(response, what)
    elif name not in ANSWERED_TO_ANYONE and not name.startswith("bulk_"):
        assert_refused(response, what)
    # No upload lands anywhere either: a facilitator has no collection of their own.
    assert db_snapshot() == before, f"{what} changed the database"


@pytest.mark.parametrize("name", sorted(OUTSIDER_ATTACKS))
@pytest.mark.parametrize("state", sorted(STATES))
def test_other_regions_facilitators_cannot_touch_the_cooperative(world, client, outsiders, state, name):
    STATES[state](client, world)
    for facilitator in outsiders:
        _attack_as(facilitator, name, OUTSIDER_ATTACKS[name], world)
    if state == "in_moderation":  # B's submissions still wait
        for page in (world.b.product, world.b.draft_product):
            assert _latest_task_state(page).status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("name", ["approve", "collect_action_data_get", "workflow_preview_product"])
def test_not_in_moderation_message_names_the_page_to_its_reviewers_only(world, client, name):
    """Wagtail's "not awaiting moderation" message names the page (its draft title): B's
    facilitator still gets it; an officer of another cooperative is refused without it."""
    _b_nothing_waiting(client, world)
    _attack_as(world.a.officer, name, WORKFLOW_ATTACKS[name], world)
    method, url, data = WORKFLOW_ATTACKS[name](world)
    reviewer = Client()
    reviewer.force_login(world.facilitator_b)
    response = attack.send(reviewer, method, url, data)
    assert response.status_code == 302
    assert "Tambakreja" in " ".join(str(message) for message in get_messages(response.wsgi_request))


# The facilitator's own screens, and the chooser page above B that the district facilitator shares.
FACILITATOR_LISTINGS = {
    "facilitator_console_pending": lambda w: reverse("dashboard_facilitator_console") + "?show=pending",
    "facilitator_console_stale": lambda w: reverse("dashboard_facilitator_console") + "?show=stale",
    "facilitator_console_gaps": lambda w: reverse("dashboard_facilitator_console") + "?show=gaps",
    "officer_invitations": lambda w: reverse("kmp_officers:index"),
    "page_chooser_b_regency": lambda w: reverse(
        "wagtailadmin_choose_page_child", args=[w.b.cooperative.get_parent().pk]
    ),
}


@pytest.mark.parametrize("name", sorted({**LISTINGS, **FACILITATOR_LISTINGS}))
@pytest.mark.parametrize("state", sorted(STATES))
def test_other_regions_facilitators_never_see_the_cooperative(world, client, outsiders, state, name):
    STATES[state](client, world)
    url = {**LISTINGS, **FACILITATOR_LISTINGS}[name](world)
    for facilitator in outsiders:
        attacker = Client()
        attacker.force_login(facilitator)
        before = db_snapshot()
        response = attacker.get(url)
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code
        _assert_nothing_of_b(response, f"{facilitator.username}: {name}")
        assert db_snapshot() == before


def test_outsiders_see_their_own_region_in_the_same_listings(world, client, outsiders):
    """The other side: the same screens do list each outsider's own region, so the checks above can fail."""
    _b_in_moderation(client, world)
    submit(client, world.a)
    client.force_login(world.facilitator_a)
    assert NEW_TITLE in client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Koperasi Desa Merah Putih Widoro" in client.get(reverse("dashboard_facilitator_console")).content.decode()
    client.force_login(outsiders[2])
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[world.b.cooperative.get_parent().pk]))
    assert "Koperasi Desa Merah Putih Menganti" in browse.content.decode()
    client.force_login(world.facilitator_b)
    assert SUBMITTED_B in client.get(reverse("wagtailadmin_home")).content.decode()


def _revert_post(w, **changes) -> tuple[str, str, dict]:
    """An attack case: revert A's product to its first revision, with ``changes`` in the form."""
    revision_id = _first_revision_id(w.a.product)
    data = page_form_data(w.a.product, **changes)
    return attack.post("wagtailadmin_pages:revisions_revert", w.a.product.pk, revision_id, data=data)


def _locked_by_admin(w) -> Page:
    """A's product, locked by a national admin while it waits."""
    Page.objects.filter(pk=w.a.product.pk).update(locked=True, locked_by=w.superuser, locked_at=timezone.now())
    return w.a.product


# What cooperative A's regency facilitator may not do while A's product waits for them.
OVERREACH = {
    # The page under review: review decides on it, nothing more.
    "delete_get": lambda w: attack.get("wagtailadmin_pages:delete", w.a.product.pk),
    "delete_post": lambda w: attack.post("wagtailadmin_pages:delete", w.a.product.pk),
    "move_get": lambda w: attack.get("wagtailadmin_pages:move", w.a.product.pk),
    "move_confirm_into_b": lambda w: attack.post(
        "wagtailadmin_pages:move_confirm", w.a.product.pk, _index(w.b.cooperative).pk
    ),
    "set_position": lambda w: attack.post("wagtailadmin_pages:set_page_position", w.a.product.pk, query="?position=0"),
    "copy_post": lambda w: attack.copy_post(w.a.product, into=_index(w.a.cooperative)),
    "unpublish_get": lambda w: attack.get("wagtailadmin_pages:unpublish", w.a.product.pk),
    "unpublish_post": lambda w: attack.post("wagtailadmin_pages:unpublish", w.a.product.pk),
    "lock": lambda w: attack.post("wagtailadmin_pages:lock", w.a.product.pk),
    "unlock": lambda w: attack.post("wagtailadmin_pages:unlock", _locked_by_admin(w).pk),
    "privacy_get": lambda w: attack.get("wagtailadmin_pages:set_privacy", w.a.product.pk),
    "privacy_post": lambda w: attack.post(
        "wagtailadmin_pages:set_privacy", w.a.product.pk, data=attack.PASSWORD_RESTRICTION
    ),
    "revisions_revert_get": lambda w: attack.get(
        "wagtailadmin_pages:revisions_revert", w.a.product.pk, _first_revision_id(w.a.product)
    ),
    "revisions_revert_post": lambda w: _revert_post(w, title="Versi Lama"),
    "revisions_revert_post_publish": lambda w: _revert_post(w, title="Versi Lama", **{"action-publish": "1"}),
    "bulk_delete": lambda w: attack.bulk_post("delete", w.a.product),
    "bulk_unpublish": lambda w: attack.bulk_post("unpublish", w.a.product),
    "bulk_move": lambda w: attack.bulk_post("move", w.a.product, data={"chooser": str(_index(w.b.cooperative).pk)}),
    # A's images and documents: library_attacks() below
    # A's other pages, which wait for nobody
    "edit_draft_get": lambda w: attack.get("wagtailadmin_pages:edit", w.a.draft_product.pk),
    "publish_draft_in_editor": lambda w: editor_post(w.a.draft_product, **{"action-publish": "1"}),
    "submit_draft_in_editor": lambda w: editor_post(w.a.draft_product, **{"action-submit": "1"}),
    "bulk_publish_draft": lambda w: attack.bulk_post("publish", w.a.draft_product),
    "approve_draft_with_this_task_state": lambda w: _action_post(w.a.draft_product, "approve", "", task_of=w.a.product),
    "view_draft_of_draft": lambda w: attack.get("wagtailadmin_pages:view_draft", w.a.draft_product.pk),
    "edit_news_get": lambda w: attack.get(
        "wagtailadmin_pages:edit", NewsPage.objects.descendant_of(w.a.cooperative).get().pk
    ),
    "add_product_post": lambda w: add_product_post(
        w.a.cooperative, w.a.product, title="Produk Pendamping", slug="produk-pendamping", **{"action-publish": "1"}
    ),
    # A's cooperative profile
    "edit_cooperative_get": lambda w: attack.get("wagtailadmin_pages:edit", w.a.cooperative.pk),
    "edit_cooperative_post": lambda w: editor_post(
        w.a.cooperative, description="Diubah pendamping", **{"action-publish": "1"}
    ),
    "approve_cooperative_with_this_task_state": lambda w: _action_post(
        w.a.cooperative, "approve", "", task_of=w.a.product
    ),
}
OVERREACH.update(
    attack.library_attacks(
        "image", app="wagtailimages", multiple_prefix="image", upload=lambda: uploaded_jpeg("curian.jpg"), owner="a"
    )
)
OVERREACH.update(
    attack.library_attacks(
        "document", app="wagtaildocs", multiple_prefix="doc", upload=lambda: uploaded_pdf("curian.pdf"), owner="a"
    )
)

# Wagtail lets whoever may open a page's editor open its copy form (can_copy is can_edit); the
# copy itself needs "add" at the destination, so the form comes back with an error.
ANSWERED_WITH_FORM = {"copy_post"}


@pytest.mark.parametrize("name", sorted(OVERREACH))
def test_reviewing_facilitator_does_only_what_review_needs(world, client, name):
    task_state = submit(client, world.a)
    method, url, data = OVERREACH[name](world)
    client.force_login(world.facilitator_a)
    before = db_snapshot()

    response = attack.send(client, method, url, data)

    if not name.startswith("bulk_") and not (name in ANSWERED_WITH_FORM and response.status_code == 200):
        assert_refused(response, name)
    assert db_snapshot() == before, f"{name} changed the database"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_reviewing_facilitator_gets_the_submission(world, client):
    """The other side of the matrix above: everything review needs is there."""
    task_state = submit(client, world.a)
    client.force_login(world.facilitator_a)
    assert NEW_TITLE in client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Koperasi Desa Merah Putih Widoro" in client.get(reverse("dashboard_facilitator_console")).content.decode()
    for url in (
        reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]),
        reverse("wagtailadmin_pages:view_draft", args=[world.a.product.pk]),
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NEW_TITLE in response.content.decode(), url
    modal = client.get(
        reverse("wagtailadmin_pages:collect_workflow_action_data", args=[world.a.product.pk, "reject", task_state.pk])
    )
    assert modal.status_code == 200
    assert client.post(action_url(world.a.product, "reject", task_state), {"comment": "Foto kurang"}).status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED


# Once the facilitator has decided, the page is the officer's again.
AFTER_DECISION = {
    "edit_get": lambda w, ts: attack.get("wagtailadmin_pages:edit", w.a.product.pk),
    "edit_post": lambda w, ts: editor_post(w.a.product, title="Suntingan Terlambat"),
    "editor_approve": lambda w, ts: editor_post(w.a.product, **APPROVE_IN_EDITOR),
    "approve_again": lambda w, ts: ("post", action_url(w.a.product, "approve", ts), {"comment": ""}),
    "reject_again": lambda w, ts: ("post", action_url(w.a.product, "reject", ts), {"comment": ""}),
    "collect_action_data": lambda w, ts: attack.get(
        "wagtailadmin_pages:collect_workflow_action_data", w.a.product.pk, "approve", ts.pk
    ),
    "workflow_preview": lambda w, ts: attack.get("wagtailadmin_pages:workflow_preview", w.a.product.pk, ts.task_id),
    "view_draft": lambda w, ts: attack.get("wagtailadmin_pages:view_draft", w.a.product.pk),
    "preview_on_edit": lambda w, ts: attack.get("wagtailadmin_pages:preview_on_edit", w.a.product.pk),
    "workflow_history": lambda w, ts: attack.get("wagtailadmin_pages:workflow_history", w.a.product.pk),
    "revisions_compare": lambda w, ts: attack.get(
        "wagtailadmin_pages:revisions_compare", w.a.product.pk, "earliest", "latest"
    ),
}


@pytest.mark.parametrize("name", sorted(AFTER_DECISION))
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_access_to_the_page_ends_with_the_decision(world, client, decision, name):
    task_state = submit(client, world.a)
    _decide(client, world.facilitator_a, world.a.product, task_state, decision)
    # The officer works on: the facilitator may not see what comes next.
    product = ProductPage.objects.get(pk=world.a.product.pk)
    product.title = "Draf Berikutnya Widoro"
    product.save_revision(user=world.a.officer)
    method, url, data = AFTER_DECISION[name](world, task_state)
    client.force_login(world.facilitator_a)
    before = db_snapshot()

    response = attack.send(client, method, url, data)

    assert_refused(response, name)
    assert_not_shown(response, name, secrets=("Draf Berikutnya Widoro",))
    assert db_snapshot() == before, f"{name} changed the database"
    if decision == "reject":
        assert WorkflowState.objects.get(pk=task_state.workflow_state_id).status == WorkflowState.STATUS_NEEDS_CHANGES


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_decided_submission_leaves_the_reviewers_lists(world, client, decision):
    _decide(client, world.facilitator_a, world.a.product, submit(client, world.a), decision)
    client.force_login(world.facilitator_a)
    assert NEW_TITLE not in client.get(reverse("wagtailadmin_home")).content.decode()
    console = client.get(reverse("dashboard_facilitator_console") + "?show=pending").content.decode()
    assert "Koperasi Desa Merah Putih Widoro" not in console
