"""Answer 503 with Retry-After, not a 500 traceback page, while the database is unreachable.

During a PostgreSQL restart or failover every query raises ``OperationalError`` or
``InterfaceError``; clients and load balancers should retry shortly, and the application
reconnects by itself afterwards (``CONN_HEALTH_CHECKS`` drops the dead persistent connection).
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
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
        if database_unreachable(exception):
            # The expected outage path: one line per request, no traceback (thousands of them
            # during a restart would bury everything else in the log).
            reason = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
            logger.warning("Database unavailable, answering 503 for %s: %s", request.path, reason)
        else:
            # The database answers: a query failed for another reason (timeout, lock, bug). Keep the traceback.
            logger.error("Database error, answering 503 for %s", request.path, exc_info=exception)
        message = _("The service is briefly unavailable. Please try again in a moment.")
        if request.path.startswith("/api/"):
            from cooperative_pages.api.problems import problem_response

            response = problem_response(503, detail=message)
        else:
            response = HttpResponse(
                f'<!doctype html><html lang="id"><meta charset="utf-8"><title>503</title><p>{message}</p></html>',
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True  # logged above; django.request would add "Service Unavailable: …"
        return response


def database_unreachable(exception: Exception) -> bool:
    """Whether the error means the server cannot be reached (refused, closed, shutting down),
    not that a query failed on a working connection."""
    sqlstate = getattr(exception.__cause__, "sqlstate", None)  # psycopg's SQLSTATE, when the server sent one
    if sqlstate:
        # Class 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now.
        return sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}
    return not any(
        connection.connection is not None and connection.is_usable()
        for connection in connections.all(initialized_only=True)
    )
