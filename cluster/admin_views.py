"""The admin's page on background work: what failed (with the error), what waits for a retry,
which workers are alive and which daily jobs ran. Administrators (superusers) only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .selectors import TASK_VIEWS, recent_scheduled_runs, task_counts, task_results, workers_alive

ROWS_PER_PAGE = 50
# What each task does, in words an administrator knows (the code's name otherwise).
TASK_LABELS = {
    "search.tasks.engine_sync": gettext_lazy("Update the search engine"),
    "cooperative_pages.tasks.renditions_prepare": gettext_lazy("Prepare a photo for public pages"),
    "cluster.mail.deliver_email": gettext_lazy("Send an e-mail"),
    "dashboard.tasks.rebuild_activity": gettext_lazy("Recompute cooperative activity"),
    "dashboard.tasks.snapshot_activity": gettext_lazy("Record the day's dashboard figures"),
    "dashboard.tasks.send_update_reminders": gettext_lazy("Send update reminders"),
    "wagtail.tasks.update_reference_index_task": gettext_lazy("Update the page reference index"),
    "wagtail.tasks.delete_file_from_storage_task": gettext_lazy("Delete a stored file"),
    "wagtail.images.tasks.set_image_focal_point_task": gettext_lazy("Find a photo's focal point"),
}


def _labels() -> dict[str, str]:
    return {
        "failed": _("Failed"),
        "retrying": _("Waiting for a retry"),
        "queued": _("Queued"),
        "running": _("Running"),
        "done": _("Done"),
    }


def tasks_overview(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    view = request.GET.get("show") if request.GET.get("show") in TASK_VIEWS else "failed"
    counts = task_counts()
    labels = _labels()
    rows = Paginator(task_results(view=view), ROWS_PER_PAGE).get_page(request.GET.get("p"))
    for row in rows:
        row.label = TASK_LABELS.get(row.task_path, row.task_name)
        row.attempts = len(row.worker_ids)
        row.error = row.traceback.strip().splitlines()[-1] if row.traceback.strip() else ""
    return TemplateResponse(
        request,
        "cluster/admin/tasks.html",
        {
            "page_title": _("Background tasks"),
            "header_icon": "cogs",
            "tabs": [(key, labels[key], counts[key]) for key in TASK_VIEWS],
            "show": view,
            "rows": rows,
            "workers": workers_alive(),
            "scheduled_runs": [
                (run, TASK_LABELS.get(f"dashboard.tasks.{run.job}", run.job)) for run in recent_scheduled_runs()
            ],
        },
    )


@require_POST
def task_retry(request: HttpRequest, task_id: str) -> HttpResponse:
    """Queue a task that failed for good once more (after its cause was fixed)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    retried = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None, worker_ids=[]
    )
    if retried:
        messages.success(request, _("The task is queued again."))
    else:
        messages.error(request, _("Only a failed task can be retried."))
    return redirect("cluster_tasks")
