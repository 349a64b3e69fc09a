"""Test runs: fast hashing, in-memory mail, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="kmp-test-media-"))
STORAGES = services.storages(  # noqa: F405 (S3 when DJANGO_MEDIA_S3_BUCKET is set, as in CI's object-storage stage)
    {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STATIC_ROOT = tempfile.mkdtemp(prefix="kmp-test-static-")
# The API's anonymous rate limit would trip across a whole test session sharing one
# LocMem cache; tests of the limit itself lower it (tests/api/test_http.py).
KMP = {**KMP, "API_ANON_RATE": "100000/minute"}  # noqa: F405
