"""The screens of issue 13 read in Indonesian, without Wagtail's name or leftovers: the
officer home (with a request for changes), the product editor, the quick actions, the
guide, the facilitator's review list and decision modals, the login page; tab titles
name the site; avatars are drawn, not fetched from gravatar.com; the help menu is ours;
an officer is not offered bulk actions they cannot complete."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from cooperative_pages.models import ProductIndexPage
from tests.factories import make_product

from .test_admin_language import VisibleText, assert_html_indonesian, assert_indonesian


def _no_leftovers(html: str, what: str) -> None:
    """No fragment a person meets (text, titles, labels, the admin's JSON labels) names Wagtail or says None."""
    # Wagtail's table of JavaScript strings (wagtail-config) holds every listing's texts, snippets'
    # ("potongan") included, whether or not the screen ever shows them.
    # Hidden leaves (the editor's side-panel counter holds "None" until it counts) are not read.
    html = re.sub(r'<script id="wagtail-config".*?</script>', "", html, flags=re.DOTALL)
    html = re.sub(r"<(\w+)\s[^>]*\bhidden\b[^>]*>[^<]*</\1>", "", html)
    parser = VisibleText()
    parser.feed(html)
    found = [fragment for fragment in parser.fragments if re.search(r"\b(Wagtail|None)\b|potongan", fragment)]
    assert not found, f"{what}: {found[:5]}"
    assert "gravatar.com" not in html, what


@pytest.fixture
def rejected(world, client):
    product = make_product(world.a.cooperative, title="Gula Aren Baru", publish=False)
    product.save_revision(user=world.a.officer)
    Workflow.objects.get(active=True).start(product, world.a.officer)
    task_state = product.current_workflow_task_state
    client.force_login(world.facilitator_a)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "reject", task_state.pk]),
        {"comment": "Fotonya buram"},
    )
    client.logout()
    return product


def test_officer_screens(world, client, rejected):
    client.force_login(world.a.officer)
    index = ProductIndexPage.objects.child_of(world.a.cooperative).get()
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", index.pk]),
        reverse("wagtailadmin_pages:edit", args=[rejected.pk]),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:search") + "?q=Beras",
        reverse("kmp_products:product_price", args=[world.a.product.pk]),
        reverse("kmp_products:product_stock", args=[world.a.product.pk]),
        reverse("kmp_guide"),
    ]:
        assert_indonesian(client, url)
        _no_leftovers(client.get(url).content.decode(), url)


def test_facilitator_screens(world, client):
    product = world.a.product
    product.title = "Beras Organik Premium"
    product.save_revision(user=world.a.officer)
    Workflow.objects.get(active=True).start(product, world.a.officer)
    task_state = product.current_workflow_task_state
    client.force_login(world.facilitator_a)
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "approve", task_state.pk]),
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "reject", task_state.pk]),
        reverse("wagtailadmin_pages:workflow_preview", args=[product.pk, task_state.task_id]),
    ]:
        response = client.get(url)
        html = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            html = json.loads(html)["html"]
        assert_html_indonesian(html, url)
        _no_leftovers(html, url)


def test_login_page_and_tab_titles_name_the_site(client, world):
    login = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Masuk ke Koperasi Merah Putih" in login
    _no_leftovers(login, "login")
    client.force_login(world.a.officer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert re.search(r"<title>\s*Dasbor - Koperasi Merah Putih\s*</title>", home)


def test_avatars_are_initials_not_gravatar(client, world):
    client.force_login(world.a.officer)
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    for html in (account, home):
        assert "gravatar.com" not in html
    assert "data:image/svg+xml" in home


def test_help_menu_is_the_officers_guide(client, world):
    client.force_login(world.a.officer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("kmp_guide") in home
    assert "Panduan Editor" not in home and "Editor Guide" not in home
    assert "guide.wagtail.org" not in home and "whats-new-in-wagtail" not in home


def test_officer_is_not_offered_publishing_bulk_actions(client, world):
    index = ProductIndexPage.objects.child_of(world.a.cooperative).get()
    publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    unpublish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
    delete = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.force_login(world.a.officer)
    listing = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert publish not in listing and unpublish not in listing
    assert delete in listing  # drafts of their own they may delete
    client.force_login(world.superuser)
    listing = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert publish in listing and unpublish in listing
