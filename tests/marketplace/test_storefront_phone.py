"""The storefront as a buyer on a phone uses it (issue 14, items 5 and 6): filters folded into one
panel with removable chips, one sort control, out-of-stock products that cannot be ordered, what
the results were found for, and a page without results that offers somewhere to go."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from cooperative_pages import conf
from home.management.commands.seed_demo import PRODUCTS as DEMO_PRODUCTS
from tests.factories import make_product

STOREFRONT = "/marketplace/"


def page(client, **params) -> str:
    response = client.get(STOREFRONT, params)
    assert response.status_code == 200
    return response.content.decode()


def chips(html: str) -> dict[str, str]:
    """{label: removal URL} of the active-filter chips."""
    block = re.search(r'<ul class="mp-chips".*?</ul>', html, re.S)
    if not block:
        return {}
    found = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)', block.group(0))
    return {html_lib.unescape(label).strip(): html_lib.unescape(url) for url, label in found}


def test_active_filters_are_counted_and_removable_one_by_one(client, catalogue):
    html = page(client, q="beras", province="35", available="true", price_max="20000")
    assert "<summary>Filter (3)</summary>" in html
    assert chips(html) == {
        "Jawa Timur": "?q=beras&available=true&price_max=20000",
        "Tersedia": "?q=beras&province=35&price_max=20000",
        "hingga Rp 20.000": "?q=beras&province=35&available=true",
        "Hapus semua": "?q=beras",
    }
    # removing the province also removes its regency
    assert chips(page(client, province="35", regency="35.01"))["Jawa Timur"] == "?"


def test_without_filters_the_panel_says_filter_and_there_are_no_chips(client, catalogue):
    html = page(client, q="beras")
    assert "<summary>Filter</summary>" in html and chips(html) == {}


def test_sort_is_one_control_that_keeps_the_search(client, catalogue):
    html = page(client, q="kopi", province="32", sort="price")
    select = re.search(r'<select id="mp-sort" name="sort">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</option>", select) == ["Paling sesuai", "Harga terendah", "Harga tertinggi", "Terbaru"]
    assert '<option value="price" selected>' in select
    sort_form = re.search(r'<form class="mp-sort".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="q" value="kopi">' in sort_form
    assert '<input type="hidden" name="province" value="32">' in sort_form
    assert "sort=newest" not in html  # no sort links any more


def test_an_out_of_stock_product_cannot_be_ordered(client, catalogue):
    html = page(client, q="kopi")
    cards = re.findall(r'<li class="mp-card[^"]*">.*?</li>', html, re.S)
    robusta = next(card for card in cards if "Kopi Robusta Bubuk" in card)
    arabica = next(card for card in cards if "Kopi Arabika Gayo" in card)
    assert 'class="mp-card mp-card-out"' in robusta
    assert '<span class="mp-wa mp-wa-off" aria-disabled="true">Stok habis</span>' in robusta
    assert "wa.me" not in robusta
    assert "Pesan via WhatsApp" in arabica and "wa.me" in arabica
    assert html.index("Kopi Arabika Gayo") < html.index("Kopi Robusta Bubuk")  # available first


def test_a_misspelt_search_suggests_and_shows_the_corrected_one(client, catalogue):
    html = page(client, q="berass")
    assert 'Mungkin maksud Anda: <a href="?q=beras">beras</a>' in html
    assert "Menampilkan hasil untuk" in html and "<em>beras</em>" in html
    assert "Beras Merah" in html and "Beras Organik Pandan Wangi" in html


def test_a_partial_match_says_which_words_it_found(client, catalogue):
    html = page(client, q="beras xyzzyq")
    assert "Tidak ada produk untuk “beras xyzzyq”." in html
    assert "Menampilkan hasil untuk\n  <em>beras</em>" in html
    assert "Mungkin maksud Anda" not in html
    any_words = page(client, q="beras kopi")
    assert "salah satu kata:" in any_words and "<em>beras</em>, <em>kopi</em>" in any_words


def test_a_page_without_results_offers_categories_and_searches_not_sorting(client, catalogue):
    html = page(client, q="qwertyuiop")
    assert "0 produk" in html
    assert "Halaman 1 dari 1" not in html and 'name="sort"' not in html.split('class="mp-results"')[1]
    categories = re.search(r"Lihat kategori</h2>\s*<ul.*?</ul>", html, re.S).group(0)
    assert re.findall(r'href="\?category=([^"]+)"', categories) == [
        "beras",  # two products each, then by code
        "perikanan",
        "perkebunan",
        "kerajinan",
    ]
    assert 'Kerajinan tangan <span class="n">1</span>' in categories
    searches = re.search(r"Pencarian populer</h2>\s*<ul.*?</ul>", html, re.S).group(0)
    assert '<a href="?q=beras+organik">beras organik</a>' in searches


@pytest.fixture
def demo_products(portal, settings, db):
    """The products seed_demo publishes (home/management/commands/seed_demo.py), in one cooperative."""
    from cooperative_pages.models import BusinessUnit
    from tests.factories import make_cooperative

    settings.KMP = {**settings.KMP, "SEARCH_URL": ""}
    cooperative = make_cooperative(village_code="35.01.01.2001", name="Koperasi Desa Merah Putih Widoro")
    for title, category, unit, price, unit_slug, description, tags, _colour in DEMO_PRODUCTS:
        product = make_product(
            cooperative,
            title=title,
            category=category,
            unit=unit,
            price=price,
            description=description,
            business_unit=BusinessUnit.objects.get(slug=unit_slug),
            publish=False,
        )
        product.tags.add(*tags)
        product.save_revision().publish(skip_permission_checks=True)


def test_every_example_search_finds_demo_products_as_typed(client, demo_products):
    """The placeholder's and the empty page's examples all find products of the demo data
    ("ikan asin", the old placeholder's example, found nothing)."""
    html = page(client)
    examples = conf.get("SEARCH_EXAMPLES")
    assert f'placeholder="mis. {", ".join(examples[:3])}"' in html
    for example in examples:
        data = client.get("/api/marketplace/products/", {"q": example}).json()
        assert data["count"] > 0 and data["fallback"] is None, example
