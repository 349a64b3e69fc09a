"""Which backend answers marketplace searches: the database (default) or the
search engine named by ``KMP["SEARCH_URL"]`` (the ``SEARCH_URL`` environment variable)."""

from __future__ import annotations

from functools import lru_cache

from cooperative_pages import conf

from .base import SearchBackend, SearchBackendUnavailable
from .database import DatabaseBackend

__all__ = ["SearchBackend", "SearchBackendUnavailable", "database_backend", "engine_backend", "engine_configured"]


def database_backend() -> DatabaseBackend:
    return DatabaseBackend()


def engine_configured() -> bool:
    return bool(conf.get("SEARCH_URL"))


def engine_backend() -> SearchBackend | None:
    """The configured search engine, or ``None`` when searches run on the database."""
    url = conf.get("SEARCH_URL")
    if not url:
        return None
    return _engine(url, conf.get("SEARCH_INDEX"), float(conf.get("SEARCH_TIMEOUT")))


@lru_cache(maxsize=8)
def _engine(url: str, index: str, timeout: float) -> SearchBackend:
    """``elasticsearch://`` / ``elasticsearch+https://`` URLs: Elasticsearch 8; ``http(s)://``: OpenSearch."""
    if url.lower().startswith("elasticsearch"):
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url=url, index=index, timeout=timeout)
    from .opensearch import OpenSearchBackend

    return OpenSearchBackend(url=url, index=index, timeout=timeout)
