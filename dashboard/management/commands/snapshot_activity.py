"""Record today's dashboard figures (nation, provinces, regencies) for the trend charts; re-running overwrites."""

from django.core.management.base import BaseCommand

from dashboard.snapshots import snapshot_take


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Rebuild every activity summary first.")

    def handle(self, *args, rebuild: bool = False, **options) -> None:
        if rebuild:
            from dashboard.activity import activity_rebuild

            activity_rebuild()
        count = snapshot_take()
        self.stdout.write(self.style.SUCCESS(f"{count} snapshot rows recorded for today."))
