"""The storefront, the dashboard's drill-downs and its CSV exports share the API's per-client
limit (cooperative_pages/ratelimit.py): a bot gets 429 with Retry-After and an Indonesian page,
other clients go on, and spreading requests over the API and the pages buys no extra budget."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db
BOT, PERSON = "203.0.113.7", "10.1.1.1"
LIMITED = [
    "/marketplace/?q=beras",
    "/dashboard/",
    "/dashboard/?province=35",
    "/dashboard/csv/regions/",
    "/dashboard/csv/cooperatives/?regency=35.01",
    "/dashboard/kesiapan-pembiayaan/bank.csv?province=35",
]


@pytest.fixture
def low_rate():
    with override_settings(KMP={**settings.KMP, "API_ANON_RATE": "3/minute"}):
        yield


@pytest.mark.parametrize("url", LIMITED)
def test_a_bot_gets_429_with_retry_after_and_an_indonesian_page(target, low_rate, url):
    client = Client()
    assert [client.get(url, REMOTE_ADDR=BOT).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url, REMOTE_ADDR=BOT)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Terlalu banyak permintaan" in text and "Mohon tunggu" in text
    assert client.get(url, REMOTE_ADDR=PERSON).status_code == 200


def test_the_api_and_the_pages_share_one_budget(target, low_rate):
    client = Client()
    assert client.get("/api/marketplace/products/?q=beras", REMOTE_ADDR=BOT).status_code == 200
    assert client.get("/marketplace/?q=beras", REMOTE_ADDR=BOT).status_code == 200
    assert client.get("/api/cooperatives/", REMOTE_ADDR=BOT).status_code == 200
    assert client.get("/dashboard/csv/regions/", REMOTE_ADDR=BOT).status_code == 429
    assert client.get("/api/marketplace/products/?q=beras", REMOTE_ADDR=BOT).status_code == 429


def test_a_person_browsing_is_not_limited(target):
    """The default rate (KMP["API_ANON_RATE"], 120 a minute): a minute of eager browsing passes."""
    with override_settings(KMP={**settings.KMP, "API_ANON_RATE": "120/minute"}):
        client = Client()
        for number in range(40):
            assert client.get(f"/marketplace/?q=beras&page={number % 3 + 1}", REMOTE_ADDR=PERSON).status_code in (
                200,
                400,
            )
            assert client.get("/dashboard/?province=35", REMOTE_ADDR=PERSON).status_code == 200
