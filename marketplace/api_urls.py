from django.urls import path

from . import views

app_name = "marketplace_api"

urlpatterns = [
    path("products/", views.products_api, name="products"),
    path("autocomplete/", views.autocomplete_api, name="autocomplete"),
]
