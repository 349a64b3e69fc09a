"""The public dashboard and its API, from the reader's side."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard.models import ActivitySnapshot, CooperativeActivity
from dashboard.selectors import Scope, dashboard_figures, figures_changed, scope_resolve
from tests.budgets import RATE_LIMIT_QUERIES
from tests.dashboard.conftest import add_news, backdate_publications
from tests.factories import make_cooperative, make_facilitator, make_officer

# The article at 1:10,000-ish scale, per province: (registered, with account, active).
ARTICLE = {"35": (6, 4, 1), "33": (3, 1, 0)}
VILLAGES = {"35": "35.01.01.2001", "33": "33.01.01.2001"}


@pytest.fixture
def article(portal):
    """Cooperatives whose officers did (or did not) activate accounts and publish, matching ``ARTICLE``."""
    facilitators = {code: make_facilitator(f"pendamping-{code}", code) for code in ARTICLE}
    number = 0
    for province, (registered, with_account, active) in ARTICLE.items():
        for i in range(registered):
            number += 1
            cooperative = make_cooperative(village_code=VILLAGES[province])
            if i < with_account:
                officer = make_officer(f"pengurus-{number}", cooperative)
                if i < active:
                    add_news(cooperative, officer=officer, facilitator=facilitators[province])
                elif i == active:
                    # Updated once, 31 days ago: has an account but is no longer active.
                    add_news(cooperative, officer=officer, facilitator=facilitators[province])
                    backdate_publications(cooperative, timezone.now() - timedelta(days=31))
                    call_command("rebuild_activity", stdout=io.StringIO())
    return facilitators


def test_article_situation_is_reported_by_dashboard_api_and_snapshot(article, client):
    national = client.get("/api/dashboard/").json()
    assert national["scope"] == {"level": "national", "code": "", "name": "Indonesia"}
    totals = national["totals"]
    assert (totals["registered"], totals["with_account"], totals["active"]) == (9, 5, 1)
    rows = {row["code"]: row for row in national["regions"]}
    assert len(rows) == 1 or set(ARTICLE) <= set(rows)
    for code, expected in ARTICLE.items():
        assert (rows[code]["registered"], rows[code]["with_account"], rows[code]["active"]) == expected

    east_java = client.get("/api/dashboard/", {"province": "35"}).json()
    assert east_java["totals"]["with_account"] == 4 and east_java["totals"]["active"] == 1
    assert [row["code"] for row in east_java["regions"] if row["registered"]] == ["35.01"]

    html = client.get("/dashboard/").content.decode()
    assert "Dasbor microsite" in html
    for figure in ("9", "5", "1"):
        assert f"<b>{figure}</b>" in html

    call_command("snapshot_activity", stdout=io.StringIO())
    snapshot = ActivitySnapshot.objects.get(region_code="")
    assert (snapshot.registered, snapshot.with_account, snapshot.active) == (9, 5, 1)
    assert ActivitySnapshot.objects.get(region_code="33").active == 0


def test_active_boundary_is_inclusive_at_active_days(workflow_people):
    cooperative, officer, facilitator = workflow_people
    add_news(cooperative, officer=officer, facilitator=facilitator)
    published = CooperativeActivity.objects.get(cooperative=cooperative).last_approved_publication_at
    national = Scope("national")
    at_boundary = dashboard_figures(scope=national, now=published + timedelta(days=30))
    past_boundary = dashboard_figures(scope=national, now=published + timedelta(days=30, seconds=1))
    assert at_boundary["totals"]["active"] == 1
    assert past_boundary["totals"]["active"] == 0


def test_pending_approvals_and_age_of_the_oldest(workflow_people, client):
    cooperative, officer, _facilitator = workflow_people
    add_news(cooperative, officer=officer, title="Pertama")
    add_news(cooperative, officer=officer, title="Kedua")
    CooperativeActivity.objects.update(oldest_pending_since=timezone.now() - timedelta(days=12, hours=1))
    figures_changed()  # a queryset update() sends no signal
    totals = client.get("/api/dashboard/", {"regency": "35.01"}).json()["totals"]
    assert totals["pending_approvals"] == 2
    assert totals["cooperatives_with_pending"] == 1
    assert totals["oldest_pending_days"] == 12


@pytest.mark.parametrize(
    "params",
    [
        {"province": "99"},
        {"province": "35.01"},
        {"regency": "35.99"},
        {"province": "33", "regency": "35.01"},
        {"province": "=1+1"},
        {"kabupaten": "35.01"},
    ],
)
def test_api_rejects_unknown_codes_and_parameters(workflow_people, client, params):
    response = client.get("/api/dashboard/", params)
    assert response.status_code == 400


def test_public_dashboard_unknown_region_is_404_not_500(workflow_people, client):
    assert client.get("/dashboard/", {"province": "99"}).status_code == 404
    assert client.get("/dashboard/", {"regency": "<script>"}).status_code == 404
    assert client.get("/dashboard/csv/nope/").status_code == 404


def test_dashboard_is_in_the_openapi_schema(db, client):  # the API's rate limit counts in the database
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/dashboard/" in schema
    assert "dashboard_figures" in schema


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@override_settings(KMP={"ACTIVE_DAYS": 30, "DASHBOARD_CACHE_SECONDS": 0})
def test_query_count_does_not_grow_with_cooperatives(portal, client):
    make_cooperative(village_code="35.01.01.2001")
    urls = [
        "/dashboard/",
        "/dashboard/?province=35",
        "/api/dashboard/",
        "/dashboard/csv/regions/",
        "/dashboard/?regency=35.01",
    ]
    [_queries(client, url) for url in urls]  # warm Wagtail's own caches (site root paths)
    before = [_queries(client, url) for url in urls]
    for village in ("35.01.01.2002", "35.01.02.2001", "33.01.01.2001", "35.02.01.2001"):
        make_cooperative(village_code=village)
    after = [_queries(client, url) for url in urls]
    assert before == after
    assert max(after) <= 12 + RATE_LIMIT_QUERIES


def test_csv_cells_cannot_become_formulas(portal, client):
    make_cooperative(village_code="35.01.01.2001", name='=HYPERLINK("http://evil","klik")')
    make_cooperative(village_code="35.01.01.2002", name="+cmd|' /C calc'!A0")
    content = client.get("/dashboard/csv/cooperatives/", {"regency": "35.01"}).content.decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(content))][1:]
    assert sorted(names) == sorted(["'+cmd|' /C calc'!A0", '\'=HYPERLINK("http://evil","klik")'])


def test_every_table_downloads(workflow_people, client):
    for table, params in [
        ("regions", {}),
        ("regions", {"province": "35"}),
        ("agency", {}),
        ("trend", {}),
        ("cooperatives", {"regency": "35.01"}),
    ]:
        response = client.get(f"/dashboard/csv/{table}/", params)
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")
    assert client.get("/dashboard/csv/cooperatives/").status_code == 404


def test_snapshot_is_idempotent_per_day(workflow_people):
    call_command("snapshot_activity", stdout=io.StringIO())
    first = list(ActivitySnapshot.objects.values_list("date", "region_code", "registered"))
    make_cooperative(village_code="35.01.01.2002")
    call_command("snapshot_activity", stdout=io.StringIO())
    second = list(ActivitySnapshot.objects.values_list("date", "region_code", "registered"))
    assert [row[:2] for row in first] == [row[:2] for row in second]
    assert {code: n for _d, code, n in second}[""] == 2


def test_trend_line_drawn_from_snapshots(workflow_people, client):
    today = timezone.localdate()
    for days, active in ((2, 0), (1, 3), (0, 5)):
        ActivitySnapshot.objects.create(date=today - timedelta(days=days), registered=9, with_account=5, active=active)
    html = client.get("/dashboard/").content.decode()
    assert "<polyline" in html
    trend = client.get("/api/dashboard/").json()["trend"]
    assert [point["active"] for point in trend] == [0, 3, 5]


def test_scope_resolve_regency_implies_province(workflow_people):
    scope = scope_resolve(regency="35.01")
    assert scope.level == "regency" and scope.region.parent_id == "35"


def test_cached_figures_follow_changes_at_once(workflow_people, client):
    cooperative, officer, facilitator = workflow_people
    assert client.get("/api/dashboard/").json()["totals"]["active"] == 0
    add_news(cooperative, officer=officer, facilitator=facilitator)
    assert client.get("/api/dashboard/").json()["totals"]["active"] == 1
    make_cooperative(village_code="35.01.01.2002")
    assert client.get("/api/dashboard/").json()["totals"]["registered"] == 2


def test_figures_are_served_from_cache_without_queries(workflow_people, client):
    # Three grouped counts of the summary rows, agency applications, provinces, trend; then none but
    # the rate limit's counter.
    assert _queries(client, "/api/dashboard/") == 6 + RATE_LIMIT_QUERIES
    assert _queries(client, "/api/dashboard/") == RATE_LIMIT_QUERIES


@override_settings(KMP={"ACTIVE_DAYS": 30, "READY_SCORE": 70, "DASHBOARD_CACHE_SECONDS": 0})
def test_readiness_bands_ready_active_and_pending_per_region_at_their_boundaries(portal, client):
    now = timezone.now()
    # (village, readiness score, with account, last approved publication days ago, pending, oldest pending days)
    rows = [
        ("35.01.01.2001", 19, True, 1, 2, 5),
        ("35.01.01.2002", 20, True, 29, 1, 12),
        ("35.02.01.2001", 70, False, 31, 0, None),
        ("35.02.01.2002", 100, True, None, 0, None),
        ("33.01.01.2001", 0, False, None, 3, 3),
        ("33.01.01.2002", 69, True, 0, 0, None),
        ("33.01.01.2003", 80, True, 45, 0, None),
    ]
    for village, score, account, published, pending, oldest in rows:
        cooperative = make_cooperative(village_code=village)
        CooperativeActivity.objects.filter(cooperative=cooperative).update(
            readiness_score=score,
            has_activated_officer=account,
            last_approved_publication_at=now - timedelta(days=published) if published is not None else None,
            pending_approvals=pending,
            oldest_pending_since=now - timedelta(days=oldest, hours=1) if oldest is not None else None,
        )

    def figures(row):
        return (
            row["registered"],
            row["with_account"],
            row["active"],
            row["ready"],
            [band["count"] for band in row["readiness"]],
            row["pending_approvals"],
            row["cooperatives_with_pending"],
            row["oldest_pending_days"],
        )

    national = client.get("/api/dashboard/").json()
    assert figures(national["totals"]) == (7, 5, 3, 3, [2, 1, 0, 2, 2], 6, 3, 12)
    provinces = {row["code"]: figures(row) for row in national["regions"]}
    assert provinces["35"] == (4, 3, 2, 2, [1, 1, 0, 1, 1], 3, 2, 12)
    assert provinces["33"] == (3, 2, 1, 1, [1, 0, 0, 1, 1], 3, 1, 3)
    regencies = {row["code"]: figures(row) for row in client.get("/api/dashboard/?province=35").json()["regions"]}
    assert regencies["35.01"] == (2, 2, 2, 0, [1, 1, 0, 0, 0], 3, 2, 12)
    assert regencies["35.02"] == (2, 1, 0, 2, [0, 0, 0, 1, 1], 0, 0, None)
