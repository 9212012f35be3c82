"""The design system's pattern page (views.py), linked from the Wagtail admin's menu."""

from django.urls import path

from . import views

app_name = "styleguide"

urlpatterns = [
    path("", views.pattern_page, name="index"),
]
