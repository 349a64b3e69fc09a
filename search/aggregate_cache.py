"""The count and facets of a words-only search on SQLite, kept until the next write to the index.

Counting the facets of a common word means visiting every match (60,000 of
100,000 products for ``jual``), as much work again as ranking them. The answer
changes only when an entry changes, so it is kept in Django's cache under the
index's write token (``search/migrations/0005_write_token.py``): any insert,
update or delete of an entry gives a new token, and the next search counts
afresh. The result page itself is always ranked afresh. This is what
OpenSearch's shard request cache does for our size-0 count+facets request.

``KMP["SEARCH_CACHE_SECONDS"]`` bounds how long an answer is kept (0: never).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from cooperative_pages import conf

from .query import FacetBucket

Aggregate = tuple[int, dict[str, list[FacetBucket]]]


def _key(token: int, match: str) -> str:
    # Hashed: the words may be any Unicode word, and some cache backends take only ASCII keys.
    digest = hashlib.sha256(match.encode()).hexdigest()
    return f"kmp-search:aggregate:{token}:{digest}"


def get(token: int | None, match: str) -> Aggregate | None:
    """The count and facets kept for the full-text expression ``match`` under ``token``."""
    if token is None or not conf.get("SEARCH_CACHE_SECONDS"):
        return None
    return cache.get(_key(token, match))


def put(token: int | None, match: str, aggregate: Aggregate) -> None:
    seconds = conf.get("SEARCH_CACHE_SECONDS")
    if token is not None and seconds:
        cache.set(_key(token, match), aggregate, seconds)
