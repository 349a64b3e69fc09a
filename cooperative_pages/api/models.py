"""Partner API keys (banks, government, open-data users) with their own rate limits, and the
change feed's entries."""

from __future__ import annotations

import hashlib

from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.crypto import KeyGenerator
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

rate_validator = RegexValidator(
    r"^[1-9][0-9]{0,7}/(second|minute|hour|day)$", _("Write a number of requests per second, minute, hour or day.")
)
# Keys made before djangorestframework-api-key: "kmp_<prefix>_<secret>", stored as one SHA-256.
LEGACY_PREFIX = "kmp"
LEGACY_HASHER = "legacy-sha256$$"


class PartnerKeyGenerator(KeyGenerator):
    """The library's keys (``<prefix>.<secret>``, SHA-512); keys made before it keep working
    and are re-hashed the library's way on first use."""

    def verify(self, key: str, hashed_key: str) -> bool:
        if hashed_key.startswith(LEGACY_HASHER):
            digest = hashlib.sha256(key.encode()).hexdigest()
            return constant_time_compare(hashed_key.removeprefix(LEGACY_HASHER), digest)
        return super().verify(key, hashed_key)


class PartnerApiKeyManager(BaseAPIKeyManager):
    key_generator = PartnerKeyGenerator()

    def get_from_key(self, key: str) -> PartnerApiKey:
        parts = key.split("_", 2)
        if len(parts) == 3 and parts[0] == LEGACY_PREFIX and "." not in key:
            api_key = self.get_usable_keys().get(prefix=parts[1])
            if not api_key.is_valid(key):
                raise self.model.DoesNotExist("Key is not valid.")
            return api_key
        return super().get_from_key(key)


class PartnerApiKey(AbstractAPIKey):
    """djangorestframework-api-key's key with the partner's rate limit."""

    objects = PartnerApiKeyManager()

    name = models.CharField(
        _("name"), max_length=120, default=None, help_text=_("Institution and purpose, e.g. Bank BRI – KUR")
    )
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        default="6000/hour",
        validators=[rate_validator],
        help_text=_("Requests per second, minute, hour or day, e.g. 6000/hour"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name", "created"]


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    UNPUBLISHED = "unpublished", _("unpublished")
    PRIVATE = "private", _("made private")
    DELETED = "deleted", _("deleted")


REMOVALS = frozenset({ChangeAction.UNPUBLISHED, ChangeAction.PRIVATE, ChangeAction.DELETED})


class Change(models.Model):
    """One entry of ``/api/changes/``: a public object appeared, changed or went away.

    The feed is ordered by ``id``, which must follow commit order so that no entry ever
    appears behind a cursor already handed out: writers hold a transaction-level lock from
    their first entry to their commit (``changes.changes_write``; SQLite writes one
    transaction at a time anyway).
    """

    object_type = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=20, choices=ChangeAction.choices)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("API change")
        verbose_name_plural = _("API changes")
        indexes = [
            models.Index(fields=["object_id", "id"], name="cooperative_api_change_obj"),
            models.Index(fields=["object_type", "at"], name="cooperative_api_change_since"),
        ]

    def __str__(self) -> str:
        return f"{self.id}: {self.object_type} {self.object_id} {self.action}"
