"""Shared services of a multi-node deployment, each switched on by its environment variables.

Without them (the embedded default) nothing changes: SQLite or one PostgreSQL, media on the
local disk, per-process cache, tasks run inline. ``config/settings/base.py`` calls these once.

- ``REDIS_URL``: the default cache (page cache, search counts, dashboard figures) in Redis;
  ``REDIS_COUNTERS_URL`` (default: ``REDIS_URL``) holds the ``counters`` alias (rate limits),
  which should be a Redis that never evicts (``site/redis.sh`` starts one of each).
- ``DJANGO_MEDIA_S3_BUCKET`` (+ ``_ENDPOINT_URL``, ``_ACCESS_KEY_ID``, ``_SECRET_ACCESS_KEY``,
  ``_REGION``) and ``DJANGO_MEDIA_PUBLIC_URL``: media on S3-compatible object storage.
- ``DJANGO_TASKS_BACKEND=database``: background work in the database queue (``django-tasks-db``),
  run by ``manage.py kmp_worker`` (``site/worker.sh``); e-mail is queued too.
- ``DATABASE_POOL_MAX_SIZE``: psycopg 3's connection pool per process instead of persistent connections.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

REDIS_CACHE = "cluster.compat.RedisCache"  # Django's, reusing its client per pool


def caches(configured: dict) -> dict:
    """``configured`` (the embedded caches), with Redis in place of them when ``REDIS_URL`` is set."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return configured
    counters_url = os.environ.get("REDIS_COUNTERS_URL", url)
    return {
        **configured,
        "default": {"BACKEND": REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": "kmp"},
        "counters": {"BACKEND": REDIS_CACHE, "LOCATION": counters_url, "KEY_PREFIX": "kmp"},
    }


def media_s3() -> dict | None:
    """The S3 connection options shared by the media storages, or ``None`` (local disk)."""
    bucket = os.environ.get("DJANGO_MEDIA_S3_BUCKET", "")
    if not bucket:
        return None
    endpoint = os.environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL", "")
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "access_key": os.environ.get("DJANGO_MEDIA_S3_ACCESS_KEY_ID", ""),
        "secret_key": os.environ.get("DJANGO_MEDIA_S3_SECRET_ACCESS_KEY", ""),
        "region_name": os.environ.get("DJANGO_MEDIA_S3_REGION", "us-east-1"),
        "signature_version": "s3v4",
        "addressing_style": "path" if endpoint else None,
        "file_overwrite": False,
        # Documents and originals are private: documents go through Django's serve view
        # (so collection view restrictions hold); a direct link to one is signed and short-lived.
        "default_acl": "private",
        "querystring_expire": int(os.environ.get("DJANGO_MEDIA_S3_SIGNED_SECONDS", "300")),
    }


def media_public_url(s3: dict) -> str:
    """Where renditions are read by browsers: a CDN, or the bucket's own URL."""
    url = os.environ.get("DJANGO_MEDIA_PUBLIC_URL", "")
    if url:
        return url.rstrip("/") + "/"
    endpoint = (s3["endpoint_url"] or f"https://s3.{s3['region_name']}.amazonaws.com").rstrip("/")
    return f"{endpoint}/{s3['bucket_name']}/"


def storages(configured: dict) -> dict:
    """``configured`` with the media storages on S3 when ``DJANGO_MEDIA_S3_BUCKET`` is set:
    ``default`` (private: originals, documents) and ``renditions`` (public-read, served from
    ``DJANGO_MEDIA_PUBLIC_URL``)."""
    s3 = media_s3()
    if s3 is None:
        return configured
    public = urlsplit(media_public_url(s3))
    return {
        **configured,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3},
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3,
                "default_acl": "public-read",
                "querystring_auth": False,
                "custom_domain": public.netloc + public.path.rstrip("/"),
                "url_protocol": f"{public.scheme}:",
                # Rendition files never change under a name: browsers and CDNs may keep them a year.
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }


def media_origin() -> list[str]:
    """The origin images are loaded from, for the Content-Security-Policy (empty on local disk)."""
    s3 = media_s3()
    if s3 is None:
        return []
    public = urlsplit(media_public_url(s3))
    return [f"{public.scheme}://{public.netloc}"]


def tasks(configured: dict) -> dict:
    """The database queue when ``DJANGO_TASKS_BACKEND=database``; otherwise tasks run inline."""
    if os.environ.get("DJANGO_TASKS_BACKEND", "immediate") != "database":
        return configured
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_pool(database: dict) -> dict:
    """``database`` with psycopg's connection pool when ``DATABASE_POOL_MAX_SIZE`` is set (PostgreSQL only).

    One pool per process, shared by its threads: size it to gunicorn's threads (one connection
    each at most; the pool never opens more than ``max_size``). PostgreSQL then sees at most
    nodes × workers × max_size connections from the web nodes, plus one per task worker.
    """
    size = int(os.environ.get("DATABASE_POOL_MAX_SIZE", "0") or 0)
    if not size or database["ENGINE"] != "django.db.backends.postgresql":
        return database
    pool = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
        "max_size": size,
        # Seconds a request waits for a free connection (or for the server to come back)
        # before failing with the 503 of config.middleware.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
    }
    return {**database, "CONN_MAX_AGE": 0, "OPTIONS": {**database.get("OPTIONS", {}), "pool": pool}}


DAILY_JOBS = {
    "rebuild_activity": {"task": "dashboard.tasks.rebuild_activity", "at": "00:30"},
    "snapshot_activity": {"task": "dashboard.tasks.snapshot_activity", "at": "00:45"},
    "send_update_reminders": {"task": "dashboard.tasks.send_update_reminders", "at": "08:00"},
}


def schedule() -> dict:
    """The daily jobs and their local times; ``KMP_SCHEDULE_TIMES=job=HH:MM,…`` moves some."""
    times = dict(item.split("=", 1) for item in os.environ.get("KMP_SCHEDULE_TIMES", "").split(",") if "=" in item)
    unknown = set(times) - set(DAILY_JOBS)
    if unknown:
        raise ValueError(f"KMP_SCHEDULE_TIMES names unknown jobs: {sorted(unknown)}")
    return {name: {**job, "at": times.get(name, job["at"]).strip()} for name, job in DAILY_JOBS.items()}
