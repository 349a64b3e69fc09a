"""Every screen of the officer's and facilitator's journeys reads in Indonesian.

A screen fails when a visible text fragment is an English admin string that has no
Indonesian translation (from Wagtail's own English catalogs and ours), or contains a
common English UI word.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from cooperative_pages.models import ProductPage
from tests.factories import make_cooperative, make_facilitator, make_image, make_officer, make_product

ENGLISH_UI_WORDS = {
    "add", "cancel", "choose", "collection", "comments", "dashboard", "delete", "description", "documents",
    "draft", "edit", "history", "images", "live", "pages", "preview", "price", "products", "publish", "required",
    "save", "search", "settings", "submit", "tags", "title", "unit", "upload", "workflow", "password",
    "approve", "reject", "category", "available", "news", "profile", "address", "photos",
}  # fmt: skip
# Proper nouns and words spelled the same in Indonesian.
ALLOWED_FRAGMENTS = {
    *("Wagtail", "Koperasi Merah Putih", "WhatsApp", "Email", "E-mail", "Ok", "OK", "Rp"),
    *("Status", "Status:", "Logo", "Slug", "URL", "Tag", "Minimum"),
}


class VisibleText(HTMLParser):
    """Collects text a person sees (and attributes they read: placeholders, titles, aria-labels)."""

    SKIP = {"script", "style", "template", "noscript", "svg"}

    def __init__(self):
        super().__init__()
        self.fragments: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip_depth += 1
        for name, value in attrs:
            if name in {"placeholder", "title", "aria-label", "alt"} and value:
                self.fragments.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data):
        if not self._skip_depth and data.strip():
            self.fragments.append(" ".join(data.split()))


def _english_msgids() -> set[str]:
    root = Path(wagtail.__file__).parent
    msgids: set[str] = set()
    pattern = re.compile(r'^msgid "(.+)"$', re.MULTILINE)
    for po in root.glob("**/locale/en/LC_MESSAGES/django.po"):
        msgids.update(pattern.findall(po.read_text(encoding="utf-8")))
    return {m for m in msgids if "%" not in m and "{" not in m and len(m) > 2}


UNTRANSLATED_CACHE: dict[str, set[str]] = {}


def untranslated_msgids() -> set[str]:
    if "id" not in UNTRANSLATED_CACHE:
        with translation.override("id"):
            UNTRANSLATED_CACHE["id"] = {m for m in _english_msgids() if translation.gettext(m) == m}
    return UNTRANSLATED_CACHE["id"]


def english_fragments(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    untranslated = untranslated_msgids()
    found = []
    for fragment in parser.fragments:
        if fragment in ALLOWED_FRAGMENTS:
            continue
        words = {word.lower() for word in re.findall(r"[A-Za-z]+", fragment)}
        if fragment in untranslated or (words & ENGLISH_UI_WORDS and not _looks_indonesian(fragment)):
            found.append(fragment)
    return found


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]+", text)}


def _indonesian_only_words() -> set[str]:
    """Words of the shipped Indonesian catalogs that never occur in an English msgid."""
    if "words" not in UNTRANSLATED_CACHE:
        repo = Path(__file__).resolve().parents[2]
        msgstr = re.compile(r'^msgstr(?:\[0\])? "(.+)"$', re.MULTILINE)
        indonesian: set[str] = set()
        for po in repo.glob("**/locale/id/LC_MESSAGES/django.po"):
            if ".venv" not in po.parts:
                indonesian |= {w for text in msgstr.findall(po.read_text(encoding="utf-8")) for w in _words(text)}
        english = {w for msgid in _english_msgids() for w in _words(msgid)}
        UNTRANSLATED_CACHE["words"] = indonesian - english
    return UNTRANSLATED_CACHE["words"]


def _looks_indonesian(fragment: str) -> bool:
    # Loanwords ("unit", "status") appear inside Indonesian labels ("Unit usaha").
    return bool(_words(fragment) & _indonesian_only_words())


@pytest.fixture
def journey(portal, client):
    cooperative = make_cooperative(village_code="35.01.01.2001")
    product = make_product(cooperative, title="Beras Organik")
    officer = make_officer("pengurus", cooperative)
    facilitator = make_facilitator("pendamping", "35.01")
    make_image(collection=cooperative.collection, user=officer)
    return {"cooperative": cooperative, "product": product, "officer": officer, "facilitator": facilitator}


def assert_indonesian(client, url: str):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    leaks = english_fragments(response.content.decode())
    assert not leaks, f"{url} shows English: {leaks[:15]}"


def test_login_screen_is_indonesian(client, portal):
    assert_indonesian(client, reverse("wagtailadmin_login"))


def test_officer_screens_are_indonesian(client, journey):
    cooperative, product = journey["cooperative"], journey["product"]
    client.force_login(journey["officer"])
    products_index = Page.objects.child_of(cooperative).type(ProductPage.allowed_parent_page_models()[0]).get()
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[cooperative.pk]),
        reverse("wagtailadmin_pages:edit", args=[cooperative.pk]),
        reverse("wagtailadmin_pages:edit", args=[product.pk]),
        reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", products_index.pk]),
        reverse("wagtailadmin_pages:history", args=[product.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_account"),
    ]:
        assert_indonesian(client, url)


def test_facilitator_review_screens_are_indonesian(client, journey):
    product, officer = journey["product"], journey["officer"]
    product.title = "Beras Organik Premium"
    product.save_revision(user=officer)
    from wagtail.models import Workflow

    Workflow.objects.get(active=True, name__startswith="Persetujuan").start(product, officer)
    client.force_login(journey["facilitator"])
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[product.pk]),
        reverse("wagtailadmin_reports:workflow"),
    ]:
        assert_indonesian(client, url)
