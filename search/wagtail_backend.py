"""The search backend of Wagtail's own searches (admin search, choosers, listings, API v2):
modelsearch's database backend, given only text it can turn into a query.

modelsearch 1.3 puts each typed word between double quotes in an SQLite FTS5 query without
escaping a quote inside it, and passes NUL on: ``"`` or NUL in any search box raised
"unterminated string" (a 5xx on every such request), ``'`` an FTS5 syntax error, and
PostgreSQL refuses NUL in text. FTS5's tokenizer and PostgreSQL's parser treat quotes,
backslashes and control characters as word separators, so replacing them with a space keeps
what the text matches; text left with no word searches for nothing (as an empty box does), and
only the first ``MAX_WORDS`` words of a longer text are searched.

Configure as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}``.
"""

from __future__ import annotations

from functools import cache

from modelsearch.backends import database
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText, SearchQuery

_SEPARATORS = {**dict.fromkeys([*range(32), 127], " "), ord('"'): " ", ord("'"): " ", ord("\\"): " "}


MAX_WORDS = 32


def typed_text_clean(text: str) -> str:
    """Typed text with the characters no search backend can take as a query replaced by spaces, and
    at most ``MAX_WORDS`` words: modelsearch nests one expression per word, and a few hundred words
    exceeded Python's recursion limit on PostgreSQL."""
    return " ".join(text.translate(_SEPARATORS).split()[:MAX_WORDS])


def search_query_clean(query: str | SearchQuery) -> str | SearchQuery | None:
    """``query`` with its typed text cleaned; ``None`` when no word is left in it."""
    if isinstance(query, str):
        return typed_text_clean(query) or None
    if isinstance(query, PlainText | Phrase | Fuzzy):
        text = typed_text_clean(query.query_string)
        if not text:
            return None
        clean = type(query).__new__(type(query))
        clean.__dict__.update(query.__dict__, query_string=text)
        return clean
    if isinstance(query, And | Or):
        parts = [part for part in map(search_query_clean, query.subqueries) if part is not None]
        return type(query)(parts) if parts else None
    if isinstance(query, Not | Boost):
        inner = search_query_clean(query.subquery)
        return None if inner is None else Not(inner) if isinstance(query, Not) else Boost(inner, query.boost)
    return query  # MatchAll and other queries without typed text


class _CleanTypedTextMixin:
    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(search_query_clean(query) or "", model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(search_query_clean(query) or "", model_or_queryset, *args, **kwargs)


@cache
def _with_clean_typed_text(backend_class: type) -> type:
    attributes = {}
    if backend_class.__module__.endswith(".sqlite"):
        from search.compat import sqlite_compilers

        attributes = sqlite_compilers(backend_class)  # an officer's search matches their pages only
    return type(f"CleanTyped{backend_class.__name__}", (_CleanTypedTextMixin, backend_class), attributes)


def SearchBackend(params):  # noqa: N802  (the name modelsearch looks up in a backend module)
    """modelsearch's database backend for this database (SQLite FTS5, PostgreSQL, MySQL or the
    fallback, chosen by modelsearch), cleaning typed text before it becomes a query; on SQLite a
    search of a small queryset matches its own entries only (search/compat.py)."""
    backend = database.SearchBackend(params)
    return _with_clean_typed_text(type(backend))(params)
