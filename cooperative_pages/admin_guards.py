"""Scope for the Wagtail admin endpoints that look objects up by id without asking
the permission policy or the chooser hooks.

- The page chooser's browse view shows any parent page by id (its title, draft
  title included) and the "chosen multiple" view returns title and URL of any
  page id: both are limited to the chooser's pages (``tenancy.chooser_pages_q``).
- The admin API's image and document endpoints list every image and document:
  they are limited to what the user may choose or change.
- The page types usage report names the last edited page of every type in the
  whole tree (drafts included) to anyone who may add a page anywhere: it is
  for national moderators only.
- The page workflow views (action, action data, preview for a task) look the
  page up by id and, when it is not in moderation, say so in a message naming
  its latest (draft) title before asking who is asking: that message is for
  the page's editors and reviewers; anyone else is refused.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.authentication import SessionAuthentication
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from .tenancy import is_national_moderator, pages_in_chooser

_installed = False


def install_page_chooser_guards() -> None:
    """Wrap the two page chooser views and the page types report once (idempotent)."""
    global _installed
    if _installed:
        return
    from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView

    browse_get = BrowseView.get
    chosen_multiple_get = ChosenMultipleView.get

    @wraps(browse_get)
    def scoped_browse_get(self, request, parent_page_id=None):
        if parent_page_id and not pages_in_chooser(user=request.user, page_ids=[parent_page_id]):
            raise Http404
        return browse_get(self, request, parent_page_id)

    @wraps(chosen_multiple_get)
    def scoped_chosen_multiple_get(self, request):
        if not pages_in_chooser(user=request.user, page_ids=request.GET.getlist("id")):
            raise Http404
        return chosen_multiple_get(self, request)

    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    report_dispatch = PageTypesUsageReportView.dispatch

    @wraps(report_dispatch)
    def national_report_dispatch(self, request, *args, **kwargs):
        if not is_national_moderator(user=request.user):
            raise PermissionDenied
        return report_dispatch(self, request, *args, **kwargs)

    BrowseView.get = scoped_browse_get
    ChosenMultipleView.get = scoped_chosen_multiple_get
    PageTypesUsageReportView.dispatch = national_report_dispatch
    _installed = True


def _named_only_to_editors_and_reviewers(add_message):
    """``add_message`` for those who may edit the page or act on its task; a refusal for anyone else."""

    @wraps(add_message)
    def scoped_add_message(self):
        user, page = self.request.user, self.object
        if not (page.permissions_for_user(user).can_edit() or self.task.get_actions(page, user)):
            raise PermissionDenied
        add_message(self)

    scoped_add_message.kmp_scoped = True
    return scoped_add_message


def install_workflow_message_guards() -> None:
    """Wrap the "not awaiting moderation" messages of the page workflow views once (idempotent)."""
    from wagtail.admin.views.pages.workflow import PreviewRevisionForTaskView, WorkflowPageViewMixin

    for view, name in (
        (WorkflowPageViewMixin, "add_not_in_moderation_error"),  # workflow action, collect action data
        (PreviewRevisionForTaskView, "add_error_message"),
    ):
        add_message = getattr(view, name)
        if not getattr(add_message, "kmp_scoped", False):
            setattr(view, name, _named_only_to_editors_and_reviewers(add_message))


class _ScopedMediaAPIMixin:
    # The admin session's user, as Wagtail's admin pages endpoint does (DRF's default
    # authenticators may be configured for the public API).
    authentication_classes = [SessionAuthentication]

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_active and user.is_superuser:
            return queryset
        policy = policy_registry.get_by_type(queryset.model)
        allowed = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
        return queryset.filter(pk__in=allowed.values("pk"))


class ScopedImagesAdminAPIViewSet(_ScopedMediaAPIMixin, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(_ScopedMediaAPIMixin, DocumentsAdminAPIViewSet):
    pass
