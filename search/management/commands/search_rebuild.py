"""Recompute the marketplace entries of every product from the pages, then (when SEARCH_URL is set) fill a new engine
index and swap the alias to it: searches keep working throughout. Safe to re-run.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cooperative_pages.models import ProductPage
from search import backends, indexing
from search.models import MarketplaceEntry


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--engine-only", action="store_true", help="only rebuild the engine from the entries")

    def handle(self, *args, engine_only: bool = False, **options) -> None:
        if not engine_only:
            ids = sorted(
                set(ProductPage.objects.values_list("pk", flat=True))
                | set(MarketplaceEntry.objects.values_list("page_id", flat=True))
            )
            written = 0
            for start in tqdm(range(0, len(ids), indexing.BATCH_SIZE), unit="batch", disable=options["verbosity"] < 1):
                written += indexing.index_products(page_ids=ids[start : start + indexing.BATCH_SIZE], sync_engine=False)
            self.stdout.write(f"Database index: {written} entries for {len(ids)} products.")
        engine = backends.engine_backend()
        if engine is None:
            return
        try:
            count = engine.rebuild(entries=MarketplaceEntry.objects.order_by("pk").iterator(chunk_size=2000))
        except backends.SearchBackendUnavailable as error:
            raise CommandError(f"The search engine is unreachable: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Search engine index rebuilt with {count} entries (alias swapped)."))
