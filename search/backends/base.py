"""The interface every marketplace search backend implements."""

from __future__ import annotations

from typing import Protocol

from ..query import ProductQuery, SearchHits


class SearchBackendUnavailable(Exception):
    """The backend could not answer (engine down, timeout, index missing)."""


class SearchBackend(Protocol):
    name: str

    def search(self, query: ProductQuery) -> SearchHits: ...

    def autocomplete(self, text: str, *, limit: int) -> list[str]: ...
