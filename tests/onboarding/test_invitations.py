"""Officer invitations through the real admin URLs, from the facilitator's and the attacker's side."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from cooperative_pages.models import OfficerMembership
from cooperative_pages.onboarding.invitations import invitation_tokens
from tests.factories import make_cooperative, make_facilitator, make_officer, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
INDEX = "/admin/koperasi/pengurus/"


@pytest.fixture
def world(portal):
    pacitan = make_cooperative(village_code="35.01.01.2001", registry_id="3501010000000001")
    cilacap = make_cooperative(village_code="33.01.01.2001", registry_id="3301010000000001")
    return {
        "pacitan": pacitan,
        "cilacap": cilacap,
        "east_java_facilitator": make_facilitator("pendamping-jatim", "35"),
        "central_java_facilitator": make_facilitator("pendamping-jateng", "33.01"),
    }


def invite(client, registry_id, email="pengurus.baru@example.id"):
    return client.post(INDEX, {"registry_id": registry_id, "email": email, "first_name": "Sri", "last_name": "Wahyuni"})


def assert_refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    assert (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}


def invitation_link() -> str:
    [message] = mail.outbox
    return re.search(r"https?://\S+/undangan/\S+/", message.body).group(0)


def test_facilitator_invites_officer_who_sets_password_and_is_activated(client, world):
    client.force_login(world["east_java_facilitator"])

    response = invite(client, "3501010000000001")

    assert response.status_code == 302
    officer = User.objects.get(email="pengurus.baru@example.id")
    assert not officer.has_usable_password()
    membership = OfficerMembership.objects.get(user=officer)
    assert (membership.cooperative_id, membership.is_active, membership.activated_at) == (
        world["pacitan"].pk,
        True,
        None,
    )
    assert mail.outbox[0].to == ["pengurus.baru@example.id"]
    link = invitation_link()
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    assert client.get(f"/{path}").status_code == 200
    response = client.post(
        f"/{path}", {"new_password1": "Koperasi-Widoro-2025", "new_password2": "Koperasi-Widoro-2025"}
    )

    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.activated_at is not None
    officer.refresh_from_db()
    assert officer.check_password("Koperasi-Widoro-2025")
    assert client.login(username=officer.username, password="Koperasi-Widoro-2025")
    # The link worked once.
    client.logout()
    assert client.get(f"/{path}").status_code == 400
    again = client.post(f"/{path}", {"new_password1": "Diambil-Alih-99", "new_password2": "Diambil-Alih-99"})
    assert again.status_code == 400
    officer.refresh_from_db()
    assert officer.check_password("Koperasi-Widoro-2025")


def test_facilitator_sees_and_deactivates_officers_in_their_regions_only(client, world):
    own = OfficerMembership.objects.get(user=make_officer("pengurus-pacitan", world["pacitan"]))
    make_officer("pengurus-cilacap", world["cilacap"])
    client.force_login(world["east_java_facilitator"])

    listing = client.get(INDEX)
    assert listing.status_code == 200
    assert b"pengurus-pacitan@example.id" in listing.content
    assert b"pengurus-cilacap@example.id" not in listing.content

    assert client.post(f"{INDEX}{own.pk}/deactivate/").status_code == 302
    own.refresh_from_db()
    assert not own.is_active


def test_facilitator_of_another_region_cannot_invite(client, world):
    client.force_login(world["central_java_facilitator"])

    response = invite(client, "3501010000000001", email="penyusup@example.id")

    assert response.status_code == 400
    refusal = response.context["form"].errors["registry_id"]
    assert not User.objects.filter(email="penyusup@example.id").exists()
    assert mail.outbox == []
    # The same message for a registry ID that does not exist: nothing is learnt about other regions.
    assert invite(client, "0000000000000000").context["form"].errors["registry_id"] == refusal


def test_facilitator_of_another_region_cannot_deactivate(client, world):
    membership = OfficerMembership.objects.get(user=make_officer("pengurus-pacitan", world["pacitan"]))
    client.force_login(world["central_java_facilitator"])

    response = client.post(f"{INDEX}{membership.pk}/deactivate/")

    assert_refused(response)
    membership.refresh_from_db()
    assert membership.is_active
    assert client.get(f"{INDEX}{membership.pk}/deactivate/").status_code == 405


def test_officer_cannot_use_the_invitation_screens(client, world):
    officer = make_officer("pengurus-pacitan", world["pacitan"])
    client.force_login(officer)

    assert_refused(client.get(INDEX))
    assert_refused(invite(client, "3501010000000001", email="teman@example.id"))
    assert not User.objects.filter(email="teman@example.id").exists()


def test_existing_account_is_not_taken_over_by_an_invitation(client, world):
    admin = make_user("admin", email="admin@example.id", is_superuser=True)
    client.force_login(world["east_java_facilitator"])

    response = invite(client, "3501010000000001", email="ADMIN@example.id")

    assert response.status_code == 400
    assert mail.outbox == []
    assert not OfficerMembership.objects.filter(user=admin).exists()


def test_forged_and_foreign_tokens_are_refused(client, world):
    client.force_login(world["east_java_facilitator"])
    invite(client, "3501010000000001")
    invite(client, "3501010000000001", email="pengurus.kedua@example.id")
    first, second = (re.search(r"/undangan/(\S+)/(\S+)/", m.body).groups() for m in mail.outbox)
    client.logout()

    for uid, token in [
        (first[0], "abc-0123456789abcdef"),  # forged
        (first[0], second[1]),  # another user's token
        (first[0], first[1][:-1] + ("0" if first[1][-1] != "0" else "1")),  # tampered
        ("bm9ib2R5", first[1]),  # unknown user
    ]:
        response = client.post(
            f"/undangan/{uid}/{token}/", {"new_password1": "Diambil-Alih-99", "new_password2": "Diambil-Alih-99"}
        )
        assert response.status_code == 400
    assert not OfficerMembership.objects.filter(activated_at__isnull=False).exists()


def test_expired_token_is_refused(client, world):
    client.force_login(world["east_java_facilitator"])
    invite(client, "3501010000000001")
    officer = User.objects.get(email="pengurus.baru@example.id")
    uid, _token = re.search(r"/undangan/(\S+)/(\S+)/", mail.outbox[0].body).groups()
    eight_days_ago = invitation_tokens._num_seconds(invitation_tokens._now()) - 8 * 24 * 3600
    old_token = invitation_tokens._make_token_with_timestamp(officer, eight_days_ago, invitation_tokens.secret)
    six_days_ago = invitation_tokens._num_seconds(invitation_tokens._now()) - 6 * 24 * 3600
    recent_token = invitation_tokens._make_token_with_timestamp(officer, six_days_ago, invitation_tokens.secret)
    client.logout()

    assert client.get(f"/undangan/{uid}/{old_token}/").status_code == 400
    assert client.get(f"/undangan/{uid}/{recent_token}/").status_code == 200
    with override_settings(KMP={"INVITATION_DAYS": 5}):
        assert client.get(f"/undangan/{uid}/{recent_token}/").status_code == 400


def test_deactivated_officer_loses_edit_rights(client, world):
    officer = make_officer("pengurus-pacitan", world["pacitan"])
    membership = OfficerMembership.objects.get(user=officer)
    client.force_login(world["east_java_facilitator"])
    client.post(f"{INDEX}{membership.pk}/deactivate/")
    client.force_login(officer)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[world["pacitan"].pk]))

    assert response.status_code in (302, 403)
    officer.refresh_from_db()  # the account itself stays, for other cooperatives
    assert officer.is_active
