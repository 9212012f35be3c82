"""The search report in the Wagtail admin (Reports → Search): the week's top queries, the
queries that found nothing (what content or members are missing) and how far down the
results people clicked first. For staff with the "view search analytics" permission (the
Editors and Moderators groups; migration 0003)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors

REPORT_PERMISSION = "search.view_searchanalytics"


def can_read_reports(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(REPORT_PERMISSION))


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_reports(request.user)


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/search/admin/report.html"
    page_title = gettext_lazy("Search")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        # Returned, not raised: the admin turns a raised PermissionDenied into a redirect.
        if not can_read_reports(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def weeks(self) -> list[datetime.date]:
        return selectors.report_weeks()

    @cached_property
    def week(self) -> datetime.date:
        """The Monday asked for (?week=2026-11-23) if the report offers it; else this week, or
        last week until this one has a summary (on Mondays, before the first nightly run)."""
        try:
            asked = datetime.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            asked = None
        if asked in self.weeks:
            return asked
        this_week = self.weeks[0]
        if len(self.weeks) > 1 and not selectors.has_summary(week=this_week):
            return self.weeks[1]
        return this_week

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            weeks=self.weeks,
            week=self.week,
            week_end=self.week + datetime.timedelta(days=6),
            is_this_week=self.week == self.weeks[0],
            top_queries=selectors.top_queries(week=self.week),
            zero_result_queries=selectors.zero_result_queries(week=self.week),
            clicks=selectors.click_positions(week=self.week),
        )
        return context
