"""Official Kemendagri regions: province ``35``, regency ``35.07``, district
``35.07.12``, village ``35.07.12.2001``. Stored as a plain model (not pages)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


LEVEL_BY_CODE_PARTS = {
    1: RegionLevel.PROVINCE,
    2: RegionLevel.REGENCY,
    3: RegionLevel.DISTRICT,
    4: RegionLevel.VILLAGE,
}


def level_of_code(code: str) -> str:
    """The level a dotted Kemendagri code denotes (its number of parts)."""
    return LEVEL_BY_CODE_PARTS[len(code.split("."))]


# Official regency names start with their kind; pages and titles use shorter forms.
_REGENCY_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


def region_short_name(name: str) -> str:
    """``Kabupaten Pacitan`` -> ``Kab. Pacitan`` (breadcrumbs, addresses); other names unchanged."""
    return "Kab. " + name.removeprefix("Kabupaten ") if name.startswith("Kabupaten ") else name


def region_bare_name(name: str) -> str:
    """``Kabupaten Pacitan`` -> ``Pacitan``, ``Kota Administrasi Jakarta Pusat`` -> ``Jakarta Pusat`` (titles)."""
    for prefix in _REGENCY_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def ancestor_codes(code: str) -> list[str]:
    """``35.07.12.2001`` -> ``["35", "35.07", "35.07.12", "35.07.12.2001"]``."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


class Region(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=20, blank=True, help_text=_("provinsi, kabupaten, kota, kecamatan, desa or kelurahan")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def ancestor_codes(self) -> list[str]:
        return ancestor_codes(self.code)

    @property
    def short_name(self) -> str:
        return region_short_name(self.name)

    @property
    def bare_name(self) -> str:
        return region_bare_name(self.name)
