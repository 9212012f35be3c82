"""The search report in the Wagtail admin (Reports → Search): the week's top queries, the
queries that found nothing (what content or members are missing), what the search would
find for each of those now, and how far down the results people clicked first. For staff
with the "view search analytics" permission (the Editors and Moderators groups; migration
0003). Those who may also change skills turn a miss into a skill's synonym from the report
(SynonymAddView)."""

import csv
import datetime

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from marketplace.accounts.models import Skill
from marketplace.core.admin import StaffPowerRequiredMixin
from marketplace.core.errors import DomainError
from marketplace.core.permissions import holds_permissions

from . import selectors, services

REPORT_PERMISSION = "search.view_searchanalytics"


def csv_safe(value: str) -> str:
    """A searcher's words as a spreadsheet cell, never a formula (=, +, -, @ lead with a quote)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def can_read_reports(user) -> bool:
    return holds_permissions(user, REPORT_PERMISSION)


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_reports(request.user)


class SearchReportView(StaffPowerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/search/admin/report.html"
    page_title = gettext_lazy("Search report")
    header_icon = "search"
    staff_power_test = staticmethod(can_read_reports)

    def get_breadcrumbs_items(self):  # the header names the screen, not only "Home"
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def weeks(self) -> list[datetime.date]:
        return selectors.report_weeks()

    @cached_property
    def week(self) -> datetime.date:
        """The Monday asked for (?week=2026-11-23) if the report offers it; else this week."""
        try:
            asked = datetime.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            asked = None
        return asked if asked in self.weeks else self.weeks[0]

    @property
    def live(self) -> bool:
        """This week is counted from the searches themselves, today's included; earlier weeks
        come from the nightly summary."""
        return self.week == self.weeks[0]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def csv_response(self) -> HttpResponse:
        """The week's top queries and queries without results, one row per query."""
        rows = {row.query: row for row in selectors.zero_result_queries(week=self.week, live=self.live)}
        rows.update((row.query, row) for row in selectors.top_queries(week=self.week, live=self.live))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="search-report-{self.week.isoformat()}.csv"'
        writer = csv.writer(response)
        writer.writerow(["week", "query", "searches", "without_results", "with_a_click"])
        for row in sorted(rows.values(), key=lambda row: (-row.search_count, row.query)):
            writer.writerow([self.week.isoformat(), csv_safe(row.query), row.search_count, row.zero_result_count,
                             row.click_count])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        misses = selectors.zero_result_queries(week=self.week, live=self.live)
        outlooks = selectors.outlooks([row.query for row in misses])
        context.update(
            weeks=self.weeks,
            week=self.week,
            week_end=self.week + datetime.timedelta(days=6),
            is_this_week=self.live,
            csv_url=f"?{urlencode({'week': self.week.isoformat(), 'export': 'csv'})}",
            top_queries=selectors.top_queries(week=self.week, live=self.live),
            zero_result_queries=[(row, outlooks.get(row.query)) for row in misses],
            clicks=selectors.click_positions(week=self.week),
            can_add_synonyms=services.can_add_synonyms(self.request.user),
            synonym_skills=selectors.form_choices()["skills"] if misses else [],
            synonym_max_length=services.MAX_SYNONYM_LENGTH,
        )
        return context


class SynonymForm(forms.Form):
    term = forms.CharField(max_length=services.MAX_SYNONYM_LENGTH)
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), to_field_name="slug")
    week = forms.DateField(required=False)


class SynonymAddView(StaffPowerRequiredMixin, View):
    """POST from a row of the report: the query becomes a synonym of the chosen skill
    (services.synonym_add), and the editor is back on the report's week with what changed."""

    http_method_names = ["post"]
    staff_power_test = staticmethod(services.can_add_synonyms)

    def post(self, request):
        form = SynonymForm(request.POST)
        week = form.cleaned_data.get("week") if form.is_valid() else None
        back = reverse("search_report") + (f"?{urlencode({'week': week.isoformat()})}" if week else "")
        back += "#zero-result-queries"
        if not form.is_valid():
            messages.error(request, _("Choose a skill for a query of at most %(count)d characters.")
                           % {"count": services.MAX_SYNONYM_LENGTH})
            return redirect(back)
        term, skill = " ".join(form.cleaned_data["term"].split()), form.cleaned_data["skill"]
        try:
            added = services.synonym_add(actor=request.user, skill=skill, term=term)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(back)
        if added:
            messages.success(request, _("Searches for “%(term)s” now find %(skill)s’s holders.")
                             % {"term": term, "skill": skill.local_name})
        else:
            messages.info(request, _("“%(term)s” already names %(skill)s.") % {"term": term, "skill": skill.local_name})
        return redirect(back)
