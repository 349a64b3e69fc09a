"""The open-data files byte for byte: every row of the small world rebuilt from the ORM by the
published rules (ISO 8601 in Asia/Jakarta, booleans ``true``/``false`` in CSV, empty for none,
business units joined by ';' in CSV and a list in JSON Lines) and compared with the export, so
a faster writer cannot change a single byte of what is published."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cooperative_pages.models import CooperativePage, ProductCategory, ProductPage
from dashboard import readiness
from dashboard.models import CooperativeActivity
from dashboard.selectors.scope import active_cutoff
from tests.api.conftest import BASE, add_product

pytestmark = pytest.mark.django_db


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def expected_products(world) -> list[dict]:
    restricted = world.live_products[1]
    rows = []
    public = ProductPage.objects.live().exclude(pk=restricted.pk)
    for product in public.select_related("business_unit").order_by("path"):
        cooperative = CooperativePage.objects.ancestor_of(product).get()
        rows.append(
            {
                "id": product.pk,
                "title": product.title,
                "description": product.description,
                "price": product.price,
                "unit": product.unit,
                "category": product.category,
                "category_name": str(dict(ProductCategory.choices)[product.category]),
                "business_unit": product.business_unit.slug if product.business_unit else "",
                "available": product.available,
                "cooperative_id": cooperative.pk,
                "cooperative_name": cooperative.title,
                "province_code": cooperative.province_id,
                "regency_code": cooperative.regency_id,
                "url": BASE + product.url,
                "first_published_at": _iso(product.first_published_at),
                "last_published_at": _iso(product.last_published_at),
            }
        )
    return rows


def expected_cooperatives() -> list[dict]:
    rows = []
    for cooperative in CooperativePage.objects.live().select_related("province", "regency").order_by("pk"):
        activity = CooperativeActivity.objects.filter(cooperative=cooperative).first()
        last = activity.last_approved_publication_at if activity else None
        rows.append(
            {
                "id": cooperative.pk,
                "registry_id": cooperative.registry_id,
                "name": cooperative.title,
                "legal_entity_number": cooperative.legal_entity_number,
                "province_code": cooperative.province_id,
                "province_name": cooperative.province.name,
                "regency_code": cooperative.regency_id,
                "regency_name": cooperative.regency.name,
                "district_code": cooperative.district_id,
                "village_code": cooperative.village_id,
                "business_units": [unit.slug for unit in cooperative.business_units.order_by("sort_order", "slug")],
                "member_count": cooperative.member_count,
                "founding_date": cooperative.founding_date.isoformat() if cooperative.founding_date else None,
                "url": BASE + cooperative.url,
                "last_published_at": _iso(cooperative.last_published_at),
                "readiness_score": activity.readiness_score if activity else 0,  # as the API says
                "ready": bool(activity) and activity.readiness_score >= readiness.ready_score(),
                "active": bool(last) and last >= active_cutoff(),
                "last_approved_publication_at": _iso(last),
                **{item.field: bool(activity) and getattr(activity, item.field) for item in readiness.CHECKLIST},
            }
        )
    return rows


def as_csv(rows: list[dict]) -> str:
    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return ";".join(value) if isinstance(value, list) else str(value)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    writer.writerows([[cell(value) for value in row.values()] for row in rows])
    return out.getvalue()


def as_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows)


def test_every_byte_of_the_files_follows_the_published_rules(world, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = str(tmp_path)
    PageViewRestriction.objects.create(page=world.live_products[1], restriction_type=PageViewRestriction.LOGIN)
    # What CSV must quote and JSON must escape, a founding date, a cooperative without activity.
    add_product(world.b, 'Keripik "Pedas", 250 g', description='Renyah;\nasin, "gurih" — ñ 🌶', photos=0)
    CooperativePage.objects.filter(pk=world.b.pk).update(founding_date=date(2025, 7, 12), member_count=31)
    CooperativeActivity.objects.filter(cooperative=world.b).delete()
    assert django_settings.TIME_ZONE == "Asia/Jakarta"

    call_command("export_open_data", stdout=io.StringIO())

    folder = next(path for path in (tmp_path / "open-data").iterdir() if path.is_dir())
    text = {path.name: gzip.decompress(path.read_bytes()).decode() for path in Path(folder).glob("*.gz")}
    products, cooperatives = expected_products(world), expected_cooperatives()
    assert len(products) == 3 and len(cooperatives) == 2
    assert text["products.jsonl.gz"] == as_jsonl(products)
    assert text["products.csv.gz"] == as_csv(products)
    assert text["cooperatives.jsonl.gz"] == as_jsonl(cooperatives)
    assert text["cooperatives.csv.gz"] == as_csv(cooperatives)
