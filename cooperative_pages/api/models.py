"""Partner API keys (banks, government, open-data users) with their own rate limits."""

from __future__ import annotations

import hashlib
import secrets

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "kmp"

rate_validator = RegexValidator(
    r"^[1-9][0-9]{0,7}/(second|minute|hour|day)$", _("Write a number of requests per second, minute, hour or day.")
)


def hash_key(raw_key: str) -> str:
    """Keys are long random strings, so one SHA-256 is enough (no slow password hash)."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("Institution and purpose, e.g. Bank BRI – KUR"))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        default="6000/hour",
        validators=[rate_validator],
        help_text=_("Requests per second, minute, hour or day, e.g. 6000/hour"),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self) -> str:
        """Generate a key, keep only its hash and prefix, and return it (shown once)."""
        prefix = secrets.token_hex(4)
        raw_key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        self.prefix = prefix
        self.hashed_key = hash_key(raw_key)
        return raw_key

    @classmethod
    def find_active(cls, raw_key: str) -> ApiKey | None:
        parts = raw_key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        key = cls.objects.filter(prefix=parts[1], active=True).first()
        if key is None or not secrets.compare_digest(key.hashed_key, hash_key(raw_key)):
            return None
        return key
