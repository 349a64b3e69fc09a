"""Settings shared by every environment: secure by default, driven by the environment.

Every value that differs between machines is read here, once, from an environment
variable; `dev`, `test` and `production` only change defaults.
"""

import os
from pathlib import Path

import dj_database_url

from config import services

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KMP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The reference site
    "home",
    "cluster",  # what running on several nodes takes: task worker, schedule, page cache
    # The plugin apps
    "cooperative_pages",
    "search",
    "marketplace",
    "cooperative_pages.api",
    "dashboard",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "storages",
    "wagtail.api.v2",
    "wagtail_headless_preview",
    "rest_framework",
    "rest_framework_api_key",  # partner keys (cooperative_pages.api.models.PartnerApiKey)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",  # login lockout (config/login_lockout.py)
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the sitemap templates (cooperative_pages/sitemaps.py)
]

MIDDLEWARE = [
    "config.middleware.DatabaseUnavailableMiddleware",  # 503 + Retry-After while the database is down
    "cooperative_pages.api.middleware.PublicGZipMiddleware",  # gzip, never for answers tied to a session
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (CONTENT_SECURITY_POLICY below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cooperative_pages.api.middleware.ApiLanguageMiddleware",  # the API answers in Accept-Language (id, en)
    "cooperative_pages.api.throttling.ApiRateLimitMiddleware",  # counts API requests but 304s; RateLimit-*
    # Anonymous public answers from the shared cache (KMP PAGE_CACHE_*): after the API's language is
    # chosen (part of the cache key), before sessions, the database and the views.
    "cluster.page_cache.PageCacheMiddleware",
    "cooperative_pages.api.middleware.ApiCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # a locked-out login answers 429 (config.login_lockout.lockout_response)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite (embedded default) unless DATABASE_URL names another server.
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the importer writes; a busy timeout instead of
    # "database is locked" errors under concurrent admin use.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"] = services.database_pool(DATABASES["default"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "config.login_lockout.NewPasswordUnlocks"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first, English available (as an admin user preference). No LocaleMiddleware:
# a phone set to English must not turn an officer's admin or a buyer's page English.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "config" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# DJANGO_MEDIA_S3_BUCKET: media on S3-compatible storage; renditions public, from DJANGO_MEDIA_PUBLIC_URL.
STORAGES = services.storages(STORAGES)
if "renditions" in STORAGES:
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"

# Uploads: bounded so a phone on a slow network cannot fill the disk or memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A 12-megapixel phone photo is 4-8 MB: the product form scales it down in the browser, and a
# browser that cannot must still get it in (the pixel limit below still refuses image bombs).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 12 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "ods"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents: Wagtail checks only the extension; this form adds a size limit and a content check.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "config.uploads.DocumentForm"  # size limit: KMP["DOCUMENT_MAX_UPLOAD_SIZE"]

# Wagtail
WAGTAIL_SITE_NAME = "Koperasi Merah Putih"
# One public base for every absolute link (API, e-mails, exports): production sets KMP_PUBLIC_BASE_URL once.
PUBLIC_BASE_URL = (
    os.environ.get("KMP_PUBLIC_BASE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL  # Wagtail API v2's detail_url, download_url and renditions
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com (broken offline; it would learn officers' e-mail hashes):
# the plugin draws initials instead (cooperative_pages.avatars).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# The last approval publishes as the facilitator, who holds no publish permission:
# the workflow itself is the authority (see cooperative_pages.workflow).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cooperative_pages.publishing.publish_approved_workflow_state"
# Submissions are routed to the region's facilitators, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "koperasi-merah-putih@localhost")
# Login lockout (django-axes, failures in the database; limits in KMP["LOGIN_LOCKOUT"]): config/login_lockout.py.
WAGTAILADMIN_USER_LOGIN_FORM = "config.login_lockout.LockoutLoginForm"
AUTHENTICATION_BACKENDS = ["config.login_lockout.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "config.login_lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # the order LockoutHandler expects
AXES_FAILURE_LIMIT = "config.login_lockout.failure_limit"
AXES_COOLOFF_TIME = "config.login_lockout.address_window"
AXES_CLIENT_IP_CALLABLE = "config.login_lockout.client_address"
AXES_LOCKOUT_CALLABLE = "config.login_lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in Wagtail's own log; failures stay in AccessAttempt
# modelsearch's database backend, typed text cleaned first (a quote or NUL broke SQLite FTS5): search/wagtail_backend.py
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}

# django-tasks: index and reference updates run inside save() unless a queue is configured.
# DJANGO_TASKS_BACKEND=database: a database queue (django-tasks-db) run by `manage.py kmp_worker`.
TASKS = services.tasks({"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
# Daily jobs, once per cluster (cluster/schedule.py): claimed by the task workers, or by
# `manage.py run_schedule` from cron on every node when tasks run inline.
KMP_SCHEDULE = services.schedule()

DEFAULT_FROM_EMAIL = WAGTAILADMIN_NOTIFICATION_FROM_EMAIL
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
if TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
    # E-mail leaves through the queue: the worker delivers with EMAIL_BACKEND and retries failures.
    KMP_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
    EMAIL_BACKEND = "cluster.mail.QueuedEmailBackend"

# Security defaults (production tightens transport settings further).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp): public pages, dashboard and API load nothing from other
# origins and run no inline script or style. Not on the Wagtail admin, whose pages use inline
# scripts and styles; the API docs pages add inline styles and blob: workers (cooperative_pages/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *services.media_origin(), *env_list("DJANGO_CSP_IMG_SRC")],  # media CDN
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# The plugin's one namespaced setting (documented in cooperative_pages/conf.py).
KMP = {
    "ACTIVE_DAYS": int(os.environ.get("KMP_ACTIVE_DAYS", "30")),
    "SEARCH_URL": os.environ.get("SEARCH_URL", ""),
    "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
    # The shared page cache: on by default when every node shares Redis (purged on publish).
    "PAGE_CACHE_SECONDS": int(os.environ.get("KMP_PAGE_CACHE_SECONDS", "600" if os.environ.get("REDIS_URL") else "0")),
}

# Caches. "default" holds page data (per process unless DJANGO_CACHE_DIR names a folder shared by every
# worker); it may evict. "counters" holds the rate limits (KMP["COUNTER_CACHE"]) apart from it, in a database
# table that `migrate` creates (post_migrate, cooperative_pages.api): shared by every worker, and page data or
# anonymous traffic cannot evict a client's count. Point it at Redis (without eviction) at scale.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": os.environ["DJANGO_CACHE_DIR"]}
        if os.environ.get("DJANGO_CACHE_DIR")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kmp"}
    ),
    "counters": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kmp_counters",
        # One entry per client and limit; past this many, expired entries go first, then a third of the rest.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}
# REDIS_URL: one cache for every node (REDIS_COUNTERS_URL: the counters' own, never-evicting Redis).
CACHES = services.caches(CACHES)

# Headless API (cooperative_pages.api): read-only, anonymous or with a partner API key.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["cooperative_pages.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["cooperative_pages.api.throttling.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Client addresses for rate limits: REMOTE_ADDR unless this many trusted proxies add
    # X-Forwarded-For (unset, DRF would believe any client's X-Forwarded-For).
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    # Every error under /api/ as RFC 9457 application/problem+json.
    "EXCEPTION_HANDLER": "cooperative_pages.api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koperasi Merah Putih API",
    "DESCRIPTION": "Open data of Indonesia's village cooperatives: directory, products, news, governance.",
    "VERSION": "1.0.0",
    # OpenAPI 3.1: an optional object (a cooperative without a logo) is `oneOf: [Image, null]`; 3.0's
    # `nullable` beside an `allOf` is not nullable to strict validators (openapi-core).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["cooperative_pages.api.schema.public_api_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cooperative_pages.api.openapi.add_api_contract",
    ],
}
WAGTAILAPI_LIMIT_MAX = 100
# v2 search runs on the stock search backend, which takes minutes at national scale (FINDINGS.md):
# search is the marketplace's job (/api/marketplace/products/?q=).
WAGTAILAPI_SEARCH_ENABLED = False
# Any origin may read the API from a browser; nothing else is shared cross-origin.
CORS_URLS_REGEX = r"^/(api|media)/.*$"  # /media/ when Django serves it; the proxy or bucket in production
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]
CORS_ALLOW_CREDENTIALS = False
# A decoupled frontend that previews drafts (wagtail-headless-preview): its preview page URL.
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": (
        {"default": os.environ["KMP_HEADLESS_PREVIEW_URL"]} if os.environ.get("KMP_HEADLESS_PREVIEW_URL") else {}
    ),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
