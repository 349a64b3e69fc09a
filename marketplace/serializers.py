"""The JSON shapes of the marketplace API."""

from __future__ import annotations

from search.query import FacetBucket, ProductResult, Recall, SearchResults


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


def recall_json(recall: Recall | None) -> dict:
    """What the results were found for when the words as typed found nothing (``search/recall.py``):
    ``corrected_query``, the query with its misspelt words corrected, and ``fallback``, the words
    the results have (every one, or with ``match: "any"`` at least one); both null otherwise."""
    if recall is None:
        return {"corrected_query": None, "fallback": None}
    return {
        "corrected_query": recall.corrected_query or None,
        "fallback": {"words": list(recall.words), "match": "any" if recall.match_any else "all"},
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
        **recall_json(results.recall),
    }
