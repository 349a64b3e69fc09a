"""National taxonomies: cooperative business units (extendable) and product categories (fixed)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet


class ProductCategory(models.TextChoices):
    """The fixed national list of product categories used by the marketplace facets."""

    STAPLES = "sembako", _("Staple groceries")
    RICE_GRAIN = "beras", _("Rice and grains")
    VEGETABLES_FRUIT = "sayur-buah", _("Vegetables and fruit")
    FISHERY = "perikanan", _("Fishery products")
    LIVESTOCK = "peternakan", _("Livestock products")
    PLANTATION = "perkebunan", _("Coffee, tea and plantation crops")
    PROCESSED_FOOD = "olahan", _("Processed food and drinks")
    CRAFTS = "kerajinan", _("Handicrafts")
    TEXTILES = "tekstil", _("Textiles and clothing")
    HEALTH = "kesehatan", _("Medicine and health")
    FARM_INPUTS = "sarana-tani", _("Fertiliser and farm supplies")
    ENERGY = "energi", _("LPG and energy")
    SERVICES = "jasa", _("Services")
    OTHER = "lainnya", _("Other")


class BusinessUnit(models.Model):
    """A kind of cooperative business unit (gerai) from the national taxonomy.

    Seeded with the national list by migration ``0002_seed_business_units`` (the one place
    that list is written); admins may add more.
    """

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")

    def __str__(self) -> str:
        return self.name


register_snippet(BusinessUnit)
