"""Query counts of the public pages beyond the product listings (see test_query_counts.py):
the portal, province and regency pages, news and governance, with few and with many rows.
Pinned, and equal whatever the number of rows. Run with ``-s`` to see them."""

from __future__ import annotations

from wagtail.models import Page

from cooperative_pages.models import GovernanceIndexPage, GovernancePage, NewsIndexPage
from tests.factories import make_cooperative, make_product

from .conftest import make_news
from .test_query_counts import count_queries

# Routing and Wagtail's serve (site, a query per tree level, aliases, view restrictions), the
# page's identity (ancestors; cooperative with regions, its sections and their restrictions),
# then what the page lists. The portal and region pages: the marketplace search (hits and
# facets, result rows, images, renditions) and, for a regency, its cooperatives (count, rows,
# activity, product counts); the dashboard's figures come from its cache. Serving also asks
# whether every ancestor is live (``visibility.ancestors_are_live``: one query).
PUBLIC_QUERIES = {
    "portal": 13,
    "province": 15,
    "regency": 20,
    "news list": 19,
    "news": 20,
    "governance list": 20,
    "governance": 20,
}


def _governance(cooperative, number: int) -> GovernancePage:
    index = GovernanceIndexPage.objects.child_of(cooperative).get()
    page = GovernancePage(title=f"Laporan {number}", kind="rat", year=2000 + number, body="<p>Isi.</p>")
    index.add_child(instance=page)
    page.save_revision().publish(skip_permission_checks=True)
    return page


def _grow(world, *, start: int, count: int) -> None:
    """More of everything: cooperatives in A's regency and other provinces, news, documents, products."""
    villages = ["35.01.01.2002", "35.01.01.2003", "35.01.02.2001", "33.01.01.2002", "51.01.01.1006", "32.01.01.1001"]
    for code in villages[start : start + count]:
        cooperative = make_cooperative(village_code=code)
        make_product(cooperative, title=f"Kopi {code}")
    for number in range(start * 4, (start + count) * 4):
        make_news(world.a.cooperative, title=f"Berita {number}")
        _governance(world.a.cooperative, number)


def test_public_pages_use_the_same_queries_with_few_and_many_rows(world, client):
    cooperative = world.a.cooperative
    _grow(world, start=0, count=1)
    news = NewsIndexPage.objects.child_of(cooperative).get()
    governance_index = GovernanceIndexPage.objects.child_of(cooperative).get()
    urls = {
        "portal": "/",
        "province": cooperative.get_parent().get_parent().url,
        "regency": cooperative.get_parent().url,
        "news list": news.url,
        "news": world.a.news.url,
        "governance list": governance_index.url,
        "governance": GovernancePage.objects.child_of(governance_index).first().url,
    }
    few = {name: count_queries(client, url) for name, url in urls.items()}
    _grow(world, start=1, count=5)
    many = {name: count_queries(client, url) for name, url in urls.items()}
    print(f"\npublic page queries, few rows: {few}; many rows: {many}")  # noqa: T201
    assert Page.objects.child_of(cooperative.get_parent()).count() == 4  # the regency grew
    assert many == few == PUBLIC_QUERIES
