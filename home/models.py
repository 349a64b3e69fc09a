"""The reference site's national portal page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cooperative_pages.models import ProvincePage
from cooperative_pages.visibility import public_pages


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = ["cooperative_pages.ProvincePage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("national portal")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["provinces"] = public_pages(ProvincePage.objects.child_of(self)).order_by("title")
        return context
