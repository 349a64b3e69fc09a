"""One error format for every status under ``/api/``: RFC 9457 ``application/problem+json``.

``{"type", "title", "status", "detail"}``, and for invalid parameters ``errors``: one
``{"parameter", "detail"}`` per message. ``title`` and ``detail`` are in the language of
``Accept-Language`` (Indonesian by default). ``type`` is a URL under the public base whose
page (``/api/problems/<slug>/``) describes the problem.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from ..page_urls import absolute_url

# DRF's own sentences that its Indonesian catalog leaves untranslated: ours carries them.
DRF_MESSAGES = [gettext_noop('Method "{method}" not allowed.')]

CONTENT_TYPE = "application/problem+json"

# slug: (status, title)
PROBLEM_TYPES = {
    "invalid-parameters": (400, gettext_lazy("Invalid parameters")),
    "invalid-api-key": (401, gettext_lazy("Unknown or inactive API key")),
    "forbidden": (403, gettext_lazy("Not allowed")),
    "not-found": (404, gettext_lazy("Not found")),
    "method-not-allowed": (405, gettext_lazy("Method not allowed")),
    "not-acceptable": (406, gettext_lazy("Format not available")),
    "too-many-requests": (429, gettext_lazy("Too many requests")),
    "server-error": (500, gettext_lazy("Server error")),
    "service-unavailable": (503, gettext_lazy("Service briefly unavailable")),
}
_SLUG_BY_STATUS = {status: slug for slug, (status, _title) in PROBLEM_TYPES.items()}


def problem_type_url(slug: str) -> str:
    return absolute_url(reverse("kmp-api-problem", args=[slug]))


def problem(status: int, *, detail: str, errors: dict | None = None) -> dict:
    slug = _SLUG_BY_STATUS.get(status, "invalid-parameters" if 400 <= status < 500 else "server-error")
    body = {"type": problem_type_url(slug), "title": str(PROBLEM_TYPES[slug][1]), "status": status, "detail": detail}
    if errors:
        body["errors"] = [
            {"parameter": name, "detail": str(message)} for name, messages in errors.items() for message in messages
        ]
    return body


def problem_response(status: int, *, detail: str, errors: dict | None = None, headers=None) -> JsonResponse:
    response = JsonResponse(
        problem(status, detail=detail, errors=errors), status=status, content_type=CONTENT_TYPE, headers=headers
    )
    response["Cache-Control"] = "no-store"
    return response


def _parameter_errors(detail) -> dict[str, list[str]]:
    """DRF's ``{"field": ["message"]}`` (or a list, or one message) flattened to messages per parameter."""
    if isinstance(detail, dict):
        flat = {}
        for name, value in detail.items():
            messages = _parameter_errors(value)
            flat[name] = [message for values in messages.values() for message in values]
        return flat
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


class UnknownReference(exceptions.NotFound):
    """A filter names a region, business unit or cooperative that does not exist: a 404
    whose ``errors`` name the parameter (the request was valid; what it names is not there)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__()
        self.errors = errors


class ProblemResponse(Response):
    """Always JSON, whatever renderer the view negotiated (``/api/schema/`` would answer a
    401 in YAML)."""

    @property
    def rendered_content(self):
        self.accepted_renderer = JSONRenderer()
        self.accepted_media_type = CONTENT_TYPE
        self.renderer_context = getattr(self, "renderer_context", None) or {}
        return super().rendered_content


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every error a DRF or Wagtail v2 view raises, as a problem."""
    headers = {}
    if isinstance(exc, exceptions.ValidationError | BadRequestError | exceptions.ParseError):
        errors = _parameter_errors(exc.detail) if isinstance(exc, exceptions.ValidationError) else None
        detail = _("Some parameters are not valid.")
        if isinstance(exc, BadRequestError | exceptions.ParseError):
            detail = str(exc)
        elif errors and set(errors) == {"non_field_errors"}:
            detail, errors = " ".join(errors["non_field_errors"]), None
        body, status = problem(400, detail=detail, errors=errors), 400
    elif isinstance(exc, UnknownReference):
        body, status = problem(404, detail=_("Something this request names does not exist."), errors=exc.errors), 404
    elif isinstance(exc, Http404 | exceptions.NotFound):
        body, status = problem(404, detail=_("Nothing exists at this address.")), 404
    elif isinstance(exc, PermissionDenied):
        body, status = problem(403, detail=str(exc) or _("Not allowed.")), 403
    elif isinstance(exc, exceptions.APIException):
        status = exc.status_code
        body = problem(status, detail=str(exc.detail))
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
    else:
        return None
    response = ProblemResponse(body, status=status, headers=headers, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any other path under the API (mounted after every API include): a problem, never the
    site's HTML error page."""
    return problem_response(404, detail=_("Nothing exists at this address."))


def problem_type_view(request: HttpRequest, slug: str) -> JsonResponse:
    """What ``type`` points at: the problem's status and title."""
    if slug not in PROBLEM_TYPES:
        return api_not_found(request)
    status, title = PROBLEM_TYPES[slug]
    return JsonResponse({"type": problem_type_url(slug), "status": status, "title": str(title)})
