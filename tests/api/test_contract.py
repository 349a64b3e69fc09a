"""The public API over the demo data (`seed_demo`: officers, facilitators, drafts):

1. schemathesis fuzzes every operation of `/api/schema/` (500+ generated requests): no 5xx,
   every status code, content type, header and body as the schema says;
2. a typed client generated from the schema (openapi-python-client) pages through
   cooperatives and products;
3. a crawler reads every public endpoint and finds no personal data in any response.

The demo data is built once for the module inside a transaction rolled back at the end.
"""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cooperative_pages.models import CooperativePage, FacilitatorAssignment, OfficerMembership

# django_db: so pytest-django creates the test database (it only does for marked tests);
# each test then runs in a savepoint inside the module's transaction.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

FUZZ_CASES: list[str] = []
MIN_FUZZ_CASES = 500
EXAMPLES_PER_OPERATION = 45
# A planted national ID number (NIK) and personal phone number on a user account.
PLANTED_NIK = "3501014107850002"
PLANTED_PHONE = "+6281399887766"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import connection

    assert "memory" in connection.settings_dict["NAME"] or "test" in connection.settings_dict["NAME"]
    # The WSGI handler would close the connection at the end of every request, and with it
    # the open transaction holding the demo data (Django's test client does the same).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--allow-production", stdout=io.StringIO())
        user = OfficerMembership.objects.select_related("user").first().user
        user.last_name = f"NIK {PLANTED_NIK} HP {PLANTED_PHONE}"
        user.save()
        cache.clear()
        yield
        transaction.set_rollback(True)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    cache.clear()


@pytest.fixture(scope="module")
def wsgi_app(demo):
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_schema_fuzzing(wsgi_app):
    """Hypothesis drives schemathesis' strategies directly (its pytest plugin does not run on pytest 9)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case):
            FUZZ_CASES.append(case.operation.label)
            case.call_and_validate(checks=CHECKS)

        fuzz()


def test_schema_fuzzing_ran_enough_cases():
    assert len(FUZZ_CASES) >= MIN_FUZZ_CASES, len(FUZZ_CASES)
    assert {"GET /api/cooperatives/", "GET /api/products/", "GET /api/marketplace/products/"} <= set(FUZZ_CASES)


# ------------------------------------------------------------------ generated client


def test_generated_client_pages_through_cooperatives_and_products(wsgi_app, tmp_path):
    schema = httpx.Client(transport=httpx.WSGITransport(app=wsgi_app), base_url="http://testserver").get(
        "/api/schema/?format=json"
    )
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_text(schema.text)
    generator = Path(sys.executable).with_name("openapi-python-client")
    subprocess.run(  # noqa: S603 - our own tool on our own schema
        [str(generator), "generate", "--path", "schema.json", "--meta", "none", "--output-path", "kmp_client"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("kmp_client")
        cooperatives_list = importlib.import_module("kmp_client.api.cooperatives.cooperatives_list")
        products_list = importlib.import_module("kmp_client.api.products.products_list")
        client = client_module.Client(
            base_url="http://testserver", httpx_args={"transport": httpx.WSGITransport(app=wsgi_app)}
        )
        cooperatives, page = [], 1
        while True:
            result = cooperatives_list.sync(client=client, page=page, page_size=2, province="35")
            cooperatives += result.results
            if not result.next_:
                break
            page += 1
        expected = CooperativePage.objects.live().filter(province_id="35").count()
        assert expected > 2 and len(cooperatives) == result.count == expected
        assert all(cooperative.province.code == "35" for cooperative in cooperatives)
        assert len({cooperative.id for cooperative in cooperatives}) == expected

        products, page = [], 1
        while True:
            result = products_list.sync(client=client, page=page, page_size=7)
            products += result.results
            if not result.next_:
                break
            page += 1
        assert len(products) == result.count > 7
        assert all(product.cooperative.name for product in products)
        assert isinstance(products[0].price, int)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.startswith("kmp_client")]:
            del sys.modules[name]


# ------------------------------------------------------------------ personal data crawler


def crawl(app) -> dict[str, str]:
    """Every public endpoint, following pagination and every id found: url -> body."""
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver")
    bodies: dict[str, str] = {}

    def get(url: str) -> dict | list | None:
        if url in bodies:
            return None
        response = http.get(url)
        assert response.status_code == 200, (url, response.status_code)
        bodies[url] = response.text
        return response.json() if "json" in response.headers["content-type"] else None

    def paged(url: str) -> list[dict]:
        items = []
        while url:
            body = get(url.removeprefix("http://testserver"))
            items += body["results"]
            url = body["next"]
        return items

    for cooperative in paged("/api/cooperatives/?page_size=100"):
        get(f"/api/cooperatives/{cooperative['id']}/")
    paged("/api/products/?page_size=100")
    for endpoint in ("pages", "images", "documents"):
        listing = get(f"/api/v2/{endpoint}/?limit=100" + ("&fields=*" if endpoint != "pages" else ""))
        for item in listing["items"]:
            get(f"/api/v2/{endpoint}/{item['id']}/")
    for page_type in ("CooperativePage", "ProductPage", "NewsPage", "GovernancePage", "ProvincePage", "RegencyPage"):
        get(f"/api/v2/pages/?type=cooperative_pages.{page_type}&fields=*&limit=100")
    get("/api/marketplace/products/?page_size=100")
    get("/api/marketplace/autocomplete/?q=ko")
    get("/api/schema/?format=json")
    get("/api/docs/")
    return bodies


def test_no_personal_data_in_any_public_response(wsgi_app):
    User = get_user_model()
    officers = User.objects.filter(pk__in=OfficerMembership.objects.values("user_id"))
    facilitators = User.objects.filter(pk__in=FacilitatorAssignment.objects.values("user_id"))
    assert officers.exists() and facilitators.exists()
    cooperatives = CooperativePage.objects.all()
    # Public by design: the chair (a public office-holder, often also an officer), the
    # cooperative's public phone and e-mail, and its national registry ID.
    chairs = {name for name in cooperatives.values_list("chair_name", flat=True) if name}
    public_phones = {re.sub(r"\D", "", phone) for phone in cooperatives.values_list("phone", flat=True)}
    registry_ids = set(cooperatives.values_list("registry_id", flat=True))

    forbidden = {PLANTED_NIK, PLANTED_PHONE, PLANTED_PHONE.removeprefix("+62")}
    for user in User.objects.all():
        forbidden |= {user.username, user.email}
        if user.get_full_name() and user.first_name not in chairs:
            forbidden.add(user.get_full_name())
    for facilitator in facilitators:
        forbidden.add(facilitator.first_name)

    bodies = crawl(wsgi_app)
    assert len(bodies) > 50
    # The schema and docs describe the API in words ("the admin's preview"): data lives elsewhere.
    everything = "\n".join(body for url, body in bodies.items() if not url.startswith(("/api/schema/", "/api/docs/")))
    assert "Koperasi Desa Merah Putih Widoro" in everything  # the crawl saw real content
    for value in sorted(forbidden):
        assert value not in everything, value
    for url, body in bodies.items():
        if url.startswith("/api/schema/") or url.startswith("/api/docs/"):
            continue
        for key in ("owner", "uploaded_by_user", "locked_by", "user", "username", "last_login", "password"):
            assert f'"{key}"' not in body, (url, key)
        for number in re.findall(r"(?<![\d.])\d{16}(?![\d.])", body):
            assert number in registry_ids, (url, number)  # a NIK has 16 digits too
        for phone in re.findall(r"(?:\+?62|0)8\d{7,11}", body):
            assert re.sub(r"\D", "", phone).removeprefix("62").lstrip("0") in {
                p.removeprefix("62").lstrip("0") for p in public_phones
            }, (url, phone)
