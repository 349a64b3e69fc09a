"""Marketplace search on the database: SQLite FTS5 or PostgreSQL full-text search.

One SQL statement answers a search: the matching, filtered entries are
materialised once (driven from the full-text index), then the result page and
every facet are read from that set. On SQLite, words without filters (a common
word matches most entries) take the page from the FTS5 table alone, and the
total and facets come from the cache until the next write, or else from counts
over narrow integer keys in a second statement. Hydrating the page (entries,
images) is the caller's second step, shared with the engine backend.

Every piece of SQL built with an f-string here is a constant of this module
(``noqa: S608``); user input only ever travels as a query parameter.
"""

from __future__ import annotations

from django.db import connection

from .. import aggregate_cache, facet_rollup, spelling, stemming
from ..query import FACET_FIELDS, ORDERINGS, FacetBucket, ProductQuery, SearchHits

ENTRY = "kmp_search_marketplaceentry"
FTS = "kmp_search_marketplacefts"
# SQLite only: narrow facet keys per entry and the small tables they point into
# (search/migrations/0004_facet_keys.py).
FACET_REGION = "kmp_search_facetregion"
FACET_KIND = "kmp_search_facetkind"
FACET_KEYS = "kmp_search_entryfacet"
# SQLite only: changes with every write to the entry table (search/migrations/0005_write_token.py).
WRITE_TOKEN = "kmp_search_writetoken"  # noqa: S105 - a table name
# Every word of the stemmed titles and bodies; SQLite: the FTS5 index's documents per term and
# column (search/migrations/0006_vocabulary.py).
TERM = "kmp_search_term"
VOCAB = "kmp_search_vocab"
# bm25 column weights on SQLite (search_title, search_body, search_prefix).
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0

# What the matched set carries: the filter/facet/sort columns only, all held by
# the covering index kmp_search_entry_facets (so matching never reads entry rows).
MATCHED_COLUMNS = (
    "e.page_id, e.province_code, e.regency_code, e.category, e.business_unit_slug, e.available, e.price, "
    "e.first_published_at"
)


def _order_by(sort: str) -> str:
    """``ORDERINGS[sort]`` as SQL over the matched set (or the entry table)."""
    terms = []
    for field, descending in ORDERINGS[sort]:
        nulls = " NULLS LAST" if field == "first_published_at" else ""
        terms.append(f"{field} {'DESC' if descending else 'ASC'}{nulls}")
    return ", ".join(terms)


def _filters(query: ProductQuery) -> tuple[list[str], list]:
    """``query.filters`` as SQL conditions on the entry table ``e`` and their parameters."""
    conditions = query.filters
    return [f"e.{condition.field} {condition.op} %s" for condition in conditions], [c.value for c in conditions]


def _fts5_phrase(terms: list[str], *, match_any: bool = False) -> str:
    # Terms are word characters only (see stemming.tokens), so quoting is enough.
    return (" OR " if match_any else " ").join(f'"{term}"' for term in terms)


def _fts5_match(query: ProductQuery) -> str:
    """The FTS5 expression of the query's words over the stemmed title and body."""
    return "{search_title search_body} : (" + _fts5_phrase(query.terms, match_any=query.match_any) + ")"


class DatabaseBackend:
    name = "database"

    @property
    def vendor(self) -> str:
        return connection.vendor

    def _matched(self, query: ProductQuery) -> tuple[str, list]:
        """The SELECT of the entries matching the words and filters, with a ``score`` (higher is better)."""
        where, params = _filters(query)
        ranked = query.effective_sort == "relevance"
        if self.vendor == "sqlite":
            score = f"-bm25({FTS}, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0)" if ranked else "0.0"
            sql = f"SELECT {MATCHED_COLUMNS}, {score} AS score FROM {FTS} JOIN {ENTRY} e ON e.page_id = {FTS}.rowid"  # noqa: S608
            where.insert(0, f"{FTS} MATCH %s")
            params.insert(0, _fts5_match(query))
        else:
            tsquery = (" | " if query.match_any else " & ").join(query.terms)
            score = "ts_rank(e.search_vector, to_tsquery('simple', %s))" if ranked else "0.0"
            sql = f"SELECT {MATCHED_COLUMNS}, {score} AS score FROM {ENTRY} e"  # noqa: S608
            where.insert(0, "e.search_vector @@ to_tsquery('simple', %s)")
            params[:0] = [tsquery, tsquery] if ranked else [tsquery]
        return sql + " WHERE " + " AND ".join(where), params

    def _filtered(self, filters: list[str]) -> str:
        return f"SELECT {MATCHED_COLUMNS}, 0.0 AS score FROM {ENTRY} e WHERE " + " AND ".join(filters)  # noqa: S608

    def search(self, query: ProductQuery) -> SearchHits:
        """Hits and facets in one statement.

        Words without filters on SQLite: see ``_sqlite_words_only``. Otherwise
        the matching entries are materialised once (driven by the full-text
        index when there are words) and the hits and every facet are read from
        them. With neither words nor filters, the statement reads the entry
        table directly, where the sort and facet columns are indexed.
        """
        if query.terms and self.vendor == "sqlite" and not _filters(query)[0]:
            return self._sqlite_words_only(query)
        return self._one_statement(query)

    def _one_statement(self, query: ProductQuery) -> SearchHits:
        """Any query, on either database: the matches materialised once, then the page and five GROUP BYs."""
        filters, params = _filters(query)
        if query.terms or filters:
            matched_sql, params = self._matched(query) if query.terms else (self._filtered(filters), params)
            prefix, source = f"WITH matched AS MATERIALIZED ({matched_sql}) ", "matched"
        else:  # everything: read the entry table, where sort and facet columns are indexed
            prefix, source = "", f"{ENTRY} e"
        order_by = _order_by(query.effective_sort)
        parts = [
            "SELECT * FROM (SELECT 'hit' AS kind, CAST(page_id AS TEXT) AS key, CAST(NULL AS TEXT) AS label, "  # noqa: S608
            f"CAST({'score' if query.terms else '0.0'} AS REAL) AS value FROM {source} "
            f"ORDER BY {order_by} LIMIT %s OFFSET %s) AS hits"
        ]
        facet_params: list = [query.page_size, query.offset]
        for facet, column in FACET_FIELDS.items():
            key = f"CASE WHEN {column} THEN 'true' ELSE 'false' END" if facet == "available" else column
            parts.append(
                f"SELECT '{facet}', CAST({key} AS TEXT), CAST(NULL AS TEXT), CAST(COUNT(*) AS REAL) "  # noqa: S608
                f"FROM {source} GROUP BY {column}"
            )
        sql = prefix + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params + facet_params)
            rows = cursor.fetchall()
        return _hits_from_rows(rows)

    def _sqlite_words_only(self, query: ProductQuery) -> SearchHits:
        """Words without filters on SQLite (a common word matches most entries): one or two statements.

        The hits come straight from the FTS5 table (bm25 top k, as a hand-written
        query would, ties broken by availability from the narrow facet keys),
        reading entry rows only for other sorts; the index's write
        token comes with them. The total and the facets are the same for every
        page and sort of these words until the next write, so they come from the
        cache under that token (``aggregate_cache``) or, when not there, from a
        second statement: one count per region key and one per kind key over the
        narrow facet-key rows of the matches (no wide entry row, no bm25), rolled
        up in Python with the two small combination tables read in the same
        statement.
        """
        match = _fts5_match(query)
        sort = query.effective_sort
        if sort == "relevance":  # ORDERINGS["relevance"], availability read from the narrow facet keys
            bm25 = f"bm25({FTS}, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0.0)"
            hits = (
                f"SELECT {FTS}.rowid AS page_id FROM {FTS} JOIN {FACET_KEYS} k ON k.page_id = {FTS}.rowid "  # noqa: S608
                f"JOIN {FACET_KIND} kind ON kind.id = k.kind_id WHERE {FTS} MATCH %s "
                f"ORDER BY {bm25}, kind.available DESC, {FTS}.rowid DESC LIMIT %s OFFSET %s"
            )
        else:
            hits = (
                f"SELECT e.page_id FROM {FTS} JOIN {ENTRY} e ON e.page_id = {FTS}.rowid "  # noqa: S608
                f"WHERE {FTS} MATCH %s ORDER BY {_order_by(sort)} LIMIT %s OFFSET %s"
            )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM (SELECT 'hit', page_id FROM ({hits})) AS hits "  # noqa: S608
                f"UNION ALL SELECT 'token', token FROM {WRITE_TOKEN}",
                [match, query.page_size, query.offset],
            )
            rows = cursor.fetchall()
        ids = [int(key) for kind, key in rows if kind == "hit"]
        token = next((key for kind, key in rows if kind == "token"), None)
        aggregate = aggregate_cache.get(token, match)
        if aggregate is None:
            keys = f"FROM {FTS} JOIN {FACET_KEYS} k ON k.page_id = {FTS}.rowid WHERE {FTS} MATCH %s"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 'r', k.region_id, NULL, NULL, COUNT(*) {keys} GROUP BY k.region_id "  # noqa: S608
                    f"UNION ALL SELECT 'k', k.kind_id, NULL, NULL, COUNT(*) {keys} GROUP BY k.kind_id "
                    f"UNION ALL SELECT 'R', id, province_code, regency_code, NULL FROM {FACET_REGION} "
                    f"UNION ALL SELECT 'K', id, category, business_unit_slug, available FROM {FACET_KIND}",
                    [match, match],
                )
                aggregate = _aggregate_from_keys(cursor.fetchall())
            aggregate_cache.put(token, match, aggregate)
        count, facets = aggregate
        return SearchHits(ids=ids, count=count, facets=facets)

    def vocabulary(self, words: list[str]) -> dict[str, dict[str, int]]:
        """For each word: itself and the index's words that may be its spelling (``search/spelling.py``),
        each with its documents (those with it in the title plus those with it in the body)."""
        near = {word: {word} for word in words}
        parts, params = [], []
        for word in words:
            if spelling.max_edits(word):
                parts.append(
                    f"SELECT CAST(%s AS TEXT), term FROM {TERM} "  # noqa: S608
                    "WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s"
                )
                params += [word, *spelling.candidate_range(word)]
        if parts:
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                for word, term in cursor.fetchall():
                    if spelling.within_reach(word, term):
                        near[word].add(term)
        counts = self._document_counts(sorted(set().union(*near.values())))
        return {word: {term: counts.get(term, 0) for term in terms} for word, terms in near.items()}

    def _document_counts(self, terms: list[str]) -> dict[str, int]:
        """Documents with each term in the title plus documents with it in the body, from the full-text index."""
        if not terms:
            return {}
        if self.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(terms))
            sql = (
                f"SELECT term, SUM(doc) FROM {VOCAB} WHERE term IN ({marks}) "  # noqa: S608
                "AND col IN ('search_title', 'search_body') GROUP BY term"
            )
            params = terms
        else:  # title words carry weight A, body words weight B (search/migrations/0002_fulltext.py)
            count = (
                f"(SELECT COUNT(*) FROM {ENTRY} "  # noqa: S608
                "WHERE search_vector @@ to_tsquery('simple', quote_literal(t.term) || %s))"
            )
            sql = f"SELECT t.term, {count} + {count} FROM unnest(%s::text[]) AS t(term)"  # noqa: S608
            params = [":A", ":B", terms]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {term: int(count) for term, count in cursor.fetchall()}

    def autocomplete(self, text: str, *, limit: int) -> list[str]:
        words = stemming.prefix_terms(text)
        if not words:
            return []
        if self.vendor == "sqlite":
            phrase = _fts5_phrase(words[:-1]) + f' "{words[-1]}"*'
            # Titles are read only for the rows that can make the cut (rank up to the
            # last one kept, ties included), not for every match as a plain join would.
            sql = (
                f"WITH ranked AS MATERIALIZED (SELECT rowid AS page_id, rank FROM {FTS} WHERE {FTS} MATCH %s) "  # noqa: S608
                f"SELECT e.title FROM ranked JOIN {ENTRY} e ON e.page_id = ranked.page_id "
                "WHERE ranked.rank <= COALESCE((SELECT rank FROM ranked ORDER BY rank LIMIT 1 OFFSET %s), 1e308) "
                "ORDER BY ranked.rank, e.title LIMIT %s"
            )
            params = ["{search_prefix} : (" + phrase.strip() + ")", limit * 3 - 1, limit * 3]
        else:
            sql = (
                f"SELECT e.title FROM {ENTRY} e WHERE e.prefix_vector @@ to_tsquery('simple', %s) "  # noqa: S608
                "ORDER BY ts_rank(e.prefix_vector, to_tsquery('simple', %s)) DESC, e.title LIMIT %s"
            )
            tsquery = " & ".join([*words[:-1], words[-1] + ":*"])
            params = [tsquery, tsquery, limit * 3]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            titles = [row[0] for row in cursor.fetchall()]
        return list(dict.fromkeys(titles))[:limit]


def _hits_from_rows(rows) -> SearchHits:
    ids: list[int] = []
    facets: dict[str, list[FacetBucket]] = {facet: [] for facet in FACET_FIELDS}
    for kind, key, _label, value in rows:
        if kind == "hit":
            ids.append(int(key))
        elif key:
            facets[kind].append(FacetBucket(key=key, label="", count=int(value)))
    count = sum(bucket.count for bucket in facets["available"])
    return SearchHits(ids=ids, count=count, facets=facets)


def _aggregate_from_keys(rows) -> aggregate_cache.Aggregate:
    """Total and facets from the key counts of ``_sqlite_words_only``: the same as
    ``_hits_from_rows`` gives for the general statement (see ``facet_rollup``)."""
    regions: dict[int, facet_rollup.Region] = {}
    kinds: dict[int, facet_rollup.Kind] = {}
    region_counts: list[tuple[int, int]] = []
    kind_counts: list[tuple[int, int]] = []
    for kind, key, first, second, value in rows:
        if kind == "r":
            region_counts.append((key, value))
        elif kind == "k":
            kind_counts.append((key, value))
        elif kind == "R":
            regions[key] = (first, second)
        else:
            kinds[key] = (first, second, bool(value))
    return facet_rollup.roll_up(
        ((regions[key], count) for key, count in region_counts), ((kinds[key], count) for key, count in kind_counts)
    )
