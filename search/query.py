"""What a marketplace search asks and what it answers, independent of the backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from . import stemming

SORTS = ("relevance", "price", "-price", "newest")
FACETS = ("province", "regency", "category", "business_unit", "available")
MAX_PAGE_SIZE = 100
# Deepest result reachable by paging (OpenSearch's default max_result_window).
MAX_RESULT_WINDOW = 10_000


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

    @property
    def terms(self) -> list[str]:
        """Stemmed search terms; every one must match (in the title or the body)."""
        return stemming.query_terms(self.text)

    @property
    def effective_sort(self) -> str:
        """Relevance needs words to rank by: without any, the newest come first."""
        return "newest" if self.sort == "relevance" and not self.terms else self.sort

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
    """A backend's answer: the page ids of one result page, in order, the total and the facets."""

    ids: list[int]
    count: int
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)


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


@dataclass
class SearchResults:
    query: ProductQuery
    count: int
    results: list[ProductResult]
    facets: dict[str, list[FacetBucket]]
    backend: str
    degraded: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, MAX_RESULT_WINDOW) // self.query.page_size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1
