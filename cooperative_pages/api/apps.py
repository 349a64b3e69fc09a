from django.utils.translation import gettext_lazy as _

from cooperative_pages import app_configs


class CooperativeApiConfig(app_configs.PluginAppConfig):
    name = "cooperative_pages.api"
    label = "cooperative_api"
    verbose_name = _("Koperasi Merah Putih API")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import changes, schema  # noqa: F401  (schema registers the OpenAPI extensions)
        from .throttling import create_counter_table

        changes.register()
        post_migrate.connect(create_counter_table, sender=self)
