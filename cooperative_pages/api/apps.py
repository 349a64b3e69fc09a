from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativeApiConfig(AppConfig):
    name = "cooperative_pages.api"
    label = "cooperative_api"
    verbose_name = _("Koperasi Merah Putih API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import schema  # noqa: F401  (registers the OpenAPI extensions)
        from .throttling import create_counter_table

        post_migrate.connect(create_counter_table, sender=self)
