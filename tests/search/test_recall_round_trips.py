"""The recall paths on a search engine (issue 14, item 6) in as few round trips as they can take: the
lookup of the typed words' vocabulary rides in the msearch of the search as typed, so a corrected or
shortened search is two requests to the engine, not three (the latency budget at 1,000,000 products,
bench/marketplace_search.py). Counted around the real client of a real engine."""

from __future__ import annotations

import pytest

from search import backends
from search.query import ProductQuery
from tests.search.test_recall import BERAS, search

# On the engine only: the database backend looks the vocabulary up in two statements of its own.
pytestmark = [pytest.mark.search_engine, pytest.mark.parametrize("search_backend", ["engine"], indirect=True)]


@pytest.fixture
def round_trips(monkeypatch, catalogue) -> list[str]:
    """The names of the client calls (``search``, ``msearch``) each request to the engine makes."""
    client = backends.engine_backend().client
    calls: list[str] = []

    def counting(name: str):
        method = getattr(client, name)

        def call(*args, **kwargs):
            calls.append(name)
            return method(*args, **kwargs)

        return call

    for name in ("search", "msearch"):
        monkeypatch.setattr(client, name, counting(name))
    return calls


@pytest.mark.parametrize(
    ("typed", "titles", "fallback"),
    [
        ("berass", BERAS, {"words": ["beras"], "match": "all"}),  # corrected
        ("beras xyzzyq", BERAS, {"words": ["beras"], "match": "all"}),  # an unknown word left out
        (
            "kopi tikar",
            {"Kopi Robusta Bubuk", "Kopi Arabika Gayo", "Tikar Pandan"},
            {"words": ["kopi", "tikar"], "match": "any"},
        ),
    ],
)
def test_a_recall_search_is_two_round_trips(client, round_trips, typed, titles, fallback):
    data = search(client, q=typed)
    assert data["titles"] == titles and data["fallback"] == fallback
    assert round_trips == ["msearch", "msearch"]  # as typed + vocabulary, then the corrected or any-word search


def test_words_that_match_are_one_round_trip(client, round_trips):
    data = search(client, q="beras organik")
    assert data["titles"] == BERAS and data["fallback"] is None
    assert round_trips == ["msearch"]


def test_the_vocabulary_that_rides_along_is_the_lookups(catalogue):
    engine = backends.engine_backend()
    hits = engine.search(ProductQuery(text="berass kopi xyzzyq"))
    assert hits.count == 0
    assert hits.vocabulary == engine.vocabulary(["berass", "kopi", "xyzzyq"])
    assert hits.vocabulary["berass"] == {"berass": 0, "beras": 4}  # the correction: 2 titles + 2 bodies
    assert hits.vocabulary["kopi"]["kopi"] == 1 and hits.vocabulary["xyzzyq"] == {"xyzzyq": 0}  # known: counted to 1
    # The searches of the recall steps (their words already chosen) look nothing up.
    assert engine.search(ProductQuery(text="berass", words=("beras",))).vocabulary is None
