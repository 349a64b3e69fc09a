"""The dashboard's "Awaiting your review" panel, bounded.

Wagtail's own panel lists every task state the user may review, with several
queries per row, so its cost follows the number of submissions: a national
moderator's dashboard would list every submission in the country, a province
facilitator's every one in the province. This panel lists the newest
``KMP["REVIEW_PANEL_LIMIT"]`` and says how many more are waiting, with a link to
the facilitator console, which lists them all page by page.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, TaskState

from . import conf

# Where the whole list lives (the dashboard app's facilitator console), if installed.
FULL_LIST_URL_NAME = "dashboard_facilitator_console"


class BoundedWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    template_name = "cooperative_pages/admin/awaiting_review.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"states": [], "request": request, "csrf_token": parent_context["csrf_token"]}
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        limit = conf.get("REVIEW_PANEL_LIMIT")
        reviewable = TaskState.objects.reviewable_by(request.user)
        newest = (
            reviewable.select_related("revision", "revision__user", "workflow_state", "workflow_state__workflow")
            .prefetch_related("revision__content_object", "revision__content_object__latest_revision")
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())[:limit]
        )
        # The rest as Wagtail's panel does it (wagtail/admin/views/home.py).
        for state in newest:
            obj = state.revision.content_object
            if not obj:
                continue
            names = ("workflow_action", "workflow_preview", "revisions_compare")
            if isinstance(obj, Page):
                action_url, preview_url, compare_url = (f"wagtailadmin_pages:{name}" for name in names)
            else:
                action_url, preview_url, compare_url = (obj.snippet_viewset.get_url_name(name) for name in names)
            if not getattr(obj, "is_previewable", False):
                preview_url = None
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": state.task.specific.get_actions(obj, request.user),
                    "workflow_tasks": state.workflow_state.all_tasks_with_status(),
                    "workflow_action_url_name": action_url,
                    "workflow_preview_url_name": preview_url,
                    "revisions_compare_url_name": compare_url,
                }
            )
        if len(context["states"]) == limit:
            context["more"] = reviewable.count() - limit
            try:
                context["full_list_url"] = reverse(FULL_LIST_URL_NAME)
            except NoReverseMatch:
                context["full_list_url"] = ""
        return context


def bound_review_panel(panels: list) -> None:
    """Replace Wagtail's panel in ``panels`` (the ``construct_homepage_panels`` hook's list)."""
    for position, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[position] = BoundedWorkflowObjectsToModeratePanel()
