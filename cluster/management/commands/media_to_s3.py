"""Copy the media of a local folder (default MEDIA_ROOT) into the object storage configured by DJANGO_MEDIA_S3_*, under
the same names, so every image, rendition and document row stays valid. Renditions go to the public rendition
storage, everything else stays private. Resumable: a file already in the bucket with the same size is skipped.
--delete-local removes each copied file.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

RENDITION_FOLDER = "images/"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", default=str(settings.MEDIA_ROOT), help="Local media folder.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be copied.")
        parser.add_argument("--delete-local", action="store_true", help="Delete each local file once copied.")

    def handle(self, *args, source: str, dry_run: bool, delete_local: bool, **options) -> None:
        default, renditions = storages["default"], storages[self.rendition_alias()]
        if isinstance(default, FileSystemStorage):
            raise CommandError("The media storage is the local disk: set DJANGO_MEDIA_S3_BUCKET and the rest first.")
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"No folder {root}.")
        files = sorted(path for path in root.rglob("*") if path.is_file())
        copied = skipped = 0
        for path in tqdm(files, unit="file", disable=options["verbosity"] == 0):
            name = path.relative_to(root).as_posix()
            storage = renditions if name.startswith(RENDITION_FOLDER) else default
            if storage.exists(name) and storage.size(name) == path.stat().st_size:
                skipped += 1
            else:
                copied += 1
                if not dry_run:
                    self.copy(storage, name, path)
            if delete_local and not dry_run:
                path.unlink()
        verb = "to copy" if dry_run else "copied"
        self.stdout.write(self.style.SUCCESS(f"{len(files)} files: {copied} {verb}, {skipped} already there."))

    @staticmethod
    def copy(storage, name: str, path: Path) -> None:
        # An S3 object appears whole or not at all: a run killed mid-file leaves nothing to repair.
        with path.open("rb") as handle:
            saved = storage.save(name, handle)
        if saved != name:
            raise CommandError(f"{name} was stored as {saved}: the bucket already holds a different file so named.")

    @staticmethod
    def rendition_alias() -> str:
        alias = getattr(settings, "WAGTAILIMAGES_RENDITION_STORAGE", "default")
        return alias if isinstance(alias, str) and alias in settings.STORAGES else "default"
