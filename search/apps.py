from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The marketplace's product index and its queries (SQLite FTS5, PostgreSQL or OpenSearch)."""

    name = "search"
    label = "kmp_search"
    verbose_name = _("Marketplace search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
