"""The marketplace API, defined once: what a search may ask (validated by the API and by the
storefront page alike) and what it answers (the JSON body and its OpenAPI description)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cooperative_pages.api.fields import CodedSerializer, RegionSerializer
from cooperative_pages.api.images import PHOTO_RENDITIONS, ImageSerializer, image_json
from cooperative_pages.api.parameters import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    NullBooleanQueryField,
    QueryParameters,
    TextQueryField,
    counting_field,
    pattern_field,
)
from cooperative_pages.models import ProductCategory
from cooperative_pages.models.product import MAX_PRICE_RUPIAH
from cooperative_pages.page_urls import absolute_url
from search.query import MAX_RESULT_WINDOW, SORTS, ProductQuery, Recall, SearchResults

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("price", _("Lowest price")),
    ("-price", _("Highest price")),
    ("newest", _("Newest")),
]
assert [value for value, _label in SORT_CHOICES] == list(SORTS)  # noqa: S101 - the backends' sorts


# ---------------------------------------------------------------- what a search may ask


class ProductSearchParameters(QueryParameters):
    """Every parameter optional, every one checked. Context (the storefront page):
    ``default_page_size`` (its grid shows 24) and ``explain_empty_ranges`` (a person who typed
    a maximum price below the minimum, or a regency outside the province, is told so)."""

    q = TextQueryField(
        required=False, allow_blank=True, max_length=200, help_text=_("Words to search for (Indonesian word forms).")
    )
    province = pattern_field(
        r"^\d{2}$",
        help_text=_("Kemendagri province code, e.g. `35`."),
        invalid=_("Use a two-digit Kemendagri province code, e.g. 35."),
    )
    regency = pattern_field(
        r"^\d{2}\.\d{2}$",
        help_text=_("Kemendagri regency code, e.g. `35.07`; must lie in `province` when both are given."),
        invalid=_("Use a Kemendagri regency code, e.g. 35.07."),
    )
    category = serializers.ChoiceField(choices=ProductCategory.choices, required=False)
    business_unit = serializers.SlugField(
        required=False, max_length=40, help_text=_("Business unit code, e.g. `gerai-sembako`.")
    )
    price_min = serializers.IntegerField(required=False, min_value=0, max_value=MAX_PRICE_RUPIAH)
    price_max = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_PRICE_RUPIAH, help_text=_("Below `price_min`: nothing matches.")
    )
    available = NullBooleanQueryField(help_text=_("Only products in stock (true) or out of stock (false)."))
    sort = serializers.ChoiceField(
        choices=SORT_CHOICES, required=False, help_text=_("`relevance` (the default; newest without words).")
    )
    page = counting_field(
        max_value=MAX_RESULT_WINDOW,
        help_text=_("Page number, from 1. Paging reaches the 10,000th result; pages past it or the last are empty."),
    )
    page_size = counting_field(max_value=MAX_PAGE_SIZE, help_text=_("Results per page (20 by default)."))

    def validate(self, data: dict) -> dict:
        errors = {}
        price_min, price_max = data.get("price_min"), data.get("price_max")
        # The API: an inverted price range, a regency outside the province are valid and match
        # nothing; a person typing them on the storefront page gets told.
        inverted = price_min is not None and price_max is not None and price_min > price_max
        if inverted and self.context.get("explain_empty_ranges"):
            errors["price_max"] = [_("The maximum price is below the minimum price.")]
        province, regency = data.get("province"), data.get("regency")
        elsewhere = province and regency and not regency.startswith(province + ".")
        if elsewhere and self.context.get("explain_empty_ranges"):
            errors["regency"] = [_("This regency is not in the chosen province.")]
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def _page_size(self, data: dict) -> int:
        return data.get("page_size") or self.context.get("default_page_size", DEFAULT_PAGE_SIZE)

    def to_query(self) -> ProductQuery:
        data = self.validated_data
        return ProductQuery(
            text=data.get("q") or "",
            province=data.get("province") or "",
            regency=data.get("regency") or "",
            category=data.get("category") or "",
            business_unit=data.get("business_unit") or "",
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            available=data.get("available"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=self._page_size(data),
        )


class AutocompleteParameters(QueryParameters):
    q = TextQueryField(min_length=1, max_length=100, help_text=_("What was typed (1–100 characters)."))


# ---------------------------------------------------------------- what it answers


class MarketplaceCooperativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField(help_text=_("The cooperative's microsite."))
    whatsapp_url = serializers.CharField(
        allow_null=True, help_text=_("Chat link with a prefilled order for this product, or null.")
    )
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)

    def to_representation(self, result) -> dict:
        return {
            "id": result.cooperative_id,
            "name": result.cooperative_name,
            "url": absolute_url(result.cooperative_url),
            "whatsapp_url": result.whatsapp_url or None,
            "province": _region(result.province_code, result.province_name, "province"),
            "regency": _region(result.regency_code, result.regency_name, "regency"),
        }


def _region(code: str, name: str, level: str) -> dict | None:
    return {"code": code, "name": name, "level": level} if code else None


class MarketplaceProductSerializer(serializers.Serializer):
    """One search result (a ``search.query.ProductResult``); the same concepts in the same
    shapes as ``/api/products/``."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(help_text=_("The product's page."))
    price = serializers.IntegerField(help_text=_("Whole rupiah."))
    unit = serializers.CharField()
    category = CodedSerializer()
    business_unit = CodedSerializer(allow_null=True)
    available = serializers.BooleanField()
    image = ImageSerializer(allow_null=True)
    cooperative = MarketplaceCooperativeSerializer()
    published_at = serializers.DateTimeField(allow_null=True, help_text=_("First publication (Asia/Jakarta)."))

    def to_representation(self, result) -> dict:
        published = self.fields["published_at"]
        return {
            "id": result.id,
            "title": result.title,
            "url": absolute_url(result.url),
            "price": result.price,
            "unit": result.unit,
            "category": {"code": result.category, "name": result.category_name},
            "business_unit": (
                {"code": result.business_unit, "name": result.business_unit_name} if result.business_unit else None
            ),
            "available": result.available,
            "image": image_json(result.image, specs=PHOTO_RENDITIONS, alt=result.title),
            "cooperative": self.fields["cooperative"].to_representation(result),
            "published_at": published.to_representation(result.published_at) if result.published_at else None,
        }


class FacetBucketSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    province = FacetBucketSerializer(many=True)
    regency = FacetBucketSerializer(many=True)
    category = FacetBucketSerializer(many=True)
    business_unit = FacetBucketSerializer(many=True)
    available = FacetBucketSerializer(many=True, help_text=_("Codes `true` and `false`."))

    def to_representation(self, facets: dict) -> dict:
        return {
            name: [{"code": bucket.key, "name": bucket.label, "count": bucket.count} for bucket in facets.get(name, [])]
            for name in self.fields
        }


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


def recall_json(recall: Recall | None) -> dict:
    """What the results were found for when the words as typed found nothing (``search/recall.py``)."""
    if recall is None:
        return {"corrected_query": None, "fallback": None}
    return {
        "corrected_query": recall.corrected_query or None,
        "fallback": {"words": list(recall.words), "match": "any" if recall.match_any else "all"},
    }


class ProductSearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Matching products (all pages)."))
    page = serializers.IntegerField(source="query.page")
    page_size = serializers.IntegerField(source="query.page_size")
    num_pages = serializers.IntegerField(help_text=_("Pages reachable (at most 10,000 results)."))
    degraded = serializers.BooleanField(help_text=_("True when the search engine was down and the database answered."))
    results = MarketplaceProductSerializer(many=True)
    facets = FacetsSerializer()
    corrected_query = _CORRECTED_QUERY
    fallback = _FALLBACK

    def to_representation(self, results: SearchResults) -> dict:
        return {**super().to_representation(results), **recall_json(results.recall)}


class AutocompleteSerializer(serializers.Serializer):
    q = serializers.CharField()
    suggestions = serializers.ListField(child=serializers.CharField())
    degraded = serializers.BooleanField()
    corrected_query = _CORRECTED_QUERY
    fallback = _FALLBACK

    def to_representation(self, answer: dict) -> dict:
        keys = ("q", "suggestions", "degraded")
        return {**{key: answer[key] for key in keys}, **recall_json(answer["recall"])}
