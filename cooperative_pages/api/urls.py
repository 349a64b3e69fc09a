"""Mount under ``api/``: ``path("api/", include("cooperative_pages.api.urls"))``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import views
from .v2 import router as wagtail_router

router = SimpleRouter(trailing_slash=True)
router.register("cooperatives", views.CooperativeViewSet, basename="cooperative")
router.register("products", views.ProductViewSet, basename="product")

urlpatterns = [
    path("v2/", wagtail_router.urls),
    path("schema/", SpectacularAPIView.as_view(), name="kmp-api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="kmp-api-schema"), name="kmp-api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="kmp-api-schema"), name="kmp-api-redoc"),
    path("", include(router.urls)),
]
