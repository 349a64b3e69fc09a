"""The API's language (Accept-Language) and caching headers (ETag and 304 on If-None-Match,
Cache-Control, Vary)."""

from __future__ import annotations

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from .. import conf


class ApiCachingMiddleware(ConditionalGetMiddleware):
    """Django's conditional GET, limited to the API; successful anonymous answers may be
    cached by browsers and shared caches, answers to API keys only privately."""

    path_prefix = "/api/"

    def process_response(self, request, response):
        if not request.path.startswith(self.path_prefix) or request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ["Authorization", "X-Api-Key"])
        # A 304 carries the headers its 200 would (RFC 9110 15.4.5).
        if response.status_code in (200, 304) and not response.has_header("Cache-Control"):
            keyed = "Authorization" in request.headers or "X-Api-Key" in request.headers
            patch_cache_control(
                response, **{"private" if keyed else "public": True, "max-age": conf.get("API_MAX_AGE")}
            )
        return super().process_response(request, response)


class ApiLanguageMiddleware:
    """Indonesian by default; an API client may ask for another of ``LANGUAGES`` (English)
    with ``Accept-Language``. Only under the API: the site's pages stay Indonesian whatever
    a phone's language is (the reference site has no LocaleMiddleware on purpose)."""

    path_prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.path_prefix):
            return self.get_response(request)
        language = api_language(request.headers.get("Accept-Language", ""))
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language"])
        response.setdefault("Content-Language", language)
        return response


def api_language(accept_language: str) -> str:
    """The first language of ``Accept-Language`` (in the client's order of preference) that
    the site offers (``en-US`` matches ``en``), else ``LANGUAGE_CODE``."""
    for code, _quality in parse_accept_lang_header(accept_language[:255]):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH mitigation, random bytes in the gzip header), only for
    answers that hold no secret: an answer that varies on the cookie (a session, a CSRF
    token: the admin, forms) is sent uncompressed, so a reflected parameter next to a secret
    never shares a compressed body. The API and the public pages carry no secret."""

    compressible = ("text/", "json", "javascript", "xml", "svg", "openapi", "yaml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0]
        if not any(kind in content_type for kind in self.compressible):
            return response  # images, archives: compressed already
        if "cookie" in {value.strip().lower() for value in response.get("Vary", "").split(",")}:
            return response
        if response.cookies:
            return response
        return super().process_response(request, response)
