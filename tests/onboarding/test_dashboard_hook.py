"""The bulk import sends no page signals; the dashboard's ``after_registry_import`` hook
gives the new cooperatives their activity rows in the same command."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperative_pages.models import CooperativePage
from dashboard.models import CooperativeActivity

from .test_import_command import run_import

pytestmark = pytest.mark.django_db


def test_imported_cooperatives_get_their_activity_rows(sample_regions, sample_file):
    code, _out = run_import(sample_file)

    assert code == 0
    rows = {row.cooperative_id: row for row in CooperativeActivity.objects.all()}
    cooperatives = list(CooperativePage.objects.all())
    assert len(cooperatives) == 10
    assert set(rows) == {cooperative.pk for cooperative in cooperatives}
    for cooperative in cooperatives:
        assert rows[cooperative.pk].regency_id == cooperative.village_id[:5]
        assert rows[cooperative.pk].has_activated_officer is False


def test_unchanged_rerun_writes_no_activity_rows(sample_regions, sample_file):
    run_import(sample_file)

    with CaptureQueriesContext(connection) as queries:
        code, out = run_import(sample_file)

    assert code == 0
    assert "10 unchanged" in out
    activity = [query["sql"] for query in queries if "dashboard_cooperativeactivity" in query["sql"]]
    assert len(activity) == 1  # the check for cooperatives without a row
    assert activity[0].lstrip().upper().startswith("SELECT")


def test_rerun_after_an_interrupted_import_fills_missing_rows(sample_regions, sample_file):
    """An import killed after its last batch but before the hook leaves cooperatives without rows."""
    run_import(sample_file)
    CooperativeActivity.objects.filter(cooperative__registry_id="3501010000000001").delete()

    code, out = run_import(sample_file)

    assert code == 0
    assert "10 unchanged" in out
    assert CooperativeActivity.objects.count() == 10
