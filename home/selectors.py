"""Reads for the national portal's front page: a fixed number of queries at any size."""

from __future__ import annotations

from cooperative_pages.models import ProductCategory, ProvincePage
from cooperative_pages.public import region_listing_context
from cooperative_pages.selectors import region_page_children
from search.selectors import product_results


def portal_context(*, page, request) -> dict:
    """Provinces with their figures, the newest and the featured products, categories and the
    national totals (through the ``region_page_context`` hooks of the dashboard and marketplace)."""
    provinces = list(region_page_children(page=page, model=ProvincePage))
    context = region_listing_context(page=page, request=request, children=provinces)
    featured_ids = list(page.featured_products.order_by("sort_order").values_list("product_id", flat=True))
    context["featured"] = product_results(ids=featured_ids) if featured_ids else []
    counts = {bucket.key: bucket.count for bucket in context.get("categories", [])}
    context["category_links"] = [
        {"code": code, "name": name, "count": counts.get(code, 0)} for code, name in ProductCategory.choices
    ]
    return context
