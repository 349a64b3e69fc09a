"""Writes with rules: facilitator verifications (a readiness item) and agency applications."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperative_pages.models import CooperativePage
from cooperative_pages.tenancy import (
    facilitated_q,
    is_national_moderator,
    officer_cooperatives,
    user_facilitates,
    user_is_officer_of,
)

from .activity import activity_refresh
from .models import AgencyApplication, AgencyStatus, CooperativeVerification


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
    if can_decide_agency(user) or is_national_moderator(user=user):
        return applications
    q = Q(cooperative_id__in=[cooperative.pk for cooperative in officer_cooperatives(user=user)])
    return applications.filter(q | (facilitated_q(user=user, prefix="cooperative__") or Q(pk__in=[])))


def can_file_agency(*, user, cooperative: CooperativePage | None = None) -> bool:
    if cooperative is None:
        return bool(officer_cooperatives(user=user))
    return user_is_officer_of(user=user, cooperative=cooperative)


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
