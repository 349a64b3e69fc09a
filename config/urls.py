from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cooperative_pages.api.problems import api_not_found

urlpatterns = [
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
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
