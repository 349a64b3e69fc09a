"""Names shown next to facet codes: regions (official Kemendagri data), business units, categories.

Kept per process and reloaded when a code is not known yet, so a facet costs
no query per search; a renamed business unit is seen after the next reload
(the cache is also cleared when a region or business unit is saved here).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cooperative_pages.models import BusinessUnit, ProductCategory, Region, RegionLevel

from .query import FacetBucket

_names: dict[str, dict[str, str]] = {}


def _load() -> None:
    regions = Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.REGENCY]).values_list("code", "name")
    _names["region"] = dict(regions)
    _names["business_unit"] = dict(BusinessUnit.objects.values_list("slug", "name"))


def clear(**kwargs) -> None:
    _names.clear()


def _lookup(kind: str, keys: set[str]) -> dict[str, str]:
    if not _names or not keys <= _names[kind].keys():
        _load()
    return _names[kind]


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
