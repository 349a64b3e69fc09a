from django.utils.translation import gettext_lazy as _

from . import app_configs


class CooperativePagesConfig(app_configs.PluginAppConfig):
    name = "cooperative_pages"
    verbose_name = _("Koperasi Merah Putih")

    def ready(self) -> None:
        from . import compat, conf, permissions, signal_handlers
        from .models import ProvincePage

        # Province pages hang under the host's portal page; the host names its type.
        ProvincePage.parent_page_types = conf.get("PORTAL_PAGE_TYPES")
        permissions.register_policies()
        signal_handlers.register()
        compat.install_admin_guards()
