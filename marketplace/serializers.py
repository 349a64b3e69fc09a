"""The JSON shapes of the marketplace API."""

from __future__ import annotations

from search.query import FacetBucket, ProductResult, SearchResults


def product_json(result: ProductResult) -> dict:
    return {
        "id": result.id,
        "title": result.title,
        "url": result.url,
        "price": result.price,
        "unit": result.unit,
        "category": {"code": result.category, "name": result.category_name},
        "business_unit": (
            {"code": result.business_unit, "name": result.business_unit_name} if result.business_unit else None
        ),
        "available": result.available,
        "image": result.image_url or None,
        "cooperative": {
            "id": result.cooperative_id,
            "name": result.cooperative_name,
            "url": result.cooperative_url,
            "whatsapp": result.whatsapp_url or None,
        },
        "region": {
            "province": {"code": result.province_code, "name": result.province_name},
            "regency": {"code": result.regency_code, "name": result.regency_name},
        },
        "published_at": result.published_at.isoformat() if result.published_at else None,
    }


def facets_json(facets: dict[str, list[FacetBucket]]) -> dict:
    return {
        facet: [{"code": bucket.key, "name": bucket.label, "count": bucket.count} for bucket in buckets]
        for facet, buckets in facets.items()
    }


def search_results_json(results: SearchResults) -> dict:
    return {
        "count": results.count,
        "page": results.query.page,
        "page_size": results.query.page_size,
        "num_pages": results.num_pages,
        "degraded": results.degraded,
        "results": [product_json(result) for result in results.results],
        "facets": facets_json(results.facets),
    }
