"""Write every public cooperative (with readiness) and product as gzip'd CSV and JSON Lines, with a Data Package schema,
and make them current at /api/open-data/. Safe to re-run; run it nightly.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from cooperative_pages.api.export import open_data_export


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()

        def progress(table: str, rows: int) -> None:
            self.stdout.write(f"{table}: {rows:,} rows ({time.perf_counter() - started:.1f} s)")

        manifest = open_data_export(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Open data {manifest['version']} published ({len(manifest['files'])} files, "
                f"feed cursor {manifest['cursor']}) in {time.perf_counter() - started:.1f} s."
            )
        )
