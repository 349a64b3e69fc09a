"""Marketplace search on OpenSearch (2.x/3.x), through ``opensearch-py``.

Same semantics as the database backend: the engine indexes the Python-stemmed
text (see ``search/stemming.py``) with a whitespace analyzer, so both backends
see the same Indonesian roots; every query word must match the title or the
body (title weighted 10, like bm25 on SQLite); the same filters, sorts and
facets. The five facets are rolled up from two terms aggregations over the
combined keys ``region_key`` and ``kind_key`` (see ``search/facet_rollup.py``),
with explicit sizes: OpenSearch returns 10 buckets unless told otherwise.

The index is an alias over ``<alias>-<timestamp>``: ``rebuild`` fills a new
index and swaps the alias atomically, so searches never see a half-built index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ImproperlyConfigured, OpenSearchException

from .. import facet_rollup, spelling, stemming
from ..models import MarketplaceEntry
from ..query import ORDERINGS, FacetBucket, Filter, ProductQuery, SearchHits
from .base import SearchBackendUnavailable
from .engine_index import COMBINED_FACET_SIZES, INDEX_SETTINGS, document
from .engine_index import SCHEMA as SCHEMA  # the schema version, read as opensearch.SCHEMA

TITLE_BOOST = 10
# Connections kept open to the engine: urllib3 keeps one per host unless told,
# so the threads of one gunicorn worker would open (and drop) a connection per request.
POOL_MAXSIZE = 16
TEXT_FIELDS = ("search_title", "search_body")
# The term suggester's search for spellings: the rule of search/spelling.py (which still checks each
# candidate), every option Lucene finds (not only for words missing from that field), ranked as there.
SUGGESTER = {
    "suggest_mode": "always",
    "max_edits": spelling.MAX_EDITS,
    "prefix_length": spelling.PREFIX_LENGTH,
    "min_word_length": spelling.MIN_LENGTH,
    "string_distance": "damerau_levenshtein",
    "size": 20,
}
MATCH_EVERYTHING = {"bool": {"must": [{"match_all": {}}], "filter": []}}
# Force-merging a freshly built index of a million products takes minutes, not SEARCH_TIMEOUT.
MAINTENANCE_TIMEOUT = 1800


def _sort(sort: str) -> list[dict]:
    """``ORDERINGS[sort]`` as an engine sort (documents without a date last, as on the database)."""
    clauses = []
    for field, descending in ORDERINGS[sort]:
        order = "desc" if descending else "asc"
        name = "_score" if field == "score" else field
        clauses.append({name: {"order": order, "missing": "_last"}} if field == "first_published_at" else {name: order})
    return clauses


def _words_query(terms: list[str]) -> dict:
    """Every term in the title or the body (the title weighted ``TITLE_BOOST``)."""
    return {
        "bool": {
            "must": [
                {
                    "multi_match": {
                        "query": term,
                        "fields": [f"search_title^{TITLE_BOOST}", "search_body"],
                        "type": "most_fields",
                    }
                }
                for term in terms
            ]
        }
    }


def _filters(conditions: list[Filter]) -> list[dict]:
    """``ProductQuery.filters`` as engine filters: ``term`` for ``=``, one ``range`` per field for bounds."""
    filters, ranges = [], {}
    for condition in conditions:
        if condition.op == "=":
            filters.append({"term": {condition.field: condition.value}})
        else:
            bound = "gte" if condition.op == ">=" else "lte"
            ranges.setdefault(condition.field, {})[bound] = condition.value
    filters += [{"range": {field: bounds}} for field, bounds in ranges.items()]
    return filters


def _facets(aggregations: dict) -> dict[str, list[FacetBucket]]:
    """The five facets, rolled up from the buckets of the two combined keys."""
    _total, facets = facet_rollup.roll_up(
        ((facet_rollup.parse_region(b["key"]), b["doc_count"]) for b in aggregations["region_key"]["buckets"]),
        ((facet_rollup.parse_kind(b["key"]), b["doc_count"]) for b in aggregations["kind_key"]["buckets"]),
    )
    return facets


def _without_connection_tracebacks(record: logging.LogRecord) -> bool:
    """opensearch-py logs a traceback for every failed connection; the caller already
    logs one warning line for it (and answers from the database)."""
    return record.exc_info is None


logging.getLogger("opensearch").addFilter(_without_connection_tracebacks)
logger = logging.getLogger(__name__)


class OpenSearchBackend:
    name = "opensearch"
    # Hooks for the Elasticsearch subclass (search/backends/elasticsearch.py): its client's
    # errors, bulk helper and index settings.
    client_errors: tuple[type[BaseException], ...] = (OpenSearchException, ImproperlyConfigured, OSError)
    bulk_helper = staticmethod(helpers.bulk)
    index_settings = INDEX_SETTINGS

    def __init__(self, *, url: str, index: str, timeout: float) -> None:
        self.alias = index
        self.client = self.make_client(url, timeout)

    @staticmethod
    def make_client(url: str, timeout: float):
        # SEARCH_URL may name several nodes of one cluster, comma-separated: a refused connection
        # is retried once on each other node (not a timeout: that would double a slow answer).
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        return OpenSearch(
            hosts=hosts, timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False, pool_maxsize=POOL_MAXSIZE
        )

    # -- reads ---------------------------------------------------------------------
    def _call(self, method, **kwargs):
        try:
            return method(**kwargs)
        except self.client_errors as error:
            raise SearchBackendUnavailable(f"{type(error).__name__}: {error}") from error

    def _call_unless_missing(self, method, **kwargs):
        """``_call``, or ``None`` when the alias or index asked for does not exist (404)."""
        try:
            return self._call(method, **kwargs)
        except SearchBackendUnavailable as error:
            if getattr(error.__cause__, "status_code", None) == 404:
                return None
            raise

    def search(self, query: ProductQuery) -> SearchHits:
        """Searches in one round trip, which the engine runs side by side: the count and facets
        (no scoring, no sorting; the same for every page and sort of a query, so the shard
        request cache answers repeats), and the page of hits without an exact total (so the
        engine can skip documents that cannot make the page). For the words as typed, the
        lookup of their vocabulary rides along: when they find nothing, ``search/recall.py``
        corrects them without another round trip."""
        facets_requests = self._facets_requests(query)
        lookup = self._vocabulary_requests(query.terms) if query.words is None else []
        responses = self._msearch(*facets_requests, self._hits_request(query), *lookup)
        facets, hits = responses[: len(facets_requests)], responses[len(facets_requests)]
        aggregations = {name: agg for response in facets for name, agg in response["aggregations"].items()}
        ids = [int(hit["_id"]) for hit in hits["hits"]["hits"]]
        count = facets[0]["hits"]["total"]["value"]
        vocabulary = self._read_vocabulary(query.terms, responses[len(facets_requests) + 1 :]) if lookup else None
        return SearchHits(ids=ids, count=count, facets=_facets(aggregations), vocabulary=vocabulary)

    def _facets_requests(self, query: ProductQuery) -> list[dict]:
        """The count and the facets: one request, or one per aggregation when nothing narrows
        the search (OpenSearch then counts a lone keyword aggregation from the term index
        instead of reading the field of every document; it does not when a request has several)."""
        search = self._query(query)
        aggregations = {name: {"terms": {"field": name, "size": size}} for name, size in COMBINED_FACET_SIZES.items()}
        if search != MATCH_EVERYTHING:
            return [{"query": search, "size": 0, "track_total_hits": True, "aggs": aggregations}]
        return [
            {"query": search, "size": 0, "track_total_hits": i == 0, "aggs": {name: aggregation}}
            for i, (name, aggregation) in enumerate(aggregations.items())
        ]

    def _hits_request(self, query: ProductQuery) -> dict:
        return {
            "query": self._query(query),
            "sort": _sort(query.effective_sort),
            "from": query.offset,
            "size": query.page_size,
            "track_total_hits": False,
            "_source": False,
        }

    def _msearch(self, *bodies: dict) -> list[dict]:
        """The responses of ``bodies``, searched in one request (each through the request cache)."""
        lines = []
        for body in bodies:
            lines += [{"request_cache": True}, body]
        responses = self._call(self.client.msearch, index=self.alias, body=lines)["responses"]
        for response in responses:
            if "error" in response:
                raise SearchBackendUnavailable(f"search failed: {response['error']}")
        return responses

    def autocomplete(self, text: str, *, limit: int) -> list[str]:
        words = stemming.prefix_terms(text)
        if not words:
            return []
        body = {
            "query": {"match_bool_prefix": {"search_prefix": {"query": " ".join(words), "operator": "and"}}},
            "sort": [{"_score": "desc"}, {"title": "asc"}],
            "size": limit * 3,
            "_source": ["title"],
        }
        response = self._call(self.client.search, index=self.alias, body=body)
        titles = [hit["_source"]["title"] for hit in response["hits"]["hits"]]
        return list(dict.fromkeys(titles))[:limit]

    def vocabulary(self, words: list[str]) -> dict[str, dict[str, int]]:
        """For each word: itself if indexed and the indexed words that may be its spelling, found by
        the engine's term suggester (a fuzzy walk of its term dictionary) in the title and the body,
        each with its documents (title plus body; ``search/spelling.py`` chooses). One round trip."""
        return self._read_vocabulary(words, self._msearch(*self._vocabulary_requests(words)))

    @staticmethod
    def _vocabulary_requests(words: list[str]) -> list[dict]:
        """The searches of ``vocabulary``: whether each word is indexed, then one for the suggestions."""
        exists = [{"size": 0, "track_total_hits": 1, "query": _words_query([word])} for word in words]
        suggest = {
            f"{i}-{field}": {"text": word, "term": {"field": field, **SUGGESTER}}
            for i, word in enumerate(words)
            if spelling.max_edits(word)
            for field in TEXT_FIELDS
        }
        return [*exists, *([{"size": 0, "suggest": suggest}] if suggest else [])]

    @staticmethod
    def _read_vocabulary(words: list[str], responses: list[dict]) -> dict[str, dict[str, int]]:
        """``vocabulary`` from the responses to ``_vocabulary_requests(words)``."""
        vocabulary = {word: {word: responses[i]["hits"]["total"]["value"]} for i, word in enumerate(words)}
        suggested = responses[len(words)].get("suggest", {}) if len(responses) > len(words) else {}
        for name, entries in suggested.items():
            word = words[int(name.split("-")[0])]
            for option in (option for entry in entries for option in entry["options"]):
                if spelling.within_reach(word, option["text"]):
                    counts = vocabulary[word]
                    counts[option["text"]] = counts.get(option["text"], 0) + option["freq"]
        return vocabulary

    def _query(self, query: ProductQuery) -> dict:
        if not query.terms:
            must = [{"match_all": {}}]
        elif query.match_any:  # at least one word; each one found adds to the score
            must = [{"bool": {"should": _words_query(query.terms)["bool"]["must"], "minimum_should_match": 1}}]
        else:
            must = _words_query(query.terms)["bool"]["must"]
        filters = _filters(query.filters)
        return {"bool": {"must": must, "filter": filters}}

    # -- writes ----------------------------------------------------------------------
    def ensure_index(self) -> None:
        """An index behind the alias (an empty one when there is none)."""
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            self.rebuild(entries=[])

    def sync(self, *, page_ids: Iterable[int]) -> int:
        """Make the engine hold exactly the database entries of these pages."""
        page_ids = list(page_ids)
        self.ensure_index()
        entries = {entry.page_id: entry for entry in MarketplaceEntry.objects.filter(page_id__in=page_ids)}
        actions = [
            {"_op_type": "index", "_index": self.alias, "_id": page_id, "_source": document(entries[page_id])}
            if page_id in entries
            else {"_op_type": "delete", "_index": self.alias, "_id": page_id}
            for page_id in page_ids
        ]
        self._bulk(actions, refresh=True)
        return len(entries)

    def bulk_target(self, timeout: float | None) -> tuple[object, dict]:
        """The client and extra arguments for bulk requests that may take ``timeout`` seconds."""
        return self.client, ({"request_timeout": timeout} if timeout else {})

    def _bulk(self, actions, *, refresh: bool = False, index: str | None = None, timeout: float | None = None) -> None:
        client, extra = self.bulk_target(timeout)
        try:
            _ok, errors = self.bulk_helper(
                client, actions, refresh=refresh, raise_on_error=False, chunk_size=2000, index=index, **extra
            )
        except self.client_errors as error:
            raise SearchBackendUnavailable(f"{type(error).__name__}: {error}") from error
        failures = [e for e in errors if next(iter(e.values())).get("status") != 404]
        if failures:
            raise SearchBackendUnavailable(f"{len(failures)} bulk actions failed, e.g. {failures[0]}")

    def rebuild(self, *, entries: Iterable[MarketplaceEntry]) -> int:
        """Fill a new index from ``entries`` and point the alias at it (zero downtime)."""
        new_index = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        # No refreshes while loading; see _optimize for what happens before searches see it.
        settings = self.index_settings
        loading = {**settings, "settings": {**settings["settings"], "refresh_interval": "-1"}}
        # Maintenance calls wait for a cluster state change that every node acknowledges: on a
        # cluster under load that outlasts SEARCH_TIMEOUT, which is sized for searches.
        self._call(self.client.indices.create, index=new_index, body=loading, request_timeout=MAINTENANCE_TIMEOUT)
        count = 0

        def actions() -> Iterator[dict]:
            nonlocal count
            for entry in entries:
                count += 1
                yield {"_op_type": "index", "_index": new_index, "_id": entry.page_id, "_source": document(entry)}

        try:
            # A loading chunk on a busy node can outlast SEARCH_TIMEOUT, which is sized for searches.
            self._bulk(actions(), index=new_index, timeout=MAINTENANCE_TIMEOUT)
            self._optimize(new_index)
            old_indices = self._indices()
            swap = [{"remove": {"index": name, "alias": self.alias}} for name in old_indices]
            swap.append({"add": {"index": new_index, "alias": self.alias}})
            self._call(self.client.indices.update_aliases, body={"actions": swap}, request_timeout=MAINTENANCE_TIMEOUT)
        except SearchBackendUnavailable:
            self.client.indices.delete(index=new_index, ignore_unavailable=True)
            raise
        for name in old_indices:
            self._call(
                self.client.indices.delete, index=name, ignore_unavailable=True, request_timeout=MAINTENANCE_TIMEOUT
            )
        return count

    def _optimize(self, index: str) -> None:
        """Refresh a freshly loaded index and merge it into one segment (faster matching
        and facets: no per-segment ordinal mapping), before the alias points at it."""
        interval = self.index_settings["settings"]["refresh_interval"]
        self._call(
            self.client.indices.put_settings,
            index=index,
            body={"index": {"refresh_interval": interval}},
            request_timeout=MAINTENANCE_TIMEOUT,
        )
        self._call(self.client.indices.refresh, index=index, request_timeout=MAINTENANCE_TIMEOUT)
        self._call(self.client.indices.forcemerge, index=index, max_num_segments=1, request_timeout=MAINTENANCE_TIMEOUT)

    def _indices(self) -> list[str]:
        return sorted(self._call_unless_missing(self.client.indices.get_alias, name=self.alias) or [])

    def drop(self) -> None:
        """Delete the alias and every index behind it."""
        for name in self._indices():
            self._call(
                self.client.indices.delete, index=name, ignore_unavailable=True, request_timeout=MAINTENANCE_TIMEOUT
            )

    def indexed_versions(self) -> dict[int, str]:
        """``{page_id: indexed_at}`` of every document (for drift reports)."""
        versions: dict[int, str] = {}
        search_after = None
        while True:
            body = {"size": 5000, "sort": [{"page_id": "asc"}], "_source": ["indexed_at"], "query": {"match_all": {}}}
            if search_after:
                body["search_after"] = search_after
            hits = self._call(self.client.search, index=self.alias, body=body)["hits"]["hits"]
            if not hits:
                return versions
            for hit in hits:
                versions[int(hit["_id"])] = hit["_source"].get("indexed_at") or ""
            search_after = hits[-1]["sort"]
