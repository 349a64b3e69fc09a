"""Login lockout for the Wagtail admin through django-axes, against password guessing.

Axes records every failed login in the database (``AccessAttempt``): shared by every worker
and out of reach of anonymous traffic, which can fill and evict a cache. Two limits
(``KMP["LOGIN_LOCKOUT"]``):

- one username from one client address: ``USERNAME_ADDRESS_FAILURES`` wrong passwords lock
  that pair for ``USERNAME_ADDRESS_MINUTES`` after the last one. A stranger elsewhere cannot
  lock a real officer out (usernames such as ``pengurus.<village>`` are predictable);
- one address, any usernames: ``ADDRESS_FAILURES`` within ``ADDRESS_MINUTES`` (high, since
  villages share carrier-grade NAT addresses; long, against slow password spraying).

A new password ends every lockout of the account (the reset link on the login page works while
locked; an admin setting a password unlocks too; ``manage.py axes_reset_username NAME`` also).
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperative_pages import conf
from cooperative_pages.forms import AdminLoginForm

LOCKED_OUT_MESSAGE = _(
    "Too many failed login attempts. Try again in %(minutes)d minutes, or set a new password "
    "through “Forgotten password?”: a new password unlocks your account at once."
)


def _limits() -> dict:
    return conf.get("LOGIN_LOCKOUT")


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry that the trusted proxies added to X-Forwarded-For
    (as many as ``REST_FRAMEWORK["NUM_PROXIES"]``, the same rule as the API's rate limits). ``None`` when
    neither is an IP address (a request built in code; PostgreSQL refuses anything else in the column)."""
    proxies = int(getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES") or 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    candidates = [forwarded[-min(proxies, len(forwarded))]] if proxies and forwarded else []
    for candidate in [*candidates, request.META.get("REMOTE_ADDR") or ""]:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    """``AXES_FAILURE_LIMIT``: the limit of one username at one address (see ``LockoutHandler.get_failures``)."""
    return _limits()["USERNAME_ADDRESS_FAILURES"]


def address_window(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_TIME``: how long Axes keeps failures, the longer (address) window."""
    return timedelta(minutes=_limits()["ADDRESS_MINUTES"])


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit and a window per lockout parameter.

    Axes compares one failure count with one limit: ``get_failures`` returns the pair's count,
    or the address's count scaled to the pair's limit, whichever is nearer to locking. It expects
    ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]`` in that order.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limits = _limits()
        by_pair, by_address = self.get_user_attempts(request, credentials)
        since = timezone.now() - timedelta(minutes=limits["USERNAME_ADDRESS_MINUTES"])
        pair = by_pair.filter(attempt_time__gte=since).aggregate(n=Sum("failures_since_start"))["n"] or 0
        address = by_address.aggregate(n=Sum("failures_since_start"))["n"] or 0
        scaled = math.floor(address * limits["USERNAME_ADDRESS_FAILURES"] / limits["ADDRESS_FAILURES"])
        return max(pair, scaled)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A correct password clears its own username at its address only: resetting the whole
        address would let a sprayer with one valid account start counting again at will."""
        by_pair = self.filter_user_attempts(request, credentials)[0]
        return by_pair.delete()[0]


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, letting ``authenticate()`` calls without a request through (the test client's
    ``login``, scripts): Axes raises on them, and no one logs in over HTTP without a request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None):
    """``AXES_LOCKOUT_CALLABLE``: the login page with the form's lockout message, as a 429."""
    minutes = _limits()["USERNAME_ADDRESS_MINUTES"]
    response = original_response or HttpResponse(LOCKED_OUT_MESSAGE % {"minutes": minutes}, content_type="text/plain")
    response.status_code = 429
    response["Retry-After"] = str(minutes * 60)
    return response


class LockoutLoginForm(AdminLoginForm):
    """The admin login form, saying why a locked-out attempt is refused (even with the right password)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(
                    LOCKED_OUT_MESSAGE, code="locked_out", params={"minutes": _limits()["USERNAME_ADDRESS_MINUTES"]}
                ) from None
            raise


class NewPasswordUnlocks:
    """A password "validator" that checks nothing: Django calls ``password_changed`` on every
    validator whenever a password is set (reset link, account page, an admin), and a new
    password ends the account's lockouts. Its help text tells the locked-out officer so."""

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.get_username():
            axes_reset(username=user.get_username())

    def get_help_text(self) -> str:
        return str(_("A new password also unlocks an account locked after too many failed logins."))
