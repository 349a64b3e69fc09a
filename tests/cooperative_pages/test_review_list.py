"""The facilitator's review list on the dashboard: cooperative, village and regency, page type,
photo, price and what changed against the live version, at a fixed query count; approving
asks first and says what happened; sending back needs a comment, which reaches the officer;
with nothing to review, the region's next useful work."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import TaskState, Workflow, WorkflowState

from cooperative_pages.models import ProductPage, ProductPageImage
from dashboard.activity import activity_refresh
from tests.factories import make_image, make_product

from .isolation import page_form_data
from .test_workflow_routing import action_url, submit


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _row(page: str, title: str) -> str:
    listing = page[page.index('class="kmp-review"') :]
    start = listing.index(title)
    row_start = listing.rindex('<li class="kmp-review__row"', 0, start)
    # A row holds a list of its own (what changed): it ends at the first </li> after its actions.
    end = listing.index("</li>", listing.index('class="kmp-review__actions"', start))
    return listing[row_start:end]


def test_row_shows_what_the_facilitator_decides_on(world, client):
    client.force_login(world.a.officer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
        page_form_data(world.a.product, price="17.500", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    row = _row(_dashboard(client, world.facilitator_a), "Beras Widoro")
    assert "Koperasi Desa Merah Putih Widoro" in row
    assert "Widoro" in row and "Pacitan" in row  # village and regency
    assert "(produk)" in row
    assert "Rp 17.500" in row
    assert "Yang berubah:" in row and "<strong>Harga (Rp)</strong>: <del>Rp 15.000</del> → <ins>Rp 17.500</ins>" in row
    assert "Nama produk" not in row
    assert "<img" in row  # the product's photo
    task_state = ProductPage.objects.get(pk=world.a.product.pk).current_workflow_task_state
    assert action_url(world.a.product, "approve", task_state) in row
    assert reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id]) in row
    client.force_login(world.facilitator_a)  # the preview it links is open to the reviewer
    preview = reverse("wagtailadmin_pages:workflow_preview", args=[world.a.product.pk, task_state.task_id])
    assert client.get(preview).status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]) not in row  # reviewers do not author


def test_a_new_product_says_it_is_new(world, client):
    product = make_product(world.a.cooperative, title="Madu Baru", publish=False)
    product.save_revision(user=world.a.officer)
    Workflow.objects.get(active=True).start(product, world.a.officer)
    row = _row(_dashboard(client, world.facilitator_a), "Madu Baru")
    assert "Baru: belum ada di microsite." in row


def test_approving_asks_first_then_says_what_happened(world, client):
    task_state = submit(client, world.a)
    client.force_login(world.facilitator_a)
    modal = html.unescape(client.get(action_url(world.a.product, "approve", task_state)).content.decode())
    assert "Ya, setujui dan tayangkan" in modal and "tayang di microsite koperasi" in modal
    assert ProductPage.objects.get(pk=world.a.product.pk).workflow_in_progress  # asking changed nothing

    response = client.post(
        action_url(world.a.product, "approve", task_state),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    redirect = response.json()["redirect"]
    assert redirect == reverse("wagtailadmin_home") + f"?decided={task_state.pk}"
    page = html.unescape(client.get(redirect).content.decode()).split('id="kmp-decided"', 1)[1]
    assert "Disetujui." in page and "Beras Widoro Premium" in page
    assert ProductPage.objects.get(pk=world.a.product.pk).live_revision.content["title"] == "Beras Widoro Premium"


def test_sending_back_needs_a_comment_which_reaches_the_officer(world, client):
    task_state = submit(client, world.a)
    client.force_login(world.facilitator_a)
    url = action_url(world.a.product, "reject", task_state)
    refused = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert "wajib" in html.unescape(refused.content.decode()) or "harus diisi" in html.unescape(
        refused.content.decode()
    )
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    mail.outbox.clear()
    client.post(url, {"comment": "Fotonya buram, tolong ganti."})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert [message.to for message in mail.outbox] == [[world.a.officer.email]]
    assert "Fotonya buram, tolong ganti." in mail.outbox[0].body
    notice = _dashboard(client, world.facilitator_a)
    assert f"decided={task_state.pk}" not in notice  # only the redirect carries it
    decided = html.unescape(client.get(reverse("wagtailadmin_home") + f"?decided={task_state.pk}").content.decode())
    assert "Dikembalikan untuk diperbaiki." in decided and "Fotonya buram, tolong ganti." in decided


def test_another_reviewers_decision_is_not_told(world, client):
    task_state = submit(client, world.b)
    client.force_login(world.facilitator_b)
    client.post(action_url(world.b.product, "reject", task_state), {"comment": "Rahasia Tambakreja"})
    client.force_login(world.facilitator_a)
    page = client.get(reverse("wagtailadmin_home") + f"?decided={task_state.pk}").content.decode()
    assert "Rahasia Tambakreja" not in page and "kmp-decided" not in page


def test_nothing_to_review_shows_the_next_useful_work(world, client):
    activity_refresh(cooperative_ids=[world.a.cooperative.pk, world.b.cooperative.pk])
    page = _dashboard(client, world.facilitator_a)
    assert "Tidak ada yang menunggu tinjauan Anda." in page
    work = page.split("data-kmp-next-work", 1)[1]
    assert "Tidak diperbarui 30 hari:" in work and "Belum siap pembiayaan:" in work
    assert "Koperasi Desa Merah Putih Widoro" in work and "wa.me" in work
    assert "Tambakreja" not in work  # another province
    assert reverse("dashboard_facilitator_console") in work


def test_officers_see_no_review_list(world, client):
    page = _dashboard(client, world.a.officer)
    assert "kmp-review" not in page and "data-kmp-next-work" not in page


def _submit_products(side, count: int, *, start: int = 0) -> None:
    for number in range(start, start + count):
        image = make_image(collection=side.cooperative.collection, title=f"Foto {number}")
        product = make_product(
            side.cooperative, title=f"Usulan {number}", gallery_images=[ProductPageImage(image=image)]
        )
        product.price += number
        product.save_revision(user=side.officer)
        Workflow.objects.get(active=True).start(product, side.officer)


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("wagtailadmin_home"))  # warm-up: renditions, content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return len(queries.captured_queries)


# The facilitator's dashboard, pinned: the list (task states, their pages, live revisions,
# cooperatives, photos and renditions) costs the same for one submission as for the ten shown,
# and the count of the rest is one more query.
FACILITATOR_DASHBOARD_QUERIES = 27


@pytest.mark.parametrize("reviewer", ["facilitator_a", "superuser"])
def test_dashboard_cost_does_not_follow_the_number_of_submissions(world, client, reviewer):
    user = getattr(world, reviewer)
    _submit_products(world.a, 1)
    one = _queries(client, user)
    _submit_products(world.a, 14, start=1)
    fifteen = _queries(client, user)
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 15
    assert fifteen == one + 1  # "5 more are waiting" is counted once the list is full
    if reviewer == "facilitator_a":
        assert one == FACILITATOR_DASHBOARD_QUERIES
