"""One error format for every status under /api/: RFC 9457 problem+json, Indonesian or English."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from tests.api.conftest import problem_errors

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM, response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("http://127.0.0.1:8000/api/problems/")
    assert body["title"] and body["detail"]
    assert response["Cache-Control"] == "no-store"
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/cooperatives/?province=x",
        "/api/products/?available=mungkin",
        "/api/news/?year=20",
        "/api/governance/?kind=rahasia",
        "/api/changes/?cursor=abc",
        "/api/marketplace/products/?sort=populer",
        "/api/marketplace/autocomplete/",
        "/api/dashboard/?province=x",
        "/api/v2/pages/?limit=1000",
        "/api/v2/pages/?bogus=1",
        "/api/v2/images/?offset=-1",
    ],
)
def test_bad_parameters_are_a_problem_naming_them(client, world, url):
    errors = problem_errors(client.get(url))
    assert errors, "each invalid parameter is named"


@pytest.mark.parametrize(
    "url",
    [
        "/api/cooperatives/999999/",
        "/api/products/999999/",
        "/api/news/999999/",
        "/api/governance/999999/",
        "/api/v2/pages/999999/",
        "/api/v2/images/999999/",
        "/api/tidak-ada/",
        "/api/v3/pages/",
    ],
)
def test_not_found_is_a_problem(client, world, url):
    problem(client.get(url), 404)


def test_unknown_api_key_is_a_problem_and_the_schema_answers_it_in_json(client, world):
    body = problem(client.get("/api/cooperatives/", HTTP_X_API_KEY="kmp_00000000_salah"), 401)
    assert body["type"].endswith("/invalid-api-key/")
    # The schema view negotiates YAML first: its errors are JSON all the same.
    response = client.get("/api/schema/", HTTP_X_API_KEY="salah")
    problem(response, 401)


def test_method_not_allowed_is_a_problem(client, world):
    problem(client.post("/api/cooperatives/"), 405)
    problem(client.delete("/api/marketplace/products/"), 405)


def test_too_many_requests_is_a_problem(client, world, settings):
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "1/minute"}
    client.get("/api/products/")
    body = problem(client.get("/api/products/"), 429)
    assert body["type"].endswith("/too-many-requests/")


def test_database_down_is_a_problem(client, world, monkeypatch):
    from cooperative_pages.api import views

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.selectors, "cooperative_list", down)
    monkeypatch.setattr("config.middleware.database_unreachable", lambda exception: True)
    response = client.get("/api/cooperatives/")
    problem(response, 503)
    assert response["Retry-After"]


def test_english_on_request_indonesian_by_default(client, world):
    indonesian = client.get("/api/cooperatives/?province=x").json()
    english = client.get("/api/cooperatives/?province=x", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "Invalid parameters"
    assert indonesian["title"] != english["title"]
    assert indonesian["errors"][0]["detail"] != english["errors"][0]["detail"]
    assert english["errors"][0]["parameter"] == indonesian["errors"][0]["parameter"] == "province"
    v2 = client.get("/api/v2/pages/?limit=1000", HTTP_ACCEPT_LANGUAGE="en").json()
    assert v2["errors"] == [{"parameter": "limit", "detail": "At most 100."}]


def test_the_problem_type_describes_itself(client, world):
    body = client.get("/api/products/999999/").json()
    described = client.get(body["type"].removeprefix("http://127.0.0.1:8000")).json()
    assert described["status"] == 404 and described["title"] == body["title"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("query parameter is not an operation or a recognised field: a, b", {"a", "b"}),
        ("limit must be a positive integer", {"limit"}),
        ("offset must be a positive integer", {"offset"}),
        ("limit cannot be higher than 100", {"limit"}),
        ("cannot order by 'x' (unknown field)", {"order"}),
        ("random ordering with offset is not supported", {"order"}),
        ("type doesn't exist", {"type"}),
        ("child_of must be a positive integer", {"child_of"}),
        ("parent page doesn't exist", {"child_of"}),
        ("descendant page doesn't exist", {"ancestor_of"}),
        ("unknown fields: x", {"fields"}),
        ("field filter error. 'x' is not a valid value for price (invalid literal)", {"price"}),
    ],
)
def test_wagtail_messages_are_mapped_to_their_parameter(message, expected):
    from cooperative_pages.api.v2 import wagtail_parameter_errors

    assert set(wagtail_parameter_errors(message)) == expected


def test_wagtails_own_messages_have_not_changed(client, world):
    """The map above matches Wagtail's wording today: when an upgrade rewords one, it shows here."""
    for url, parameter in [
        ("/api/v2/pages/?limit=-1", "limit"),
        ("/api/v2/pages/?offset=x", "offset"),
        ("/api/v2/pages/?order=nope", "order"),
        ("/api/v2/pages/?type=cooperative_pages.Tidak", "type"),
        ("/api/v2/pages/?child_of=x", "child_of"),
        ("/api/v2/pages/?order=", "order"),
        ("/api/v2/pages/?fields=nope", "fields"),
        ("/api/v2/pages/?limit=1&limit=2", "limit"),
    ]:
        assert parameter in problem_errors(client.get(url)), url
    # A page id that names no public page: the request was valid, what it names is not there.
    assert "child_of" in problem_errors(client.get("/api/v2/pages/?child_of=999999"), 404)
