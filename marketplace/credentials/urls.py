from django.urls import path

from marketplace.core.i18n import language_prefixed

from . import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did"),
    path("credentials/status/<slug:slug>", views.status_list, name="status_list"),
    path("credentials/holder-did/", views.holder_did, name="holder_did"),
    # fmt is json or jwt (views.FORMATS); anything else is a 404.
    path("credentials/<uuid:uuid>.<str:fmt>", views.own, name="own"),
    path("credentials/code/<str:code>/credential.<str:fmt>", views.by_code, name="by_code"),
    path("credentials/code/<str:code>/qr.svg", views.by_code_qr, name="by_code_qr"),
    # The "verify a credential" page is public, like /verify/<code>/: /sv/credentials/verify/ and
    # /en/credentials/verify/; the old unprefixed address is redirected to the reader's language
    # (valund/urls.py). What programs read (the DID document, status lists, the credentials
    # themselves, the API's check) has no language and no prefix.
    language_prefixed(path("credentials/verify/", views.verify, name="verify")),
]
