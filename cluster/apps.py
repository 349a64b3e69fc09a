from django.utils.translation import gettext_lazy as _

from cooperative_pages import app_configs


class ClusterConfig(app_configs.SignalHandlersAppConfig):
    name = "cluster"
    verbose_name = _("Cluster operations")
