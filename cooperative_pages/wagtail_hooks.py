"""Admin wiring: choosers, admin API and reports limited to what the user may reach,
the microsite skeleton on creation, role screens."""

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .admin_guards import (
    DocumentsInReachAdminAPIViewSet,
    ImagesInReachAdminAPIViewSet,
    LockRespectingPagesAdminAPIViewSet,
)
from .models import CooperativePage
from .review_panel import bound_review_panel
from .services import cooperative_sections_ensure
from .tenancy import chooser_pages_q, is_national_moderator, user_authors_page
from .viewsets import RolesViewSetGroup, region_chooser_viewset


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_pages(pages, request):
    if request.user.is_superuser:
        return pages
    return pages.filter(chooser_pages_q(user=request.user))


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
