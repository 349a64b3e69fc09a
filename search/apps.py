from django.utils.translation import gettext_lazy as _

from cooperative_pages import app_configs


class SearchConfig(app_configs.SignalHandlersAppConfig):
    """The marketplace's product index and its queries (SQLite FTS5, PostgreSQL or OpenSearch)."""

    name = "search"
    label = "kmp_search"
    verbose_name = _("Marketplace search")
