"""Caches and counters in a real Redis (site/redis.sh): what every node shares."""

from __future__ import annotations

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from tests.cluster.services import require

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def redis_url():
    return require("REDIS_URL", "site/redis.sh")


def other_node(alias: str) -> RedisCache:
    """The same cache as another web node opens it: its own connection, nothing shared in memory."""
    config = settings.CACHES[alias]
    return RedisCache(config["LOCATION"], {key: value for key, value in config.items() if key != "LOCATION"})


def test_the_caches_are_redis_and_the_counters_never_evicted():
    assert settings.CACHES["default"]["BACKEND"] == "cluster.compat.RedisCache"
    assert settings.CACHES["counters"]["BACKEND"] == "cluster.compat.RedisCache"
    policy = redis.Redis.from_url(settings.CACHES["counters"]["LOCATION"]).config_get("maxmemory-policy")
    assert policy == {"maxmemory-policy": "noeviction"}
    cache_policy = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).config_get("maxmemory-policy")
    assert cache_policy == {"maxmemory-policy": "allkeys-lru"}


def test_the_anonymous_api_limit_is_counted_once_for_every_node(client, settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "3/minute"}
    caches["default"].clear()
    for _ in range(3):
        assert client.get("/api/cooperatives/").status_code == 200
    refused = client.get("/api/cooperatives/")
    assert refused.status_code == 429 and refused["Retry-After"]
    # The count lives in Redis (the counters' own once they have an alias), where another node reads it.
    found = [
        (alias, key.decode().split(":", 2)[2])
        for alias in ("counters", "default")
        for key in redis.Redis.from_url(settings.CACHES[alias]["LOCATION"]).scan_iter("*throttle*")
    ]
    assert found and all(other_node(alias).get(key) is not None for alias, key in found)


def test_a_page_cache_purge_on_one_node_is_seen_by_another(settings):
    from cluster import page_cache

    settings.KMP = {**settings.KMP, "PAGE_CACHE_SECONDS": 600}
    before = page_cache.generations("/jawa-timur/kabupaten-pacitan/koperasi-widoro/")
    page_cache.purge(sections={"section:jawa-timur/kabupaten-pacitan/koperasi-widoro"})
    key = "page-cache:generation:section:jawa-timur/kabupaten-pacitan/koperasi-widoro"
    assert (
        other_node("default").get(key)
        == page_cache.generations("/jawa-timur/kabupaten-pacitan/koperasi-widoro/").split(".")[1]
    )
    assert page_cache.generations("/jawa-timur/kabupaten-pacitan/koperasi-widoro/produk/") != before
