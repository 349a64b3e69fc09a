"""What a marketplace search asks and what it answers, independent of the backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import stemming

SORTS = ("relevance", "price", "-price", "newest")
# The facets, and the entry column (database) or document field (engine) each one counts and filters.
FACET_FIELDS = {
    "province": "province_code",
    "regency": "regency_code",
    "category": "category",
    "business_unit": "business_unit_slug",
    "available": "available",
}
FACETS = tuple(FACET_FIELDS)
# What each sort orders by: (field, descending) pairs, ``score`` being the backend's relevance;
# the page id last, so equal keys come in the same order on every backend.
# At equal relevance, available products come before out-of-stock ones; without words every
# product is equally relevant ("browse"), so the available ones come first, newest first.
ORDERINGS: dict[str, tuple[tuple[str, bool], ...]] = {
    "relevance": (("score", True), ("available", True), ("page_id", True)),
    "browse": (("available", True), ("first_published_at", True), ("page_id", True)),
    "price": (("price", False), ("page_id", False)),
    "-price": (("price", True), ("page_id", True)),
    "newest": (("first_published_at", True), ("page_id", True)),
}
# Deepest result reachable by paging (OpenSearch's default max_result_window).
MAX_RESULT_WINDOW = 10_000


@dataclass(frozen=True)
class Filter:
    """One condition on an entry column / document field: ``field op value``, ``op`` one of ``=``, ``>=``, ``<=``."""

    field: str
    op: str
    value: str | int | bool


@dataclass(frozen=True, kw_only=True)
class ProductQuery:
    text: str = ""
    province: str = ""
    regency: str = ""
    category: str = ""
    business_unit: str = ""
    price_min: int | None = None
    price_max: int | None = None
    available: bool | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    # Set by the recall steps (search/recall.py), never by a request: the stems searched instead
    # of those of ``text`` (corrected or fewer), and whether one of them is enough to match.
    words: tuple[str, ...] | None = None
    match_any: bool = False

    @property
    def terms(self) -> list[str]:
        """Stemmed search terms; every one must match (in the title or the body) unless ``match_any``."""
        return list(self.words) if self.words is not None else stemming.query_terms(self.text)

    @property
    def effective_sort(self) -> str:
        """Relevance needs words to rank by: without any, the available and newest come first."""
        return "browse" if self.sort == "relevance" and not self.terms else self.sort

    @property
    def filters(self) -> list[Filter]:
        """The conditions every backend applies, in one order (each backend renders them its way)."""
        conditions = [
            Filter(FACET_FIELDS[facet], "=", value)
            for facet, value in (
                ("province", self.province),
                ("regency", self.regency),
                ("category", self.category),
                ("business_unit", self.business_unit),
            )
            if value
        ]
        if self.price_min is not None:
            conditions.append(Filter("price", ">=", self.price_min))
        if self.price_max is not None:
            conditions.append(Filter("price", "<=", self.price_max))
        if self.available is not None:
            conditions.append(Filter(FACET_FIELDS["available"], "=", self.available))
        return conditions

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class FacetBucket:
    key: str
    label: str
    count: int


@dataclass
class SearchHits:
    """A backend's answer: the page ids of one result page, in order, the total and the facets;
    and the vocabulary of the query's words when the backend looked it up in the same round trip
    (as ``SearchBackend.vocabulary`` answers it; ``None``: not looked up)."""

    ids: list[int]
    count: int
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)
    vocabulary: dict[str, dict[str, int]] | None = None


@dataclass
class ProductResult:
    id: int
    title: str
    url: str
    price: int
    unit: str
    category: str
    category_name: str
    business_unit: str
    business_unit_name: str
    available: bool
    image_url: str
    cooperative_id: int
    cooperative_name: str
    cooperative_url: str
    whatsapp_url: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    published_at: datetime | None
    image_srcset: str = ""  # "url 240w, url 480w": the sizes of the card spec
    image: Any = None  # the image, with the requested renditions prefetched


@dataclass(frozen=True)
class Recall:
    """What the results are for when the words as typed found nothing (see ``search/recall.py``)."""

    words: tuple[str, ...]  # the words the results were found for
    match_any: bool = False  # each result has at least one of them, not every one
    corrected_query: str = ""  # the query with its misspelt words corrected, when some were


@dataclass
class SearchResults:
    query: ProductQuery
    count: int
    results: list[ProductResult]
    facets: dict[str, list[FacetBucket]]
    backend: str
    degraded: bool = False
    recall: Recall | None = None

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, MAX_RESULT_WINDOW) // self.query.page_size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1
