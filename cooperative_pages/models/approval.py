"""The one national approval task: approvers are resolved per page from
facilitator-region assignments, so one workflow serves every cooperative.

While a page waits at the task it is locked for everyone but superusers, its reviewers
included: facilitators moderate (preview, approve, request changes with a comment) and
never author a cooperative's content (PRODUCT.md §4). Approval publishes the revision
the task state holds - the one the facilitator previewed - or nothing.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.locks import WorkflowLock
from wagtail.models import Task


class WorkflowActionRefused(PermissionDenied):
    """A workflow action the task refuses, with a message for the user who tried it."""

    default_message = _("You are not a facilitator of this cooperative's region.")

    def __init__(self, message=None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class SubmissionChanged(WorkflowActionRefused):
    """The page has a revision newer than the one under review: approving would publish something unreviewed."""

    # Short: Wagtail's message banner covers a third line on phones.
    default_message = _("Not published: there is a newer version. Request changes.")


def revision_under_review_is_latest(task_state) -> bool:
    """True when nothing was saved on the page since ``task_state`` started."""
    page = task_state.workflow_state.content_object
    return page.latest_revision_id == task_state.revision_id


class ReviewLock(WorkflowLock):
    """The workflow lock, with short messages (Wagtail's banner covers a third line on phones)
    that say what reviewers and officers can do meanwhile, and the reviewer's way on."""

    def get_message(self, user):
        if not self.for_user(user):
            return None
        if not self.task.specific.get_actions(self.object, user):
            return gettext("Waiting for a facilitator's approval: it cannot be edited until then.")
        return format_html(
            '{} <span class="buttons"><a class="button button-small button-secondary" href="{}">{}</a> '
            '<a class="button button-small button-secondary" href="{}">{}</a></span>',
            gettext("Waiting for your decision: it is not edited during review."),
            reverse("wagtailadmin_pages:workflow_preview", args=[self.object.pk, self.task.pk]),
            gettext("Preview"),
            reverse("wagtailadmin_home"),
            gettext("Decide on the dashboard"),
        )


class ApproveForm(forms.Form):
    """Approving asks once more (the modal says what will happen); a note is optional."""

    comment = forms.CharField(
        label=_("Note for the officers (optional)"), required=False, widget=forms.Textarea({"rows": 2})
    )


class RequestChangesForm(forms.Form):
    """Sending back needs a comment: it is what the officers read on their home screen and by e-mail."""

    comment = forms.CharField(
        label=_("What should the officers change?"),
        help_text=_("The officers read this in full on their home screen and by e-mail."),
        widget=forms.Textarea({"rows": 4}),
    )


ACTION_FORMS = {"approve": ApproveForm, "reject": RequestChangesForm}
ACTION_TEMPLATES = {
    "approve": "cooperative_pages/admin/workflow_approve.html",
    "reject": "cooperative_pages/admin/workflow_request_changes.html",
}


class RegionalApprovalTask(Task):
    """Approved or rejected by the facilitators of the page's region (or a superuser)."""

    lock_class = ReviewLock

    def _can_moderate(self, obj, user) -> bool:
        from ..tenancy import user_can_moderate_page

        return user_can_moderate_page(user=user, page=obj)

    def user_can_access_editor(self, obj, user):
        # To read the submission in context and compare it with the live version; the
        # lock below keeps the editor read-only for them.
        return self._can_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_active and user.is_superuser)

    def user_can_lock(self, obj, user):
        return False

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._can_moderate(obj, user):
            # Both open a modal: approving confirms what goes live, rejecting needs a comment.
            return [("reject", _("Request changes"), True), ("approve", _("Approve"), True)]
        return []

    def get_form_for_action(self, action):
        return ACTION_FORMS.get(action) or super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return ACTION_TEMPLATES.get(action, "")

    def on_action(self, task_state, user, action_name, **kwargs):
        # Wagtail's base Task does not check who acts: refuse anyone outside the region.
        page = task_state.workflow_state.content_object
        if not self._can_moderate(page, user):
            raise WorkflowActionRefused()
        if action_name == "approve" and not revision_under_review_is_latest(task_state):
            raise SubmissionChanged()
        redirect_to = super().on_action(task_state, user, action_name, **kwargs)
        if redirect_to is None and action_name in ACTION_FORMS:
            from ..review_panel import decided_url

            return decided_url(task_state)  # the dashboard says what happened
        return redirect_to

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..tenancy import moderatable_task_states

        return moderatable_task_states(task=self, user=user)

    @classmethod
    def get_description(cls):
        return _("Facilitators of the cooperative's region approve or reject")

    class Meta:
        verbose_name = _("regional facilitator approval")
        verbose_name_plural = _("regional facilitator approvals")
