"""Compare the live products with the marketplace index (database entries and, when SEARCH_URL is set, the search
engine); with --repair, re-index what differs. Exits with status 1 when drift remains.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search import backends, drift


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repair", action="store_true", help="re-index the products that differ")

    def handle(self, *args, repair: bool = False, **options) -> None:
        database = drift.database_drift()
        self._report("database", database)
        if repair and database:
            drift.repair_database(database)
            database = drift.database_drift()
            self._report("database after repair", database)
        try:
            engine = drift.engine_drift()
            if engine is not None:
                self._report("search engine", engine)
                if repair and engine:
                    drift.repair_engine(engine)
                    engine = drift.engine_drift()
                    self._report("search engine after repair", engine)
        except backends.SearchBackendUnavailable as error:
            raise CommandError(f"The search engine is unreachable: {error}") from error
        if database or engine:
            raise CommandError("Drift remains" + ("" if repair else ": run with --repair"), returncode=1)
        self.stdout.write(self.style.SUCCESS("No drift."))

    def _report(self, name: str, found: drift.Drift) -> None:
        style = self.style.WARNING if found else self.style.SUCCESS
        self.stdout.write(
            style(f"{name}: {len(found.missing)} missing, {len(found.extra)} extra, {len(found.stale)} out of date")
        )
