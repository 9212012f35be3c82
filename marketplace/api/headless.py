"""allauth's headless endpoints (/api/auth/), as allauth builds them, less what Valund does not
offer, and marked as views that read their own JSON body.

- Members have no phone numbers (sign-in is by email), so the phone endpoints are not mounted:
  allauth's adapter leaves them to the project (``get_phone`` raises ``NotImplementedError``),
  and a request to them would be a 500.
- allauth parses the raw body as JSON. ``reads_raw_body`` tells core's RefuseNulMiddleware not
  to parse it as a form first (a multipart body read that way cannot be read again, and the
  view would crash instead of answering 400); allauth's inputs are Django forms, whose fields
  refuse NUL themselves."""

from allauth.headless import app_settings
from allauth.headless.constants import Client
from allauth.headless.urls import build_urlpatterns
from django.urls import URLPattern, URLResolver, include, path

NOT_OFFERED = frozenset({"manage_phone", "verify_phone", "resend_phone_verification_code"})


def _prune(patterns: list) -> list:
    kept = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if isinstance(entry.urlconf_name, list):
                entry.urlconf_name[:] = _prune(entry.urlconf_name)
            kept.append(entry)
        elif isinstance(entry, URLPattern) and entry.name not in NOT_OFFERED:
            entry.callback.reads_raw_body = True
            kept.append(entry)
    return kept


app_name = "headless"
urlpatterns = [
    path(f"{client.value}/", include((_prune(build_urlpatterns(client)), "headless"), namespace=client.value))
    for client in (Client.BROWSER, Client.APP)
    if client in app_settings.CLIENTS
]
