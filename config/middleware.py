"""Answer 503 with Retry-After, not a 500 traceback page, while the database is unreachable.

During a PostgreSQL restart or failover every query raises ``OperationalError`` or
``InterfaceError``; clients and load balancers should retry shortly, and the application
reconnects by itself afterwards (``CONN_HEALTH_CHECKS`` drops the dead persistent connection).
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable, answering 503 for %s: %s", request.path, exception)
        message = _("The service is briefly unavailable. Please try again in a moment.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"error": "service_unavailable", "message": message}, status=503)
        else:
            response = HttpResponse(
                f'<!doctype html><html lang="id"><meta charset="utf-8"><title>503</title><p>{message}</p></html>',
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
