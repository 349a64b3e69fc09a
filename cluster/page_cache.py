"""Anonymous pages from a shared cache, purged when publishing changes them.

Public answers say so (``Cache-Control: public, max-age=KMP["PAGE_MAX_AGE"]``: browsers and
any CDN may reuse them that long) and, with ``KMP["PAGE_CACHE_SECONDS"]`` > 0, are kept in the
default cache (Redis on a cluster) for every node to serve, keyed by URL and the ``Vary``
headers (Django's own cache keys). What is never cached: anything but GET, requests with a
session or messages cookie or API credentials, answers that set a cookie, vary on Cookie, or
are not ``public`` (admin, forms with a CSRF token, drafts, restricted pages, API-key answers).

Purging: every entry is stored with its *generations* (random tokens) and served only while
they are current. A microsite page's entry has its cooperative's generation (the first three
path segments: province/regency/cooperative); every other public URL (portal, regions,
marketplace, its API, directories) has the *site* generation; all have the *all* generation.
Publishing, unpublishing, moving or deleting a page draws new tokens after the transaction
commits (``cluster.signal_handlers``), so the next request on any node renders afresh. A lost
token (cache eviction) is replaced by a new one: old entries can never come back.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key, patch_cache_control

from cooperative_pages import conf

logger = logging.getLogger(__name__)

SECTION_DEPTH = 3  # portal / province / regency / cooperative: a cooperative's path has three segments
NOT_PAGES = ("/marketplace/", "/api/", "/dashboard/")
NEVER = ("/admin/", "/django-admin/", "/documents/", "/undangan/", "/static/", "/media/", "/api/v2/preview/")
RATE_LIMITED = ("/api/", "/marketplace/")  # the per-client limit of cooperative_pages.api.throttling
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
CREDENTIAL_HEADERS = ("Authorization", "X-Api-Key")
ALL = "all"
# Views whose answers are the same for every anonymous visitor: Wagtail's pages, the storefront.
# (The API marks its own answers: cooperative_pages.api.middleware.)
PUBLIC_VIEWS = {"wagtail_serve", "marketplace:storefront"}
SITE = "site"
PREFIX = "kmp-pages"


def _cache():
    return caches[conf.get("PAGE_CACHE_ALIAS")]


def section_of(path: str) -> str:
    """The generation that a URL path's cached answer depends on besides ``all``."""
    segments = [part for part in path.split("/") if part]
    if path.startswith(NOT_PAGES) or len(segments) < SECTION_DEPTH:
        return SITE
    return "section:" + "/".join(segments[:SECTION_DEPTH])


def _generation_keys(sections: list[str]) -> list[str]:
    return [f"page-cache:generation:{name}" for name in sections]


def generations(path: str, *, found: dict | None = None) -> str:
    """The current tokens of the generations ``path`` depends on, joined (new ones drawn if lost);
    ``found``: the generation keys already read (with the page entry, in one round trip)."""
    cache = _cache()
    keys = _generation_keys([ALL, section_of(path)])
    found = dict(cache.get_many(keys) if found is None else found)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    return ".".join(str(found[key]) for key in keys)


def lookup(request) -> tuple[str, object]:
    """The current generations of the request's URL and its cached answer, if stored under them.
    Two round trips: the ``Vary`` header list (Django's), then the generations and the entry
    together (an entry is stored with the generations it was rendered under, not keyed by them)."""
    cache = _cache()
    key = get_cache_key(request, PREFIX, "GET", cache=cache)
    keys = _generation_keys([ALL, section_of(request.path)])
    found = cache.get_many([*keys, key] if key else keys)
    current = generations(request.path, found={k: found[k] for k in keys if k in found})
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return current, entry[1]
    return current, None


def purge(*, sections: set[str]) -> None:
    """Draw new tokens: every cached answer depending on these generations is gone for every node."""
    if not conf.get("PAGE_CACHE_SECONDS"):
        return
    try:
        _cache().set_many({key: secrets.token_hex(8) for key in _generation_keys(sorted(sections))}, timeout=None)
    except Exception:
        # Without the purge, pages would stay stale: fail loudly in the log (the TTL bounds it).
        logger.exception("Page cache purge of %s failed", sorted(sections))


def cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(NEVER)
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and not any(header in request.headers for header in CREDENTIAL_HEADERS)
    )


def cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and "public" in cache_control
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not has_vary_header(response, "*")
    )


def mark_public(request, response) -> None:
    """``Cache-Control: public`` on a public view's plain answer to an anonymous visitor; ``private``
    when the visitor may be logged in (the page may show their toolbar). An answer that sets a
    cookie or varies on it (a restricted page's password form) or is not a 200 is left alone:
    Wagtail answers a restricted page that way (a redirect to the login, or the form)."""
    if response.has_header("Cache-Control") or response.status_code != 200:
        return
    if not cacheable_request(request):
        patch_cache_control(response, private=True)
    elif not response.cookies and not has_vary_header(response, "Cookie"):
        patch_cache_control(response, public=True, max_age=conf.get("PAGE_MAX_AGE"))


def compressed(request, response):
    """The answer as ``PublicGZipMiddleware`` would send it (gzip'd if the client takes gzip, with
    ``Vary: Accept-Encoding``), so it is stored that way and a hit is not compressed again on every
    request: each ``Accept-Encoding`` has its own entry (Django's cache key includes the ``Vary``
    headers). A public answer holds no secret, so one gzip padding for all its hits is harmless."""
    from cooperative_pages.api.middleware import PublicGZipMiddleware

    return PublicGZipMiddleware(lambda request: response).process_response(request, response)


def public_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in PUBLIC_VIEWS


class PageCacheMiddleware:
    """Serve anonymous GETs of public URLs from the shared cache, before anything that needs the
    database or a session; mark the answers of public views and store what is public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = conf.get("PAGE_CACHE_SECONDS")
        if not seconds or not cacheable_request(request):
            return self.render(request)
        try:
            current, cached = lookup(request)
        except Exception:  # the cache is down: render as if there were none
            logger.warning("Page cache unavailable for %s", request.path, exc_info=True)
            return self.render(request)
        if cached is not None and self.may_serve(request):
            cached["X-Page-Cache"] = "hit"
            # If-None-Match / If-Modified-Since against the cached ETag: a 304, as the view would answer
            # (the API's rate limit does not count it).
            return ConditionalGetMiddleware(self.get_response).process_response(request, cached)
        response = self.render(request)
        if cacheable_response(response):
            response = compressed(request, response)
            try:
                key = learn_cache_key(request, response, seconds, PREFIX, cache=_cache())
                _cache().set(key, (current, response), seconds)
            except Exception:
                logger.warning("Page cache store failed for %s", request.path, exc_info=True)
            else:
                response["X-Page-Cache"] = "miss"
        return response

    def render(self, request):
        response = self.get_response(request)
        if public_view(request):
            mark_public(request, response)
        return response

    def may_serve(self, request) -> bool:
        """A cached answer of a rate-limited URL (the API, the storefront's searches) still counts
        against the client's limit; over it, the view answers (429)."""
        if not request.path.startswith(RATE_LIMITED):
            return True
        from cooperative_pages.api.throttling import anonymous_request_allowed

        return anonymous_request_allowed(request)
