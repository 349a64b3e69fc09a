"""The national publishing workflow: one workflow on the portal page covers every
cooperative; its regional approval task routes each page to its facilitators."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

from .models import RegionalApprovalTask

NATIONAL_WORKFLOW_NAME = "Persetujuan pendamping wilayah"


@transaction.atomic
def national_workflow_ensure(*, portal: Page) -> Workflow:
    """Create (once) the national workflow with its regional task and attach it to ``portal``."""
    task = RegionalApprovalTask.objects.filter(active=True).first()
    if task is None:
        task = RegionalApprovalTask.objects.create(name="Persetujuan pendamping")
    workflow = Workflow.objects.filter(name=NATIONAL_WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=NATIONAL_WORKFLOW_NAME, active=True)
    # Not workflow.workflow_tasks.create(): on a ClusterableModel that only adds in memory,
    # and a workflow without tasks approves every submission at once.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=portal, defaults={"workflow": workflow})
    return workflow
