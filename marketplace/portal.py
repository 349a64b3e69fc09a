"""Products on the portal and region pages: the newest a buyer can order in the region, how
many each child region or cooperative has available, and the categories with their counts.
One marketplace search (``search.selectors.product_search``) plus, for a regency's
cooperatives, one grouped count."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from search.query import ProductQuery
from search.selectors import product_counts_by_cooperative, product_search

NEWEST_ON_REGION_PAGES = 8


def storefront_url(**params: str) -> str:
    try:
        url = reverse("marketplace:storefront")
    except NoReverseMatch:  # a host site without the storefront's URLs
        return ""
    query = "&".join(f"{key}={value}" for key, value in params.items() if value)
    return f"{url}?{query}" if query else url


def region_products(*, region_code: str, children: list) -> dict:
    """Newest products, totals and per-child product counts for the portal (``region_code``
    empty), a province (``35``) or a regency (``35.01``)."""
    parts = region_code.split(".") if region_code else []
    province = parts[0] if parts else ""
    regency = region_code if len(parts) == 2 else ""
    results = product_search(
        query=ProductQuery(
            province=province, regency=regency, available=True, sort="newest", page_size=NEWEST_ON_REGION_PAGES
        )
    )
    child_facet = "regency" if province else "province"
    counts = {bucket.key: bucket.count for bucket in results.facets.get(child_facet, [])}
    child_figures = {
        child.pk: {"products": counts.get(child.region_id, 0)} for child in children if hasattr(child, "region_id")
    }
    cooperative_ids = [child.pk for child in children if not hasattr(child, "region_id")]
    if cooperative_ids:
        cooperative_counts = product_counts_by_cooperative(cooperative_ids=cooperative_ids, available=True)
        child_figures.update({pk: {"products": cooperative_counts.get(pk, 0)} for pk in cooperative_ids})
    return {
        "products": results.results,
        "categories": results.facets.get("category", []),
        "totals": {"products": results.count},
        "child_figures": child_figures,
        "marketplace_url": storefront_url(province=province, regency=regency),
        "sections": ["marketplace/_region_products.html"],
    }
