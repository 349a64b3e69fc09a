from django.utils.translation import gettext_lazy as _

from cooperative_pages import app_configs


class MarketplaceConfig(app_configs.PluginAppConfig):
    """The national storefront and its JSON API over every live product."""

    name = "marketplace"
    label = "kmp_marketplace"
    verbose_name = _("National marketplace")
