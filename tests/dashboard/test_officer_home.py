"""The officer's admin home: their cooperative by name, the four actions, each submission's
state with the facilitator's comment in full and a way to fix it, the readiness gaps as
actions and the days since the last approved update; at a cost that does not follow the
number of submissions."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow

from cooperative_pages.models import GovernanceIndexPage, ProductIndexPage
from dashboard.activity import activity_refresh
from dashboard.models import CooperativeActivity
from tests.cooperative_pages import conftest as isolation_world
from tests.factories import make_product

world = isolation_world.world  # the two-cooperative world of the isolation suites

COMMENT = "Foto buram.\nTolong ganti dengan foto yang lebih terang, dan periksa lagi harganya."


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _submit(side, title: str):
    product = make_product(side.cooperative, title=title, publish=False)
    product.save_revision(user=side.officer)
    Workflow.objects.get(active=True).start(product, side.officer)
    return product


def _decide(client, facilitator, product, action: str, comment: str = "") -> None:
    task_state = product.current_workflow_task_state
    client.force_login(facilitator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[product.pk, action, task_state.pk])
    assert client.post(url, {"comment": comment}).status_code == 302
    client.logout()


def test_home_names_the_cooperative_and_offers_the_four_actions(world, client):
    page = _home(client, world.a.officer)
    assert "<h1" in page and "Koperasi Desa Merah Putih Widoro" in page.split("<h1", 1)[1].split("</h1>")[0]
    products = ProductIndexPage.objects.child_of(world.a.cooperative).get()
    add_product = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", products.pk])
    assert add_product in page
    for label in ("Tambah produk", "Tulis kabar", "Unggah dokumen", "Ubah profil"):
        assert label in page, label
    assert reverse("wagtailadmin_pages:edit", args=[world.a.cooperative.pk]) in page
    assert "Koperasi Desa Merah Putih Tambakreja" not in page
    # No site summary, no Wagtail panels.
    assert "w-summary" not in page and "Suntingan terbaru" not in page


def test_home_shows_each_submission_state_and_the_full_comment(world, client):
    waiting = _submit(world.a, "Keripik Menunggu")
    approved = _submit(world.a, "Kopi Disetujui")
    rejected = _submit(world.a, "Gula Ditolak")
    _decide(client, world.facilitator_a, approved, "approve")
    _decide(client, world.facilitator_a, rejected, "reject", COMMENT)
    _submit(world.b, "Rahasia Tambakreja Menunggu")

    page = _home(client, world.a.officer)
    assert "Keripik Menunggu" in page and "Menunggu pendamping sejak" in page
    assert "Kopi Disetujui" in page and "Disetujui dan tayang" in page
    fix = page.split("Pendamping meminta perbaikan:", 1)[1]
    assert "Gula Ditolak" in fix
    assert "Foto buram.<br>Tolong ganti dengan foto yang lebih terang, dan periksa lagi harganya." in fix
    assert world.facilitator_a.get_username() in fix or world.facilitator_a.get_full_name() in fix
    assert reverse("wagtailadmin_pages:edit", args=[rejected.pk]) in fix and "Perbaiki" in fix
    assert "Rahasia Tambakreja" not in page
    assert waiting.pk  # listed above


def test_perbaiki_opens_the_editor_with_the_comment(world, client):
    rejected = _submit(world.a, "Gula Ditolak")
    _decide(client, world.facilitator_a, rejected, "reject", COMMENT)
    client.force_login(world.a.officer)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[rejected.pk]))
    text = html.unescape(editor.content.decode())
    assert "Pendamping meminta perbaikan:" in text and "Tolong ganti dengan foto yang lebih terang" in text
    assert "Perubahan diminta" in text  # the status panel, not "Sedang ditinjau ... oleh <officer>"


def test_readiness_gaps_are_actions(world, client):
    activity_refresh(cooperative_ids=[world.a.cooperative.pk])
    page = _home(client, world.a.officer)
    governance = GovernanceIndexPage.objects.child_of(world.a.cooperative).get()
    add_document = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "governancepage", governance.pk])
    assert "Unggah laporan RAT" in page
    assert f"{add_document}?kind=rat" in page
    assert "Kesiapan pembiayaan:" in page


@pytest.mark.parametrize(("days", "text"), [(None, "Belum ada pembaruan yang disetujui"), (12, "12 hari lalu")])
def test_days_since_the_last_approved_update(world, client, days, text):
    activity_refresh(cooperative_ids=[world.a.cooperative.pk])
    last = timezone.now() - timedelta(days=days) if days is not None else None
    CooperativeActivity.objects.filter(pk=world.a.cooperative.pk).update(last_approved_publication_at=last)
    assert text in _home(client, world.a.officer)


def test_facilitators_get_no_officer_home(world, client):
    page = _home(client, world.facilitator_a)
    assert "Tambah produk" not in page and "Kesiapan pembiayaan:" not in page


def _home_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("wagtailadmin_home"))  # warm-up: content types, renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return len(queries.captured_queries)


# The officer's home, pinned: session and user (2), officer memberships (1), activity (1), sections (1),
# submissions (2), and Wagtail's own admin furniture (menus, profile, permissions).
OFFICER_HOME_QUERIES = 18


def test_home_cost_does_not_follow_the_number_of_submissions(world, client):
    _submit(world.a, "Produk 1")
    few = _home_queries(client, world.a.officer)
    for number in range(2, 9):
        product = _submit(world.a, f"Produk {number}")
        if number % 2:
            _decide(client, world.facilitator_a, product, "reject", "Perbaiki")
    many = _home_queries(client, world.a.officer)
    assert few == many == OFFICER_HOME_QUERIES
