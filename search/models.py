"""The marketplace index: one row per live product of a live cooperative.

The row carries everything a result card, a filter or a facet needs, so a
search never joins pages, regions or cooperatives. The database's own full-text
index follows this table (SQLite: an FTS5 table kept in sync by triggers;
PostgreSQL: a generated ``tsvector`` column with a GIN index); see
``migrations/0002_fulltext.py``. A search engine, when configured, is fed from
these rows too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MarketplaceEntry(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    url = models.TextField(_("URL"))
    price = models.PositiveBigIntegerField(_("price (Rp)"), db_index=True)
    unit = models.CharField(_("unit"), max_length=40)
    category = models.CharField(_("category"), max_length=20, db_index=True)
    business_unit_slug = models.CharField(_("business unit"), max_length=40, blank=True, db_index=True)
    business_unit_name = models.CharField(max_length=80, blank=True)
    available = models.BooleanField(_("available"), default=True)
    tags = models.TextField(_("tags"), blank=True)
    province_code = models.CharField(_("province"), max_length=13, db_index=True)
    province_name = models.CharField(max_length=120)
    regency_code = models.CharField(_("regency"), max_length=13, db_index=True)
    regency_name = models.CharField(max_length=120)
    cooperative_id = models.IntegerField(_("cooperative"), db_index=True)
    cooperative_title = models.CharField(max_length=255)
    cooperative_url = models.TextField()
    cooperative_phone = models.CharField(max_length=20, blank=True)
    image_id = models.IntegerField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, db_index=True)
    # What the full-text index reads: stemmed title, stemmed body (description,
    # tags, category), and the unstemmed title words for autocomplete.
    search_title = models.TextField()
    search_body = models.TextField()
    search_prefix = models.TextField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Covers the columns a full-text match reads for filters, facets and sorting,
            # so SQLite looks them up here instead of in the wide entry rows.
            models.Index(
                fields=[
                    "page",
                    "province_code",
                    "regency_code",
                    "category",
                    "business_unit_slug",
                    "available",
                    "price",
                    "first_published_at",
                ],
                name="kmp_search_entry_facets",
            )
        ]
        verbose_name = _("marketplace entry")
        verbose_name_plural = _("marketplace entries")

    def __str__(self) -> str:
        return self.title
