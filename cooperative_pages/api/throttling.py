"""Rate limits: one for anonymous clients (per IP), one per partner API key, counted in the
cache ``KMP["COUNTER_CACHE"]``.

The throttle only checks a request; ``ApiRateLimitMiddleware`` counts it once the answer is
known, so a 304 (the client's copy is current) and a 429 cost nothing, and every answer
carries ``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` and
``RateLimit-Policy`` (draft-ietf-httpapi-ratelimit-headers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Tags, Warning, register
from django.core.management import call_command
from django.db import connections
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from .. import conf
from .authentication import partner_key

NOT_COUNTED = {304, 429}


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


@dataclass
class Window:
    """One client's counter: the cache key, its limit and window, and what it had used."""

    key: str
    limit: int
    duration: int
    history: list[float]
    now: float

    def remaining(self) -> int:
        return max(0, self.limit - len(self.history))

    def reset(self) -> int:
        if not self.history:
            return 0
        return max(0, math.ceil(self.history[-1] + self.duration - self.now))

    def record(self) -> None:
        """Count the request (as DRF's throttle does: what was read, plus this one)."""
        self.history = [self.now, *self.history]
        caches[counter_cache_alias()].set(self.key, self.history, self.duration)

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining()),
            "RateLimit-Reset": str(self.reset()),
            "RateLimit-Policy": f"{self.limit};w={self.duration}",
        }


class ApiRateThrottle(SimpleRateThrottle):
    """Counts in the cache ``KMP["COUNTER_CACHE"]`` (their own store, which page data and anonymous
    traffic cannot evict). The rates are read per request so a host can change them in ``KMP``.
    Also limits HTML views (``cooperative_pages.ratelimit``), given a Django request."""

    scope = "kmp-api"

    def __init__(self):  # the rate depends on the request, see allow_request
        pass

    @property
    def cache(self):
        return caches[counter_cache_alias()]

    def allow_request(self, request, view):
        api_key = partner_key(request)
        self.rate = api_key.rate if api_key else conf.get("API_ANON_RATE")
        limit, duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        now = self.timer()
        history = [stamp for stamp in self.cache.get(key, []) if stamp > now - duration]
        window = Window(key=key, limit=limit, duration=duration, history=history, now=now)
        # Counted by ApiRateLimitMiddleware once the answer is known (on the Django request).
        getattr(request, "_request", request).kmp_rate_window = window
        if len(history) >= limit:
            raise ApiThrottled(window.reset() or 1)
        return True

    def get_cache_key(self, request, view) -> str:
        api_key = partner_key(request)
        if api_key is not None:
            return f"throttle_{self.scope}_key_{api_key.pk}"
        return f"throttle_{self.scope}_ip_{self.get_ident(request)}"


class ApiRateLimitMiddleware:
    """Counts each request whose throttle let it through, unless it was answered 304, and adds
    the rate-limit headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        window: Window | None = getattr(request, "kmp_rate_window", None)
        if window is not None:
            if response.status_code not in NOT_COUNTED:
                window.record()
            for name, value in window.headers().items():
                response[name] = value
        return response


def anonymous_request_allowed(request) -> bool:
    """Count an anonymous API request answered before any view runs (a shared page cache's hit)
    against the client's limit, as the view's throttle would; ``False`` once over it."""
    from rest_framework.request import Request

    try:
        return ApiRateThrottle().allow_request(Request(request), None)
    except ApiThrottled:
        return False
