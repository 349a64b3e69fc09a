"""Every screen of the officer's and facilitator's journeys reads in Indonesian.

A screen fails when a text fragment a person meets (visible text, titles, aria-labels,
placeholders, submit buttons, tooltips, labels the admin's JavaScript renders from JSON)
is an English admin string that has no Indonesian translation (from Wagtail's own English
catalogs and ours), or contains a common English UI word or a word found only in
Wagtail's English strings, and no Indonesian word.
"""

import json
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
    "actions", "body", "image", "link", "phone", "subject", "text",
}  # fmt: skip
# Proper nouns and words spelled the same in Indonesian.
ALLOWED_FRAGMENTS = {
    *("Wagtail", "Koperasi Merah Putih", "WhatsApp", "Email", "E-mail", "Ok", "OK", "Rp"),
    *("Status", "Status:", "Logo", "Slug", "URL", "Tag", "Minimum", "Format", "Alias"),
    *("English", "Bahasa Indonesia"),  # the language preference's choices name themselves
}
# Time zone choices (``Europe/Isle_of_Man``) and other identifiers are not words.
IDENTIFIER = re.compile(r"^[\w+-]+(?:/[\w+-]+)+$")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'|‘[^’]*’|“[^”]*”")
# Keys under which the admin's JSON (sidebar, StreamField blocks, Draftail, telepath widgets) carries text.
JSON_TEXT_KEYS = {"label", "description", "heading", "helpText", "help_text", "title", "placeholder", "text"}
JSON_STRING_TABLES = {"strings", "STRINGS"}
READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
# Stimulus values the admin's JavaScript shows as text (tooltips, "Saving…" on a button).
TEXT_DATA_VALUES = ("-content-value", "-active-value", "-label-value", "-text-value", "-message-value")


class VisibleText(HTMLParser):
    """Collects text a person meets: visible text, the attributes they read (placeholders, titles,
    aria-labels, submit buttons, tooltips), ``<template>`` content the admin clones in (an inline
    panel's new row) and labels in the JSON the admin's JavaScript renders (menus, blocks, editors)."""

    SKIP = {"style", "noscript", "svg"}

    def __init__(self):
        super().__init__()
        self.fragments: list[str] = []
        self._skip_depth = 0
        self._script: str | None = None  # inside a <script>: its type

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip_depth += 1
        attributes = dict(attrs)
        if tag == "script":
            self._script = attributes.get("type") or "text/javascript"
        is_button = tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
        for name, value in attrs:
            if not value:
                continue
            if name.startswith("data-") and value.lstrip()[:1] in "[{":
                self.add_json(value)
            elif name in READ_ATTRIBUTES or (is_button and name == "value") or name.endswith(TEXT_DATA_VALUES):
                self.fragments.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._skip_depth or not data.strip():
            return
        if self._script is not None:
            if self._script == "application/json":
                self.add_json(data)
            return
        self.fragments.append(" ".join(data.split()))

    def add_json(self, text: str):
        try:
            data = json.loads(text)
        except ValueError:
            return
        self._walk(data, is_text=False)

    def _walk(self, value, *, is_text: bool):
        if isinstance(value, dict):
            for name, item in value.items():
                self._walk(item, is_text=is_text or name in JSON_TEXT_KEYS or name in JSON_STRING_TABLES)
        elif isinstance(value, list):
            for item in value:
                self._walk(item, is_text=is_text)
        elif isinstance(value, str) and value.strip():
            if "<" in value and ">" in value:
                self.feed_nested(value)  # a modal's or a widget's HTML
            elif is_text:
                self.fragments.append(" ".join(value.split()))

    def feed_nested(self, html: str):
        nested = VisibleText()
        nested.feed(html)
        self.fragments += nested.fragments


def _english_msgids(domain: str = "django") -> set[str]:
    root = Path(wagtail.__file__).parent
    msgids: set[str] = set()
    pattern = re.compile(r'^msgid "(.+)"$', re.MULTILINE)
    for po in root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
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
    return [fragment for fragment in parser.fragments if is_english(fragment)]


def is_english(fragment: str) -> bool:
    if fragment in ALLOWED_FRAGMENTS or IDENTIFIER.match(fragment):
        return False
    if fragment in untranslated_msgids():
        return True
    # Quoted names ("Page 'Beras Organik' has been updated.") are data: judge the words around them.
    wording = QUOTED.sub(" ", fragment) if QUOTED.sub("", fragment).strip(" .:,") else fragment
    words = _words(wording)
    return bool(words & (ENGLISH_UI_WORDS | _english_only_words())) and not _looks_indonesian(wording)


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


def _english_only_words() -> set[str]:
    """Words of Wagtail's English admin strings that no Indonesian translation (Wagtail's, Django's, ours) uses."""
    if "english" not in UNTRANSLATED_CACHE:
        import django

        msgstr = re.compile(r'^msgstr(?:\[0\])? "(.+)"$', re.MULTILINE)
        roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent, Path(__file__).resolve().parents[2]]
        indonesian: set[str] = set()
        for root in roots:
            for po in root.glob("**/locale/id*/LC_MESSAGES/*.po"):
                if ".venv" in po.relative_to(root).parts:
                    continue
                indonesian |= {w for text in msgstr.findall(po.read_text(encoding="utf-8")) for w in _words(text)}
        english = {w for domain in ("django", "djangojs") for msgid in _english_msgids(domain) for w in _words(msgid)}
        UNTRANSLATED_CACHE["english"] = english - indonesian
    return UNTRANSLATED_CACHE["english"]


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


def response_html(response) -> str:
    """The page, or the HTML inside a modal's or an upload's JSON answer."""
    if response["Content-Type"].startswith("application/json"):
        return "<script type='application/json'>" + response.content.decode() + "</script>"
    return response.content.decode()


def assert_indonesian(client, url: str, *, known_gaps: frozenset[str] = frozenset()):
    """``url`` itself (not a page it redirects to) shows no English beyond ``known_gaps``,
    and every known gap is still there (so a fixed gap is crossed off the list)."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: status {response.status_code} {response.get('Location', '')}"
    assert_html_indonesian(response_html(response), url, known_gaps=known_gaps)


def assert_html_indonesian(html: str, what: str, *, known_gaps: frozenset[str] = frozenset()):
    leaks = set(english_fragments(html))
    assert not leaks - known_gaps, f"{what} shows English: {sorted(leaks - known_gaps)[:15]}"
    assert not known_gaps - leaks, f"{what}: known gap fixed, remove it from the test: {sorted(known_gaps - leaks)}"


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
        reverse("dashboard_facilitator_console"),  # facilitators cannot open the workflow reports
    ]:
        assert_indonesian(client, url)
