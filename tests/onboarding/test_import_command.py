"""`import_cooperatives` from the national admin's side: validation, report, idempotency, updates."""

import csv
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Collection, Page, PageLogEntry, Revision

from cooperative_pages.models import (
    CooperativePage,
    GovernanceIndexPage,
    NewsIndexPage,
    ProductIndexPage,
    ProductPage,
)
from tests.factories import make_product

from .conftest import sample_rows, write_registry

pytestmark = pytest.mark.django_db


def run_import(*args) -> tuple[int, str]:
    """Run the command in English (the reasons are asserted on; Indonesian is the default)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with translation.override("en"):
            call_command("import_cooperatives", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def read_report(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_sample_registry_becomes_microsites(sample_regions, sample_file):
    code, out = run_import(sample_file)

    assert code == 0
    assert "10 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert CooperativePage.objects.live().count() == 10
    for cooperative in CooperativePage.objects.all():
        children = Page.objects.child_of(cooperative).live()
        assert [type(page.specific) for page in children] == [ProductIndexPage, NewsIndexPage, GovernanceIndexPage]
        assert cooperative.collection.get_parent().name == "Koperasi"
        assert cooperative.get_parent().specific.region_id == cooperative.village_id[:5]
        assert cooperative.phone.startswith("+62")
    widoro = CooperativePage.objects.get(registry_id="3501010000000001")
    assert widoro.phone == "+6281234560001"
    assert widoro.legal_entity_date.isoformat() == "2025-07-01"
    assert widoro.address == "Jl. Raya Widoro No. 1, Donorojo"
    assert Page.find_problems() == ([], [], [], [], [])


def test_rerun_changes_nothing(sample_regions, sample_file):
    run_import(sample_file)
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count(), Collection.objects.count())

    code, out = run_import(sample_file)

    assert code == 0
    assert "0 created, 0 updated, 10 unchanged, 0 rejected" in out
    assert counts == (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Collection.objects.count(),
    )


def test_file_with_bom_is_read(sample_regions, tmp_path):
    path = write_registry(tmp_path / "bom.csv", sample_rows(), bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    code, out = run_import(path)

    assert code == 0
    assert CooperativePage.objects.count() == 10


def test_dry_run_writes_nothing(sample_regions, sample_file):
    pages = Page.objects.count()

    code, out = run_import(sample_file, "--dry-run")

    assert code == 0
    assert "10 would be created" in out
    assert Page.objects.count() == pages
    assert not CooperativePage.objects.exists()


def _bad_rows() -> list[tuple[str, dict, str]]:
    """(column, overrides, reason fragment) for every rejection reason."""
    return [
        ("registry_id", {"registry_id": ""}, "empty"),
        ("registry_id", {"registry_id": "35 01"}, "letters, digits"),
        ("registry_id", {"registry_id": "9" * 40}, "longer than 32"),
        ("village_code", {"village_code": "35.01.01.9999"}, "unknown village"),
        ("village_code", {"village_code": "35.01"}, "unknown village"),
        ("legal_entity_date", {"legal_entity_date": "2025-02-30"}, "not a valid date"),
        ("legal_entity_date", {"legal_entity_date": "31/07/2025"}, "not a valid date"),
        ("legal_entity_date", {"legal_entity_date": "2999-01-01"}, "future"),
        ("phone", {"phone": "12345"}, "invalid phone"),
        ("phone", {"phone": "+1 555 1234567"}, "invalid phone"),
        ("email", {"email": "not-an-email"}, "invalid e-mail"),
        ("name", {"name": "   "}, "name is empty"),
        ("name", {"name": "K" * 256}, "longer than 255"),
        ("chair_name", {"chair_name": "C" * 121}, "longer than 120"),
    ]


def test_every_bad_row_is_reported_and_valid_rows_still_import(sample_regions, tmp_path):
    good = sample_rows()
    bad = [
        {**good[0], "registry_id": f"99{number:014d}", **overrides}
        for number, (_column, overrides, _reason) in enumerate(_bad_rows())
    ]
    path = write_registry(tmp_path / "mixed.csv", good + bad + [good[1]])  # last: duplicate registry ID
    report = tmp_path / "errors.csv"

    code, out = run_import(path, "--report", report)

    assert code == 1
    assert CooperativePage.objects.count() == 10
    errors = read_report(report)
    expected = [(str(2 + len(good) + n), column, reason) for n, (column, _o, reason) in enumerate(_bad_rows())]
    expected.append((str(2 + len(good) + len(bad)), "registry_id", "duplicate registry ID (first seen on line 3)"))
    assert len(errors) == len(expected)
    for error, (line, column, reason) in zip(errors, expected, strict=True):
        assert (error["line"], error["column"]) == (line, column)
        assert reason in error["reason"]
    assert f"{len(expected)} rejected" in out


def test_wrong_column_count_is_reported_with_its_line(sample_regions, tmp_path):
    path = tmp_path / "short.csv"
    rows = sample_rows()
    write_registry(path, rows[:2])
    with path.open("a", encoding="utf-8") as stream:
        stream.write("3501010000000099,Koperasi Pendek,AHU-1\n")
        stream.write('3501010000000098,"Koperasi\nDua Baris",,,35.01.01.2003,,,,,extra\n')
    report = tmp_path / "errors.csv"

    code, _out = run_import(path, "--report", report)

    assert code == 1
    errors = read_report(report)
    assert [(error["line"], error["column"]) for error in errors] == [("4", ""), ("5", "")]
    assert "expected 9, found 3" in errors[0]["reason"]
    assert "expected 9, found 10" in errors[1]["reason"]
    assert CooperativePage.objects.count() == 2


def test_unusable_file_is_a_clean_error(sample_regions, tmp_path):
    from django.core.management.base import CommandError

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(b"registry_id,name,village_code\n1,Koperasi Caf\xe9,35.01.01.2001\n")
    wrong_header = write_registry(tmp_path / "header.csv", [], columns=["id", "nama"])

    for path in (latin1, wrong_header):
        with pytest.raises(CommandError):
            call_command("import_cooperatives", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not CooperativePage.objects.exists()


def test_changed_row_updates_through_a_revision_and_keeps_officer_content(sample_regions, tmp_path):
    rows = sample_rows()
    run_import(write_registry(tmp_path / "v1.csv", rows))
    cooperative = CooperativePage.objects.get(registry_id=rows[0]["registry_id"])
    # Officer work: a published profile text, a product, and a pending draft.
    cooperative.description = "Koperasi kami menjual beras."
    cooperative.save_revision().publish(skip_permission_checks=True)
    make_product(cooperative)
    draft = cooperative.get_latest_revision_as_object()
    draft.member_count = 120
    draft.save_revision()
    revisions_before = Revision.objects.filter(object_id=str(cooperative.pk)).count()

    rows[0] = {**rows[0], "name": "Koperasi Desa Merah Putih Widoro Makmur", "phone": "0812-9999-0001"}
    code, out = run_import(write_registry(tmp_path / "v2.csv", rows))

    assert code == 0
    assert "0 created, 1 updated, 9 unchanged" in out
    cooperative.refresh_from_db()
    assert cooperative.title == "Koperasi Desa Merah Putih Widoro Makmur"
    assert cooperative.phone == "+6281299990001"
    assert cooperative.description == "Koperasi kami menjual beras."
    assert cooperative.member_count is None  # the officer's draft is not published by the import
    assert cooperative.has_unpublished_changes
    latest = cooperative.get_latest_revision_as_object()
    assert (latest.member_count, latest.title, latest.phone) == (120, cooperative.title, "+6281299990001")
    assert Revision.objects.filter(object_id=str(cooperative.pk)).count() == revisions_before + 2
    assert ProductPage.objects.descendant_of(cooperative).live().count() == 1
    assert PageLogEntry.objects.filter(page=cooperative, action="wagtail.publish").count() == 3

    code, out = run_import(write_registry(tmp_path / "v3.csv", rows))
    assert "0 created, 0 updated, 10 unchanged" in out


def test_a_cooperative_is_not_moved_to_another_regency(sample_regions, tmp_path):
    rows = sample_rows()
    run_import(write_registry(tmp_path / "v1.csv", rows))
    rows[0] = {**rows[0], "village_code": rows[3]["village_code"]}
    report = tmp_path / "errors.csv"

    code, _out = run_import(write_registry(tmp_path / "v2.csv", rows), "--report", report)

    assert code == 1
    [error] = read_report(report)
    assert (error["line"], error["column"]) == ("2", "village_code")
    assert CooperativePage.objects.get(registry_id=rows[0]["registry_id"]).village_id == "35.01.01.2001"
