from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, page_cache
from .signal_handlers import purge_on_commit


@hooks.register("after_registry_import")
def page_cache_after_registry_import(summary) -> None:
    # The bulk import sends no page signals: new cooperatives appear in every listing.
    purge_on_commit({page_cache.ALL})


@hooks.register("register_admin_urls")
def register_task_urls():
    return [
        path("tugas/", admin_views.tasks_overview, name="cluster_tasks"),
        path("tugas/<uuid:task_id>/ulangi/", admin_views.task_retry, name="cluster_task_retry"),
    ]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_task_menu_item():
    return AdministratorMenuItem(_("Background tasks"), reverse("cluster_tasks"), icon_name="cogs", order=900)
