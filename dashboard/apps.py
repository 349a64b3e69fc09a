from django.utils.translation import gettext_lazy as _

from cooperative_pages import app_configs


class DashboardConfig(app_configs.SignalHandlersAppConfig):
    name = "dashboard"
    verbose_name = _("Transparency dashboard")
