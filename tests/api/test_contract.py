"""The public API over the demo data (`seed_demo`: officers, facilitators, drafts):

1. schemathesis fuzzes every operation of `/api/schema/` (500+ generated requests): no 5xx,
   every status code, content type, header and body as the schema says (the 3,000-case run
   with every check, against a live server with a partner key, is `site/api_contract.sh`);
2. a typed client generated from the schema (openapi-python-client) pages through
   cooperatives and products, and gets a typed body from every own endpoint, errors included;
3. a crawl of every endpoint (lists, details, errors) validates each response against the
   schema with openapi-core, a validator nobody here wrote;
4. a crawler reads every public endpoint and finds no personal data in any response.

The demo data is built once for the module inside a transaction rolled back at the end.
"""

from __future__ import annotations

import importlib
import io
import json
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
            # The in-process WSGI transport sends requests' "Accept-Encoding: gzip" but never decodes the
            # answer (a live server's client does: site/api_contract.sh); ask for plain bodies.
            case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

        fuzz()


# ------------------------------------------------------------------ every response against the schema


def contract_urls(client) -> list[tuple[str, dict]]:
    """Lists (every page), details, searches and errors of every endpoint: (url, headers)."""
    urls: list[tuple[str, dict]] = []
    for listing in ("cooperatives", "products", "news", "governance"):
        url = f"/api/{listing}/?page_size=25"
        while url:
            urls.append((url, {}))
            body = client.get(url).json()
            urls += [(f"/api/{listing}/{item['id']}/", {}) for item in body["results"]]
            url = (body["next"] or "").removeprefix(settings_base())
        urls += [
            (f"/api/{listing}/?page=9999", {}),
            (f"/api/{listing}/?province=9", {}),
            (f"/api/{listing}/?nope=1", {}),
            (f"/api/{listing}/99999999/", {}),
            (f"/api/{listing}/", {"HTTP_X_API_KEY": "salah.kunci"}),
            (f"/api/{listing}/?province=35", {"HTTP_ACCEPT_LANGUAGE": "en"}),
        ]
    cursor = ""
    while True:
        body = client.get(f"/api/changes/?limit=500{cursor}").json()
        urls.append((f"/api/changes/?limit=500{cursor}", {}))
        cursor = f"&cursor={body['next_cursor']}"
        if not body["has_more"]:
            break
    urls += [("/api/changes/?cursor=x", {}), ("/api/open-data/", {}), ("/api/open-data/?x=1", {})]
    for query in ("", "q=beras", "q=menjual&province=35&sort=price", "category=beras&available=true", "page=500"):
        urls.append((f"/api/marketplace/products/?{query}", {}))
    urls += [("/api/marketplace/products/?sort=x", {}), ("/api/marketplace/autocomplete/?q=ber", {})]
    urls += [("/api/marketplace/autocomplete/", {}), ("/api/dashboard/", {}), ("/api/dashboard/?province=35", {})]
    urls += [("/api/dashboard/?regency=35.07", {}), ("/api/dashboard/?province=99", {})]
    for endpoint in ("pages", "images", "documents"):
        listing = client.get(f"/api/v2/{endpoint}/?limit=100").json()
        urls.append((f"/api/v2/{endpoint}/?limit=100", {}))
        urls += [(f"/api/v2/{endpoint}/{item['id']}/", {}) for item in listing["items"][:40]]
        urls += [(f"/api/v2/{endpoint}/?limit=500", {}), (f"/api/v2/{endpoint}/99999999/", {})]
    urls.append(("/api/v2/pages/?type=cooperative_pages.ProductPage&fields=*", {}))
    return urls


def settings_base() -> str:
    from django.conf import settings as django_settings

    return django_settings.KMP["PUBLIC_BASE_URL"]


@pytest.fixture
def test_client_in_demo(demo):
    """Django's test ``Client`` connects ``close_old_connections`` again after each request; the
    WSGI requests of the later tests would then close the connection that holds the demo's
    transaction (on PostgreSQL: "the connection is closed"). Undo that after the test."""
    yield
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)


def test_every_response_of_a_crawl_validates_against_the_schema(test_client_in_demo, tmp_path, settings):
    from django.test import Client
    from openapi_core import Config, OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    from cooperative_pages.api.models import PartnerApiKey

    # The export goes to a folder of its own (the generated-client test expects none); the demo's
    # photos stay readable there, since the API makes the renditions it has not made yet.
    # Hundreds of anonymous requests within a minute: the anonymous limit would answer 429 to the
    # crawl itself (the partner key below, at 1/minute, is the one meant to meet the limit).
    settings.KMP = {**settings.KMP, "API_ANON_RATE": "100000/minute"}
    originals = Path(settings.MEDIA_ROOT) / "original_images"
    settings.MEDIA_ROOT = str(tmp_path)
    if originals.is_dir():
        (tmp_path / "original_images").symlink_to(originals)
    call_command("export_open_data", stdout=io.StringIO())
    client = Client()
    # openapi-core reads JSON bodies of the media types it knows; RFC 9457's is not among them.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    openapi = OpenAPI.from_dict(client.get("/api/schema/?format=json").json(), config=config)
    _key, slow_key = PartnerApiKey.objects.create_key(name="Lambat", rate="1/minute")
    urls = contract_urls(client) + [("/api/products/", {"HTTP_X_API_KEY": slow_key})] * 2
    statuses: dict[int, int] = {}
    for url, headers in urls:
        response = client.get(url, **headers)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        try:
            openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        except Exception as error:
            raise AssertionError(f"{url} ({response.status_code}): {error!r} {error.__cause__!r}") from error
    # The crawl reached every item: each listing's details, the missing id aside, as many as it counts.
    for listing in ("cooperatives", "products", "news", "governance"):
        details = {url for url, _headers in urls if re.fullmatch(rf"/api/{listing}/\d+/", url)}
        assert len(details - {f"/api/{listing}/99999999/"}) == client.get(f"/api/{listing}/").json()["count"] > 0
    assert len(urls) > 150
    assert {200, 400, 401, 404, 429} <= set(statuses), statuses


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
        typed_for_every_own_endpoint(client, ids={"id": products[0].id})
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.startswith("kmp_client")]:
            del sys.modules[name]


def typed_for_every_own_endpoint(client, *, ids: dict) -> None:
    """Every operation outside Wagtail's v2 answers a typed model, for its 200 and for its errors
    (RFC 9457 ``Problem``), never an untyped dict or nothing."""
    import inspect
    import pkgutil

    api = importlib.import_module("kmp_client.api")
    checked = []
    for tag in pkgutil.iter_modules(api.__path__):
        if tag.name in ("wagtail_v2", "schema"):
            continue
        package = importlib.import_module(f"kmp_client.api.{tag.name}")
        for operation in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"kmp_client.api.{tag.name}.{operation.name}")
            parameters = inspect.signature(module.sync_detailed).parameters
            good, bad = {}, {}
            if "id" in parameters:
                listing = importlib.import_module(f"kmp_client.api.{tag.name}.{tag.name}_list")
                good["id"] = listing.sync(client=client).results[0].id
                bad["id"] = 99_999_999
            elif "cursor" in parameters:
                bad["cursor"] = "x"
            elif "province" in parameters:  # the directories: an empty ``q`` is no filter, a bad region is an error
                bad["province"] = "9"
            elif "q" in parameters:  # autocomplete: the words are required
                good["q"], bad["q"] = "ber", ""
            success = module.sync_detailed(client=client, **good)
            failure = module.sync_detailed(client=client, **bad)
            if operation.name != "open_data":  # no export in this test: its 404 is checked as the failure
                assert success.status_code == 200, (operation.name, success.content[:300])
                assert type(success.parsed).__module__.startswith("kmp_client.models"), operation.name
            assert failure.status_code in (400, 404), (operation.name, failure.status_code)
            assert type(failure.parsed).__name__ == "Problem", (operation.name, failure.parsed)
            assert failure.parsed.status == failure.status_code and failure.parsed.detail
            checked.append(operation.name)
    assert len(checked) >= 12, checked


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
