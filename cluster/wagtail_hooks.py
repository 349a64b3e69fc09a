from wagtail import hooks

from . import page_cache
from .signal_handlers import purge_on_commit


@hooks.register("after_registry_import")
def page_cache_after_registry_import(summary) -> None:
    # The bulk import sends no page signals: new cooperatives appear in every listing.
    purge_on_commit({page_cache.ALL})
