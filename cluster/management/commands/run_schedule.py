"""Start today's due daily jobs (settings.KMP_SCHEDULE) that no node has started yet. Safe to run from cron on every
node, e.g. every 10 minutes: each job runs once a day for the whole cluster. Task workers (kmp_worker) do this by
themselves.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cluster.schedule import claim_due_jobs, jobs


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        claimed = claim_due_jobs()
        for job in jobs():
            state = "started" if job.name in claimed else "not due or already started today"
            self.stdout.write(f"{job.name} (daily at {job.at:%H:%M}): {state}")
