"""The engine counts the five facets from two combined keys (search/backends/opensearch.py:
``region_key``, ``kind_key``, see search/facet_rollup.py) and answers as the database does."""

from __future__ import annotations

import pytest

from search import backends, labels
from search.backends import opensearch
from search.query import ProductQuery

QUERIES = [ProductQuery(), ProductQuery(text="beras"), ProductQuery(province="35", available=True)]
engine_only = pytest.mark.parametrize(
    "search_backend", [pytest.param("engine", marks=pytest.mark.search_engine)], indirect=True
)


def answers(backend) -> list:
    return [
        (hits.count, sorted(hits.ids), labels.label_facets(hits.facets))
        for hits in (backend.search(query) for query in QUERIES)
    ]


@engine_only
def test_facets_come_from_two_combined_counts(catalogue, search_backend):
    engine = backends.engine_backend()
    requests = engine._facets_requests(ProductQuery(text="beras"))
    assert [set(request["aggs"]) for request in requests] == [{"region_key", "kind_key"}]
    assert answers(engine) == answers(backends.database_backend())


@engine_only
def test_the_index_records_its_schema(catalogue, search_backend):
    """``search_rebuild`` is what replaces an index of an older version (README, release notes):
    the mapping names the version that built it."""
    engine = backends.engine_backend()
    mappings = engine.client.indices.get_mapping(index=engine.alias)
    assert [mapping["mappings"]["_meta"] for mapping in mappings.values()] == [{"kmp_schema": opensearch.SCHEMA}]
