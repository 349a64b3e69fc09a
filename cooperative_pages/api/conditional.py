"""A 304 before the body is built: the ETag of the directory, products, news, governance and
the change feed is derived from the change feed's head, not from the body.

Every change of what those endpoints show appends an entry to the feed (``changes.py``), so
the id of its latest entry versions all of them; a cooperative's ``active`` also turns false
with time alone, which the ``cooperative_api_version`` hook (the dashboard: the number of
active cooperatives) adds to the cooperatives' ETags. The other endpoints (marketplace,
dashboard, Wagtail API v2, schema) keep the ETag Django computes from the body.
"""

from __future__ import annotations

import hashlib

from django.db.models import Max
from django.http import HttpResponseNotModified
from django.utils.cache import parse_etags
from django.utils.translation import get_language
from wagtail import hooks

from .models import Change

API_VERSION = "1"


def data_version(*, time_dependent: bool = False) -> str:
    """The feed's head (one query), and for time-dependent bodies each hook's token."""
    head = Change.objects.aggregate(head=Max("id"))["head"] or 0
    parts = [str(head)]
    if time_dependent:
        parts += [str(hook_fn()) for hook_fn in hooks.get_hooks("cooperative_api_version")]
    return ":".join(parts)


def api_etag(request, *, time_dependent: bool = False) -> str:
    """A weak ETag of this URL, language, kind of client and data version."""
    keyed = "Authorization" in request.headers or "X-Api-Key" in request.headers
    key = "|".join(
        [
            API_VERSION,
            request.get_full_path(),
            get_language() or "",
            "key" if keyed else "anon",
            data_version(time_dependent=time_dependent),
        ]
    )
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def not_modified(request, etag: str) -> HttpResponseNotModified | None:
    """A 304 when the client already holds this version (``If-None-Match``)."""
    if request.method not in ("GET", "HEAD"):
        return None
    tags = parse_etags(request.headers.get("If-None-Match", ""))
    # Weak comparison (RFC 9110 8.8.3.2): W/"x" matches "x".
    plain = etag.removeprefix("W/")
    if "*" in tags or any(tag.removeprefix("W/") == plain for tag in tags):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None
