"""A small two-province world for the attacker's-side tests.

Cooperative A (Pacitan, East Java) and cooperative B (Cilacap, Central Java), each
with an officer, live and draft pages, an image and a document in its own
collection; a facilitator per region and a superuser.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cooperative_pages.models import CooperativePage, NewsIndexPage, NewsPage, ProductPage, ProductPageImage
from tests.factories import make_cooperative, make_facilitator, make_image, make_officer, make_product, make_user

PASSWORD = "pass-1234-kmp"
VILLAGE_A = "35.01.01.2001"  # Widoro, Donorojo, Kabupaten Pacitan, Jawa Timur
VILLAGE_B = "33.01.01.2001"  # Tambakreja, Kedungreja, Kabupaten Cilacap, Jawa Tengah


def make_document(*, collection, title: str = "AD/ART"):
    document = get_document_model()(title=title, collection=collection)
    document.file.save("dokumen.pdf", ContentFile(io.BytesIO(b"%PDF-1.4 kmp test").getvalue()), save=False)
    document.save()
    return document


def make_news(cooperative: CooperativePage, *, title: str, publish: bool = True) -> NewsPage:
    index = NewsIndexPage.objects.child_of(cooperative).get()
    news = NewsPage(title=title, intro="Rapat anggota", live=publish)
    index.add_child(instance=news)
    revision = news.save_revision()
    if publish:
        revision.publish(skip_permission_checks=True)
    return news


@dataclass
class Side:
    cooperative: CooperativePage
    officer: object
    product: ProductPage
    draft_product: ProductPage
    news: NewsPage
    image: object
    document: object


@dataclass
class World:
    a: Side
    b: Side
    facilitator_a: object  # regency of A (35.01)
    facilitator_b: object  # province of B (33)
    superuser: object


def _side(prefix: str, village_code: str, letter: str) -> Side:
    cooperative = make_cooperative(village_code=village_code, name=f"Koperasi Desa Merah Putih {prefix}")
    officer = make_officer(f"pengurus_{letter}", cooperative)
    image = make_image(collection=cooperative.collection, title=f"Foto {prefix}")
    product = make_product(cooperative, title=f"Beras {prefix}", gallery_images=[ProductPageImage(image=image)])
    draft = make_product(cooperative, title=f"Rahasia Draf {prefix}", publish=False)
    return Side(
        cooperative=cooperative,
        officer=officer,
        product=product,
        draft_product=draft,
        news=make_news(cooperative, title=f"Berita {prefix}"),
        image=image,
        document=make_document(collection=cooperative.collection, title=f"Dokumen {prefix}"),
    )


@pytest.fixture
def world(portal) -> World:
    return World(
        a=_side("Widoro", VILLAGE_A, "a"),
        b=_side("Tambakreja", VILLAGE_B, "b"),
        facilitator_a=make_facilitator("pendamping_pacitan", "35.01"),
        facilitator_b=make_facilitator("pendamping_jateng", "33"),
        superuser=make_user("admin", is_superuser=True, is_staff=True),
    )


def login(client, user):
    client.force_login(user)
    return client
