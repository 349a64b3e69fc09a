"""OpenAPI description of the marketplace JSON API.

The search views in ``views.py`` stay plain Django views (validation, rate limit, search);
these thin DRF views only delegate to them so that drf-spectacular puts them, with their
parameters and response shapes, into ``/api/schema/``. The schema tests and the fuzzing
in ``tests/api/`` check that what is written here is what the views answer.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.views import APIView

from cooperative_pages.api import openapi
from cooperative_pages.api.authentication import ApiKeyAuthentication
from cooperative_pages.api.throttling import ApiRateThrottle
from cooperative_pages.models import ProductCategory
from search.query import MAX_PAGE_SIZE, SORTS

from . import views

_ERROR = inline_serializer(
    "MarketplaceError",
    {
        "error": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
    },
)
_RETRY_AFTER = OpenApiParameter(
    "Retry-After", OpenApiTypes.INT, location=OpenApiParameter.HEADER, response=[429], description=_("Seconds to wait.")
)


class _Named(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class _NamedOrNull(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)


class MarketplaceCooperativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField()
    whatsapp = serializers.CharField(allow_null=True)


class MarketplaceProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    price = serializers.IntegerField()
    unit = serializers.CharField()
    category = _Named()
    business_unit = _Named(allow_null=True)
    available = serializers.BooleanField()
    image = serializers.CharField(allow_null=True)
    cooperative = MarketplaceCooperativeSerializer()
    region = inline_serializer("MarketplaceRegion", {"province": _NamedOrNull(), "regency": _NamedOrNull()})
    published_at = serializers.DateTimeField(allow_null=True)


class FacetBucketSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class MarketplaceFallbackSerializer(serializers.Serializer):
    words = serializers.ListField(child=serializers.CharField())
    match = serializers.ChoiceField(choices=["all", "any"])


_CORRECTED_QUERY = serializers.CharField(
    allow_null=True, help_text=_('The query with its misspelt words corrected ("Did you mean"), or null.')
)
_FALLBACK = MarketplaceFallbackSerializer(
    allow_null=True,
    help_text=_(
        "When the words as typed found nothing: the words the results were found for "
        "(every one, or at least one with match=any), or null."
    ),
)


class MarketplaceSearchSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    degraded = serializers.BooleanField(help_text=_("True when the search engine was down and the database answered."))
    results = MarketplaceProductSerializer(many=True)
    facets = serializers.DictField(child=FacetBucketSerializer(many=True))
    corrected_query = _CORRECTED_QUERY
    fallback = _FALLBACK


class MarketplaceSearchParameters(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text=_("Words to search for."))
    province = serializers.RegexField(r"^\d{2}$", required=False, help_text=_("Province code, e.g. `35`."))
    regency = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False, help_text=_("Regency code, e.g. `35.07`."))
    category = serializers.ChoiceField(choices=ProductCategory.choices, required=False)
    business_unit = serializers.SlugField(required=False, max_length=40)
    price_min = serializers.IntegerField(required=False, min_value=0)
    price_max = serializers.IntegerField(required=False, min_value=0)
    available = serializers.ChoiceField(choices=["true", "false", "1", "0"], required=False)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)


class ProductSearchAPIView(APIView):
    # The rest of the API's partner keys and rate limit; views.products_api validates and answers.
    authentication_classes = [ApiKeyAuthentication]
    throttle_classes = [ApiRateThrottle]

    @extend_schema(
        summary=_("Marketplace search"),
        description=_(
            "Full-text search over every live product with facet counts (category, province, regency, "
            "business unit). Results can be paged up to the 10,000th."
        ),
        parameters=[MarketplaceSearchParameters, _RETRY_AFTER],
        responses={200: MarketplaceSearchSerializer, 400: _ERROR, 401: openapi.UNAUTHORIZED, 429: openapi.THROTTLED},
        tags=["marketplace"],
    )
    def get(self, request):
        return views.products_api(request._request)


class AutocompleteAPIView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    throttle_classes = [ApiRateThrottle]

    @extend_schema(
        summary=_("Marketplace autocomplete"),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description=_("What was typed (1–100 characters).")),
            _RETRY_AFTER,
        ],
        responses={
            200: inline_serializer(
                "MarketplaceAutocomplete",
                {
                    "q": serializers.CharField(),
                    "suggestions": serializers.ListField(child=serializers.CharField()),
                    "degraded": serializers.BooleanField(),
                    "corrected_query": _CORRECTED_QUERY,
                    "fallback": _FALLBACK,
                },
            ),
            400: _ERROR,
            401: openapi.UNAUTHORIZED,
            429: openapi.THROTTLED,
        },
        tags=["marketplace"],
    )
    def get(self, request):
        return views.autocomplete_api(request._request)
