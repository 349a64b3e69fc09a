"""Keep ``CooperativeActivity`` current: publications (audit log entries), workflow
transitions and officer memberships each refresh the one cooperative they touch.

The registry import's bulk inserts send no signals: the ``after_registry_import`` hook
(``wagtail_hooks.py``) rebuilds the activity rows once per import instead.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.signals import workflow_approved, workflow_cancelled, workflow_rejected, workflow_submitted

from cooperative_pages.models import CooperativePage, GovernancePage, OfficerMembership, ProductPage

from .activity import activity_refresh

_TRACKED_ACTIONS = {"wagtail.publish", "wagtail.unpublish", "wagtail.delete"}
# Pages whose publication by the system (no user) still changes readiness.
_READINESS_MODELS = (CooperativePage, ProductPage, GovernancePage)


def _refresh_page(page_path: str | None, *, later: bool = False) -> None:
    if not page_path:
        return
    step = Page.steplen
    ancestors = [page_path[:i] for i in range(step, len(page_path) + 1, step)]
    cooperative_id = CooperativePage.objects.filter(path__in=ancestors).values_list("id", flat=True).first()
    if cooperative_id is None:
        return
    if later:
        transaction.on_commit(lambda: activity_refresh(cooperative_ids=[cooperative_id]))
    else:
        activity_refresh(cooperative_ids=[cooperative_id])


def on_log_entry_saved(sender, instance: PageLogEntry, created: bool, **kwargs) -> None:
    if not created or instance.action not in _TRACKED_ACTIONS:
        return
    page = Page.objects.filter(pk=instance.page_id).only("path", "content_type").first()
    if page is None:
        return
    if instance.user_id is None and not issubclass(page.specific_class or Page, _READINESS_MODELS):
        return
    # A deletion is logged before the page goes: count it once the transaction commits.
    _refresh_page(page.path, later=instance.action == "wagtail.delete")


def on_workflow_transition(sender, instance: WorkflowState, **kwargs) -> None:
    page = instance.content_object
    if isinstance(page, Page):
        _refresh_page(page.path)


def on_membership_changed(sender, instance: OfficerMembership, **kwargs) -> None:
    if CooperativePage.objects.filter(pk=instance.cooperative_id).exists():
        activity_refresh(cooperative_ids=[instance.cooperative_id])


def on_figures_changed(sender, **kwargs) -> None:
    from .selectors import figures_changed

    figures_changed()


def register() -> None:
    from .models import ActivitySnapshot, AgencyApplication, CooperativeActivity

    for model in (AgencyApplication, ActivitySnapshot, CooperativeActivity):
        post_save.connect(on_figures_changed, sender=model, dispatch_uid=f"kmp_dashboard_saved_{model.__name__}")
        post_delete.connect(on_figures_changed, sender=model, dispatch_uid=f"kmp_dashboard_deleted_{model.__name__}")
    post_save.connect(on_log_entry_saved, sender=PageLogEntry, dispatch_uid="kmp_dashboard_log_entry")
    for signal in (workflow_submitted, workflow_approved, workflow_rejected, workflow_cancelled):
        signal.connect(on_workflow_transition, sender=WorkflowState, dispatch_uid=f"kmp_dashboard_{id(signal)}")
    post_save.connect(on_membership_changed, sender=OfficerMembership, dispatch_uid="kmp_dashboard_membership_saved")
    post_delete.connect(
        on_membership_changed, sender=OfficerMembership, dispatch_uid="kmp_dashboard_membership_deleted"
    )
