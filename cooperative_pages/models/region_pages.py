"""Region levels of the page tree: portal -> province -> regency -> cooperative.

A facilitator's scope is one of these pages (or the cooperatives of a district),
which keeps permission queries small however many cooperatives exist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.models import Page

from ..api.fields import RegionSerializer
from .mixins import StructuralPageMixin


class RegionPage(StructuralPageMixin, Page):
    """Abstract base: a public page listing the cooperatives below one region."""

    region = models.OneToOneField(
        "cooperative_pages.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )

    # Wagtail does not inherit ``is_creatable``: each region type repeats it.
    content_panels = Page.content_panels
    api_fields = [APIField("region", serializer=RegionSerializer())]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from ..selectors import region_page_children

        context = super().get_context(request, *args, **kwargs)
        context["children"] = region_page_children(page=self)
        return context


class ProvincePage(RegionPage):
    is_creatable = False  # created by services when the first cooperative of a region arrives
    parent_page_types: list[str] = []  # set from KMP["PORTAL_PAGE_TYPES"] in AppConfig.ready
    subpage_types = ["cooperative_pages.RegencyPage"]
    template = "cooperative_pages/region_page.html"

    class Meta:
        verbose_name = _("province page")
        verbose_name_plural = _("province pages")


class RegencyPage(RegionPage):
    is_creatable = False  # created by services when the first cooperative of a region arrives
    parent_page_types = ["cooperative_pages.ProvincePage"]
    subpage_types = ["cooperative_pages.CooperativePage"]
    template = "cooperative_pages/region_page.html"

    class Meta:
        verbose_name = _("regency page")
        verbose_name_plural = _("regency pages")
