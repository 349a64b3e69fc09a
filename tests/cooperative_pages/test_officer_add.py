"""Adding an officer who is already one keeps when they first activated their
account, and brings back a deactivated membership."""

from __future__ import annotations

from cooperative_pages.models import OfficerMembership
from cooperative_pages.services import officer_add


def test_adding_again_keeps_activation_time(world):
    membership = OfficerMembership.objects.get(user=world.a.officer)
    first = membership.activated_at
    assert first is not None
    officer_add(user=world.a.officer, cooperative=world.a.cooperative)
    membership.refresh_from_db()
    assert membership.activated_at == first
    assert OfficerMembership.objects.filter(user=world.a.officer).count() == 1


def test_adding_again_reactivates(world):
    OfficerMembership.objects.filter(user=world.a.officer).update(is_active=False)
    officer_add(user=world.a.officer, cooperative=world.a.cooperative)
    assert OfficerMembership.objects.get(user=world.a.officer).is_active


def test_invited_officer_is_activated_when_added_as_activated(world):
    OfficerMembership.objects.filter(user=world.a.officer).update(activated_at=None)
    officer_add(user=world.a.officer, cooperative=world.a.cooperative, activated=False)
    assert OfficerMembership.objects.get(user=world.a.officer).activated_at is None
    officer_add(user=world.a.officer, cooperative=world.a.cooperative)
    assert OfficerMembership.objects.get(user=world.a.officer).activated_at is not None
