"""The three section pages every cooperative has exactly one of."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .mixins import PublicPageMixin, StructuralPageMixin


class CooperativeSectionPage(PublicPageMixin, StructuralPageMixin, Page):
    parent_page_types = ["cooperative_pages.CooperativePage"]
    max_count_per_parent = 1
    # Wagtail does not inherit ``is_creatable``: each section type repeats it.

    class Meta:
        abstract = True

    @property
    def cooperative(self):
        from .cooperative import CooperativePage

        return CooperativePage.objects.ancestor_of(self).first()


class ProductIndexPage(CooperativeSectionPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.ProductPage"]
    template = "cooperative_pages/product_index_page.html"

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


class NewsIndexPage(CooperativeSectionPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.NewsPage"]
    template = "cooperative_pages/news_index_page.html"

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


class GovernanceIndexPage(CooperativeSectionPage):
    is_creatable = False  # created together with their cooperative
    subpage_types = ["cooperative_pages.GovernancePage"]
    template = "cooperative_pages/governance_index_page.html"

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
