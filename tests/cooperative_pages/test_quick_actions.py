"""Quick actions on the product list: sold out / in stock and a new price are each a new
revision that goes to the facilitator, who sees just that change; nothing goes live."""

from __future__ import annotations

import html

from django.urls import reverse
from wagtail.models import PageLogEntry, Revision, WorkflowState

from cooperative_pages.models import ProductPage
from cooperative_pages.submissions import changed_fields

from .isolation import assert_refused, db_snapshot


def _price_url(product) -> str:
    return reverse("kmp_products:product_price", args=[product.pk])


def _stock_url(product) -> str:
    return reverse("kmp_products:product_stock", args=[product.pk])


def _latest(product) -> ProductPage:
    return ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object()


def _review_changes(product, rf) -> list[str]:
    page = ProductPage.objects.get(pk=product.pk)
    request = rf.get("/")
    request.user = page.owner
    return changed_fields(before=page.live_revision.as_object(), after=_latest(product), request=request)


def test_the_product_list_offers_the_quick_actions(world, client):
    client.force_login(world.a.officer)
    listing = client.get(reverse("wagtailadmin_explore", args=[world.a.product.get_parent().pk])).content.decode()
    assert _price_url(world.a.product) in listing and _stock_url(world.a.product) in listing
    assert "Ubah harga" in html.unescape(listing)


def test_new_price_is_a_revision_sent_for_approval(world, client, rf):
    client.force_login(world.a.officer)
    form = client.get(_price_url(world.a.product))
    assert form.status_code == 200 and 'value="15.000"' in form.content.decode()
    response = client.post(_price_url(world.a.product), {"price": "17rb"})
    assert response.status_code == 302
    product = ProductPage.objects.get(pk=world.a.product.pk)
    assert _latest(product).price == 17000
    assert product.live_revision.as_object().price == 15000  # not live before approval
    state = product.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == world.a.officer
    assert state.current_task_state.revision_id == product.latest_revision_id
    assert _review_changes(product, rf) == ["Harga (Rp)"]
    assert PageLogEntry.objects.filter(page=product, action="wagtail.workflow.start").exists()


def test_implausible_price_asks_first(world, client):
    client.force_login(world.a.officer)
    revisions = Revision.objects.count()
    asked = client.post(_price_url(world.a.product), {"price": "15"})
    assert asked.status_code == 200 and "Maksud Anda Rp 15.000?" in html.unescape(asked.content.decode())
    assert Revision.objects.count() == revisions
    client.post(_price_url(world.a.product), {"price": "15", "price_confirmed": "1"})
    assert _latest(world.a.product).price == 15


def test_sold_out_is_a_revision_sent_for_approval(world, client, rf):
    client.force_login(world.a.officer)
    assert client.post(_stock_url(world.a.product), {"available": "0"}).status_code == 302
    product = ProductPage.objects.get(pk=world.a.product.pk)
    assert _latest(product).available is False and product.live_revision.as_object().available is True
    assert product.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert _review_changes(product, rf) == ["Tersedia"]


def test_no_second_change_while_the_facilitator_reviews(world, client):
    client.force_login(world.a.officer)
    client.post(_stock_url(world.a.product), {"available": "0"})
    before = db_snapshot()
    response = client.post(_price_url(world.a.product), {"price": "20.000"}, follow=True)
    assert "sedang menunggu pendamping" in html.unescape(response.content.decode())
    assert db_snapshot() == before


def test_after_a_request_for_changes_the_quick_change_resumes_the_review(world, client):
    client.force_login(world.a.officer)
    client.post(_price_url(world.a.product), {"price": "20.000"})
    product = ProductPage.objects.get(pk=world.a.product.pk)
    task_state = product.current_workflow_task_state
    client.force_login(world.facilitator_a)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "reject", task_state.pk]),
        {"comment": "Harga terlalu tinggi"},
    )
    client.force_login(world.a.officer)
    assert client.post(_price_url(product), {"price": "18.000"}).status_code == 302
    product = ProductPage.objects.get(pk=product.pk)
    assert product.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert product.current_workflow_task_state.revision_id == product.latest_revision_id
    assert _latest(product).price == 18000


def test_a_facilitator_cannot_change_a_product(world, client):
    client.force_login(world.facilitator_a)
    before = db_snapshot()
    for url, data in ((_price_url(world.a.product), {"price": "1"}), (_stock_url(world.a.product), {"available": "0"})):
        assert_refused(client.get(url), url)
        assert_refused(client.post(url, data), url)
    assert db_snapshot() == before
