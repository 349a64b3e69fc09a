"""Who may act where: officers belong to cooperatives, facilitators are assigned to regions.

Scope comes from these rows, never from one Django group per cooperative (80,000
groups make Wagtail's user and task screens unusable): two role groups grant
admin access, these rows say where.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .regions import RegionLevel


class RoleGrant(models.Model):
    """What an officer's membership and a facilitator's assignment share: when the role was given,
    and a name saying who holds it where (``where``: the field naming the place)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    where: str

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user} – {getattr(self, self.where)}"


class OfficerMembership(RoleGrant):
    """An officer (pengurus) of one cooperative."""

    where = "cooperative_id"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="officer_memberships"
    )
    cooperative = models.ForeignKey(
        "cooperative_pages.CooperativePage",
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="officer_memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    activated_at = models.DateTimeField(
        _("activated at"), null=True, blank=True, help_text=_("When the officer first set their password")
    )

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [models.UniqueConstraint(fields=["user", "cooperative"], name="unique_officer_membership")]


class FacilitatorAssignment(RoleGrant):
    """A facilitator (pendamping) assigned to a province, regency or district."""

    where = "region"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.CASCADE,
        related_name="facilitator_assignments",
    )
    region = models.ForeignKey(
        "cooperative_pages.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="facilitator_assignments",
        limit_choices_to={"level__in": [RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT]},
    )

    class Meta:
        verbose_name = _("facilitator assignment")
        verbose_name_plural = _("facilitator assignments")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="unique_facilitator_region")]

    def clean(self):
        super().clean()
        if self.region_id and self.region.level == RegionLevel.VILLAGE:
            raise ValidationError({"region": _("Choose a province, regency or district.")})
