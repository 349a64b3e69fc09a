"""Writes with rules: facilitator verifications (a readiness item) and agency applications."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperative_pages.models import CooperativePage, RegionLevel, ancestor_codes
from cooperative_pages.scopes import facilitator_regions, is_national_moderator, officer_cooperatives

from .activity import activity_refresh
from .models import AgencyApplication, AgencyStatus, CooperativeVerification


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


def can_decide_agency(user) -> bool:
    """Admins (superusers, or holders of ``dashboard.decide_agencyapplication``) approve or reject."""
    return bool(user.is_active and (user.is_superuser or user.has_perm("dashboard.decide_agencyapplication")))


def agency_applications_for(user) -> QuerySet[AgencyApplication]:
    """The applications ``user`` may see: deciders all; facilitators their regions'; officers their cooperatives'."""
    applications = AgencyApplication.objects.all()
    if not (user.is_authenticated and user.is_active):
        return applications.none()
    if can_decide_agency(user) or is_national_moderator(user):
        return applications
    q = Q(cooperative_id__in=[cooperative.pk for cooperative in officer_cooperatives(user)])
    for code, level in facilitator_regions(user):
        if level in (RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT):
            q |= Q(**{f"cooperative__{level}_id": code})
    return applications.filter(q)


def can_file_agency(*, user, cooperative: CooperativePage | None = None) -> bool:
    cooperatives = officer_cooperatives(user)
    return any(c.pk == cooperative.pk for c in cooperatives) if cooperative is not None else bool(cooperatives)


@transaction.atomic
def agency_application_file(
    *, user, cooperative: CooperativePage, kind: str, partner: str = "", note: str = ""
) -> AgencyApplication:
    """An officer files an application for their own cooperative."""
    if not can_file_agency(user=user, cooperative=cooperative):
        raise PermissionDenied(_("You are not an officer of this cooperative."))
    application = AgencyApplication(cooperative=cooperative, kind=kind, partner=partner, note=note, submitted_by=user)
    application.full_clean()
    application.save()
    return application


def can_verify_agency(*, user, application: AgencyApplication) -> bool:
    return application.status == AgencyStatus.SUBMITTED and user_facilitates(
        user=user, cooperative=application.cooperative
    )


def can_decide_agency_application(*, user, application: AgencyApplication) -> bool:
    return application.status in (AgencyStatus.SUBMITTED, AgencyStatus.VERIFIED) and can_decide_agency(user)


@transaction.atomic
def agency_application_verify(*, user, application: AgencyApplication) -> AgencyApplication:
    """The region's facilitator confirms the application (submitted → verified)."""
    application = AgencyApplication.objects.select_for_update().select_related("cooperative").get(pk=application.pk)
    if not can_verify_agency(user=user, application=application):
        raise PermissionDenied(_("Only a facilitator of the cooperative's region can verify a submitted application."))
    application.status = AgencyStatus.VERIFIED
    application.verified_by, application.verified_at = user, timezone.now()
    application.save(update_fields=["status", "verified_by", "verified_at"])
    return application


@transaction.atomic
def agency_application_decide(
    *, user, application: AgencyApplication, approve: bool, note: str = ""
) -> AgencyApplication:
    """An admin approves (only once a facilitator verified it) or rejects an open application."""
    application = AgencyApplication.objects.select_for_update().get(pk=application.pk)
    if not can_decide_agency_application(user=user, application=application):
        raise PermissionDenied(_("This application cannot be decided by you now."))
    if approve and application.status != AgencyStatus.VERIFIED:
        raise PermissionDenied(_("A facilitator must verify the application before it is approved."))
    application.status = AgencyStatus.APPROVED if approve else AgencyStatus.REJECTED
    application.decided_by, application.decided_at = user, timezone.now()
    application.decision_note = note[:2000]
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return application
