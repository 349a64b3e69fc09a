"""The admin's help: a short Indonesian guide for officers (and what facilitators check)
in place of Wagtail's English editor guide and release notes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cooperative_pages/admin/guide.html"
    page_title = _("Guide for cooperative officers")
    header_icon = "help"


def help_menu_items(menu_items: list) -> None:
    """Our guide instead of Wagtail's editor guide and "what's new" (``construct_help_menu``)."""
    keep = [item for item in menu_items if item.name == "keyboard-shortcuts-trigger"]
    menu_items[:] = [MenuItem(_("Guide for officers"), reverse("kmp_guide"), icon_name="help", order=100), *keep]
