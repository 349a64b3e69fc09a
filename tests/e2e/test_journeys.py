"""The four journeys of issue 7 in a real browser on a phone-sized screen, in order:
an officer adds a product with a photo and submits it; the region's facilitator approves
it (another region's facilitator never sees it); a buyer finds it in the marketplace and
gets the WhatsApp link; a visitor opens the public dashboard."""

from __future__ import annotations

import re
import time
import urllib.parse
from pathlib import Path

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from home.management.commands.seed_demo import USERS

OFFICER, FACILITATOR, OTHER_FACILITATOR = "pengurus.widoro", "pendamping.pacitan", "pendamping.jateng"
PRODUCT = f"Kripik Tempe Uji {int(time.time()) % 100000}"
COOPERATIVE = "Koperasi Desa Merah Putih Widoro"
STATE: dict[str, str] = {}


def password(username: str) -> str:
    return USERS[username][0]


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("foto") / "kripik-tempe.jpg"
    image = PILImage.new("RGB", (1200, 900), (196, 140, 60))
    for x in range(0, 1200, 60):  # some detail, so the JPEG is a realistic phone photo size
        image.paste((120 + x % 100, 80, 30), (x, 0, x + 30, 900))
    image.save(path, quality=85)
    return path


def test_1_officer_adds_a_product_with_a_photo_and_submits_it(phone, photo):
    page = phone.page
    phone.login(OFFICER, password(OFFICER))
    phone.shot("admin-home")

    # The photo, through the admin's image upload form.
    page.goto("/admin/images/add/")
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_title", PRODUCT)
    phone.shot("photo-form")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/images/"))
    assert page.get_by_text(PRODUCT).first.is_visible()

    # Own cooperative's products (the officer's home links them; issue 13) -> add a product.
    page.goto("/admin/")
    products = page.get_by_role("link", name=re.compile(r"^Lihat semua produk")).first.get_attribute("href")
    index_id = re.search(r"/admin/pages/(\d+)/", products).group(1)
    page.goto(f"/admin/pages/{index_id}/")
    phone.shot("products-explorer")
    page.locator(f"a[href='/admin/pages/{index_id}/add_subpage/']").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/add/cooperative_pages/productpage/"))

    page.fill("#id_title", PRODUCT)
    page.fill("#id_description", "Keripik tempe renyah buatan ibu-ibu Desa Widoro.")
    page.fill("#id_price", "12500")
    page.fill("#id_unit", "bungkus 200 gram")
    page.select_option("#id_category", "olahan")
    # The photo is taken or chosen in the form itself (issue 13); the image uploaded above stays in the collection.
    page.set_input_files("[data-kmp-photo-start] input[type=file]", str(photo))
    expect(page.locator(".kmp-photo--done").first).to_be_visible(timeout=60_000)
    phone.shot("product-form")

    # Submit for approval: the officer's primary footer action (issue 13).
    page.get_by_role("button", name="Kirim ke pendamping").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    phone.shot("submitted")
    # "dibuat dan dikirim", or "dikirim" when autosave had already created the draft.
    expect(page.get_by_text(re.compile(rf"Halaman '{PRODUCT}' telah .*dikirim untuk ditinjau"))).to_be_visible()
    assert "SEDANG DITINJAU" in page.locator("tr", has_text=PRODUCT).inner_text().upper()
    STATE["edit_url"] = page.url


def test_2_the_regions_facilitator_approves_and_others_do_not_see_it(phone_factory, site_url):
    assert STATE.get("edit_url"), "journey 1 did not submit the product"
    other = phone_factory("other-region")
    other.login(OTHER_FACILITATOR, password(OTHER_FACILITATOR))
    other.shot("admin-home")
    assert PRODUCT not in other.page.content()
    other.page.goto("/admin/pages/search/?q=" + urllib.parse.quote(PRODUCT))
    other.shot("search")
    assert PRODUCT not in other.page.locator("main").inner_text()

    facilitator = phone_factory("facilitator")
    page = facilitator.page
    facilitator.login(FACILITATOR, password(FACILITATOR))
    facilitator.shot("admin-home")
    task = page.locator("[data-kmp-review-row]", has_text=PRODUCT)
    assert task.count() >= 1, "the submission is not in the facilitator's review list"
    task.first.get_by_role("button", name="Setujui", exact=True).click()  # asks first (issue 13)
    facilitator.shot("actions")
    page.get_by_role("button", name="Ya, setujui dan tayangkan").click()
    page.wait_for_url(re.compile(r"decided="))
    expect(page.locator("[data-kmp-review-row]", has_text=PRODUCT)).to_have_count(0)
    facilitator.shot("approved")

    # The page is live.
    buyer = phone_factory("public")
    response = buyer.page.goto("/marketplace/?q=" + urllib.parse.quote(PRODUCT))
    assert response.status == 200
    link = buyer.page.get_by_role("link", name=PRODUCT).first
    link.wait_for()
    STATE["product_url"] = link.get_attribute("href")
    assert buyer.page.goto(STATE["product_url"]).status == 200
    buyer.shot("live")


def test_3_buyer_searches_filters_by_province_and_gets_the_whatsapp_link(phone):
    assert STATE.get("product_url"), "journey 2 did not publish the product"
    page = phone.page
    page.goto("/marketplace/")
    phone.shot("storefront")
    page.fill("#mp-q", "kripik tempe")
    page.locator("form.mp-search button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=kripik"))
    phone.shot("results")
    page.locator("#mp-filters summary").click()  # the filter panel is folded on a phone
    page.locator(".mp-facet a", has_text="Jawa Timur").first.click()
    page.wait_for_url(re.compile(r"province=35"))
    phone.shot("filtered")
    cards = page.locator(".mp-card")
    assert cards.count() >= 1
    for text in cards.all_inner_texts():
        assert "Jawa Timur" in text, text
    page.locator(".mp-card h2 a", has_text=PRODUCT).first.click()
    page.wait_for_url(re.compile(re.escape(STATE["product_url"])))
    phone.shot("product")
    assert PRODUCT in page.locator("h1").first.inner_text()
    whatsapp = page.locator("a[href^='https://wa.me/']").first
    href = whatsapp.get_attribute("href")
    parsed = urllib.parse.urlparse(href)
    assert re.fullmatch(r"/62\d{8,13}", parsed.path), href
    text = urllib.parse.parse_qs(parsed.query)["text"][0]
    assert PRODUCT in text and COOPERATIVE in text, text


def test_4_visitor_opens_the_dashboard_and_its_charts_render(phone):
    page = phone.page
    response = page.goto("/dashboard/")
    assert response is not None and response.status == 200, "the public dashboard is not there"
    phone.shot("national")
    charts = page.locator("main svg")
    assert charts.count() >= 2, "no charts on the dashboard"
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('main svg')].filter(svg => {
               const box = svg.getBoundingClientRect();
               const marks = svg.querySelectorAll('rect, polyline, path, circle');
               return box.width > 50 && box.height > 5 && marks.length > 0;
           }).length"""
    )
    assert drawn >= 2, f"only {drawn} chart(s) drawn with a size and marks"
    bars = page.evaluate(
        "() => [...document.querySelectorAll('main svg rect')].filter(r => r.getBoundingClientRect().width > 1).length"
    )
    assert bars >= 1, "every bar has zero width"
    page.locator("main a[href*='province=35']").first.click()
    page.wait_for_url(re.compile(r"province=35"))
    phone.shot("province")
    assert page.locator("main svg").count() >= 1


def test_5_pages_render_under_the_content_security_policy(phone):
    """Storefront (with autocomplete), a product, the dashboard and the API docs work with
    the Content-Security-Policy enforced: the browser reports no blocked resource."""
    page = phone.page
    blocked: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    cooperative = "/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/"
    for path in ("/marketplace/?q=beras", "/dashboard/", cooperative):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), path
    page.goto("/marketplace/")
    page.locator("input[name='q']").first.fill("ber")
    page.wait_for_timeout(1500)  # the autocomplete script fetches suggestions from the API
    response = page.goto("/api/docs/")
    assert response is not None and response.status == 200
    expect(page.get_by_text("Direktori koperasi").first).to_be_visible(timeout=30_000)
    phone.shot("api-docs")
    assert not blocked, blocked
