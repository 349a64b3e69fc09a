"""Response bodies and query parameters of the directory and product API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import GovernanceKind, ProductCategory
from ..page_urls import PageUrlBuilder
from .fields import BusinessUnitSerializer, RegionSerializer
from .selectors import LOGO_SPEC, rendition

# ---------------------------------------------------------------- query parameters

# level: (pattern, help text, message for a malformed code, message for an unknown code)
REGION_PATTERNS = {
    "province": (
        r"^[0-9]{2}$",
        _("Kemendagri province code, e.g. `35`."),
        _("Not a province code; write it like 35."),
        _("Unknown province code: %s."),
    ),
    "regency": (
        r"^[0-9]{2}\.[0-9]{2}$",
        _("Kemendagri regency code, e.g. `35.07`."),
        _("Not a regency code; write it like 35.07."),
        _("Unknown regency code: %s."),
    ),
    "district": (
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$",
        _("Kemendagri district code, e.g. `35.07.12`."),
        _("Not a district code; write it like 35.07.12."),
        _("Unknown district code: %s."),
    ),
    "village": (
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
        _("Kemendagri village code, e.g. `35.07.12.2001`."),
        _("Not a village code; write it like 35.07.12.2001."),
        _("Unknown village code: %s."),
    ),
}


def _region_code_field(level: str) -> serializers.RegexField:
    pattern, help_text, message, _unknown = REGION_PATTERNS[level]
    return serializers.RegexField(
        pattern,
        required=False,
        max_length=13,
        help_text=help_text,
        error_messages={"invalid": message},
    )


class CooperativeFilterSerializer(serializers.Serializer):
    province = _region_code_field("province")
    regency = _region_code_field("regency")
    district = _region_code_field("district")
    village = _region_code_field("village")
    business_unit = serializers.SlugField(
        required=False, max_length=40, help_text=_("Business unit slug, e.g. `gerai-sembako`.")
    )
    q = serializers.CharField(required=False, max_length=100, help_text=_("Words in the cooperative's name."))


class CooperativeDirectoryFilterSerializer(CooperativeFilterSerializer):
    """Directory filters; ``active`` and ``readiness_min`` are answered by the
    ``filter_cooperative_directory`` hook (the dashboard app registers it)."""

    # A ChoiceField, not a BooleanField: DRF reads a missing boolean query parameter as false.
    active = serializers.ChoiceField(
        choices=["true", "false"],
        required=False,
        help_text=_("Only cooperatives with (true) or without (false) a recent approved publication."),
    )
    readiness_min = serializers.IntegerField(
        required=False, min_value=0, max_value=100, help_text=_("Minimum financing-readiness score (0-100).")
    )


class ProductFilterSerializer(CooperativeFilterSerializer):
    cooperative = serializers.IntegerField(
        required=False, min_value=1, max_value=2**53, help_text=_("Only this cooperative's products (its `id`).")
    )
    business_unit = serializers.SlugField(
        required=False, max_length=40, help_text=_("The product's business unit slug.")
    )
    category = serializers.ChoiceField(required=False, choices=ProductCategory.choices)
    available = serializers.BooleanField(required=False, default=None, allow_null=True)
    q = serializers.CharField(required=False, max_length=100, help_text=_("Words in the product's name."))


# ---------------------------------------------------------------- responses


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


def _rendition(rendition, request) -> dict | None:
    if rendition is None:
        return None
    return {"url": request.build_absolute_uri(rendition.url), "width": rendition.width, "height": rendition.height}


class PageUrlMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text=_("The page on the cooperative's microsite."))

    def get_url(self, page) -> str | None:
        page_urls = self.context.get("page_urls")
        if page_urls is None:  # one per response: the context is shared by nested serializers
            page_urls = self.context["page_urls"] = PageUrlBuilder(request=self.context.get("request"))
        return page_urls(page.url_path)


# Plain serializers, not ModelSerializers: those introspect every field and relation of the
# page models on each request, a large part of a listing's time.
class CooperativeSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    registry_id = serializers.CharField()
    name = serializers.CharField(source="title")
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)
    district = RegionSerializer(allow_null=True)
    village = RegionSerializer()
    business_units = BusinessUnitSerializer(many=True, source="business_units.all")
    member_count = serializers.IntegerField(allow_null=True)
    founding_date = serializers.DateField(allow_null=True)
    logo = serializers.SerializerMethodField()
    last_published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_logo(self, cooperative) -> dict | None:
        return _rendition(rendition(cooperative.logo, LOGO_SPEC), self.context["request"])


class ProductSummarySerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    price = serializers.IntegerField(help_text=_("Whole rupiah."))
    unit = serializers.CharField()
    category = serializers.ChoiceField(choices=ProductCategory.choices)
    business_unit = BusinessUnitSerializer(allow_null=True)
    available = serializers.BooleanField()


class NewsSummarySerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField()
    intro = serializers.CharField()


class GovernanceFileSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_title(self, item) -> str:
        return item.title or item.document.title

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(item.document.url)


class GovernanceSummarySerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=GovernanceKind.choices)
    year = serializers.IntegerField(allow_null=True)
    period = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    documents = GovernanceFileSerializer(many=True, source="documents.all")


class CooperativeDetailSerializer(CooperativeSerializer):
    legal_entity_number = serializers.CharField()
    legal_entity_date = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField(help_text=_("The cooperative's public contact number."))
    email = serializers.CharField(help_text=_("The cooperative's public e-mail address, or empty."))
    whatsapp_url = serializers.CharField(help_text=_("Chat link to the public contact number, or empty."))
    chair_name = serializers.CharField(help_text=_("The chair is a public office-holder."))
    product_count = serializers.IntegerField(source="summaries.product_count")
    products = ProductSummarySerializer(many=True, source="summaries.products", help_text=_("The 20 latest products."))
    news = NewsSummarySerializer(many=True, source="summaries.news", help_text=_("The 10 latest news."))
    governance = GovernanceSummarySerializer(many=True, source="summaries.governance")


class CooperativeRefSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="title")
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)


class ProductSerializer(ProductSummarySerializer):
    description = serializers.CharField()
    image = serializers.SerializerMethodField()
    cooperative = CooperativeRefSerializer(allow_null=True)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, product) -> dict | None:
        return _rendition(product.thumbnail, self.context["request"])
