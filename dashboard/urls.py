"""Public URLs of the dashboard: include at ``dashboard/`` (``app_name = "dashboard"``)."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("csv/<slug:table>/", views.dashboard_csv, name="csv"),
    path("kesiapan-pembiayaan/", views.readiness_explained, name="readiness"),
    path("kesiapan-pembiayaan/bank.csv", views.bank_csv, name="bank_csv"),
]
