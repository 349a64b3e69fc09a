"""Partner API keys: ``Authorization: Api-Key <key>`` or ``X-Api-Key: <key>``."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiKey

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Identifies a partner institution, never a user: ``request.user`` stays anonymous
    and ``request.auth`` is the :class:`ApiKey` (which only raises the rate limit)."""

    def authenticate(self, request):
        raw_key = request.headers.get("X-Api-Key", "").strip()
        if not raw_key:
            header = request.headers.get("Authorization", "")
            keyword, _sep, value = header.partition(" ")
            if keyword.lower() != KEYWORD.lower():
                return None
            raw_key = value.strip()
        if not raw_key:
            raise exceptions.AuthenticationFailed(_("Empty API key."))
        api_key = ApiKey.find_active(raw_key)
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Unknown or inactive API key."))
        now = timezone.now()
        # At most one write per key and minute, not one per request.
        if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD
