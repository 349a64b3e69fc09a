"""GET /api/cooperatives/ and /api/cooperatives/<id>/: content, filters, errors, query counts."""

from __future__ import annotations

import pytest

from tests.api.conftest import BASE, add_governance, add_news, add_product, problem_errors
from tests.api.listing import assert_listing_queries, assert_lists, count_queries, listed, served_listing
from tests.budgets import RATE_LIMIT_QUERIES
from tests.factories import make_cooperative, make_image

pytestmark = pytest.mark.django_db


def test_directory_lists_live_cooperatives_with_region_and_business_units(client, world):
    body = served_listing(client, "/api/cooperatives/", count=2).json()
    assert body["previous"] is None and body["next"] is None
    tambakreja, widoro = body["results"]  # ordered by name
    assert widoro["id"] == world.a.pk
    assert widoro["province"] == {"code": "35", "name": "Jawa Timur", "level": "province"}
    assert widoro["regency"]["code"] == "35.01"
    assert widoro["district"]["code"] == "35.01.01"
    assert widoro["village"]["code"] == "35.01.01.2001"
    assert [unit["code"] for unit in widoro["business_units"]] == ["gerai-sembako", "klinik"]
    logo = widoro["logo"]
    assert set(logo["renditions"]) == {"small", "medium", "large"}
    assert logo["renditions"]["small"]["url"].startswith(f"{BASE}/media/images/")
    assert logo["alt"] == "Koperasi Desa Merah Putih Widoro"
    assert widoro["url"] == f"{BASE}/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/"
    assert widoro["path"] == "/jawa-timur/kabupaten-pacitan/koperasi-desa-merah-putih-widoro/"
    assert widoro["slug"] == "koperasi-desa-merah-putih-widoro"
    assert tambakreja["logo"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=35", ["Koperasi Desa Merah Putih Widoro"]),
        ("regency=33.01", ["Koperasi Desa Merah Putih Tambakreja"]),
        ("district=35.01.01", ["Koperasi Desa Merah Putih Widoro"]),
        ("village=33.01.01.2001", ["Koperasi Desa Merah Putih Tambakreja"]),
        ("business_unit=simpan-pinjam", ["Koperasi Desa Merah Putih Tambakreja"]),
        ("q=widoro", ["Koperasi Desa Merah Putih Widoro"]),
        ("province=35&business_unit=klinik", ["Koperasi Desa Merah Putih Widoro"]),
        ("province=35&business_unit=simpan-pinjam", []),  # both exist: an empty page, not an error
    ],
)
def test_directory_filters(client, world, query, expected):
    assert_lists(client, f"/api/cooperatives/?{query}", key="name", expected=expected)


# Each bad query is answered with a problem naming its parameter (the query's first) and, in its message, a word;
# a well-formed code that names nothing is a 404 (the request was valid).
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("province=3", 400, "35"),
        ("province=99", 404, "99"),
        ("regency=35-01", 400, "35.07"),
        ("district=35.01", 400, "35.07.12"),
        ("village=35.01.01.99999", 400, "35.07.12.2001"),
        ("village=35.01.01.2999", 404, "35.01.01.2999"),
        ("business_unit=tidak-ada", 404, "tidak-ada"),
        ("business_unit=not a slug", 400, ""),
        ("provinsi=35", 400, "province"),
        ("page=0", 400, ""),
        ("page=abc", 400, ""),
        ("page_size=101", 400, ""),
        ("page_size=-1", 400, ""),
        ("province=35&province=33", 400, ""),
        ("province=", 400, ""),
        ("active=", 400, ""),
        ("updated_since=kemarin", 400, ""),
        ("q=" + "x" * 101, 400, ""),
    ],
)
def test_bad_parameters_are_400_with_a_message_per_parameter(client, world, query, status, message):
    field = query.partition("=")[0]
    errors = problem_errors(client.get(f"/api/cooperatives/?{query}"), status)
    assert list(errors) == [field]
    assert message in errors[field]


def test_page_past_the_end_is_an_empty_page(client, world):
    body = client.get("/api/cooperatives/?page=3&page_size=1").json()
    assert body["count"] == 2 and body["results"] == [] and body["next"] is None
    assert body["previous"] == f"{BASE}/api/cooperatives/?page=2&page_size=1"


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999", "99999999999999999999999", "%C2%B2", "1.0"])
def test_unknown_cooperative_is_404(client, world, pk):
    response = client.get(f"/api/cooperatives/{pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_unpublished_cooperative_is_neither_listed_nor_served(client, world):
    world.b.unpublish()
    assert listed(client.get("/api/cooperatives/"), "name") == ["Koperasi Desa Merah Putih Widoro"]
    assert client.get(f"/api/cooperatives/{world.b.pk}/").status_code == 404


def test_detail_has_profile_and_summaries_of_live_content_only(client, world):
    response = client.get(f"/api/cooperatives/{world.a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Koperasi Desa Merah Putih Widoro"
    assert body["chair_name"] == "Ketua Widoro"
    assert body["phone"] == "+6281234500000"
    assert body["whatsapp_url"] == "https://wa.me/6281234500000"
    assert body["product_count"] == 2
    assert {product["title"] for product in body["products"]} == {"Beras Organik", "Kopi Robusta"}
    assert [news["title"] for news in body["news"]] == ["Rapat Anggota Tahunan"]
    (governance,) = body["governance"]
    assert governance["title"] == "Laporan RAT 2025"
    assert governance["documents"][0]["url"].startswith(f"{BASE}/documents/")
    assert "Rahasia" not in response.content.decode()
    assert response["Last-Modified"]


def test_pagination_is_stable_and_complete(client, portal):
    # Several cooperatives share a name: the id breaks the tie, so pages never overlap.
    created = [make_cooperative(village_code=f"35.01.01.200{n}", name="Koperasi Kembar") for n in range(1, 6)]
    seen, url = [], "/api/cooperatives/?page_size=2"
    while url:
        body = client.get(url).json()
        assert body["count"] == 5
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == sorted(cooperative.pk for cooperative in created)


def test_listing_runs_a_fixed_number_of_queries(client, world):
    world.b.logo = make_image(title="Logo")  # every row has a logo: one page looks like any other
    world.b.save_revision().publish(skip_permission_checks=True)
    for number in range(4):
        cooperative = make_cooperative(village_code="33.01.01.2002", name=f"Koperasi Tambahan {number}")
        cooperative.business_units.set(world.a.business_units.all())
        cooperative.logo = make_image(title="Logo")
        cooperative.save_revision().publish(skip_permission_checks=True)
    # count, rows, business units, logo renditions, the restriction lookup; readiness: activity, evidence (2);
    # the ETag: the feed's head and the number of active cooperatives
    budget = 10 + RATE_LIMIT_QUERIES
    assert_listing_queries(
        client, "/api/cooperatives/", rows=6, filters="province=33&business_unit=klinik", budget=budget
    )


def test_detail_runs_a_fixed_number_of_queries(client, world):
    world.b.logo = make_image(title="Logo")
    world.b.save_revision().publish(skip_permission_checks=True)
    for number in range(3):
        add_product(world.b, f"Produk {number}")
        add_news(world.b, f"Berita {number}")
        add_governance(world.b, f"Dokumen {number}")
    few = count_queries(client, f"/api/cooperatives/{world.a.pk}/")
    many = count_queries(client, f"/api/cooperatives/{world.b.pk}/")
    # restriction lookup, cooperative, units, logo renditions; readiness (activity, evidence x2);
    # product count and rows, news, governance and its files; the ETag: feed head, active cooperatives
    assert few == many == 14 + RATE_LIMIT_QUERIES
