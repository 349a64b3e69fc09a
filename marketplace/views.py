"""The storefront page: a thin view over ``search.selectors``, validated by the API's parameters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from cooperative_pages.ratelimit import rate_limited
from search.selectors import product_search

from .serializers import ProductSearchParameters
from .storefront import STOREFRONT_PAGE_SIZE, form_context, storefront_context


@require_safe
@rate_limited
def storefront(request: HttpRequest) -> HttpResponse:
    """``/marketplace/``: search, filters with counts, sorting, paging, "Pesan via WhatsApp"."""
    parameters = ProductSearchParameters(
        data=request.GET,
        context={
            "ignore_unknown": True,
            "blank_is_absent": True,
            "default_page_size": STOREFRONT_PAGE_SIZE,
            "explain_empty_ranges": True,
        },
    )
    if not parameters.is_valid():
        context = {**form_context(request=request, parameters=parameters), "results": None}
        return render(request, "marketplace/storefront.html", context, status=400)
    results = product_search(query=parameters.to_query())
    response = render(
        request,
        "marketplace/storefront.html",
        storefront_context(request=request, parameters=parameters, results=results),
    )
    return fresh_unless_degraded(response, degraded=results.degraded)


def fresh_unless_degraded(response: HttpResponse, *, degraded: bool) -> HttpResponse:
    """An answer from the database fallback (engine down) is never kept by a cache: once the
    engine is back, the next request gets its full answer."""
    if degraded:
        add_never_cache_headers(response)
    return response
