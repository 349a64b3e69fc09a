"""What every operation of ``/api/schema/`` shares, added in one place (a drf-spectacular
postprocessing hook): the error responses as ``application/problem+json`` and the
response headers (rate limits, ETag, Retry-After). Views declare only their 200."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .problems import CONTENT_TYPE


def _problem_schema() -> dict:
    """RFC 9457 problem details, as every error under ``/api/`` has them."""
    return {
        "type": "object",
        "description": str(_("RFC 9457 problem details.")),
        "properties": {
            "type": {
                "type": "string",
                "format": "uri",
                "description": str(_("Identifies the kind of problem; its page describes it.")),
            },
            "title": {"type": "string", "description": str(_("The kind of problem, in the language asked for."))},
            "status": {"type": "integer"},
            "detail": {"type": "string", "description": str(_("What went wrong with this request."))},
            "errors": {
                "type": "array",
                "description": str(_("For invalid parameters: each message.")),
                "items": {"$ref": "#/components/schemas/ProblemError"},
            },
        },
        "required": ["type", "title", "status", "detail"],
    }


PROBLEM_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"parameter": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["parameter", "detail"],
}


ERROR_DESCRIPTIONS = {
    400: _("Invalid, unknown or repeated parameters: `errors` names each one."),
    401: _("Unknown or inactive API key."),
    403: _("The preview token is invalid or expired."),
    404: _("No such object, or it is not public; or a filter names a region, unit or cooperative that does not exist."),
    406: _("The `Accept` header asks for a format this endpoint does not offer."),
    429: _("Over the rate limit: retry after `Retry-After` seconds."),
}


def _header(schema_type: str, description) -> dict:
    return {"schema": {"type": schema_type}, "description": str(description)}


RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": _header("integer", _("Requests allowed in the current window.")),
    "RateLimit-Remaining": _header("integer", _("Requests left in the current window.")),
    "RateLimit-Reset": _header("integer", _("Seconds until the window resets.")),
    "RateLimit-Policy": _header("string", _("The limit and its window, e.g. `120;w=60`.")),
}


SUCCESS_HEADERS = {
    "ETag": _header("string", _("Send it back in `If-None-Match` to get a 304 while nothing changed.")),
}


def _problem_response(status: int) -> dict:
    headers = dict(RATE_LIMIT_HEADERS)
    if status == 429:
        headers["Retry-After"] = _header("integer", _("Seconds to wait before the next request."))
    return {
        "description": str(ERROR_DESCRIPTIONS[status]),
        "headers": headers,
        "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def add_api_contract(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the shared errors and headers of every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = _problem_schema()
    schemas["ProblemError"] = PROBLEM_ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            statuses = (400, 401, 404, 406, 429) + ((403,) if operation.get("operationId") == "v2_preview" else ())
            for status in statuses:
                responses[str(status)] = _problem_response(status)
            for status, response in responses.items():
                if status.startswith("2"):
                    response.setdefault("headers", {}).update({**RATE_LIMIT_HEADERS, **SUCCESS_HEADERS})
    return result


V2_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object", "additionalProperties": True},
    },
    "required": ["id", "meta"],
    "additionalProperties": True,
}
V2_LISTING = {
    "type": "object",
    "properties": {
        "meta": {
            "type": "object",
            "properties": {"total_count": {"type": "integer"}},
            "required": ["total_count"],
        },
        "items": {"type": "array", "items": V2_ITEM},
    },
    "required": ["meta", "items"],
}
