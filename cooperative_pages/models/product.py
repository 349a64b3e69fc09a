"""Products a cooperative sells; gathered nationally by the marketplace."""

from django import forms
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..api.fields import BusinessUnitSerializer
from ..panels import PhotoInlinePanel
from ..rupiah import MAX_PRICE_RUPIAH
from ..widgets import PhotoUploadWidget
from .content import CooperativeContentPage
from .page_forms import ProductPageForm
from .taxonomy import ProductCategory

__all__ = ["MAX_PRICE_RUPIAH", "ProductPage", "ProductPageImage", "ProductPageTag"]

STOCK_CHOICES = [(True, _("In stock")), (False, _("Sold out"))]


class ProductPageTag(TaggedItemBase):
    content_object = ParentalKey("cooperative_pages.ProductPage", related_name="tagged_items", on_delete=models.CASCADE)


class ProductPage(CooperativeContentPage):
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveBigIntegerField(
        _("price (Rp)"), validators=[MaxValueValidator(MAX_PRICE_RUPIAH)], help_text=_("Whole rupiah, e.g. 15000")
    )
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. kg, liter, pack, piece"))
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices, db_index=True)
    business_unit = models.ForeignKey(
        "cooperative_pages.BusinessUnit",
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    available = models.BooleanField(_("available"), default=True)
    tags = ClusterTaggableManager(through=ProductPageTag, blank=True)

    parent_page_types = ["cooperative_pages.ProductIndexPage"]
    base_form_class = ProductPageForm

    # One screen an officer fills on a phone, photo first; the URL follows the name
    # (ProductPageForm), so there is no promote or settings tab to visit.
    content_panels = [
        PhotoInlinePanel("gallery_images", heading=_("Product photo"), label=_("Photo"), max_num=8),
        FieldPanel(
            "title", heading=_("Product name"), help_text=_("As buyers will see it, e.g. Keripik Tempe 200 gram")
        ),
        FieldPanel("price", heading=_("Price")),
        FieldPanel("unit", heading=_("Unit"), help_text=_("For example kg, pack of 200 grams, piece")),
        FieldPanel("available", heading=_("Stock"), widget=forms.RadioSelect(choices=STOCK_CHOICES)),
        FieldPanel("category", heading=_("Category")),
        FieldPanel("description", heading=_("Description (optional)")),
        MultiFieldPanel(
            [FieldPanel("business_unit"), FieldPanel("tags")],
            heading=_("More details (optional)"),
            classname="collapsed",
        ),
    ]
    promote_panels: list = []
    settings_panels: list = []

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("category"),
        index.FilterField("price"),
        index.FilterField("available"),
        index.FilterField("business_unit_id"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("description"),
        APIField("price"),
        APIField("unit"),
        APIField("category"),
        APIField("business_unit", serializer=BusinessUnitSerializer(allow_null=True)),
        APIField("available"),
        APIField("tags"),
        APIField("gallery_images"),
    ]

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def public_context(self, *, request, identity) -> dict:
        from .. import whatsapp
        from ..selectors import PRODUCT_PHOTO_SPECS, photo, product_gallery
        from ..seo import OG_IMAGE_SPEC

        cooperative = identity.cooperative
        gallery = product_gallery(product=self, filter_specs=[PRODUCT_PHOTO_SPECS, OG_IMAGE_SPEC])
        return {
            "cooperative": cooperative,
            "gallery": gallery,
            "photos": [
                {"photo": photo(item.image, PRODUCT_PHOTO_SPECS), "alt": item.caption or self.title} for item in gallery
            ],
            "tags": list(self.tags.all()),
            "order_url": whatsapp.chat_url(
                phone=cooperative.phone if cooperative else "",
                text=whatsapp.order_message(product=self.title, cooperative=cooperative.title if cooperative else ""),
            ),
        }

    def page_meta(self, *, identity, context):
        from ..seo import OG_IMAGE_SPEC, product_meta

        gallery = context["gallery"]
        photo = gallery[0].image.get_rendition(OG_IMAGE_SPEC) if gallery else None
        return product_meta(page=self, identity=identity, photo=photo, tags=context["tags"])


class ProductPageImage(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image", widget=PhotoUploadWidget), FieldPanel("caption")]
    api_fields = [
        APIField("image"),
        APIField("caption"),
        APIField("thumbnail", serializer=ImageRenditionField("fill-480x360|format-webp", source="image")),
    ]
