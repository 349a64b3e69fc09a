"""A search of few pages (an officer's admin page search, their choosers) matches those pages'
own index entries (search/compat.py) instead of the national FTS5 index, whose cost grows with
the country: the same results as modelsearch's own query, a fixed number of queries, and the
national index left alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search import compat
from tests.cooperative_pages.conftest import login
from tests.factories import make_product

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="modelsearch's SQLite FTS5 backend"),
]


TEXTS = ["beras", "Beras", "koperasi", "bera", "koperasi desa", "widoro beras", "tambakreja", "draf rahasia"]


def _matches(statements: list[str]) -> tuple[int, int]:
    """(FTS5 matches on the national index, matches on a temporary table of the searched rows)."""
    national = in_reach = 0
    temporary = False
    for sql in statements:
        if sql.startswith("CREATE VIRTUAL TABLE temp."):
            temporary = True
        elif sql.startswith("DROP TABLE temp."):
            temporary = False
        elif "MATCH" in sql:
            in_reach += temporary
            national += not temporary
    return national, in_reach


def _sql(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries]


def _found(queryset, text: str, *, autocomplete: bool) -> list[int]:
    backend = get_search_backend()
    results = backend.autocomplete(text, queryset) if autocomplete else backend.search(text, queryset)
    return [page.pk for page in results]


@pytest.mark.parametrize("autocomplete", [False, True], ids=["search", "autocomplete"])
@pytest.mark.parametrize("text", TEXTS)
def test_same_pages_as_the_national_index(world, monkeypatch, text, autocomplete):
    pages = Page.objects.descendant_of(world.a.cooperative, inclusive=True)
    with CaptureQueriesContext(connection) as queries:
        in_reach = _found(pages, text, autocomplete=autocomplete)
    assert _matches(_sql(queries)) == (0, 1)
    monkeypatch.setattr(compat, "IN_REACH_LIMIT", 0)
    with CaptureQueriesContext(connection) as queries:
        national = _found(pages, text, autocomplete=autocomplete)
    assert _matches(_sql(queries))[0] >= 1
    assert sorted(in_reach) == sorted(national)


def test_what_each_search_finds(world):
    pages = Page.objects.descendant_of(world.a.cooperative, inclusive=True)
    assert _found(pages, "beras", autocomplete=False) == [world.a.product.pk]
    assert _found(pages, "rahasia", autocomplete=True) == [world.a.draft_product.pk]
    assert _found(pages, "tambakreja", autocomplete=False) == []  # B's word, not in A's pages
    # One search after another on the same connection: each sees its own pages only.
    b_pages = Page.objects.descendant_of(world.b.cooperative, inclusive=True)
    assert _found(b_pages, "beras", autocomplete=False) == [world.b.product.pk]
    assert set(_found(pages, "koperasi", autocomplete=True)) >= {world.a.cooperative.pk}


def test_relevance_order_and_a_larger_queryset_keep_the_national_index(world, monkeypatch):
    make_product(world.a.cooperative, title="Beras Merah Beras Putih Beras Hitam")
    pages = Page.objects.descendant_of(world.a.cooperative, inclusive=True)
    found = _found(pages, "beras", autocomplete=False)
    assert len(found) == 2
    monkeypatch.setattr(compat, "IN_REACH_LIMIT", pages.count() - 1)
    with CaptureQueriesContext(connection) as queries:
        assert _found(pages, "beras", autocomplete=False) == found  # modelsearch's rank: the same order
    assert _matches(_sql(queries)) == (1, 0)  # one query: the results, scored in a subquery


def _officer_search(client, officer) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_pages:search"), {"q": "koperasi"})
    assert response.status_code == 200
    return response.content.decode(), _sql(queries)


def test_officer_admin_page_search_reads_only_their_entries(world, client):
    login(client, world.a.officer)
    html, sql = _officer_search(client, world.a.officer)
    assert world.a.cooperative.title in html and world.b.cooperative.title not in html
    assert _matches(sql) == (0, 2)  # the type facets and the results, each on its own queryset


def test_officer_admin_page_search_costs_the_same_in_a_bigger_country(world, client):
    login(client, world.a.officer)
    _officer_search(client, world.a.officer)  # warm the per-process caches
    _html, few = _officer_search(client, world.a.officer)
    for number in range(3):
        make_product(world.b.cooperative, title=f"Koperasi produk {number}")
    _html, many = _officer_search(client, world.a.officer)
    assert len(many) == len(few) == 35
