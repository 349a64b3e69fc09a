"""`seed_demo`: real regions, cooperatives with live content, and printed logins that work
and hold the roles printed beside them; a second run adds nothing; it refuses to run
with DEBUG off unless told it may.

The demo is seeded twice for the module inside a transaction rolled back at the end;
each test runs in a savepoint inside it.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from cooperative_pages.models import (
    CooperativePage,
    FacilitatorAssignment,
    GovernancePage,
    NewsPage,
    OfficerMembership,
    ProductPage,
    ProvincePage,
    Region,
)
from tests.planner import analyze_for_the_planner

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

INSERT = re.compile(r"\bINSERT\b", re.IGNORECASE)
# Django's many-to-many add(): a no-op for rows already there.
INSERT_IF_MISSING = re.compile(r"\bINSERT OR IGNORE\b|\bON CONFLICT DO NOTHING\b", re.IGNORECASE)


@dataclass
class Login:
    role: str
    username: str
    password: str
    target: str | None


@dataclass
class Seeded:
    output: str
    second_output: str
    rows_after_first: dict[str, int]
    rows_after_second: dict[str, int]
    activations_after_first: dict[int, object]
    second_run_sql: list[str] = field(repr=False)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def plain_inserts(sql: list[str]) -> list[str]:
    return [statement for statement in sql if INSERT.search(statement) and not INSERT_IF_MISSING.search(statement)]


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> list[Login]:
    """The lines after "Demo logins": role, username, password, name and the role's target."""
    lines = output.split("Demo logins", 1)[1].splitlines()[1:]
    logins = []
    for line in lines:
        role, username, password, rest = line.split(None, 3)
        target = rest.rsplit(" ", 1)[1] if role in ("officer", "facilitator") else None
        logins.append(Login(role=role, username=username, password=password, target=target))
    return logins


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[Seeded]:
    with django_db_blocker.unblock(), transaction.atomic():
        assert not Region.objects.exists() and not get_user_model().objects.exists()
        output = seed("--allow-production")
        analyze_for_the_planner()
        rows_after_first = row_counts()
        activations = dict(OfficerMembership.objects.values_list("pk", "activated_at"))
        with CaptureQueriesContext(connection) as queries:
            second_output = seed("--allow-production")
        yield Seeded(
            output=output,
            second_output=second_output,
            rows_after_first=rows_after_first,
            rows_after_second=row_counts(),
            activations_after_first=activations,
            second_run_sql=[query["sql"] for query in queries.captured_queries],
        )
        transaction.set_rollback(True)


# Idempotence


def test_second_run_creates_nothing(seeded):
    first, second = seeded.rows_after_first, seeded.rows_after_second
    assert {label: (first[label], second[label]) for label in first if first[label] != second[label]} == {}
    for model in (
        Page,
        Revision,
        get_user_model(),
        get_image_model(),
        OfficerMembership,
        FacilitatorAssignment,
        PageLogEntry,
        Region,
    ):
        assert first[model._meta.label] > 0, model  # the comparison above is not between empty tables
    assert plain_inserts(seeded.second_run_sql) == []


def test_second_run_keeps_officer_activation_times(seeded):
    # activated_at is "when the officer first set their password": re-seeding must not move it.
    assert dict(OfficerMembership.objects.values_list("pk", "activated_at")) == seeded.activations_after_first


def test_second_run_prints_the_same_logins(seeded):
    assert printed_logins(seeded.second_output) == printed_logins(seeded.output)


# Content


def test_cooperatives_stand_in_real_villages_of_at_least_three_provinces(seeded):
    cooperatives = list(CooperativePage.objects.live().select_related("village__parent__parent__parent", "province"))
    assert len(cooperatives) >= 8
    for cooperative in cooperatives:
        village = cooperative.village
        chain = [village, village.parent, village.parent.parent, village.parent.parent.parent]
        assert [region.level for region in chain] == ["village", "district", "regency", "province"], cooperative
        assert village.name.lower() in cooperative.title.lower(), (cooperative.title, village.name)
        assert cooperative.province == chain[-1]
    provinces = {cooperative.province_id for cooperative in cooperatives}
    assert len(provinces) >= 3
    assert set(ProvincePage.objects.live().values_list("region_id", flat=True)) == provinces
    assert Region.objects.filter(level="province").count() == 38


def test_every_cooperative_has_live_products_with_rupiah_prices_and_photos(seeded, client):
    for cooperative in CooperativePage.objects.live():
        products = ProductPage.objects.live().descendant_of(cooperative).prefetch_related("gallery_images__image")
        assert products, cooperative
        for product in products:
            # Whole rupiah: a food product priced under Rp 1.000 was typed in thousands.
            assert isinstance(product.price, int) and 1_000 <= product.price <= 10_000_000, product
            images = [item.image for item in product.gallery_images.all()]
            assert images, product
            for image in images:
                assert image.collection_id == cooperative.collection_id
                assert image.file.storage.exists(image.file.name)
                assert image.width > 0 and image.height > 0
            response = client.get(product.url)
            assert response.status_code == 200, product.url
            shown = re.sub(r"\s+", " ", response.content.decode())
            assert "Rp " + f"{product.price:,}".replace(",", ".") in shown
            assert re.search(r"<img [^>]*src=\"[^\"]+\.webp\"", shown), product.url


def test_the_portal_features_available_products_of_several_cooperatives(seeded, client):
    from home.models import HomePage

    portal = HomePage.objects.get()
    featured = [item.product for item in portal.featured_products.order_by("sort_order")]
    assert len(featured) >= 3
    assert all(product.live and product.available for product in featured)
    assert len({product.get_parent().get_parent().pk for product in featured}) == len(featured)
    assert portal.get_latest_revision().content["featured_products"], "featured through a published revision"
    html = re.sub(r"\s+", " ", client.get("/").content.decode())
    section = html.split("Produk pilihan", 1)[1].split("</section>", 1)[0]
    assert [title for title in (product.title for product in featured) if title not in section] == []


def test_every_cooperative_has_live_news_and_governance_pages(seeded):
    for cooperative in CooperativePage.objects.live():
        assert NewsPage.objects.live().descendant_of(cooperative).exists(), cooperative
        assert GovernancePage.objects.live().descendant_of(cooperative).exists(), cooperative


# Logins


def test_every_user_is_printed_and_every_printed_login_authenticates(seeded, client):
    logins = printed_logins(seeded.output)
    assert {login.username for login in logins} == set(get_user_model().objects.values_list("username", flat=True))
    for login in logins:
        user = authenticate(username=login.username, password=login.password)
        assert user is not None, login
        assert authenticate(username=login.username, password=login.password + "x") is None
        client.force_login(user)
        assert client.get("/admin/").status_code == 200, login
        client.logout()


def test_printed_roles_are_the_users_roles(seeded):
    logins = printed_logins(seeded.output)
    User = get_user_model()
    by_role: dict[str, list[Login]] = {}
    for login in logins:
        by_role.setdefault(login.role, []).append(login)
    assert set(by_role) == {"superuser", "officer", "facilitator"}

    admins = [User.objects.get(username=login.username) for login in by_role["superuser"]]
    assert [user.username for user in admins] == ["admin"]
    assert all(user.is_superuser and user.is_staff for user in admins)

    officer_provinces = set()
    for login in by_role["officer"]:
        memberships = OfficerMembership.objects.filter(user__username=login.username, is_active=True)
        assert [m.cooperative.registry_id for m in memberships] == [login.target], login
        assert memberships[0].cooperative.live
        officer_provinces.add(memberships[0].cooperative.province_id)
        assert not User.objects.get(username=login.username).is_superuser
    assert len(by_role["officer"]) >= 2 and len(officer_provinces) >= 2

    facilitator_regions = set()
    for login in by_role["facilitator"]:
        assignments = FacilitatorAssignment.objects.filter(user__username=login.username)
        assert [a.region_id for a in assignments] == [login.target], login
        # Each one has cooperatives to review.
        assert CooperativePage.objects.filter(village__code__startswith=login.target + ".").exists(), login
        facilitator_regions.add(login.target)
        assert not User.objects.get(username=login.username).is_superuser
    assert len(by_role["facilitator"]) >= 2 and len(facilitator_regions) >= 2


# The DEBUG guard


def test_refuses_to_run_with_debug_off_unless_allowed(seeded):
    assert settings.DEBUG is False
    with CaptureQueriesContext(connection) as queries, pytest.raises(CommandError, match="--allow-production"):
        seed()
    assert queries.captured_queries == []


def test_runs_without_the_flag_with_debug_on(seeded, settings):
    settings.DEBUG = True
    with CaptureQueriesContext(connection) as queries:
        output = seed()
    assert printed_logins(output) == printed_logins(seeded.output)
    assert plain_inserts([query["sql"] for query in queries.captured_queries]) == []


def test_refusal_from_the_command_line_exits_non_zero(tmp_path):
    # Through manage.py as an operator runs it, with settings whose DEBUG is off.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "seed_demo"],
        cwd=settings.BASE_DIR,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "KMP_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--allow-production" in result.stderr
    assert "Demo logins" not in result.stdout
