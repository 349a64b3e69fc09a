"""What this app takes from its dependencies beyond their documented API.

django-tasks-db — upstream gap: its worker (``db_worker``) has no retries, no recovery of tasks
whose worker died, and no schedule; its ``Worker`` class is not documented as an extension
point. ``cluster.worker.ClusterWorker`` subclasses it and overrides ``run`` and ``run_task``.

Django's ``RedisCache`` — upstream gap: ``RedisCacheClient.get_client`` builds a new
``redis.Redis`` around the connection pool on every cache call, and ``redis.Redis()`` fills a
dict of ~170 response callbacks each time: about a third of the CPU of a page-cache hit
(4 cache calls; measured with cProfile, README "Anonymous pages from a shared cache").
``RedisCache`` below keeps one client per pool (redis-py clients are thread-safe; Django's
cache objects are per thread anyway). It relies on ``RedisCache._class`` and
``RedisCacheClient._get_connection_pool``/``_client``, private.

``tests/cluster/test_compat.py`` fails loudly when an upgrade changes any of these.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django_tasks_db.management.commands.db_worker import Worker

WORKER_KEYWORDS = (
    "queue_names",
    "interval",
    "batch",
    "backend_name",
    "startup_delay",
    "max_tasks",
    "worker_id",
    "excluded_queue_names",
)


class ReusedRedisCacheClient(RedisCacheClient):
    """Django's client, with one ``redis.Redis`` per connection pool instead of one per call."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_kmp_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose calls reuse their Redis client."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient


__all__ = ["WORKER_KEYWORDS", "RedisCache", "Worker"]
