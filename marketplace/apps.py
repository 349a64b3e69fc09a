from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    """The national storefront and its JSON API over every live product."""

    name = "marketplace"
    label = "kmp_marketplace"
    verbose_name = _("National marketplace")
    default_auto_field = "django.db.models.BigAutoField"
