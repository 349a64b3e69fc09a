"""Response bodies of the directory, products, news and governance API.

The declared fields describe each body in ``/api/schema/``; ``to_representation`` builds it
directly (DRF's per-field machinery is a large part of a listing's time). The crawl of
``tests/api/test_openapi_responses.py`` validates every real answer against the schema.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from ..page_urls import PageUrlBuilder, absolute_url
from .fields import BusinessUnitSerializer, CodedSerializer, RegionSerializer
from .images import LOGO_RENDITIONS, PHOTO_RENDITIONS, ImageSerializer, image_json

_DATETIME = serializers.DateTimeField()  # ISO 8601 in the site's time zone (Asia/Jakarta)


def _datetime(value) -> str | None:
    return _DATETIME.to_representation(value) if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


class PageSerializer(serializers.Serializer):
    """What every page carries: id, slug, path (for a frontend's routes) and the public URL."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    path = serializers.CharField(
        allow_null=True, help_text=_("The page's path on the site, e.g. `/jawa-timur/…/`; for routing.")
    )
    url = serializers.URLField(allow_null=True, help_text=_("The page on the cooperative's microsite (absolute)."))

    def urls(self) -> PageUrlBuilder:
        """One builder per response: the context is shared by nested serializers."""
        builder = self.context.get("page_urls")
        if builder is None:
            builder = self.context["page_urls"] = PageUrlBuilder(request=self.context.get("request"))
        return builder

    def page_fields(self, page) -> dict:
        urls = self.urls()
        return {"id": page.id, "slug": page.slug, "path": urls.path(page.url_path), "url": urls(page.url_path)}


class CooperativeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField()
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)


def cooperative_ref(cooperative, urls: PageUrlBuilder) -> dict | None:
    if cooperative is None:
        return None
    region = RegionSerializer()
    return {
        "id": cooperative.id,
        "name": cooperative.title,
        "url": urls(cooperative.url_path),
        "province": region.to_representation(cooperative.province) if cooperative.province else None,
        "regency": region.to_representation(cooperative.regency) if cooperative.regency else None,
    }


# ---------------------------------------------------------------- readiness


class ReadinessItemSerializer(CodedSerializer):
    met = serializers.BooleanField()
    points = serializers.IntegerField(help_text=_("Points this item adds to the score when met."))
    evidence_url = serializers.URLField(allow_null=True, help_text=_("The public page that shows it, when met."))


class ReadinessSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    ready = serializers.BooleanField(help_text=_("The score reaches `ready_score`: ready to apply for financing."))
    ready_score = serializers.IntegerField()
    checklist = ReadinessItemSerializer(many=True)


# ---------------------------------------------------------------- cooperatives


class CooperativeSerializer(PageSerializer):
    registry_id = serializers.CharField()
    name = serializers.CharField()
    province = RegionSerializer(allow_null=True)
    regency = RegionSerializer(allow_null=True)
    district = RegionSerializer(allow_null=True)
    village = RegionSerializer()
    business_units = BusinessUnitSerializer(many=True)
    member_count = serializers.IntegerField(allow_null=True)
    founding_date = serializers.DateField(allow_null=True)
    logo = ImageSerializer(allow_null=True)
    active = serializers.BooleanField(
        allow_null=True, help_text=_("An approved publication within the activity window, as of this answer.")
    )
    active_until = serializers.DateTimeField(
        allow_null=True, help_text=_("When `active` turns false unless the cooperative publishes again.")
    )
    last_approved_publication_at = serializers.DateTimeField(allow_null=True)
    readiness = ReadinessSerializer(allow_null=True, help_text=_("Financing readiness: the evidence banks ask for."))
    last_published_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, cooperative) -> dict:
        region = RegionSerializer()
        activity = getattr(cooperative, "activity_summary", None) or {}
        return {
            **self.page_fields(cooperative),
            "registry_id": cooperative.registry_id,
            "name": cooperative.title,
            **{
                level: region.to_representation(getattr(cooperative, level)) if getattr(cooperative, level) else None
                for level in ("province", "regency", "district")
            },
            "village": region.to_representation(cooperative.village),
            "business_units": [{"code": unit.slug, "name": unit.name} for unit in cooperative.business_units.all()],
            "member_count": cooperative.member_count,
            "founding_date": _date(cooperative.founding_date),
            "logo": image_json(cooperative.logo, specs=LOGO_RENDITIONS, alt=cooperative.title),
            "active": activity.get("active"),
            "active_until": _datetime(activity.get("active_until")),
            "last_approved_publication_at": _datetime(activity.get("last_approved_publication_at")),
            "readiness": activity.get("readiness"),
            "last_published_at": _datetime(cooperative.last_published_at),
        }


class ProductSummarySerializer(PageSerializer):
    title = serializers.CharField()
    price = serializers.IntegerField(help_text=_("Whole rupiah."))
    unit = serializers.CharField()
    category = CodedSerializer()
    business_unit = BusinessUnitSerializer(allow_null=True)
    available = serializers.BooleanField()

    def to_representation(self, product) -> dict:
        unit = product.business_unit
        return {
            **self.page_fields(product),
            "title": product.title,
            "price": product.price,
            "unit": product.unit,
            "category": {"code": product.category, "name": _category_name(product.category)},
            "business_unit": {"code": unit.slug, "name": unit.name} if unit else None,
            "available": product.available,
        }


def _category_name(code: str) -> str:
    from ..models import ProductCategory

    return str(dict(ProductCategory.choices).get(code, code))


class NewsSummarySerializer(PageSerializer):
    title = serializers.CharField()
    date = serializers.DateField()
    intro = serializers.CharField()

    def to_representation(self, news) -> dict:
        return {**self.page_fields(news), "title": news.title, "date": _date(news.date), "intro": news.intro}


class DocumentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    size = serializers.IntegerField(allow_null=True, help_text=_("Bytes."))


class GovernanceSummarySerializer(PageSerializer):
    title = serializers.CharField()
    kind = CodedSerializer()
    year = serializers.IntegerField(allow_null=True)
    period = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    documents = DocumentSerializer(many=True)

    def to_representation(self, page) -> dict:
        return {
            **self.page_fields(page),
            "title": page.title,
            "kind": {"code": page.kind, "name": str(page.get_kind_display())},
            "year": page.year,
            "period": page.period,
            "date": _date(page.date),
            "documents": [
                {
                    "title": item.title or item.document.title,
                    "url": absolute_url(item.document.url),
                    "size": item.document.file_size,
                }
                for item in page.documents.all()
            ],
        }


class CooperativeDetailSerializer(CooperativeSerializer):
    legal_entity_number = serializers.CharField()
    legal_entity_date = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField(help_text=_("The cooperative's public contact number."))
    email = serializers.CharField(help_text=_("The cooperative's public e-mail address, or empty."))
    whatsapp_url = serializers.CharField(help_text=_("Chat link to the public contact number, or empty."))
    chair_name = serializers.CharField(help_text=_("The chair is a public office-holder."))
    product_count = serializers.IntegerField()
    products = ProductSummarySerializer(many=True, help_text=_("The 20 latest products."))
    news = NewsSummarySerializer(many=True, help_text=_("The 10 latest news."))
    governance = GovernanceSummarySerializer(many=True)

    def to_representation(self, cooperative) -> dict:
        summaries = cooperative.summaries
        context = {"context": self.context}
        return {
            **super().to_representation(cooperative),
            "legal_entity_number": cooperative.legal_entity_number,
            "legal_entity_date": _date(cooperative.legal_entity_date),
            "description": cooperative.description,
            "address": cooperative.address,
            "phone": cooperative.phone,
            "email": cooperative.email,
            "whatsapp_url": cooperative.whatsapp_url,
            "chair_name": cooperative.chair_name,
            "product_count": summaries.product_count,
            "products": [ProductSummarySerializer(**context).to_representation(p) for p in summaries.products],
            "news": [NewsSummarySerializer(**context).to_representation(n) for n in summaries.news],
            "governance": [GovernanceSummarySerializer(**context).to_representation(g) for g in summaries.governance],
        }


# ---------------------------------------------------------------- products, news, governance


def _in_cooperative(page, urls: PageUrlBuilder) -> dict:
    return {
        "cooperative": cooperative_ref(page.cooperative, urls),
        "first_published_at": _datetime(page.first_published_at),
        "last_published_at": _datetime(page.last_published_at),
    }


# A listed page's cooperative and publication times, after the page's own fields: a second base
# (``class NewsSerializer(NewsSummarySerializer, InCooperativeSerializer)``), as DRF lists the first
# base's fields first. No docstring: the schema would describe news and governance bodies with it.
class InCooperativeSerializer(PageSerializer):
    cooperative = CooperativeRefSerializer()
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)


class ProductSerializer(ProductSummarySerializer):
    # Not through InCooperativeSerializer: its fields would come before description and image.
    description = serializers.CharField()
    image = ImageSerializer(allow_null=True, help_text=_("The first photo."))
    cooperative = CooperativeRefSerializer()
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, product) -> dict:
        return {
            **super().to_representation(product),
            "description": product.description,
            "image": image_json(product.image, specs=PHOTO_RENDITIONS, alt=product.title),
            **_in_cooperative(product, self.urls()),
        }


class ProductDetailSerializer(ProductSerializer):
    images = ImageSerializer(many=True, help_text=_("Every photo, in order."))
    tags = serializers.ListField(child=serializers.CharField())

    def to_representation(self, product) -> dict:
        return {
            **super().to_representation(product),
            "images": [
                image_json(image, specs=PHOTO_RENDITIONS, alt=caption or product.title)
                for image, caption in product.images
            ],
            "tags": sorted(product.tags),
        }


class NewsSerializer(NewsSummarySerializer, InCooperativeSerializer):
    def to_representation(self, news) -> dict:
        return {**super().to_representation(news), **_in_cooperative(news, self.urls())}


class NewsBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paragraph", "image", "quote"])
    html = serializers.CharField(required=False, help_text=_("`paragraph`: HTML."))
    text = serializers.CharField(required=False, help_text=_("`quote`: plain text."))
    image = ImageSerializer(required=False, help_text=_("`image`."))


class NewsDetailSerializer(NewsSerializer):
    body = NewsBlockSerializer(many=True)
    tags = serializers.ListField(child=serializers.CharField())

    def to_representation(self, news) -> dict:
        return {
            **super().to_representation(news),
            "body": [_news_block(block) for block in news.body],
            "tags": sorted(tag.name for tag in news.tags.all()),
        }


def _news_block(block) -> dict:
    if block.block_type == "image":
        image = block.value
        alt = getattr(image, "contextual_alt_text", None) or image.default_alt_text
        return {"type": "image", "image": image_json(image, specs=PHOTO_RENDITIONS, alt=alt)}
    if block.block_type == "quote":
        return {"type": "quote", "text": str(block.value)}
    return {"type": "paragraph", "html": expand_db_html(block.value.source)}


class GovernanceSerializer(GovernanceSummarySerializer, InCooperativeSerializer):
    def to_representation(self, page) -> dict:
        return {**super().to_representation(page), **_in_cooperative(page, self.urls())}


class GovernanceDetailSerializer(GovernanceSerializer):
    body = serializers.CharField(help_text=_("HTML."))

    def to_representation(self, page) -> dict:
        return {**super().to_representation(page), "body": expand_db_html(page.body)}


# ---------------------------------------------------------------- the change feed


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["cooperative", "product", "news", "governance"])
    id = serializers.IntegerField()
    action = serializers.ChoiceField(
        choices=["created", "updated", "unpublished", "private", "deleted"],
        help_text=_("`created`/`updated`: fetch `url`; the others: remove the object."),
    )
    at = serializers.DateTimeField()
    url = serializers.URLField(help_text=_("The object's detail in this API."))


class ChangesSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(help_text=_("Give it as `cursor` to continue."))
    has_more = serializers.BooleanField(help_text=_("More entries wait: ask again at once."))


# ---------------------------------------------------------------- open data


class OpenDataFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("e.g. `products.csv.gz`, `datapackage.json` (the schema)."))
    url = serializers.URLField(help_text=_("Stable: always the current export's file."))
    bytes = serializers.IntegerField()
    sha256 = serializers.CharField(help_text=_("Also the file's ETag."))
    rows = serializers.IntegerField(allow_null=True)


class OpenDataSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    cursor = serializers.CharField(help_text=_("The change feed's position when the export began."))
    files = OpenDataFileSerializer(many=True)
