"""Financing readiness: each checklist item at its boundary, the cooperative page, the bank CSV, the API filter."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageLogEntry

from cooperative_pages.models import CooperativePage, GovernanceKind, NewsPage
from dashboard import readiness
from dashboard.activity import activity_rebuild
from dashboard.models import CooperativeActivity
from dashboard.selectors import cooperatives_filter
from dashboard.services import verification_set
from tests.budgets import RATE_LIMIT_QUERIES
from tests.dashboard.conftest import add_governance, add_news
from tests.factories import make_cooperative, make_facilitator, make_product

FULL_PROFILE = {
    "description": "Koperasi desa",
    "address": "Jl. Raya 1",
    "chair_name": "Ibu Sri",
    "member_count": 120,
    "legal_entity_number": "AHU-0001234.AH.01.29.TAHUN 2025",
}


def _activity(cooperative) -> CooperativeActivity:
    return CooperativeActivity.objects.get(cooperative=cooperative)


def _ready_cooperative(village_code="35.01.01.2001", **fields):
    """A cooperative with every item except regular updates and verification (75 points)."""
    cooperative = make_cooperative(village_code=village_code, **{**FULL_PROFILE, **fields})
    for kind in (GovernanceKind.BOARD, GovernanceKind.ARTICLES, GovernanceKind.FINANCIAL_STATEMENT):
        add_governance(cooperative, kind=kind)
    add_governance(cooperative, kind=GovernanceKind.ANNUAL_MEETING, document_date=timezone.localdate())
    make_product(cooperative)
    return cooperative


def test_checklist_weights_sum_to_100():
    assert sum(item.points for item in readiness.CHECKLIST) == 100
    assert readiness.score(dict.fromkeys(readiness.FLAG_FIELDS, True)) == 100


def test_bare_cooperative_scores_zero_and_each_item_counts(workflow_people):
    cooperative, _officer, facilitator = workflow_people
    assert _activity(cooperative).readiness_score == 0
    ready = _ready_cooperative(village_code="35.01.01.2002")
    activity = _activity(ready)
    assert activity.profile_complete and activity.has_legal_entity_number and activity.has_board
    assert activity.has_articles and activity.has_recent_annual_meeting and activity.has_financial_statement
    assert activity.has_products and not activity.updates_regularly and not activity.facilitator_verified
    assert activity.readiness_score == 75
    verification_set(cooperative=ready, user=facilitator, verified=True)
    assert _activity(ready).readiness_score == 85


def test_profile_missing_one_field_is_incomplete(portal):
    cooperative = make_cooperative(**{**FULL_PROFILE, "member_count": None})
    assert _activity(cooperative).profile_complete is False
    assert _activity(cooperative).has_legal_entity_number is True


@pytest.mark.parametrize(("age_days", "counts"), [(365, True), (366, False)])
def test_annual_meeting_report_must_be_within_12_months(portal, age_days, counts):
    cooperative = make_cooperative()
    add_governance(
        cooperative, kind=GovernanceKind.ANNUAL_MEETING, document_date=timezone.localdate() - timedelta(days=age_days)
    )
    assert _activity(cooperative).has_recent_annual_meeting is counts


def test_unpublished_governance_does_not_count(portal):
    cooperative = make_cooperative()
    page = add_governance(cooperative, kind=GovernanceKind.BOARD)
    assert _activity(cooperative).has_board is True
    page.unpublish()
    assert _activity(cooperative).has_board is False


@pytest.mark.parametrize(("periods", "regular"), [(4, True), (3, False)])
def test_regular_updates_need_four_of_six_months(workflow_people, periods, regular):
    cooperative, officer, facilitator = workflow_people
    news = add_news(cooperative, officer=officer, facilitator=facilitator)
    PageLogEntry.objects.filter(page=news, action="wagtail.publish").delete()
    now = timezone.now()
    for period in range(periods):
        # Two publications in one period count once.
        for extra_hours in (1, 2):
            PageLogEntry.objects.create(
                content_type=news.content_type,
                page=news,
                action="wagtail.publish",
                user=facilitator,
                label=news.title,
                timestamp=now - timedelta(days=30 * period, hours=extra_hours),
            )
    activity_rebuild()
    assert _activity(cooperative).updates_regularly is regular


def test_only_the_regions_facilitator_may_verify(workflow_people):
    cooperative, officer, _facilitator = workflow_people
    outsider = make_facilitator("pendamping-jateng", "33")
    with pytest.raises(PermissionDenied):
        verification_set(cooperative=cooperative, user=outsider, verified=True)
    with pytest.raises(PermissionDenied):
        verification_set(cooperative=cooperative, user=officer, verified=True)
    assert _activity(cooperative).facilitator_verified is False


def test_cooperative_page_shows_score_and_checklist_in_fixed_queries(workflow_people, client):
    bare, _officer, facilitator = workflow_people
    first = _ready_cooperative(village_code="35.01.01.2002")
    second = _ready_cooperative(village_code="35.01.01.2003")
    verification_set(cooperative=second, user=facilitator, verified=True)

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    count_first, html = queries(first)
    assert "Kesiapan pembiayaan" in html and '<strong class="score">75</strong>' in html
    assert "✓ Laporan keuangan" in html and "✗ Diverifikasi pendamping" in html
    count_second, html = queries(second)
    assert '<strong class="score">85</strong>' in html and "✓ Diverifikasi pendamping" in html
    assert count_first == count_second
    _count, html = queries(bare)
    assert '<strong class="score">0</strong>' in html


def test_readiness_page_explains_every_item(client):
    html = client.get("/dashboard/kesiapan-pembiayaan/").content.decode()
    for item in ("Profil lengkap", "Laporan RAT 12 bulan terakhir", "Diverifikasi pendamping"):
        assert item in html


def test_cooperatives_filter_by_active_and_readiness(workflow_people):
    cooperative, officer, facilitator = workflow_people
    ready = _ready_cooperative(village_code="35.01.01.2002")
    add_news(cooperative, officer=officer, facilitator=facilitator)
    base = CooperativePage.objects.all()
    assert list(cooperatives_filter(base, active=True)) == [cooperative]
    assert list(cooperatives_filter(base, active=False)) == [ready]
    assert list(cooperatives_filter(base, readiness_min=75)) == [ready]
    assert list(cooperatives_filter(base, readiness_min=76)) == []
    assert cooperatives_filter(base, active=True, readiness_min=0).count() == 1


def test_bank_csv_lists_ready_cooperatives_with_evidence_links(portal, client):
    ready = _ready_cooperative()
    make_cooperative(village_code="35.01.01.2002")  # not ready
    elsewhere = _ready_cooperative(village_code="33.01.01.2001")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dashboard/kesiapan-pembiayaan/bank.csv", {"province": "35"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["registry_id"] for row in rows] == [ready.registry_id]
    row = rows[0]
    assert row["readiness_score"] == "75"
    # absolute from KMP["PUBLIC_BASE_URL"], whatever host the request came to
    assert row["microsite"] == f"http://127.0.0.1:8000{ready.url}"
    for column in ("board_of_officers", "articles_of_association", "annual_meeting_report", "financial_statement"):
        assert row[column].startswith(f"http://127.0.0.1:8000{ready.url}tata-kelola/"), column
    assert row["products"] == f"http://127.0.0.1:8000{ready.url}produk/"
    assert elsewhere.registry_id not in response.content.decode()
    assert len(captured) == 5 + RATE_LIMIT_QUERIES  # the export's queries, then the CSV rate limit
    assert client.get("/dashboard/kesiapan-pembiayaan/bank.csv").status_code == 400
    assert client.get("/dashboard/kesiapan-pembiayaan/bank.csv", {"province": "99"}).status_code == 404
    assert NewsPage.objects.count() == 0


def test_directory_api_filters_by_active_and_readiness(workflow_people, client):
    cooperative, officer, facilitator = workflow_people
    ready = _ready_cooperative(village_code="35.01.01.2002")
    add_news(cooperative, officer=officer, facilitator=facilitator)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/cooperatives/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("active=true") == [cooperative.pk]
    assert ids("active=false") == [ready.pk]
    assert ids("readiness_min=75") == [ready.pk]
    assert ids("readiness_min=76") == []
    assert sorted(ids("province=35")) == sorted([cooperative.pk, ready.pk])  # no filter when absent
    for bad in ("active=maybe", "readiness_min=101", "readiness_min=-1", "readiness_min=x"):
        response = client.get(f"/api/cooperatives/?{bad}")
        assert response.status_code == 400, bad
        # RFC 9457 problem details naming the parameter (the API's one error format)
        assert bad.split("=")[0] in [error["parameter"] for error in response.json()["errors"]], bad
