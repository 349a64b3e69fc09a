"""The registry column map (``REGISTRY_COLUMNS``) drives validation, the bulk create and the update."""

import pytest

from cooperative_pages.models import CooperativePage
from cooperative_pages.onboarding.importer import registry_import
from cooperative_pages.onboarding.registry import COLUMNS, REGISTRY_COLUMNS, REGISTRY_FIELDS, parse_registry

from .conftest import sample_rows, write_registry

pytestmark = pytest.mark.django_db

# A new value for every column an update may change (the registry ID is the key;
# the village may change within its regency only).
CHANGED = {
    "name": "Koperasi Desa Merah Putih Widoro Makmur",
    "legal_entity_number": "AHU-0000999.AH.01.29.TAHUN 2025",
    "legal_entity_date": "2025-08-17",
    "village_code": "35.01.01.2002",
    "address": "Jl. Baru No. 2",
    "phone": "0812-9999-0001",
    "email": "baru@example.id",
    "chair_name": "Siti Aminah",
}


def parse(rows, tmp_path):
    with write_registry(tmp_path / "registry.csv", rows).open(encoding="utf-8", newline="") as stream:
        return parse_registry(stream)


def test_every_column_fills_a_cooperative_field_and_every_field_is_a_column():
    assert {column.name for column in REGISTRY_COLUMNS} == set(COLUMNS)
    assert set(CHANGED) | {"registry_id"} == set(COLUMNS)
    for name in REGISTRY_FIELDS:
        CooperativePage._meta.get_field(name)  # raises FieldDoesNotExist


def test_bulk_create_stores_every_mapped_value(sample_regions, tmp_path):
    parsed = parse(sample_rows()[:1], tmp_path)
    assert not parsed.errors
    row = parsed.rows[0]

    registry_import(rows=parsed.rows)

    stored = CooperativePage.objects.values(*REGISTRY_FIELDS).get(registry_id=row.registry_id)
    assert stored == row.cooperative_values()
    assert stored["title"] == row.name and stored["village_id"] == row.village_code


def test_update_changes_every_mapped_field_and_nothing_else(sample_regions, tmp_path):
    first = sample_rows()[:1]
    registry_import(rows=parse(first, tmp_path).rows)
    cooperative = CooperativePage.objects.get(registry_id=first[0]["registry_id"])
    cooperative.description = "Profil dari pengurus."
    cooperative.save_revision().publish(skip_permission_checks=True)

    changed = parse([{**first[0], **CHANGED}], tmp_path)
    summary = registry_import(rows=changed.rows)

    assert (summary.updated, summary.errors) == (1, [])
    cooperative.refresh_from_db()
    stored = {name: getattr(cooperative, name) for name in REGISTRY_FIELDS}
    assert stored == changed.rows[0].cooperative_values()
    assert cooperative.phone == "+6281299990001"
    assert cooperative.draft_title == CHANGED["name"]
    assert cooperative.description == "Profil dari pengurus."
