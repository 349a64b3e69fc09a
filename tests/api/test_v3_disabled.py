"""Wagtail 8's v3 API (read and write, bearer API tokens) is not enabled: its app is not
installed and no URL routes to it, so every /api/v3/ path is the API's JSON 404, with or
without a token or a logged-in officer. If it is ever enabled, issue 4's write rules
(an officer's token cannot publish, cannot touch another cooperative, no drafts in a
token-authenticated listing) need tests of their own first."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import resolve

from cooperative_pages.api.problems import api_not_found
from tests.factories import make_officer

pytestmark = pytest.mark.django_db

V3_PATHS = [
    "/api/v3/",
    "/api/v3/pages/",
    "/api/v3/pages/1/",
    "/api/v3/pages/1/publish/",
    "/api/v3/images/",
    "/api/v3/documents/",
    "/api/v3/openapi.json",
    "/api/v3/docs",
]


def test_v3_app_is_not_installed_and_no_url_routes_to_it():
    assert "wagtail.api.v3" not in settings.INSTALLED_APPS
    for path in V3_PATHS:
        assert resolve(path).func is api_not_found, path


@pytest.mark.parametrize("path", V3_PATHS)
@pytest.mark.parametrize("method", ["get", "post", "patch", "put", "delete"])
@pytest.mark.parametrize("token", [None, "Bearer wagtail-api-token-0123456789abcdef"])
def test_v3_paths_are_404_with_or_without_a_token(client, world, path, method, token):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    response = getattr(client, method)(path, {"title": "Diterbitkan lewat v3"}, format="json", **headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Tidak ada apa pun di alamat ini."


def test_v3_paths_are_404_for_a_logged_in_officer(client, world):
    client.force_login(make_officer("pengurus_v3", world.a))
    for path in V3_PATHS:
        assert client.post(path, {"title": "x"}, format="json").status_code == 404
        assert client.get(path).status_code == 404
