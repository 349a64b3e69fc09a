"""The one national approval task: approvers are resolved per page from
facilitator-region assignments, so one workflow serves every cooperative."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Task


class RegionalApprovalTask(Task):
    """Approved or rejected by the facilitators of the page's region (or a superuser)."""

    def _can_moderate(self, obj, user) -> bool:
        from ..tenancy import user_can_moderate_page

        return user_can_moderate_page(user=user, page=obj)

    def user_can_access_editor(self, obj, user):
        return self._can_moderate(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return False

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._can_moderate(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        # Wagtail's base Task does not check who acts: refuse anyone outside the region.
        from django.core.exceptions import PermissionDenied

        page = task_state.workflow_state.content_object
        if not self._can_moderate(page, user):
            raise PermissionDenied(_("You are not a facilitator of this cooperative's region."))
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..tenancy import moderatable_task_states

        return moderatable_task_states(task=self, user=user)

    @classmethod
    def get_description(cls):
        return _("Facilitators of the cooperative's region approve or reject")

    class Meta:
        verbose_name = _("regional facilitator approval")
        verbose_name_plural = _("regional facilitator approvals")
