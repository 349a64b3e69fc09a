"""Create a partner API key (bank, agency, open-data user) and print it; only its hash is stored."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cooperative_pages.api.models import PartnerApiKey, rate_validator

_UNITS = {"s": "second", "sec": "second", "min": "minute", "h": "hour", "d": "day"}


def normalise_rate(value: str) -> str:
    """``100/min`` -> ``100/minute`` (DRF's words); anything the admin form accepts passes."""
    match = re.fullmatch(r"\s*([0-9]+)\s*/\s*([a-z]+)\s*", value.lower())
    if match:
        value = f"{match[1]}/{_UNITS.get(match[2], match[2])}"
    rate_validator(value)
    return value


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Institution and purpose, e.g. 'Bank BRI - KUR'")
        parser.add_argument(
            "--rate", default="6000/hour", help="Requests per second, minute, hour or day, e.g. 600/min (6000/hour)"
        )

    def handle(self, *args, name: str, rate: str, **options) -> None:
        try:
            rate = normalise_rate(rate)
        except ValidationError as error:
            raise CommandError(f"--rate {rate!r}: {' '.join(error.messages)}") from error
        name = name.strip()
        if not name or len(name) > 120:
            raise CommandError("NAME must have 1 to 120 characters.")
        api_key, key = PartnerApiKey.objects.create_key(name=name, rate=rate)
        self.stderr.write(f"Created API key {api_key.prefix} for {name!r} at {rate}. Copy it now: it is not stored.")
        self.stdout.write(key)
