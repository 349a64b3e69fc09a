"""Admin wiring: choosers, admin API and reports limited to what the user may reach,
the microsite skeleton on creation, role screens."""

from django.contrib import messages
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .action_menu import editor_script, submit_first
from .admin_guards import (
    DocumentsInReachAdminAPIViewSet,
    ImagesInReachAdminAPIViewSet,
    LockRespectingPagesAdminAPIViewSet,
)
from .avatars import initials_avatar_url
from .help import GuideView, help_menu_items
from .models import CooperativePage
from .review_panel import bound_review_panel
from .services import cooperative_sections_ensure
from .submissions import display_name, requested_changes
from .tenancy import chooser_pages_q, is_national_moderator, user_authors_page
from .viewsets import RolesViewSetGroup, region_chooser_viewset
from .visibility import ancestors_are_live


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_pages(pages, request):
    if request.user.is_superuser:
        return pages
    return pages.filter(chooser_pages_q(user=request.user))


@hooks.register("before_serve_page")
def hide_pages_below_unpublished_ones(page, request, serve_args, serve_kwargs):
    # Wagtail routes through an unpublished cooperative to its live products (visibility.py).
    if not ancestors_are_live(page):
        raise Http404


@hooks.register("before_edit_page")
def refuse_revert_to_reviewers(request, page):
    # A reviewer (a facilitator) opens the editor only because the page waits at their
    # task (Task.user_can_access_editor), to decide on the submission; bringing back an
    # earlier revision is for the page's own editors.
    if request.resolver_match.view_name != "wagtailadmin_pages:revisions_revert" or request.user.is_superuser:
        return None
    if user_authors_page(user=request.user, page=page):
        return None
    return permission_denied(request)


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    # "Perbaiki" opens the editor: say at the top, in full, what the facilitator asked for.
    task_state = requested_changes(page=page) if request.method == "GET" else None
    if task_state is None:
        return
    who = display_name(task_state.finished_by)
    if task_state.comment:
        text = format_html("{} <q>{}</q> — {}", _("The facilitator asked for changes:"), task_state.comment, who)
    else:
        text = _("%(name)s asked for changes.") % {"name": who}
    messages.warning(request, text)


@hooks.register("construct_admin_api", order=100)  # after wagtail.images/documents register theirs
def guard_admin_api(router):
    router.register_endpoint("pages", LockRespectingPagesAdminAPIViewSet)
    router.register_endpoint("images", ImagesInReachAdminAPIViewSet)
    router.register_endpoint("documents", DocumentsInReachAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def hide_national_reports(request, menu_items):
    if not is_national_moderator(user=request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register("construct_homepage_panels")
def bound_awaiting_review_panel(request, panels):
    bound_review_panel(panels)


@hooks.register("get_avatar_url")
def avatar_from_initials(user, size):
    return initials_avatar_url(user, size)


@hooks.register("insert_global_admin_css")
def officer_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("cooperative_pages/admin/officer.css"))


@hooks.register("insert_global_admin_js")
def editor_js():
    # Global, not only in the editor: the page after a send (the dashboard) clears the local copy.
    return editor_script()


@hooks.register("construct_page_action_menu")
def send_to_facilitator_first(menu_items, request, context):
    submit_first(menu_items)


@hooks.register("after_create_page")
def complete_new_cooperative(request, page):
    if isinstance(page.specific, CooperativePage):
        cooperative_sections_ensure(cooperative=page.specific, user=request.user)


@hooks.register("register_admin_viewset")
def register_region_chooser():
    return region_chooser_viewset


@hooks.register("register_admin_viewset")
def register_roles():
    return RolesViewSetGroup()


@hooks.register("register_admin_urls")
def register_officer_invitation_urls():
    from django.urls import include, path

    from .onboarding import admin_urls

    return [path("koperasi/pengurus/", include(admin_urls, namespace="kmp_officers"))]


@hooks.register("register_admin_urls")
def register_guide_url():
    from django.urls import path

    return [path("bantuan/", GuideView.as_view(), name="kmp_guide")]


@hooks.register("register_admin_urls")
def register_quick_action_urls():
    from django.urls import include, path

    from . import quick_actions

    return [path("koperasi/produk/", include((quick_actions.urlpatterns, "kmp_products")))]


@hooks.register("register_page_listing_more_buttons")
def product_quick_actions(page, user, next_url=None):
    from .quick_actions import product_list_buttons

    yield from product_list_buttons(page, user, next_url=next_url)


@hooks.register("construct_help_menu")
def guide_in_help_menu(request, menu_items):
    help_menu_items(menu_items)


@hooks.register("register_admin_menu_item")
def register_officer_invitation_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    from .tenancy import user_manages_officers

    class OfficerInvitationMenuItem(MenuItem):
        def is_shown(self, request):
            return user_manages_officers(user=request.user)

    return OfficerInvitationMenuItem(
        _("Cooperative officers"), reverse("kmp_officers:index"), icon_name="user", order=310
    )
