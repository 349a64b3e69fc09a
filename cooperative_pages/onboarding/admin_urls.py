"""Admin URLs of the officer invitation screens (registered in wagtail_hooks)."""

from django.urls import path

from .views import officer_deactivate_view, officer_index

app_name = "kmp_officers"
urlpatterns = [
    path("", officer_index, name="index"),
    path("<int:pk>/deactivate/", officer_deactivate_view, name="deactivate"),
]
