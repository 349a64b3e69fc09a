"""OpenAPI descriptions drf-spectacular cannot infer: the API key authentication."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
