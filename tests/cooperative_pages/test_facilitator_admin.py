"""The role screens: national admins assign facilitators and officers; officers and
facilitators cannot grant themselves another cooperative or region, nor reach the
user, group, workflow or collection management screens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cooperative_pages.models import FacilitatorAssignment, OfficerMembership
from cooperative_pages.services import role_groups_ensure
from cooperative_pages.tenancy import user_can_moderate_page
from tests.factories import make_user, region_chain

from .isolation import assert_refused, db_snapshot


def _roles_snapshot() -> dict:
    return {
        "facilitators": list(FacilitatorAssignment.objects.order_by("pk").values_list("pk", "user_id", "region_id")),
        "officers": list(OfficerMembership.objects.order_by("pk").values_list("pk", "user_id", "cooperative_id")),
        **db_snapshot(),
    }


def _escalations(w):
    own_membership = OfficerMembership.objects.get(user=w.a.officer)
    to_b = {"user": str(w.a.officer.pk), "cooperative": str(w.b.cooperative.pk), "is_active": "on"}
    make_me_superuser = {
        "is_superuser": "on",
        "username": w.a.officer.username,
        "email": w.a.officer.email,
        "first_name": "",
        "last_name": "",
    }
    portal = w.a.cooperative.get_ancestors().filter(depth=2).get()
    return [
        ("post", reverse("facilitator_assignments:add"), {"user": str(w.a.officer.pk), "region": "33"}),
        ("post", reverse("facilitator_assignments:add"), {"user": str(w.facilitator_a.pk), "region": "33"}),
        ("post", reverse("officer_memberships:add"), to_b),
        ("post", reverse("officer_memberships:edit", args=[own_membership.pk]), to_b),
        ("get", reverse("officer_memberships:index"), None),
        ("get", reverse("facilitator_assignments:index"), None),
        ("post", reverse("wagtailusers_users:edit", args=[w.a.officer.pk]), make_me_superuser),
        ("get", reverse("wagtailusers_users:index"), None),
        ("get", reverse("wagtailusers_groups:index"), None),
        ("post", reverse("wagtailadmin_workflows:remove", args=[portal.pk]), {}),
        ("get", reverse("wagtailadmin_workflows:index"), None),
        ("post", reverse("wagtailadmin_collections:add"), {"name": "Koleksi liar", "parent": "1"}),
    ]


@pytest.mark.parametrize("who", ["officer", "facilitator"])
def test_officers_and_facilitators_cannot_grant_themselves_more(world, client, who):
    user = world.a.officer if who == "officer" else world.facilitator_a
    client.force_login(user)
    before = _roles_snapshot()
    for method, url, data in _escalations(world):
        response = client.get(url) if method == "get" else client.post(url, data)
        assert_refused(response, url)
    assert _roles_snapshot() == before
    user.refresh_from_db()
    assert not user.is_superuser


def test_national_admin_assigns_a_facilitator_through_the_admin(world, client):
    national_admin = make_user("admin_nasional")
    role_groups_ensure()["NATIONAL_ADMIN_GROUP"].user_set.add(national_admin)
    newcomer = make_user("pendamping_baru")
    region_chain("33.01.01.2001")
    client.force_login(national_admin)

    assert client.get(reverse("facilitator_assignments:index")).status_code == 200
    response = client.post(reverse("facilitator_assignments:add"), {"user": str(newcomer.pk), "region": "33.01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FacilitatorAssignment.objects.filter(user=newcomer, region_id="33.01").exists()
    newcomer.refresh_from_db()
    assert user_can_moderate_page(user=newcomer, page=world.b.product)
    assert not user_can_moderate_page(user=newcomer, page=world.a.product)


def test_villages_cannot_be_assigned_to_facilitators(world, client):
    client.force_login(world.superuser)
    response = client.post(
        reverse("facilitator_assignments:add"), {"user": str(world.a.officer.pk), "region": "33.01.01.2001"}
    )
    assert response.status_code == 200  # form error
    assert not FacilitatorAssignment.objects.filter(region_id="33.01.01.2001").exists()


def test_deactivated_officer_loses_access(world, client):
    OfficerMembership.objects.filter(user=world.a.officer).update(is_active=False)
    client.force_login(world.a.officer)
    before = db_snapshot()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]))
    assert_refused(response, "edit after deactivation")
    response = client.get(reverse("wagtailimages:edit", args=[world.a.image.pk]))
    assert_refused(response, "image after deactivation")
    assert db_snapshot() == before


def test_removed_facilitator_can_no_longer_act(world, client):
    from .test_workflow_routing import action_url, submit

    task_state = submit(client, world.a)
    FacilitatorAssignment.objects.filter(user=world.facilitator_a).delete()
    client.force_login(world.facilitator_a)
    before = db_snapshot()
    assert_refused(client.post(action_url(world.a.product, "approve", task_state), {"comment": ""}), "approve")
    assert db_snapshot() == before
