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
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .selectors import TASK_VIEWS, recent_scheduled_runs, task_counts, task_results, workers_alive

ROWS_PER_PAGE = 50


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
            "scheduled_runs": recent_scheduled_runs(),
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
