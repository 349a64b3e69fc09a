"""The cached phase of bench/load.py: the same load with the shared page cache on, and a purge test.

gunicorn is started again with ``KMP_PAGE_CACHE_SECONDS=600`` (pages, searches and public API
answers in Redis, shared by both workers). Printed: throughput and p95 against the uncached
steady phase of the same run (target: at least 5× the throughput at a lower p95; a timing is
reported, never failed on). Checked: publishing, renaming and unpublishing a product from another
process is seen by the very next anonymous request (page, storefront search, API), because the
publish purges the cache at commit.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import httpx

from bench.load import Load, free_port, log, manage, percentile, phase_failures, start_gunicorn, stop_gunicorn

RENAME = """
from cooperative_pages.models import ProductPage
page = ProductPage.objects.get(pk=PAGE_ID)
page.title = NEW_TITLE
page.save_revision().publish(skip_permission_checks=True)
"""
UNPUBLISH = """
from cooperative_pages.models import ProductPage
ProductPage.objects.get(pk=PAGE_ID).unpublish()
"""


def cached_phase(*, env: dict, args, baseline: list, baseline_seconds: float, targets: dict) -> list[str]:
    failures: list[str] = []
    cached_env = {**env, "KMP_PAGE_CACHE_SECONDS": "600"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = Path(env["KMP_VAR_DIR"]) / "gunicorn-cached.log"
    gunicorn = start_gunicorn(
        env=cached_env, port=port, workers=args.workers, max_requests=args.max_requests, log_path=log_path
    )
    try:
        seconds = max(10.0, min(args.duration, 30.0))
        with Load(base=base, clients=args.clients, targets=targets, forwarded=True) as load:
            time.sleep(3)  # warm-up: the first request of each URL fills the cache
            t0 = time.monotonic()
            time.sleep(seconds)
            t1 = time.monotonic()
        cached = load.window(t0, t1)
        failures += phase_failures("steady load, shared page cache on", cached, t1 - t0, label="cached load")
        compare(baseline, baseline_seconds, cached, t1 - t0)
        failures += purge_test(base=base, env=cached_env)
    finally:
        stop_gunicorn(gunicorn)
    return failures


def compare(baseline: list, baseline_seconds: float, cached: list, cached_seconds: float) -> None:
    before, after = len(baseline) / baseline_seconds, len(cached) / cached_seconds
    p95_before = percentile([s.seconds * 1000 for s in baseline], 0.95)
    p95_after = percentile([s.seconds * 1000 for s in cached], 0.95)
    ratio = after / before if before else float("nan")
    met = ratio >= 5 and p95_after < p95_before
    print(
        f"page cache: {after:.0f} requests/s vs {before:.0f} without = {ratio:.1f}× (target ≥ 5×); "
        f"p95 {p95_after:.0f} ms vs {p95_before:.0f} ms: target {'met' if met else 'NOT met'}"
    )


def purge_test(*, base: str, env: dict) -> list[str]:
    """Publish, rename and unpublish through another process; the next anonymous request must see it."""
    failures = []
    with httpx.Client(base_url=base, timeout=30) as client:
        product = client.get("/api/marketplace/products/", params={"q": "beras", "page_size": 1}).json()["results"][0]
        # The storefront searched for the product's whole title lists it first, before and after the rename.
        path, word = httpx.URL(product["url"]).path, product["title"]
        for url in (path, f"/marketplace/?q={word}", path, f"/marketplace/?q={word}"):
            client.get(url)
        state = client.get(path).headers.get("X-Page-Cache")
        token = f"Segar{secrets.randbelow(10**6)}"
        new_title = f"{product['title']} {token}"
        script = RENAME.replace("PAGE_ID", str(product["id"])).replace("NEW_TITLE", repr(new_title))
        manage(env, "shell", stdin=script)
        page = client.get(path)
        storefront = client.get("/marketplace/", params={"q": word})
        api = client.get("/api/marketplace/products/", params={"q": token}).json()
        fresh = token in page.text and token in storefront.text and api["count"] == 1
        print(
            f"purge: before the publish the page was a cache {state}; the next requests after it: page "
            f"{page.headers.get('X-Page-Cache')} {'(new title)' if token in page.text else '(OLD title)'}, "
            f"storefront {'new' if token in storefront.text else 'OLD'}, API search finds it: {api['count'] == 1}"
        )
        if state != "hit" or not fresh:
            failures.append("purge: a publish was not seen by the next anonymous request")
        manage(env, "shell", stdin=UNPUBLISH.replace("PAGE_ID", str(product["id"])))
        gone = client.get(path).status_code == 404 and token not in client.get("/marketplace/", params={"q": word}).text
        print(f"purge: after unpublishing, the page is a 404 and the storefront no longer lists it: {gone}")
        if not gone:
            failures.append("purge: an unpublished product was still served")
    log("cached phase done")
    return failures
