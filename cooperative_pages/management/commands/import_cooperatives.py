"""``manage.py import_cooperatives registry.csv``: the national registry into cooperative microsites."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cooperative_pages.onboarding.importer import registry_import
from cooperative_pages.onboarding.registry import COLUMNS, RegistryFileError, parse_registry


class Command(BaseCommand):
    help = (
        "Create or update cooperatives from the national registry CSV (columns: "
        + ",".join(COLUMNS)
        + "). Safe to re-run and to resume after an interruption. Exit status 1 when any row is rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="registry CSV, UTF-8 with or without BOM")
        parser.add_argument("--dry-run", action="store_true", help="validate and count without writing")
        parser.add_argument("--report", type=Path, help="write rejected rows (line, column, reason) to this CSV")
        parser.add_argument("--batch-size", type=int, default=1000, help="cooperatives per transaction")

    def handle(self, *args, file: Path, dry_run: bool, report: Path | None, batch_size: int, **options) -> None:
        started = time.monotonic()
        try:
            with file.open(encoding="utf-8-sig", newline="") as stream:
                parsed = parse_registry(stream)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except RegistryFileError as error:
            raise CommandError(f"{file}: {error}") from error

        show_progress = options["verbosity"] > 0
        with tqdm(
            total=len(parsed.rows), unit="row", desc="import", disable=not show_progress, file=self.stderr
        ) as bar:
            summary = registry_import(rows=parsed.rows, dry_run=dry_run, batch_size=batch_size, progress=bar.update)

        errors = sorted(parsed.errors + summary.errors, key=lambda error: (error.line, error.column))
        rejected = parsed.rejected_lines + summary.rejected
        if report:
            with report.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(["line", "column", "reason", "value"])
                writer.writerows([error.line, error.column, error.reason, error.value] for error in errors)
        elif errors and show_progress:
            for error in errors[:20]:
                self.stderr.write(f"line {error.line}, {error.column or '-'}: {error.reason}")
            if len(errors) > 20:
                self.stderr.write(f"... {len(errors) - 20} more (use --report FILE)")

        verb = "would be " if dry_run else ""
        line = (
            f"{parsed.total} rows: {summary.created} {verb}created, {summary.updated} {verb}updated, "
            f"{summary.unchanged} unchanged, {rejected} rejected in {time.monotonic() - started:.1f} s"
        )
        self.stdout.write(self.style.SUCCESS(line) if not rejected else self.style.WARNING(line))
        if rejected:
            raise SystemExit(1)
