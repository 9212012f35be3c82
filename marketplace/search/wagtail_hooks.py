"""Search's staff screens: the search report under Reports, and its button that makes a
query a skill's synonym (admin_reports.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_reports import SearchReportMenuItem, SearchReportView, SynonymAddView


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [
        path("reports/search/", SearchReportView.as_view(), name="search_report"),
        path("reports/search/synonym/", SynonymAddView.as_view(), name="search_report_synonym"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Search"), reverse("search_report"), name="search-report", icon_name="search", order=1400
    )
