"""What the storefront template shows: filter links and chips, the sort control, what the results
were found for, paging, and what to try on a page without results.

Built here so the template only loops and prints (and never queries).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from cooperative_pages import conf
from cooperative_pages.templatetags.cooperative_tags import rupiah
from search import labels
from search.query import ProductQuery, SearchResults
from search.selectors import category_counts

from .forms import ProductSearchForm

FACET_LABELS = {
    "province": _("Province"),
    "regency": _("Regency/city"),
    "category": _("Category"),
    "business_unit": _("Business unit"),
    "available": _("Availability"),
}
AVAILABLE_LABELS = {"true": _("Available"), "false": _("Out of stock")}
FACET_LIMIT = 12
# Parameters that narrow the results (each one a removable chip); q and sort are not filters.
FILTERS = (*FACET_LABELS, "price_min", "price_max")


@dataclass
class Link:
    label: str
    url: str
    count: int | None = None
    active: bool = False


@dataclass
class FacetGroup:
    name: str
    label: str
    links: list[Link]
    clear_url: str


def _url(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _facet_groups(params: QueryDict, results: SearchResults) -> list[FacetGroup]:
    groups = []
    for name, buckets in results.facets.items():
        current = params.get(name, "")
        clear = {name: None, **({"regency": None} if name == "province" else {})}
        links = []
        for bucket in buckets[:FACET_LIMIT]:
            label = str(AVAILABLE_LABELS.get(bucket.key, bucket.key)) if name == "available" else bucket.label
            active = current == bucket.key
            changes = clear if active else {**clear, name: bucket.key}
            links.append(
                Link(label=label or bucket.key, url=_url(params, **changes), count=bucket.count, active=active)
            )
        if links:
            groups.append(
                FacetGroup(name=name, label=str(FACET_LABELS[name]), links=links, clear_url=_url(params, **clear))
            )
    return groups


def _chips(params: QueryDict, query: ProductQuery) -> list[Link]:
    """The active filters, each with the URL that removes it."""
    chips = []
    for name in FACET_LABELS:
        value = params.get(name, "")
        if not value:
            continue
        label = str(AVAILABLE_LABELS["true" if query.available else "false"]) if name == "available" else None
        removal = {name: None, **({"regency": None} if name == "province" else {})}
        chips.append(Link(label=label or labels.name_of(name, value), url=_url(params, **removal)))
    if query.price_min is not None or query.price_max is not None:
        if query.price_max is None:
            label = _("from %(price)s") % {"price": rupiah(query.price_min)}
        elif query.price_min is None:
            label = _("up to %(price)s") % {"price": rupiah(query.price_max)}
        else:
            label = f"{rupiah(query.price_min)} – {rupiah(query.price_max)}"
        chips.append(Link(label=str(label), url=_url(params, price_min=None, price_max=None)))
    return chips


def _found_for(params: QueryDict, results: SearchResults) -> dict | None:
    """What the results were found for, when not the words as typed (``search/recall.py``)."""
    recall = results.recall
    if recall is None:
        return None
    corrected_url = _url(params, q=recall.corrected_query) if recall.corrected_query else ""
    return {
        "words": recall.words,
        "match_any": recall.match_any,
        "corrected_query": recall.corrected_query,
        "corrected_url": corrected_url,
    }


def _suggestions() -> dict:
    """A page without results offers categories (with products) and example searches instead."""
    return {
        "categories": [
            Link(label=bucket.label, url=_url(QueryDict(), category=bucket.key), count=bucket.count)
            for bucket in category_counts()
        ],
        "searches": [Link(label=text, url=_url(QueryDict(), q=text)) for text in conf.get("SEARCH_EXAMPLES")],
    }


def storefront_context(*, request: HttpRequest, form: ProductSearchForm, results: SearchResults) -> dict:
    params = request.GET.copy()
    params.pop("page", None)
    chips = _chips(params, results.query)
    page = results.query.page
    return {
        "form": form,
        "results": results,
        "facet_groups": _facet_groups(params, results),
        "chips": chips,
        "clear_filters_url": _url(params, **dict.fromkeys(FILTERS)),
        "found_for": _found_for(params, results),
        "suggestions": _suggestions() if not results.count else None,
        "previous_url": _url(params, page=page - 1) if results.has_previous else "",
        "next_url": _url(params, page=page + 1) if results.has_next else "",
        "sort_choices": form.fields["sort"].choices,
        **search_box_context(),
        "current_sort": results.query.sort,
        # what the search box and the sort control keep when submitted
        "kept_by_search": [(name, params[name]) for name in (*FILTERS, "sort") if params.get(name)],
        "kept_by_filters": [(name, params[name]) for name in (*FACET_LABELS, "q", "sort") if params.get(name)],
        "kept_by_sort": [(name, value) for name, value in params.items() if name != "sort" and value],
    }


def search_box_context() -> dict:
    """The search box's placeholder: the first example searches (each one finds products)."""
    return {"examples": ", ".join(conf.get("SEARCH_EXAMPLES")[:3])}
