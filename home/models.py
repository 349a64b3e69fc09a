"""The reference site's national portal page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from cooperative_pages.models.mixins import PublicPageMixin


class HomePage(PublicPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = ["cooperative_pages.ProvincePage"]
    max_count = 1
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_products", label=_("Featured products"), max_num=8),
    ]

    class Meta:
        verbose_name = _("national portal")

    def public_context(self, *, request, identity) -> dict:
        from .selectors import portal_context

        return portal_context(page=self, request=request)

    def page_meta(self, *, identity, context):
        from .seo import portal_meta

        return portal_meta(page=self, identity=identity, context=context)


class HomePageFeaturedProduct(Orderable):
    """A product the national admin puts on the portal's front page (shown while it is live)."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey(
        "cooperative_pages.ProductPage", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")
