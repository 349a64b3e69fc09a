"""Mount at ``api/dashboard/``: ``path("api/dashboard/", include("dashboard.api_urls"))``."""

from django.urls import path

from .api import DashboardAPIView

urlpatterns = [path("", DashboardAPIView.as_view(), name="dashboard-api")]
