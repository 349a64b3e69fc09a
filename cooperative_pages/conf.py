"""The plugin's one namespaced setting, ``KMP``, with its documented defaults.

A host site overrides any key in ``settings.KMP``; unknown keys are ignored. Every app
of the plugin (``cooperative_pages``, ``marketplace``, ``search``, ``dashboard``) reads
its options here.

- ``PORTAL_PAGE_TYPES``: page types under which province pages may live
  (the national portal, usually the site's home page).
- ``ACTIVE_DAYS``: a cooperative is *active* when it had an approved
  publication within this many days; also the age after which it is *stale* (``30``).
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
- ``PUBLIC_BASE_URL``: scheme and host every absolute link starts with (API, e-mails, exports,
  CSV), e.g. ``https://koperasi.example.id``; empty: the ``Site`` record's root URL (Wagtail's
  ``get_full_url``). See ``cooperative_pages/page_urls.py``.
- ``SEARCH_EXAMPLES``: searches the storefront offers: the first three in the search box's
  placeholder, all of them on a page without results ("Pencarian populer").
- ``API_ANON_RATE``: rate limit of anonymous API clients per IP (``120/minute``); partner
  API keys carry their own rate (admin: Settings → API keys).
- ``COUNTER_CACHE``: the cache alias that keeps rate-limit counts; give it a store of its own that
  never evicts live entries (the reference site: a database table, or Redis at scale).
- ``LOGIN_LOCKOUT``: admin login lockout (django-axes, ``config/login_lockout.py`` in the reference
  site): ``USERNAME_ADDRESS_FAILURES`` wrong passwords for one username from one address lock that pair
  for ``USERNAME_ADDRESS_MINUTES``; ``ADDRESS_FAILURES`` from one address within ``ADDRESS_MINUTES``
  lock the address.
- ``API_MAX_AGE``: seconds public API responses may be cached (``Cache-Control: max-age``).
- ``API_PREVIEW_MAX_AGE``: seconds a headless preview token stays valid.
- ``DOCUMENT_MAX_UPLOAD_SIZE``: the largest document (bytes) an upload may have (10 MiB; the
  host's document form, ``config.uploads.DocumentForm``, checks it). Until 0.1 this was the
  separate setting ``KMP_DOCUMENT_MAX_UPLOAD_SIZE``.
- ``READY_SCORE``: the financing-readiness score (0–100) from which a cooperative is
  listed as ready in the bank CSV (``70``).
- ``REMINDER_INTERVAL_DAYS``: ``send_update_reminders`` reminds a recipient at most once in
  this many days (``7``); never twice on one day whatever the value.
- ``DASHBOARD_TREND_DAYS``: how many days of snapshots the trend charts show (``90``).
- ``DASHBOARD_CACHE_SECONDS``: how long the dashboard's figures are cached (``60``; ``0`` turns the
  cache off). Every change made in the same process invalidates them at once; with several
  worker processes and a per-process cache, other workers show a change within this time.
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
    "PUBLIC_BASE_URL": "",
    "SEARCH_EXAMPLES": ["beras organik", "kopi", "keripik", "madu", "ikan bandeng", "gula aren"],
    "API_ANON_RATE": "120/minute",
    "COUNTER_CACHE": "counters",
    "LOGIN_LOCKOUT": {
        "USERNAME_ADDRESS_FAILURES": 5,
        "USERNAME_ADDRESS_MINUTES": 15,
        "ADDRESS_FAILURES": 100,
        "ADDRESS_MINUTES": 60,
    },
    "API_MAX_AGE": 60,
    "API_PREVIEW_MAX_AGE": 3600,
    "DOCUMENT_MAX_UPLOAD_SIZE": 10 * 1024 * 1024,
    "READY_SCORE": 70,
    "REMINDER_INTERVAL_DAYS": 7,
    "DASHBOARD_TREND_DAYS": 90,
    "DASHBOARD_CACHE_SECONDS": 60,
    "PAGE_MAX_AGE": 10,
    "PAGE_CACHE_SECONDS": 0,
    "PAGE_CACHE_ALIAS": "default",
}


def get(key: str):
    """Return the host's value for ``key``, falling back to the documented default."""
    return {**DEFAULTS, **getattr(settings, "KMP", {})}[key]
