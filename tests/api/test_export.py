"""export_open_data: gzip'd CSV and JSON Lines of every public cooperative (with readiness) and
product, a Data Package schema, stable URLs with ETag under /api/open-data/."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from tests.api.conftest import BASE

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(world, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = str(tmp_path)
    PageViewRestriction.objects.create(page=world.live_products[1], restriction_type=PageViewRestriction.LOGIN)
    out = io.StringIO()
    call_command("export_open_data", stdout=out)
    return out.getvalue()


def download(client, url: str) -> bytes:
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_export_has_every_public_row_in_both_formats(client, world, exported):
    assert "products: 2 rows" in exported and "cooperatives: 2 rows" in exported
    manifest = client.get("/api/open-data/").json()
    files = {item["name"]: item for item in manifest["files"]}
    assert set(files) == {
        "cooperatives.csv.gz",
        "cooperatives.jsonl.gz",
        "products.csv.gz",
        "products.jsonl.gz",
        "datapackage.json",
    }
    products = list(
        csv.DictReader(io.StringIO(gzip.decompress(download(client, files["products.csv.gz"]["url"])).decode()))
    )
    assert {row["title"] for row in products} == {"Beras Organik", "Gula Aren"}  # the draft and the private one: no
    lines = gzip.decompress(download(client, files["products.jsonl.gz"]["url"])).decode().splitlines()
    as_json = [json.loads(line) for line in lines]
    assert [row["id"] for row in as_json] == [int(row["id"]) for row in products]
    beras = next(row for row in as_json if row["title"] == "Beras Organik")
    assert beras["cooperative_id"] == world.a.pk and beras["available"] is True and beras["price"] > 0
    assert beras["url"] == f"{BASE}{world.live_products[0].url}"
    cooperatives = [
        json.loads(line)
        for line in gzip.decompress(download(client, files["cooperatives.jsonl.gz"]["url"])).splitlines()
    ]
    widoro = next(row for row in cooperatives if row["id"] == world.a.pk)
    assert widoro["business_units"] == ["gerai-sembako", "klinik"]
    assert isinstance(widoro["readiness_score"], int) and "has_board" in widoro and "ready" in widoro
    assert files["products.csv.gz"]["rows"] == 2 and files["cooperatives.csv.gz"]["rows"] == 2
    assert manifest["cursor"].isdigit()


def test_the_published_schema_describes_every_column(client, world, exported):
    files = {item["name"]: item for item in client.get("/api/open-data/").json()["files"]}
    package = json.loads(download(client, files["datapackage.json"]["url"]))
    resources = {resource["name"]: resource for resource in package["resources"]}
    header = gzip.decompress(download(client, files["cooperatives.csv.gz"]["url"])).decode().splitlines()[0]
    fields = [field["name"] for field in resources["cooperatives-csv"]["schema"]["fields"]]
    assert header.split(",") == fields
    assert all(field["description"] and field["type"] for field in resources["products-jsonl"]["schema"]["fields"])


def test_files_have_a_stable_url_and_their_sha256_as_etag(client, world, exported):
    item = next(item for item in client.get("/api/open-data/").json()["files"] if item["name"] == "products.csv.gz")
    assert item["url"] == f"{BASE}/api/open-data/products.csv.gz"
    response = client.get("/api/open-data/products.csv.gz")
    assert response["ETag"] == f'"{item["sha256"]}"' and response["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response  # a .gz file, not gzip'd again
    assert client.get("/api/open-data/products.csv.gz", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # A second run replaces the files; the URL stays, the ETag follows the content.
    world.live_products[0].title = "Beras Organik Pandan"
    world.live_products[0].save_revision().publish(skip_permission_checks=True)
    call_command("export_open_data", stdout=io.StringIO())
    again = client.get("/api/open-data/products.csv.gz", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 200 and again["ETag"] != response["ETag"]


def test_before_any_export_it_is_a_404(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert client.get("/api/open-data/").status_code == 404
    assert client.get("/api/open-data/products.csv.gz").status_code == 404
