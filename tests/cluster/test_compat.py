"""cluster/compat.py: what ClusterWorker relies on in django-tasks-db's undocumented worker class."""

import inspect

from cluster.compat import WORKER_KEYWORDS, Worker


def test_the_worker_class_still_has_what_cluster_worker_overrides_and_calls():
    init = inspect.signature(Worker.__init__).parameters
    assert tuple(name for name in init if name != "self") == WORKER_KEYWORDS
    assert all(init[name].kind is inspect.Parameter.KEYWORD_ONLY for name in WORKER_KEYWORDS)
    assert list(inspect.signature(Worker.run_task).parameters) == ["self", "db_task_result"]
    assert list(inspect.signature(Worker.run).parameters) == ["self"]
    assert callable(Worker.configure_signals)
    # run() calls run_task() for each claimed task: ClusterWorker's retries hang on that.
    assert "self.run_task(" in inspect.getsource(Worker.run)


def test_the_redis_cache_reuses_one_client_per_pool_where_djangos_builds_one_per_call():
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from cluster.compat import RedisCache

    ours, django = RedisCache("redis://127.0.0.1:9/0", {}), DjangoRedisCache("redis://127.0.0.1:9/0", {})
    assert ours._cache.get_client() is ours._cache.get_client(write=True)
    # The upstream gap: when Django keeps its client itself, this fails and cluster.compat.RedisCache can go.
    assert django._cache.get_client() is not django._cache.get_client()
    assert "self._client(connection_pool=pool)" in inspect.getsource(type(django._cache).get_client)
    assert list(inspect.signature(type(django._cache)._get_connection_pool).parameters) == ["self", "write"]
