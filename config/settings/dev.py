"""Local development (`make run`): what visitors see is what production shows.

DEBUG is off unless ``DJANGO_DEBUG=1``: a wrong URL shows the site's Indonesian 404 page and
an error the 500 page (the traceback goes to the console), not Django's English debug pages.
Static files come from the apps through WhiteNoise (no ``collectstatic``) and uploaded media
from Django itself, which production leaves to the web server or object store.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = services.storages(  # noqa: F405 (no manifest needed while developing)
    {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True  # config/urls.py: Django serves MEDIA_ROOT (development only)
