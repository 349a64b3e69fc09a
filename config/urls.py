from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cooperative_pages import sitemaps
from cooperative_pages.api.problems import api_not_found

urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="kmp_robots_txt"),
    # Browsers and chat apps ask for /favicon.ico whatever the pages name (resolved per request: the
    # static manifest may not exist when the URLs are imported).
    path("favicon.ico", lambda request: redirect(static("cooperative_pages/favicon.ico"), permanent=True)),
    path("sitemap.xml", sitemaps.sitemap_index, name="kmp_sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="kmp_sitemap_section"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/dashboard/", include("dashboard.api_urls")),
    path("dashboard/", include("dashboard.urls")),
    path("api/", include("cooperative_pages.api.urls")),
    path("undangan/", include("cooperative_pages.onboarding.urls")),  # officer invitation links
    path("marketplace/", include("marketplace.urls")),
    path("api/marketplace/", include("marketplace.api_urls")),
    # After every API include: any other /api/ path is a JSON 404, not the site's HTML page.
    re_path(r"^api/", api_not_found),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Development only (config/settings/dev.py): production serves media from the web server or S3.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
