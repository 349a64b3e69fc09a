"""The five marketplace facets, rolled up from two combined counts.

Counting five facets over the matches of a common word visits every match five
times. Both backends count two combinations instead: per *region* (province,
regency) and per *kind* (category, business unit, availability), a few hundred
keys each; the five facets and the total follow from them here. SQLite keeps
the combinations as integer ids (search/migrations/0004_facet_keys.py), the
search engine as keyword fields of each document (``region_key``/``kind_key``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .query import FACETS, FacetBucket

Region = tuple[str, str]  # province code, regency code
Kind = tuple[str, str, bool]  # category, business unit slug, available
SEPARATOR = "|"  # in no code, category or slug


def region_key(province_code: str, regency_code: str) -> str:
    return f"{province_code}{SEPARATOR}{regency_code}"


def kind_key(category: str, business_unit_slug: str, available: bool) -> str:
    return SEPARATOR.join((category, business_unit_slug, "true" if available else "false"))


def parse_region(key: str) -> Region:
    province, regency = key.split(SEPARATOR)
    return province, regency


def parse_kind(key: str) -> Kind:
    category, business_unit, available = key.split(SEPARATOR)
    return category, business_unit, available == "true"


def roll_up(
    regions: Iterable[tuple[Region, int]], kinds: Iterable[tuple[Kind, int]]
) -> tuple[int, dict[str, list[FacetBucket]]]:
    """The total and the five facets: buckets keyed by the value as text (availability as
    true/false), sorted by key, empty values left out (an entry without a regency or a
    business unit counts in the total, not in that facet)."""
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}

    def add(facet: str, value: str, count: int) -> None:
        counts[facet][value] = counts[facet].get(value, 0) + count

    for (province, regency), count in regions:
        add("province", province, count)
        add("regency", regency, count)
    total = 0
    for (category, business_unit, available), count in kinds:
        add("category", category, count)
        add("business_unit", business_unit, count)
        add("available", "true" if available else "false", count)
        total += count
    facets = {
        facet: [FacetBucket(key=key, label="", count=count) for key, count in sorted(by_key.items()) if key]
        for facet, by_key in counts.items()
    }
    return total, facets
