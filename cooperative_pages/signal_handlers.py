"""Signal wiring: submission notifications for the regional approval task."""

from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .notifications import RegionalTaskSubmissionEmailNotifier

regional_task_submission_notifier = RegionalTaskSubmissionEmailNotifier()


def register() -> None:
    task_submitted.connect(
        regional_task_submission_notifier,
        sender=TaskState,
        dispatch_uid="kmp_regional_task_submitted_email_notification",
    )
