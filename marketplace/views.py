"""The storefront page and the JSON API: thin views over ``search.selectors``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from search.selectors import product_autocomplete, product_search

from .forms import AutocompleteForm, ProductSearchForm
from .serializers import search_results_json
from .storefront import storefront_context


def _bad_request(form, *, unknown: list[str] | None = None) -> JsonResponse:
    errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    for name in unknown or []:
        errors[name] = [_("Unknown parameter.")]
    return JsonResponse(
        {"error": "invalid_parameters", "message": _("Some parameters are not valid."), "errors": errors}, status=400
    )


def _unknown_parameters(request: HttpRequest, form_class) -> list[str]:
    return sorted(set(request.GET) - set(form_class.base_fields))


@require_safe
def products_api(request: HttpRequest) -> JsonResponse:
    """``GET /api/marketplace/products/``: one page of live products, with facet counts."""
    form = ProductSearchForm(request.GET)
    unknown = _unknown_parameters(request, ProductSearchForm)
    if not form.is_valid() or unknown:
        return _bad_request(form, unknown=unknown)
    results = product_search(query=form.to_query())
    return _fresh_unless_degraded(JsonResponse(search_results_json(results)), degraded=results.degraded)


@require_safe
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    """``GET /api/marketplace/autocomplete/?q=``: product titles starting with what was typed."""
    form = AutocompleteForm(request.GET)
    unknown = _unknown_parameters(request, AutocompleteForm)
    if not form.is_valid() or unknown:
        return _bad_request(form, unknown=unknown)
    suggestions, degraded = product_autocomplete(text=form.cleaned_data["q"])
    response = JsonResponse({"q": form.cleaned_data["q"], "suggestions": suggestions, "degraded": degraded})
    return _fresh_unless_degraded(response, degraded=degraded)


@require_safe
def storefront(request: HttpRequest) -> HttpResponse:
    """``/marketplace/``: search, filters with counts, sorting, paging, "Pesan via WhatsApp"."""
    form = ProductSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "marketplace/storefront.html", {"form": form, "results": None}, status=400)
    results = product_search(query=form.to_query())
    response = render(
        request, "marketplace/storefront.html", storefront_context(request=request, form=form, results=results)
    )
    return _fresh_unless_degraded(response, degraded=results.degraded)


def _fresh_unless_degraded(response: HttpResponse, *, degraded: bool) -> HttpResponse:
    """An answer from the database fallback (engine down) is never kept by a cache: once the
    engine is back, the next request gets its full answer."""
    if degraded:
        add_never_cache_headers(response)
    return response
