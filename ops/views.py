"""Health endpoints for load balancers and monitoring, and the server error page that
answers 503 when the database is out of reach."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

from ops.readiness import readiness


@never_cache
def healthz(request):
    """The process answers: no database, no cache, no disk."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Can this instance serve? 200 unless a critical check fails (READYZ_CRITICAL)."""
    ready, body = readiness()
    return JsonResponse(body, status=200 if ready else 503)


def database_unreachable(exc: BaseException | None) -> bool:
    """A connection-level database error: the server is down, restarting or overloaded
    (PostgreSQL), or the file is locked (SQLite). SQL errors are ProgrammingError."""
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request):
    """handler500: a 503 with Retry-After when the database is unreachable (recovery
    needs no restart: the next request reconnects), Django's 500 page otherwise. Both
    pages are static and bilingual; they touch neither the database nor the cache."""
    if database_unreachable(sys.exc_info()[1]):
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(settings.DB_UNAVAILABLE_RETRY_AFTER)
        return response
    return django_server_error(request)
