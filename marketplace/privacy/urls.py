from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export_start, name="export"),
    path("export/<str:token>/", views.export_download, name="export_download"),
    path("close/", views.close_account, name="close"),
    path("closed/", views.closed, name="closed"),
]
