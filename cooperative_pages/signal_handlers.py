"""Signal wiring: submission notifications for the regional approval task; public renditions
of uploaded photos made in the background."""

from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.images import get_image_model
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .notifications import RegionalTaskSubmissionEmailNotifier

regional_task_submission_notifier = RegionalTaskSubmissionEmailNotifier()


def image_uploaded(sender, instance, created: bool, **kwargs) -> None:
    # With a task queue, the worker makes the public renditions before the first buyer asks;
    # with inline tasks the first page view makes them, as Wagtail always does.
    if created and not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        from .tasks import renditions_prepare

        transaction.on_commit(lambda: renditions_prepare.enqueue(instance.pk))


def register() -> None:
    task_submitted.connect(
        regional_task_submission_notifier,
        sender=TaskState,
        dispatch_uid="kmp_regional_task_submitted_email_notification",
    )
    post_save.connect(image_uploaded, sender=get_image_model(), dispatch_uid="kmp_image_uploaded_renditions")
