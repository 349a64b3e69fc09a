"""The cooperative microsite root page and its profile."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from .. import whatsapp
from ..api.fields import BusinessUnitSerializer, RegionSerializer
from ..api.preview import HeadlessPreviewModeMixin
from .mixins import PublicPageMixin, StructuralPageMixin
from .page_forms import ScopedMediaPageForm
from .regions import RegionLevel

REGISTRY_DATA_PERMISSION = "cooperative_pages.change_registry_data"
# The registry data (editable only with REGISTRY_DATA_PERMISSION) and the regions derived from the village.
REGISTRY_DATA_FIELDS = (
    "registry_id",
    "legal_entity_number",
    "legal_entity_date",
    "village_id",
    "province_id",
    "regency_id",
    "district_id",
)


def may_change_registry_data(user) -> bool:
    """Holders of the permission, and the platform itself (the registry import: no user)."""
    return user is None or bool(user.is_active and user.has_perm(REGISTRY_DATA_PERMISSION))


class CooperativePageForm(ScopedMediaPageForm):
    """Checks the village against the parent regency while the page is still being
    created (the model's ``clean`` cannot see its parent before it is in the tree)."""

    def clean(self):
        cleaned_data = super().clean()
        village = cleaned_data.get("village")
        regency = getattr(self.parent_page.specific, "region_id", None) if self.parent_page else None
        if "village" in self.fields and village and regency and not village.code.startswith(regency + "."):
            self.add_error("village", _("The village must lie in this page's regency."))
        return cleaned_data

    def save(self, commit=True):
        # A page that is not live is saved as it is edited: the same rule as save_revision's.
        if not may_change_registry_data(self.for_user):
            self.instance.keep_live_registry_data()
        return super().save(commit=commit)


class CooperativePage(PublicPageMixin, StructuralPageMixin, HeadlessPreviewModeMixin, Page):
    """One village cooperative (KDMP/KKMP): its profile; products, news and
    governance live in the three index pages created with it."""

    registry_id = models.CharField(
        _("registry ID"), max_length=32, unique=True, help_text=_("ID in the national cooperative registry")
    )
    legal_entity_number = models.CharField(_("legal entity number"), max_length=100, blank=True)
    legal_entity_date = models.DateField(_("legal entity date"), null=True, blank=True)
    village = models.ForeignKey(
        "cooperative_pages.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
        limit_choices_to={"level": RegionLevel.VILLAGE},
    )
    # Denormalised from the village so region filters and counts need no code arithmetic.
    province = models.ForeignKey(
        "cooperative_pages.Region", on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    regency = models.ForeignKey(
        "cooperative_pages.Region", on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    district = models.ForeignKey(
        "cooperative_pages.Region", on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(
        _("WhatsApp / phone"), max_length=20, blank=True, help_text=_("The cooperative's public contact number")
    )
    email = models.EmailField(_("public e-mail"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    chair_name = models.CharField(_("chair"), max_length=120, blank=True)
    description = models.TextField(_("about the cooperative"), blank=True)
    business_units = ParentalManyToManyField(
        "cooperative_pages.BusinessUnit", verbose_name=_("business units"), blank=True, related_name="cooperatives"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )

    parent_page_types = ["cooperative_pages.RegencyPage"]
    subpage_types = [
        "cooperative_pages.ProductIndexPage",
        "cooperative_pages.NewsIndexPage",
        "cooperative_pages.GovernanceIndexPage",
    ]
    base_form_class = CooperativePageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("registry_id", permission=REGISTRY_DATA_PERMISSION),
                FieldPanel("legal_entity_number", permission=REGISTRY_DATA_PERMISSION),
                FieldPanel("legal_entity_date", permission=REGISTRY_DATA_PERMISSION),
                FieldPanel("village", permission=REGISTRY_DATA_PERMISSION),
            ],
            heading=_("Registry data"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("logo"),
                FieldPanel("founding_date"),
                FieldPanel("member_count"),
                FieldPanel("chair_name"),
                FieldPanel("business_units", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Profile"),
        ),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("address"),
        index.FilterField("province_id"),
        index.FilterField("regency_id"),
        index.FilterField("district_id"),
        index.FilterField("village_id"),
    ]

    # Public profile only: the chair is a public office-holder and ``phone``/``email`` are the
    # cooperative's public contacts; officers' and facilitators' accounts are never exposed.
    api_fields = [
        APIField("registry_id"),
        APIField("legal_entity_number"),
        APIField("legal_entity_date"),
        APIField("province", serializer=RegionSerializer(allow_null=True)),
        APIField("regency", serializer=RegionSerializer(allow_null=True)),
        APIField("district", serializer=RegionSerializer(allow_null=True)),
        APIField("village", serializer=RegionSerializer()),
        APIField("description"),
        APIField("logo"),
        APIField("logo_thumbnail", serializer=ImageRenditionField("max-240x240|format-webp", source="logo")),
        APIField("founding_date"),
        APIField("member_count"),
        APIField("chair_name"),
        APIField("business_units", serializer=BusinessUnitSerializer(many=True)),
        APIField("address"),
        APIField("phone"),
        APIField("email"),
        APIField("whatsapp_url"),
    ]

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        permissions = [
            ("change_registry_data", _("Can change a cooperative's registry data")),
            ("moderate_any_region", _("Can approve publications of every region")),
        ]

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        if parent is not None and self.village_id:
            regency = getattr(parent.specific, "region_id", None)
            if regency and not self.village_id.startswith(regency + "."):
                raise ValidationError({"village": _("The village must lie in this page's regency.")})

    def keep_live_registry_data(self) -> None:
        """Take the registry data from the live page (the stored row), not from a revision."""
        if self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk).values(*REGISTRY_DATA_FIELDS).first()
        for name, value in (stored or {}).items():
            setattr(self, name, value)

    def save_revision(self, user=None, *args, **kwargs):
        # An officer's form has no registry fields, but the page it edits may come from an
        # old revision (a revert): what they save must not carry that revision's registry data.
        if not may_change_registry_data(user):
            self.keep_live_registry_data()
        return super().save_revision(user, *args, **kwargs)

    def save(self, *args, **kwargs):
        if self.village_id:
            self.province_id, self.regency_id, self.district_id = _region_codes(self.village_id)
        return super().save(*args, **kwargs)

    def public_context(self, *, request, identity) -> dict:
        from ..selectors import cooperative_profile_context

        context = cooperative_profile_context(cooperative=self, sections=identity.sections)
        # Other plugin apps add to the page through the ``cooperative_page_context`` hook:
        # a dict of context, whose optional "sections" lists templates to include.
        context["extra_sections"] = []
        for hook in hooks.get_hooks("cooperative_page_context"):
            extra = dict(hook(page=self, request=request) or {})
            context["extra_sections"] += extra.pop("sections", [])
            context.update(extra)
        return context

    def page_meta(self, *, identity, context):
        from ..seo import LOGO_IMAGE_SPEC, cooperative_meta

        logo = context["logo"]
        return cooperative_meta(
            page=self, identity=identity, logo=logo.get_rendition(LOGO_IMAGE_SPEC) if logo else None
        )

    @property
    def whatsapp_url(self) -> str:
        return whatsapp.chat_url(phone=self.phone)


def _region_codes(village_code: str) -> tuple[str, str, str]:
    parts = village_code.split(".")
    return parts[0], ".".join(parts[:2]), ".".join(parts[:3])
