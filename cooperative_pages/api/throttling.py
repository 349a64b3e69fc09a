"""Rate limits: one for anonymous clients (per IP), one per partner API key."""

from __future__ import annotations

import math

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Tags, Warning, register
from django.core.management import call_command
from django.db import connections
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from .. import conf
from .models import ApiKey


class ApiThrottled(Throttled):
    """DRF's 429 with the plugin's own translatable sentence (DRF formats the wait into its
    msgid before translating, so its "Expected available in …" is never translated)."""

    def __init__(self, wait: float):
        seconds = max(1, math.ceil(wait))
        super().__init__(detail=_("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": seconds})
        self.wait = seconds


def counter_cache_alias() -> str:
    """``KMP["COUNTER_CACHE"]``, or the default cache in a host that has not configured it (a system
    check warns: the default cache may evict the counts)."""
    alias = conf.get("COUNTER_CACHE")
    return alias if alias in settings.CACHES else "default"


@register(Tags.caches)
def check_counter_cache(app_configs=None, **kwargs) -> list[Warning]:
    alias = conf.get("COUNTER_CACHE")
    if alias in settings.CACHES:
        return []
    hint = "Add a cache that never evicts live entries (a DatabaseCache, or Redis without eviction) under this alias."
    message = f'KMP["COUNTER_CACHE"] names the cache "{alias}", which CACHES lacks: rate limits count in "default".'
    return [Warning(message, hint=hint, id="cooperative_pages.W001")]


def create_counter_table(*, using: str = "default", **kwargs) -> None:
    """``post_migrate``: create the table of a database-backed counter cache, so ``migrate`` is all a site runs.
    On PostgreSQL the table is UNLOGGED: counts need no crash safety, and a logged table made every
    limited request wait for a WAL flush (bench/counters.py)."""
    call_command("createcachetable", database=using, verbosity=0)
    counters = settings.CACHES.get(conf.get("COUNTER_CACHE"), {})
    connection = connections[using]
    if counters.get("BACKEND", "").endswith("DatabaseCache") and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(counters['LOCATION'])} SET UNLOGGED")


class ApiRateThrottle(SimpleRateThrottle):
    """Counts in the cache ``KMP["COUNTER_CACHE"]`` (their own store, which page data and anonymous
    traffic cannot evict). The rates are read per request so a host can change them in ``KMP``."""

    scope = "kmp-api"

    def __init__(self):  # the rate depends on the request, see allow_request
        pass

    @property
    def cache(self):
        return caches[counter_cache_alias()]

    def allow_request(self, request, view):
        auth = getattr(request, "auth", None)  # a Django request (cooperative_pages.ratelimit) has none
        api_key = auth if isinstance(auth, ApiKey) else None
        self.rate = api_key.rate if api_key else conf.get("API_ANON_RATE")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if not super().allow_request(request, view):
            raise ApiThrottled(self.wait() or 1)
        return True

    def get_cache_key(self, request, view) -> str:
        if isinstance(getattr(request, "auth", None), ApiKey):
            return f"throttle_{self.scope}_key_{request.auth.pk}"
        return f"throttle_{self.scope}_ip_{self.get_ident(request)}"
