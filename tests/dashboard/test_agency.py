"""Agency applications: officers file, the region's facilitator verifies, an admin decides — and nobody
acts outside their own cooperatives or regions."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from dashboard.models import AgencyApplication, AgencyStatus
from dashboard.services import agency_application_decide, agency_application_file, agency_application_verify
from tests.factories import make_cooperative, make_facilitator, make_officer, make_user

BASE = "/admin/dashboard/agencyapplication/"


def _denied(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def people(workflow_people):
    cooperative, officer, facilitator = workflow_people
    other = make_cooperative(village_code="33.01.01.2001", name="Koperasi Jateng")
    other_officer = make_officer("pengurus-jateng", other)
    other_facilitator = make_facilitator("pendamping-jateng", "33")
    admin = make_user("admin-kementerian")
    admin.user_permissions.add(Permission.objects.get(codename="decide_agencyapplication"))
    admin.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return {
        "cooperative": cooperative,
        "officer": officer,
        "facilitator": facilitator,
        "other": other,
        "other_officer": other_officer,
        "other_facilitator": other_facilitator,
        "admin": admin,
    }


def test_full_flow_through_the_admin(people, client):
    client.force_login(people["officer"])
    form = client.get(BASE + "create/")
    assert form.status_code == 200
    choices = list(form.context["form"].fields["cooperative"].queryset)
    assert choices == [people["cooperative"]]
    response = client.post(
        BASE + "create/", {"cooperative": people["cooperative"].pk, "kind": "lpg", "partner": "Pertamina", "note": ""}
    )
    assert response.status_code == 302
    application = AgencyApplication.objects.get()
    assert application.submitted_by == people["officer"] and application.province_id == "35"
    assert application.regency_id == "35.01" and application.status == AgencyStatus.SUBMITTED

    client.force_login(people["facilitator"])
    assert "Koperasi" in client.get(BASE).content.decode()
    assert client.post(f"{BASE}verify/{application.pk}/").status_code == 302
    application.refresh_from_db()
    assert application.status == AgencyStatus.VERIFIED and application.verified_by == people["facilitator"]

    client.force_login(people["admin"])
    assert client.post(f"{BASE}approve/{application.pk}/", {"note": "Lanjut ke Pertamina"}).status_code == 302
    application.refresh_from_db()
    assert application.status == AgencyStatus.APPROVED and application.decision_note == "Lanjut ke Pertamina"


def test_officer_cannot_file_for_another_cooperative(people, client):
    client.force_login(people["officer"])
    response = client.post(BASE + "create/", {"cooperative": people["other"].pk, "kind": "lpg"})
    assert response.status_code == 200  # the form refuses the choice
    assert not AgencyApplication.objects.exists()
    with pytest.raises(PermissionDenied):
        agency_application_file(user=people["officer"], cooperative=people["other"], kind="lpg")
    client.force_login(people["facilitator"])
    assert _denied(client.get(BASE + "create/"))


def test_others_cannot_see_or_act(people, client):
    application = agency_application_file(user=people["officer"], cooperative=people["cooperative"], kind="pos")
    foreign = agency_application_file(user=people["other_officer"], cooperative=people["other"], kind="lpg")
    # The other region's officer and facilitator: not in their list, no inspect, no verify.
    for intruder in (people["other_officer"], people["other_facilitator"]):
        client.force_login(intruder)
        listing = client.get(BASE)
        assert listing.status_code == 200
        assert [row.pk for row in listing.context["object_list"]] == [foreign.pk]
        assert _denied(client.get(f"{BASE}inspect/{application.pk}/"))
        assert _denied(client.post(f"{BASE}verify/{application.pk}/"))
        assert _denied(client.post(f"{BASE}reject/{application.pk}/"))
    # The officer may not verify or decide their own application.
    client.force_login(people["officer"])
    assert _denied(client.post(f"{BASE}verify/{application.pk}/"))
    assert _denied(client.post(f"{BASE}approve/{application.pk}/"))
    # A facilitator may verify but not decide; nobody edits or deletes.
    client.force_login(people["facilitator"])
    assert _denied(client.post(f"{BASE}reject/{application.pk}/"))
    assert _denied(client.get(f"{BASE}edit/{application.pk}/"))
    assert _denied(client.post(f"{BASE}delete/{application.pk}/"))
    application.refresh_from_db()
    assert application.status == AgencyStatus.SUBMITTED


def test_admin_cannot_approve_before_verification_but_can_reject(people):
    application = agency_application_file(user=people["officer"], cooperative=people["cooperative"], kind="pos")
    with pytest.raises(PermissionDenied):
        agency_application_decide(user=people["admin"], application=application, approve=True)
    agency_application_decide(user=people["admin"], application=application, approve=False, note="Belum lengkap")
    application.refresh_from_db()
    assert application.status == AgencyStatus.REJECTED
    with pytest.raises(PermissionDenied):
        agency_application_verify(user=people["facilitator"], application=application)


def test_dashboard_counts_applications_per_region_and_status(people, client):
    first = agency_application_file(user=people["officer"], cooperative=people["cooperative"], kind="pos")
    agency_application_file(user=people["officer"], cooperative=people["cooperative"], kind="lpg")
    agency_application_file(user=people["other_officer"], cooperative=people["other"], kind="agen-bank")
    agency_application_verify(user=people["facilitator"], application=first)
    national = client.get("/api/dashboard/").json()
    assert national["agency_applications"] == {"submitted": 2, "verified": 1, "approved": 0, "rejected": 0, "total": 3}
    rows = {row["code"]: row["agency_applications"] for row in national["regions"]}
    assert rows["35"]["total"] == 2 and rows["35"]["verified"] == 1 and rows["33"]["total"] == 1
    province = client.get("/api/dashboard/", {"province": "35"}).json()
    assert {row["code"]: row["agency_applications"]["total"] for row in province["regions"]}["35.01"] == 2
    csv_text = client.get("/dashboard/csv/agency/").content.decode("utf-8-sig")
    assert "35," in csv_text and ",2,1,0,0,3" in csv_text


def test_bad_input_is_a_form_error_not_a_500(people, client):
    client.force_login(people["officer"])
    response = client.post(BASE + "create/", {"cooperative": "abc", "kind": "=cmd"})
    assert response.status_code == 200
    assert client.get(f"{BASE}inspect/999999/").status_code == 404
    assert not AgencyApplication.objects.exists()
