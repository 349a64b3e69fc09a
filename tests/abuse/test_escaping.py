"""Script typed into product names, news and search boxes is shown as text everywhere:
public pages, the admin, the API, the dashboard, and its CSV files (no spreadsheet formulas)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from cooperative_pages.models import NewsIndexPage, NewsPage, ProductIndexPage
from tests.factories import make_cooperative, make_product

pytestmark = pytest.mark.django_db

XSS = '<script>alert("kmp-xss")</script>'
BREAKOUT = '"><img src=x onerror=alert("kmp-xss")>'
FORMULA = '=HYPERLINK("http://jahat.example/","Klik")'
RAW_MARKERS = ('<script>alert("kmp-xss")', "<img src=x onerror")


def assert_escaped(response, *, shown: bool = True, statuses=(200,)) -> str:
    """No payload appears as markup; when ``shown``, it does appear as escaped text."""
    assert response.status_code in statuses, response.status_code
    html = response.content.decode()
    for marker in RAW_MARKERS:
        assert marker not in html, f"unescaped {marker!r} in {response.request['PATH_INFO']}"
    if shown:
        assert "&lt;script&gt;alert(" in html, f"payload not shown at all in {response.request['PATH_INFO']}"
    return html


@pytest.fixture
def hostile(target):
    """Live pages whose officer typed script and an attribute breakout into every text field."""
    product = make_product(target.cooperative, title=f"Beras {XSS}{BREAKOUT}", description=XSS + BREAKOUT)
    news_index = NewsIndexPage.objects.child_of(target.cooperative).get()
    news = NewsPage(
        title=f"Rapat {XSS}",
        intro=XSS,
        body=json.dumps(
            [
                # What the rich-text editor stores for typed text: entities, never tags.
                {"type": "paragraph", "value": "<p>&lt;script&gt;alert(&quot;kmp-xss&quot;)&lt;/script&gt;</p>"},
                {"type": "quote", "value": XSS + BREAKOUT},
            ]
        ),
    )
    news_index.add_child(instance=news)
    news.save_revision().publish(skip_permission_checks=True)
    # A draft with script in its title, submitted: the facilitator's admin lists it.
    draft = make_product(target.cooperative, title=f"Draf {XSS}", publish=False)
    draft = Page.objects.get(pk=draft.pk).specific
    draft.save_revision(user=target.officer)
    draft.get_workflow().start(draft, target.officer)
    formula = make_cooperative(village_code="35.01.01.2002", name=FORMULA)
    return {"product": product, "news": news, "draft": draft, "formula_cooperative": formula}


def test_public_pages_escape_script(target, hostile):
    client = Client()
    for page in (hostile["product"], hostile["news"], target.cooperative):
        assert_escaped(client.get(page.url))
    assert_escaped(client.get(ProductIndexPage.objects.child_of(target.cooperative).get().url))
    assert_escaped(client.get(NewsIndexPage.objects.child_of(target.cooperative).get().url))


def test_storefront_escapes_product_names_and_the_query(hostile):
    client = Client()
    assert_escaped(client.get(reverse("marketplace:storefront")))
    assert_escaped(client.get(reverse("marketplace:storefront"), {"q": XSS + BREAKOUT}))
    assert_escaped(
        client.get(reverse("marketplace:storefront"), {"q": "beras", "province": XSS}),
        shown=False,
        statuses=(200, 400),  # an unknown province is refused, which is fine, but never echoed raw
    )


def test_not_found_page_escapes_the_path(db):
    response = Client().get("/" + XSS + "/")
    assert response.status_code == 404
    html = response.content.decode()
    assert all(marker not in html for marker in RAW_MARKERS)


def test_admin_escapes_titles_and_search(target, hostile):
    officer = Client()
    officer.force_login(target.officer)
    index = ProductIndexPage.objects.child_of(target.cooperative).get()
    assert_escaped(officer.get(reverse("wagtailadmin_explore", args=[index.pk])))
    assert_escaped(officer.get(reverse("wagtailadmin_pages:edit", args=[hostile["product"].pk])))
    assert_escaped(officer.get(reverse("wagtailadmin_pages:edit", args=[hostile["news"].pk])))
    assert_escaped(officer.get(reverse("wagtailadmin_pages:search"), {"q": XSS}), shown=False)
    facilitator = Client()
    facilitator.force_login(target.facilitator)
    assert_escaped(facilitator.get(reverse("wagtailadmin_home")))


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/marketplace/products/", {"q": XSS}),
        ("/api/marketplace/products/", {"q": "beras"}),
        ("/api/marketplace/autocomplete/", {"q": XSS}),
        ("/api/products/", {}),
        ("/api/cooperatives/", {"search": XSS}),
        ("/api/v2/pages/", {"type": "cooperative_pages.ProductPage", "fields": "description"}),
        ("/api/v2/pages/", {"type": "cooperative_pages.NewsPage", "fields": "intro,body"}),
    ],
)
def test_api_answers_json_only(url, params, hostile):
    """The API returns data, not markup: JSON with nosniff, even when a parameter holds script."""
    response = Client().get(url, params)
    assert response.status_code in (200, 400), (url, response.status_code)
    assert response["Content-Type"] in ("application/json", "application/problem+json"), response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    response.json()


def test_api_keeps_the_text_exact(hostile):
    """Script is data in JSON: the name comes back exactly as typed, for the client to escape."""
    response = Client().get("/api/v2/pages/", {"type": "cooperative_pages.ProductPage", "fields": "description"})
    titles = {item["title"] for item in response.json()["items"]}
    assert hostile["product"].title in titles


def test_dashboard_escapes_cooperative_names(target, hostile):
    from tests.factories import make_cooperative as _make

    _make(village_code="35.01.01.2003", name=f"Koperasi {XSS}")
    client = Client()
    for params in ({}, {"province": "35"}, {"regency": "35.01"}):
        response = client.get(reverse("dashboard:index"), params)
        html = response.content.decode()
        assert response.status_code == 200
        assert all(marker not in html for marker in RAW_MARKERS), params
    assert "&lt;script&gt;" in client.get(reverse("dashboard:index"), {"regency": "35.01"}).content.decode()


def _csv_cells(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_dashboard_csv_neutralises_formulas(target, hostile):
    rows = _csv_cells(Client().get(reverse("dashboard:csv", args=["cooperatives"]), {"regency": "35.01"}))
    names = [row[1] for row in rows[1:]]
    assert "'" + FORMULA in names, names
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit()), cell


def test_bank_csv_neutralises_formulas(target, hostile):
    rows = _csv_cells(Client().get(reverse("dashboard:bank_csv"), {"regency": "35.01"}))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
