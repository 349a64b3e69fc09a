"""Public pages as a buyer and a bank officer meet them: every microsite page names its
cooperative and place with a breadcrumb, and carries a title, a description, a canonical URL,
Open Graph/Twitter tags (a WhatsApp share shows the photo, name and price) and schema.org
JSON-LD, read here with extruct as search engines and chat apps read them."""

from __future__ import annotations

import re
from datetime import timedelta

import extruct
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cooperative_pages.models import (
    GovernanceIndexPage,
    GovernancePage,
    NewsIndexPage,
    ProductIndexPage,
    ProductPageImage,
)
from cooperative_pages.page_urls import absolute_url, page_url
from cooperative_pages.seo import OG_IMAGE_SPEC
from dashboard.models import CooperativeActivity
from dashboard.selectors import figures_changed
from tests.factories import make_cooperative, make_image, make_product

PLACE = "Desa Widoro, Kec. Donorojo, Kab. Pacitan, Jawa Timur"


def read(client, url: str) -> tuple[str, dict]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"])
    return html, data


def og(data: dict) -> dict:
    """The page's Open Graph properties (``og:…``, ``product:…``, ``article:…``)."""
    return {name: value for item in data["opengraph"] for name, value in item["properties"]}


def ld(data: dict, kind: str) -> dict:
    items = [item for item in data["json-ld"] if item.get("@type") == kind]
    assert len(items) == 1, (kind, [item.get("@type") for item in data["json-ld"]])
    return items[0]


def crumbs(data: dict) -> list[str]:
    return [item["name"] for item in ld(data, "BreadcrumbList")["itemListElement"]]


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_product_page_names_its_cooperative_and_shares_photo_name_and_price(world, client):
    product = world.a.product
    html, data = read(client, product.url)
    assert title(html) == "Beras Widoro — Koperasi Desa Merah Putih Widoro, Pacitan"
    assert PLACE in html
    assert crumbs(data) == [
        "Indonesia",
        "Jawa Timur",
        "Kab. Pacitan",
        "Koperasi Desa Merah Putih Widoro",
        "Produk",
        "Beras Widoro",
    ]
    tags = og(data)
    assert tags["og:type"] == "product"
    assert tags["og:title"] == "Beras Widoro · Rp 15.000 / kg"
    assert "Rp 15.000 / kg" in tags["og:description"]
    assert tags["product:price:amount"] == "15000" and tags["product:price:currency"] == "IDR"
    rendition = world.a.image.renditions.get(filter_spec=OG_IMAGE_SPEC)
    assert tags["og:image"] == absolute_url(rendition.url)  # KMP["PUBLIC_BASE_URL"], as the API's links
    assert tags["og:url"] == page_url(product)
    assert f'<link rel="canonical" href="{page_url(product)}">' in html
    assert f'<meta name="twitter:image" content="{tags["og:image"]}">' in html

    offer = ld(data, "Product")["offers"]
    assert offer["price"] == "15000" and offer["priceCurrency"] == "IDR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["seller"]["name"] == "Koperasi Desa Merah Putih Widoro"
    assert ld(data, "Product")["image"] == [tags["og:image"]]
    assert 'href="https://wa.me/6281234500000?text=' in html


def test_out_of_stock_product_cannot_be_ordered(world, client):
    product = make_product(world.a.cooperative, title="Gula Aren", available=False)
    html, data = read(client, product.url)
    assert ld(data, "Product")["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert og(data)["product:availability"] == "oos"
    assert '<button class="btn" type="button" disabled>Stok habis</button>' in html
    assert "wa.me" not in html.split('<article class="product">')[1]
    section = ProductIndexPage.objects.child_of(world.a.cooperative).get()
    cards = client.get(section.url).content.decode().split('<ul class="cards">')[1]
    card = cards.split(">Gula Aren</a>")[1].split("</li>")[0]
    assert '<p class="out">Stok habis</p>' in card


def test_cooperative_page_is_an_organization_with_its_address(world, client):
    cooperative = world.a.cooperative
    cooperative.legal_entity_number = "AHU-0000101.AH.01.29.TAHUN 2025"
    cooperative.address = "Jl. Raya Widoro No. 1"
    cooperative.save_revision().publish(skip_permission_checks=True)
    html, data = read(client, cooperative.url)
    assert title(html) == f"Koperasi Desa Merah Putih Widoro — {PLACE}"
    organization = ld(data, "Organization")
    assert organization["name"] == "Koperasi Desa Merah Putih Widoro"
    assert organization["identifier"] == "AHU-0000101.AH.01.29.TAHUN 2025"
    assert organization["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Jl. Raya Widoro No. 1",
        "addressLocality": "Widoro, Donorojo, Kabupaten Pacitan",
        "addressRegion": "Jawa Timur",
        "postalCode": "63554",
        "addressCountry": "ID",
    }
    assert crumbs(data)[-1] == "Koperasi Desa Merah Putih Widoro"
    assert og(data)["og:description"]
    # A bank officer sees the registry facts; the legal-entity number may wrap on a phone.
    assert '<dd class="code">AHU-0000101.AH.01.29.TAHUN 2025' in html


def test_news_page_is_a_news_article_of_the_cooperative(world, client):
    news = world.a.news
    html, data = read(client, news.url)
    assert title(html) == "Berita Widoro — Koperasi Desa Merah Putih Widoro, Pacitan"
    article = ld(data, "NewsArticle")
    assert article["headline"] == "Berita Widoro"
    assert article["datePublished"] == news.date.isoformat()
    assert article["author"]["name"] == "Koperasi Desa Merah Putih Widoro"
    assert og(data)["og:type"] == "article"
    assert crumbs(data)[-2:] == ["Berita", "Berita Widoro"]


@pytest.mark.parametrize("section_model", [ProductIndexPage, NewsIndexPage, GovernanceIndexPage])
def test_section_pages_name_the_cooperative(world, client, section_model):
    section = section_model.objects.child_of(world.a.cooperative).get()
    html, data = read(client, section.url)
    assert title(html) == f"{section.title} — Koperasi Desa Merah Putih Widoro, Pacitan"
    assert PLACE in html
    assert ld(data, "Organization")["address"]["addressRegion"] == "Jawa Timur"
    assert crumbs(data)[-2:] == ["Koperasi Desa Merah Putih Widoro", section.title]
    assert f'aria-current="page">{section.title}</a>' in html  # the microsite menu marks the section


def test_governance_document_page(world, client):
    index = GovernanceIndexPage.objects.child_of(world.a.cooperative).get()
    document = GovernancePage(title="Laporan RAT 2025", kind="rat", year=2025, body="<p>Laporan tahunan.</p>")
    index.add_child(instance=document)
    document.save_revision().publish(skip_permission_checks=True)
    html, data = read(client, document.url)
    assert title(html) == "Laporan RAT 2025 — Koperasi Desa Merah Putih Widoro, Pacitan"
    assert "2025" in og(data)["og:description"]
    assert crumbs(data)[-1] == "Laporan RAT 2025"


def test_region_pages_list_cooperatives_with_activity_readiness_and_products(world, client):
    other = make_cooperative(village_code="35.01.01.2002", name="Koperasi Desa Merah Putih Sukobubuk")
    # Approved by a facilitator yesterday (what the dashboard counts as active), with a readiness score.
    CooperativeActivity.objects.filter(cooperative=world.a.cooperative).update(
        last_approved_publication_at=timezone.now() - timedelta(days=1), readiness_score=65
    )
    figures_changed()
    regency = world.a.cooperative.get_parent()
    html, data = read(client, regency.url)
    assert crumbs(data) == ["Indonesia", "Jawa Timur", "Kab. Pacitan"]
    row = html.split("Koperasi Desa Merah Putih Widoro</a>")[1].split("</li>")[0]
    assert "Widoro, Kec. Donorojo" in row
    assert '<span class="badge badge-ok">Aktif</span>' in row
    assert "Kesiapan pembiayaan <b>65</b>/100" in row and "1 produk tersedia" in row
    other_row = html.split(f"{other.title}</a>")[1].split("</li>")[0]
    assert '<span class="badge badge-idle">Belum aktif</span>' in other_row and "0 produk tersedia" in other_row
    assert "Beras Widoro" in html  # newest products of the regency
    province_html, _data = read(client, regency.get_parent().url)
    regency_row = province_html.split("Kabupaten Pacitan</a>")[1].split("</li>")[0]
    assert "<b>2</b> koperasi" in regency_row and "<b>1</b> aktif" in regency_row
    assert "<b>1</b> produk tersedia" in regency_row


def test_portal_home_search_products_categories_provinces_figures_and_login(world, client):
    photo = make_image(collection=world.a.cooperative.collection, size=(1200, 900))
    make_product(
        world.a.cooperative, title="Kopi Robusta", category="perkebunan", gallery_images=[ProductPageImage(image=photo)]
    )
    make_product(world.b.cooperative, title="Gula Habis", available=False)
    html, data = read(client, "/")
    assert title(html).count("Koperasi Merah Putih") == 1
    assert "Gula Habis" not in html  # the newest products a buyer can order
    assert 'action="/marketplace/"' in html and 'name="q"' in html
    assert "Beras Widoro" in html and "Beras Tambakreja" in html  # newest products, with photos
    card = html.split(">Kopi Robusta</a>")[0].rsplit('<li class="card">', 1)[1]
    assert re.search(r'<img src="/media/[^"]+480x360[^"]+" srcset="[^"]+ 240w, [^"]+ 480w"', card)
    assert 'href="/marketplace/?category=beras">Beras dan biji-bijian <span class="n">2</span>' in html
    province_row = html.split(">Jawa Timur</a>")[1].split("</li>")[0]
    assert "<b>1</b> koperasi" in province_row and "<b>0</b> aktif" in province_row
    assert "<b>2</b> produk tersedia" in province_row
    assert "<b>2</b> koperasi" in html and 'href="/dashboard/"' in html  # the national figures and the dashboard
    assert 'href="/admin/login/"' in html
    website = ld(data, "WebSite")
    assert website["potentialAction"]["target"]["urlTemplate"].endswith("/marketplace/?q={search_term_string}")


def test_featured_products_are_shown_while_live(world, client, portal):
    from home.models import HomePageFeaturedProduct

    home = portal.specific
    HomePageFeaturedProduct.objects.create(page=home, product=world.b.product, sort_order=0)
    HomePageFeaturedProduct.objects.create(page=home, product=world.a.draft_product, sort_order=1)
    html = client.get("/").content.decode()
    featured = html.split("Produk pilihan")[1].split("</section>")[0]
    assert "Beras Tambakreja" in featured
    assert "Rahasia Draf" not in html


def test_every_public_page_has_the_portal_header_and_footer(world, client):
    pages = [
        "/",
        world.a.cooperative.get_parent().url,
        world.a.cooperative.url,
        world.a.product.url,
        "/marketplace/?q=beras",
        "/dashboard/",
        "/dashboard/kesiapan-pembiayaan/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        header = html.split('<header class="site-head">')[1].split("</header>")[0]
        assert ">Pasar</a>" in header and ">Dasbor</a>" in header and ">Masuk petugas</a>" in header, url
        assert '<footer class="site-foot">' in html, url
        assert "Marketplace" not in header and html.count("<title>") == 1, url
    dashboard = client.get("/dashboard/").content.decode()
    assert 'aria-current="page">Dasbor</a>' in dashboard


def test_private_and_draft_pages_are_not_linked_from_public_pages(world, client):
    cooperative = world.a.cooperative
    news_index = NewsIndexPage.objects.child_of(cooperative).get()
    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(cooperative.url).content.decode()
    assert news_index.url not in html.split('<nav class="coop-nav"')[1].split("</nav>")[0]
    assert "Rahasia Draf" not in html
