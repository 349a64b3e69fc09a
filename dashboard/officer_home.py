"""The officer's admin home: their cooperative, the four things they come to do, what
became of each submission (with the facilitator's comment in full), the financing
readiness gaps as actions and the days since the last approved update.

A Wagtail dashboard panel (``construct_homepage_panels``), a fixed number of queries
per cooperative the officer belongs to (usually one).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from cooperative_pages.models import (
    CooperativePage,
    GovernanceIndexPage,
    GovernanceKind,
    NewsIndexPage,
    ProductIndexPage,
)
from cooperative_pages.submissions import submissions_for_cooperative
from cooperative_pages.tenancy import officer_cooperatives

from . import readiness
from .models import CooperativeActivity

SUBMISSIONS_SHOWN = 10


@dataclass(frozen=True)
class Action:
    label: str
    url: str = ""  # empty: the officer cannot do it here (the text says who can)


def _add_url(parent_id: int | None, model: str, **initial) -> str:
    if parent_id is None:
        return ""
    url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", model, parent_id])
    return f"{url}?{urlencode({**initial, 'next': reverse('wagtailadmin_home')})}"


def _edit_url(page_id: int) -> str:
    return f"{reverse('wagtailadmin_pages:edit', args=[page_id])}?{urlencode({'next': reverse('wagtailadmin_home')})}"


class CooperativeHome:
    """The admin URLs of one cooperative's microsite (its three sections in one query)."""

    def __init__(self, cooperative: CooperativePage):
        self.cooperative = cooperative
        sections = {
            ContentType.objects.get_for_id(content_type_id).model_class(): page_id
            for page_id, content_type_id in Page.objects.child_of(cooperative).values_list("id", "content_type_id")
        }
        self.products_id = sections.get(ProductIndexPage)
        self.news_id = sections.get(NewsIndexPage)
        self.governance_id = sections.get(GovernanceIndexPage)

    def primary_actions(self) -> list[Action]:
        return [
            Action(_("Add a product"), _add_url(self.products_id, "productpage")),
            Action(_("Write news"), _add_url(self.news_id, "newspage")),
            Action(_("Upload a document"), _add_url(self.governance_id, "governancepage")),
            Action(_("Edit the profile"), _edit_url(self.cooperative.pk)),
        ]

    def gap_actions(self) -> dict[str, Action]:
        """For each readiness item, what the officer does about it."""
        document = self.governance_id

        def upload(label, kind):
            return Action(label, _add_url(document, "governancepage", kind=kind))

        return {
            "profile_complete": Action(_("Complete the profile"), _edit_url(self.cooperative.pk)),
            "has_legal_entity_number": Action(_("Legal entity number not recorded: ask your facilitator")),
            "has_board": upload(_("List the board of officers"), GovernanceKind.BOARD),
            "has_articles": upload(_("Upload the articles of association (AD/ART)"), GovernanceKind.ARTICLES),
            "has_recent_annual_meeting": upload(_("Upload the RAT report"), GovernanceKind.ANNUAL_MEETING),
            "has_financial_statement": upload(_("Upload the financial statement"), GovernanceKind.FINANCIAL_STATEMENT),
            "has_products": Action(_("Add a product with a photo"), _add_url(self.products_id, "productpage")),
            "updates_regularly": Action(_("Post news every month"), _add_url(self.news_id, "newspage")),
            "facilitator_verified": Action(_("Ask your facilitator to check your documents")),
        }


class OfficerHomePanel(Component):
    name = "kmp_officer_home"
    template_name = "dashboard/admin/officer_home.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        cooperatives = officer_cooperatives(user=request.user)
        activities = CooperativeActivity.objects.in_bulk([cooperative.pk for cooperative in cooperatives])
        homes = [self._home(cooperative, activities.get(cooperative.pk)) for cooperative in cooperatives]
        return {"homes": homes, "request": request, "several": len(homes) > 1}

    def _home(self, cooperative: CooperativePage, activity: CooperativeActivity | None) -> dict:
        home = CooperativeHome(cooperative)
        gaps = home.gap_actions()
        checklist = readiness.checklist(activity)
        last = activity.last_approved_publication_at if activity else None
        submissions = submissions_for_cooperative(cooperative=cooperative, limit=SUBMISSIONS_SHOWN)
        return {
            "cooperative": cooperative,
            "actions": home.primary_actions(),
            "products_url": reverse("wagtailadmin_explore", args=[home.products_id]) if home.products_id else "",
            "score": activity.readiness_score if activity else 0,
            "ready": bool(activity and activity.readiness_score >= readiness.ready_score()),
            "gaps": [gaps[item["field"]] for item in checklist if not item["done"]],
            "days_since_update": (timezone.now() - last).days if last else None,
            "needs_changes": [row for row in submissions if row.status == "needs_changes"],
            "submissions": [row for row in submissions if row.status != "needs_changes"],
        }


def show_officer_home(request, panels: list) -> None:
    """Officers get their home instead of Wagtail's generic panels (``construct_homepage_panels``)."""
    if not officer_cooperatives(user=request.user):
        return
    # An officer who also facilitates a region keeps the list of submissions to review.
    panels[:] = [OfficerHomePanel()] + [panel for panel in panels if isinstance(panel, WorkflowObjectsToModeratePanel)]


def hide_site_summary(request, summary_items: list) -> None:
    """Officers and facilitators do not need the site's page/image/document counts
    (``construct_homepage_summary_items``)."""
    from cooperative_pages.tenancy import is_national_moderator

    if not is_national_moderator(user=request.user):
        summary_items.clear()
