"""Password guessing, cross-site requests, response headers, deployment checks and API rate
limits, each tried from the attacker's side."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authentication import SessionAuthentication

from cooperative_pages.models import ProductIndexPage, ProductPage
from tests.abuse.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address)


# CSRF


def _admin_patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _admin_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.callback))
    return found


def test_no_admin_view_is_exempt_from_csrf():
    """Every admin URL checks CSRF: through Django's middleware, or DRF's session authentication."""
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    admin = [(route, view) for route, view in _admin_patterns(get_resolver()) if route.startswith("admin/")]
    assert len(admin) > 100, "the admin URLs were not found"
    exempt = [(route, view) for route, view in admin if getattr(view, "csrf_exempt", False)]
    # DRF marks its views exempt: each must be read-only or check CSRF in SessionAuthentication.
    unchecked = [
        route
        for route, view in exempt
        if set(view.actions) - {"get", "head", "options"}
        and not any(issubclass(auth, SessionAuthentication) for auth in view.cls.authentication_classes)
    ]
    assert unchecked == []


def test_admin_forms_refuse_posts_without_the_csrf_token(target):
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(target.officer)
    product = target.product
    index = ProductIndexPage.objects.child_of(target.cooperative).get()
    attempts = {
        "edit page": reverse("wagtailadmin_pages:edit", args=[product.pk]),
        "add page": reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", index.pk]),
        "delete page": reverse("wagtailadmin_pages:delete", args=[product.pk]),
        "unpublish": reverse("wagtailadmin_pages:unpublish", args=[product.pk]),
        "image upload": reverse("wagtailimages:add"),
        "document upload": reverse("wagtaildocs:add"),
        "account": reverse("wagtailadmin_account"),
        "logout": reverse("wagtailadmin_logout"),
    }
    for name, url in attempts.items():
        response = officer.post(url, {"title": "Diretas lewat CSRF", "action-submit": "1"})
        assert response.status_code == 403, f"{name}: {response.status_code}"
    assert ProductPage.objects.get(pk=product.pk).title == "Beras Organik"
    assert ProductPage.objects.get(pk=product.pk).live
    assert ProductPage.objects.count() == 1
    # The admin API's page actions (DRF, session authentication).
    response = officer.post(
        f"/admin/api/main/pages/{product.pk}/action/unpublish/", {}, content_type="application/json"
    )
    assert response.status_code == 403, response.status_code
    assert ProductPage.objects.get(pk=product.pk).live
    # The login form too (login CSRF).
    assert Client(enforce_csrf_checks=True).post(reverse("wagtailadmin_login"), {}).status_code == 403


def test_admin_forms_work_with_the_token(target):
    """The control case: with the token from the form, the same client can post."""
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(target.officer)
    officer.get(reverse("wagtailadmin_account"))
    token = officer.cookies["csrftoken"].value
    response = officer.post(reverse("wagtailadmin_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


# Headers


@pytest.mark.parametrize(
    "url",
    ["/marketplace/", "/admin/login/", "/api/cooperatives/", "/dashboard/", "/api/marketplace/products/"],
)
def test_security_headers(url, target):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cooperative_page_headers(target):
    response = Client().get(target.cooperative.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert _csp(response)["script-src"] == ["'self'"]


def _csp(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize(
    "url",
    [
        "/marketplace/",
        "/marketplace/?q=beras",
        "/dashboard/",
        "/dashboard/kesiapan-pembiayaan/",
        "/api/cooperatives/",
        "/api/marketplace/products/",
        "/api/docs/",
        "/api/redoc/",
    ],
)
def test_content_security_policy_on_public_pages(url, target):
    """No inline script and nothing from another origin, anywhere outside the admin."""
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    expected_styles = ["'self'", "'unsafe-inline'"] if url.startswith(("/api/docs/", "/api/redoc/")) else ["'self'"]
    assert policy["style-src"] == expected_styles
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert "<script>" not in html and " style=" not in html, url  # what the policy would block
        # nothing loaded from another origin (links to other sites, like wa.me, are fine; so is the
        # canonical or alternate address of the page itself, which browsers do not load)
        assert not re.search(r"""\bsrc=["']?(https?:)?//""", html), url
        for link in re.findall(r"<link\b[^>]*>", html):
            if not re.search(r"""\brel=["']?(canonical|alternate)\b""", link):
                assert not re.search(r"""\bhref=["']?(https?:)?//""", link), (url, link)


def test_api_docs_script_is_served_as_a_file(target):
    """The Swagger page loads its start-up script from the same URL (script-src 'self')."""
    html = Client().get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script=' in html or '<script src="/api/docs/?script' in html
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_wagtail_admin_has_no_content_security_policy(target):
    """Wagtail's admin uses inline scripts and styles: it keeps the other headers only."""
    response = Client().get("/admin/login/")
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


def test_session_cookie_is_http_only(target):
    client = Client()
    _login(client, "pengurus_widoro", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"].lower() == "lax"


# Deployment checks


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + os.urandom(24).hex(),
        DJANGO_ALLOWED_HOSTS="koperasi.example.id",
        KMP_VAR_DIR=str(tmp_path),
    )
    return env


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# API rate limits


@pytest.mark.parametrize(
    "url",
    [
        "/api/cooperatives/",
        "/api/products/",
        "/api/v2/pages/",
        "/api/marketplace/products/",
        "/api/marketplace/autocomplete/?q=ber",
        "/api/dashboard/",
    ],
)
def test_api_rate_limit_answers_429_with_retry_after(url, target):
    with override_settings(KMP={**settings.KMP, "API_ANON_RATE": "3/minute"}):
        client = Client()
        statuses = [client.get(url, REMOTE_ADDR="10.1.2.3").status_code for _ in range(3)]
        assert statuses == [200, 200, 200], statuses
        response = client.get(url, REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        # Another client is still served.
        assert client.get(url, REMOTE_ADDR="10.4.5.6").status_code == 200


def test_a_forged_x_forwarded_for_does_not_escape_the_rate_limit(target):
    with override_settings(KMP={**settings.KMP, "API_ANON_RATE": "2/minute"}):
        client = Client()
        for number in range(2):
            assert client.get("/api/cooperatives/", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code == 200
        response = client.get("/api/cooperatives/", HTTP_X_FORWARDED_FOR="203.0.113.99")
        assert response.status_code == 429


# Database down


DATABASE_DOWN_SCRIPT = """
import django
django.setup()
from django.test import Client
for url in ("/marketplace/", "/api/cooperatives/", "/koperasi/", "/admin/login/"):
    response = Client().get(url)
    print(url, response.status_code, response.get("Retry-After"), response["Content-Type"])
"""


def test_database_down_answers_503_with_retry_after(tmp_path):
    """A real unreachable PostgreSQL (nothing listens on the port): 503 + Retry-After, never a 500."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL="postgres://kmp:kmp@127.0.0.1:9/kmp",
        DATABASE_CONN_MAX_AGE="0",
        KMP_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = [line.split() for line in result.stdout.splitlines()]
    assert len(lines) == 4, result.stdout + result.stderr
    for url, status, retry_after, *_content_type in lines:
        assert (status, retry_after) == ("503", "10"), (url, status, result.stderr[-2000:])
    # The expected outage path logs one line per request: no traceback, no second "Service Unavailable" line.
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "Service Unavailable" not in result.stderr
    logged = [line for line in result.stderr.splitlines() if line.startswith("Database unavailable, answering 503")]
    assert len(logged) == 4, result.stderr[-2000:]


def test_a_failing_query_on_a_working_database_keeps_its_traceback(caplog, db):
    """Only an unreachable server is logged in one line; any other database error is not hidden."""
    from django.db import OperationalError, connection
    from django.test import RequestFactory

    from config.middleware import DatabaseUnavailableMiddleware

    # An OperationalError from a reachable server: SQLite raises it for a missing table,
    # PostgreSQL for a cancelled statement (a missing table is a ProgrammingError there).
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = 1")
                cursor.execute("SELECT pg_sleep(1)")
            else:
                cursor.execute("SELECT * FROM table_that_does_not_exist")
    except OperationalError as error:
        exception = error
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with caplog.at_level("WARNING", logger="config.middleware"):
        response = middleware.process_exception(RequestFactory().get("/marketplace/"), exception)
    assert response.status_code == 503
    (record,) = caplog.records
    assert record.levelname == "ERROR"
    assert record.exc_info and record.exc_info[1] is exception
