"""The dashboard's "Awaiting your review" panel: what a facilitator decides on, bounded.

Wagtail's own panel lists every task state the user may review, with several queries
per row, and shows title, submitter and time. This one lists the newest
``KMP["REVIEW_PANEL_LIMIT"]`` with what a facilitator decides on (cooperative,
village and regency, page type, photo, price, what changed against the live version)
and says how many more wait, with a link to the facilitator console, which lists
them all. Its cost is a fixed number of queries, whatever the number of rows
(``cooperative_pages.submissions.review_rows``). Decisions go through Wagtail's
workflow action views (the approval task's confirmation and comment forms); the
task sends the reviewer back here with ``?decided=<task state>``, and the panel says
what happened.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import TaskState

from . import conf
from .submissions import review_rows
from .tenancy import facilitator_regions, is_national_moderator

# Where the whole list lives (the dashboard app's facilitator console), if installed.
FULL_LIST_URL_NAME = "dashboard_facilitator_console"
DECIDED_PARAMETER = "decided"


def is_reviewer(user) -> bool:
    return is_national_moderator(user=user) or bool(facilitator_regions(user=user))


class BoundedWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    name = "kmp_review"
    template_name = "cooperative_pages/admin/awaiting_review.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"rows": [], "request": request, "csrf_token": parent_context["csrf_token"]}
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True) or not is_reviewer(request.user):
            return context
        context["is_reviewer"] = True
        context["decided"] = decided_task_state(request)
        limit = conf.get("REVIEW_PANEL_LIMIT")
        reviewable = TaskState.objects.reviewable_by(request.user)
        newest = list(
            reviewable.select_related("revision__user")
            .prefetch_related("revision__content_object")
            .order_by("-started_at", "-pk")[:limit]
        )
        context["rows"] = review_rows(task_states=newest, request=request)
        if len(newest) == limit:
            context["more"] = reviewable.count() - limit
        try:
            context["full_list_url"] = reverse(FULL_LIST_URL_NAME)
        except NoReverseMatch:
            context["full_list_url"] = ""
        return context


def decided_task_state(request) -> TaskState | None:
    """The task state the reviewer just approved or rejected (``?decided=``), to say what happened."""
    value = request.GET.get(DECIDED_PARAMETER, "")
    if not value.isdigit():
        return None
    return (
        TaskState.objects.filter(pk=int(value), finished_by=request.user)
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("revision")
        .first()
    )


def decided_url(task_state: TaskState) -> str:
    """Where the approval task sends the reviewer after a decision."""
    return f"{reverse('wagtailadmin_home')}?{DECIDED_PARAMETER}={task_state.pk}"


def bound_review_panel(panels: list) -> None:
    """Replace Wagtail's panel in ``panels`` (the ``construct_homepage_panels`` hook's list)."""
    for position, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[position] = BoundedWorkflowObjectsToModeratePanel()
