"""Writes with rules: facilitator verifications (a readiness item)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperative_pages.models import CooperativePage, ancestor_codes
from cooperative_pages.scopes import facilitator_regions, is_national_moderator

from .activity import activity_refresh
from .models import CooperativeVerification


def user_facilitates(*, user, cooperative: CooperativePage) -> bool:
    """True for a facilitator of the cooperative's province, regency or district (or a national moderator)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_national_moderator(user):
        return True
    codes = {code for code, _level in facilitator_regions(user)}
    return bool(codes.intersection(ancestor_codes(cooperative.village_id)))


@transaction.atomic
def verification_set(*, cooperative: CooperativePage, user, verified: bool, note: str = "") -> None:
    """Record (or withdraw) a facilitator's verification of the cooperative's evidence."""
    if not user_facilitates(user=user, cooperative=cooperative):
        raise PermissionDenied(_("You are not a facilitator of this cooperative's region."))
    if verified:
        CooperativeVerification.objects.update_or_create(
            cooperative=cooperative,
            defaults={"verified_by": user, "verified_at": timezone.now(), "note": note[:500]},
        )
    else:
        CooperativeVerification.objects.filter(cooperative=cooperative).delete()
    activity_refresh(cooperative_ids=[cooperative.pk])
