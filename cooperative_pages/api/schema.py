"""OpenAPI descriptions drf-spectacular cannot infer: the API key authentication."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "cooperative_pages.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"
    # Anonymous access is allowed everywhere; a key only raises the rate limit.
    optional = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": _("Partner API key (also accepted as `Authorization: Api-Key <key>`): higher rate limits."),
        }


def public_api_endpoints(endpoints):
    """drf-spectacular preprocessing hook: only the public API, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class TextQueryFieldExtension(OpenApiSerializerFieldExtension):
    """Free-text parameters: a string without NUL characters (which DRF refuses)."""

    target_class = "cooperative_pages.api.parameters.TextQueryField"

    def map_serializer_field(self, auto_schema, direction):
        # The pattern drf-spectacular documents for field extensions: map as usual, then add.
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return {**schema, "pattern": "^[^\\u0000]*$"}
