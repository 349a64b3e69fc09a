"""Where the dashboard's figures are taken (the nation, a province or a regency), and
when a cooperative counts as *active*."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperative_pages import conf
from cooperative_pages.models import Region, RegionLevel

NATIONAL = "national"


class UnknownRegion(ValueError):
    """A province or regency code that does not exist (or does not match its province)."""


@dataclass(frozen=True)
class Scope:
    """Where the figures are taken: the nation, one province or one regency."""

    level: str  # "national", "province" or "regency"
    region: Region | None = None

    @property
    def code(self) -> str:
        return self.region.code if self.region else ""

    @property
    def name(self) -> str:
        return self.region.name if self.region else str(_("Indonesia"))

    @property
    def child_field(self) -> str | None:
        """The activity field that groups this scope's rows by child region."""
        return {NATIONAL: "province", RegionLevel.PROVINCE: "regency", RegionLevel.REGENCY: "district"}[self.level]

    def filter(self) -> Q:
        if self.region is None:
            return Q()
        return Q(**{f"{self.level}_id": self.region.code})


def scope_resolve(*, province: str | None = None, regency: str | None = None) -> Scope:
    """The scope named by query parameters; ``UnknownRegion`` for codes that do not exist or disagree."""
    province, regency = (province or "").strip(), (regency or "").strip()
    codes = [code for code in (province, regency) if code]
    if not codes:
        return Scope(NATIONAL)
    regions = {region.code: region for region in Region.objects.filter(code__in=codes).select_related("parent")}
    if regency:
        region = regions.get(regency)
        if region is None or region.level != RegionLevel.REGENCY or (province and region.parent_id != province):
            raise UnknownRegion(regency)
        return Scope(RegionLevel.REGENCY, region)
    region = regions.get(province)
    if region is None or region.level != RegionLevel.PROVINCE:
        raise UnknownRegion(province)
    return Scope(RegionLevel.PROVINCE, region)


def active_cutoff(now: datetime | None = None) -> datetime:
    """Publications at or after this moment make a cooperative *active*."""
    return (now or timezone.now()) - timedelta(days=int(conf.get("ACTIVE_DAYS")))


def active_q(now: datetime | None = None, prefix: str = "") -> Q:
    return Q(**{f"{prefix}last_approved_publication_at__gte": active_cutoff(now)})
