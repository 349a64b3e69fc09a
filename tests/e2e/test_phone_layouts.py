"""Every public page type on 320, 360 and 390 px wide phones: nothing scrolls sideways,
every image fits the screen, no text is smaller than 14 px, no "None" or "Wagtail" shown.
Screenshots in artifacts/e2e/."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE

COOPERATIVE = "/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/"
PAGES = {
    "portal": "/",
    "province": "/jawa-timur/",
    "regency": "/jawa-timur/kabupaten-pacitan/",
    "cooperative": COOPERATIVE,
    "products": COOPERATIVE + "produk/",
    "product": COOPERATIVE + "produk/beras-organik-pandan-wangi/",
    "product-out-of-stock": COOPERATIVE + "produk/gula-aren-cetak/",
    "news-list": COOPERATIVE + "berita/",
    "news": COOPERATIVE + "berita/rapat-anggota-tahunan-koperasi-desa-merah-putih-widoro/",
    "governance-list": COOPERATIVE + "tata-kelola/",
    "governance": COOPERATIVE + "tata-kelola/anggaran-dasar-dan-anggaran-rumah-tangga/",
    "marketplace": "/marketplace/?q=beras",
    "marketplace-browse": "/marketplace/",
    "marketplace-no-results": "/marketplace/?q=xyzzy",
    "dashboard": "/dashboard/",
    "dashboard-regency": "/dashboard/?regency=35.01",
    "readiness": "/dashboard/kesiapan-pembiayaan/",
    "not-found": "/halaman-yang-tidak-ada/",
}
WIDTHS = (320, 360, 390)

# Elements wider than the screen, images outside it, and text under 14 px (visible text nodes only).
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
    .filter(el => !el.closest('[role=region]'))  // labelled scroll containers scroll inside
    .map(el => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`);
  const images = [...document.images]
    .filter(img => { const r = img.getBoundingClientRect(); return r.left < -1 || r.right > width + 1; })
    .map(img => `${img.currentSrc} ${Math.round(img.getBoundingClientRect().width)}px`);
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('.visually-hidden, .skip, svg')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 14 && el.getClientRects().length) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide, images, small: small.slice(0, 5)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_fits_a_phone(browser, site_url, name, width):
    from .conftest import ARTIFACTS

    context = browser.new_context(base_url=site_url, **{**PHONE, "viewport": {"width": width, "height": 800}})
    try:
        page = context.new_page()
        response = page.goto(PAGES[name], wait_until="load")
        assert response.status == (404 if name == "not-found" else 200)
        for image in page.locator("img").all():  # lazy images load as a visitor scrolls
            image.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        found = page.evaluate(MEASURE)
        leaks = re.findall(r"\b(?:None|Wagtail)\b", page.inner_text("body"))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-{width}-{name}.png"), full_page=True)
    finally:
        context.close()
    assert found["scrollWidth"] <= width, found
    assert not found["wide"], found
    assert not found["images"], found
    assert not found["small"], found
    assert not leaks, leaks
