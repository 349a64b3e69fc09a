"""The facilitator console: own regions only, WhatsApp reminders, verification — from both sides."""

from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.models import CooperativeActivity, CooperativeVerification
from tests.dashboard.conftest import add_news
from tests.factories import make_cooperative, make_facilitator, make_officer

CONSOLE = "/admin/pendamping/"


def _denied(response) -> bool:
    """Wagtail turns PermissionDenied in admin views into a redirect to the dashboard with an error."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_facilitator_sees_own_region_with_whatsapp_reminder(workflow_people, client):
    cooperative, officer, facilitator = workflow_people
    add_news(cooperative, officer=officer, title="Menunggu persetujuan")
    client.force_login(facilitator)
    response = client.get(CONSOLE)
    assert response.status_code == 200
    html = response.content.decode()
    assert cooperative.title in html
    assert "Konsol pendamping" in html
    assert "Tidak diperbarui 30 hari" in html  # the stale tab (a fuzzy catalog entry once left it English)
    stale = client.get(CONSOLE, {"show": "stale"}).content.decode()
    assert cooperative.title in stale
    link = next(row.whatsapp_url for row in client.get(CONSOLE, {"show": "stale"}).context["rows"])
    assert link.startswith("https://wa.me/6281234500000?text=")
    text = parse_qs(urlparse(link).query)["text"][0]
    assert cooperative.title in text and "belum" in text and cooperative.url in text
    assert "menunggu persetujuan" in text


def test_other_regions_facilitator_cannot_see_or_verify(workflow_people, client):
    cooperative, officer, _facilitator = workflow_people
    add_news(cooperative, officer=officer)
    other = make_facilitator("pendamping-jateng", "33")
    neighbour = make_cooperative(village_code="33.01.01.2001", name="Koperasi Tetangga Jateng")
    client.force_login(other)
    for show in ("pending", "stale", "gaps"):
        html = client.get(CONSOLE, {"show": show}).content.decode()
        assert cooperative.title not in html
    assert neighbour.title in client.get(CONSOLE, {"show": "stale"}).content.decode()
    assert _denied(client.post(f"{CONSOLE}verifikasi/{cooperative.pk}/", {"verified": "1"}))
    assert not CooperativeVerification.objects.exists()


def test_officer_has_no_console(workflow_people, client):
    cooperative, officer, _facilitator = workflow_people
    client.force_login(officer)
    assert _denied(client.get(CONSOLE))
    assert _denied(client.post(f"{CONSOLE}verifikasi/{cooperative.pk}/", {"verified": "1"}))
    assert not CooperativeVerification.objects.exists()
    assert "pendamping/" not in client.get("/admin/").content.decode()


def test_facilitator_verifies_and_withdraws(workflow_people, client):
    cooperative, _officer, facilitator = workflow_people
    client.force_login(facilitator)
    response = client.post(f"{CONSOLE}verifikasi/{cooperative.pk}/", {"verified": "1", "show": "gaps"})
    assert response.status_code == 302 and response["Location"] == f"{CONSOLE}?show=gaps"
    assert CooperativeActivity.objects.get(cooperative=cooperative).facilitator_verified is True
    assert CooperativeVerification.objects.get().verified_by == facilitator
    client.post(f"{CONSOLE}verifikasi/{cooperative.pk}/", {"verified": "0"})
    assert CooperativeActivity.objects.get(cooperative=cooperative).readiness_score == 0
    assert client.post(f"{CONSOLE}verifikasi/999999/", {"verified": "1"}).status_code == 404
    assert client.get(f"{CONSOLE}verifikasi/{cooperative.pk}/").status_code == 405


# Pinned: the console's stale list, whatever the number of cooperatives in the region.
CONSOLE_QUERIES = 14


def test_console_query_count_is_fixed(workflow_people, client):
    _cooperative, _officer, facilitator = workflow_people
    client.force_login(facilitator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CONSOLE, {"show": "stale"}).status_code == 200
        return len(captured)

    count()  # warm Wagtail's own caches (site root paths)
    before = count()
    for village in ("35.01.01.2002", "35.01.02.2001", "35.01.02.2002"):
        make_officer(f"pengurus-{village}", make_cooperative(village_code=village))
    assert count() == before == CONSOLE_QUERIES
