"""Mount under ``api/``: ``path("api/", include("cooperative_pages.api.urls"))``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import problems, views
from .v2 import router as wagtail_router

try:
    from csp.decorators import csp_update
except ImportError:  # the host sends no Content-Security-Policy

    def csp_update(config: dict):
        return lambda view: view


# The docs pages' own inline <style> blocks, Swagger UI's and Redoc's injected styles, Redoc's
# blob: worker; scripts stay 'self' (the split Swagger view serves its start-up script as a file).
_docs_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

# drf-spectacular's page without the Google Fonts it links (blocked by the policy; a third party).
REDOC_TEMPLATE = "cooperative_pages/api/redoc.html"

router = SimpleRouter(trailing_slash=True)
router.register("cooperatives", views.CooperativeViewSet, basename="cooperative")
router.register("products", views.ProductViewSet, basename="product")
router.register("news", views.NewsViewSet, basename="news")
router.register("governance", views.GovernanceViewSet, basename="governance")

urlpatterns = [
    path("v2/", wagtail_router.urls),
    path("schema/", SpectacularAPIView.as_view(), name="kmp-api-schema"),
    path("docs/", _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="kmp-api-schema")), name="kmp-api-docs"),
    path(
        "redoc/",
        _docs_csp(SpectacularRedocView.as_view(url_name="kmp-api-schema", template_name=REDOC_TEMPLATE)),
        name="kmp-api-redoc",
    ),
    path("problems/<slug:slug>/", problems.problem_type_view, name="kmp-api-problem"),
    path("changes/", views.ChangesAPIView.as_view(), name="kmp-api-changes"),
    path("open-data/", views.OpenDataAPIView.as_view(), name="kmp-api-open-data"),
    path("open-data/<str:name>", views.open_data_file, name="kmp-api-open-data-file"),
    path("", include(router.urls)),
]
