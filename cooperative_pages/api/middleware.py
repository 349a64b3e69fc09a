"""Caching headers for the API: ETag (and 304 on If-None-Match), Cache-Control, Vary."""

from __future__ import annotations

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

from .. import conf


class ApiCachingMiddleware(ConditionalGetMiddleware):
    """Django's conditional GET, limited to the API; successful anonymous answers may be
    cached by browsers and shared caches, answers to API keys only privately."""

    path_prefix = "/api/"

    def process_response(self, request, response):
        if not request.path.startswith(self.path_prefix) or request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ["Authorization", "X-Api-Key"])
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            keyed = "Authorization" in request.headers or "X-Api-Key" in request.headers
            patch_cache_control(
                response, **{"private" if keyed else "public": True, "max-age": conf.get("API_MAX_AGE")}
            )
        return super().process_response(request, response)
