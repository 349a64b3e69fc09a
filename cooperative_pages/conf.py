"""The plugin's one namespaced setting, ``KMP``, with its documented defaults.

A host site overrides any key in ``settings.KMP``; unknown keys are ignored.
The ``dashboard`` app reads its own keys of the same setting (``READY_SCORE``,
``REMINDER_INTERVAL_DAYS``, ``DASHBOARD_TREND_DAYS``, ``DASHBOARD_CACHE_SECONDS``): see ``dashboard/conf.py``.

- ``PORTAL_PAGE_TYPES``: page types under which province pages may live
  (the national portal, usually the site's home page).
- ``ACTIVE_DAYS``: a cooperative is *active* when it had an approved
  publication within this many days.
- ``COLLECTION_ROOT_NAME``: name of the collection that holds every
  cooperative's own collection.
- ``OFFICER_GROUP`` / ``FACILITATOR_GROUP`` / ``NATIONAL_ADMIN_GROUP``: names of the role groups that
  grant admin access (scope comes from assignments, never from per-cooperative groups).
- ``REVIEW_PANEL_LIMIT``: submissions listed in the admin dashboard's "Awaiting your review"
  panel (the newest; the panel says how many more wait). Wagtail's own panel lists them all.
- ``INVITATION_DAYS``: how long an officer's set-password invitation link stays valid.
- ``WHATSAPP_MESSAGE``: prefilled "Pesan via WhatsApp" text; ``{product}`` and
  ``{cooperative}`` are substituted.
- ``SEARCH_URL`` / ``SEARCH_INDEX`` / ``SEARCH_TIMEOUT``: the search engine (empty URL: the
  database), the alias its index lives behind, and seconds before a search falls back to the database.
- ``SEARCH_CACHE_SECONDS``: how long the count and facets of a words-only search on SQLite stay
  in Django's cache; any write to the index makes them stale at once (0: no caching).
- ``API_ANON_RATE``: rate limit of anonymous API clients per IP (``120/minute``); partner
  API keys carry their own rate (admin: Settings → API keys).
- ``API_MAX_AGE``: seconds public API responses may be cached (``Cache-Control: max-age``).
- ``API_PREVIEW_MAX_AGE``: seconds a headless preview token stays valid.
- ``PAGE_MAX_AGE``: seconds browsers and CDNs may reuse a public page (``Cache-Control: public, max-age``).
- ``PAGE_CACHE_SECONDS``: how long the shared page cache of the reference site (``cluster.page_cache``)
  keeps an anonymous public answer; publishing purges it at once (0: no page cache).
- ``PAGE_CACHE_ALIAS``: the cache that holds the pages (Redis on a cluster).
"""

from django.conf import settings

DEFAULTS = {
    "PORTAL_PAGE_TYPES": ["home.HomePage"],
    "ACTIVE_DAYS": 30,
    "COLLECTION_ROOT_NAME": "Koperasi",
    "OFFICER_GROUP": "Pengurus Koperasi",
    "FACILITATOR_GROUP": "Pendamping",
    "NATIONAL_ADMIN_GROUP": "Admin Nasional",
    "REVIEW_PANEL_LIMIT": 10,
    "INVITATION_DAYS": 7,
    "WHATSAPP_MESSAGE": "Halo {cooperative}, saya ingin memesan {product}.",
    "SEARCH_URL": "",
    "SEARCH_INDEX": "kmp-marketplace",
    "SEARCH_TIMEOUT": 2.0,
    "SEARCH_CACHE_SECONDS": 300,
    "API_ANON_RATE": "120/minute",
    "API_MAX_AGE": 60,
    "API_PREVIEW_MAX_AGE": 3600,
    "PAGE_MAX_AGE": 10,
    "PAGE_CACHE_SECONDS": 0,
    "PAGE_CACHE_ALIAS": "default",
}


def get(key: str):
    """Return the host's value for ``key``, falling back to the documented default."""
    return {**DEFAULTS, **getattr(settings, "KMP", {})}[key]
