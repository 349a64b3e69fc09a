"""Fixtures shared by the search and marketplace tests: the backend under test and a small catalogue.

Every test that takes ``search_backend`` runs once on the database and once on a
real search engine server (``SEARCH_URL``: OpenSearch at ``http(s)://``, Elasticsearch
at ``elasticsearch://``). Outside CI a missing server skips the engine run; in CI
(``CI=true``) it fails.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest

from cooperative_pages.models import BusinessUnit, CooperativePage, ProductPage
from tests.factories import make_cooperative, make_product

ENGINE_URL = os.environ.get("SEARCH_URL", "")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def engine_url_or_skip() -> str:
    if not ENGINE_URL:
        if IN_CI:
            pytest.fail("SEARCH_URL is not set: CI must run the search engine tests on a real server")
        pytest.skip("needs a search engine server: set SEARCH_URL (see site/opensearch.sh, site/elasticsearch.sh)")
    return ENGINE_URL


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.search_engine)])
def search_backend(request, settings, db) -> str:
    """Point the marketplace at one backend; an engine gets a fresh index of its own.

    Yields ``"database"`` or the engine backend's name (``"opensearch"``, ``"elasticsearch"``)."""
    if request.param == "database":
        settings.KMP = {**settings.KMP, "SEARCH_URL": ""}
        yield "database"
        return
    from search import backends

    url = engine_url_or_skip()
    settings.KMP = {**settings.KMP, "SEARCH_URL": url, "SEARCH_INDEX": f"kmp-test-{uuid.uuid4().hex[:12]}"}
    engine = backends.engine_backend()
    engine.rebuild(entries=[])
    yield engine.name
    engine.drop()


@dataclass
class Catalogue:
    pacitan: CooperativePage
    bogor: CooperativePage
    products: dict[str, ProductPage]
    draft: ProductPage


@pytest.fixture
def catalogue(portal, search_backend) -> Catalogue:
    """Two cooperatives (Pacitan, East Java; Bogor, West Java), seven live products and a draft."""
    sembako = BusinessUnit.objects.get(slug="gerai-sembako")
    pacitan = make_cooperative(
        village_code="35.01.01.2001", name="Koperasi Desa Merah Putih Widoro", phone="081234560001"
    )
    bogor = make_cooperative(
        village_code="32.01.01.1001", name="Koperasi Kelurahan Merah Putih Pondok Rajeg", phone="+6281234560002"
    )
    rows = [
        (
            "ikan-asin",
            pacitan,
            "Ikan Asin Kering",
            "Kami menjual hasil perikanan laut",
            "perikanan",
            40000,
            sembako,
            True,
        ),
        (
            "beras-organik",
            pacitan,
            "Beras Organik Pandan Wangi",
            "Beras tanpa pestisida",
            "beras",
            16000,
            sembako,
            True,
        ),
        (
            "kopi-robusta",
            pacitan,
            "Kopi Robusta Bubuk",
            "Jual kopi bubuk petik merah",
            "perkebunan",
            35000,
            None,
            False,
        ),
        ("tikar", pacitan, "Tikar Pandan", "Anyaman tangan ibu-ibu desa", "kerajinan", 75000, None, True),
        ("beras-merah", bogor, "Beras Merah", "Beras merah organik dari sawah", "beras", 22000, sembako, True),
        ("kopi-arabika", bogor, "Kopi Arabika Gayo", "Biji kopi sangrai", "perkebunan", 60000, None, True),
        ("bandeng", bogor, "Ikan Bandeng Segar", "Bandeng tambak", "perikanan", 30000, None, True),
    ]
    fields = ("title", "description", "category", "price", "business_unit", "available")
    products = {
        key: make_product(cooperative, **dict(zip(fields, values, strict=True))) for key, cooperative, *values in rows
    }
    draft = make_product(bogor, title="Beras Rahasia", description="beras organik", publish=False)
    return Catalogue(pacitan=pacitan, bogor=bogor, products=products, draft=draft)
