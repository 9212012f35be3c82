from django.urls import path, re_path

from . import views

app_name = "credentials"

FORMAT = r"(?P<fmt>json|jwt)"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did"),
    path("credentials/status/<slug:slug>", views.status_list, name="status_list"),
    path("credentials/verify/", views.verify, name="verify"),
    path("credentials/holder-did/", views.holder_did, name="holder_did"),
    re_path(rf"^credentials/(?P<uuid>[0-9a-f-]{{36}})\.{FORMAT}$", views.own, name="own"),
    re_path(rf"^credentials/code/(?P<code>[\w-]+)/credential\.{FORMAT}$", views.by_code, name="by_code"),
    path("credentials/code/<str:code>/qr.svg", views.by_code_qr, name="by_code_qr"),
]
