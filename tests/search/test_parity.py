"""The engine and the database answer the same queries with the same results."""

from __future__ import annotations

import pytest

from search import backends, labels
from search.query import ProductQuery

QUERIES = [
    ProductQuery(),
    ProductQuery(text="menjual"),
    ProductQuery(text="perikanan", sort="price"),
    ProductQuery(text="beras organik", sort="relevance"),
    ProductQuery(text="organik", sort="relevance"),
    ProductQuery(province="35", sort="-price"),
    ProductQuery(regency="32.01", category="perkebunan"),
    ProductQuery(business_unit="gerai-sembako", price_min=20000, sort="price"),
    ProductQuery(available=False),
    ProductQuery(sort="newest", page=2, page_size=3),
    ProductQuery(text="tidakadaproduk"),
]


@pytest.mark.parametrize("search_backend", [pytest.param("engine", marks=pytest.mark.search_engine)], indirect=True)
@pytest.mark.parametrize("query", QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_engine_and_database_agree(catalogue, search_backend, query):
    engine, database = backends.engine_backend().search(query), backends.database_backend().search(query)
    assert engine.count == database.count
    assert labels.label_facets(engine.facets) == labels.label_facets(database.facets)
    if query.effective_sort == "relevance":
        assert set(engine.ids) == set(database.ids)
        assert engine.ids[:1] == database.ids[:1]  # the best match is the same
    else:
        assert engine.ids == database.ids


@pytest.mark.parametrize("search_backend", [pytest.param("engine", marks=pytest.mark.search_engine)], indirect=True)
@pytest.mark.parametrize("text", ["ber", "kopi ara", "ikan b", "zzz"])
def test_engine_and_database_autocomplete_agree(catalogue, search_backend, text):
    engine = backends.engine_backend().autocomplete(text, limit=10)
    database = backends.database_backend().autocomplete(text, limit=10)
    assert sorted(engine) == sorted(database)
