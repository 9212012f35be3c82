from django.urls import path

from marketplace.core.i18n import language_prefixed

from . import views, views_public

app_name = "passport"

urlpatterns = [
    path("passport/", views.index, name="index"),
    path("passport/upload/", views.upload, name="upload"),
    path("passport/documents/<int:pk>/", views.detail, name="detail"),
    path("passport/documents/<int:pk>/new-version/", views.new_version, name="new_version"),
    path("passport/documents/<int:pk>/files/<int:number>/", views.open_file, name="file"),
    path("passport/print/", views_public.printable, name="print"),
    # The machine-readable answers are the same in every language.
    path("verify/<str:code>/json/", views_public.verify_json, name="verify_json"),
    path("verify/<str:code>/qr.svg", views_public.verify_qr, name="verify_qr"),
    # The page a QR code opens is public: /sv/verify/… and /en/verify/…; the printed codes'
    # unprefixed address is redirected to the reader's language (valund/urls.py).
    language_prefixed(path("verify/<str:code>/", views_public.verify, name="verify")),
]
