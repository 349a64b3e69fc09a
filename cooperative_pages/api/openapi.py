"""Shared pieces of the OpenAPI description: error bodies, rate-limit headers, v2 shapes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

ERROR_SCHEMA = {
    "type": "object",
    "description": _("`detail` (`message` on `/api/v2/`), or for invalid parameters a list of messages per parameter."),
    "additionalProperties": True,
}
ERROR = OpenApiResponse(ERROR_SCHEMA, description=_("Invalid parameters or unknown object, with a message."))
THROTTLED = OpenApiResponse(ERROR_SCHEMA, description=_("Over the rate limit: retry after `Retry-After` seconds."))
UNAUTHORIZED = OpenApiResponse(ERROR_SCHEMA, description=_("Unknown or inactive API key."))

RESPONSE_HEADERS = [
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        location=OpenApiParameter.HEADER,
        response=[429],
        description=_("Seconds to wait before the next request."),
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description=_("Send it back in `If-None-Match` to get a 304 while nothing changed."),
    ),
]

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
