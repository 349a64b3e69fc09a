"""Guards for the Wagtail admin endpoints that look objects up by id without asking
the permission policy or the chooser hooks.

- The page chooser's browse view shows any parent page by id (its title, draft
  title included) and the "chosen multiple" view returns title and URL of any
  page id: both are limited to the chooser's pages (``tenancy.chooser_pages_q``).
- The admin API's image and document endpoints list every image and document:
  they are limited to what the user may choose or change.
- The page types usage report names the last edited page of every type in the
  whole tree (drafts included) to anyone who may add a page anywhere: it is
  for national moderators only.
- The admin API's page actions (revert, copy, move, publish, ...) check the action's own
  permission only, not the page's lock: a page in moderation is locked for everyone
  but superusers (see models/approval.py), and the editor refuses to save it; the
  API refuses every action on it too (``LockRespectingPagesAdminAPIViewSet``).
- The page workflow views (action, action data, preview for a task) look the
  page up by id and, when it is not in moderation, say so in a message naming
  its latest (draft) title before asking who is asking: that message is for
  the page's editors and reviewers; anyone else is refused.

The wrapped Wagtail view methods are in ``compat.py`` (installed from ``AppConfig.ready``);
the rules they apply are here and in ``tenancy.py``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


def may_hear_of_moderation(*, user, page, task) -> bool:
    """Whether ``user`` may be told about ``page``'s moderation (its draft title): its editors and reviewers."""
    return bool(page.permissions_for_user(user).can_edit() or task.get_actions(page, user))


class _MediaInReachAPIMixin:
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


class ImagesInReachAdminAPIViewSet(_MediaInReachAPIMixin, ImagesAdminAPIViewSet):
    pass


class DocumentsInReachAdminAPIViewSet(_MediaInReachAPIMixin, DocumentsAdminAPIViewSet):
    pass


class LockRespectingPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """The admin API's pages endpoint, whose page actions honour the page's lock as the editor does."""

    def action_view(self, request, pk, action_name):
        page = self.get_object()
        if page.permissions_for_user(request.user).page_locked():
            raise PermissionDenied(_("This page is locked: it cannot be changed now."))
        return super().action_view(request, pk, action_name)
