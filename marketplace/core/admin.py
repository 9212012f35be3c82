"""Pieces the apps' Wagtail admin screens share."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column

from .dates import day, day_time


class StaffPowerRequiredMixin:
    """A 403 for anyone `staff_power_test(user)` refuses, before anything is looked up. Views set
    it as a staticmethod (passport's can_review, payments' can_resolve, ...); those tests ask
    `User.has_perm`, which refuses a staff member whose session has not proved its second factor
    (StaffTwoFactorMiddleware has already sent such a member to give the code on admin URLs).
    Returned rather than raised: the admin turns a raised PermissionDenied into a redirect to its
    dashboard, which would hide the refusal from clients and tests alike."""

    staff_power_test = staticmethod(lambda user: False)

    def dispatch(self, request, *args, **kwargs):
        if not self.staff_power_test(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


def date_column(name: str, label=None, *, with_time: bool = False) -> Column:
    """A listing column in the site's one date style (core.dates: "30 Jan 2026", or with the
    time "30 Jan 2026, 14:05"), where Wagtail would print Django's default format."""
    write = day_time if with_time else day
    return Column(name, label=label, accessor=lambda obj: write(getattr(obj, name)), sort_key=name)


class CountedMenuItem(MenuItem):
    """A menu item shown only to the staff `allowed(user)` lets in, labelled with how much waits
    for them ("Review queue (3)"): one COUNT per admin page. Subclasses set both functions as
    staticmethods."""

    allowed = staticmethod(lambda user: False)
    waiting = staticmethod(lambda: 0)

    def is_shown(self, request):
        return self.allowed(request.user)

    def render_component(self, request):
        count = self.waiting()
        label = _("%(label)s (%(count)s)") % {"label": self.label, "count": count} if count else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs={**self.attrs, "data-waiting-count": count})


class WaitingPanel(Component):
    """A dashboard panel for one queue: "3 documents waiting for review", linked to its screen,
    for the staff `allowed(user)` lets in (one COUNT, whatever the size of the data). Apps add
    theirs with the construct_homepage_panels hook (add_waiting_panel)."""

    template_name = "marketplace/core/admin/waiting_panel.html"

    def __init__(self, *, name: str, order: int, heading: str, count: int, describe, url: str, empty: str):
        self.name, self.order, self.heading, self.count, self.url = name, order, heading, count, url
        self.text = describe(count) if count else empty

    def get_context_data(self, parent_context=None):
        return {"panel": self}


def add_waiting_panel(request, panels, *, allowed, waiting, **panel) -> None:
    """Add a WaitingPanel when `allowed(request.user)`; `waiting()` is called only then."""
    if allowed(request.user):
        panels.append(WaitingPanel(count=waiting(), **panel))
