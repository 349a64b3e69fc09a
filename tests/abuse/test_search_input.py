"""Any text typed in any search box is a valid query or a 400, never a 5xx: a corpus of hostile
strings (FTS5 syntax, quotes, NUL and control characters, SQL, very long text) through every
search entry point of the public site, the API and the admin."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '""',
    '"beras',
    'beras"',
    'be"ras organik',
    "\x00",
    "beras\x00organik",
    "\x01\x07\x1b\x7f",
    "'",
    "\\",
    "\\\"'",
    "*",
    "beras*",
    "^beras",
    "NEAR(beras organik, 2)",
    "beras AND",
    "OR",
    "NOT beras",
    "-beras",
    "+",
    "(",
    ")(",
    ":",
    "title:beras",
    "{title body}: beras",
    "%",
    "%s %d",
    "_",
    "'; DROP TABLE wagtailcore_page; --",
    "<script>alert(1)</script>",
    "😀 beras",
    "\u202ebera\u200bs",
    "   ",
    "\t\n\r",
    "beras " * 200,
    "x" * 2000,
]

PUBLIC = [
    "/api/v2/pages/?search={}",
    "/api/v2/pages/?type=cooperative_pages.ProductPage&search={}",
    "/api/v2/images/?search={}",
    "/api/v2/documents/?search={}",
    "/api/cooperatives/?q={}",
    "/api/marketplace/products/?q={}",
    "/api/marketplace/autocomplete/?q={}",
    "/marketplace/?q={}",
]

ADMIN = [
    "/admin/pages/search/?q={}",
    "/admin/pages/{root}/?q={}",
    "/admin/choose-page/search/?q={}",
    "/admin/choose-page/?q={}",
    "/admin/images/?q={}",
    "/admin/images/chooser/results/?q={}",
    "/admin/documents/?q={}",
    "/admin/documents/chooser/results/?q={}",
    "/admin/dashboard/agencyapplication/?q={}",
    "/admin/reports/site-history/?q={}",
]


def _get(client: Client, pattern: str, text: str, **format_args):
    path, _, query = pattern.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&"))
    params = {name: text if value == "{}" else value for name, value in params.items()}
    return client.get(path.format(**format_args), params)


def _server_errors(client: Client, patterns: list[str], **format_args) -> list[tuple[str, str, int]]:
    errors = []
    for pattern in patterns:
        for text in HOSTILE:
            response = _get(client, pattern, text, **format_args)
            if response.status_code >= 500:
                errors.append((pattern, text[:40], response.status_code))
    return errors


def test_hostile_search_text_never_makes_a_server_error_in_public_search(target):
    assert _server_errors(Client(), PUBLIC) == []


def test_hostile_search_text_never_makes_a_server_error_in_admin_search(target):
    client = Client()
    client.force_login(target.officer)
    assert _server_errors(client, ADMIN, root=target.cooperative.pk) == []


def test_hostile_search_text_still_finds_what_it_names(target):
    """The quote is dropped, not the query: the words around it still match."""
    response = Client().get("/api/marketplace/products/", {"q": '"beras organik'})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["results"]] == ["Beras Organik"]
    client = Client()
    client.force_login(target.officer)
    response = client.get("/admin/pages/search/", {"q": 'beras"\x00'})
    assert response.status_code == 200 and "Beras Organik" in response.content.decode()
