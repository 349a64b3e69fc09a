"""search_drift finds and repairs differences; search_rebuild rebuilds everything."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import backends
from search.models import MarketplaceEntry


def drift(*args) -> str:
    out = StringIO()
    call_command("search_drift", *args, stdout=out)
    return out.getvalue()


def test_database_drift_is_reported_and_repaired(client, catalogue):
    assert "No drift." in drift()
    bandeng = catalogue.products["bandeng"]
    MarketplaceEntry.objects.filter(page_id=bandeng.pk).delete()  # behind the signals' back
    ghost = MarketplaceEntry.objects.get(page_id=catalogue.products["tikar"].pk)
    ghost.page_id = catalogue.draft.pk  # a draft must never be listed
    ghost.save()
    with pytest.raises(CommandError, match="run with --repair"):
        drift()
    out = StringIO()
    call_command("search_drift", "--repair", stdout=out)
    assert "database: 1 missing, 1 extra" in out.getvalue()
    assert "No drift." in out.getvalue()
    data = client.get("/api/marketplace/products/", {"q": "bandeng"}).json()
    assert [row["title"] for row in data["results"]] == ["Ikan Bandeng Segar"]
    assert "Beras Rahasia" not in str(client.get("/api/marketplace/products/", {"q": "beras"}).json())


@pytest.mark.parametrize("search_backend", [pytest.param("engine", marks=pytest.mark.search_engine)], indirect=True)
def test_engine_drift_is_reported_and_repaired(client, catalogue, search_backend):
    engine = backends.engine_backend()
    engine.client.delete(index=engine.alias, id=catalogue.products["bandeng"].pk, refresh=True)
    with pytest.raises(CommandError):
        drift()
    assert client.get("/api/marketplace/products/", {"q": "bandeng"}).json()["count"] == 0
    out = StringIO()
    call_command("search_drift", "--repair", stdout=out)
    assert "search engine: 1 missing, 0 extra, 0 out of date" in out.getvalue()
    assert client.get("/api/marketplace/products/", {"q": "bandeng"}).json()["count"] == 1


def test_rebuild_swaps_in_a_complete_index(client, catalogue):
    MarketplaceEntry.objects.all().delete()
    call_command("search_rebuild", stdout=StringIO(), verbosity=0)
    assert MarketplaceEntry.objects.count() == 7
    assert client.get("/api/marketplace/products/").json()["count"] == 7
    assert "No drift." in drift()
