"""Per-cooperative activity summaries, daily snapshots, facilitator verifications,
reminder bookkeeping and agency applications.

The dashboard never scans pages, revisions or the audit log: it aggregates
``CooperativeActivity`` (one small row per cooperative, kept current by signal
handlers and rebuilt by ``rebuild_activity``) with GROUP BY province/regency.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperative_pages.models import CooperativePage


def _region_fk(verbose_name):
    return models.ForeignKey(
        "cooperative_pages.Region",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=True,
    )


def _optional_user_fk(verbose_name):
    """Who took a step (verified, decided): empty until someone does, and again if that user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


def _cooperative_key(*, related_name: str) -> models.OneToOneField:
    """The cooperative as the primary key: one row per cooperative, deleted with it."""
    return models.OneToOneField(
        "cooperative_pages.CooperativePage",
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name=related_name,
    )


class CooperativeActivity(models.Model):
    """What the dashboard needs to know about one cooperative, in one row."""

    cooperative = _cooperative_key(related_name="activity")
    province = _region_fk(_("province"))
    regency = _region_fk(_("regency"))
    district = _region_fk(_("district"))
    last_approved_publication_at = models.DateTimeField(_("last approved publication"), null=True, blank=True)
    has_activated_officer = models.BooleanField(_("has a microsite account"), default=False)
    pending_approvals = models.PositiveIntegerField(_("pending approvals"), default=0)
    oldest_pending_since = models.DateTimeField(_("oldest pending since"), null=True, blank=True)
    readiness_score = models.PositiveSmallIntegerField(_("financing readiness"), default=0, db_index=True)
    # The readiness checklist, one flag per item (see dashboard.readiness).
    profile_complete = models.BooleanField(default=False)
    has_legal_entity_number = models.BooleanField(default=False)
    has_board = models.BooleanField(default=False)
    has_articles = models.BooleanField(default=False)
    has_recent_annual_meeting = models.BooleanField(default=False)
    has_financial_statement = models.BooleanField(default=False)
    has_products = models.BooleanField(default=False)
    updates_regularly = models.BooleanField(default=False)
    facilitator_verified = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("cooperative activity")
        verbose_name_plural = _("cooperative activity")
        indexes = [
            models.Index(fields=["last_approved_publication_at"], name="dashboard_activity_last_pub"),
            # The dashboard's grouped counts (selectors.figures._region_rows) read these instead of the table:
            # registered/with account/readiness per province, active per province, pending ones only.
            models.Index(
                fields=["province", "has_activated_officer", "readiness_score"], name="dashboard_activity_prov_score"
            ),
            models.Index(fields=["province", "last_approved_publication_at"], name="dashboard_activity_prov_pub"),
            models.Index(
                fields=["province", "oldest_pending_since", "pending_approvals"],
                condition=models.Q(pending_approvals__gt=0),
                name="dashboard_activity_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"activity {self.cooperative_id}"


class ActivitySnapshot(models.Model):
    """The day's figures for the nation (empty ``region_code``), a province or a regency."""

    date = models.DateField(_("date"))
    region_code = models.CharField(_("region code"), max_length=13, blank=True)
    registered = models.PositiveIntegerField(default=0)
    with_account = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    pending_approvals = models.PositiveIntegerField(default=0)
    ready = models.PositiveIntegerField(default=0)
    agency_applications = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity snapshot")
        verbose_name_plural = _("activity snapshots")
        ordering = ["region_code", "date"]
        constraints = [models.UniqueConstraint(fields=["date", "region_code"], name="unique_snapshot_per_day_region")]

    def __str__(self) -> str:
        return f"{self.date} {self.region_code or 'national'}"


class CooperativeVerification(models.Model):
    """A facilitator checked the cooperative's evidence (one of the readiness items)."""

    cooperative = _cooperative_key(related_name="verification")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("facilitator verification")
        verbose_name_plural = _("facilitator verifications")

    def __str__(self) -> str:
        return f"verified {self.cooperative_id}"


class ReminderKind(models.TextChoices):
    OFFICER = "officer", _("Officer reminder")
    FACILITATOR_DIGEST = "facilitator-digest", _("Facilitator digest")


class ReminderLog(models.Model):
    """One reminder e-mail: at most one per recipient, kind and day."""

    date = models.DateField(_("date"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    cooperative_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["date", "user", "kind"], name="unique_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.user_id}"


class AgencyKind(models.TextChoices):
    LPG = "lpg", _("LPG agent")
    FERTILISER = "pupuk-bersubsidi", _("Subsidised fertiliser")
    BANK_AGENT = "agen-bank", _("Bank agent (branchless banking)")
    POST = "pos", _("Post office agent")
    OTHER = "lainnya", _("Other")


class AgencyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified by facilitator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AgencyApplication(models.Model):
    """A cooperative's application to become an agent (pengajuan keagenan)."""

    cooperative = models.ForeignKey(
        "cooperative_pages.CooperativePage",
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="agency_applications",
    )
    province = _region_fk(_("province"))
    regency = _region_fk(_("regency"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    partner = models.CharField(
        _("partner"), max_length=120, blank=True, help_text=_("e.g. Pertamina, Pupuk Indonesia, BRI, Pos Indonesia")
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=AgencyStatus.choices, default=AgencyStatus.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    verified_by = _optional_user_fk(_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    decided_by = _optional_user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("agency application")
        verbose_name_plural = _("agency applications")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("decide_agencyapplication", _("Can approve or reject agency applications"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.cooperative}"

    def save(self, *args, **kwargs):
        if self.cooperative_id and not self.province_id:
            codes = (
                CooperativePage.objects.filter(pk=self.cooperative_id).values_list("province_id", "regency_id").first()
            )
            if codes:
                self.province_id, self.regency_id = codes
        return super().save(*args, **kwargs)
