"""``/api/marketplace/``: search with facets and autocomplete, described by ``serializers``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cooperative_pages.api.images import PHOTO_RENDITIONS
from cooperative_pages.api.parameters import validated_parameters
from search.selectors import product_autocomplete, product_search

from .serializers import (
    AutocompleteParameters,
    AutocompleteSerializer,
    ProductSearchParameters,
    ProductSearchResultsSerializer,
)
from .views import fresh_unless_degraded


class ProductSearchAPIView(APIView):
    @extend_schema(
        operation_id="marketplace_products",
        summary=_("Marketplace search"),
        description=_(
            "Full-text search over every live product with facet counts (province, regency, category, "
            "business unit, availability). Results can be paged up to the 10,000th."
        ),
        parameters=[ProductSearchParameters],
        responses={200: ProductSearchResultsSerializer},
        tags=["marketplace"],
    )
    def get(self, request: Request) -> Response:
        parameters = ProductSearchParameters(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        results = product_search(query=parameters.to_query(), extra_image_specs=tuple(PHOTO_RENDITIONS.values()))
        return fresh_unless_degraded(Response(ProductSearchResultsSerializer(results).data), degraded=results.degraded)


class AutocompleteAPIView(APIView):
    @extend_schema(
        operation_id="marketplace_autocomplete",
        summary=_("Marketplace autocomplete"),
        description=_("Titles of live products with a word starting with what was typed."),
        parameters=[AutocompleteParameters],
        responses={200: AutocompleteSerializer},
        tags=["marketplace"],
    )
    def get(self, request: Request) -> Response:
        text = validated_parameters(AutocompleteParameters, request.query_params)["q"]
        suggestions, recall, degraded = product_autocomplete(text=text)
        answer = {"q": text, "suggestions": suggestions, "degraded": degraded, "recall": recall}
        return fresh_unless_degraded(Response(AutocompleteSerializer(answer).data), degraded=degraded)
