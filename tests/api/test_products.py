"""GET /api/products/: live products with cooperative and region, filters, query counts."""

from __future__ import annotations

import pytest

from tests.api.conftest import add_product, problem_errors
from tests.api.listing import assert_listing_queries, assert_lists, listed, served_listing
from tests.budgets import RATE_LIMIT_QUERIES
from tests.factories import make_cooperative

pytestmark = pytest.mark.django_db


def test_products_carry_cooperative_region_and_photo(client, world):
    response = served_listing(client, "/api/products/", count=3)
    assert listed(response, "title") == ["Beras Organik", "Kopi Robusta", "Gula Aren"]  # by id
    beras, _kopi, gula = response.json()["results"]
    assert beras["cooperative"]["id"] == world.a.pk
    assert beras["cooperative"]["name"] == "Koperasi Desa Merah Putih Widoro"
    assert beras["cooperative"]["province"]["code"] == "35"
    assert beras["cooperative"]["regency"]["name"] == "Kabupaten Pacitan"
    assert beras["business_unit"] == {"code": "gerai-sembako", "name": "Gerai sembako"}
    assert beras["category"]["code"] == "beras" and beras["category"]["name"] not in ("", "beras")
    small = beras["image"]["renditions"]["small"]
    assert small["url"].endswith(".webp")
    assert small["width"] * 3 == small["height"] * 4  # fill-480x360 (no upscaling)
    assert beras["image"]["alt"] == "Beras Organik"
    assert gula["image"] is None and gula["available"] is False
    assert "Rahasia" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=33", ["Gula Aren"]),
        ("regency=35.01", ["Beras Organik", "Kopi Robusta"]),
        ("village=33.01.01.2001", ["Gula Aren"]),
        ("category=perkebunan", ["Kopi Robusta"]),
        ("business_unit=gerai-sembako", ["Beras Organik"]),
        ("available=false", ["Gula Aren"]),
        ("available=true&province=35", ["Beras Organik", "Kopi Robusta"]),
        ("q=kopi", ["Kopi Robusta"]),
    ],
)
def test_product_filters(client, world, query, expected):
    assert_lists(client, f"/api/products/?{query}", key="title", expected=expected)


def test_product_filter_by_cooperative(client, world):
    assert listed(client.get(f"/api/products/?cooperative={world.b.pk}"), "title") == ["Gula Aren"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("category=mobil", "category"),
        ("available=kadang", "available"),
        ("cooperative=abc", "cooperative"),
        ("cooperative=999999", "cooperative"),
        ("province=99", "province"),
        ("business_unit=tidak-ada", "business_unit"),
        ("harga=1", "harga"),
    ],
)
def test_bad_product_parameters_are_400(client, world, query, field):
    unknown = query in ("cooperative=999999", "province=99", "business_unit=tidak-ada")  # valid, names nothing: 404
    assert list(problem_errors(client.get(f"/api/products/?{query}"), 404 if unknown else 400)) == [field]


def test_product_listing_runs_a_fixed_number_of_queries(client, world):
    other = make_cooperative(village_code="33.01.01.2002", name="Koperasi Lain")
    for number in range(5):
        add_product(other, f"Produk {number}")
    # count, rows, cooperatives, images, renditions, the hidden-pages lookup, the feed's head (ETag)
    budget = 7 + RATE_LIMIT_QUERIES
    assert_listing_queries(
        client, "/api/products/", rows=8, filters="province=33&category=beras&available=true", budget=budget
    )
