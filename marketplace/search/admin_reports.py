"""The search report in the Wagtail admin (Reports → Search): the week's top queries, the
queries that found nothing (what content or members are missing), what the search would
find for each of those now, and how far down the results people clicked first. For staff
with the "view search analytics" permission (the Editors and Moderators groups; migration
0003). Those who may also change skills turn a miss into a skill's synonym from the report
(SynonymAddView)."""

import datetime

from django import forms
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


def can_read_reports(user) -> bool:
    return holds_permissions(user, REPORT_PERMISSION)


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_reports(request.user)


class SearchReportView(StaffPowerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/search/admin/report.html"
    page_title = gettext_lazy("Search")
    header_icon = "search"
    staff_power_test = staticmethod(can_read_reports)

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
        misses = selectors.zero_result_queries(week=self.week)
        outlooks = selectors.outlooks([row.query for row in misses])
        context.update(
            weeks=self.weeks,
            week=self.week,
            week_end=self.week + datetime.timedelta(days=6),
            is_this_week=self.week == self.weeks[0],
            top_queries=selectors.top_queries(week=self.week),
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
