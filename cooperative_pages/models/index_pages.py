"""The three index pages every cooperative has exactly one of: Wagtail's word for a page
that lists its children. Officers and visitors see them as lists (products, news,
governance documents)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .mixins import StructuralPageMixin


class CooperativeIndexPage(StructuralPageMixin, Page):
    parent_page_types = ["cooperative_pages.CooperativePage"]
    max_count_per_parent = 1
    # Wagtail does not inherit ``is_creatable``: each index page type repeats it.

    class Meta:
        abstract = True


class ProductIndexPage(CooperativeIndexPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.ProductPage"]
    template = "cooperative_pages/product_index_page.html"

    class Meta:
        verbose_name = _("product list")
        verbose_name_plural = _("product lists")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import product_list_for_section

        context = super().get_context(request, *args, **kwargs)
        context["products"] = product_list_for_section(section=self)
        return context


class NewsIndexPage(CooperativeIndexPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.NewsPage"]
    template = "cooperative_pages/news_index_page.html"

    class Meta:
        verbose_name = _("news list")
        verbose_name_plural = _("news lists")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import news_list_for_section

        context = super().get_context(request, *args, **kwargs)
        context["news"] = news_list_for_section(section=self)
        return context


class GovernanceIndexPage(CooperativeIndexPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.GovernancePage"]
    template = "cooperative_pages/governance_index_page.html"

    class Meta:
        verbose_name = _("governance documents")
        verbose_name_plural = _("governance document lists")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import governance_list_for_section

        context = super().get_context(request, *args, **kwargs)
        context["documents"] = governance_list_for_section(section=self)
        return context
