"""The site's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.urls import path

from valund.urls import handler429, handler500  # noqa: F401 - the same handlers
from valund.urls import urlpatterns as site_urlpatterns

SECRET = "db-password=hunter2-from-the-traceback"


def server_error(request):
    raise RuntimeError(SECRET)


def suspicious(request):
    raise SuspiciousOperation(SECRET)


def database_down(request):
    raise OperationalError(f'connection to server at "127.0.0.1", port 5432 failed: {SECRET}')


def connection_closed(request):
    try:
        raise InterfaceError(f"connection already closed: {SECRET}")
    except InterfaceError as exc:
        raise RuntimeError("a layer above wrapped it") from exc


urlpatterns = [
    path("fail/500/", server_error), path("fail/400/", suspicious),
    path("fail/database/", database_down), path("fail/database-wrapped/", connection_closed),
    *site_urlpatterns,
]
