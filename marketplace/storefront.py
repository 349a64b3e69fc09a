"""What the storefront template shows: facet links, active filters, paging.

Built here so the template only loops and prints (and never queries).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from search.query import SearchResults

from .serializers import SORT_CHOICES, ProductSearchParameters

FACET_LABELS = {
    "province": _("Province"),
    "regency": _("Regency/city"),
    "category": _("Category"),
    "business_unit": _("Business unit"),
    "available": _("Availability"),
}
AVAILABLE_LABELS = {"true": _("Available"), "false": _("Out of stock")}
FACET_LIMIT = 12
STOREFRONT_PAGE_SIZE = 24  # a full grid on two, three and four columns


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    active: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    links: list[FacetLink]
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


def storefront_context(
    *, request: HttpRequest, parameters: ProductSearchParameters, results: SearchResults | None
) -> dict:
    # What was typed, to fill the form in again; the errors as sentences.
    values = {name: request.GET.get(name, "") for name in parameters.fields}
    errors = [str(message) for messages in (parameters.errors or {}).values() for message in messages]
    if results is None:
        return {"values": values, "errors": errors, "results": None}
    params = request.GET.copy()
    params.pop("page", None)
    groups = []
    for name, buckets in results.facets.items():
        current = params.get(name, "")
        links = []
        for bucket in buckets[:FACET_LIMIT]:
            label = str(AVAILABLE_LABELS.get(bucket.key, bucket.key)) if name == "available" else bucket.label
            changes = {name: bucket.key}
            if name == "province":
                changes["regency"] = None
            links.append(
                FacetLink(
                    label=label or bucket.key,
                    count=bucket.count,
                    url=_url(params, **changes),
                    active=current == bucket.key,
                )
            )
        if links:
            clear = {name: None, **({"regency": None} if name == "province" else {})}
            groups.append(
                FacetGroup(name=name, label=str(FACET_LABELS[name]), links=links, clear_url=_url(params, **clear))
            )
    page = results.query.page
    return {
        "values": values,
        "errors": errors,
        "results": results,
        "facet_groups": groups,
        "previous_url": _url(params, page=page - 1) if results.has_previous else "",
        "next_url": _url(params, page=page + 1) if results.has_next else "",
        "sort_links": [
            {"label": label, "url": _url(params, sort=value), "active": results.query.sort == value}
            for value, label in SORT_CHOICES
        ],
    }
