from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativeApiConfig(AppConfig):
    name = "cooperative_pages.api"
    label = "cooperative_api"
    verbose_name = _("Koperasi Merah Putih API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import changes, schema  # noqa: F401  (schema registers the OpenAPI extensions)

        changes.register()
