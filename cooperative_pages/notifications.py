"""E-mail notifications of the national workflow."""

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

from .models import RegionalApprovalTask


class RegionalTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """E-mails the facilitators of the page's region when a page reaches the regional task.

    Wagtail's own submission e-mails go to group members or superusers only. The
    wording is Wagtail's own ``task_state_submitted`` templates (the default prefix).
    """

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance.task.specific, RegionalApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        from .tenancy import facilitators_for_page

        recipients = facilitators_for_page(page=task_state.workflow_state.content_object)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients
