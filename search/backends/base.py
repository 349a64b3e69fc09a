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

    def vocabulary(self, words: list[str]) -> dict[str, dict[str, int]]:
        """For each word: itself if indexed and the indexed words that may be its spelling
        (``search/spelling.py``), each with its documents (title plus body)."""
        ...
