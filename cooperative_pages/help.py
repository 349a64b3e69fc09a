"""The admin's help: a short Indonesian guide for officers (and what facilitators check)
in place of Wagtail's English editor guide and release notes."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


@dataclass(frozen=True)
class GuideSection:
    """A heading, then its numbered steps or its points, then its paragraphs."""

    heading: str
    steps: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()


GUIDE_INTRODUCTION = _(
    "Your cooperative's microsite is how banks, buyers and the government see it. Keep it up to date: every "
    "change you send is checked by your region's facilitator (pendamping) and then goes live."
)
GUIDE = (
    GuideSection(
        heading=_("Add a product"),
        steps=(
            _("On the home screen, tap “Add a product”."),
            _(
                "Tap “Take or choose a photo”: take it with the camera or choose it from the gallery. It is made "
                "smaller and sent at once."
            ),
            _("Fill in the product name, the price (15.000 or 15rb both work), the unit and the category."),
            _("Tap “Send to the facilitator”. The home screen then shows it as waiting."),
        ),
        paragraphs=(
            _(
                "Sold out, or a new price? Open “See all products” and use the product's menu: the change also "
                "goes to the facilitator."
            ),
        ),
    ),
    GuideSection(
        heading=_("Post news"),
        paragraphs=(
            _(
                "Tap “Write news”: a title, a date and a few sentences about the cooperative's activities (a "
                "members' meeting, a harvest, a new service). Banks look for regular approved updates: post "
                "something every month."
            ),
        ),
    ),
    GuideSection(
        heading=_("Upload the RAT report, AD/ART or financial statement"),
        paragraphs=(
            _(
                "Tap “Upload a document”, choose its kind (RAT report, AD/ART, financial statement, board of "
                "officers), fill in the year and add the file (PDF or a photo of each page). The readiness list "
                "on the home screen links straight to what is still missing."
            ),
        ),
    ),
    GuideSection(
        heading=_("What the facilitator checks"),
        points=(
            _("The product is real and sold by the cooperative, with a clear photo of the product itself."),
            _("The price is in whole rupiah and plausible, with the right unit."),
            _("Documents are the cooperative's own, readable and of the stated year."),
            _("No private data: no identity card numbers or private phone numbers of members."),
        ),
    ),
    GuideSection(
        heading=_("When the facilitator asks for changes"),
        paragraphs=(
            _(
                "The home screen shows the facilitator's comment in full, and you also get an e-mail. Tap "
                "“Fix it”, change what was asked and send it again."
            ),
        ),
    ),
    GuideSection(
        heading=_("Nothing you type is lost"),
        paragraphs=(
            _(
                "What you type is saved as a draft while you work. If the connection drops or you were signed "
                "out, open the same screen again: you will be offered to restore what you typed."
            ),
        ),
    ),
)


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cooperative_pages/admin/guide.html"
    page_title = _("Guide for cooperative officers")
    header_icon = "help"
    extra_context = {"introduction": GUIDE_INTRODUCTION, "sections": GUIDE}


def help_menu_items(menu_items: list) -> None:
    """Our guide instead of Wagtail's editor guide and "what's new" (``construct_help_menu``)."""
    keep = [item for item in menu_items if item.name == "keyboard-shortcuts-trigger"]
    menu_items[:] = [MenuItem(_("Guide for officers"), reverse("kmp_guide"), icon_name="help", order=100), *keep]
