"""Errors people can read: Indonesian 404 and 500 pages with the portal's header and a search
box, and `make run` (the dev settings) showing them instead of Django's English debug pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from config import urls as site_urls

ROOT = Path(__file__).resolve().parent.parent


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("rusak/", broken_view), *site_urls.urlpatterns]


def assert_portal_page_with_search(html: str) -> None:
    header = html.split('<header class="site-head">')[1].split("</header>")[0]
    assert ">Pasar</a>" in header and ">Dasbor</a>" in header
    assert '<form class="search" method="get" action="/marketplace/" role="search">' in html
    assert 'name="q"' in html and "Cari produk desa" in html
    assert '<html lang="id">' in html and '<meta name="robots" content="noindex">' in html


def test_unknown_page_is_an_indonesian_404_with_header_and_search(portal, client):
    response = client.get("/koperasi-yang-tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Halaman tidak ditemukan · Koperasi Merah Putih</title>" in html
    assert "<h1>Halaman tidak ditemukan</h1>" in html
    assert_portal_page_with_search(html)
    assert "Page not found" not in html and "Using the URLconf" not in html


def test_server_error_is_an_indonesian_500_with_header_and_search(portal, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/rusak/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di sisi kami" in html and "Traceback" not in html
    assert_portal_page_with_search(html)


@pytest.mark.parametrize("debug, expected", [(None, "False"), ("1", "True")])
def test_make_run_settings_show_the_real_error_pages_unless_asked(debug, expected):
    """``make run`` serves with config.settings.dev: DEBUG is off (so a wrong URL shows the page
    above, not the URL list) unless DJANGO_DEBUG=1; uploaded media are still served."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    if debug:
        env["DJANGO_DEBUG"] = debug
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    code = (
        "import django; django.setup(); from django.conf import settings; from django.urls import resolve; "
        "print(settings.DEBUG, resolve('/media/images/foto.jpg').func.__name__)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == [expected, "serve"]
