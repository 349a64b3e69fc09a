"""Budgets for a phone on a slow network, measured in the browser: what the storefront and a
cooperative page transfer before product images (≤ 150 KB), and an axe-core accessibility
check with no violation at all (minor and moderate ones too: landmarks, heading order)."""

from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS, AXE_JS

BUDGET_BYTES = 150 * 1024
PAGES = {
    "storefront": "/marketplace/",
    "storefront-search": "/marketplace/?q=beras&province=35",
    "cooperative": "/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/",
    "products": "/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/produk/",
    "dashboard": "/dashboard/",
}
# A slow mobile connection (about "Slow 3G" in Chrome's presets).
SLOW_NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def _is_product_image(resource_type: str, url: str) -> bool:
    return resource_type == "Image" and "/media/" in url


@pytest.mark.parametrize("name", ["storefront", "storefront-search", "cooperative"])
def test_page_weight_before_product_images(name, phone):
    page = phone.page
    cdp = phone.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    responses: dict[str, tuple[str, str]] = {}
    sizes: dict[str, int] = {}

    def on_response(event: dict) -> None:
        responses[event["requestId"]] = (event["type"], event["response"]["url"])

    def on_finished(event: dict) -> None:
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    response = page.goto(PAGES[name], wait_until="load", timeout=120_000)
    assert response.status == 200
    page.wait_for_load_state("networkidle", timeout=120_000)
    timing = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0];"
        " return {dcl: Math.round(t.domContentLoadedEventEnd), load: Math.round(t.loadEventEnd)}; }"
    )
    phone.shot(name)
    rows = [(responses[rid][0], responses[rid][1], size) for rid, size in sizes.items() if rid in responses]
    before_images = [row for row in rows if not _is_product_image(row[0], row[1])]
    total = sum(size for _type, _url, size in before_images)
    images = sum(size for kind, url, size in rows if _is_product_image(kind, url))
    report = {
        "page": PAGES[name],
        "bytes_before_product_images": total,
        "bytes_product_images": images,
        "requests": len(rows),
        "slow_network_dom_content_loaded_ms": timing["dcl"],
        "slow_network_load_ms": timing["load"],
        "resources": sorted(
            ({"type": kind, "url": url, "bytes": size} for kind, url, size in before_images),
            key=lambda r: -r["bytes"],
        ),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"weight-{name}.json").write_text(json.dumps(report, indent=2))
    print(  # noqa: T201 (figures for the CI log)
        f"\nweight {name}: {total / 1024:.1f} KB before product images, {images / 1024:.1f} KB product images, "
        f"{len(rows)} requests; slow network: DOMContentLoaded {timing['dcl']} ms, load {timing['load']} ms"
    )
    assert total <= BUDGET_BYTES, f"{total / 1024:.1f} KB > 150 KB: {report['resources'][:5]}"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(name, phone):
    page = phone.page
    # An init script, not add_script_tag(): the pages' Content-Security-Policy blocks inline scripts.
    page.add_init_script(path=str(AXE_JS))
    assert page.goto(PAGES[name]).status == 200
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(result["violations"], indent=2))
    summary = [
        f"{v['impact']} {v['id']}: {v['help']} at {[node['target'] for node in v['nodes'][:3]]}" for v in violations
    ]
    print(f"\naxe {name}: {len(result['violations'])} violations, {len(serious)} serious or critical")  # noqa: T201
    assert not violations, "\n".join(summary)
