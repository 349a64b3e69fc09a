"""Response bodies and query parameters of the directory and product API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import CooperativePage, GovernanceKind, ProductCategory, ProductPage
from .fields import BusinessUnitSerializer, RegionSerializer
from .selectors import LOGO_SPEC, THUMBNAIL_SPEC

# ---------------------------------------------------------------- query parameters

REGION_PATTERNS = {
    "province": (r"^[0-9]{2}$", "35", _("Not a province code; write it like 35.")),
    "regency": (r"^[0-9]{2}\.[0-9]{2}$", "35.07", _("Not a regency code; write it like 35.07.")),
    "district": (r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$", "35.07.12", _("Not a district code; write it like 35.07.12.")),
    "village": (
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
        "35.07.12.2001",
        _("Not a village code; write it like 35.07.12.2001."),
    ),
}


def _region_code_field(level: str) -> serializers.RegexField:
    pattern, example, message = REGION_PATTERNS[level]
    return serializers.RegexField(
        pattern,
        required=False,
        max_length=13,
        help_text=f"Kemendagri {level} code, e.g. `{example}`.",
        error_messages={"invalid": message},
    )


class CooperativeFilterSerializer(serializers.Serializer):
    province = _region_code_field("province")
    regency = _region_code_field("regency")
    district = _region_code_field("district")
    village = _region_code_field("village")
    business_unit = serializers.SlugField(
        required=False, max_length=40, help_text="Business unit slug, e.g. `gerai-sembako`."
    )
    q = serializers.CharField(required=False, max_length=100, help_text="Words in the cooperative's name.")


class ProductFilterSerializer(CooperativeFilterSerializer):
    cooperative = serializers.IntegerField(
        required=False, min_value=1, max_value=2**53, help_text="Only this cooperative's products (its `id`)."
    )
    business_unit = serializers.SlugField(required=False, max_length=40, help_text="The product's business unit slug.")
    category = serializers.ChoiceField(required=False, choices=ProductCategory.choices)
    available = serializers.BooleanField(required=False, default=None, allow_null=True)
    q = serializers.CharField(required=False, max_length=100, help_text="Words in the product's name.")


# ---------------------------------------------------------------- responses


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


def _rendition(image, spec: str, request) -> dict | None:
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {"url": request.build_absolute_uri(rendition.url), "width": rendition.width, "height": rendition.height}


class PageUrlMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="The page on the cooperative's microsite.")

    def get_url(self, page) -> str | None:
        return page.get_full_url(self.context.get("request"))


class CooperativeSerializer(PageUrlMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="title")
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)
    district = RegionSerializer(allow_null=True)
    village = RegionSerializer()
    business_units = BusinessUnitSerializer(many=True)
    logo = serializers.SerializerMethodField()

    class Meta:
        model = CooperativePage
        fields = [
            "id",
            "registry_id",
            "name",
            "url",
            "province",
            "regency",
            "district",
            "village",
            "business_units",
            "member_count",
            "founding_date",
            "logo",
            "last_published_at",
        ]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_logo(self, cooperative) -> dict | None:
        return _rendition(cooperative.logo, LOGO_SPEC, self.context["request"])


class ProductSummarySerializer(PageUrlMixin, serializers.ModelSerializer):
    business_unit = BusinessUnitSerializer(allow_null=True)

    class Meta:
        model = ProductPage
        fields = ["id", "title", "url", "price", "unit", "category", "business_unit", "available"]


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
    whatsapp_url = serializers.CharField(help_text="Chat link to the public contact number, or empty.")
    product_count = serializers.IntegerField(source="summaries.product_count")
    products = ProductSummarySerializer(many=True, source="summaries.products", help_text="The 20 latest products.")
    news = NewsSummarySerializer(many=True, source="summaries.news", help_text="The 10 latest news.")
    governance = GovernanceSummarySerializer(many=True, source="summaries.governance")

    class Meta(CooperativeSerializer.Meta):
        fields = CooperativeSerializer.Meta.fields + [
            "legal_entity_number",
            "legal_entity_date",
            "description",
            "address",
            "phone",
            "email",
            "whatsapp_url",
            "chair_name",
            "product_count",
            "products",
            "news",
            "governance",
        ]


class CooperativeRefSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="title")
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)


class ProductSerializer(ProductSummarySerializer):
    image = serializers.SerializerMethodField()
    cooperative = CooperativeRefSerializer(allow_null=True)

    class Meta(ProductSummarySerializer.Meta):
        fields = ProductSummarySerializer.Meta.fields + ["description", "image", "cooperative"]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, product) -> dict | None:
        return _rendition(product.thumbnail_image, THUMBNAIL_SPEC, self.context["request"])
