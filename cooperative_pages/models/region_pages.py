"""Region levels of the page tree: portal -> province -> regency -> cooperative.

A facilitator's scope is one of these pages (or the cooperatives of a district),
which keeps permission queries small however many cooperatives exist.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.models import Page

from ..api.fields import RegionSerializer
from .mixins import PublicPageMixin, StructuralPageMixin

COOPERATIVES_PER_PAGE = 50


class RegionPage(PublicPageMixin, StructuralPageMixin, Page):
    """Abstract base: a public page listing what lies below one region, with figures."""

    region = models.OneToOneField(
        "cooperative_pages.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )

    # Wagtail does not inherit ``is_creatable``: each region type repeats it.
    content_panels = Page.content_panels
    api_fields = [APIField("region", serializer=RegionSerializer())]

    class Meta:
        abstract = True

    def listing(self, request) -> tuple[list[Page], dict]:
        """This page's children on the requested page of the listing, and paging context."""
        raise NotImplementedError

    def public_context(self, *, request, identity) -> dict:
        from ..public import region_listing_context

        children, paging = self.listing(request)
        context = region_listing_context(page=self, request=request, children=children, region_code=self.region_id)
        context.update(paging)
        return context

    def page_meta(self, *, identity, context):
        from ..seo import section_meta

        totals = context.get("totals", {})
        summary = gettext("Village cooperatives in %(region)s") % {"region": self.title}
        if totals.get("registered") is not None:
            summary += ": " + gettext("%(registered)s cooperatives, %(active)s active.") % {
                "registered": totals["registered"],
                "active": totals.get("active", 0),
            }
        return section_meta(page=self, identity=identity, summary=summary)


class ProvincePage(RegionPage):
    is_creatable = False  # created by services when the first cooperative of a region arrives
    parent_page_types: list[str] = []  # set from KMP["PORTAL_PAGE_TYPES"] in AppConfig.ready
    subpage_types = ["cooperative_pages.RegencyPage"]
    template = "cooperative_pages/region_page.html"

    class Meta:
        verbose_name = _("province page")
        verbose_name_plural = _("province pages")

    def listing(self, request):
        from ..selectors import region_page_children

        return list(region_page_children(page=self, model=RegencyPage)), {"child_level": "regency"}


class RegencyPage(RegionPage):
    is_creatable = False  # created by services when the first cooperative of a region arrives
    parent_page_types = ["cooperative_pages.ProvincePage"]
    subpage_types = ["cooperative_pages.CooperativePage"]
    template = "cooperative_pages/region_page.html"

    class Meta:
        verbose_name = _("regency page")
        verbose_name_plural = _("regency pages")

    def listing(self, request):
        from ..selectors import region_page_children
        from .cooperative import CooperativePage

        children = region_page_children(page=self, model=CooperativePage).select_related("village", "district")
        listing_page = Paginator(children, COOPERATIVES_PER_PAGE).get_page(request.GET.get("page"))
        return list(listing_page), {"child_level": "cooperative", "listing_page": listing_page}
