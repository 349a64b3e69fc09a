"""Helpers for the API's paginated listings (cooperatives, products): what a page lists and how
many queries it takes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def listed(response, key: str) -> list:
    """The ``key`` of every result on a listing page."""
    return [item[key] for item in response.json()["results"]]


def served_listing(client, url: str, *, count: int):
    """The response for a listing page that is served and counts ``count`` results in all."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == count
    return response


def assert_lists(client, url: str, *, key: str, expected: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert listed(response, key) == expected


def count_queries(client, url) -> int:
    client.get(url)  # warm: renditions exist and the site's root paths are cached afterwards
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def assert_listing_queries(client, path: str, *, rows: int, filters: str, budget: int) -> None:
    """A page of one row, a page of ``rows`` rows and a filtered page of them take the same pinned
    number of queries."""
    small = count_queries(client, f"{path}?page_size=1")
    large = count_queries(client, f"{path}?page_size={rows}")
    filtered = count_queries(client, f"{path}?{filters}&page_size={rows}")
    assert len(client.get(f"{path}?page_size={rows}").json()["results"]) == rows
    assert small == large == budget
    assert filtered == budget
