"""Governance documents banks ask for: AD/ART, RAT reports, financial statements, board, minutes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .content import CooperativeContentPage


class GovernanceKind(models.TextChoices):
    ARTICLES = "ad-art", _("Articles of association (AD/ART)")
    ANNUAL_MEETING = "rat", _("Annual members' meeting (RAT) report")
    FINANCIAL_STATEMENT = "laporan-keuangan", _("Financial statement")
    BOARD = "pengurus", _("Board of officers")
    MINUTES = "notulen", _("Minutes")


class GovernancePage(CooperativeContentPage):
    kind = models.CharField(_("kind"), max_length=20, choices=GovernanceKind.choices, db_index=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)], null=True, blank=True
    )
    period = models.CharField(_("period"), max_length=60, blank=True, help_text=_("e.g. January–December 2025"))
    date = models.DateField(_("date of the document"), null=True, blank=True)
    body = RichTextField(_("content"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"])

    parent_page_types = ["cooperative_pages.GovernanceIndexPage"]

    # What an officer fills in is what the API shows, in the same order.
    document_fields = ("kind", "year", "period", "date", "body")
    content_panels = Page.content_panels + [
        *(FieldPanel(name) for name in document_fields),
        InlinePanel("documents", label=_("Documents"), max_num=10),
    ]

    search_fields = Page.search_fields + [index.SearchField("body"), index.FilterField("kind")]

    api_fields = [APIField(name) for name in (*document_fields, "documents")]

    class Meta:
        verbose_name = _("governance document")
        verbose_name_plural = _("governance documents")

    def public_context(self, *, request, identity) -> dict:
        return {"attachments": list(self.documents.select_related("document").order_by("sort_order"))}

    def page_meta(self, *, identity, context):
        from ..seo import section_meta

        kind = " ".join(str(part) for part in (self.get_kind_display(), self.year or "") if part)
        return section_meta(page=self, identity=identity, summary=f"{kind}. {self.body}")


class GovernanceDocument(Orderable):
    page = ParentalKey(GovernancePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("document"), APIField("title")]
