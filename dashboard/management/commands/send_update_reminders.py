"""E-mail the officers of cooperatives without an approved update for KMP['ACTIVE_DAYS'] days, and each facilitator a
digest of those in their regions. Safe to re-run: nobody gets the same reminder twice a day.
"""

from django.core.management.base import BaseCommand

from dashboard.reminders import reminders_send


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        result = reminders_send()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.officers} officer reminders, {result.facilitators} facilitator digests sent; "
                f"{result.skipped} already sent today."
            )
        )
        for email in result.failed:
            self.stderr.write(self.style.ERROR(f"Failed (will retry on the next run): {email}"))
