"""The database is down: a 503 "back in a moment" page with Retry-After, not a 500.

Installed as handler500 (valund.urls), which Django calls for any exception nothing else
handled, from the view or from any middleware, with that exception still being handled: a
connection failure (DB-API's OperationalError, or InterfaceError for a connection already
closed) anywhere in its chain is an outage, whatever layer met it first. Anything else is the
ordinary 500 page. Django still logs the exception (and Sentry gets it) either way.

The page is templates/503.html on errors/standalone.html: static files and translations only,
no context processors and no queries, since the database is what is missing. Nothing here
reconnects: Django opens a new connection on the next request (CONN_HEALTH_CHECKS drops a
broken persistent one), so the site recovers by itself when the database is back."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = (OperationalError, InterfaceError)


def is_database_outage(exc: BaseException | None) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_DOWN):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def service_unavailable(request=None) -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    return django_server_error(request, template_name)
