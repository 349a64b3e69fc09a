"""Load demo regions, cooperatives, content and users (safe to run again) and print the logins."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cooperative_pages.models import (
    BusinessUnit,
    CooperativePage,
    GovernancePage,
    NewsPage,
    ProductIndexPage,
    ProductPage,
    ProductPageImage,
    Region,
)
from cooperative_pages.services import (
    cooperative_create,
    facilitator_assign,
    officer_add,
    portal_page,
    role_groups_ensure,
)
from cooperative_pages.workflow import national_workflow_ensure

REGISTRY = Path(__file__).resolve().parent.parent.parent / "demo" / "registry.csv"
FEATURED = 4  # cooperatives whose first available product the portal features

# (title, category, unit, price, business unit, description, tags, colour)
PRODUCTS = [
    (
        "Beras Organik Pandan Wangi",
        "beras",
        "kg",
        16000,
        "gerai-sembako",
        "Beras organik dari sawah anggota koperasi, tanpa pestisida kimia.",
        ["beras", "organik"],
        (222, 204, 160),
    ),
    (
        "Kopi Robusta Bubuk",
        "perkebunan",
        "250 gram",
        35000,
        "gerai-sembako",
        "Kopi robusta petik merah, disangrai dan digiling oleh anggota koperasi.",
        ["kopi"],
        (92, 58, 33),
    ),
    (
        "Gula Aren Cetak",
        "olahan",
        "kg",
        28000,
        "gerai-sembako",
        "Gula aren murni dari nira pohon aren desa.",
        ["gula", "aren"],
        (140, 82, 35),
    ),
    (
        "Ikan Bandeng Segar",
        "perikanan",
        "kg",
        32000,
        "cold-storage",
        "Bandeng tambak desa, disimpan di cold storage koperasi.",
        ["ikan", "bandeng"],
        (150, 170, 190),
    ),
    (
        "Telur Ayam Kampung",
        "peternakan",
        "10 butir",
        25000,
        "gerai-sembako",
        "Telur ayam kampung dari peternak anggota.",
        ["telur"],
        (240, 225, 200),
    ),
    (
        "Anyaman Bambu Tas Belanja",
        "kerajinan",
        "buah",
        45000,
        "kantor-koperasi",
        "Tas belanja anyaman bambu buatan pengrajin desa.",
        ["anyaman", "kerajinan"],
        (190, 160, 100),
    ),
    (
        "Keripik Singkong Balado",
        "olahan",
        "200 gram",
        12000,
        "gerai-sembako",
        "Keripik singkong renyah bumbu balado, produksi UMKM anggota.",
        ["keripik", "camilan"],
        (230, 140, 60),
    ),
    (
        "Madu Hutan Murni",
        "olahan",
        "botol 500 ml",
        85000,
        "apotek",
        "Madu hutan murni dipanen oleh anggota koperasi.",
        ["madu"],
        (200, 140, 20),
    ),
    (
        "Pupuk Organik Cair",
        "sarana-tani",
        "liter",
        20000,
        "gerai-sembako",
        "Pupuk organik cair fermentasi untuk sawah dan kebun.",
        ["pupuk", "organik"],
        (80, 120, 60),
    ),
]

USERS = {
    # username: (password, first name, role, target)
    "admin": ("admin-kmp-2025", "Admin Nasional", "superuser", None),
    "pengurus.widoro": ("pengurus-kmp-2025", "Sutrisno", "officer", "3501010000000001"),
    "pengurus.tambakreja": ("pengurus-kmp-2025", "Sri Wahyuni", "officer", "3301010000000001"),
    "pengurus.gerungutara": ("pengurus-kmp-2025", "Lalu Ahmad", "officer", "5201010000000001"),
    "pendamping.pacitan": ("pendamping-kmp-2025", "Dewi Lestari", "facilitator", "35.01"),
    "pendamping.jateng": ("pendamping-kmp-2025", "Agus Santoso", "facilitator", "33"),
    "pendamping.ntb": ("pendamping-kmp-2025", "Baiq Rahmawati", "facilitator", "52.01.01"),
}


def demo_image(*, title: str, colour: tuple[int, int, int]):
    """A small generated JPEG standing in for an officer's product photo."""
    picture = PILImage.new("RGB", (640, 480), colour)
    ImageDraw.Draw(picture).text((24, 220), title, fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return buffer


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run although DEBUG is off (test and benchmark sites): the superuser's password is public.",
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: seed_demo would create the superuser 'admin' with a password printed here and "
                "published in its source. Run it on a development site, or pass --allow-production if this "
                "site is a disposable test or benchmark copy."
            )
        if not Region.objects.exists():
            call_command("load_regions", stdout=self.stdout)
        role_groups_ensure()
        national_workflow_ensure(portal=portal_page())
        with transaction.atomic():
            admin = self._users()
            cooperatives = self._cooperatives(admin)
            self._roles(cooperatives)
            self._featured(cooperatives, admin)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(cooperatives)} cooperatives."))
        self.stdout.write("Demo logins (http://127.0.0.1:8000/admin/):")
        for username, (password, name, role, target) in USERS.items():
            where = f" {target}" if target else ""
            self.stdout.write(f"  {role:<12} {username:<22} {password:<22} {name}{where}")

    def _users(self):
        User = get_user_model()
        for username, (password, name, role, _target) in USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": name,
                    "email": f"{username}@example.id",
                    "is_superuser": role == "superuser",
                    "is_staff": role == "superuser",
                },
            )
            if created:
                user.set_password(password)
                user.save()
        return User.objects.get(username="admin")

    def _cooperatives(self, admin) -> list[CooperativePage]:
        cooperatives = []
        with REGISTRY.open(encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        for index, row in enumerate(rows):
            cooperative = CooperativePage.objects.filter(registry_id=row["registry_id"]).first()
            if cooperative is None:
                cooperative = cooperative_create(
                    registry_id=row["registry_id"],
                    name=row["name"],
                    village=Region.objects.get(code=row["village_code"]),
                    legal_entity_number=row["legal_entity_number"],
                    legal_entity_date=date.fromisoformat(row["legal_entity_date"]),
                    address=row["address"],
                    phone="+62" + row["phone"].lstrip("+").removeprefix("62").lstrip("0"),
                    email=row["email"],
                    chair_name=row["chair_name"],
                    description="Koperasi desa yang melayani kebutuhan pokok, simpan pinjam dan pemasaran hasil desa.",
                    member_count=120 + index * 17,
                    user=admin,
                )
                cooperative.business_units.set(
                    BusinessUnit.objects.filter(
                        slug__in=["kantor-koperasi", "gerai-sembako", "simpan-pinjam"][: 1 + index % 3]
                    )
                )
                cooperative.save_revision(user=admin).publish(user=admin, skip_permission_checks=True)
                self._content(cooperative, index, admin)
            cooperatives.append(cooperative)
        return cooperatives

    def _content(self, cooperative: CooperativePage, index: int, admin) -> None:
        products_index = ProductIndexPage.objects.child_of(cooperative).get()
        for offset in range(3):
            title, category, unit, price, unit_slug, description, tags, colour = PRODUCTS[
                (index + offset) % len(PRODUCTS)
            ]
            image = get_image_model()(
                title=title,
                collection=cooperative.collection,
                uploaded_by_user=admin,
                file=ImageFile(demo_image(title=title, colour=colour), name=f"{cooperative.slug}-{offset}.jpg"),
            )
            image.save()
            product = ProductPage(
                title=title,
                description=description,
                price=price + index * 500,
                unit=unit,
                category=category,
                business_unit=BusinessUnit.objects.get(slug=unit_slug),
                available=offset != 2,
                owner=admin,
            )
            product.tags.add(*tags)
            product.gallery_images.add(ProductPageImage(image=image))
            products_index.add_child(instance=product)
            product.save_revision(user=admin).publish(user=admin, skip_permission_checks=True)
        news_index = cooperative.get_children().type(_model("NewsIndexPage")).get()
        news = NewsPage(
            title=f"Rapat Anggota Tahunan {cooperative.title}",
            intro="Koperasi menggelar Rapat Anggota Tahunan dan mengesahkan laporan pertanggungjawaban pengurus.",
            body=[("paragraph", RichText("<p>Rapat dihadiri anggota, pengurus, pengawas dan pendamping desa.</p>"))],
            date=date(2025, 8, 1 + index),
        )
        news_index.add_child(instance=news)
        news.save_revision(user=admin).publish(user=admin, skip_permission_checks=True)
        governance_index = cooperative.get_children().type(_model("GovernanceIndexPage")).get()
        for kind, title, year in (
            ("ad-art", "Anggaran Dasar dan Anggaran Rumah Tangga", 2025),
            ("pengurus", "Susunan Pengurus dan Pengawas", 2025),
        ):
            page = GovernancePage(
                title=title, kind=kind, year=year, body="<p>Disahkan dalam rapat pembentukan koperasi.</p>"
            )
            governance_index.add_child(instance=page)
            page.save_revision(user=admin).publish(user=admin, skip_permission_checks=True)

    def _roles(self, cooperatives: list[CooperativePage]) -> None:
        User = get_user_model()
        by_registry = {cooperative.registry_id: cooperative for cooperative in cooperatives}
        for username, (_password, _name, role, target) in USERS.items():
            user = User.objects.get(username=username)
            if role == "officer":
                officer_add(user=user, cooperative=by_registry[target])
            elif role == "facilitator":
                facilitator_assign(user=user, region=Region.objects.get(code=target))

    def _featured(self, cooperatives: list[CooperativePage], admin) -> None:
        """The portal's "Produk pilihan": an available product of each of the first cooperatives, published as the
        national admin would (a revision of the portal page), once."""
        from home.models import HomePageFeaturedProduct

        portal = portal_page().specific
        if portal.featured_products.exists():
            return
        products = [
            ProductPage.objects.descendant_of(cooperative).live().filter(available=True).order_by("path").first()
            for cooperative in cooperatives[:FEATURED]
        ]
        portal.featured_products = [
            HomePageFeaturedProduct(product=product, sort_order=number)
            for number, product in enumerate(products)
            if product
        ]
        portal.save_revision(user=admin).publish(user=admin, skip_permission_checks=True)


def _model(name: str):
    from django.apps import apps

    return apps.get_model("cooperative_pages", name)
