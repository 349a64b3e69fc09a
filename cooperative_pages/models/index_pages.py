"""The three index pages every cooperative has exactly one of: Wagtail's word for a page
that lists its children. Officers and visitors see them as lists (products, news,
governance documents)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .mixins import PublicPageMixin, StructuralPageMixin


class CooperativeIndexPage(PublicPageMixin, StructuralPageMixin, Page):
    parent_page_types = ["cooperative_pages.CooperativePage"]
    max_count_per_parent = 1
    # Wagtail does not inherit ``is_creatable``: each index page type repeats it.

    class Meta:
        abstract = True


class ProductIndexPage(CooperativeIndexPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.ProductPage"]

    class Meta:
        verbose_name = _("product list")
        verbose_name_plural = _("product lists")

    def public_context(self, *, request, identity) -> dict:
        from ..selectors import product_list_for_section

        return {"products": product_list_for_section(section=self)}

    def page_meta(self, *, identity, context):
        from ..seo import section_meta

        names = ", ".join(product.title for product in context["products"][:8])
        return section_meta(
            page=self,
            identity=identity,
            summary=_("Products of %(name)s: %(names)s.") % {"name": identity.cooperative_label, "names": names}
            if names
            else "",
        )


class NewsIndexPage(CooperativeIndexPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.NewsPage"]

    class Meta:
        verbose_name = _("news list")
        verbose_name_plural = _("news lists")

    def public_context(self, *, request, identity) -> dict:
        from ..selectors import news_list_for_section

        return {"news": list(news_list_for_section(section=self))}

    def page_meta(self, *, identity, context):
        from ..seo import section_meta

        return section_meta(
            page=self, identity=identity, summary=_("News from %(name)s.") % {"name": identity.cooperative_label}
        )


class GovernanceIndexPage(CooperativeIndexPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.GovernancePage"]

    class Meta:
        verbose_name = _("governance documents")
        verbose_name_plural = _("governance document lists")

    def public_context(self, *, request, identity) -> dict:
        from ..selectors import governance_list_for_section

        return {"documents": list(governance_list_for_section(section=self))}

    def page_meta(self, *, identity, context):
        from ..seo import section_meta

        return section_meta(
            page=self,
            identity=identity,
            summary=_("Articles of association, annual meeting reports, financial statements and board of %(name)s.")
            % {"name": identity.cooperative_label},
        )
