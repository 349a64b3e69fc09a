"""Rate limits: one for anonymous clients (per IP), one per partner API key.

The throttle only checks a request; ``ApiRateLimitMiddleware`` counts it once the answer is
known, so a 304 (the client's copy is current) and a 429 cost nothing, and every answer
carries ``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` and
``RateLimit-Policy`` (draft-ietf-httpapi-ratelimit-headers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.cache import cache
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
        """Count the request (re-read: other requests may have counted meanwhile)."""
        history = [stamp for stamp in cache.get(self.key, []) if stamp > self.now - self.duration]
        self.history = [self.now, *history]
        cache.set(self.key, self.history, self.duration)

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining()),
            "RateLimit-Reset": str(self.reset()),
            "RateLimit-Policy": f"{self.limit};w={self.duration}",
        }


class ApiRateThrottle(SimpleRateThrottle):
    """Counts in the default cache: per process with LocMemCache, shared with a file or
    Redis cache. The rates are read per request so a host can change them in ``KMP``."""

    scope = "kmp-api"

    def __init__(self):  # the rate depends on the request, see allow_request
        pass

    def allow_request(self, request, view):
        api_key = partner_key(request)
        self.rate = api_key.rate if api_key else conf.get("API_ANON_RATE")
        limit, duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        now = self.timer()
        history = [stamp for stamp in cache.get(key, []) if stamp > now - duration]
        window = Window(key=key, limit=limit, duration=duration, history=history, now=now)
        request._request.kmp_rate_window = window  # counted by ApiRateLimitMiddleware
        if len(history) >= limit:
            raise ApiThrottled(window.reset() or 1)
        return True

    def get_cache_key(self, request, view) -> str:
        api_key = partner_key(request)
        if api_key is not None:
            return f"throttle_{self.scope}_key_{api_key.pk}"
        return f"throttle_{self.scope}_ip_{self.get_ident(request)}"


class ApiRateLimitMiddleware:
    """Counts each API request whose throttle let it through, unless it was answered 304,
    and adds the rate-limit headers."""

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
