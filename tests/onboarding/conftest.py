import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from cooperative_pages.onboarding.registry import COLUMNS
from tests.factories import region_chain

SAMPLE = Path(settings.BASE_DIR) / "home" / "demo" / "registry.csv"


def sample_rows() -> list[dict]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def write_registry(path: Path, rows: list[dict], *, bom: bool = False, columns=COLUMNS) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sample_regions(portal):
    """The real regions of every village in the sample registry."""
    for row in sample_rows():
        region_chain(row["village_code"])
    return portal


@pytest.fixture
def sample_file(tmp_path) -> Path:
    target = tmp_path / "registry.csv"
    shutil.copy(SAMPLE, target)
    return target
