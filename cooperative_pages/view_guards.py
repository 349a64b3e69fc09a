"""Two Wagtail admin views that answer anyone with admin access, wrapped to ask who is asking.
(To move into ``compat.py`` with the other guards: each wraps a Wagtail view it does not own.)

- Tag autocomplete (``/admin/tag-autocomplete/?term=``) suggested every tag in the database,
  other cooperatives' and draft-only ones included: it suggests ``visibility.tags_visible_to``.
  Gap: Wagtail's view filters by the typed prefix only and has no hook.
- The workflow cancellation confirmation (``/admin/pages/workflow/confirm_cancellation/<id>/``)
  told any admin user whether a page id is in moderation, and its workflow and task: it answers
  only users who may edit the page or moderate it. Gap: the view checks no permission.

Installed from ``AppConfig.ready()``, before the admin URLs are imported (they keep a reference to
the autocomplete function). ``RELIED_ON`` names what ``tests/cooperative_pages/test_view_guards.py`` pins.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse

RELIED_ON = (
    "wagtail.admin.views.tags:autocomplete",
    "wagtail.admin.views.tags:TAGS_AUTOCOMPLETE_LIMIT",
    "wagtail.admin.views.pages.workflow:ConfirmWorkflowCancellationView.dispatch",
)


def _scoped_tag_autocomplete(autocomplete):
    from taggit.models import Tag
    from wagtail.admin.views import tags

    from .visibility import tags_visible_to

    @wraps(autocomplete)
    def scoped_autocomplete(request, app_name=None, model_name=None):
        response = autocomplete(request, app_name=app_name, model_name=model_name)  # its 404s and tag model checks
        term = request.GET.get("term")
        if response.status_code != 200 or not term:
            return response
        if app_name and model_name and (app_name, model_name) != (Tag._meta.app_label, Tag._meta.model_name):
            return JsonResponse([], safe=False)  # no other tag model here: nothing to suggest
        names = (
            tags_visible_to(user=request.user)
            .filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[: tags.TAGS_AUTOCOMPLETE_LIMIT]
        )
        return JsonResponse(list(names), safe=False)

    scoped_autocomplete.kmp_scoped = True
    return scoped_autocomplete


def _acting_users_only(dispatch):
    @wraps(dispatch)
    def scoped_dispatch(self, request, *args, **kwargs):
        from .tenancy import user_can_moderate_page

        page = self.object
        if not (
            page.permissions_for_user(request.user).can_edit() or user_can_moderate_page(user=request.user, page=page)
        ):
            raise PermissionDenied
        return dispatch(self, request, *args, **kwargs)

    scoped_dispatch.kmp_scoped = True
    return scoped_dispatch


def install_view_guards() -> None:
    """Wrap the tag autocomplete and the workflow cancellation confirmation once (idempotent)."""
    from wagtail.admin.views import tags
    from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView

    if not getattr(tags.autocomplete, "kmp_scoped", False):
        tags.autocomplete = _scoped_tag_autocomplete(tags.autocomplete)
    if not getattr(ConfirmWorkflowCancellationView.dispatch, "kmp_scoped", False):
        ConfirmWorkflowCancellationView.dispatch = _acting_users_only(ConfirmWorkflowCancellationView.dispatch)
