"""Partner keys through djangorestframework-api-key: keys made before it keep working after the
migration (and are re-hashed the library's way on first use); create_api_key for operators."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperative_pages.api.models import PartnerApiKey

OLD_KEY = "kmp_1a2b3c4d_" + "S3cr3t-k3y_made-before-the-library-0123456789"


@pytest.mark.django_db(transaction=True)
def test_keys_made_before_the_library_keep_working():
    executor = MigrationExecutor(connection)
    executor.migrate([("cooperative_api", "0003_changes_baseline")])
    old_state = executor.loader.project_state([("cooperative_api", "0003_changes_baseline")])
    ApiKey = old_state.apps.get_model("cooperative_api", "ApiKey")
    ApiKey.objects.create(
        name="Bank Nagari – KUR",
        prefix="1a2b3c4d",
        hashed_key=hashlib.sha256(OLD_KEY.encode()).hexdigest(),
        rate="50/minute",
        active=True,
    )
    ApiKey.objects.create(name="Dicabut", prefix="99999999", hashed_key="0" * 64, active=False)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.test import Client

    client = Client()
    response = client.get("/api/products/", HTTP_X_API_KEY=OLD_KEY)
    assert response.status_code == 200
    assert response["RateLimit-Limit"] == "50"
    key = PartnerApiKey.objects.get(prefix="1a2b3c4d")
    assert key.hashed_key.startswith("sha512$$")  # re-hashed by the library on first use
    assert client.get("/api/products/", HTTP_AUTHORIZATION=f"Api-Key {OLD_KEY}").status_code == 200
    assert client.get("/api/products/", HTTP_X_API_KEY=OLD_KEY[:-1] + "x").status_code == 401
    assert PartnerApiKey.objects.get(prefix="99999999").revoked is True


@pytest.mark.django_db
def test_create_api_key_prints_a_working_key_once(client):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "Bank Jatim – KUR", "--rate", "600/min", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = PartnerApiKey.objects.get(name="Bank Jatim – KUR")
    assert key.rate == "600/minute"
    assert raw not in (key.pk, key.hashed_key) and key.prefix in err.getvalue()
    response = client.get("/api/cooperatives/", HTTP_X_API_KEY=raw)
    assert response.status_code == 200 and response["RateLimit-Limit"] == "600"


@pytest.mark.django_db
@pytest.mark.parametrize("rate", ["lots", "0/min", "10/fortnight", "10"])
def test_create_api_key_refuses_a_malformed_rate(rate):
    with pytest.raises(CommandError):
        call_command("create_api_key", "Bank", "--rate", rate, stdout=io.StringIO(), stderr=io.StringIO())
    assert not PartnerApiKey.objects.exists()


@pytest.mark.django_db
def test_an_expired_key_is_refused(client):
    from datetime import timedelta

    from django.utils import timezone

    key, raw = PartnerApiKey.objects.create_key(name="Bank", expiry_date=timezone.now() - timedelta(days=1))
    assert client.get("/api/products/", HTTP_X_API_KEY=raw).status_code == 401
