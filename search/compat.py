"""What the search app relies on that modelsearch does not promise.

Gap: modelsearch's SQLite backend answers every search by matching the whole national FTS5
index and only then intersecting with the queryset searched. An officer's admin page search
(their own cooperative, a few dozen pages) for "koperasi" decoded the 80,605 entries every
cooperative's title gives that word, four times a request (count, type facets, results, scores):
4.6× the time of a 200-cooperative country. FTS5 can check one row against a query cheaply
(``rowid =`` seeks the doclists) except for a prefix term, whose doclists it merges whole every
time, and autocomplete makes the last word a prefix. So when the queryset holds at most
``IN_REACH_LIMIT`` rows, modelsearch's own match and rank run, once per search, against a
temporary FTS5 table of just those rows' index entries (same name, columns and tokenizer);
larger querysets keep modelsearch's query on the national index. Scores are bm25 over those
rows, so two results may swap places against the national order; the rows found are the same.

``tests/cooperative_pages/test_compat.py`` pins every upstream object named in ``RELIED_ON``.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Case, FloatField, Value, When

RELIED_ON = (
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler.search",
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler.build_search_query",
    "modelsearch.backends.database.sqlite.query:MatchExpression.as_sql",
    "modelsearch.backends.database.sqlite.query:normalize",
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler._build_rank_expression",
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler.get_search_vectors",
)

# Rows of the queryset searched up to which its entries are matched on their own.
IN_REACH_LIMIT = 500
# The columns of modelsearch's FTS5 table (its migration 0002), in its order; the tokenizer is FTS5's default.
FTS_COLUMNS = "autocomplete, body, title"


def sqlite_compilers(backend_class: type) -> dict[str, type]:
    """The query compilers of modelsearch's SQLite backend with the small-queryset path."""

    def compiler(base: type) -> type:
        return type(f"InReach{base.__name__}", (_InReachMixin, base), {})

    return {
        "query_compiler_class": compiler(backend_class.query_compiler_class),
        "autocomplete_query_compiler_class": compiler(backend_class.autocomplete_query_compiler_class),
    }


class _InReachMixin:
    _in_reach: dict | None = None

    def search(self, config, start, stop, score_field=None):
        scores = self._in_reach_scores(config)
        if scores is None:
            return super().search(config, start, stop, score_field=score_field)
        queryset = self.queryset.filter(pk__in=list(scores))
        if self.order_by_relevance and score_field is None:
            score_field = "_score"
        if score_field is not None:
            whens = [When(pk=pk, then=Value(score)) for pk, score in scores.items()]
            queryset = queryset.annotate(**{score_field: Case(*whens, default=None, output_field=FloatField())})
            if self.order_by_relevance:
                queryset = queryset.order_by(score_field, "-pk")  # bm25 is negative: best first, as upstream
        if not self.order_by_relevance and not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def _in_reach_scores(self, config) -> dict | None:
        """{pk: bm25} of the queryset's rows that match, or None to search the national index."""
        if self._in_reach is None:
            self._in_reach = {"scores": self._match_in_reach(config)}
        return self._in_reach["scores"]

    def _match_in_reach(self, config) -> dict | None:
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry
        from modelsearch.query import MatchAll, Not
        from modelsearch.utils import get_descendants_content_types_pks

        query = normalize(self.query)
        if isinstance(query, MatchAll | Not):
            return None
        pks = list(self.queryset.order_by().values_list("pk", flat=True)[: IN_REACH_LIMIT + 1])
        if len(pks) > IN_REACH_LIMIT:
            return None
        if not pks:
            return {}
        content_types = get_descendants_content_types_pks(self.queryset.model)
        # modelsearch's own match and rank (bm25 with its title weighting), as its search() builds them.
        matches = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
            )
            .filter(index_entry__content_type__in=content_types)
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            .values_list("index_entry__object_id", "score")
        )
        fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
        with connections[matches.db].cursor() as cursor:
            # A temp table of the same name hides the national one from unqualified names on this connection
            # only, until it is dropped below: the query above reads just these rows.
            cursor.execute(f"CREATE VIRTUAL TABLE temp.{fts} USING fts5({FTS_COLUMNS})")
            try:
                cursor.execute(
                    f"INSERT INTO temp.{fts} (rowid, {FTS_COLUMNS}) SELECT id, {FTS_COLUMNS} FROM main.{entries} "  # noqa: S608 (names from the models, values are parameters)
                    f"WHERE content_type_id IN ({', '.join(['%s'] * len(content_types))}) "
                    f"AND object_id IN ({', '.join(['%s'] * len(pks))})",
                    [*content_types, *map(str, pks)],
                )
                found = list(matches)
            finally:
                cursor.execute(f"DROP TABLE temp.{fts}")
        to_python = self.queryset.model._meta.pk.to_python
        return {to_python(object_id): score for object_id, score in found}
