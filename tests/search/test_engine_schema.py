"""An engine index built before the combined facet keys keeps answering right until it is rebuilt
(search/backends/opensearch.py: ``kmp_schema``, ``region_key``, ``kind_key``)."""

from __future__ import annotations

import copy

import pytest

from search import backends, labels
from search.backends import opensearch
from search.models import MarketplaceEntry
from search.query import ProductQuery
from tests.factories import make_product

QUERIES = [ProductQuery(), ProductQuery(text="beras"), ProductQuery(province="35", available=True)]
engine_only = pytest.mark.parametrize(
    "search_backend", [pytest.param("engine", marks=pytest.mark.search_engine)], indirect=True
)


def answers(backend) -> list:
    return [
        (hits.count, sorted(hits.ids), labels.label_facets(hits.facets))
        for hits in (backend.search(query) for query in QUERIES)
    ]


def build_old_schema_index(engine) -> None:
    """What the previous version's rebuild made: no _meta, no combined keys, documents without them."""
    settings = copy.deepcopy(engine.index_settings)
    del settings["mappings"]["_meta"]
    for name in opensearch.COMBINED_KEY_FIELDS:
        del settings["mappings"]["properties"][name]
    engine.drop()
    name = f"{engine.alias}-old"
    engine.client.indices.create(index=name, body=settings)
    for entry in MarketplaceEntry.objects.all():
        document = opensearch.document(entry)
        for field in opensearch.COMBINED_KEY_FIELDS:
            del document[field]
        engine.client.index(index=name, id=entry.page_id, body=document)
    engine.client.indices.refresh(index=name)
    engine.client.indices.update_aliases(body={"actions": [{"add": {"index": name, "alias": engine.alias}}]})


@engine_only
def test_an_old_index_is_counted_the_old_way_then_the_new_way_after_a_rebuild(catalogue, search_backend, caplog):
    database = backends.database_backend()
    engine = backends.engine_backend()
    assert engine._has_combined_keys()  # what this version builds
    build_old_schema_index(engine)
    # a process started after the upgrade, before the rebuild
    upgraded = type(engine)(url=engine_url(), index=engine.alias, timeout=10)
    assert answers(upgraded) == answers(database)
    assert not upgraded._has_combined_keys()
    assert "search_rebuild" in caplog.text

    # a publication reaches the old index (its strict mapping takes the new fields) and is counted
    make_product(catalogue.bogor, title="Beras Ketan", category="beras")
    upgraded.sync(page_ids=MarketplaceEntry.objects.values_list("page_id", flat=True))
    assert answers(upgraded) == answers(database)

    upgraded.rebuild(entries=MarketplaceEntry.objects.all())
    upgraded._legacy_until = 0.0  # as after SCHEMA_RECHECK_SECONDS
    assert upgraded._has_combined_keys()
    assert answers(upgraded) == answers(database)


@engine_only
def test_facets_come_from_two_combined_counts(catalogue, search_backend):
    engine = backends.engine_backend()
    requests = engine._facets_requests(ProductQuery(text="beras"), engine._has_combined_keys())
    assert [set(request["aggs"]) for request in requests] == [{"region_key", "kind_key"}]
    assert answers(engine) == answers(backends.database_backend())


@engine_only
def test_the_schema_is_asked_once_per_process(catalogue, search_backend):
    """The mapping is read by the first search only: a round trip per search would cost more than the search."""
    fresh = type(backends.engine_backend())(url=engine_url(), index=backends.engine_backend().alias, timeout=10)
    calls = []
    get_mapping = fresh.client.indices.get_mapping
    fresh.client.indices.get_mapping = lambda **kwargs: calls.append(kwargs) or get_mapping(**kwargs)
    for _ in range(3):
        fresh.search(ProductQuery(text="beras"))
    assert len(calls) == 1


def engine_url() -> str:
    from cooperative_pages import conf

    return conf.get("SEARCH_URL")
