"""Admin and page wiring: readiness on the cooperative page, the facilitator console, agency applications."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import modeladmin_register

from cooperative_pages.tenancy import facilitated_q

from . import admin_views
from .agency_admin import AgencyApplicationAdmin
from .next_work import show_next_work
from .officer_home import hide_site_summary, show_officer_home
from .selectors import readiness_for


@hooks.register("cooperative_page_context")
def readiness_on_cooperative_page(page, request):
    return {"readiness": readiness_for(cooperative_id=page.pk), "sections": ["dashboard/_cooperative_readiness.html"]}


@hooks.register("region_page_context")
def activity_on_region_pages(page, request, region_code, children):
    from .selectors import region_listing_figures

    return region_listing_figures(region_code=region_code, children=children)


@hooks.register("filter_cooperative_directory")
def filter_directory_by_activity(queryset, *, active=None, readiness_min=None):
    from .selectors import cooperatives_filter

    return cooperatives_filter(queryset, active=active, readiness_min=readiness_min)


@hooks.register("cooperative_api_readiness")
def readiness_for_api(cooperatives):
    from .api_readiness import api_readiness

    return api_readiness(cooperatives=cooperatives)


@hooks.register("open_data_cooperative_columns")
def readiness_for_open_data():
    from .api_readiness import open_data_columns

    return open_data_columns()


@hooks.register("cooperative_api_version")
def active_count_version():
    """A cooperative turns inactive with time alone; the number of active ones changes when one does."""
    from .models import CooperativeActivity
    from .selectors import active_cutoff

    return CooperativeActivity.objects.filter(last_approved_publication_at__gte=active_cutoff()).count()


@hooks.register("after_registry_import")
def activity_after_registry_import(summary):
    """``import_cooperatives`` creates microsites with bulk inserts, which send no signals:
    rebuild the activity rows when it created any, or when some cooperative still has
    none (an import killed before this hook ran). Updated rows went through publish signals."""
    from cooperative_pages.models import CooperativePage

    from .activity import activity_rebuild

    if summary.created or CooperativePage.objects.filter(activity__isnull=True).exists():
        activity_rebuild()


@hooks.register("construct_homepage_panels", order=10)  # after the plugin bounds the review panel
def officer_home(request, panels):
    show_officer_home(request, panels)
    show_next_work(request, panels)


@hooks.register("construct_homepage_summary_items", order=100)  # after Wagtail adds its items
def no_site_summary_for_officers(request, summary_items):
    hide_site_summary(request, summary_items)


@hooks.register("register_admin_urls")
def register_console_urls():
    return [
        path("pendamping/", admin_views.facilitator_console, name="dashboard_facilitator_console"),
        path(
            "pendamping/verifikasi/<int:cooperative_id>/",
            admin_views.verify_cooperative,
            name="dashboard_verify_cooperative",
        ),
    ]


class FacilitatorMenuItem(MenuItem):
    def is_shown(self, request):
        return facilitated_q(user=request.user) is not None


@hooks.register("register_admin_menu_item")
def register_console_menu_item():
    return FacilitatorMenuItem(
        _("Facilitator console"), reverse("dashboard_facilitator_console"), icon_name="group", order=250
    )


modeladmin_register(AgencyApplicationAdmin)
