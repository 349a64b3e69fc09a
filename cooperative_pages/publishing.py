"""The workflow's finishing action (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Imported while ``wagtail.models`` is still loading, so it imports nothing at module level.
"""


def publish_approved_workflow_state(workflow_state, user=None) -> None:
    """Publish exactly what the region's facilitator approved: the revision of the approved
    task state (the one its preview showed), never the page's latest revision.

    If the page has a newer revision the approval is refused (``SubmissionChanged``) and,
    as this runs inside the approval's transaction, nothing of it is kept. A cooperative's
    registry data come from the live page unless the revision's author may change them.
    Facilitators hold no publish permission; the approval task already checked that they
    may act (``RegionalApprovalTask.on_action``), so the publish skips Wagtail's permission
    check rather than running as a superuser.
    """
    from .compat import publish_revision_prepared
    from .models import CooperativePage, may_change_registry_data
    from .models.approval import SubmissionChanged, revision_under_review_is_latest

    task_state = workflow_state.current_task_state
    if not revision_under_review_is_latest(task_state):
        raise SubmissionChanged()
    revision = task_state.revision

    def keep_live_registry_data(page) -> None:
        if isinstance(page, CooperativePage) and not may_change_registry_data(revision.user):
            page.keep_live_registry_data()

    publish_revision_prepared(revision, user=user, prepare=keep_live_registry_data)
