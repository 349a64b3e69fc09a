from django.urls import path

from . import api_schema

app_name = "marketplace_api"

# The DRF views delegate to views.products_api / views.autocomplete_api; they exist so the
# endpoints appear in the OpenAPI schema (see api_schema.py).
urlpatterns = [
    path("products/", api_schema.ProductSearchAPIView.as_view(), name="products"),
    path("autocomplete/", api_schema.AutocompleteAPIView.as_view(), name="autocomplete"),
]
