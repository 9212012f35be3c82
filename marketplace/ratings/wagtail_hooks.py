"""Staff screens for reviews: the moderation queue and featuring (admin_views.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from marketplace.core.admin import add_waiting_panel

from . import rules
from .admin_views import RatingModerationViewSet, open_flag_count


@hooks.register("register_admin_viewset")
def register_rating_moderation():
    return RatingModerationViewSet()


@hooks.register("construct_homepage_panels")
def flags_panel(request, panels):
    add_waiting_panel(
        request, panels, allowed=rules.can_moderate, waiting=open_flag_count, name="open-flags", order=110,
        heading=_("Flagged reviews"), url=reverse("rating_moderation:index"), empty=_("No review is flagged."),
        describe=lambda count: ngettext("%(count)s review with an open flag", "%(count)s reviews with open flags",
                                        count) % {"count": count})
