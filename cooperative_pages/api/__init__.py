"""The headless API of the cooperative microsites: Wagtail's API v2 for every public page
type, the cooperative directory and product listing (DRF, OpenAPI 3), partner API keys,
caching headers, rate limits and headless preview.

A host project adds ``cooperative_pages.api`` to ``INSTALLED_APPS`` and includes
``cooperative_pages.api.urls`` under ``api/``.
"""
