"""Recompute every cooperative's activity summary (dashboard, readiness) from pages, workflow and audit log. Safe to
re-run; run it daily (time-bound readiness items) and after bulk imports.
"""

from django.core.management.base import BaseCommand

from dashboard.activity import activity_rebuild


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        count = activity_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{count} cooperatives refreshed."))
