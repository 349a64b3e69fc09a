"""The API speaks Indonesian unless the client asks for English with ``Accept-Language``:
error messages (400, 404, 405, 429) and the schema's descriptions. Pages outside /api/ ignore
the header (the site has no LocaleMiddleware on purpose)."""

from __future__ import annotations

import pytest

from tests.api.conftest import problem_errors

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.fixture
def low_rate(settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "1/minute"}


@pytest.mark.parametrize(
    ("url", "field", "indonesian", "english"),
    [
        ("/api/cooperatives/?province=99", "province", "Kode provinsi tidak dikenal: 99.", "Unknown province code"),
        (
            "/api/cooperatives/?regency=35-01",
            "regency",
            "Bukan kode kabupaten/kota; tulis seperti 35.07.",
            "Not a regency code; write it like 35.07.",
        ),
        ("/api/products/?provinsi=35", "provinsi", "Parameter tidak dikenal. Yang diizinkan:", "Unknown parameter."),
        ("/api/products/?business_unit=tidak-ada", "business_unit", "Unit usaha tidak dikenal", "Unknown business"),
        # DRF's own message, from DRF's Indonesian catalog.
        ("/api/products/?page=abc", "page", "bilangan bulat", "A valid integer is required."),
        ("/api/dashboard/?provinsi=35", "provinsi", "Parameter tidak dikenal", "Unknown parameter"),
    ],
)
def test_400_messages_are_indonesian_unless_english_is_asked_for(client, world, url, field, indonesian, english):
    status = 404 if "tidak dikenal:" in indonesian or "Unit usaha tidak dikenal" in indonesian else 400
    response = client.get(url)
    assert indonesian in problem_errors(response, status)[field]
    assert response.json()["title"] == ("Tidak ditemukan" if status == 404 else "Parameter tidak valid")
    assert response["Content-Language"] == "id"
    assert "Accept-Language" in response["Vary"]

    response = client.get(url, **ENGLISH)
    assert english in problem_errors(response, status)[field]
    assert response.json()["title"] == ("Not found" if status == 404 else "Invalid parameters")
    assert response["Content-Language"] == "en"


def test_marketplace_400_is_indonesian_unless_english_is_asked_for(client, world):
    assert problem_errors(client.get("/api/marketplace/products/?provinsi=35"))["provinsi"].startswith(
        "Parameter tidak dikenal."
    )
    english = problem_errors(client.get("/api/marketplace/products/?provinsi=35", **ENGLISH))
    assert english["provinsi"].startswith("Unknown parameter.")


@pytest.mark.parametrize("url", ["/api/cooperatives/99999999/", "/api/tidak-ada/"])
def test_404_detail_is_indonesian_unless_english_is_asked_for(client, world, url):
    indonesian = client.get(url).json()
    assert (indonesian["title"], indonesian["detail"]) == ("Tidak ditemukan", "Tidak ada apa pun di alamat ini.")
    english = client.get(url, **ENGLISH).json()
    assert (english["title"], english["detail"]) == ("Not found", "Nothing exists at this address.")


@pytest.mark.parametrize("url", ["/api/cooperatives/", "/api/products/", "/api/marketplace/products/"])
def test_405_detail_is_indonesian_unless_english_is_asked_for(client, world, url):
    response = client.post(url)
    assert response.status_code == 405
    assert response.json()["detail"] == 'Metode "POST" tidak diizinkan.'
    assert client.delete(url, **ENGLISH).json()["detail"] == 'Method "DELETE" not allowed.'


def test_429_detail_is_indonesian_unless_english_is_asked_for(client, world, low_rate):
    assert client.get("/api/cooperatives/").status_code == 200
    response = client.get("/api/cooperatives/")
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert response.json()["detail"] == f"Terlalu banyak permintaan. Coba lagi dalam {seconds} detik."
    response = client.get("/api/products/", **ENGLISH)
    assert response.json()["detail"] == f"Too many requests. Try again in {response['Retry-After']} seconds."
    response = client.get("/api/marketplace/products/")
    assert response.status_code == 429
    assert response.json()["detail"] == f"Terlalu banyak permintaan. Coba lagi dalam {response['Retry-After']} detik."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "id"),
        ("en", "en"),
        ("en-GB,en;q=0.8", "en"),
        ("id-ID,id;q=0.9,en;q=0.8", "id"),
        ("fr,en;q=0.5", "en"),
        ("fr,de", "id"),
        ("*", "id"),
        ("x" * 500, "id"),
    ],
)
def test_language_is_chosen_from_accept_language_among_the_offered_ones(client, world, header, expected):
    response = client.get("/api/cooperatives/?province=99", HTTP_ACCEPT_LANGUAGE=header)
    assert response["Content-Language"] == expected


def test_schema_descriptions_are_indonesian_unless_english_is_asked_for(client, world):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/cooperatives/"]["get"]
    assert operation["summary"] == "Direktori koperasi"
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["province"]["description"] == "Kode provinsi Kemendagri, mis. `35`."
    assert schema["paths"]["/api/marketplace/products/"]["get"]["summary"] == "Pencarian marketplace"
    assert schema["paths"]["/api/dashboard/"]["get"]["summary"] == "Angka dasbor"

    schema = client.get("/api/schema/?format=json", **ENGLISH).json()
    assert schema["paths"]["/api/cooperatives/"]["get"]["summary"] == "Cooperative directory"
    assert schema["paths"]["/api/marketplace/products/"]["get"]["summary"] == "Marketplace search"


def test_pages_outside_the_api_ignore_accept_language(client, world):
    response = client.get("/marketplace/", **ENGLISH)
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
