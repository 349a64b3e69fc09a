"""Names shown next to facet codes: regions (official Kemendagri data), business units, categories.

Kept per process and reloaded when a code is not known yet, so a facet costs
no query per search; a renamed business unit is seen after the next reload
(the cache is also cleared when a region or business unit is saved here).

gunicorn serves requests from several threads of a process, so the names are
built aside and published by one assignment: a reader sees the whole previous
set or the whole new one, never a set half loaded (a storefront search once
answered 500 with ``KeyError: 'business_unit'`` when it read the names while
another thread was loading them).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cooperative_pages.models import BusinessUnit, ProductCategory, Region, RegionLevel

from .query import FacetBucket

# Replaced whole, never changed in place (see above).
_names: dict[str, dict[str, str]] | None = None


def _load() -> dict[str, dict[str, str]]:
    global _names
    regions = Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.REGENCY]).values_list("code", "name")
    names = {
        "region": dict(regions),
        "business_unit": dict(BusinessUnit.objects.values_list("slug", "name")),
    }
    _names = names
    return names


def clear(**kwargs) -> None:
    global _names
    _names = None


def _lookup(kind: str, keys: set[str]) -> dict[str, str]:
    names = _names  # read once: another thread may replace it meanwhile
    if names is None or not keys <= names[kind].keys():
        names = _load()
    return names[kind]


def name_of(facet: str, key: str) -> str:
    """The display name of one facet value (a filter chip), or the key itself when unknown."""
    if facet in ("province", "regency"):
        return _lookup("region", {key}).get(key, key)
    if facet == "business_unit":
        return _lookup("business_unit", {key}).get(key, key)
    if facet == "category":
        return str(dict(ProductCategory.choices).get(key, key))
    return key


def label_facets(facets: dict[str, list[FacetBucket]]) -> dict[str, list[FacetBucket]]:
    """The same buckets with their display names, most frequent first."""
    categories = {code: str(name) for code, name in ProductCategory.choices}
    labelled = {}
    for facet, buckets in facets.items():
        keys = {bucket.key for bucket in buckets}
        if facet in ("province", "regency"):
            names = _lookup("region", keys)
        elif facet == "business_unit":
            names = _lookup("business_unit", keys)
        elif facet == "category":
            names = categories
        else:
            names = {}
        labelled[facet] = sorted(
            (FacetBucket(key=b.key, label=names.get(b.key, ""), count=b.count) for b in buckets),
            key=lambda b: (-b.count, b.key),
        )
    return labelled


def register() -> None:
    for model in (Region, BusinessUnit):
        post_save.connect(clear, sender=model, dispatch_uid=f"kmp_search_labels_save_{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"kmp_search_labels_delete_{model.__name__}")
