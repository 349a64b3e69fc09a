"""Partner API keys (djangorestframework-api-key): ``X-Api-Key: <key>`` or
``Authorization: Api-Key <key>``. A key identifies a partner institution, never a user: it
only raises the rate limit, so requests without one are served too."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework_api_key.permissions import KeyParser

from .models import PartnerApiKey

KEYWORD = KeyParser.keyword  # "Api-Key"
_parser = KeyParser()


def raw_key(request) -> str | None:
    """The key the request carries, ``""`` for an empty one, ``None`` for none."""
    value = _parser.get_from_header(request, "HTTP_X_API_KEY")
    if value is None:
        value = _parser.get_from_authorization(request)
    return None if value is None else value.strip()


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``request.user`` stays anonymous and ``request.auth`` is the :class:`PartnerApiKey`."""

    def authenticate(self, request):
        key = raw_key(request)
        if key is None:
            return None
        if not key:
            raise exceptions.AuthenticationFailed(_("Empty API key."))
        try:
            api_key = PartnerApiKey.objects.get_from_key(key)
        except PartnerApiKey.DoesNotExist:
            api_key = None
        if api_key is None or api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("Unknown or inactive API key."))
        now = timezone.now()
        # At most one write per key and minute, not one per request.
        if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
            PartnerApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD


def partner_key(request) -> PartnerApiKey | None:
    """The partner key a DRF request authenticated with, if any."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, PartnerApiKey) else None
