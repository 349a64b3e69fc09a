"""Facet names (search/labels.py) under the threads of one gunicorn worker.

A worker's threads share the per-process names. The load run of CI once got a 500
from the storefront: one thread read the names while another was half way through
loading them (``KeyError: 'business_unit'``). The interleaving is replayed here
deterministically: the other thread's search runs at the moment the loading thread
asks the database for the business units.
"""

from __future__ import annotations

import pytest
from django.db import connection

from cooperative_pages.models import BusinessUnit, Region, RegionLevel
from search import labels
from search.query import FacetBucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def facets():
    Region.objects.create(code="35", name="Jawa Timur", level=RegionLevel.PROVINCE)
    unit = BusinessUnit.objects.order_by("sort_order").first()
    labels.clear()
    yield (
        {
            "province": [FacetBucket(key="35", label="", count=3)],
            "business_unit": [FacetBucket(key=unit.slug, label="", count=2)],
        },
        unit,
    )
    labels.clear()


def _run_during_business_unit_query(action):
    """A query wrapper that runs ``action`` once, just before the business unit query."""
    outcome = {}

    def wrapper(execute, sql, params, many, context):
        if BusinessUnit._meta.db_table in sql and "called" not in outcome:
            outcome["called"] = True
            try:
                outcome["result"] = action()
            except Exception as error:  # noqa: BLE001 - the test reports what the other thread met
                outcome["error"] = error
        return execute(sql, params, many, context)

    return wrapper, outcome


def test_a_search_while_another_thread_loads_the_names_gets_every_name(facets):
    buckets, unit = facets
    wrapper, outcome = _run_during_business_unit_query(lambda: labels.label_facets(buckets))
    with connection.execute_wrapper(wrapper):
        first = labels.label_facets(buckets)

    assert outcome.get("called"), "the interleaving did not happen"
    assert "error" not in outcome, f"the other search failed: {outcome.get('error')!r}"
    for result in (outcome["result"], first):
        assert [b.label for b in result["province"]] == ["Jawa Timur"]
        assert [b.label for b in result["business_unit"]] == [unit.name]


def test_names_cleared_by_a_save_while_a_search_reads_them_still_answer(facets):
    buckets, unit = facets
    labels.label_facets(buckets)
    unit.name = "Gerai Sembako Desa"
    wrapper, outcome = _run_during_business_unit_query(lambda: unit.save())
    labels.clear()
    with connection.execute_wrapper(wrapper):
        during = labels.label_facets(buckets)

    assert outcome.get("called") and "error" not in outcome
    # The save ran just before the business units were read, so they carry the new name.
    assert [b.label for b in during["province"]] == ["Jawa Timur"]
    assert [b.label for b in during["business_unit"]] == ["Gerai Sembako Desa"]
    after = labels.label_facets(buckets)
    assert [b.label for b in after["business_unit"]] == ["Gerai Sembako Desa"]
