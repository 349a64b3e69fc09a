"""The README's phone screenshots (docs/screenshots/), taken from a running demo site.

``python tools/readme_screenshots.py [BASE_URL]`` (default http://127.0.0.1:8000, the site of
``make run``): Debian's chromium through Playwright (no browser download), 390×844 and 320×640,
one screen each, device pixel ratio 1, so each PNG stays small.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
COOPERATIVE = "/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/"
# name: (path, width, height, scroll to this selector first or None, open the filter panel)
SHOTS = {
    "portal-390": ("/", 390, 844, None, False),
    "portal-products-390": ("/", 390, 844, "main h2", False),
    "microsite-390": (COOPERATIVE, 390, 844, None, False),
    "product-390": (COOPERATIVE + "produk/beras-organik-pandan-wangi/", 390, 844, None, False),
    "product-out-of-stock-320": (COOPERATIVE + "produk/gula-aren-cetak/", 320, 640, "main h1", False),
    "storefront-390": ("/marketplace/?q=beras", 390, 844, None, False),
    "storefront-filters-390": ("/marketplace/?q=beras&province=35&available=true", 390, 844, None, False),
    "storefront-filters-open-320": ("/marketplace/?q=beras&province=35&available=true", 320, 640, None, True),
    "storefront-typo-390": ("/marketplace/?q=berass", 390, 844, None, False),
    "storefront-empty-390": ("/marketplace/?q=xyzzy", 390, 844, None, False),
    "dashboard-390": ("/dashboard/", 390, 844, None, False),
}


def _save_small(png: bytes, path: Path) -> None:
    """A 256-colour PNG: flat UI colours survive, the file is a third of the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, (path, width, height, scroll_to, open_filters) in SHOTS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, is_mobile=True, has_touch=True, locale="id-ID"
            )
            page = context.new_page()
            page.goto(base.rstrip("/") + path, wait_until="networkidle")
            if open_filters:
                page.locator("details summary").first.click()
            if scroll_to:
                page.locator(scroll_to).first.evaluate("element => window.scrollTo(0, element.offsetTop - 8)")
            page.wait_for_timeout(300)
            _save_small(page.screenshot(), OUT / f"{name}.png")
            context.close()
            sys.stderr.write(f"{name}.png\n")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
