"""The API's per-client rate limit (``throttling.ApiRateThrottle``: same rate, same counter, same
store) for the HTML views that run the same work: the storefront's searches, the dashboard's
drill-downs and its CSV exports. A bot that spreads its requests over the API and the pages
gets one budget; a person browsing never meets it (``KMP["API_ANON_RATE"]``, 120 a minute).
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .api.throttling import ApiRateThrottle, ApiThrottled


def too_many_requests(request: HttpRequest, *, wait: int) -> HttpResponse:
    """429 with ``Retry-After`` and a page that says, in Indonesian, when to come back."""
    response = render(request, "cooperative_pages/too_many_requests.html", {"seconds": wait}, status=429)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "private, no-store"
    return response


def rate_limited(view):
    """Decorate a Django view with the API's per-client limit."""

    @wraps(view)
    def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            ApiRateThrottle().allow_request(request, view)
        except ApiThrottled as throttled:
            return too_many_requests(request, wait=throttled.wait)
        return view(request, *args, **kwargs)

    return limited
