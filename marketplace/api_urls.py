from django.urls import path

from . import api

app_name = "marketplace_api"

urlpatterns = [
    path("products/", api.ProductSearchAPIView.as_view(), name="products"),
    path("autocomplete/", api.AutocompleteAPIView.as_view(), name="autocomplete"),
]
