"""Login lockout (django-axes) and rate-limit counters, from the attacker's side: counters that
anonymous traffic cannot evict, and a stranger who cannot lock a real officer out."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cooperative_pages import conf
from cooperative_pages.models import Region
from tests.abuse.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ATTACKER, OFFICER_HOME = "203.0.113.66", "10.20.30.40"


def _login(username: str, password: str, address: str = ATTACKER, client: Client | None = None, **extra):
    client = client or Client()
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def _limits(**changes) -> dict:
    return {**settings.KMP, "LOGIN_LOCKOUT": {**conf.get("LOGIN_LOCKOUT"), **changes}}


@pytest.fixture
def small_default_cache():
    """The default cache at 20 entries instead of 300 (LocMem's default), so that a flood past its size
    takes 30 requests, not 400: the same eviction, cheaper to cause. The counters keep their own store."""
    caches_setting = {**settings.CACHES, "default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 20}}}
    with override_settings(CACHES=caches_setting):
        provinces = [Region(code=f"9{number:03d}", name=f"Provinsi {number}", level="province") for number in range(90)]
        Region.objects.bulk_create(provinces)
        yield


def _flood_default_cache(round_: int) -> None:
    """Anonymous visitors from many addresses: dashboard drill-downs (each province's figures are cached)
    and, on SQLite, words-only marketplace searches (their counts are cached), past the cache's size."""
    marker = "kmp-test:flood-marker"
    cache.set(marker, 1, None)
    for number in range(30):
        address = f"198.18.{round_}.{number}"
        province = f"9{(round_ * 30 + number) % 90:03d}"
        assert Client().get(f"/dashboard/?province={province}", REMOTE_ADDR=address).status_code == 200
        assert Client().get(f"/marketplace/?q=kata{round_}x{number}", REMOTE_ADDR=address).status_code == 200
    assert cache.get(marker) is None, "the flood did not overflow the default cache: the test proves nothing"


def test_twenty_wrong_passwords_lock_while_anonymous_traffic_floods_the_cache(target, small_default_cache):
    """The attack of issue 12: wrong passwords between floods of anonymous requests; with the counts
    in the default cache each flood evicted them and the right password then logged in."""
    responses = []
    for round_ in range(5):
        responses += [_login("pengurus_widoro", f"tebakan-{round_}-{attempt}") for attempt in range(4)]
        _flood_default_cache(round_)
    assert not any(_logged_in(response) for response in responses)
    response = _login("pengurus_widoro", PASSWORD)
    assert not _logged_in(response)
    assert response.status_code == 429


def test_api_rate_limit_survives_anonymous_traffic_flooding_the_cache(target, small_default_cache):
    with override_settings(KMP={**settings.KMP, "API_ANON_RATE": "2/minute"}):
        client = Client()
        assert [client.get("/api/cooperatives/", REMOTE_ADDR=ATTACKER).status_code for _ in range(3)] == [200, 200, 429]
        _flood_default_cache(0)
        assert client.get("/api/cooperatives/", REMOTE_ADDR=ATTACKER).status_code == 429


def test_a_stranger_guessing_passwords_does_not_lock_the_officer_out(target):
    limit = conf.get("LOGIN_LOCKOUT")["USERNAME_ADDRESS_FAILURES"]
    for attempt in range(limit):
        assert not _logged_in(_login("pengurus_widoro", f"tebakan-{attempt}"))
    # The stranger is locked out, even with the right password, and told why in Indonesian.
    response = _login("pengurus_widoro", PASSWORD)
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated
    assert int(response["Retry-After"]) == 15 * 60
    text = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in text and "Lupa kata sandi" in text
    # The officer, at home, still gets in.
    assert _logged_in(_login("pengurus_widoro", PASSWORD, address=OFFICER_HOME))


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(target):
    for attempt in range(conf.get("LOGIN_LOCKOUT")["USERNAME_ADDRESS_FAILURES"]):
        _login("pengurus_widoro", f"tebakan-{attempt}", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    response = _login("pengurus_widoro", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429


def test_password_spraying_from_one_address_locks_the_address_for_the_longer_window(target):
    with override_settings(KMP=_limits(ADDRESS_FAILURES=8)):
        for number in range(8):
            _login(f"pengurus.desa{number}", "password123")
        assert _login("pengurus_widoro", PASSWORD).status_code == 429
        assert _logged_in(_login("pengurus_widoro", PASSWORD, address=OFFICER_HOME))
        # Past the pair's 15 minutes the address is still locked: its window is an hour.
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=40))
        assert _login("pengurus_widoro", PASSWORD).status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=61))
        assert _logged_in(_login("pengurus_widoro", PASSWORD))


def test_a_sprayer_with_one_valid_account_cannot_reset_the_address_count(target):
    with override_settings(KMP=_limits(ADDRESS_FAILURES=8)):
        for number in range(8):
            _login(f"pengurus.desa{number}", "password123")
            if number == 5:
                _login("pendamping_pacitan", PASSWORD, address=OFFICER_HOME)  # elsewhere: fine
        sprayer = Client()
        response = _login("pendamping_pacitan", PASSWORD, client=sprayer)
        assert response.status_code == 429, "the address's count was reset by a correct password"


def test_the_pair_lock_ends_after_its_window(target):
    for attempt in range(conf.get("LOGIN_LOCKOUT")["USERNAME_ADDRESS_FAILURES"]):
        _login("pengurus_widoro", f"tebakan-{attempt}", address=OFFICER_HOME)
    assert _login("pengurus_widoro", PASSWORD, address=OFFICER_HOME).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _logged_in(_login("pengurus_widoro", PASSWORD, address=OFFICER_HOME))


def test_a_correct_password_resets_the_pair_count(target):
    limit = conf.get("LOGIN_LOCKOUT")["USERNAME_ADDRESS_FAILURES"]
    for attempt in range(limit - 1):
        _login("pengurus_widoro", f"tebakan-{attempt}", address=OFFICER_HOME)
    assert _logged_in(_login("pengurus_widoro", PASSWORD, address=OFFICER_HOME))
    for attempt in range(limit - 1):
        _login("pengurus_widoro", f"lagi-{attempt}", address=OFFICER_HOME)
    assert _logged_in(_login("pengurus_widoro", PASSWORD, address=OFFICER_HOME))


def test_a_locked_out_officer_gets_in_through_the_password_reset_link(target):
    """Own typos (or a stranger behind the same village NAT) lock the officer at their address:
    the login page's reset link still works, and the new password unlocks at once."""
    for attempt in range(conf.get("LOGIN_LOCKOUT")["USERNAME_ADDRESS_FAILURES"]):
        _login("pengurus_widoro", f"salah-ketik-{attempt}", address=OFFICER_HOME)
    login_page = _login("pengurus_widoro", PASSWORD, address=OFFICER_HOME)
    assert login_page.status_code == 429
    assert reverse("wagtailadmin_password_reset") in login_page.content.decode()

    client = Client(REMOTE_ADDR=OFFICER_HOME)
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": target.officer.email})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    assert "Kata sandi baru juga membuka akun" in client.get(form_url).content.decode()
    new_password = "sawah-hijau-2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not AccessAttempt.objects.filter(username="pengurus_widoro").exists()
    assert _logged_in(_login("pengurus_widoro", new_password, address=OFFICER_HOME))


def test_a_host_without_the_counter_cache_is_warned_and_still_limited(target):
    from cooperative_pages.api.throttling import check_counter_cache

    assert check_counter_cache() == []
    with override_settings(KMP={**settings.KMP, "COUNTER_CACHE": "kmp-missing", "API_ANON_RATE": "1/minute"}):
        assert [warning.id for warning in check_counter_cache()] == ["cooperative_pages.W001"]
        client = Client()
        assert [client.get("/api/cooperatives/", REMOTE_ADDR=ATTACKER).status_code for _ in range(2)] == [200, 429]


def test_the_counter_costs_a_fixed_number_of_queries(target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.budgets import RATE_LIMIT_QUERIES

    Client().get("/api/cooperatives/", REMOTE_ADDR=ATTACKER)  # warm Wagtail's own caches
    baseline = override_settings(KMP={**settings.KMP, "COUNTER_CACHE": "default"})  # the evictable store
    with baseline, CaptureQueriesContext(connection) as without_counter:
        Client().get("/api/cooperatives/", REMOTE_ADDR=ATTACKER)
    for address in (ATTACKER, ATTACKER, OFFICER_HOME):  # a client's first request and its next
        with CaptureQueriesContext(connection) as with_counter:
            Client().get("/api/cooperatives/", REMOTE_ADDR=address)
        assert len(with_counter) == len(without_counter) + RATE_LIMIT_QUERIES
