"""The registry column map (``REGISTRY_COLUMNS``) drives validation, the bulk create and the update."""

import pytest

from cooperative_pages.models import CooperativePage
from cooperative_pages.onboarding.importer import registry_import
from cooperative_pages.onboarding.registry import COLUMNS, REGISTRY_COLUMNS, REGISTRY_FIELDS, parse_registry

from .conftest import sample_rows, write_registry

pytestmark = pytest.mark.django_db


def changed_row(first: dict, second: dict) -> dict:
    """``first`` with a new value in every column an update may change: the values of
    ``second`` (a village of the same regency), where they differ (the registry ID is the key)."""
    changed = {**second, "registry_id": first["registry_id"], "legal_entity_date": "2025-08-17"}
    changed["email"] = changed["email"] or "baru@example.id"
    assert [name for name in COLUMNS if changed[name] == first[name]] == ["registry_id"]
    return changed


def parse(rows, tmp_path):
    with write_registry(tmp_path / "registry.csv", rows).open(encoding="utf-8", newline="") as stream:
        return parse_registry(stream)


def test_every_column_fills_a_cooperative_field_and_every_field_is_a_column():
    assert {column.name for column in REGISTRY_COLUMNS} == set(COLUMNS)
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
    first, second = sample_rows()[:2]
    registry_import(rows=parse([first], tmp_path).rows)
    cooperative = CooperativePage.objects.get(registry_id=first["registry_id"])
    cooperative.description = "Profil dari pengurus."
    cooperative.save_revision().publish(skip_permission_checks=True)

    changed = parse([changed_row(first, second)], tmp_path)
    summary = registry_import(rows=changed.rows)

    assert (summary.updated, summary.errors) == (1, [])
    cooperative.refresh_from_db()
    stored = {name: getattr(cooperative, name) for name in REGISTRY_FIELDS}
    assert stored == changed.rows[0].cooperative_values()
    assert cooperative.phone == "+6281234560002"
    assert cooperative.draft_title == second["name"]
    assert cooperative.description == "Profil dari pengurus."
