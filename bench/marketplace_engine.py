"""Part 3 of bench/marketplace_search.py: the search engine named by SEARCH_URL (OpenSearch or
Elasticsearch), end to end through our search interface and over HTTP, against the engine's own ``took``."""

from __future__ import annotations

import os
import statistics
import time

from timing import measure, percentile


def engine_comparison(url: str, repeat: int, *, reuse: bool, recall_queries: dict[str, str]) -> None:
    from django.conf import settings
    from django.test import Client

    from search import backends
    from search.models import MarketplaceEntry
    from search.query import ProductQuery
    from search.selectors import product_autocomplete, product_search

    settings.KMP = {**settings.KMP, "SEARCH_URL": url, "SEARCH_INDEX": "kmp-bench", "SEARCH_TIMEOUT": 30}
    engine = backends.engine_backend()
    total = MarketplaceEntry.objects.count()
    indexed = (
        engine.client.count(index=engine.alias)["count"]
        if engine.client.indices.exists_alias(name=engine.alias)
        else -1
    )
    if reuse and indexed == total:
        print(f"\n3) {engine.name} at {url}: reusing the index behind alias {engine.alias} ({indexed:,} entries)")
    else:
        started = time.perf_counter()
        count = engine.rebuild(entries=MarketplaceEntry.objects.order_by("pk").iterator(chunk_size=5000))
        elapsed = time.perf_counter() - started
        print(f"\n3) {engine.name} at {url}: {count:,} entries indexed (new index + alias swap) in {elapsed:.1f} s")
    print(f"  load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")

    # The engine's own ``took`` of exactly the requests our backend sends (search or msearch).
    took: list[int] = []
    bypass_request_cache = [False]
    originals = {name: getattr(engine.client, name) for name in ("search", "msearch")}

    def recording_took(method):
        def call(*args, **kwargs):
            if bypass_request_cache[0]:  # "cold": the shard request cache neither read nor written
                if isinstance(kwargs.get("body"), list):  # msearch: the flag is in each header line
                    kwargs["body"] = [
                        {**line, "request_cache": False} if "request_cache" in line else line for line in kwargs["body"]
                    ]
                else:
                    kwargs["request_cache"] = False
            response = method(*args, **kwargs)
            took.append(response["took"])
            return response

        return call

    for name, method in originals.items():
        setattr(engine.client, name, recording_took(method))

    def timed(function, cold: bool) -> tuple[float, float, list[int]]:
        took.clear()
        bypass_request_cache[0] = cold
        p50, p95 = measure(function, repeat)
        bypass_request_cache[0] = False
        return p50, p95, took[1:]  # not the warm-up's

    client = Client()
    cases = {
        "plain q=jual (top 20 + count + 5 facets)": (ProductQuery(text="jual"), {"q": "jual"}),
        "filtered q=jual province=35 price<=100000 available": (
            ProductQuery(text="jual", province="35", price_max=100_000, available=True),
            {"q": "jual", "province": "35", "price_max": "100000", "available": "true"},
        ),
        "filtered q=beras organik category=beras, by price": (
            ProductQuery(text="beras organik", category="beras", sort="price"),
            {"q": "beras organik", "category": "beras", "sort": "price"},
        ),
        "faceted browse (no q) province=33, newest": (ProductQuery(province="33"), {"province": "33"}),
        "faceted browse everything (no q), newest": (ProductQuery(), {}),
        **{label: (ProductQuery(text=text), {"q": text}) for label, text in recall_queries.items()},
        "autocomplete 'ber'": (None, {"q": "ber"}),
        "autocomplete 'kripik' (-> keripik)": (None, {"q": "kripik"}),
    }
    print(
        "  cold: every request bypasses the engine's shard request cache; warm: repeats answered from it\n"
        "  took: of each request to the engine; req: requests to the engine per search\n"
        f"  {'case':<52} {'':5} {'req':>3} {'took p50/p95':>13} {'search() p50/p95':>17} {'HTTP p50/p95':>15}"
        "  HTTP/took p95"
    )
    for label, (query, params) in cases.items():
        if query is None:
            direct = lambda params=params: product_autocomplete(text=params["q"])  # noqa: E731
            path = "/api/marketplace/autocomplete/"
        else:
            direct = lambda query=query: product_search(query=query)  # noqa: E731
            path = "/api/marketplace/products/"
        over_http = lambda params=params, path=path: client.get(path, params)  # noqa: E731
        for mode in ("cold", "warm"):
            s50, s95, search_took = timed(direct, mode == "cold")
            h50, h95, http_took = timed(over_http, mode == "cold")
            both = search_took + http_took
            t50, t95 = statistics.median(both), percentile(both, 0.95)
            requests = len(search_took) / repeat
            print(
                f"  {label:<52} {mode:5} {requests:3.0f} {t50:5.1f}/{t95:5.1f} {s50:8.1f}/{s95:6.1f}"
                f" {h50:7.1f}/{h95:6.1f}  {h95 / max(t95, 1):5.1f}x"
            )
    print(f"  load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for name, method in originals.items():
        setattr(engine.client, name, method)
    if not reuse:
        engine.drop()
