"""The site's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from valund.urls import handler429  # noqa: F401 - the same handlers
from valund.urls import urlpatterns as site_urlpatterns

SECRET = "db-password=hunter2-from-the-traceback"


def server_error(request):
    raise RuntimeError(SECRET)


def suspicious(request):
    raise SuspiciousOperation(SECRET)


urlpatterns = [path("fail/500/", server_error), path("fail/400/", suspicious), *site_urlpatterns]
