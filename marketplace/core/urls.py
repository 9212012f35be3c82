"""The design system's pattern page (patterns.py), linked from the Wagtail admin's menu."""

from django.urls import path

from . import patterns

app_name = "styleguide"

urlpatterns = [
    path("", patterns.pattern_page, name="index"),
]
