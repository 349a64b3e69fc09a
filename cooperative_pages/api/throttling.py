"""Rate limits: one for anonymous clients (per IP), one per partner API key."""

from __future__ import annotations

import math

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


class ApiRateThrottle(SimpleRateThrottle):
    """Counts in the default cache: per process with LocMemCache, shared with a file or
    Redis cache. The rates are read per request so a host can change them in ``KMP``."""

    scope = "kmp-api"

    def __init__(self):  # the rate depends on the request, see allow_request
        pass

    def allow_request(self, request, view):
        api_key = request.auth if isinstance(request.auth, ApiKey) else None
        self.rate = api_key.rate if api_key else conf.get("API_ANON_RATE")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if not super().allow_request(request, view):
            raise ApiThrottled(self.wait() or 1)
        return True

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiKey):
            return f"throttle_{self.scope}_key_{request.auth.pk}"
        return f"throttle_{self.scope}_ip_{self.get_ident(request)}"


def anonymous_request_allowed(request) -> bool:
    """Count an anonymous API request answered before any view runs (a shared page cache's hit)
    against the client's limit, as the view's throttle would; ``False`` once over it."""
    from rest_framework.request import Request

    try:
        return ApiRateThrottle().allow_request(Request(request), None)
    except ApiThrottled:
        return False
