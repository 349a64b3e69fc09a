"""Login throttling for the Wagtail admin, against password guessing.

After ``USERNAME_FAILURES`` wrong passwords for one username, or ``ADDRESS_FAILURES`` from
one client address, within ``WINDOW_SECONDS``, every further attempt is refused (even with
the right password) until the window ends, with a message that says so. Counts live in the
default cache: give every worker one shared cache in production (``DJANGO_CACHE_DIR``),
otherwise each worker counts on its own. The per-address limit is high because villages
share carrier-grade NAT addresses.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperative_pages.forms import AdminLoginForm

DEFAULTS = {"USERNAME_FAILURES": 5, "ADDRESS_FAILURES": 50, "WINDOW_SECONDS": 15 * 60}


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the entry that the trusted proxies added to X-Forwarded-For
    (as many as ``REST_FRAMEWORK["NUM_PROXIES"]``, the same rule as the API's rate limits)."""
    proxies = int(getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES") or 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _config() -> dict:
    return {**DEFAULTS, **getattr(settings, "LOGIN_THROTTLE", {})}


def _keys(*, username: str, address: str) -> dict[str, str]:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return {"USERNAME_FAILURES": f"login-failures:user:{digest}", "ADDRESS_FAILURES": f"login-failures:ip:{address}"}


def is_locked_out(*, username: str, address: str) -> bool:
    config = _config()
    counts = cache.get_many(list(_keys(username=username, address=address).values()))
    return any(counts.get(key, 0) >= config[limit] for limit, key in _keys(username=username, address=address).items())


def record_failure(*, username: str, address: str) -> None:
    window = _config()["WINDOW_SECONDS"]
    for key in _keys(username=username, address=address).values():
        cache.add(key, 0, timeout=window)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def record_success(*, username: str, address: str) -> None:
    cache.delete(_keys(username=username, address=address)["USERNAME_FAILURES"])


class ThrottledLoginForm(AdminLoginForm):
    """The admin login form, refusing attempts while a username or address is locked out."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else "unknown"
        if is_locked_out(username=username, address=address):
            raise ValidationError(
                _("Too many failed login attempts. Try again in %(minutes)d minutes."),
                code="throttled",
                params={"minutes": _config()["WINDOW_SECONDS"] // 60},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            record_failure(username=username, address=address)
            raise
        record_success(username=username, address=address)
        return cleaned_data
