from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from marketplace.core.admin import add_waiting_panel

from . import rules
from .admin_views import DisputeViewSet, OverviewViewSet, open_disputes


@hooks.register("register_admin_viewset")
def register_disputes():
    return DisputeViewSet()


@hooks.register("register_admin_viewset")
def register_overview():
    return OverviewViewSet()


@hooks.register("construct_homepage_panels")
def disputes_panel(request, panels):
    add_waiting_panel(
        request, panels, allowed=rules.can_resolve, waiting=open_disputes, name="open-disputes", order=120,
        heading=_("Disputes"), url=reverse("payment_disputes:index"), empty=_("No dispute is open."),
        describe=lambda count: ngettext("%(count)s open dispute", "%(count)s open disputes", count) % {"count": count})
